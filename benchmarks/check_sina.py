#!/usr/bin/env python3
"""Batch mode on the raw Sina pages: is what recurs across pages gone, and does the body stay?

    .venv/bin/python benchmarks/check_sina.py ../shared/corpus/scraped_zh_sina [-j N]

Runs batch mode (dedup.batch.run_batch, default settings) on the folder into a temporary
folder, then reads the raw pages again and checks, on matching keys (dedup.keys.make_key, so
cleanup of punctuation width and spacing does not count):

- recurring lines: every raw line found on at least as many pages as the boilerplate threshold
  (10 for 1,111 pages; counted here on the raw lines, independently of the tool). None may be
  left on any output page. Widget code (the cleanup's junk rules call it code) is counted too.
- body paragraphs: every line the page indents with the full-width indent (　　) that holds
  Chinese text and is not a recurring line. Each must be an output paragraph of its page (or,
  for a page dropped as a duplicate, of the page it repeats), or part of one (pipe mode joins
  a sentence cut across two lines). The ones that are not are counted by the reason the report
  gives: the cross-page reasons (boilerplate, duplicate page; or none found) fail the check,
  the in-page ones (junk, near, ...) are pipe mode's decisions, listed for information.

Prints the counts and the body lines not in the output, with the reason. Exit status 1 if a
recurring line is left or a body paragraph is lost to the cross-page rules.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import regex

from dedup.batch import BatchOptions, boilerplate_threshold, discover, run_batch
from dedup.clean import junk_reason
from dedup.keys import make_key
from dedup.sources import decode

HAN = regex.compile(r"\p{Han}")
CROSS_PAGE = ("boilerplate", "duplicate-page", "missing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        pages = discover([args.corpus], str(out))
        lines: list[str] = []
        summary = run_batch(pages, str(out), BatchOptions(jobs=args.jobs), report=lines.append)
        records = [json.loads(line) for line in "".join(lines).splitlines()]
        output = {p.name: _keys(out / p.output) for p in pages}
    duplicate_of = {r["page"]: r["duplicate_of"] for r in records
                    if r.get("reason") == "duplicate-page"}
    why = {(r["page"], make_key(r["text"])): r["reason"] for r in records if "text" in r}
    raw = {p.name: [line.strip() for line in decode(p.path.read_bytes(), p.name).splitlines()
                    if line.strip()] for p in pages}
    raw_indented = {p.name: [line for line in decode(p.path.read_bytes(), p.name).splitlines()
                             if line.startswith("\u3000\u3000") and line.strip()] for p in pages}
    frequency = Counter(key for lines_ in raw.values() for key in {make_key(x) for x in lines_})
    threshold = boilerplate_threshold(len(pages))
    recurring = {key for key, n in frequency.items() if n >= threshold and key}

    occurrences = left = code = code_left = body = survived = 0
    lost: Counter[str] = Counter()
    examples = []
    for name, page_lines in raw.items():
        kept = output[duplicate_of.get(name, name)]
        for line in page_lines:
            key = make_key(line)
            if key in recurring:
                occurrences += 1
                left += name not in duplicate_of and key in output[name]
            if junk_reason(line) == "code":
                code += 1
                code_left += name not in duplicate_of and key in output[name]
        for line in raw_indented[name]:
            key = make_key(line)
            if key in recurring or not HAN.search(line):
                continue
            body += 1
            if key in kept or any(key in other for other in kept):  # kept, or joined to a neighbour
                survived += 1
            else:
                reason = why.get((name, key), "missing")
                lost[reason] += 1
                examples.append(f"  {name}: {reason}: {line.strip()[:70]}")
    print(f"pages {len(pages)}, boilerplate threshold {threshold} pages; batch: "
          f"{summary.line(0)[:-6]}")
    print(f"recurring lines (on >= {threshold} pages): {len(recurring)} distinct, "
          f"{occurrences} occurrences, left in the output: {left}")
    print(f"code lines: {code}, left in the output: {code_left}")
    across = sum(n for reason, n in lost.items() if reason in CROSS_PAGE)
    print(f"body paragraphs: {body}, in the output: {survived}; not in the output: "
          f"{sum(lost.values())}, of which removed by the cross-page rules: {across}, by the "
          f"in-page rules (as pipe mode does): {sum(lost.values()) - across} {dict(lost)}")
    print("\n".join(examples[:60]))
    return 1 if left or across else 0


def _keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {make_key(p) for p in path.read_text(encoding="utf-8").split("\n\n")}


if __name__ == "__main__":
    sys.exit(main())
