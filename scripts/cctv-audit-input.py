#!/usr/bin/env python3
"""Builds a `shenhe audit` archive from the labelled CCTV set (two years of one daily programme).

    scripts/cctv-audit-input.py [CCTV.jsonl] [OUT.jsonl]

CCTV.jsonl defaults to ../shared/data/eval/cctv-2022-2023.jsonl (relative to the repository); when
it is missing the script says so and exits 0, so the project's checks never depend on it. OUT
defaults to standard output.

Each line's id is `cctv-YYYYMMDD-N` (N: the item's place in that day's programme). Only the date
is real: the programme airs at 19:00, so item N of a day gets the time 19:00 plus its rank in
seconds, which keeps the day's items in order. Every item goes to one account, 新闻联播, of kind
`video` (a television programme). Labels in the set are left out. A line whose id does not carry
a date is an error that names it (nothing is dropped silently).
"""
import json
import os
import re
import sys

ID = re.compile(r"^cctv-(\d{4})(\d{2})(\d{2})-(\d+)$")


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "shared", "data", "eval", "cctv-2022-2023.jsonl")
    src = sys.argv[1] if len(sys.argv) > 1 else default
    if not os.path.exists(src):
        print(f"cctv-audit-input: {src} not found; skipping", file=sys.stderr)
        return 0
    items = []
    with open(src, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            try:
                post = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"cctv-audit-input: {src}:{line_no}: invalid JSON: {e}", file=sys.stderr)
                return 2
            m = ID.match(str(post.get("id", "")))
            if not m or "text" not in post:
                print(f"cctv-audit-input: {src}:{line_no}: id {post.get('id')!r} is not "
                      "cctv-YYYYMMDD-N or the line has no text", file=sys.stderr)
                return 2
            y, mo, d, n = m.groups()
            items.append((f"{y}-{mo}-{d}", int(n), post["id"], post["text"]))
    items.sort(key=lambda x: (x[0], x[1]))
    out = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) > 2 else sys.stdout
    rank, last = 0, None
    for date, _, pid, text in items:
        rank = rank + 1 if date == last else 0
        last = date
        minutes, seconds = divmod(rank, 60)
        time = f"{date} {19 + minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}"
        out.write(json.dumps({"id": pid, "text": text, "time": time, "account": "新闻联播",
                              "kind": "video"}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    print(f"cctv-audit-input: {len(items)} posts over "
          f"{len({i[0] for i in items})} days written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
