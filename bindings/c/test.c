/*
 * Tests of the C API, from C: verdicts, accessors and spans, the summary (score, risk, label),
 * JSON byte-identical to the Rust API's, error paths (NULL, invalid UTF-8, bad accounts, lexicon
 * and policy errors, over-long posts), nothing written on failure, batch order, saved engines
 * (round trip through bytes and files, damaged bytes and missing files refused), many threads
 * screening through one engine, threads screening while a shared engine is swapped, and learned
 * models (bindings/testdata/model.txt: hits with a score, builders, saved engines, the policy's
 * model lines, bad model files refused with file and line).
 *
 *   ./test TESTDATA_DIR EXPECTED_JSONL
 *
 * TESTDATA_DIR is bindings/testdata; EXPECTED_JSONL is what the Rust API gives for its posts
 * (`cargo run --release -p shenhe-ffi --example verdicts -- bindings/testdata`). Exits 1 when a
 * check fails. SHENHE_TEST_ROUNDS sets the rounds of the thread test (default 20; run.sh lowers it
 * under valgrind). Built and run by bindings/c/run.sh against the static and the shared library.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shenhe.h"

/* ------------------------------------------------------------------------------------------ */
/* A small harness: CHECK records a failure and goes on; each test_* function is one test. */

static int failures;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

#define CHECK_RESULT(call, expected)                                                     \
    do {                                                                                 \
        shenhe_result r_ = (call);                                                       \
        if (r_ != (expected)) {                                                          \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: %s returned %u (%s), expected %s; last error: %s\n", \
                    __FILE__, __LINE__, #call, (unsigned)r_, shenhe_result_message(r_),  \
                    #expected, shenhe_last_error_message());                             \
        }                                                                                \
    } while (0)

#define CHECK_OK(call) CHECK_RESULT(call, SHENHE_RESULT_OK)

/* The last error message starts with `prefix`. */
#define CHECK_ERROR_STARTS(prefix)                                                       \
    do {                                                                                 \
        const char *m_ = shenhe_last_error_message();                                    \
        if (strncmp(m_, (prefix), strlen(prefix)) != 0) {                                \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: last error is \"%s\", expected it to start with \"%s\"\n", \
                    __FILE__, __LINE__, m_, (prefix));                                   \
        }                                                                                \
    } while (0)

#define CHECK_ERROR_CONTAINS(part)                                                       \
    do {                                                                                 \
        const char *m_ = shenhe_last_error_message();                                    \
        if (strstr(m_, (part)) == NULL) {                                                \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: last error is \"%s\", expected it to contain \"%s\"\n", \
                    __FILE__, __LINE__, m_, (part));                                     \
        }                                                                                \
    } while (0)

#define STR(s) (const uint8_t *)(s), strlen(s)

/* ------------------------------------------------------------------------------------------ */
/* Test data: bindings/testdata/posts.tsv and the expected JSON lines. */

typedef struct {
    char *id;
    shenhe_account account;
    char *text;
    size_t len;
} post;

static const char *testdata_dir;
static post posts[64];
static size_t posts_len;
static char *expected[64];
static size_t expected_len;

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (buf == NULL)
        exit(2);
    buf[len] = '\0';
    return buf;
}

static char *path_in(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static char *posts_buf, *expected_buf;

static void load_testdata(const char *expected_path) {
    char *path = path_in(testdata_dir, "posts.tsv");
    posts_buf = read_file(path);
    free(path);
    for (char *line = strtok(posts_buf, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (tab2 == NULL || posts_len == 64) {
            fprintf(stderr, "posts.tsv: bad line: %s\n", line);
            exit(2);
        }
        *tab1 = *tab2 = '\0';
        post *p = &posts[posts_len++];
        p->id = line;
        if (shenhe_account_parse(STR(tab1 + 1), &p->account) != SHENHE_RESULT_OK) {
            fprintf(stderr, "posts.tsv: %s\n", shenhe_last_error_message());
            exit(2);
        }
        p->text = tab2 + 1;
        p->len = strlen(p->text);
    }
    expected_buf = read_file(expected_path);
    for (char *line = strtok(expected_buf, "\n"); line != NULL && expected_len < 64;
         line = strtok(NULL, "\n"))
        expected[expected_len++] = line;
    if (posts_len < 10 || expected_len != posts_len) {
        fprintf(stderr, "%zu posts, %zu expected verdicts\n", posts_len, expected_len);
        exit(2);
    }
}

/* The engine of the Rust example: testdata lexicon and policy, no shipped lexicons. */
static shenhe_engine *testdata_engine(void) {
    shenhe_engine_builder *b = NULL;
    shenhe_engine *e = NULL;
    char *dir = path_in(testdata_dir, "lexicon");
    char *policy = path_in(testdata_dir, "policy.txt");
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_add_lexicon_dir(b, STR(dir)));
    CHECK_OK(shenhe_engine_builder_set_policy_file(b, STR(policy)));
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_engine_builder_free(b);
    free(dir);
    free(policy);
    if (e == NULL) {
        fprintf(stderr, "cannot build the test engine: %s\n", shenhe_last_error_message());
        exit(1);
    }
    return e;
}

static const char *json_of(const shenhe_verdict *v) {
    const char *json = NULL;
    size_t len = 0;
    CHECK_OK(shenhe_verdict_json(v, &json, &len));
    CHECK(json != NULL && strlen(json) == len);
    return json ? json : "";
}

static shenhe_verdict *screen(const shenhe_engine *e, const char *text, shenhe_account account) {
    shenhe_verdict *v = NULL;
    CHECK_OK(shenhe_engine_screen(e, STR(text), account, &v));
    return v;
}

/* The number of UTF-8 characters in bytes [0, n). */
static size_t chars_in(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ------------------------------------------------------------------------------------------ */

static void test_version_and_messages(void) {
    CHECK(strcmp(shenhe_version(), "0.1.0") == 0);
    CHECK(strcmp(shenhe_result_message(SHENHE_RESULT_OK), "success") == 0);
    CHECK(strcmp(shenhe_result_message(SHENHE_RESULT_INVALID_UTF8), "text was not valid UTF-8") == 0);
    CHECK(strcmp(shenhe_result_message(12345), "unknown result code") == 0);
    CHECK(strcmp(shenhe_result_message(SHENHE_RESULT_NULL_PARAMETER),
                 shenhe_result_message(SHENHE_RESULT_PANIC)) != 0);
    CHECK(SHENHE_RESULT_LOAD_ERROR == 11); /* codes are appended, never renumbered */
    CHECK(strcmp(shenhe_result_message(SHENHE_RESULT_LOAD_ERROR),
                 "a saved engine could not be loaded") == 0);
}

/* JSON through the C API equals, byte for byte, what the Rust API gives for the same posts. */
static void test_json_equals_rust(void) {
    shenhe_engine *e = testdata_engine();
    for (size_t i = 0; i < posts_len; i++) {
        shenhe_verdict *v = NULL;
        CHECK_OK(shenhe_engine_screen_with_id(e, (const uint8_t *)posts[i].text, posts[i].len,
                                              posts[i].account, STR(posts[i].id), &v));
        if (v == NULL)
            continue;
        const char *json = json_of(v);
        if (strcmp(json, expected[i]) != 0) {
            failures++;
            fprintf(stderr, "post %s:\n  C:    %s\n  Rust: %s\n", posts[i].id, json, expected[i]);
        }
        const char *id = NULL;
        size_t id_len = 0;
        CHECK_OK(shenhe_verdict_id(v, &id, &id_len));
        CHECK(id != NULL && strcmp(id, posts[i].id) == 0 && id_len == strlen(posts[i].id));
        shenhe_verdict_free(v);
    }
    shenhe_engine_free(e);
}

/* Accessors on a known verdict: 網絡賭場 (traditional) on a staff account. */
static void test_accessors(void) {
    shenhe_engine *e = testdata_engine();
    const char *text = "ＡＢＣ網絡賭場，代开发票";
    shenhe_verdict *v = screen(e, text, SHENHE_ACCOUNT_STAFF);
    if (v == NULL) {
        shenhe_engine_free(e);
        return;
    }
    shenhe_decision d = SHENHE_DECISION_PASS;
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_BLOCK);
    shenhe_account a = 99;
    CHECK_OK(shenhe_verdict_account(v, &a));
    CHECK(a == SHENHE_ACCOUNT_STAFF);
    const char *id = "sentinel";
    size_t id_len = 99;
    CHECK_OK(shenhe_verdict_id(v, &id, &id_len));
    CHECK(id == NULL && id_len == 0);

    /* Most severe first, table order among equals: gambling before commercial_ad. */
    CHECK(shenhe_verdict_categories_len(v) == 2);
    const char *s = NULL;
    size_t n = 0;
    CHECK_OK(shenhe_verdict_category(v, 0, &s, &n));
    CHECK(s != NULL && strcmp(s, "gambling") == 0 && n == 8);
    CHECK_OK(shenhe_verdict_category(v, 1, &s, NULL));
    CHECK(s != NULL && strcmp(s, "commercial_ad") == 0);
    s = "sentinel";
    CHECK_RESULT(shenhe_verdict_category(v, 2, &s, &n), SHENHE_RESULT_OUT_OF_RANGE);
    CHECK(strcmp(s, "sentinel") == 0);
    CHECK_ERROR_CONTAINS("out of range");

    CHECK(shenhe_verdict_hits_len(v) == 2);
    CHECK_OK(shenhe_verdict_hit_category(v, 0, &s, &n));
    CHECK(strcmp(s, "gambling") == 0);
    shenhe_action action = SHENHE_ACTION_NOTE;
    CHECK_OK(shenhe_verdict_hit_action(v, 0, &action));
    CHECK(action == SHENHE_ACTION_BLOCK);
    CHECK_OK(shenhe_verdict_hit_term(v, 0, &s, &n));
    CHECK(strcmp(s, "网络赌场") == 0 && n == strlen("网络赌场"));
    CHECK_OK(shenhe_verdict_hit_matched(v, 0, &s, &n));
    CHECK(strcmp(s, "網絡賭場") == 0 && n == 12);
    CHECK_OK(shenhe_verdict_hit_clause(v, 0, &s, &n));
    CHECK(strcmp(s, "Y9(七)") == 0);
    CHECK_OK(shenhe_verdict_hit_reason(v, 0, &s, &n));
    CHECK(strstr(s, "网络赌场") != NULL);
    size_t start = 0, end = 0;
    CHECK_OK(shenhe_verdict_hit_span(v, 0, &start, &end));
    CHECK(start == 9 && end == 21); /* after three 3-byte full-width letters */
    CHECK(memcmp(text + start, "網絡賭場", end - start) == 0);
    CHECK_OK(shenhe_verdict_hit_char_span(v, 0, &start, &end));
    CHECK(start == 3 && end == 7);

    /* On a staff account, commercial_ad blocks (org/staff: block, private: review). */
    CHECK_OK(shenhe_verdict_hit_action(v, 1, &action));
    CHECK(action == SHENHE_ACTION_BLOCK);
    CHECK_OK(shenhe_verdict_hit_term(v, 1, &s, NULL));
    CHECK(strcmp(s, "代开发票") == 0);

    start = end = 77;
    CHECK_RESULT(shenhe_verdict_hit_span(v, 2, &start, &end), SHENHE_RESULT_OUT_OF_RANGE);
    CHECK(start == 77 && end == 77);
    shenhe_verdict_free(v);

    /* The same post on a private account: the ad only asks for review. */
    v = screen(e, "专业代开发票", SHENHE_ACCOUNT_PRIVATE);
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_REVIEW);
    shenhe_verdict_free(v);

    /* And a clean post passes with no hits and no categories. */
    v = screen(e, "今天召开全市经济工作会议", SHENHE_ACCOUNT_ORG);
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_PASS);
    CHECK(shenhe_verdict_hits_len(v) == 0 && shenhe_verdict_categories_len(v) == 0);
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
}

