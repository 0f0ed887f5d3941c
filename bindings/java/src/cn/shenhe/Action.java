package cn.shenhe;

/** What one hit asks for, after the policy for the account type. */
public enum Action {
    /** Worth knowing; does not change the decision. */
    NOTE("note"),
    /** Needs a person to look at it. */
    REVIEW("review"),
    /** Must not be published. */
    BLOCK("block");

    private final String id;

    Action(String id) {
        this.id = id;
    }

    /** The contract id: {@code note}, {@code review} or {@code block}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
