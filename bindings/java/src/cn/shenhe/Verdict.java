package cn.shenhe;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on one post (contract §4). Immutable; built by the native library, not parsed from
 * JSON. {@link #toString()} is the contract's JSON line, byte for byte what {@code shenhe check}
 * and the Rust, C and Python APIs give for the same post.
 */
public final class Verdict {
    private static final Decision[] DECISIONS = Decision.values();
    private static final Account[] ACCOUNTS = Account.values();
    private static final Risk[] RISKS = Risk.values();

    private final String id;
    private final Decision decision;
    private final Account account;
    private final List<String> categories;
    private final double score;
    private final Risk risk;
    private final String label;
    private final List<Hit> hits;
    private final long hitsOmitted;
    private final String json;

    /**
     * Called by the native library (crates/shenhe-jni/src/convert.rs): enums as ordinals, and
     * {@code null} for an empty array.
     */
    Verdict(String id, int decision, int account, String[] categories, double score, int risk,
            String label, Hit[] hits, long hitsOmitted, String json) {
        this.id = id;
        this.decision = DECISIONS[decision];
        this.account = ACCOUNTS[account];
        this.categories = categories == null ? List.of() : List.of(categories);
        this.score = score;
        this.risk = RISKS[risk];
        this.label = label;
        this.hits = hits == null ? List.of() : List.of(hits);
        this.hitsOmitted = hitsOmitted;
        this.json = json;
    }

    /** The id given with the post, if any. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** {@code BLOCK} if any hit blocks, else {@code REVIEW} if any asks for review, else {@code PASS}. */
    public Decision decision() {
        return decision;
    }

    /** True when the decision is {@code PASS}. */
    public boolean isPass() {
        return decision == Decision.PASS;
    }

    /** The account type the post was screened for. */
    public Account account() {
        return account;
    }

    /** The distinct category ids of hits whose action is not a note, most severe first. */
    public List<String> categories() {
        return categories;
    }

    /**
     * The strongest evidence for holding the post, 0 to 1: 1.0 for a hit that blocks, the rule's
     * confidence (0.7) for one that asks for review, 0 when nothing holds the post.
     */
    public double score() {
        return score;
    }

    /** The verdict in one word: {@code NONE}, {@code LOW} (notes only), {@code MEDIUM}, {@code HIGH}. */
    public Risk risk() {
        return risk;
    }

    /** The category id of the most severe hit (notes included); empty when there is no hit. */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** Every finding, in text order. */
    public List<Hit> hits() {
        return hits;
    }

    /**
     * How many hits were left out of {@link #hits()}: past the engine's limit of hits of one term
     * or rule with one action in a post (100 by default). They cannot change the decision,
     * categories, score, risk or label. Zero for almost every post.
     */
    public long hitsOmitted() {
        return hitsOmitted;
    }

    /** The verdict as one line of JSON (contract §4), without a trailing newline. */
    public String toJson() {
        return json;
    }

    /** The verdict as one line of JSON (contract §4): the same as {@link #toJson()}. */
    @Override
    public String toString() {
        return json;
    }

    /** Verdicts are equal when their JSON is: same decision, account, id, categories and hits. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Verdict v && json.equals(v.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