/* Every hit of every post: the byte span holds `matched`, the char span agrees with it. */
static void test_spans_point_into_the_original(void) {
    shenhe_engine *e = testdata_engine();
    size_t hits_seen = 0;
    for (size_t i = 0; i < posts_len; i++) {
        shenhe_verdict *v = screen(e, posts[i].text, posts[i].account);
        for (size_t h = 0; v != NULL && h < shenhe_verdict_hits_len(v); h++) {
            size_t start, end, cs, ce, n;
            const char *matched;
            CHECK_OK(shenhe_verdict_hit_span(v, h, &start, &end));
            CHECK_OK(shenhe_verdict_hit_char_span(v, h, &cs, &ce));
            CHECK_OK(shenhe_verdict_hit_matched(v, h, &matched, &n));
            CHECK(start <= end && end <= posts[i].len && n == end - start);
            CHECK(memcmp(posts[i].text + start, matched, n) == 0);
            CHECK(cs == chars_in(posts[i].text, start) && ce == chars_in(posts[i].text, end));
            hits_seen++;
        }
        shenhe_verdict_free(v);
    }
    CHECK(hits_seen >= 8);
    shenhe_engine_free(e);
}

/* The shipped lexicons block the contract's example. */
static void test_shipped_engine(void) {
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_new(&e));
    if (e == NULL)
        return;
    CHECK(shenhe_engine_max_post_bytes(e) == 4u << 20);
    shenhe_verdict *v = screen(e, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG);
    shenhe_decision d = SHENHE_DECISION_PASS;
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_BLOCK);
    const char *category = NULL;
    CHECK_OK(shenhe_verdict_category(v, 0, &category, NULL));
    CHECK(category != NULL && strcmp(category, "gambling") == 0);
    const char *prefix = "{\"verdict\":\"block\",\"account\":\"org\",\"categories\":[\"gambling\"";
    CHECK(strncmp(json_of(v), prefix, strlen(prefix)) == 0);
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
}

/* The segmenter preloaded (twice: the second call returns at once) is the one screening uses:
 * 法轮 inside 依法轮流值班 is no hit, 法轮功 standing alone is. */
static void test_preload_segmenter(void) {
    CHECK_OK(shenhe_preload_segmenter());
    CHECK_OK(shenhe_preload_segmenter());
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_new(&e));
    if (e == NULL)
        return;
    shenhe_verdict *v = screen(e, "依法轮流值班", SHENHE_ACCOUNT_ORG);
    CHECK(shenhe_verdict_hits_len(v) == 0);
    shenhe_verdict_free(v);
    v = screen(e, "他在练法轮功", SHENHE_ACCOUNT_ORG);
    CHECK(shenhe_verdict_hits_len(v) > 0);
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
}

