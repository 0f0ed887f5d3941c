"""Tests of the Python package (run by bindings/python/run.sh from outside the source tree).

Environment (set by run.sh): SHENHE_TESTDATA, bindings/testdata; SHENHE_EXPECTED, the JSON
verdicts the Rust API gives for the test posts (`cargo run --release -p shenhe-ffi --example
verdicts -- bindings/testdata`); SHENHE_REQUIRE_INSTALLED=1 to check that the installed package
is the one under test and to fail, not skip, when something the tests need is missing.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import shenhe
from shenhe import Engine

ROOT = Path(__file__).resolve().parents[3]
TESTDATA = Path(os.environ.get("SHENHE_TESTDATA", ROOT / "bindings" / "testdata"))
REQUIRED = os.environ.get("SHENHE_REQUIRE_INSTALLED") == "1"

# An original for the attribution check, written for these tests.
ORIGINAL = (
    "市人民政府办公室近日印发通知，要求各区县切实做好今冬明春供暖保障工作，确保居民室温不低于"
    "十八摄氏度，对供暖不达标的小区，供热企业须在二十四小时内完成整改并向社会公开处理结果。"
)


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
        TESTDATA / "lexicon",
        policy=TESTDATA / "policy.txt",
        default_lexicons=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def engine():
    return make_testdata_engine()


@pytest.fixture(scope="module")
def shipped():
    return Engine()


@pytest.fixture(scope="module")
def posts():
    return load_posts()


# -- the package ------------------------------------------------------------------------------


def test_the_installed_package_is_under_test():
    if not REQUIRED:
        pytest.skip("SHENHE_REQUIRE_INSTALLED is not set")
    assert "site-packages" in shenhe.__file__
    assert "site-packages" in shenhe._shenhe.__file__


def test_typing_files_ship_with_the_package():
    package = Path(shenhe.__file__).parent
    assert (package / "py.typed").is_file()
    stubs = (package / "_shenhe.pyi").read_text(encoding="utf-8")
    for name in ("def screen(", "def screen_batch(", "def redact(", "def screen_redacted(",
                 "def save(", "def load(", "def with_model("):
        assert name in stubs


def test_version_and_exports():
    assert re.fullmatch(r"\d+\.\d+\.\d+", shenhe.__version__)
    assert shenhe.ACCOUNTS == ("org", "staff", "private")
    for name in shenhe.__all__:
        assert hasattr(shenhe, name), name


def test_exception_hierarchy():
    assert issubclass(shenhe.ShenheError, Exception)
    for cls in (shenhe.LexiconError, shenhe.PolicyError, shenhe.ReferencesError, shenhe.ModelError):
        assert issubclass(cls, shenhe.DataError)
        assert issubclass(cls, shenhe.ShenheError)
    for cls in (shenhe.BuildError, shenhe.ScreenError, shenhe.LoadError):
        assert issubclass(cls, shenhe.ShenheError)
        assert not issubclass(cls, shenhe.DataError)
    assert shenhe.LexiconError.__module__ == "shenhe"
    assert shenhe.LexiconError.__name__ == "LexiconError"


def test_preload_segmenter_is_the_segmenter_screening_uses(shipped):
    # Twice: the second call returns at once. 法轮 inside 依法轮流值班 is no hit; 法轮功 is.
    assert shenhe.preload_segmenter() is None
    shenhe.preload_segmenter()
    assert shipped.screen("依法轮流值班")["hits"] == []
    assert shipped.screen("他在练法轮功")["hits"] != []


# -- verdicts -----------------------------------------------------------------------------------


def test_the_readme_example(shipped):
    assert shipped.screen("赌*博网站注册就送彩金")["verdict"] == "block"


def test_verdicts_equal_the_rust_api(engine, posts):
    expected_path = os.environ.get("SHENHE_EXPECTED")
    if not expected_path:
        if REQUIRED:
            pytest.fail("SHENHE_EXPECTED is not set")
        pytest.skip("SHENHE_EXPECTED is not set (run bindings/python/run.sh)")
    expected = Path(expected_path).read_text(encoding="utf-8").splitlines()
    assert len(expected) == len(posts)
    for (post_id, account, text), want in zip(posts, expected):
        # The JSON byte for byte, and the dict built natively equal to it.
        assert engine.screen_json(text, account, id=post_id) == want, post_id
        assert engine.screen(text, account, id=post_id) == json.loads(want), post_id


def test_dict_shape_and_values(engine):
    v = engine.screen("ＡＢＣ網絡賭場，代开发票", account="staff")
    assert list(v) == ["verdict", "account", "categories", "score", "risk", "label", "hits"]
    assert (v["score"], v["risk"], v["label"]) == (1.0, "high", "gambling")
    assert v["verdict"] == "block"
    assert v["account"] == "staff"
    assert v["categories"] == ["gambling", "commercial_ad"]
    assert v["hits"][0] == {
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
    }
    with_id = engine.screen("网络赌场", id="p-1")
    assert list(with_id)[0] == "id" and with_id["id"] == "p-1"
    clean = engine.screen("今天召开全市经济工作会议")
    assert (clean["verdict"], clean["categories"], clean["hits"]) == ("pass", [], [])
    # Past the limit of hits per term (100), the rest are counted after the hits.
    many = engine.screen("网络赌场" * 150)
    assert list(many)[-1] == "hits_omitted" and many["hits_omitted"] > 0
    assert len([h for h in many["hits"] if h["term"] == "网络赌场"]) == 100
    assert many["verdict"] == "block"


def test_accounts_change_the_action(engine):
    assert engine.screen("专业代开发票", account="org")["verdict"] == "block"
    assert engine.screen("专业代开发票", account="private")["verdict"] == "review"
    # The test policy makes emotional_opinion block on staff accounts.
    assert engine.screen("情绪测试词", account="staff")["verdict"] == "block"
    assert engine.screen("情绪测试词", account="org")["verdict"] == "review"
    assert engine.screen("情绪测试词", account="private")["verdict"] == "pass"


def test_spans_point_into_the_original(engine, posts):
    seen = 0
    for _, account, text in posts:
        raw = text.encode("utf-8")
        for hit in engine.screen(text, account)["hits"]:
            assert raw[hit["start"] : hit["end"]].decode("utf-8") == hit["matched"]
            assert text[hit["char_start"] : hit["char_end"]] == hit["matched"]
            seen += 1
    assert seen >= 8


def test_redact(shipped):
    assert shipped.redact("联系人张女士,手机 138-1234-5678") == "联系人张女士,手机 138-****-5678"
    assert shipped.redact("请拨打12345") == "请拨打12345"


def test_screen_redacted_is_screen_and_redact_in_one_pass(shipped):
    text = "失主张女士手机13812345678,身份证号110101199003071233"
    verdict, redacted = shipped.screen_redacted(text, account="staff", id="p1")
    assert redacted == "失主张女士手机138****5678,身份证号110101********1233"
    assert verdict == shipped.screen(text, account="staff", id="p1")
    assert verdict["verdict"] != "pass" and verdict["id"] == "p1"
    assert shipped.screen_redacted("今天天气不错") == (shipped.screen("今天天气不错"), "今天天气不错")
    with pytest.raises(ValueError):
        shipped.screen_redacted(text, account="nobody")


# -- batches ------------------------------------------------------------------------------------


def ten_thousand_posts(posts):
    """10,000 distinct posts: the test posts with a number and some noise around them."""
    out = []
    for i in range(10_000):
        _, account, text = posts[i % len(posts)]
        noise = "*" if i % 3 == 0 else ""
        out.append((f"第{i}条:{noise.join(text)}{'注册就送彩金' if i % 7 == 0 else ''}", account))
    return out


def test_ten_thousand_posts_in_a_batch_equal_one_by_one(shipped, posts):
    many = ten_thousand_posts(posts)
    texts = [t for t, _ in many]
    accounts = [a for _, a in many]
    one_by_one = [shipped.screen(t, a) for t, a in many]
    assert shipped.screen_batch(texts, accounts) == one_by_one
    assert shipped.screen_batch(texts, accounts, threads=1) == one_by_one
    assert shipped.screen_batch(texts, accounts, threads=3) == one_by_one
    # The batch is not trivially uniform: all three verdicts occur.
    assert {v["verdict"] for v in one_by_one} == {"pass", "review", "block"}


def test_batch_accounts_and_inputs(engine, posts):
    texts = [p[2] for p in posts]
    org = engine.screen_batch(texts)
    assert [v["account"] for v in org] == ["org"] * len(texts)
    staff = engine.screen_batch(texts, "staff")
    assert [v["account"] for v in staff] == ["staff"] * len(texts)
    # Any iterable of str works, a generator too.
    assert engine.screen_batch(t for t in texts) == org
    assert engine.screen_batch([]) == []
    with pytest.raises(ValueError, match="1 accounts for 2 texts"):
        engine.screen_batch(["a", "b"], ["org"])
    with pytest.raises(TypeError, match="not one str"):
        engine.screen_batch("网络赌场")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        engine.screen_batch(texts, threads=0)
    with pytest.raises(ValueError, match="errors must be"):
        engine.screen_batch(texts, errors="ignore")


def test_threads_share_one_engine(engine, posts):
    texts = [p[2] for p in posts]
    accounts = [p[1] for p in posts]
    baseline = [engine.screen(t, a) for t, a in zip(texts, accounts)]

    def work(_):
        return [engine.screen(t, a) for t, a in zip(texts, accounts)], engine.screen_batch(
            texts, accounts
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        for single, batch in pool.map(work, range(32)):
            assert single == baseline
            assert batch == baseline


# -- paths and data errors ------------------------------------------------------------------


def test_paths_as_str_pathlike_or_list(tmp_path):
    (tmp_path / "a.txt").write_text("甲测试词\tvulgar\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙测试词\tcommercial_ad\n", encoding="utf-8")
    other = tmp_path / "more"
    other.mkdir()
    (other / "c.txt").write_text("丙测试词\tgambling\n", encoding="utf-8")

    def cats(e, text):
        return e.screen(text)["categories"]

    # A directory as a str: one path (not iterated character by character).
    e = Engine(str(tmp_path), default_lexicons=False)
    assert cats(e, "甲测试词") == ["vulgar"] and cats(e, "乙测试词") == ["commercial_ad"]
    assert cats(e, "丙测试词") == []  # not recursive
    # A file as a Path, a list mixing str and Path, a tuple.
    assert cats(Engine(tmp_path / "a.txt", default_lexicons=False), "乙测试词") == []
    e = Engine([str(tmp_path / "a.txt"), other], default_lexicons=False)
    assert cats(e, "甲测试词") == ["vulgar"] and cats(e, "丙测试词") == ["gambling"]
    e = Engine((pathlib.PurePath(tmp_path / "b.txt"),), default_lexicons=False)
    assert cats(e, "乙测试词") == ["commercial_ad"]
    # Added to the shipped lexicons by default.
    e = Engine(tmp_path)
    assert cats(e, "甲测试词") == ["vulgar"]
    assert cats(e, "赌*博网站注册就送彩金")[0] == "gambling"
    assert e.terms_len > Engine(tmp_path, default_lexicons=False).terms_len


def test_wrong_path_types(tmp_path):
    with pytest.raises(TypeError, match="lexicons must be a str or os.PathLike"):
        Engine(42)
    with pytest.raises(TypeError, match="not bytes"):
        Engine(b"/tmp")
    with pytest.raises(TypeError, match="each item must be"):
        Engine([tmp_path, 3])
    with pytest.raises(ValueError, match="default_lexicons=False needs lexicons="):
        Engine(default_lexicons=False)


def test_bad_paths(tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(shenhe.LexiconError) as e:
        Engine(missing)
    assert str(e.value).startswith(f"{missing}: cannot read: ")
    assert e.value.source == str(missing) and e.value.line is None
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(shenhe.LexiconError, match="holds no \\*.txt lexicon file"):
        Engine(empty)
    with pytest.raises(shenhe.PolicyError) as e:
        Engine(policy=tmp_path / "nopolicy.txt")
    assert str(e.value).startswith(f"{tmp_path / 'nopolicy.txt'}: cannot open: ")
    with pytest.raises(shenhe.ReferencesError) as e:
        Engine(references=tmp_path / "norefs.jsonl")
    assert str(tmp_path / "norefs.jsonl") in str(e.value)


def test_bad_lexicon_lines_are_located(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("# a comment\n好词\tvulgar\n网络赌场\tgamble\n", encoding="utf-8")
    with pytest.raises(shenhe.LexiconError) as e:
        Engine(tmp_path, default_lexicons=False)
    assert str(e.value).startswith(f'{bad}:3: unknown category "gamble"')
    assert e.value.source == str(bad)
    assert e.value.line == 3
    bad.write_text("词\tvulgar\tneed=\n", encoding="utf-8")
    with pytest.raises(shenhe.LexiconError) as e:
        Engine(bad, default_lexicons=False)
    assert e.value.line == 1 and str(e.value).startswith(f"{bad}:1: ")
    bad.write_text("没有类别\n", encoding="utf-8")
    with pytest.raises(shenhe.LexiconError, match=r":1: missing category"):
        Engine(bad, default_lexicons=False)


def test_policies_one_or_several(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("org emotional_opinion off\n* vulgar block\n", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("# a later file wins\norg emotional_opinion block\n", encoding="utf-8")
    lex = tmp_path / "lex.txt"
    lex.write_text("情绪测试词\temotional_opinion\n粗话测试词\tvulgar\n", encoding="utf-8")
    e = Engine(lex, policy=first, default_lexicons=False)
    assert e.screen("情绪测试词")["verdict"] == "pass"
    assert e.screen("粗话测试词", account="private")["verdict"] == "block"
    e = Engine(lex, policy=[first, str(second)], default_lexicons=False)
    assert e.screen("情绪测试词")["verdict"] == "block"
    assert e.screen("粗话测试词", account="private")["verdict"] == "block"
    bad = tmp_path / "bad.txt"
    bad.write_text("org gambling\n* vulgar maybe\n", encoding="utf-8")
    with pytest.raises(shenhe.PolicyError) as err:
        Engine(policy=[first, bad])
    assert str(err.value).startswith(f"{bad}:1: expected three fields")
    assert err.value.line == 1 and err.value.source == str(bad)


def test_references(tmp_path):
    refs = tmp_path / "refs.jsonl"
    refs.write_text(
        json.dumps({"id": "ref-1", "title": "供暖", "text": ORIGINAL, "source": "某某市人民政府网"},
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    e = Engine(references=refs)
    assert e.has_references
    terms = [h["term"] for h in e.screen(ORIGINAL + "大家相互转告。")["hits"]]
    assert "reference:ref-1" in terms
    assert not Engine().has_references
    assert "reference:ref-1" not in [h["term"] for h in Engine().screen(ORIGINAL)["hits"]]
    refs.write_text('{"id":"a","text":"正文"}\nnot json\n', encoding="utf-8")
    with pytest.raises(shenhe.ReferencesError) as err:
        Engine(references=[refs])
    assert str(err.value).startswith(f"{refs}:2: ")
    assert err.value.line == 2


# -- errors while screening ---------------------------------------------------------------------


def test_unknown_account(engine):
    with pytest.raises(ValueError, match='unknown account "public"'):
        engine.screen("x", account="public")
    with pytest.raises(ValueError, match='unknown account "public"'):
        engine.screen_batch(["x"], ["public"])


def test_text_must_be_a_valid_str(engine):
    with pytest.raises(UnicodeEncodeError):
        engine.screen("lone \ud800 surrogate")
    with pytest.raises(TypeError):
        engine.screen(b"bytes")
    with pytest.raises(TypeError):
        engine.screen(None)


def test_over_long_posts():
    e = make_testdata_engine(max_post_bytes=12)
    assert e.max_post_bytes == 12
    assert e.screen("网络赌场")["verdict"] == "block"
    with pytest.raises(shenhe.ScreenError) as err:
        e.screen("网络赌场!")
    assert str(err.value).startswith("post of 13 bytes exceeds the limit of 12 bytes")
    with pytest.raises(shenhe.ScreenError, match="^post 1: post of 13 bytes"):
        e.screen_batch(["ok", "网络赌场!"])
    results = e.screen_batch(["网络赌场", "网络赌场!"], errors="return")
    assert results[0]["verdict"] == "block"
    assert results[1] == {
        "error": "post of 13 bytes exceeds the limit of 12 bytes (Config::max_post_bytes)"
    }
    with pytest.raises(shenhe.ScreenError):
        e.redact("x" * 13)
    assert Engine().max_post_bytes == 4 << 20


def test_the_day_for_id_numbers_can_be_pinned():
    # Born 2026-01-02: an ID number from the day of birth on, not before.
    text = "身份证号110101202601021230"

    def ids(**kw):
        v = Engine(**kw).screen(text)
        return [h["term"] for h in v["hits"] if h["category"] == "personal_info"]

    assert ids(today=datetime.date(2026, 1, 2)) == ["id_card"]
    assert ids(today="2026-01-02") == ["id_card"]
    assert ids(today=datetime.date(2025, 12, 31)) == []
    for bad in ["2025-02-29", "2025-1-1", "yesterday", datetime.date(1899, 12, 31)]:
        with pytest.raises(ValueError, match="today="):
            Engine(today=bad)


def test_hits_per_term_can_be_limited():
    e = make_testdata_engine(max_hits_per_term=2)
    v = e.screen("网络赌场。网络赌场。网络赌场。")
    assert len(v["hits"]) == 2
    assert v["hits_omitted"] == 1


def test_errors_in_threads():
    e = make_testdata_engine(max_post_bytes=4)
    messages = {}

    def fail(name, text, account):
        try:
            e.screen(text, account=account)
        except (shenhe.ShenheError, ValueError) as err:
            messages[name] = str(err)

    threads = [
        threading.Thread(target=fail, args=("long", "12345", "org")),
        threading.Thread(target=fail, args=("account", "1", "nobody")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert messages["long"].startswith("post of 5 bytes exceeds the limit of 4 bytes")
    assert messages["account"].startswith('unknown account "nobody"')


# -- save and load ------------------------------------------------------------------------------


def test_save_and_load_round_trip(engine, posts, tmp_path):
    data = engine.save()
    assert isinstance(data, bytes) and data.startswith(b"SHENHE-ENGINE") and len(data) > 100
    loaded = Engine.load(data)
    texts = [p[2] for p in posts]
    accounts = [p[1] for p in posts]
    assert loaded.screen_batch(texts, accounts) == engine.screen_batch(texts, accounts)
    assert loaded.terms_len == engine.terms_len
    # To a file and back, by str and by Path; from a bytearray and a memoryview.
    path = tmp_path / "engine.bin"
    assert engine.save(path) is None
    assert path.read_bytes() == data
    for source in (str(path), path, bytearray(data), memoryview(data)):
        again = Engine.load(source)
        assert again.screen("情绪测试词", account="staff")["verdict"] == "block"
    # The configuration is saved with the engine.
    small = make_testdata_engine(max_post_bytes=100)
    assert Engine.load(small.save()).max_post_bytes == 100
    # The shipped engine too.
    shipped = Engine()
    assert Engine.load(shipped.save()).screen("赌*博网站注册就送彩金")["verdict"] == "block"


def test_load_errors(engine, tmp_path):
    with pytest.raises(shenhe.LoadError):
        Engine.load(b"not an engine")
    truncated = engine.save()[:-10]
    with pytest.raises(shenhe.LoadError):
        Engine.load(truncated)
    with pytest.raises(FileNotFoundError, match="nothing.bin"):
        Engine.load(tmp_path / "nothing.bin")
    (tmp_path / "junk.bin").write_bytes(b"junk")
    with pytest.raises(shenhe.LoadError, match="junk.bin: "):
        Engine.load(tmp_path / "junk.bin")
    with pytest.raises(TypeError, match="Engine.load takes"):
        Engine.load(12)
    with pytest.raises(FileNotFoundError):
        engine.save(tmp_path / "no" / "such" / "dir.bin")


def test_memory_and_repr(engine):
    assert Engine().memory_usage() > engine.memory_usage() > 0
    assert re.fullmatch(r"<shenhe.Engine terms=\d+ max_post_bytes=4194304>", repr(engine))


def test_engine_is_immutable(engine):
    with pytest.raises(AttributeError):
        engine.max_post_bytes = 3


# -- learned models -----------------------------------------------------------------------------

MODEL = TESTDATA / "model.txt"  # scores any post holding 赌博 0.8808 for gambling


def seal(body):
    """A model file's text: `body` and its checksum line (FNV-1a 64 of the bytes before it)."""
    h = 0xCBF29CE484222325
    for b in body.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{body}checksum\tfnv1a64:{h:016x}\n"


