package cn.shenhe;

/**
 * One finding in a post (contract §4, one element of {@code hits}).
 *
 * <p>Spans point into the text as it was sent, even when the match was found after
 * normalization (full-width letters, traditional characters, noise between characters). Three
 * kinds of offset are given: {@link #start()}/{@link #end()} in UTF-8 bytes and
 * {@link #charStart()}/{@link #charEnd()} in code points, as in the contract's JSON, and
 * {@link #utf16Start()}/{@link #utf16End()} in Java {@code char}s, so that
 * {@code text.substring(hit.utf16Start(), hit.utf16End()).equals(hit.matched())}.
 *
 * @param category the category id, e.g. {@code gambling} (contract §1)
 * @param action what the finding asks for, after the policy for the account type
 * @param clause the regulation clause it rests on, e.g. {@code Y9(七)}
 * @param term the lexicon entry (or rule name) that matched
 * @param matched the original text of the span
 * @param start the span's start, in UTF-8 bytes
 * @param end the span's end (exclusive), in UTF-8 bytes
 * @param charStart the span's start, in code points
 * @param charEnd the span's end (exclusive), in code points
 * @param utf16Start the span's start, in UTF-16 units (an index into the Java string)
 * @param utf16End the span's end (exclusive), in UTF-16 units
 * @param reason one short human-readable line in Chinese
 */
public record Hit(
        String category,
        Action action,
        String clause,
        String term,
        String matched,
        int start,
        int end,
        int charStart,
        int charEnd,
        int utf16Start,
        int utf16End,
        String reason) {

    private static final Action[] ACTIONS = Action.values();

    /** Called by the native library: the action as its ordinal. */
    Hit(String category, int action, String clause, String term, String matched, int start, int end,
            int charStart, int charEnd, int utf16Start, int utf16End, String reason) {
        this(category, ACTIONS[action], clause, term, matched, start, end, charStart, charEnd,
                utf16Start, utf16End, reason);
    }
}
