package cn.shenhe;

/**
 * The verdict in one word (contract §7), the role of the commercial moderation APIs' risk level:
 * {@code none} nothing found, {@code low} notes only, {@code medium} review, {@code high} block.
 */
public enum Risk {
    /** Nothing was found. */
    NONE("none"),
    /** Only notes: advice that does not hold the post. */
    LOW("low"),
    /** A person must look at the post before it is published. */
    MEDIUM("medium"),
    /** The post must not be published as it is. */
    HIGH("high");

    private final String id;

    Risk(String id) {
        this.id = id;
    }

    /** The contract id: {@code none}, {@code low}, {@code medium} or {@code high}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
