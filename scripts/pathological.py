#!/usr/bin/env python3
"""Screens pathological posts of 1, 2 and 4 MiB with the release `shenhe` and reports the time and
peak memory of each: one post of one pattern repeated (the shapes that once made detectors
quadratic), and one of all of them mixed.

    scripts/pathological.py [--shenhe PATH] [--sizes 1,2,4] [--timeout SECONDS] [--max-rss-ratio R]

It fails (exit 1) when a screen does not finish within --timeout (default 120 s: generous, a
guard against quadratic time, not a benchmark) or ends with an error, or when its peak memory is
above --max-rss-ratio times the post (default 80) plus the engine's own footprint (measured on
a short post). Peak RSS is a rough measure of a post's memory: the post's allocations reuse what
building the engine freed, and what the engine loads on first use (the word segmenter's
dictionary, about 23 MiB) counts only for the posts that make it load. tests/memory.rs counts
the heap each of these posts costs exactly. The default --timeout is far above what each takes here (at
most 2 s for 4 MiB on a 2-core machine). The figures go to standard output, one line a pattern.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

# (name, unit): each unit is repeated to the size. They are the shapes a probe found quadratic,
# and lexicon terms for comparison; tests/memory.rs reads the same file.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "tests", "data", "pathological.json"), encoding="utf-8") as _f:
    PATTERNS = [tuple(p) for p in json.load(_f)]


def post(unit: str, size: int) -> bytes:
    b = unit.encode()
    return (b * (size // len(b) + 1))[: size - size % len(b)] if size >= len(b) else b""


def run(shenhe: str, text: bytes, timeout: float):
    """Screens `text` with `shenhe check`; returns (seconds, peak RSS in bytes, exit code)."""
    with tempfile.TemporaryFile() as f:
        f.write(text)
        f.seek(0)
        start = time.monotonic()
        # A fresh process per post, so that its peak is its own: run it under /usr/bin/time -f.
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", shenhe, "check", "--max-post-bytes", str(max(len(text), 1) + 16)],
            stdin=f,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
        seconds = time.monotonic() - start
    rss_kib = int(proc.stderr.decode().strip().splitlines()[-1])
    # /usr/bin/time reports a child's non-zero exit on its first line.
    code = proc.returncode
    return seconds, rss_kib * 1024, code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    ap.add_argument("--shenhe", default=os.path.join(target, "release", "shenhe"))
    ap.add_argument("--sizes", default="1,2,4", help="post sizes in MiB")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max-rss-ratio", type=float, default=80.0)
    args = ap.parse_args()
    if not os.path.exists(args.shenhe):
        print(f"pathological.py: {args.shenhe} is missing: cargo build --release -p shenhe-cli", file=sys.stderr)
        return 2
    sizes = [int(s) << 20 for s in args.sizes.split(",")]
    _, base_rss, _ = run(args.shenhe, "今天召开全市经济工作会议".encode(), args.timeout)
    print(f"engine alone: peak {base_rss / 2**20:.0f} MiB")
    mixed = "".join(u for _, u in PATTERNS)
    failures = 0
    failed_posts = 0
    for name, unit in PATTERNS + [("mix of all", mixed)]:
        cells = []
        failures_before = failed_posts
        for size in sizes:
            text = post(unit, size)
            try:
                seconds, rss, code = run(args.shenhe, text, args.timeout)
            except subprocess.TimeoutExpired:
                cells.append(f"{size >> 20} MiB: TIMEOUT (>{args.timeout:.0f} s)")
                failed_posts += 1
                continue
            over = rss - base_rss
            ok = code in (0, 1) and over <= args.max_rss_ratio * len(text)
            failed_posts += not ok
            cells.append(
                f"{size >> 20} MiB: {seconds:.2f} s ({seconds / (size / 2**20):.2f} s/MiB), "
                f"peak {rss / 2**20:.0f} MiB ({over / len(text):.1f}x the post over the engine)"
                + ("" if ok else f" FAILED (exit {code})")
            )
        print(f"{name:>12}: " + "; ".join(cells))
        failures += failed_posts > failures_before
    print(f"{len(PATTERNS) + 1 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
