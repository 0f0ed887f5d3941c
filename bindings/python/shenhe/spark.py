"""Screen a Spark DataFrame column with shenhe.

::

    from pyspark.sql import SparkSession
    import shenhe
    from shenhe.spark import screen

    spark = SparkSession.builder.master("local[*]").getOrCreate()
    posts = spark.read.parquet("posts.parquet")               # a "text" column
    screened = screen(posts, shenhe.Engine(), account="org")  # adds the "shenhe" struct column
    screened.where("shenhe.verdict != 'pass'").select("id", "shenhe.categories").show()

or from the shell, JSONL or Parquet in, Parquet out::

    python -m shenhe.spark posts.jsonl screened.parquet --account org --master 'local[*]'

How it runs: the engine is compiled once, on the driver, and its bytes (:meth:`Engine.save`)
are sent to the executors as a broadcast. Each Python worker loads them once, on its first
batch, and keeps the engine for every later batch and task (keyed by the broadcast's id), so
nothing is compiled or loaded per row or per batch. Rows travel as Arrow record batches
(``mapInArrow``); each batch is screened by :meth:`Engine.screen_batch` with the GIL released,
on one thread, since Spark already runs one task per executor core.

The added column (``shenhe`` by default) is a struct: ``verdict``, ``account``, ``categories``,
``score``, ``risk``, ``label``,
``hits`` (the fields of the verdict JSON, contract §4; a hit's ``score`` is null unless a learned
model found it) and ``error``, null unless the row could not
be screened (a null text, an unknown account, a post over ``max_post_bytes``), as the error
lines of ``shenhe batch``. Every input column is kept. An engine's model
(``Engine(model=...)``) goes to the executors with its saved bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional

from . import Engine, ShenheError

if TYPE_CHECKING:  # pragma: no cover - types only
    import pyarrow as pa
    from pyspark import Accumulator
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["RESULT_DDL", "result_arrow_type", "screen", "main"]

#: The type of the added column, in Spark's DDL.
RESULT_DDL = (
    "struct<verdict:string,account:string,categories:array<string>,"
    "score:double,risk:string,label:string,"
    "hits:array<struct<category:string,action:string,clause:string,term:string,matched:string,"
    "start:bigint,end:bigint,char_start:bigint,char_end:bigint,reason:string,score:double>>,"
    "error:string>"
)


def result_arrow_type() -> "pa.DataType":
    """The type of the added column, in Arrow (the same as :data:`RESULT_DDL`)."""
    import pyarrow as pa

    hit = pa.struct(
        [
            ("category", pa.string()),
            ("action", pa.string()),
            ("clause", pa.string()),
            ("term", pa.string()),
            ("matched", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("char_start", pa.int64()),
            ("char_end", pa.int64()),
            ("reason", pa.string()),
            ("score", pa.float64()),
        ]
    )
    return pa.struct(
        [
            ("verdict", pa.string()),
            ("account", pa.string()),
            ("categories", pa.list_(pa.string())),
            ("score", pa.float64()),
            ("risk", pa.string()),
            ("label", pa.string()),
            ("hits", pa.list_(hit)),
            ("error", pa.string()),
        ]
    )


# The engines this Python worker has loaded, by broadcast: a worker runs many tasks, one after
# another, and loads each broadcast engine once. The key is a token made on the driver with the
# broadcast (a Broadcast object rebuilt on a worker does not expose its id).
_ENGINES: Dict[str, Engine] = {}


def _engine(
    key: str, broadcast: "Broadcast[bytes]", loads: Optional["Accumulator[int]"] = None
) -> Engine:
    engine = _ENGINES.get(key)
    if engine is None:
        engine = Engine.load(broadcast.value)
        _ENGINES[key] = engine
        if loads is not None:
            loads.add(1)
    return engine


class _Screener:
    """The function ``mapInArrow`` runs on each partition (a class, so that it pickles by
    reference to this module plus its few fields)."""

    def __init__(
        self,
        broadcast: "Broadcast[bytes]",
        text_column: str,
        account: str,
        account_column: Optional[str],
        loads: Optional["Accumulator[int]"],
        batches: Optional["Accumulator[int]"],
    ):
        self.broadcast = broadcast
        self.key = uuid.uuid4().hex
        self.text_column = text_column
        self.account = account
        self.account_column = account_column
        self.loads = loads
        self.batches = batches

    def __call__(self, batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        engine = _engine(self.key, self.broadcast, self.loads)
        result_type = result_arrow_type()
        for batch in batches:
            column = screen_arrow(
                engine,
                batch.column(self.text_column),
                self.account,
                None if self.account_column is None else batch.column(self.account_column),
                result_type,
            )
            if self.batches is not None:
                self.batches.add(1)
            yield pa.RecordBatch.from_arrays(
                [*batch.columns, column], names=[*batch.schema.names, "__shenhe__"]
            )


def screen_arrow(
    engine: Engine,
    texts: "pa.Array",
    account: str = "org",
    accounts: Optional["pa.Array"] = None,
    result_type: Optional["pa.DataType"] = None,
) -> "pa.Array":
    """Screens an Arrow string array on this thread; the struct array of results, one per
    text. ``accounts`` (optional) gives one account per text; a null there means ``account``."""
    import pyarrow as pa

    result_type = result_type or result_arrow_type()
    texts_py: List[Optional[str]] = texts.to_pylist()
    per_row = accounts.to_pylist() if accounts is not None else None
    results: List[Optional[Dict[str, Any]]] = [None] * len(texts_py)
    todo_texts: List[str] = []
    todo_accounts: List[str] = []
    todo_rows: List[int] = []
    bad_accounts: Dict[str, str] = {}
    for i, text in enumerate(texts_py):
        acc = account if per_row is None or per_row[i] is None else per_row[i]
        if text is None:
            results[i] = {"account": acc, "error": 'missing "text"'}
            continue
        if acc not in ("org", "staff", "private"):
            if acc not in bad_accounts:
                try:
                    engine.screen("", account=acc)
                    bad_accounts[acc] = ""
                except ValueError as e:
                    bad_accounts[acc] = str(e)
            if bad_accounts[acc]:
                results[i] = {"account": None, "error": bad_accounts[acc]}
                continue
        todo_texts.append(text)
        todo_accounts.append(acc)
        todo_rows.append(i)
    verdicts = engine.screen_batch(todo_texts, todo_accounts, threads=1, errors="return")
    for row, acc, verdict in zip(todo_rows, todo_accounts, verdicts):
        if "error" in verdict:
            verdict["account"] = acc
        results[row] = verdict
    return pa.array(results, type=result_type)


def screen(
    df: "DataFrame",
    engine: Optional[Engine] = None,
    *,
    text_column: str = "text",
    account: str = "org",
    account_column: Optional[str] = None,
    output_column: str = "shenhe",
    _counters: Optional[Dict[str, "Accumulator[int]"]] = None,
) -> "DataFrame":
    """``df`` with the struct column ``output_column`` added: the verdict on ``text_column``.

    ``engine`` defaults to ``Engine()`` (the shipped lexicons and policy). ``account`` is the
    account type of every post, unless ``account_column`` names a column with one per row
    (nulls there mean ``account``). Lazy, like every DataFrame transformation: the screening
    runs when the result is written or collected.
    """
    from pyspark.sql import types as T

    engine = engine if engine is not None else Engine()
    if engine.has_references:
        raise ValueError(
            "this engine checks registered originals, which Engine.save does not carry to the "
            "executors: screen on Spark with an engine built without references="
        )
    if account not in ("org", "staff", "private"):
        engine.screen("", account=account)  # raises the engine's ValueError
    names = df.columns
    for column in [text_column] + ([account_column] if account_column else []):
        if column not in names:
            raise ValueError(f"no column {column!r} in the DataFrame (columns: {names})")
    if output_column in names:
        raise ValueError(f"the DataFrame already has a column {output_column!r}")
    spark = df.sparkSession
    broadcast = spark.sparkContext.broadcast(engine.save())
    counters = _counters or {}
    fn = _Screener(
        broadcast,
        text_column,
        account,
        account_column,
        counters.get("loads"),
        counters.get("batches"),
    )
    result = T._parse_datatype_string(RESULT_DDL)
    schema = T.StructType([*df.schema.fields, T.StructField("__shenhe__", result, True)])
    return df.mapInArrow(fn, schema).withColumnRenamed("__shenhe__", output_column)


def _input_format(path: str, given: str) -> str:
    if given != "auto":
        return given
    if path.endswith(".parquet"):
        return "parquet"
    if os.path.isdir(path) and any(n.endswith(".parquet") for n in os.listdir(path)):
        return "parquet"
    return "json"


def _json_schema(spark: "SparkSession", path: str, lines: int = 1000) -> Optional[Any]:
    """The schema of a JSONL input inferred from its first lines, so that Spark does not read
    the whole archive once just to infer it; None (Spark infers it) when the input is not a
    local file or directory, or its first lines are not JSON objects."""
    if os.path.isdir(path):
        files = sorted(
            os.path.join(path, n)
            for n in os.listdir(path)
            if not n.startswith(("_", ".")) and os.path.isfile(os.path.join(path, n))
        )
        if not files:
            return None
        path = files[0]
    if not os.path.isfile(path):
        return None
    head: List[str] = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                head.append(line)
            if len(head) >= lines:
                break
    if not head:
        return None
    schema = spark.read.json(spark.sparkContext.parallelize(head, 1)).schema
    if "_corrupt_record" in schema.fieldNames():
        return None
    return schema


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m shenhe.spark INPUT OUTPUT``: screens JSONL or Parquet, writes Parquet."""
    p = argparse.ArgumentParser(
        prog="python -m shenhe.spark",
        description="Screen posts on Spark: JSONL or Parquet in, Parquet out (the input's "
        "columns plus a struct column of verdicts).",
    )
    p.add_argument("input", help="JSONL file or directory ({\"text\": ...} a line), or Parquet")
    p.add_argument("output", help="Parquet directory to write")
    p.add_argument("--account", default="org", help="account type: org, staff or private")
    p.add_argument("--account-column", help="a column with one account type per row")
    p.add_argument("--text-column", default="text", help="the column to screen (default: text)")
    p.add_argument("--output-column", default="shenhe", help="the added column (default: shenhe)")
    p.add_argument("--master", default="local[*]", help="Spark master (default: local[*])")
    p.add_argument("--format", default="auto", choices=["auto", "json", "parquet"],
                   help="input format (default: by the name: *.parquet or a directory of them "
                   "is Parquet, anything else JSONL)")
    p.add_argument("--schema", metavar="DDL",
                   help="the JSONL input's schema, e.g. 'id string, text string' (default: "
                   "inferred from the first 1000 lines)")
    p.add_argument("--lexicons", action="append", default=[], metavar="PATH",
                   help="a lexicon directory or file, added to the shipped ones (repeatable)")
    p.add_argument("--no-default-lexicons", action="store_true",
                   help="leave the shipped lexicons out: screen with --lexicons only")
    p.add_argument("--policy", action="append", default=[], metavar="FILE",
                   help="a policy file (repeatable; a later file wins)")
    p.add_argument("--max-post-bytes", type=int, help="limit on one post (default 4 MiB)")
    p.add_argument("--model", metavar="FILE",
                   help="score posts with a learned model too (from `shenhe train`)")
    p.add_argument("--partitions", type=int,
                   help="repartition the input into this many partitions before screening")
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    args = p.parse_args(argv)

    try:
        engine = Engine(
            args.lexicons or None,
            policy=args.policy or None,
            default_lexicons=not args.no_default_lexicons,
            max_post_bytes=args.max_post_bytes,
            model=args.model,
        )
        if args.account not in ("org", "staff", "private"):
            engine.screen("", account=args.account)
    except (ShenheError, ValueError, OSError) as e:
        print(f"shenhe.spark: {e}", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    # The Python workers must import this package: run them with this interpreter (the one it
    # is installed in) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("shenhe")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    try:
        started = time.perf_counter()
        fmt = _input_format(args.input, args.format)
        if fmt == "parquet":
            df = spark.read.parquet(args.input)
        else:
            reader = spark.read
            schema = args.schema or _json_schema(spark, args.input)
            if schema is not None:
                reader = reader.schema(schema)
            df = reader.json(args.input)
        if args.partitions:
            df = df.repartition(args.partitions)
        out = screen(
            df,
            engine,
            text_column=args.text_column,
            account=args.account,
            account_column=args.account_column,
            output_column=args.output_column,
        )
        writer = out.write.mode("overwrite" if args.overwrite else "errorifexists")
        writer.parquet(args.output)
        secs = time.perf_counter() - started
        col = args.output_column
        counts = {
            r[0]: r[1]
            for r in spark.read.parquet(args.output)
            .selectExpr(f"coalesce(`{col}`.verdict, 'error') AS v")
            .groupBy("v")
            .count()
            .collect()
        }
        total = sum(counts.values())
        print(
            f"shenhe.spark: {total} posts in {secs:.1f} s on {spark.sparkContext.master} "
            f"({spark.sparkContext.defaultParallelism} cores): {total / max(secs, 1e-9):.0f} posts/s",
            file=sys.stderr,
        )
        print(
            "  verdicts: "
            + ", ".join(f"{k} {counts.get(k, 0)}" for k in ("pass", "review", "block", "error")),
            file=sys.stderr,
        )
        # As `shenhe batch`: 2 when a row could not be screened, else 1 when any post is held.
        if counts.get("error", 0):
            return 2
        return 1 if counts.get("review", 0) + counts.get("block", 0) else 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
