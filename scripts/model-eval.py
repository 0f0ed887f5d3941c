#!/usr/bin/env python3
"""Measures a model trained by `shenhe train` on data it never saw (issue 10).

usage: scripts/model-eval.py DATA_DIR [--bin PATH] [--keep DIR] [--test-share 0.2]

DATA_DIR is the folder holding eval/*.jsonl (labelled sets in the shape `shenhe eval` reads),
e.g. ../shared/data. Each set is split by a hash of its lines into a training part and a test
part (--test-share, default 0.2); one model is trained on all training parts with the default
calibration, and `shenhe eval` runs on the test parts without and with it. Nothing is written
into the repository; the split and the model go to a temporary folder (or --keep DIR).
Without DATA_DIR (or when it has no eval/), the script says so and exits 0.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?")
    ap.add_argument("--bin", default="target/release/shenhe")
    ap.add_argument("--keep")
    ap.add_argument("--test-share", type=float, default=0.2)
    a = ap.parse_args()
    eval_dir = os.path.join(a.data or "", "eval")
    if not a.data or not os.path.isdir(eval_dir):
        print(f"model-eval: no labelled sets at {eval_dir!r}; skipped")
        return 0
    work = a.keep or tempfile.mkdtemp(prefix="shenhe-model-eval-")
    os.makedirs(os.path.join(work, "train"), exist_ok=True)
    os.makedirs(os.path.join(work, "test"), exist_ok=True)
    tests = []
    trains = []
    for name in sorted(os.listdir(eval_dir)):
        if not name.endswith(".jsonl"):
            continue
        tr = os.path.join(work, "train", name)
        te = os.path.join(work, "test", name)
        n = [0, 0]
        with open(os.path.join(eval_dir, name), encoding="utf-8") as f, open(
            tr, "w", encoding="utf-8"
        ) as ftr, open(te, "w", encoding="utf-8") as fte:
            for line in f:
                h = int.from_bytes(hashlib.sha1(line.encode("utf-8")).digest()[:8], "big")
                test = h / 2**64 < a.test_share
                (fte if test else ftr).write(line)
                n[test] += 1
        print(f"{name}: {n[0]} training, {n[1]} test posts", file=sys.stderr)
        trains.append(tr)
        tests.append(te)
    model = os.path.join(work, "model.txt")
    t = time.time()
    subprocess.run([a.bin, "train", *trains, "-o", model], check=True)
    print(f"training took {time.time() - t:.1f} s; model {os.path.getsize(model)} bytes", file=sys.stderr)
    print("== without the model")
    sys.stdout.flush()
    subprocess.run([a.bin, "eval", *tests])
    print("== with the model")
    sys.stdout.flush()
    subprocess.run([a.bin, "eval", "--model", model, *tests])
    print(f"(split and model in {work})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
