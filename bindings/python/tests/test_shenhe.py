"""Tests of the Python bindings (run by bindings/python/run.sh, with pytest or unittest).

Environment (set by run.sh): SHENHE_LIB, the shared library; SHENHE_TESTDATA, bindings/testdata;
SHENHE_EXPECTED, the JSON verdicts the Rust API gives for the test posts
(`cargo run --release -p shenhe-ffi --example verdicts -- bindings/testdata`); SHENHE_HEADER,
bindings/c/shenhe.h; SHENHE_REQUIRE_INSTALLED=1 to check that the installed package is
the one under test.
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import tempfile
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import shenhe
from shenhe import Engine, ShenheError, _ffi

ROOT = Path(__file__).resolve().parents[3]
TESTDATA = Path(os.environ.get("SHENHE_TESTDATA", ROOT / "bindings" / "testdata"))
HEADER = Path(os.environ.get("SHENHE_HEADER", ROOT / "bindings" / "c" / "include" / "shenhe.h"))


def load_posts():
    posts = []
    for line in (TESTDATA / "posts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        post_id, account, text = line.split("\t", 2)
        posts.append((post_id, account, text))
    return posts


def make_testdata_engine(**kwargs):
    return Engine(
        [TESTDATA / "lexicon"],
        shipped_lexicons=False,
        policy=TESTDATA / "policy.txt",
        **kwargs,
    )


class TestPackage(unittest.TestCase):
    def test_the_installed_package_is_under_test(self):
        if os.environ.get("SHENHE_REQUIRE_INSTALLED") != "1":
            self.skipTest("SHENHE_REQUIRE_INSTALLED is not set")
        self.assertIn("site-packages", shenhe.__file__)

    def test_every_header_function_is_declared(self):
        header = HEADER.read_text(encoding="utf-8")
        declared = set(re.findall(r"^[a-z_][\w ]*?[\s*](shenhe_\w+)\(", header, re.MULTILINE))
        self.assertGreater(len(declared), 30)
        self.assertEqual(declared, set(_ffi.FUNCTIONS))
        for name in declared:
            fn = getattr(_ffi.lib, name)
            self.assertIsNotNone(fn.argtypes, name)

    def test_result_codes_match_the_header(self):
        header = HEADER.read_text(encoding="utf-8")
        for code, name in _ffi.RESULT_NAMES.items():
            self.assertIn(f"SHENHE_RESULT_{name} = {code},", header)
        for name in ("ORG", "STAFF", "PRIVATE"):
            value = getattr(_ffi, f"ACCOUNT_{name}")
            self.assertIn(f"#define SHENHE_ACCOUNT_{name} {value}", header)

    def test_version(self):
        self.assertEqual(shenhe.version(), shenhe.__version__)


class TestVerdicts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = make_testdata_engine()
        cls.posts = load_posts()

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_json_is_byte_identical_to_rust(self):
        expected_path = os.environ.get("SHENHE_EXPECTED")
        if not expected_path:
            self.skipTest("SHENHE_EXPECTED is not set (run bindings/python/run.sh)")
        expected = Path(expected_path).read_text(encoding="utf-8").splitlines()
        self.assertEqual(len(expected), len(self.posts))
        for (post_id, account, text), want in zip(self.posts, expected):
            self.assertEqual(self.engine.screen_json(text, account, id=post_id), want, post_id)

    def test_dict_shape_and_values(self):
        v = self.engine.screen("ＡＢＣ網絡賭場，代开发票", account="staff")
        self.assertEqual(set(v), {"verdict", "account", "categories", "hits"})
        self.assertEqual(v["verdict"], "block")
        self.assertEqual(v["account"], "staff")
        self.assertEqual(v["categories"], ["gambling", "commercial_ad"])
        hit = v["hits"][0]
        self.assertEqual(
            hit,
            {
                "category": "gambling",
                "action": "block",
                "clause": "Y9(七)",
                "term": "网络赌场",
                "matched": "網絡賭場",
                "start": 9,
                "end": 21,
                "char_start": 3,
                "char_end": 7,
                "reason": "赌博: 命中词条 网络赌场",
            },
        )
        self.assertEqual(self.engine.screen("网络赌场", id="p-1")["id"], "p-1")
        clean = self.engine.screen("今天召开全市经济工作会议")
        self.assertEqual((clean["verdict"], clean["categories"], clean["hits"]), ("pass", [], []))

    def test_accounts_change_the_action(self):
        self.assertEqual(self.engine.screen("专业代开发票", account="org")["verdict"], "block")
        self.assertEqual(self.engine.screen("专业代开发票", account="private")["verdict"], "review")
        # The test policy makes emotional_opinion block on staff accounts.
        self.assertEqual(self.engine.screen("情绪测试词", account="staff")["verdict"], "block")
        self.assertEqual(self.engine.screen("情绪测试词", account="org")["verdict"], "review")
        self.assertEqual(self.engine.screen("情绪测试词", account="private")["verdict"], "pass")

    def test_spans_point_into_the_original(self):
        seen = 0
        for _, account, text in self.posts:
            raw = text.encode("utf-8")
            for hit in self.engine.screen(text, account)["hits"]:
                self.assertEqual(raw[hit["start"] : hit["end"]].decode("utf-8"), hit["matched"])
                self.assertEqual(text[hit["char_start"] : hit["char_end"]], hit["matched"])
                seen += 1
        self.assertGreaterEqual(seen, 8)

    def test_batch_is_in_input_order(self):
        texts = [p[2] for p in self.posts] * 20
        accounts = [p[1] for p in self.posts] * 20
        texts, accounts = texts[::-1], accounts[::-1]
        batch = self.engine.screen_batch_json(texts, accounts)
        self.assertEqual(batch, [self.engine.screen_json(t, a) for t, a in zip(texts, accounts)])
        org = self.engine.screen_batch(texts[:5])
        self.assertEqual([v["account"] for v in org], ["org"] * 5)
        self.assertEqual(self.engine.screen_batch([]), [])
        with self.assertRaises(ValueError):
            self.engine.screen_batch(["a", "b"], ["org"])

    def test_threads_share_one_engine(self):
        texts = [p[2] for p in self.posts]
        accounts = [p[1] for p in self.posts]
        baseline = [self.engine.screen_json(t, a) for t, a in zip(texts, accounts)]

        def work(_):
            return [self.engine.screen_json(t, a) for t, a in zip(texts, accounts)] * 1 + [
                j for j in self.engine.screen_batch_json(texts, accounts)
            ]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work, range(32)))
        for r in results:
            self.assertEqual(r, baseline + baseline)


class TestShippedEngine(unittest.TestCase):
    def test_the_contract_example_blocks(self):
        with Engine() as engine:
            v = engine.screen("网络赌场注册送彩金", account="org")
            self.assertEqual(v["verdict"], "block")
            self.assertEqual(v["categories"][0], "gambling")
            self.assertEqual(engine.max_post_bytes, 4 << 20)

    def test_redact(self):
        with Engine() as engine:
            self.assertEqual(
                engine.redact("联系人张女士,手机 138-1234-5678"), "联系人张女士,手机 138-****-5678"
            )
            self.assertEqual(engine.redact("请拨打12345"), "请拨打12345")


class TestErrors(unittest.TestCase):
    def test_unknown_account(self):
        with make_testdata_engine() as engine:
            with self.assertRaises(ShenheError) as cm:
                engine.screen("x", account="public")
            self.assertEqual(cm.exception.code, _ffi.RESULT_INVALID_ARGUMENT)
            self.assertIn('unknown account "public"', cm.exception.message)

    def test_invalid_utf8_is_rejected_not_replaced(self):
        with make_testdata_engine() as engine:
            with self.assertRaises(ShenheError) as cm:
                engine.screen(b"abc\xff")
            self.assertEqual(cm.exception.code_name, "INVALID_UTF8")
            self.assertEqual(cm.exception.message, "text is not valid UTF-8: invalid byte 3 (0-based)")
            with self.assertRaises(ShenheError) as cm:
                engine.screen("lone \ud800 surrogate")
            self.assertEqual(cm.exception.code, _ffi.RESULT_INVALID_UTF8)
            # Valid UTF-8 bytes are as good as str.
            self.assertEqual(engine.screen("网络赌场".encode())["verdict"], "block")

    def test_over_long_posts(self):
        with make_testdata_engine(max_post_bytes=12) as engine:
            self.assertEqual(engine.max_post_bytes, 12)
            self.assertEqual(engine.screen("网络赌场")["verdict"], "block")
            with self.assertRaises(ShenheError) as cm:
                engine.screen("网络赌场!")
            self.assertEqual(cm.exception.code, _ffi.RESULT_POST_TOO_LONG)
            self.assertEqual(cm.exception.message, "post of 13 bytes exceeds the limit of 12 bytes")
            with self.assertRaises(ShenheError) as cm:
                engine.screen_batch(["ok", "网络赌场!"])
            self.assertTrue(cm.exception.message.startswith("post 1: "), cm.exception.message)
            with self.assertRaises(ShenheError):
                engine.redact("x" * 13)

    def test_lexicon_and_policy_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = Path(tmp) / "bad.txt"
            bad.write_text("网络赌场\tgamble\n", encoding="utf-8")
            with self.assertRaises(ShenheError) as cm:
                Engine([tmp], shipped_lexicons=False)
            self.assertEqual(cm.exception.code_name, "LEXICON_ERROR")
            self.assertIn('bad.txt:1: unknown category "gamble"', cm.exception.message)
            with self.assertRaises(ShenheError) as cm:
                Engine([Path(tmp) / "missing"])
            self.assertEqual(cm.exception.code, _ffi.RESULT_LEXICON_ERROR)
            policy = Path(tmp) / "policy.txt"
            policy.write_text("org gambling maybe\n", encoding="utf-8")
            with self.assertRaises(ShenheError) as cm:
                Engine(policy=policy)
            self.assertEqual(cm.exception.code, _ffi.RESULT_POLICY_ERROR)
            self.assertIn("policy.txt:1:", cm.exception.message)
            # One lexicon file on its own works too.
            good = Path(tmp) / "good.txt"
            good.write_text("测试词\tvulgar\n", encoding="utf-8")
            with Engine([good], shipped_lexicons=False) as engine:
                self.assertEqual(engine.screen("一个测试词")["categories"], ["vulgar"])

    def test_errors_are_per_thread(self):
        messages = {}

        def fail(name, text):
            with make_testdata_engine(max_post_bytes=4) as engine:
                try:
                    engine.screen(text)
                except ShenheError as e:
                    messages[name] = e.message

        threads = [
            threading.Thread(target=fail, args=("long", "12345")),
            threading.Thread(target=fail, args=("utf8", b"\xff")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(messages["long"], "post of 5 bytes exceeds the limit of 4 bytes")
        self.assertTrue(messages["utf8"].startswith("text is not valid UTF-8"))

    def test_the_raw_ffi_reports_null_parameters(self):
        out = _ffi.VERDICT_P()
        result = _ffi.lib.shenhe_engine_screen(None, b"x", 1, 0, ctypes.byref(out))
        self.assertEqual(result, _ffi.RESULT_NULL_PARAMETER)
        self.assertEqual(_ffi.lib.shenhe_last_error_message(), b"engine is NULL")
        self.assertFalse(out, "nothing written on failure")
        self.assertEqual(_ffi.lib.shenhe_result_message(_ffi.RESULT_OK), b"success")


class TestLifetime(unittest.TestCase):
    def test_close_and_context_manager(self):
        engine = make_testdata_engine()
        with engine as e:
            self.assertIs(e, engine)
            self.assertFalse(engine.closed)
        self.assertTrue(engine.closed)
        engine.close()  # idempotent
        with self.assertRaises(ValueError):
            engine.screen("x")

    def test_del_frees_the_engine(self):
        freed = []
        original = _ffi.lib.shenhe_engine_free

        class Spy:
            def __call__(self, handle):
                freed.append(True)
                original(handle)

        engine = make_testdata_engine()
        _ffi.lib.shenhe_engine_free = Spy()
        try:
            del engine
            gc.collect()
        finally:
            _ffi.lib.shenhe_engine_free = original
        self.assertEqual(freed, [True])


if __name__ == "__main__":
    unittest.main()
