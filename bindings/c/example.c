/*
 * Screens a few posts with the shipped lexicons and prints each verdict: the decision, the
 * summary (score, risk, main label), every hit, and the JSON of docs/contract.md §4. Then masks
 * the personal information of a post.
 *
 *   ./example                          the built-in posts
 *   ./example POST [POST ...]          your own (UTF-8)
 *   ./example --save FILE [POST ...]   also write the compiled engine to FILE
 *   ./example --engine FILE [POST ...] screen with a saved engine instead of compiling one (FILE
 *                                      from --save, or from `shenhe compile -o FILE`)
 *   ./example --model FILE [POST ...]  score posts with a learned model too (FILE from
 *                                      `shenhe train -o FILE`): its hits carry a score
 *
 * Built and run by bindings/c/run.sh against both libshenhe_ffi.a and libshenhe_ffi.so.
 */
#include <stdio.h>
#include <string.h>

#include "shenhe.h"

static const char *decision_name(shenhe_decision d) {
    switch (d) {
    case SHENHE_DECISION_PASS: return "pass";
    case SHENHE_DECISION_REVIEW: return "review";
    case SHENHE_DECISION_BLOCK: return "block";
    }
    return "?";
}

static const char *risk_name(shenhe_risk r) {
    switch (r) {
    case SHENHE_RISK_NONE: return "none";
    case SHENHE_RISK_LOW: return "low";
    case SHENHE_RISK_MEDIUM: return "medium";
    case SHENHE_RISK_HIGH: return "high";
    }
    return "?";
}

static const char *action_name(shenhe_action a) {
    switch (a) {
    case SHENHE_ACTION_NOTE: return "note";
    case SHENHE_ACTION_REVIEW: return "review";
    case SHENHE_ACTION_BLOCK: return "block";
    }
    return "?";
}

/* Prints what went wrong and returns 1, for `return fail("...")`. */
static int fail(const char *what) {
    fprintf(stderr, "example: %s: %s\n", what, shenhe_last_error_message());
    return 1;
}

static int print_verdict(const shenhe_engine *engine, const char *post, shenhe_account account) {
    shenhe_verdict *verdict = NULL;
    if (shenhe_engine_screen(engine, (const uint8_t *)post, strlen(post), account, &verdict) !=
        SHENHE_RESULT_OK)
        return fail("screen");

    shenhe_decision decision;
    shenhe_risk risk;
    const char *label; /* NULL when nothing was found */
    shenhe_verdict_decision(verdict, &decision);
    shenhe_verdict_risk(verdict, &risk);
    shenhe_verdict_label(verdict, &label, NULL);
    printf("%s\n  verdict: %s (score %.2f, risk %s, label %s)\n", post, decision_name(decision),
           shenhe_verdict_score(verdict), risk_name(risk), label ? label : "-");

    size_t hits = shenhe_verdict_hits_len(verdict);
    for (size_t i = 0; i < hits; i++) {
        const char *category, *term, *matched, *reason;
        size_t matched_len, start, end, char_start, char_end;
        shenhe_action action;
        if (shenhe_verdict_hit_category(verdict, i, &category, NULL) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_action(verdict, i, &action) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_term(verdict, i, &term, NULL) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_matched(verdict, i, &matched, &matched_len) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_reason(verdict, i, &reason, NULL) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_span(verdict, i, &start, &end) != SHENHE_RESULT_OK ||
            shenhe_verdict_hit_char_span(verdict, i, &char_start, &char_end) != SHENHE_RESULT_OK) {
            shenhe_verdict_free(verdict);
            return fail("hit");
        }
        /* Spans point into the original text, whatever normalization matched. */
        printf("  [%s] %s: %s matched \"%.*s\" at bytes %zu..%zu (chars %zu..%zu): %s\n",
               action_name(action), category, term, (int)(end - start), post + start, start, end,
               char_start, char_end, reason);
        /* A learned model's hit (term model:<category>) has a score; the others have none. */
        double score;
        if (shenhe_verdict_hit_score(verdict, i, &score) == SHENHE_RESULT_OK &&
            score != SHENHE_NO_SCORE)
            printf("      model score %.4f\n", score);
    }

    const char *json;
    size_t json_len;
    shenhe_verdict_json(verdict, &json, &json_len);
    printf("  json: %s\n", json);
    shenhe_verdict_free(verdict); /* json, term, ... are freed with it */
    return 0;
}

