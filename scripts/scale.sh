#!/usr/bin/env bash
# The scale measurement of docs/scale.md: an archive of at least 5 million posts (a JSONL corpus
# repeated), screened by `shenhe batch` on 1 and 2 threads and by the Spark job
# (`python -m shenhe.spark`) on local[1] and local[2]; then the loaded engine's memory, and the
# Spark job on Parquet and JSONL input without output. Not run in CI: it needs a real corpus
# and ~20 minutes on a quiet machine.
#
#   scripts/scale.sh CORPUS.jsonl [COPIES]
#
#   CORPUS.jsonl   posts, {"id", "text"} a line (e.g. ../shared/data/corpus/weibo-comments.jsonl,
#                  752,923 lines); when missing, the script says so and exits 0
#   COPIES         how many times to repeat it (default 7: 5,270,461 posts)
#
# Writes its figures to target/scale/results.txt and removes the generated archive, Parquet
# files and outputs at the end. Uses the Python in SCALE_PYTHON, else that of the virtual
# environment of bindings/python/run.sh (target/bindings/python/venv), when it has shenhe,
# pyspark, pyarrow and pandas; else makes its own virtual environment in target/scale/venv.
# Timings are wall clock: on a machine shared with other builds they are noisy; run it twice
# and take the best.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

corpus=${1:-}
copies=${2:-7}
if [ -z "$corpus" ] || [ ! -f "$corpus" ]; then
    echo "scale.sh: no corpus at '${corpus}': skipped (usage: scripts/scale.sh CORPUS.jsonl [COPIES])"
    exit 0
fi

target=${CARGO_TARGET_DIR:-$root/target}
work=$target/scale
mkdir -p "$work"
archive=$work/archive.jsonl
results=$work/results.txt
cleanup() { rm -rf "$archive" "$work/archive.parquet" "$work"/out-*; }
trap cleanup EXIT
: > "$results"
say() { echo "$*" | tee -a "$results"; }

echo "== build the release CLI and the Python package"
cargo build --release -p shenhe-cli
cli=$target/release/shenhe
python=${SCALE_PYTHON:-$target/bindings/python/venv/bin/python}
if ! { [ -x "$python" ] && "$python" -c "import pyspark, pyarrow, pandas, shenhe" 2> /dev/null; }; then
    python=$work/venv/bin/python
    [ -x "$python" ] || python3 -m venv "$work/venv"
    "$python" -m pip --disable-pip-version-check --quiet install maturin pyspark pyarrow "pandas<3"
    "$python" -m pip --disable-pip-version-check --quiet install --no-build-isolation ./bindings/python
fi

echo "== the archive: $corpus x $copies"
for _ in $(seq "$copies"); do cat "$corpus"; done > "$archive"
posts=$(wc -l < "$archive")
say "archive: $posts posts, $(du -m "$archive" | cut -f1) MB of JSONL ($copies copies of $(basename "$corpus"))"
say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

# Runs a command with its output in a log; prints its wall time and the CPU time of its whole
# process tree (the JVM and Spark's Python workers too), in seconds. Posts per CPU second is the
# figure that holds on a busy machine, where wall time depends on what else runs.
cat > "$work/cputree.py" <<'PY'
import os, subprocess, sys, time
log, cmd = sys.argv[1], sys.argv[2:]
tick = os.sysconf("SC_CLK_TCK")
cpu = {}
def sample(root):
    kids = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(fields[1]), []).append((int(pid), int(fields[11]) + int(fields[12])))
    todo = [root]
    while todo:
        for pid, ticks in kids.get(todo.pop(), []):
            cpu[pid] = ticks
            todo.append(pid)
start = time.perf_counter()
with open(log, "w") as out:
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    while proc.poll() is None:
        sample(os.getpid())
        time.sleep(0.2)
wall = time.perf_counter() - start
print(f"{wall:.1f} {sum(cpu.values()) / tick:.1f} {proc.returncode}")
PY
run() {
    local log=$1; shift
    python3 "$work/cputree.py" "$log" "$@"
}
report() {  # label, "wall cpu code", log
    local wall cpu code
    read -r wall cpu code <<< "$2"
    [ "$code" -le 2 ] || { echo "scale.sh: $1 failed (exit $code), see $3" >&2; tail -20 "$3" >&2; exit 1; }
    say "$1: wall $wall s ($(echo "$posts / $wall" | bc) posts/s), CPU $cpu s ($(echo "$posts / $cpu" | bc) posts per CPU second)"
}

for threads in 1 2; do
    r=$(run "$work/batch-$threads.log" "$cli" batch --threads "$threads" "$archive" -o /dev/null)
    report "shenhe batch --threads $threads" "$r" "$work/batch-$threads.log"
done

for cores in 1 2; do
    r=$(run "$work/spark-$cores.log" "$python" -m shenhe.spark "$archive" "$work/out-$cores" \
        --master "local[$cores]" --overwrite)
    report "spark local[$cores] (JSONL in, Parquet out, JVM start included)" "$r" "$work/spark-$cores.log"
    rm -rf "$work/out-$cores"
done

echo "== Parquet input, engine memory"
"$python" - "$archive" "$work" "$results" <<'PY'
import os, resource, sys, time

archive, work, results = sys.argv[1:4]
out = open(results, "a")


def say(line):
    print(line)
    out.write(line + "\n")
    out.flush()


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


import shenhe

before = rss_mb()
t = time.perf_counter()
built = shenhe.Engine()
build_s = time.perf_counter() - t
data = built.save()
del built
mid = rss_mb()
t = time.perf_counter()
engine = shenhe.Engine.load(data)
load_s = time.perf_counter() - t
engine.screen("预热")
after = rss_mb()
say(f"engine: compile {build_s * 1000:.0f} ms, save {len(data) / 1e6:.1f} MB, load {load_s * 1000:.0f} ms; "
    f"memory_usage() {engine.memory_usage() / 1e6:.1f} MB; RSS of a fresh process "
    f"{before:.0f} MB, +{after - mid:.0f} MB for one loaded engine (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession
from shenhe.spark import screen

spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
schema = "id string, text string"
parquet = os.path.join(work, "archive.parquet")
t = time.perf_counter()
spark.read.schema(schema).json(archive).write.mode("overwrite").parquet(parquet)
say(f"JSONL -> Parquet with Spark local[2]: {time.perf_counter() - t:.1f} s, "
    f"{sum(os.path.getsize(os.path.join(parquet, n)) for n in os.listdir(parquet)) / 1e6:.0f} MB of Parquet")

n = spark.read.parquet(parquet).count()


def run(label, df):
    t = time.perf_counter()
    df.write.format("noop").mode("overwrite").save()
    secs = time.perf_counter() - t
    say(f"{label}: {secs:.1f} s, {n / secs:.0f} posts/s")
    return secs


run("local[2], Parquet in, mapInArrow, no output (noop)", screen(spark.read.parquet(parquet), engine))
run("local[2], JSONL in, mapInArrow, no output (noop)", screen(spark.read.schema(schema).json(archive), engine))
run("local[2], Parquet in, read only (noop)", spark.read.parquet(parquet))

spark.stop()
PY
echo
echo "== results ($results)"
cat "$results"
