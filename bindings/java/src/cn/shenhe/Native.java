package cn.shenhe;

/**
 * The native entry points of libshenhe_jni (crates/shenhe-jni/src/lib.rs). An engine is an id
 * into the library's table of engines, never a pointer: an id that was freed, or never made,
 * throws {@link IllegalStateException} instead of touching freed memory.
 */
final class Native {
    static {
        NativeLibrary.load();
    }

    private Native() {}

    /** Builds an engine and returns its id. Lexicon entries may be directories or files. */
    static native long build(String[] lexicons, boolean shippedLexicons, String policy, String[] references,
            byte[] savedBytes, String savedPath, long maxPostBytes, int today);

    static native boolean free(long engine);

    static native Verdict screen(long engine, String text, int account, String id);

    static native Verdict[] screenBatch(long engine, String[] texts, int account);

    static native String redact(long engine, String text);

    static native byte[] save(long engine);

    static native void saveTo(long engine, String path);

    static native long maxPostBytes(long engine);

    static native int openEngines();

    static native String version();

    static native void preloadSegmenter();

    /** Panics inside the library: for the test that a panic reaches Java as a ShenheException. */
    static native void panicForTesting(String message);
}
