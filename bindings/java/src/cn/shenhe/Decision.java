package cn.shenhe;

/** The decision on a post: {@code block} if any hit blocks, else {@code review} if any asks for review, else {@code pass}. */
public enum Decision {
    /** Nothing asks for more than a note: the post may be published. */
    PASS("pass"),
    /** A person must look at the post before it is published. */
    REVIEW("review"),
    /** The post must not be published as it is. */
    BLOCK("block");

    private final String id;

    Decision(String id) {
        this.id = id;
    }

    /** The contract id: {@code pass}, {@code review} or {@code block}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
