package cn.shenhe;

/**
 * A post could not be screened or redacted: it is longer than the engine's limit
 * ({@link Engine.Builder#maxPostBytes(long)}), or it is not valid Unicode (an unpaired surrogate).
 */
public class ScreenException extends ShenheException {
    private static final long serialVersionUID = 1L;

    /** An error with the engine's message. */
    public ScreenException(String message) {
        super(message);
    }
}