static void test_null_parameters(void) {
    shenhe_engine *e = testdata_engine();
    shenhe_verdict *sentinel = (shenhe_verdict *)&failures; /* never dereferenced */
    shenhe_verdict *v = sentinel;
    CHECK_RESULT(shenhe_engine_screen(NULL, STR("x"), SHENHE_ACCOUNT_ORG, &v),
                 SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "engine is NULL") == 0);
    CHECK_RESULT(shenhe_engine_screen(e, NULL, 0, SHENHE_ACCOUNT_ORG, &v),
                 SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "text is NULL") == 0);
    CHECK_RESULT(shenhe_engine_screen(e, STR("x"), SHENHE_ACCOUNT_ORG, NULL),
                 SHENHE_RESULT_NULL_PARAMETER);
    /* A NULL id is no id, as shenhe_engine_screen() passes; a NULL id with a length is refused. */
    CHECK_RESULT(shenhe_engine_screen_with_id(e, STR("x"), SHENHE_ACCOUNT_ORG, NULL, 1, &v),
                 SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK(strcmp(shenhe_last_error_message(),
                 "id is NULL but id_len is 1: pass NULL and 0 for no id") == 0);
    CHECK_RESULT(shenhe_engine_screen_with_id(NULL, STR("x"), SHENHE_ACCOUNT_ORG, NULL, 0, &v),
                 SHENHE_RESULT_NULL_PARAMETER);
    CHECK(v == sentinel);
    CHECK_OK(shenhe_engine_screen_with_id(e, STR("x"), SHENHE_ACCOUNT_ORG, NULL, 0, &v));
    if (v != sentinel) {
        const char *id = "sentinel";
        size_t id_len = 99;
        CHECK_OK(shenhe_verdict_id(v, &id, &id_len));
        CHECK(id == NULL && id_len == 0);
        CHECK(strstr(json_of(v), "\"id\"") == NULL);
        shenhe_verdict_free(v);
    }
    v = sentinel;
    CHECK_RESULT(shenhe_engine_new(NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_builder_new(true, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_builder_add_lexicon_dir(NULL, STR("x")), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_builder_build(NULL, &e), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_redact(e, NULL, 0, NULL), SHENHE_RESULT_NULL_PARAMETER);

    const char *s = "sentinel";
    CHECK_RESULT(shenhe_verdict_json(NULL, &s, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_verdict_hit_term(NULL, 0, &s, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(s, "sentinel") == 0);
    CHECK(shenhe_verdict_hits_len(NULL) == 0 && shenhe_verdict_categories_len(NULL) == 0);
    CHECK(shenhe_engine_max_post_bytes(NULL) == 0);
    CHECK(shenhe_string_ptr(NULL) == NULL && shenhe_string_len(NULL) == 0);

    v = screen(e, "网络赌场", SHENHE_ACCOUNT_ORG);
    CHECK_RESULT(shenhe_verdict_json(v, NULL, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "json_out is NULL") == 0);
    CHECK_RESULT(shenhe_verdict_decision(v, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_verdict_hit_span(v, 0, NULL, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_verdict_risk(v, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "risk_out is NULL") == 0);
    CHECK_RESULT(shenhe_verdict_label(v, NULL, NULL), SHENHE_RESULT_NULL_PARAMETER);
    shenhe_verdict_free(v);

    /* Saved engines, shared engines, the summary. */
    shenhe_bytes *bytes = (shenhe_bytes *)&failures;
    CHECK_RESULT(shenhe_engine_save(NULL, &bytes), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_save(e, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "bytes_out is NULL") == 0);
    CHECK(bytes == (shenhe_bytes *)&failures);
    CHECK(shenhe_bytes_ptr(NULL) == NULL && shenhe_bytes_len(NULL) == 0);
    shenhe_engine *loaded = (shenhe_engine *)&failures;
    CHECK_RESULT(shenhe_engine_load(NULL, 0, &loaded), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "bytes is NULL") == 0);
    CHECK_RESULT(shenhe_engine_load((const uint8_t *)"x", 1, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_load_file(NULL, 0, &loaded), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "path is NULL") == 0);
    CHECK_RESULT(shenhe_engine_load_file(STR("/nonexistent"), NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(loaded == (shenhe_engine *)&failures);
    shenhe_shared_engine *shared = (shenhe_shared_engine *)&failures;
    CHECK_RESULT(shenhe_shared_engine_new(NULL, &shared), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_shared_engine_new(e, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(shared == (shenhe_shared_engine *)&failures);
    CHECK_RESULT(shenhe_shared_engine_get(NULL, &loaded), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "shared is NULL") == 0);
    CHECK_RESULT(shenhe_shared_engine_swap(NULL, e), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(loaded == (shenhe_engine *)&failures);
    CHECK(shenhe_verdict_score(NULL) == 0.0);
    shenhe_risk risk = SHENHE_RISK_MEDIUM;
    CHECK_RESULT(shenhe_verdict_risk(NULL, &risk), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(risk == SHENHE_RISK_MEDIUM);
    s = "sentinel";
    CHECK_RESULT(shenhe_verdict_label(NULL, &s, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(s, "sentinel") == 0);

    /* Every _free accepts NULL. */
    shenhe_engine_free(NULL);
    shenhe_engine_builder_free(NULL);
    shenhe_verdict_free(NULL);
    shenhe_string_free(NULL);
    shenhe_bytes_free(NULL);
    shenhe_shared_engine_free(NULL);
    shenhe_engine_free(e);
}

static void test_invalid_input(void) {
    shenhe_engine *e = testdata_engine();
    shenhe_verdict *sentinel = (shenhe_verdict *)&failures;
    shenhe_verdict *v = sentinel;

    static const uint8_t bad[][6] = {
        {'a', 0xff, 'b'},           /* not UTF-8 at all */
        {0xe7, 0xbd, 'x'},          /* a truncated sequence */
        {0xc0, 0x80},               /* an overlong NUL */
        {0xed, 0xa0, 0x80},         /* a UTF-16 surrogate */
    };
    static const size_t bad_len[] = {3, 3, 2, 3};
    for (size_t i = 0; i < 4; i++) {
        CHECK_RESULT(shenhe_engine_screen(e, bad[i], bad_len[i], SHENHE_ACCOUNT_ORG, &v),
                     SHENHE_RESULT_INVALID_UTF8);
        CHECK_ERROR_STARTS("text is not valid UTF-8");
    }
    CHECK(v == sentinel);
    shenhe_string *str = (shenhe_string *)&failures;
    CHECK_RESULT(shenhe_engine_redact(e, bad[0], 3, &str), SHENHE_RESULT_INVALID_UTF8);
    CHECK(str == (shenhe_string *)&failures);
    CHECK_RESULT(shenhe_engine_screen_with_id(e, STR("x"), SHENHE_ACCOUNT_ORG, bad[0], 3, &v),
                 SHENHE_RESULT_INVALID_UTF8);
    CHECK_ERROR_STARTS("id is not valid UTF-8");

    /* Unknown account types. */
    CHECK_RESULT(shenhe_engine_screen(e, STR("x"), 3, &v), SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(shenhe_engine_screen(e, STR("x"), 0xFFFFFFFFu, &v), SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK_ERROR_STARTS("account 4294967295 is not");
    shenhe_account a = 42;
    CHECK_RESULT(shenhe_account_parse(STR("public"), &a), SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK(a == 42);
    CHECK_OK(shenhe_account_parse(STR("private"), &a));
    CHECK(a == SHENHE_ACCOUNT_PRIVATE);
    CHECK(v == sentinel);

    /* A NUL byte is an ordinary character: the whole length is screened. */
    static const char with_nul[] = "前言\0网络赌场";
    v = NULL;
    CHECK_OK(shenhe_engine_screen(e, (const uint8_t *)with_nul, sizeof with_nul - 1,
                                  SHENHE_ACCOUNT_ORG, &v));
    CHECK(shenhe_verdict_hits_len(v) == 1);
    size_t start = 0, end = 0;
    CHECK_OK(shenhe_verdict_hit_span(v, 0, &start, &end));
    CHECK(start == 7 && end == 19);
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
}

static void test_lexicon_and_policy_errors(void) {
    shenhe_engine_builder *b = NULL;
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    if (b == NULL)
        return;
    CHECK_RESULT(shenhe_engine_builder_add_lexicon_text(b, STR("mine.txt"), STR("网络赌场\tgamble\n")),
                 SHENHE_RESULT_LEXICON_ERROR);
    CHECK_ERROR_STARTS("mine.txt:1: unknown category \"gamble\"");
    CHECK_RESULT(shenhe_engine_builder_add_lexicon_dir(b, STR("/nonexistent/shenhe")),
                 SHENHE_RESULT_LEXICON_ERROR);
    CHECK_ERROR_STARTS("/nonexistent/shenhe: cannot read");
    CHECK_RESULT(shenhe_engine_builder_add_lexicon_file(b, STR("/nonexistent/x.txt")),
                 SHENHE_RESULT_LEXICON_ERROR);
    CHECK_RESULT(shenhe_engine_builder_add_lexicon_dir(b, (const uint8_t *)"\xff", 1),
                 SHENHE_RESULT_INVALID_UTF8);
    CHECK_RESULT(shenhe_engine_builder_set_policy_file(b, STR("/nonexistent/policy.txt")),
                 SHENHE_RESULT_POLICY_ERROR);
    CHECK_ERROR_STARTS("/nonexistent/policy.txt: cannot open");
    CHECK_RESULT(shenhe_engine_builder_set_policy_text(b, STR("p.txt"), STR("org gambling maybe\n")),
                 SHENHE_RESULT_POLICY_ERROR);
    CHECK_ERROR_STARTS("p.txt:1: ");

    /* The failed calls left the builder as it was: it still builds, with what succeeded. */
    CHECK_OK(shenhe_engine_builder_add_lexicon_text(b, STR("ok.txt"), STR("测试词\tvulgar\n")));
    CHECK_OK(shenhe_engine_builder_set_policy_text(b, STR("p.txt"), STR("* vulgar block\n")));
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_verdict *v = screen(e, "一个测试词", SHENHE_ACCOUNT_PRIVATE);
    shenhe_decision d = SHENHE_DECISION_PASS;
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_BLOCK); /* vulgar is review by default: the policy applied */
    shenhe_verdict_free(v);
    shenhe_engine_free(e);

    /* Sets are resolved when the engine is built. */
    CHECK_OK(shenhe_engine_builder_add_lexicon_text(b, STR("set.txt"), STR("某词\tvulgar\tneed=$无此集合\n")));
    e = NULL;
    CHECK_RESULT(shenhe_engine_builder_build(b, &e), SHENHE_RESULT_LEXICON_ERROR);
    CHECK_ERROR_CONTAINS("无此集合");
    CHECK(e == NULL);
    shenhe_engine_builder_free(b);
}

/* The number of id_card hits of an engine whose builder pinned the day to y-m-d. */
static size_t id_hits_as_of(unsigned y, unsigned m, unsigned d) {
    shenhe_engine_builder *b = NULL;
    shenhe_engine *e = NULL;
    shenhe_verdict *v = NULL;
    size_t found = 0;
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_set_today(b, y, m, d));
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_engine_builder_free(b);
    if (e == NULL)
        return 0;
    /* Born 2026-01-02. */
    CHECK_OK(shenhe_engine_screen(e, STR("身份证号110101202601021230"), SHENHE_ACCOUNT_ORG, &v));
    for (size_t i = 0; v != NULL && i < shenhe_verdict_hits_len(v); i++) {
        const char *t = NULL;
        CHECK_OK(shenhe_verdict_hit_term(v, i, &t, NULL));
        found += t != NULL && strcmp(t, "id_card") == 0;
    }
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
    return found;
}

static void test_today_and_hit_limit(void) {
    /* ID numbers are checked as of the pinned day: a birth date after it is no ID number. */
    CHECK(id_hits_as_of(2026, 1, 2) == 1);
    CHECK(id_hits_as_of(2025, 12, 31) == 0);
    shenhe_engine_builder *b = NULL;
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_RESULT(shenhe_engine_builder_set_today(b, 2025, 2, 29), SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK_ERROR_CONTAINS("2025-02-29");
    CHECK_RESULT(shenhe_engine_builder_set_today(NULL, 2025, 1, 1), SHENHE_RESULT_NULL_PARAMETER);

    /* At most two hits of one term with one action; the third is counted, not listed. */
    shenhe_engine *e = NULL;
    shenhe_verdict *v = NULL;
    CHECK_OK(shenhe_engine_builder_add_lexicon_text(b, STR("t.txt"), STR("网络赌场\tgambling\n")));
    CHECK_OK(shenhe_engine_builder_set_max_hits_per_term(b, 2));
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_engine_builder_free(b);
    if (e == NULL)
        return;
    CHECK_OK(shenhe_engine_screen(e, STR("网络赌场。网络赌场。网络赌场。"), SHENHE_ACCOUNT_ORG, &v));
    CHECK(shenhe_verdict_hits_len(v) == 2);
    CHECK(shenhe_verdict_hits_omitted(v) == 1);
    shenhe_verdict_free(v);
    shenhe_engine_free(e);
}

static void test_post_too_long(void) {
    shenhe_engine_builder *b = NULL;
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_add_lexicon_text(b, STR("t.txt"), STR("网络赌场\tgambling\n")));
    CHECK_OK(shenhe_engine_builder_set_max_post_bytes(b, 12));
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_engine_builder_free(b);
    if (e == NULL)
        return;
    CHECK(shenhe_engine_max_post_bytes(e) == 12);
    shenhe_verdict *v = NULL;
    CHECK_OK(shenhe_engine_screen(e, STR("网络赌场"), SHENHE_ACCOUNT_ORG, &v)); /* 12 bytes */
    CHECK(shenhe_verdict_hits_len(v) == 1);
    shenhe_verdict_free(v);
    v = NULL;
    CHECK_RESULT(shenhe_engine_screen(e, STR("网络赌场!"), SHENHE_ACCOUNT_ORG, &v),
                 SHENHE_RESULT_POST_TOO_LONG);
    CHECK(strcmp(shenhe_last_error_message(), "post of 13 bytes exceeds the limit of 12 bytes") == 0);
    CHECK(v == NULL);
    shenhe_engine_free(e);

    /* The default limit, 4 MiB: one byte more is refused. */
    CHECK_OK(shenhe_engine_new(&e));
    size_t len = (4u << 20) + 1;
    char *big = malloc(len);
    memset(big, 'a', len);
    CHECK_RESULT(shenhe_engine_screen(e, (const uint8_t *)big, len, SHENHE_ACCOUNT_ORG, &v),
                 SHENHE_RESULT_POST_TOO_LONG);
    CHECK(v == NULL);
    shenhe_string *s = NULL;
    CHECK_RESULT(shenhe_engine_redact(e, (const uint8_t *)big, len, &s), SHENHE_RESULT_POST_TOO_LONG);
    CHECK(s == NULL);
    free(big);
    shenhe_engine_free(e);
}

/* A batch gives, in input order, what screening one by one gives. */
static void test_batch(void) {
    shenhe_engine *e = testdata_engine();
    enum { N = 400 };
    static const uint8_t *texts[N];
    static size_t lens[N];
    static shenhe_account accounts[N];
    static shenhe_verdict *out[N];
    for (size_t i = 0; i < N; i++) {
        /* A different order from the file's, so that order errors show. */
        const post *p = &posts[(i * 7) % posts_len];
        texts[i] = (const uint8_t *)p->text;
        lens[i] = p->len;
        accounts[i] = p->account;
    }
    CHECK_OK(shenhe_engine_screen_batch(e, texts, lens, accounts, N, out, NULL));
    for (size_t i = 0; i < N; i++) {
        shenhe_verdict *one = screen(e, (const char *)texts[i], accounts[i]);
        CHECK(out[i] != NULL && one != NULL && strcmp(json_of(out[i]), json_of(one)) == 0);
        shenhe_verdict_free(one);
        shenhe_verdict_free(out[i]);
    }

    /* NULL accounts: every post for an org account. */
    CHECK_OK(shenhe_engine_screen_batch(e, texts, lens, NULL, N, out, NULL));
    for (size_t i = 0; i < N; i++) {
        shenhe_account a = 99;
        CHECK_OK(shenhe_verdict_account(out[i], &a));
        CHECK(a == SHENHE_ACCOUNT_ORG);
        shenhe_verdict_free(out[i]);
    }

    /* A bad post: all or nothing without results_out, per post with it. */
    const uint8_t *texts4[4] = {(const uint8_t *)"网络赌场", (const uint8_t *)"\xff", NULL,
                                (const uint8_t *)"ok"};
    size_t lens4[4] = {12, 1, 0, 2};
    shenhe_account accounts4[4] = {SHENHE_ACCOUNT_ORG, SHENHE_ACCOUNT_ORG, SHENHE_ACCOUNT_ORG, 7};
    shenhe_verdict *sentinel = (shenhe_verdict *)&failures;
    shenhe_verdict *out4[4] = {sentinel, sentinel, sentinel, sentinel};
    CHECK_RESULT(shenhe_engine_screen_batch(e, texts4, lens4, accounts4, 4, out4, NULL),
                 SHENHE_RESULT_INVALID_UTF8);
    CHECK_ERROR_STARTS("post 1: ");
    for (size_t i = 0; i < 4; i++)
        CHECK(out4[i] == sentinel);
    shenhe_result results[4] = {SHENHE_RESULT_PANIC, SHENHE_RESULT_PANIC, SHENHE_RESULT_PANIC,
                                SHENHE_RESULT_PANIC};
    CHECK_OK(shenhe_engine_screen_batch(e, texts4, lens4, accounts4, 4, out4, results));
    CHECK(results[0] == SHENHE_RESULT_OK && results[1] == SHENHE_RESULT_INVALID_UTF8 &&
          results[2] == SHENHE_RESULT_NULL_PARAMETER && results[3] == SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK(out4[0] != NULL && out4[0] != sentinel && out4[1] == NULL && out4[2] == NULL &&
          out4[3] == NULL);
    shenhe_decision d = SHENHE_DECISION_PASS;
    CHECK_OK(shenhe_verdict_decision(out4[0], &d));
    CHECK(d == SHENHE_DECISION_BLOCK);
    shenhe_verdict_free(out4[0]);

    CHECK_RESULT(shenhe_engine_screen_batch(e, NULL, lens4, NULL, 4, out4, NULL),
                 SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_engine_screen_batch(e, texts4, lens4, NULL, 4, NULL, NULL),
                 SHENHE_RESULT_NULL_PARAMETER);
    shenhe_engine_free(e);
}

static void test_redact(void) {
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_new(&e));
    shenhe_string *s = NULL;
    CHECK_OK(shenhe_engine_redact(e, STR("联系人张女士,手机 138-1234-5678"), &s));
    CHECK(s != NULL && strcmp(shenhe_string_ptr(s), "联系人张女士,手机 138-****-5678") == 0);
    CHECK(shenhe_string_len(s) == strlen("联系人张女士,手机 138-****-5678"));
    shenhe_string_free(s);
    /* Hotlines and masked numbers are left alone. */
    const char *plain = "请拨打12345,已登记手机138****5678";
    CHECK_OK(shenhe_engine_redact(e, STR(plain), &s));
    CHECK(strcmp(shenhe_string_ptr(s), plain) == 0);
    shenhe_string_free(s);

    /* Screening and redacting in one pass gives what the two calls give apart. */
    const char *post = "失主张女士手机13812345678,身份证号110101199003071233";
    shenhe_verdict *v = NULL;
    CHECK_OK(shenhe_engine_screen_redacted(e, STR(post), SHENHE_ACCOUNT_STAFF, STR("p1"), &v, &s));
    CHECK(s != NULL &&
          strcmp(shenhe_string_ptr(s), "失主张女士手机138****5678,身份证号110101********1233") == 0);
    shenhe_verdict *apart = NULL;
    CHECK_OK(shenhe_engine_screen_with_id(e, STR(post), SHENHE_ACCOUNT_STAFF, STR("p1"), &apart));
    CHECK(strcmp(json_of(v), json_of(apart)) == 0);
    CHECK(strstr(json_of(v), "\"id\":\"p1\"") != NULL);
    shenhe_verdict_free(apart);
    shenhe_verdict_free(v);
    shenhe_string_free(s);
    /* A NULL output or a bad account writes nothing. */
    v = NULL;
    s = NULL;
    CHECK_RESULT(shenhe_engine_screen_redacted(e, STR(post), SHENHE_ACCOUNT_ORG, NULL, 0, &v, NULL),
                 SHENHE_RESULT_NULL_PARAMETER);
    CHECK(v == NULL);
    CHECK_RESULT(shenhe_engine_screen_redacted(e, STR(post), (shenhe_account)7, NULL, 0, &v, &s),
                 SHENHE_RESULT_INVALID_ARGUMENT);
    CHECK(v == NULL && s == NULL);
    shenhe_engine_free(e);
}

/* ------------------------------------------------------------------------------------------ */
/* The summary: score, risk and label. */

static const char *risk_name(shenhe_risk r) {
    switch (r) {
    case SHENHE_RISK_NONE: return "none";
    case SHENHE_RISK_LOW: return "low";
    case SHENHE_RISK_MEDIUM: return "medium";
    case SHENHE_RISK_HIGH: return "high";
    }
    return "?";
}

/* The summary of the verdict on `text`: checks the accessors against each other and the JSON. */
static void check_summary(const shenhe_engine *e, const char *text, shenhe_account account,
                          double score, shenhe_risk risk, const char *label) {
    shenhe_verdict *v = screen(e, text, account);
    if (v == NULL)
        return;
    CHECK(shenhe_verdict_score(v) == score);
    shenhe_risk r = (shenhe_risk)99;
    CHECK_OK(shenhe_verdict_risk(v, &r));
    CHECK(r == risk);
    const char *l = "sentinel";
    size_t n = 99;
    CHECK_OK(shenhe_verdict_label(v, &l, &n));
    if (label == NULL) {
        CHECK(l == NULL && n == 0);
        CHECK(strstr(json_of(v), "\"label\"") == NULL);
    } else {
        CHECK(l != NULL && strcmp(l, label) == 0 && n == strlen(label));
        char want[64];
        snprintf(want, sizeof want, "\"label\":\"%s\"", label);
        CHECK(strstr(json_of(v), want) != NULL);
    }
    char want[64];
    snprintf(want, sizeof want, "\"risk\":\"%s\"", risk_name(risk));
    CHECK(strstr(json_of(v), want) != NULL);
    shenhe_verdict_free(v);
}

static void test_summary(void) {
    shenhe_engine *e = testdata_engine();
    check_summary(e, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG, 1.0, SHENHE_RISK_HIGH, "gambling");
    /* A mobile number asks for review: the score is a review rule's confidence, 0.7. */
    check_summary(e, "联系人张女士,手机 138-1234-5678", SHENHE_ACCOUNT_ORG, 0.7, SHENHE_RISK_MEDIUM,
                  "personal_info");
    check_summary(e, "今天召开全市经济工作会议", SHENHE_ACCOUNT_ORG, 0.0, SHENHE_RISK_NONE, NULL);
    /* Two categories: the label is the most severe hit's, table order among equals. */
    check_summary(e, "ＡＢＣ网络赌场ＤＥＦ代开发票", SHENHE_ACCOUNT_STAFF, 1.0, SHENHE_RISK_HIGH,
                  "gambling");
    shenhe_engine_free(e);

    /* Notes only: a policy that makes gambling advice. The post passes, at low risk, labelled. */
    shenhe_engine_builder *b = NULL;
    char *dir = path_in(testdata_dir, "lexicon");
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_add_lexicon_dir(b, STR(dir)));
    CHECK_OK(shenhe_engine_builder_set_policy_text(b, STR("p.txt"), STR("* gambling note\n")));
    e = NULL;
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    shenhe_engine_builder_free(b);
    free(dir);
    if (e == NULL)
        return;
    check_summary(e, "网络赌场注册送彩金", SHENHE_ACCOUNT_ORG, 0.0, SHENHE_RISK_LOW, "gambling");
    shenhe_engine_free(e);
}

/* ------------------------------------------------------------------------------------------ */
/* Saved engines. */

/* The engine's bytes, copied to a malloc'd buffer (*len_out bytes); NULL on failure. */
static uint8_t *save_engine(const shenhe_engine *e, size_t *len_out) {
    shenhe_bytes *bytes = NULL;
    CHECK_OK(shenhe_engine_save(e, &bytes));
    if (bytes == NULL)
        return NULL;
    size_t len = shenhe_bytes_len(bytes);
    uint8_t *copy = malloc(len);
    if (copy != NULL && len > 0)
        memcpy(copy, shenhe_bytes_ptr(bytes), len);
    shenhe_bytes_free(bytes);
    *len_out = len;
    return copy;
}

/* Every test post screened by `e` gives the JSON the Rust API gives. */
static void check_all_posts(const shenhe_engine *e, const char *what) {
    for (size_t i = 0; i < posts_len; i++) {
        shenhe_verdict *v = NULL;
        CHECK_OK(shenhe_engine_screen_with_id(e, (const uint8_t *)posts[i].text, posts[i].len,
                                              posts[i].account, STR(posts[i].id), &v));
        if (v != NULL && strcmp(json_of(v), expected[i]) != 0) {
            failures++;
            fprintf(stderr, "%s, post %s:\n  C:    %s\n  Rust: %s\n", what, posts[i].id,
                    json_of(v), expected[i]);
        }
        shenhe_verdict_free(v);
    }
}

/* A new file name in the temporary directory (the file exists, empty); free() it. */
static char *temp_file(void) {
    const char *dir = getenv("TMPDIR");
    char *path = path_in(dir != NULL && dir[0] != '\0' ? dir : "/tmp", "shenhe-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        exit(2);
    }
    close(fd);
    return path;
}

static void write_file(const char *path, const uint8_t *bytes, size_t len) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    CHECK(fwrite(bytes, 1, len, f) == len);
    CHECK(fclose(f) == 0);
}

static void test_save_and_load(void) {
    shenhe_engine *e = testdata_engine();
    size_t len = 0;
    uint8_t *bytes = save_engine(e, &len);
    shenhe_engine_free(e); /* a loaded engine does not depend on the one that was saved */
    if (bytes == NULL)
        return;
    CHECK(len > 40);

    /* From bytes: the same verdicts, byte for byte, and the same bytes when saved again. */
    shenhe_engine *loaded = NULL;
    CHECK_OK(shenhe_engine_load(bytes, len, &loaded));
    if (loaded != NULL) {
        check_all_posts(loaded, "loaded from bytes");
        size_t again_len = 0;
        uint8_t *again = save_engine(loaded, &again_len);
        CHECK(again != NULL && again_len == len && memcmp(again, bytes, len) == 0);
        free(again);
        shenhe_engine_free(loaded);
    }

    /* From a file. */
    char *path = temp_file();
    write_file(path, bytes, len);
    loaded = NULL;
    CHECK_OK(shenhe_engine_load_file(STR(path), &loaded));
    if (loaded != NULL)
        check_all_posts(loaded, "loaded from a file");
    shenhe_engine_free(loaded);
    remove(path);
    free(path);
    free(bytes);
}

static void test_load_errors(void) {
    shenhe_engine *e = testdata_engine();
    size_t len = 0;
    uint8_t *bytes = save_engine(e, &len);
    shenhe_engine_free(e);
    if (bytes == NULL)
        return;
    shenhe_engine *sentinel = (shenhe_engine *)&failures, *loaded = sentinel;

    CHECK_RESULT(shenhe_engine_load(STR("not a saved engine"), &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK(strcmp(shenhe_last_error_message(),
                 "cannot load the saved engine: not a saved shenhe engine (bad magic)") == 0);
    CHECK_RESULT(shenhe_engine_load(bytes, 0, &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_STARTS("cannot load the saved engine: ");
    CHECK_RESULT(shenhe_engine_load(bytes, len / 2, &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_CONTAINS("truncated");
    /* Every prefix is refused (never a crash). */
    for (size_t cut = 0; cut < len; cut += len / 97 + 1)
        CHECK_RESULT(shenhe_engine_load(bytes, cut, &loaded), SHENHE_RESULT_LOAD_ERROR);
    /* One bit flipped in the payload: the checksum. */
    bytes[len - 1] ^= 0x40;
    CHECK_RESULT(shenhe_engine_load(bytes, len, &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_CONTAINS("checksum");
    CHECK(loaded == sentinel);
    bytes[len - 1] ^= 0x40;
    loaded = NULL;
    CHECK_OK(shenhe_engine_load(bytes, len, &loaded)); /* undamaged again */
    shenhe_engine_free(loaded);
    loaded = sentinel;

    /* Files: the path is in the message, for I/O errors too. */
    CHECK_RESULT(shenhe_engine_load_file(STR("/nonexistent/shenhe/engine.bin"), &loaded),
                 SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_STARTS("/nonexistent/shenhe/engine.bin: cannot read: ");
    char *path = temp_file();
    write_file(path, bytes, len - 1);
    CHECK_RESULT(shenhe_engine_load_file(STR(path), &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_STARTS(path);
    CHECK_ERROR_CONTAINS(": cannot load the saved engine: ");
    write_file(path, (const uint8_t *)"网络赌场\tgambling\n", strlen("网络赌场\tgambling\n"));
    CHECK_RESULT(shenhe_engine_load_file(STR(path), &loaded), SHENHE_RESULT_LOAD_ERROR);
    CHECK_ERROR_CONTAINS("bad magic");
    CHECK_RESULT(shenhe_engine_load_file((const uint8_t *)"\xff", 1, &loaded),
                 SHENHE_RESULT_INVALID_UTF8);
    CHECK(loaded == sentinel);
    remove(path);
    free(path);
    free(bytes);
}

/* ------------------------------------------------------------------------------------------ */
/* Learned models: bindings/testdata/model.txt scores any post holding 赌博 (賭博, 赌 博) 0.8808
 * for gambling; the engine adds a model:gambling hit asking for review, with that score. */

static shenhe_model *testdata_model(void) {
    shenhe_model *m = NULL;
    char *path = path_in(testdata_dir, "model.txt");
    CHECK_OK(shenhe_model_load_file(STR(path), &m));
    free(path);
    return m;
}

/* The index of the hit with term `term`, or -1. */
static long hit_with_term(const shenhe_verdict *v, const char *term) {
    for (size_t i = 0; i < shenhe_verdict_hits_len(v); i++) {
        const char *t = NULL;
        CHECK_OK(shenhe_verdict_hit_term(v, i, &t, NULL));
        if (t != NULL && strcmp(t, term) == 0)
            return (long)i;
    }
    return -1;
}

static void test_model(void) {
    shenhe_model *m = testdata_model();
    if (m == NULL)
        return;
    CHECK(shenhe_model_len(m) == 1);
    CHECK(shenhe_model_classes_len(m) == 2);
    const char *s = NULL;
    size_t n = 0;
    CHECK_OK(shenhe_model_class(m, 0, &s, &n));
    CHECK(s != NULL && strcmp(s, "harm") == 0 && n == 4);
    CHECK_OK(shenhe_model_class(m, 1, &s, NULL));
    CHECK(s != NULL && strcmp(s, "gambling") == 0);
    s = "sentinel";
    CHECK_RESULT(shenhe_model_class(m, 2, &s, &n), SHENHE_RESULT_OUT_OF_RANGE);
    CHECK(strcmp(s, "sentinel") == 0);

    shenhe_engine *plain = testdata_engine(), *e = NULL;
    CHECK(!shenhe_engine_has_model(plain));
    CHECK_OK(shenhe_engine_with_model(plain, m, &e));
    shenhe_model_free(m); /* the engine shares the model */
    if (e == NULL) {
        shenhe_engine_free(plain);
        return;
    }
    CHECK(shenhe_engine_has_model(e) && !shenhe_engine_has_model(plain));

    static const char *const spellings[] = {"网上赌博害人不浅", "網上賭博害人不淺", "网上赌 博害人不浅"};
    for (size_t i = 0; i < 3; i++) {
        shenhe_verdict *v = screen(e, spellings[i], SHENHE_ACCOUNT_ORG);
        if (v == NULL)
            continue;
        shenhe_decision d = SHENHE_DECISION_PASS;
        CHECK_OK(shenhe_verdict_decision(v, &d));
        CHECK(d == SHENHE_DECISION_REVIEW);
        CHECK(shenhe_verdict_hits_len(v) == 1);
        long h = hit_with_term(v, "model:gambling");
        CHECK(h == 0);
        double score = -7.0;
        CHECK_OK(shenhe_verdict_hit_score(v, 0, &score));
        CHECK(score == 0.8808);
        CHECK(shenhe_verdict_score(v) > 0.0 && shenhe_verdict_score(v) < 1.0); /* a review */
        shenhe_action a = SHENHE_ACTION_BLOCK;
        CHECK_OK(shenhe_verdict_hit_action(v, 0, &a));
        CHECK(a == SHENHE_ACTION_REVIEW);
        const char *category = NULL;
        CHECK_OK(shenhe_verdict_hit_category(v, 0, &category, NULL));
        CHECK(category != NULL && strcmp(category, "gambling") == 0);
        /* The span covers the n-gram as the user wrote it. */
        const char *matched = NULL;
        CHECK_OK(shenhe_verdict_hit_matched(v, 0, &matched, &n));
        CHECK(matched != NULL && strstr(spellings[i], matched) != NULL && n >= 6);
        CHECK(strstr(json_of(v), "\"term\":\"model:gambling\"") != NULL);
        CHECK(strstr(json_of(v), "\"score\":0.8808") != NULL);
        score = -7.0;
        CHECK_RESULT(shenhe_verdict_hit_score(v, 1, &score), SHENHE_RESULT_OUT_OF_RANGE);
        CHECK(score == -7.0);
        CHECK_RESULT(shenhe_verdict_hit_score(v, 0, NULL), SHENHE_RESULT_NULL_PARAMETER);
        CHECK(strcmp(shenhe_last_error_message(), "score_out is NULL") == 0);
        CHECK_RESULT(shenhe_verdict_hit_score(NULL, 0, &score), SHENHE_RESULT_NULL_PARAMETER);
        shenhe_verdict_free(v);
    }

    /* Lexicon and model hits side by side; a lexicon hit has no score. */
    shenhe_verdict *v = screen(e, "网络赌场里赌博", SHENHE_ACCOUNT_ORG);
    if (v != NULL) {
        shenhe_decision d = SHENHE_DECISION_PASS;
        CHECK_OK(shenhe_verdict_decision(v, &d));
        CHECK(d == SHENHE_DECISION_BLOCK);
        long lexicon = hit_with_term(v, "网络赌场"), model = hit_with_term(v, "model:gambling");
        CHECK(lexicon >= 0 && model >= 0);
        double score = 0.5;
        if (lexicon >= 0) {
            CHECK_OK(shenhe_verdict_hit_score(v, (size_t)lexicon, &score));
            CHECK(score == SHENHE_NO_SCORE && score < 0);
        }
        if (model >= 0) {
            CHECK_OK(shenhe_verdict_hit_score(v, (size_t)model, &score));
            CHECK(score == 0.8808);
        }
        shenhe_verdict_free(v);
    }
    /* Nothing for the model in a clean post. */
    v = screen(e, "今天天气很好", SHENHE_ACCOUNT_ORG);
    CHECK(v != NULL && shenhe_verdict_hits_len(v) == 0);
    shenhe_verdict_free(v);
    /* The engine without it screens as before the model. */
    v = screen(plain, "网上赌博害人不浅", SHENHE_ACCOUNT_ORG);
    CHECK(v != NULL && shenhe_verdict_hits_len(v) == 0);
    shenhe_verdict_free(v);

    /* A saved engine carries its model; NULL takes the model away again. */
    size_t len = 0;
    uint8_t *bytes = save_engine(e, &len);
    shenhe_engine *loaded = NULL, *without = NULL;
    if (bytes != NULL)
        CHECK_OK(shenhe_engine_load(bytes, len, &loaded));
    free(bytes);
    CHECK(shenhe_engine_has_model(loaded));
    v = loaded != NULL ? screen(loaded, "网上赌博害人不浅", SHENHE_ACCOUNT_ORG) : NULL;
    CHECK(v != NULL && hit_with_term(v, "model:gambling") == 0);
    shenhe_verdict_free(v);
    CHECK_OK(shenhe_engine_with_model(loaded, NULL, &without));
    CHECK(without != NULL && !shenhe_engine_has_model(without));
    v = without != NULL ? screen(without, "网上赌博害人不浅", SHENHE_ACCOUNT_ORG) : NULL;
    CHECK(v != NULL && shenhe_verdict_hits_len(v) == 0);
    shenhe_verdict_free(v);
    shenhe_engine_free(without);
    shenhe_engine_free(loaded);
    shenhe_engine_free(e);
    shenhe_engine_free(plain);
}

/* A builder takes a model too, and the policy's model lines decide what a score does. */
static void test_model_builder_and_policy(void) {
    shenhe_model *m = testdata_model();
    shenhe_engine_builder *b = NULL;
    char *dir = path_in(testdata_dir, "lexicon");
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_add_lexicon_dir(b, STR(dir)));
    free(dir);
    CHECK_OK(shenhe_engine_builder_set_model(b, m));
    shenhe_model_free(m);
    CHECK_OK(shenhe_engine_builder_set_policy_text(b, STR("p.txt"),
                                                   STR("model org gambling 0.8 block\n")));
    shenhe_engine *e = NULL;
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    CHECK(shenhe_engine_has_model(e));
    shenhe_decision d = SHENHE_DECISION_PASS;
    shenhe_verdict *v = e != NULL ? screen(e, "网上赌博", SHENHE_ACCOUNT_ORG) : NULL;
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_BLOCK); /* 0.8808 reaches the org line's 0.8 */
    shenhe_verdict_free(v);
    v = e != NULL ? screen(e, "网上赌博", SHENHE_ACCOUNT_STAFF) : NULL;
    CHECK_OK(shenhe_verdict_decision(v, &d));
    CHECK(d == SHENHE_DECISION_REVIEW); /* no line for staff: review */
    shenhe_verdict_free(v);
    shenhe_engine_free(e);

    /* NULL takes the model out of the builder. */
    CHECK_OK(shenhe_engine_builder_set_model(b, NULL));
    e = NULL;
    CHECK_OK(shenhe_engine_builder_build(b, &e));
    CHECK(e != NULL && !shenhe_engine_has_model(e));
    shenhe_engine_free(e);
    CHECK_RESULT(shenhe_engine_builder_set_model(NULL, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "builder is NULL") == 0);
    shenhe_engine_builder_free(b);
}

/* FNV-1a 64, the model file's checksum. */
static uint64_t fnv1a64(const char *s) {
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3u;
    }
    return h;
}

/* Writes `body` and its checksum line to `path`, as Model::seal does. */
static void write_model(const char *path, const char *body) {
    char line[64];
    snprintf(line, sizeof line, "checksum\tfnv1a64:%016llx\n", (unsigned long long)fnv1a64(body));
    size_t n = strlen(body), k = strlen(line);
    char *text = malloc(n + k + 1);
    memcpy(text, body, n);
    memcpy(text + n, line, k + 1);
    write_file(path, (const uint8_t *)text, n + k);
    free(text);
}

static void test_model_errors(void) {
    static const char body[] = "shenhe-model\t1\nngrams\t1\t4\nclass\tharm\t-4\t0.5\n"
                               "class\tgambling\t-4\t0.5\ngram\t赌博\t0:6\t1:6\n";
    shenhe_model *sentinel = (shenhe_model *)&failures, *m = sentinel;
    char *path = temp_file();
    char want[512];

    /* Written here and sealed: a good model. */
    write_model(path, body);
    CHECK_OK(shenhe_model_load_file(STR(path), &m));
    CHECK(m != NULL && m != sentinel && shenhe_model_len(m) == 1);
    shenhe_model_free(m);
    m = sentinel;

    /* An unknown class, the checksum right: the file and the line are named. */
    char bad[sizeof body + 8];
    snprintf(bad, sizeof bad, "%s", body);
    memcpy(strstr(bad, "gambling"), "gamblin!", 8);
    write_model(path, bad);
    CHECK_RESULT(shenhe_model_load_file(STR(path), &m), SHENHE_RESULT_MODEL_ERROR);
    snprintf(want, sizeof want, "%s:4: unknown class \"gamblin!\"", path);
    CHECK_ERROR_STARTS(want);

    /* A weight changed after sealing: the checksum line (6) says so. */
    write_model(path, body);
    char *text = read_file(path);
    memcpy(strstr(text, "0:6"), "0:7", 3);
    write_file(path, (const uint8_t *)text, strlen(text));
    free(text);
    CHECK_RESULT(shenhe_model_load_file(STR(path), &m), SHENHE_RESULT_MODEL_ERROR);
    snprintf(want, sizeof want, "%s:6: checksum mismatch", path);
    CHECK_ERROR_STARTS(want);

    /* No checksum at all, from memory: the name given is in the message. */
    CHECK_RESULT(shenhe_model_parse(STR("mine.txt"), STR(body), &m), SHENHE_RESULT_MODEL_ERROR);
    CHECK_ERROR_STARTS("mine.txt:5: the last line must be the checksum");
    /* A saved engine is not a model. */
    CHECK_RESULT(shenhe_model_parse(STR("x"), STR("SHENHE-ENGINE"), &m), SHENHE_RESULT_MODEL_ERROR);
    CHECK_RESULT(shenhe_model_load_file(STR("/nonexistent/shenhe/model.txt"), &m),
                 SHENHE_RESULT_MODEL_ERROR);
    CHECK_ERROR_STARTS("/nonexistent/shenhe/model.txt: cannot read: ");
    CHECK_RESULT(shenhe_model_load_file((const uint8_t *)"\xff", 1, &m), SHENHE_RESULT_INVALID_UTF8);
    CHECK_RESULT(shenhe_model_parse(STR("x"), (const uint8_t *)"\xff", 1, &m),
                 SHENHE_RESULT_INVALID_UTF8);
    CHECK(strcmp(shenhe_result_message(SHENHE_RESULT_MODEL_ERROR),
                 "a model could not be read or is malformed") == 0);
    CHECK(SHENHE_RESULT_MODEL_ERROR == 12);

    /* NULL parameters. */
    CHECK_RESULT(shenhe_model_load_file(NULL, 0, &m), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "path is NULL") == 0);
    CHECK_RESULT(shenhe_model_load_file(STR(path), NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "model_out is NULL") == 0);
    CHECK_RESULT(shenhe_model_parse(NULL, 0, STR(body), &m), SHENHE_RESULT_NULL_PARAMETER);
    CHECK_RESULT(shenhe_model_parse(STR("x"), NULL, 0, &m), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(m == sentinel);
    shenhe_engine *e = testdata_engine(), *out = (shenhe_engine *)&failures;
    CHECK_RESULT(shenhe_engine_with_model(NULL, NULL, &out), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "engine is NULL") == 0);
    CHECK_RESULT(shenhe_engine_with_model(e, NULL, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(shenhe_last_error_message(), "engine_out is NULL") == 0);
    CHECK(out == (shenhe_engine *)&failures);
    CHECK(!shenhe_engine_has_model(NULL));
    CHECK(shenhe_model_len(NULL) == 0 && shenhe_model_classes_len(NULL) == 0);
    const char *s = "sentinel";
    CHECK_RESULT(shenhe_model_class(NULL, 0, &s, NULL), SHENHE_RESULT_NULL_PARAMETER);
    CHECK(strcmp(s, "sentinel") == 0);
    shenhe_model_free(NULL);
    shenhe_engine_free(e);
    remove(path);
    free(path);
}

/* ------------------------------------------------------------------------------------------ */
/* Hot swap: threads screen through a shared engine while the main thread swaps it. */

enum { SWAP_THREADS = 4, SWAP_POSTS = 4 };

static const char *const swap_posts[SWAP_POSTS] = {
    "网络赌场注册送彩金",
    "今天召开全市经济工作会议",
    "热更新测试词",
    "专业代开发票,价格优惠",
};

typedef struct {
    const shenhe_shared_engine *shared;
    const char *const *old_json;
    const char *const *new_json;
    int *stop;
    pthread_mutex_t *lock; /* guards *stop */
    int rounds_old, rounds_new, mixed, errors;
} swapper;

static int stopped(swapper *w) {
    pthread_mutex_lock(w->lock);
    int s = *w->stop;
    pthread_mutex_unlock(w->lock);
    return s;
}

static void *screen_while_swapped(void *arg) {
    swapper *w = arg;
    for (int round = 0; round < 10 || !stopped(w); round++) {
        /* One engine handle per round: every post of the round is screened by one engine. */
        shenhe_engine *e = NULL;
        if (shenhe_shared_engine_get(w->shared, &e) != SHENHE_RESULT_OK) {
            w->errors++;
            continue;
        }
        int old = 0, new = 0;
        for (size_t i = 0; i < SWAP_POSTS; i++) {
            shenhe_verdict *v = NULL;
            const char *json = NULL;
            if (shenhe_engine_screen(e, STR(swap_posts[i]), SHENHE_ACCOUNT_ORG, &v) !=
                    SHENHE_RESULT_OK ||
                shenhe_verdict_json(v, &json, NULL) != SHENHE_RESULT_OK) {
                w->errors++;
            } else {
                old += strcmp(json, w->old_json[i]) == 0;
                new += strcmp(json, w->new_json[i]) == 0;
            }
            shenhe_verdict_free(v);
        }
        shenhe_engine_free(e);
        if (old == SWAP_POSTS)
            w->rounds_old++;
        else if (new == SWAP_POSTS)
            w->rounds_new++;
        else
            w->mixed++;
    }
    return NULL;
}

/* The JSON of each swap post screened by `e`, malloc'd. */
static void swap_baseline(const shenhe_engine *e, char **out) {
    for (size_t i = 0; i < SWAP_POSTS; i++) {
        shenhe_verdict *v = screen(e, swap_posts[i], SHENHE_ACCOUNT_ORG);
        out[i] = strdup(v != NULL ? json_of(v) : "");
        shenhe_verdict_free(v);
    }
}

static void test_shared_engine_swap(void) {
    shenhe_engine *old = testdata_engine();
    /* The new engine knows one more word, and comes from saved bytes, as a service that reloads
     * a compiled engine file would get it. */
    shenhe_engine_builder *b = NULL;
    shenhe_engine *built = NULL, *new = NULL;
    char *dir = path_in(testdata_dir, "lexicon");
    CHECK_OK(shenhe_engine_builder_new(false, &b));
    CHECK_OK(shenhe_engine_builder_add_lexicon_dir(b, STR(dir)));
    CHECK_OK(shenhe_engine_builder_add_lexicon_text(b, STR("extra.txt"), STR("热更新测试词\tgambling\n")));
    CHECK_OK(shenhe_engine_builder_build(b, &built));
    shenhe_engine_builder_free(b);
    free(dir);
    size_t len = 0;
    uint8_t *bytes = built != NULL ? save_engine(built, &len) : NULL;
    shenhe_engine_free(built);
    if (bytes != NULL)
        CHECK_OK(shenhe_engine_load(bytes, len, &new));
    free(bytes);
    if (new == NULL) {
        shenhe_engine_free(old);
        return;
    }
    char *old_json[SWAP_POSTS], *new_json[SWAP_POSTS];
    swap_baseline(old, old_json);
    swap_baseline(new, new_json);
    CHECK(strcmp(old_json[2], new_json[2]) != 0); /* the engines differ on the extra word */

    shenhe_shared_engine *shared = NULL;
    CHECK_OK(shenhe_shared_engine_new(old, &shared));
    /* Taken before any swap: it keeps screening with the old engine. */
    shenhe_engine *early = NULL;
    CHECK_OK(shenhe_shared_engine_get(shared, &early));

    int stop = 0;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_t threads[SWAP_THREADS];
    swapper workers[SWAP_THREADS];
    for (int t = 0; t < SWAP_THREADS; t++) {
        workers[t] = (swapper){shared, (const char *const *)old_json,
                               (const char *const *)new_json, &stop, &lock, 0, 0, 0, 0};
        CHECK(pthread_create(&threads[t], NULL, screen_while_swapped, &workers[t]) == 0);
    }
    for (int i = 0; i < 100; i++) {
        CHECK_OK(shenhe_shared_engine_swap(shared, i % 2 == 0 ? new : old));
        sched_yield();
    }
    CHECK_OK(shenhe_shared_engine_swap(shared, new));
    pthread_mutex_lock(&lock);
    stop = 1;
    pthread_mutex_unlock(&lock);
    int rounds = 0;
    for (int t = 0; t < SWAP_THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(workers[t].mixed == 0 && workers[t].errors == 0);
        rounds += workers[t].rounds_old + workers[t].rounds_new;
    }
    CHECK(rounds >= 10 * SWAP_THREADS);

    /* The caller's handles were shared, not taken: free them, and the slot still has the new
     * engine; free the slot, and the handles taken from it still work. */
    shenhe_engine_free(old);
    shenhe_engine_free(new);
    shenhe_engine *taken = NULL;
    CHECK_OK(shenhe_shared_engine_get(shared, &taken));
    shenhe_shared_engine_free(shared);
    shenhe_verdict *v = screen(taken, swap_posts[2], SHENHE_ACCOUNT_ORG);
    CHECK(v != NULL && strcmp(json_of(v), new_json[2]) == 0);
    shenhe_verdict_free(v);
    v = screen(early, swap_posts[2], SHENHE_ACCOUNT_ORG);
    CHECK(v != NULL && strcmp(json_of(v), old_json[2]) == 0);
    shenhe_verdict_free(v);
    shenhe_engine_free(taken);
    shenhe_engine_free(early);
    for (size_t i = 0; i < SWAP_POSTS; i++) {
        free(old_json[i]);
        free(new_json[i]);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Threads: many threads screening through one engine give what one thread gives. */

enum { THREADS = 8 };

typedef struct {
    const shenhe_engine *engine;
    int rounds;
    const char **baseline;
    int mismatches;
    int errors;
    int own_error_seen;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    for (int r = 0; r < w->rounds; r++) {
        for (size_t i = 0; i < posts_len; i++) {
            shenhe_verdict *v = NULL;
            if (shenhe_engine_screen(w->engine, (const uint8_t *)posts[i].text, posts[i].len,
                                     posts[i].account, &v) != SHENHE_RESULT_OK) {
                w->errors++;
                continue;
            }
            const char *json = NULL;
            if (shenhe_verdict_json(v, &json, NULL) != SHENHE_RESULT_OK ||
                strcmp(json, w->baseline[i]) != 0)
                w->mismatches++;
            shenhe_verdict_free(v);
        }
    }
    /* A batch from this thread too, while the others screen. */
    const uint8_t *texts[64];
    size_t lens[64];
    shenhe_account accounts[64];
    shenhe_verdict *out[64];
    for (size_t i = 0; i < posts_len; i++) {
        texts[i] = (const uint8_t *)posts[i].text;
        lens[i] = posts[i].len;
        accounts[i] = posts[i].account;
    }
    if (shenhe_engine_screen_batch(w->engine, texts, lens, accounts, posts_len, out, NULL) !=
        SHENHE_RESULT_OK) {
        w->errors++;
    } else {
        for (size_t i = 0; i < posts_len; i++) {
            const char *json = NULL;
            if (shenhe_verdict_json(out[i], &json, NULL) != SHENHE_RESULT_OK ||
                strcmp(json, w->baseline[i]) != 0)
                w->mismatches++;
            shenhe_verdict_free(out[i]);
        }
    }
    /* The last error is per thread: this thread's failure is this thread's message. */
    shenhe_verdict *v = NULL;
    if (shenhe_engine_screen(w->engine, (const uint8_t *)"x", 1, 1000, &v) ==
            SHENHE_RESULT_INVALID_ARGUMENT &&
        strncmp(shenhe_last_error_message(), "account 1000 is not", 19) == 0)
        w->own_error_seen = 1;
    return NULL;
}

static void test_threads(void) {
    shenhe_engine *e = testdata_engine();
    const char *baseline[64];
    shenhe_verdict *kept[64];
    for (size_t i = 0; i < posts_len; i++) {
        kept[i] = screen(e, posts[i].text, posts[i].account);
        baseline[i] = kept[i] ? json_of(kept[i]) : "";
    }
    /* A failure on the main thread, whose message the workers must not see or change. */
    shenhe_verdict *v = NULL;
    CHECK_RESULT(shenhe_engine_screen(e, NULL, 0, SHENHE_ACCOUNT_ORG, &v), SHENHE_RESULT_NULL_PARAMETER);

    const char *env = getenv("SHENHE_TEST_ROUNDS");
    int rounds = env ? atoi(env) : 20;
    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (worker){e, rounds, baseline, 0, 0, 0};
        CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(workers[t].mismatches == 0);
        CHECK(workers[t].errors == 0);
        CHECK(workers[t].own_error_seen == 1);
    }
    CHECK(strcmp(shenhe_last_error_message(), "text is NULL") == 0);
    for (size_t i = 0; i < posts_len; i++)
        shenhe_verdict_free(kept[i]);
    shenhe_engine_free(e);
}

/* ------------------------------------------------------------------------------------------ */

typedef struct {
    const char *name;
    void (*run)(void);
} test_case;

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s TESTDATA_DIR EXPECTED_JSONL\n", argv[0]);
        return 2;
    }
    testdata_dir = argv[1];
    load_testdata(argv[2]);

    static const test_case tests[] = {
        {"version_and_messages", test_version_and_messages},
        {"json_equals_rust", test_json_equals_rust},
        {"accessors", test_accessors},
        {"spans_point_into_the_original", test_spans_point_into_the_original},
        {"shipped_engine", test_shipped_engine},
        {"preload_segmenter", test_preload_segmenter},
        {"null_parameters", test_null_parameters},
        {"invalid_input", test_invalid_input},
        {"lexicon_and_policy_errors", test_lexicon_and_policy_errors},
        {"post_too_long", test_post_too_long},
        {"today_and_hit_limit", test_today_and_hit_limit},
        {"batch", test_batch},
        {"redact", test_redact},
        {"threads", test_threads},
        {"summary", test_summary},
        {"save_and_load", test_save_and_load},
        {"load_errors", test_load_errors},
        {"shared_engine_swap", test_shared_engine_swap},
        {"model", test_model},
        {"model_builder_and_policy", test_model_builder_and_policy},
        {"model_errors", test_model_errors},
    };
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = failures;
        tests[i].run();
        int ok = failures == before;
        printf("test %s ... %s\n", tests[i].name, ok ? "ok" : "FAILED");
        fflush(stdout);
        if (ok)
            passed++;
        else
            failed++;
    }
    free(posts_buf);
    free(expected_buf);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