def test_a_model_adds_hits_with_a_score(engine):
    e = make_testdata_engine(model=MODEL)
    assert e.has_model and not engine.has_model
    for text in ("网上赌博害人不浅", "網上賭博害人不淺", "网上赌 博害人不浅"):
        v = e.screen(text)
        assert v["verdict"] == "review", v
        assert v["risk"] == "medium"
        [hit] = v["hits"]
        assert hit["term"] == "model:gambling"
        assert hit["category"] == "gambling" and hit["action"] == "review"
        assert hit["score"] == 0.8808
        assert list(hit)[-1] == "score"  # where the JSON has it
        assert text[hit["char_start"] : hit["char_end"]] == hit["matched"]
        assert e.screen(text) == json.loads(e.screen_json(text))
        # Without the model: nothing.
        assert engine.screen(text)["hits"] == []
    # Lexicon and model hits side by side; a lexicon hit has no "score".
    v = e.screen("网络赌场里赌博")
    assert v["verdict"] == "block"
    terms = {h["term"]: h for h in v["hits"]}
    assert set(terms) == {"网络赌场", "model:gambling"}
    assert "score" not in terms["网络赌场"] and terms["model:gambling"]["score"] == 0.8808
    assert e.screen("今天天气很好")["hits"] == []
    # Batches give what one by one gives.
    texts = ["网上赌博", "网络赌场", "今天天气很好", "網上賭博"] * 50
    assert e.screen_batch(texts) == [e.screen(t) for t in texts]


