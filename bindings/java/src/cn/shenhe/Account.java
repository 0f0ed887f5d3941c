package cn.shenhe;

/**
 * The account a post will be published from (contract §1): the policy's actions depend on it.
 */
public enum Account {
    /** An official account opened in an organisation's name (机构政务账号). The default. */
    ORG("org"),
    /** A public servant's account verified with their post (以职务身份认证的账号). */
    STAFF("staff"),
    /** A public servant's private account: must carry no official information. */
    PRIVATE("private");

    private final String id;

    Account(String id) {
        this.id = id;
    }

    /** The contract id: {@code org}, {@code staff} or {@code private}. */
    public String id() {
        return id;
    }

    /**
     * The account with this contract id.
     *
     * @throws IllegalArgumentException for any other string
     */
    public static Account parse(String id) {
        for (Account a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown account \"" + id + "\" (expected org, staff or private)");
    }

    @Override
    public String toString() {
        return id;
    }
}
