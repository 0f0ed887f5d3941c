package cn.shenhe;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An engine could not be built: a lexicon, policy or reference file is missing or has a bad line,
 * or a saved engine is damaged. The message names the file and, for a bad line, its number
 * ({@code mine.txt:3: unknown category "gamble" ...}); {@link #source()} and {@link #line()} give
 * them apart.
 */
public class ConfigException extends ShenheException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * An error with the engine's message, the file (or name) it is about ({@code null} when none)
     * and the 1-based line ({@code 0} when none).
     */
    public ConfigException(String message, String source, int line) {
        super(message);
        this.source = source == null || source.isEmpty() ? null : source;
        this.line = line;
    }

    /** The file (or name of the data) the error is about, when there is one. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The 1-based line of that file, when the error belongs to a line. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