def test_with_model_and_saved_engines(engine, posts, tmp_path):
    e = engine.with_model(MODEL)
    assert e.has_model and not engine.has_model
    assert e.screen("网上赌博")["hits"][0]["score"] == 0.8808
    assert e.with_model(None).screen("网上赌博")["hits"] == []
    assert not e.with_model(None).has_model
    assert make_testdata_engine(model=str(MODEL)).screen("网上赌博") == e.screen("网上赌博")
    # The test posts hold nothing the model scores: the verdicts are those without it.
    texts = [p[2] for p in posts]
    accounts = [p[1] for p in posts]
    assert e.screen_batch(texts, accounts) == engine.screen_batch(texts, accounts)
    # A saved engine carries its model.
    loaded = Engine.load(e.save())
    assert loaded.has_model
    assert loaded.screen("網上賭博") == e.screen("網上賭博")
    e.save(tmp_path / "engine.bin")
    assert Engine.load(tmp_path / "engine.bin").screen("网上赌博")["verdict"] == "review"
    # The policy's model lines decide what a score does.
    policy = tmp_path / "policy.txt"
    policy.write_text("model org gambling 0.8 block\n", encoding="utf-8")
    strict = Engine(TESTDATA / "lexicon", policy=policy, default_lexicons=False, model=MODEL)
    assert strict.screen("网上赌博", account="org")["verdict"] == "block"
    assert strict.screen("网上赌博", account="staff")["verdict"] == "review"


