#!/usr/bin/env bash
# Screens per second from Java (one thread, one thread per core, screenBatch) next to the Rust
# API (one thread, screen_batch) on the same posts, with the shipped lexicons. Not run in CI.
#
#   bindings/java/bench/run.sh CORPUS_JSONL [LIMIT] [ROUNDS]
#
# CORPUS_JSONL holds one {"text": ...} object a line (e.g. data/corpus/weibo-comments.jsonl);
# LIMIT posts are taken from it (default: all), newlines inside a post turned into spaces. Exits
# 0 with a note when the file is missing. Timings are noisy on a shared machine: best of ROUNDS.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
corpus=${1:-}
limit=${2:-0}
rounds=${3:-3}
if [ -z "$corpus" ] || [ ! -e "$corpus" ]; then
    echo "bench: no corpus at '${corpus}': nothing measured"
    exit 0
fi
target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
out=$target/bindings/java/bench
mkdir -p "$out"

python3 - "$corpus" "$limit" > "$out/posts.txt" <<'PY'
import json, sys
limit = int(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as f:
    for n, line in enumerate(f):
        if limit and n >= limit:
            break
        text = json.loads(line)["text"]
        print(" ".join(text.splitlines()))
PY

cargo build --release --quiet -p shenhe-jni --example throughput
jar=$(bindings/java/build.sh --no-build "$target/bindings/java")
javac --release 17 -encoding UTF-8 -cp "$jar" -d "$out" bindings/java/bench/Bench.java
echo "jar: $(du -k "$jar" | cut -f1) KiB ($jar)"
"$target/release/examples/throughput" "$out/posts.txt" "$rounds"
java -cp "$jar:$out" Bench "$out/posts.txt" "$rounds"
