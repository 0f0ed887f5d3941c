package cn.shenhe;

/**
 * An error from the shenhe engine, with the engine's message. Subclasses say which phase failed:
 * {@link ConfigException} while building an engine (lexicons, policy, references, a saved
 * engine), {@link ScreenException} while screening or redacting a post.
 */
public class ShenheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with the engine's message. */
    public ShenheException(String message) {
        super(message);
    }
}