def test_bad_models_raise_model_error_with_file_and_line(engine, tmp_path):
    assert issubclass(shenhe.ModelError, shenhe.DataError)
    text = MODEL.read_text(encoding="utf-8")
    bad = tmp_path / "model.txt"
    # A weight changed by hand: the checksum line says so.
    bad.write_text(text.replace("0:6", "0:7"), encoding="utf-8")
    last = len(text.splitlines())
    for make in (lambda: Engine(model=bad), lambda: engine.with_model(bad)):
        with pytest.raises(shenhe.ModelError) as err:
            make()
        assert str(err.value).startswith(f"{bad}:{last}: checksum mismatch")
        assert err.value.source == str(bad) and err.value.line == last
    # A malformed line, the checksum right: its own number.
    lines = text.splitlines(keepends=True)
    body = "".join(lines[:-1])
    number = next(i for i, l in enumerate(lines, 1) if l.startswith("class\tgambling"))
    bad.write_text(seal(body.replace("class\tgambling", "class\tgamble")), encoding="utf-8")
    with pytest.raises(shenhe.ModelError) as err:
        engine.with_model(bad)
    assert str(err.value).startswith(f'{bad}:{number}: unknown class "gamble"')
    assert err.value.line == number
    # Sealed as the library seals: the file itself round-trips.
    assert seal(body) == text
    missing = tmp_path / "missing.txt"
    with pytest.raises(shenhe.ModelError) as err:
        Engine(model=missing)
    assert str(err.value).startswith(f"{missing}: cannot read: ")
    assert err.value.line is None
    with pytest.raises(TypeError, match="model must be a str or os.PathLike"):
        Engine(model=3)
    with pytest.raises(TypeError, match="model must be a str or os.PathLike"):
        engine.with_model([MODEL])
