"""Tests of shenhe.spark on a local[2] Spark: the struct column equals, row for row, what the
command line's `shenhe batch` writes for the same posts.

Needs pyspark, pyarrow and pandas (run.sh installs them) and the `shenhe` binary: SHENHE_CLI, else
target/release/shenhe or target/debug/shenhe of this checkout. With SHENHE_REQUIRE_INSTALLED=1
(as run.sh sets it) a missing piece fails the tests instead of skipping them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shenhe import Engine

ROOT = Path(__file__).resolve().parents[3]
TESTDATA = Path(os.environ.get("SHENHE_TESTDATA", ROOT / "bindings" / "testdata"))
REQUIRED = os.environ.get("SHENHE_REQUIRE_INSTALLED") == "1"


def _missing(what):
    if REQUIRED:
        pytest.fail(f"{what} (SHENHE_REQUIRE_INSTALLED=1)")
    pytest.skip(what)


try:
    import pandas  # noqa: F401 - pyspark needs it for mapInArrow
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    from shenhe.spark import screen
except ImportError as e:  # pragma: no cover - depends on the environment
    if REQUIRED:
        raise
    pytest.skip(f"pyspark or pyarrow is not installed: {e}", allow_module_level=True)


def cli_path():
    given = os.environ.get("SHENHE_CLI")
    candidates = [Path(given)] if given else [
        ROOT / "target" / "release" / "shenhe",
        ROOT / "target" / "debug" / "shenhe",
    ]
    for path in candidates:
        if path.is_file():
            return path
    _missing(f"the shenhe binary is not built ({', '.join(map(str, candidates))})")


TESTDATA_ARGS = [
    "--lexicons", str(TESTDATA / "lexicon"), "--no-default-lexicons",
    "--policy", str(TESTDATA / "policy.txt"),
]


def make_testdata_engine():
    return Engine(TESTDATA / "lexicon", policy=TESTDATA / "policy.txt", default_lexicons=False)


def rows():
    """The shared test posts, variants of them, and rows that cannot be screened."""
    out = []
    for line in (TESTDATA / "posts.tsv").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            post_id, account, text = line.split("\t", 2)
            out.append({"id": post_id, "account": account, "text": text})
    base = list(out)
    for i in range(240):
        post = base[i % len(base)]
        text = f"第{i}条 " + ("*".join(post["text"]) if i % 2 else post["text"])
        account = (None, "org", "staff", "private")[i % 4]
        out.append({"id": f"v-{i}", "account": account, "text": text})
    out.append({"id": "no-text", "account": "org", "text": None})
    out.append({"id": "bad-account", "account": "public", "text": "网络赌场"})
    return out


def jsonl(records):
    lines = []
    for r in records:
        r = {k: v for k, v in r.items() if v is not None}
        lines.append(json.dumps(r, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def run_cli(records, tmp_path, args):
    src = tmp_path / "posts.jsonl"
    src.write_text(jsonl(records), encoding="utf-8")
    done = subprocess.run(
        [str(cli_path()), "batch", str(src), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    # 2: some lines are errors (the rows made to fail), as the contract says.
    assert done.returncode in (0, 1, 2), done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(records)
    return [json.loads(line) for line in lines]


def no_null_scores(hits):
    """Hits as in the verdict JSON: a hit of the lexicons has no ``score`` (null in the struct)."""
    return [{k: v for k, v in h.items() if not (k == "score" and v is None)} for h in hits]


def assert_same(spark_rows, cli_lines):
    """Each Spark row's struct equals the CLI's line for the same post."""
    assert len(spark_rows) == len(cli_lines)
    checked = {"verdict": 0, "error": 0}
    for row, want in zip(spark_rows, cli_lines):
        got = row["shenhe"]
        assert row["id"] == want["id"]
        if "error" in want:
            assert got["error"] == want["error"], row["id"]
            assert got["verdict"] is None
            checked["error"] += 1
        else:
            assert got["error"] is None, (row["id"], got["error"])
            for key in ("verdict", "account", "categories"):
                assert got[key] == want[key], (row["id"], key)
            assert no_null_scores(got["hits"]) == want["hits"], (row["id"], "hits")
            checked["verdict"] += 1
    assert checked["error"] == 2
    assert checked["verdict"] > 200


@pytest.fixture(scope="module")
def spark():
    # The Python workers must run the interpreter the package is installed in.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("shenhe-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Small Arrow batches, so that each task sees many and the engine cache is tested.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def screened(spark, records, engine, **kwargs):
    df = spark.createDataFrame(
        [(r["id"], r["account"], r["text"]) for r in records],
        "id string, account string, text string",
    ).repartition(4)
    loads = spark.sparkContext.accumulator(0)
    batches = spark.sparkContext.accumulator(0)
    out = screen(df, engine, _counters={"loads": loads, "batches": batches}, **kwargs)
    order = {r["id"]: i for i, r in enumerate(records)}
    got = sorted((r.asDict(recursive=True) for r in out.collect()), key=lambda r: order[r["id"]])
    return got, loads.value, batches.value


def test_the_struct_equals_shenhe_batch(spark, tmp_path):
    records = rows()
    cli = run_cli(records, tmp_path, TESTDATA_ARGS)
    got, loads, batches = screened(spark, records, make_testdata_engine(), account_column="account")
    assert_same(got, cli)
    # Input columns are kept, the struct is added.
    assert list(got[0]) == ["id", "account", "text", "shenhe"]
    # The engine was loaded once per Python worker (at most two on local[2]), not per batch.
    assert 1 <= loads <= 2
    assert batches >= 30


def test_shipped_lexicons_and_one_account(spark, tmp_path):
    records = [dict(r, account=None) for r in rows() if r["id"] != "bad-account"]
    records.append({"id": "bad-account", "account": None, "text": None})
    cli = run_cli(records, tmp_path, ["--account", "staff"])
    got, _, _ = screened(spark, records, None, account="staff")
    assert_same(got, cli)
    assert {r["shenhe"]["verdict"] for r in got} >= {"pass", "block"}


MODEL_TEXTS = ["网上赌博害人不浅", "網上賭博,注册送彩金", "网络赌场", "今天天气很好"]


def test_a_model_goes_to_the_executors(spark):
    engine = make_testdata_engine().with_model(TESTDATA / "model.txt")
    records = [
        {"id": f"m-{i}", "account": ("org", "staff", "private")[i % 3], "text": t}
        for i, t in enumerate(MODEL_TEXTS * 10)
    ]
    got, _, _ = screened(spark, records, engine, account_column="account")
    want = engine.screen_batch([r["text"] for r in records], [r["account"] for r in records])
    scores = []
    for row, v in zip(got, want):
        s = row["shenhe"]
        assert s["error"] is None
        for key in ("verdict", "account", "categories", "score", "risk"):
            assert s[key] == v[key], (row["id"], key)
        assert no_null_scores(s["hits"]) == v["hits"], row["id"]
        scores += [h["score"] for h in s["hits"] if h["term"] == "model:gambling"]
    assert scores and set(scores) == {0.8808}


def test_arguments_are_checked(spark, tmp_path):
    df = spark.createDataFrame([("a", "x")], "id string, body string")
    with pytest.raises(ValueError, match="no column 'text'"):
        screen(df)
    with pytest.raises(ValueError, match='unknown account "nobody"'):
        screen(df, text_column="body", account="nobody")
    with pytest.raises(ValueError, match="already has a column 'id'"):
        screen(df, text_column="body", output_column="id")
    refs = tmp_path / "refs.jsonl"
    refs.write_text('{"id":"r","text":"今冬明春供暖保障工作的通知全文"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="registered originals"):
        screen(df, Engine(references=refs), text_column="body")


def test_the_command_line(tmp_path):
    records = rows()
    cli = run_cli(records, tmp_path, TESTDATA_ARGS)
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(records), encoding="utf-8")
    out = tmp_path / "out.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "shenhe.spark", str(src), str(out), "--master", "local[2]",
         "--account-column", "account", *TESTDATA_ARGS],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    # 2: two rows could not be screened, as `shenhe batch` says of them.
    assert done.returncode == 2, done.stderr[-3000:]
    assert f"shenhe.spark: {len(records)} posts in " in done.stderr
    table = pq.read_table(out).to_pylist()
    order = {r["id"]: i for i, r in enumerate(records)}
    table.sort(key=lambda r: order[r["id"]])
    assert_same(table, cli)
    # Parquet in works too, and an existing output is not replaced without --overwrite.
    again = subprocess.run(
        [sys.executable, "-m", "shenhe.spark", str(out), str(out), "--master", "local[1]"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert again.returncode != 0
    parquet_in = tmp_path / "posts.parquet"
    # Without Spark's schema metadata, which still names the dropped column; with two posts more
    # for the model given this time (the test posts hold nothing it scores).
    posts_in = pq.read_table(out).drop_columns(["shenhe"]).replace_schema_metadata()
    extra = pa.Table.from_pylist(
        [{"id": "model-1", "account": "org", "text": "网上赌博害人不浅"},
         {"id": "model-2", "account": "staff", "text": "網上賭博"}],
        schema=posts_in.schema,
    )
    pq.write_table(pa.concat_tables([posts_in, extra]), parquet_in)
    out2 = tmp_path / "out2.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "shenhe.spark", str(parquet_in), str(out2), "--master", "local[1]",
         "--account-column", "account", *TESTDATA_ARGS, "--model", str(TESTDATA / "model.txt")],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr[-3000:]
    table2 = pq.read_table(out2).to_pylist()
    model_rows = sorted((r for r in table2 if r["id"].startswith("model-")), key=lambda r: r["id"])
    table2 = [r for r in table2 if not r["id"].startswith("model-")]
    table2.sort(key=lambda r: order[r["id"]])
    assert_same(table2, cli)
    for row in model_rows:
        assert row["shenhe"]["verdict"] == "review", row
        assert [(h["term"], h["score"]) for h in row["shenhe"]["hits"]] == [
            ("model:gambling", 0.8808)
        ]


def test_bad_options_exit_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("网络赌场\tgamble\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "shenhe.spark", "in.jsonl", "out", "--lexicons", str(bad)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f'{bad}:1: unknown category "gamble"' in done.stderr
    damaged = tmp_path / "model.txt"
    text = (TESTDATA / "model.txt").read_text(encoding="utf-8")
    damaged.write_text(text.replace("0:6", "0:7"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "shenhe.spark", "in.jsonl", "out", "--model", str(damaged)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f"{damaged}:{len(text.splitlines())}: checksum mismatch" in done.stderr