/* Writes the engine, compiled, to `path`: a service loads it in milliseconds. */
static int save_engine(const shenhe_engine *engine, const char *path) {
    shenhe_bytes *bytes = NULL;
    if (shenhe_engine_save(engine, &bytes) != SHENHE_RESULT_OK)
        return fail("save");
    FILE *f = fopen(path, "wb");
    size_t len = shenhe_bytes_len(bytes);
    int ok = f != NULL && fwrite(shenhe_bytes_ptr(bytes), 1, len, f) == len;
    if (f != NULL && fclose(f) != 0)
        ok = 0;
    shenhe_bytes_free(bytes);
    if (!ok) {
        perror(path);
        return 1;
    }
    fprintf(stderr, "saved the engine to %s (%zu bytes)\n", path, len);
    return 0;
}

int main(int argc, char **argv) {
    static const char *builtin[] = {
        "网络赌场注册送彩金",
        "今天召开全市经济工作会议,部署明年重点任务",
        "賭*博网站注册就送彩金",
        "联系人张女士,手机 138-1234-5678",
    };
    const char *save_path = NULL, *engine_path = NULL, *model_path = NULL;
    int first = 1;
    while (first + 1 < argc && (strcmp(argv[first], "--save") == 0 ||
                                strcmp(argv[first], "--engine") == 0 ||
                                strcmp(argv[first], "--model") == 0)) {
        if (strcmp(argv[first], "--save") == 0)
            save_path = argv[first + 1];
        else if (strcmp(argv[first], "--engine") == 0)
            engine_path = argv[first + 1];
        else
            model_path = argv[first + 1];
        first += 2;
    }
    const char **posts = argc > first ? (const char **)argv + first : builtin;
    size_t count = argc > first ? (size_t)(argc - first) : sizeof builtin / sizeof builtin[0];

    printf("shenhe %s\n", shenhe_version());
    shenhe_engine *engine = NULL;
    if (engine_path != NULL) {
        /* A saved engine: a damaged or foreign file is SHENHE_RESULT_LOAD_ERROR, with the path
         * and the reason in shenhe_last_error_message(). */
        if (shenhe_engine_load_file((const uint8_t *)engine_path, strlen(engine_path), &engine) !=
            SHENHE_RESULT_OK)
            return fail("load");
    } else if (shenhe_engine_new(&engine) != SHENHE_RESULT_OK) {
        return fail("engine");
    }
    if (model_path != NULL) {
        /* A model file that cannot be read or is damaged is SHENHE_RESULT_MODEL_ERROR; the
         * message names the file and the line ("model.txt:11: checksum mismatch ..."). */
        shenhe_model *model = NULL;
        shenhe_engine *scoring = NULL;
        if (shenhe_model_load_file((const uint8_t *)model_path, strlen(model_path), &model) !=
            SHENHE_RESULT_OK) {
            shenhe_engine_free(engine);
            return fail("model");
        }
        /* A new engine sharing the compiled lexicons, and the model: free both handles. */
        shenhe_result r = shenhe_engine_with_model(engine, model, &scoring);
        shenhe_model_free(model);
        shenhe_engine_free(engine);
        if (r != SHENHE_RESULT_OK)
            return fail("model");
        engine = scoring;
    }

    int status = 0;
    if (save_path != NULL)
        status |= save_engine(engine, save_path);
    for (size_t i = 0; i < count; i++)
        status |= print_verdict(engine, posts[i], SHENHE_ACCOUNT_ORG);

    const char *contact = "联系人张女士,手机 138-1234-5678";
    shenhe_string *redacted = NULL;
    if (shenhe_engine_redact(engine, (const uint8_t *)contact, strlen(contact), &redacted) ==
        SHENHE_RESULT_OK) {
        printf("redacted: %s\n", shenhe_string_ptr(redacted));
        shenhe_string_free(redacted);
    } else {
        status |= fail("redact");
    }

    shenhe_engine_free(engine);
    return status;
}
