package cn.shenhe;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shenhe screening engine: build it once, share it between every thread of the application,
 * screen each post before it is published.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().build()) {          // shipped lexicons, default policy
 *     Verdict v = engine.screen("网络赌场注册送彩金");
 *     v.decision();                                          // BLOCK
 *     v.toString();                                          // the contract's JSON line
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> An engine is immutable once built and thread safe: one native engine
 * serves every thread, and screens run concurrently without locking each other out.
 *
 * <p><b>Lifetime.</b> {@link #close()} frees the native engine. Closing twice, or using an
 * engine after it was closed, throws {@link IllegalStateException}; a screen already running on
 * another thread when it is closed finishes normally (the native engine goes when the last such
 * screen returns). An engine that is never closed is freed when it is garbage collected.
 *
 * <p><b>Errors.</b> {@link ConfigException} when building (the file and line of a bad lexicon
 * or policy line), {@link ScreenException} when a post is too long or not valid Unicode; both
 * are {@link ShenheException}s, unchecked. A bug inside the native library is reported as a
 * {@link ShenheException}, never as a crash of the JVM.
 */
public final class Engine implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    private Engine(long handle) {
        this.handle = handle;
        this.cleanable = CLEANER.register(this, new Free(handle));
    }

    /** Frees the native engine; holds no reference to the {@code Engine}, as the Cleaner needs. */
    private record Free(long handle) implements Runnable {
        @Override
        public void run() {
            Native.free(handle);
        }
    }

    /** A builder: shipped lexicons and the default policy until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Loads an engine saved by {@link #save()}. */
    public static Engine load(byte[] saved) {
        return builder().savedEngine(saved).build();
    }

    /** Loads an engine saved by {@link #save(Path)}. */
    public static Engine load(Path saved) {
        return builder().savedEngine(saved).build();
    }

    /** The version of the native library, e.g. {@code 0.1.0}. */
    public static String version() {
        return Native.version();
    }

    /**
     * Loads the word segmenter's dictionary now rather than when the first post needs it (about
     * 100 ms and 32 MiB, once a process: short terms that can sit inside ordinary words are
     * checked against the words around them). A service calls it at start-up so that no post
     * waits for it; calls after the first return at once.
     */
    public static void preloadSegmenter() {
        Native.preloadSegmenter();
    }

    /** Screens a post for an {@code org} account. */
    public Verdict screen(String text) {
        return screen(text, Account.ORG, null);
    }

    /**
     * Screens a post for {@code account}; {@code id} (may be {@code null}) is echoed in the verdict.
     *
     * @throws ScreenException the post is longer than {@link #maxPostBytes()} or not valid Unicode
     * @throws IllegalStateException the engine is closed
     */
    public Verdict screen(String text, Account account, String id) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(account, "account");
        try {
            return Native.screen(live(), text, account.ordinal(), id);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Screens many posts for an {@code org} account: in parallel, verdicts in input order. */
    public List<Verdict> screenBatch(List<String> texts) {
        return screenBatch(texts, Account.ORG);
    }

    /**
     * Screens many posts for {@code account} on all cores (in Rust), and returns the verdicts in
     * input order, each what {@link #screen(String, Account, String)} gives for that post.
     *
     * @throws ScreenException a post is too long or not valid Unicode (the message says which:
     *     {@code post 3: ...}); then no verdict is returned
     */
    public List<Verdict> screenBatch(List<String> texts, Account account) {
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(account, "account");
        String[] array = texts.toArray(new String[0]);
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException("texts[" + i + "] is null");
            }
        }
        try {
            return List.of(Native.screenBatch(live(), array, account.ordinal()));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code text} with its personal information masked (phone, ID and bank card numbers,
     * e-mail addresses): only digits are replaced, one {@code *} each, e.g.
     * {@code 手机 138-1234-5678} → {@code 手机 138-****-5678}.
     */
    public String redact(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return Native.redact(live(), text);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * The compiled engine as bytes, for {@link #load(byte[])}: loading starts in milliseconds
     * instead of compiling the lexicons again. References given to the builder are not saved.
     */
    public byte[] save() {
        try {
            return Native.save(live());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Writes {@link #save()} to a file; a failure to write is a {@link ConfigException}. */
    public void save(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            Native.saveTo(live(), path.toString());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The longest post, in UTF-8 bytes, this engine screens; longer ones throw. */
    public long maxPostBytes() {
        try {
            return Native.maxPostBytes(live());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Frees the native engine.
     *
     * @throws IllegalStateException when it was already closed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            throw new IllegalStateException("the engine is already closed");
        }
        cleanable.clean();
    }

    private long live() {
        if (closed.get()) {
            throw new IllegalStateException("the engine is closed");
        }
        return handle;
    }

    /**
     * What an engine is built from. Starts with the shipped lexicons and the default policy
     * (contract §3). Paths are read when {@link #build()} is called.
     */
    public static final class Builder {
        private final List<String> lexicons = new ArrayList<>();
        private boolean shippedLexicons = true;
        private String policy;
        private final List<String> references = new ArrayList<>();
        private byte[] savedBytes;
        private String savedPath;
        private long maxPostBytes = -1;
        /** The pinned day as yyyymmdd, or -1 for the current day. */
        private int today = -1;

        private Builder() {}

        /**
         * Adds lexicons: each path is a directory (every {@code .txt} file in it) or one file, in
         * the format of {@code lexicons/README.md}.
         */
        public Builder lexicons(Path... paths) {
            for (Path p : paths) {
                lexicons.add(Objects.requireNonNull(p, "lexicon path").toString());
            }
            return this;
        }

        /** Screens with the added lexicons only, not the shipped ones. */
        public Builder noDefaultLexicons() {
            shippedLexicons = false;
            return this;
        }

        /** Uses this policy file (per category and account type overrides, contract §2). */
        public Builder policy(Path path) {
            policy = Objects.requireNonNull(path, "policy").toString();
            return this;
        }

        /** Checks posts against these JSONL files of registered originals (contract §6). */
        public Builder references(Path... paths) {
            for (Path p : paths) {
                references.add(Objects.requireNonNull(p, "references path").toString());
            }
            return this;
        }

        /**
         * Loads an engine saved by {@link Engine#save()} instead of compiling lexicons: it keeps
         * its own lexicons, policy, limit and day, so it cannot be combined with {@link #lexicons},
         * {@link #noDefaultLexicons()}, {@link #policy}, {@link #maxPostBytes} or {@link #today}.
         */
        public Builder savedEngine(byte[] saved) {
            savedBytes = Objects.requireNonNull(saved, "saved").clone();
            savedPath = null;
            return this;
        }

        /** Loads an engine saved by {@link Engine#save(Path)}; see {@link #savedEngine(byte[])}. */
        public Builder savedEngine(Path saved) {
            savedPath = Objects.requireNonNull(saved, "saved").toString();
            savedBytes = null;
            return this;
        }

        /** Posts longer than this many UTF-8 bytes throw instead of being screened (default 4 MiB). */
        public Builder maxPostBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxPostBytes must not be negative: " + bytes);
            }
            maxPostBytes = bytes;
            return this;
        }

        /**
         * Checks ID numbers as of this day instead of the current day in China (the default): a
         * birth date after it makes an 18-digit number not a valid ID number. Pin the day where
         * verdicts must not depend on the clock (tests, re-running an audit). {@link #build()}
         * throws {@link ConfigException} for a day before 1900 or after 9999.
         */
        public Builder today(LocalDate day) {
            Objects.requireNonNull(day, "today");
            int year = day.getYear();
            today = year < 0 || year > 9999 ? 0 : year * 10000 + day.getMonthValue() * 100 + day.getDayOfMonth();
            return this;
        }

        /**
         * Compiles the engine.
         *
         * @throws ConfigException a file is missing or has a bad line (the message names both),
         *     or a saved engine is damaged
         * @throws IllegalStateException options that do not go together
         */
        public Engine build() {
            boolean saved = savedBytes != null || savedPath != null;
            if (saved && (!lexicons.isEmpty() || !shippedLexicons || policy != null || maxPostBytes >= 0
                    || today >= 0)) {
                throw new IllegalStateException("a saved engine keeps its own lexicons, policy, limit and day:"
                        + " do not combine savedEngine with lexicons, noDefaultLexicons, policy, maxPostBytes"
                        + " or today");
            }
            if (!shippedLexicons && lexicons.isEmpty()) {
                throw new IllegalStateException("noDefaultLexicons() needs at least one lexicons(...) path to screen with");
            }
            long handle = Native.build(lexicons.toArray(new String[0]), shippedLexicons, policy,
                    references.toArray(new String[0]), savedBytes, savedPath, maxPostBytes, today);
            return new Engine(handle);
        }

        @Override
        public String toString() {
            return "Engine.Builder[lexicons=" + lexicons + ", shippedLexicons=" + shippedLexicons
                    + ", policy=" + policy + ", references=" + references
                    + ", savedEngine=" + (savedBytes != null ? savedBytes.length + " bytes" : savedPath)
                    + ", maxPostBytes=" + maxPostBytes + ", today=" + today + "]";
        }
    }
}
