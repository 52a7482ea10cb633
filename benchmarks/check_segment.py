#!/usr/bin/env python3
"""Segmentation on real text: display-width wraps, raw tables and fragment flags.

Run on demand (it reads a corpus outside the repository):

    .venv/bin/python benchmarks/check_segment.py ../shared/corpus/scraped_zh_sina

- wraps: every paragraph of the folder's pages (a line indented with 　　) that ends a sentence,
  holds two Latin words apart by a space and has 60 to 400 characters is wrapped at display
  widths 40, 47, ..., 117, character by character as a PDF column is (a CJK character takes two
  columns; a space at the break stays where it fell), and segmented. It should come back as
  one paragraph, letter for letter. Prints how many came back cut into several, and how many
  with their text changed, counting runs of two lines apart (they give no evidence of the width).
- tables: the tables dedup.segment.find_tables finds, page by page.
- fragments: the `fragment` flags of each page cleaned alone (pipe mode), and how many are on
  the first kept paragraph.

It prints figures and checks none of them.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import regex

from dedup import segment as seg
from dedup.pipeline import dedup_text
from dedup.sources import decode

WIDTHS = range(40, 121, 7)
LATIN_WORDS = regex.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def wrap_at_columns(text: str, width: int) -> list[str]:
    """Text broken every ``width`` display columns, character by character."""
    lines, line = [], ""
    for char in text:
        if seg.columns(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def main(folder: str) -> int:
    pages = sorted(Path(folder).glob("*.txt"))
    texts = {page: decode(page.read_bytes(), page.name) for page in pages}

    paragraphs = [line.strip() for text in texts.values() for line in text.splitlines()
                  if line.startswith("\u3000\u3000") and line.strip().endswith("。")
                  and LATIN_WORDS.search(line) and 60 < len(line.strip()) < 400]
    wraps: Counter[str] = Counter()
    for paragraph in paragraphs:
        for width in WIDTHS:
            lines = wrap_at_columns(paragraph, width)
            found = [p.text for p in seg.segment("\n".join(lines))]
            two = " (two lines)" if len(lines) == 2 else ""
            if len(found) > 1:
                wraps["cut" + two] += 1
            elif found != [paragraph]:
                wraps["changed" + two] += 1
    print(f"wraps: {len(paragraphs)} paragraphs x {len(WIDTHS)} widths = "
          f"{len(paragraphs) * len(WIDTHS)}; " + ", ".join(f"{k} {v}" for k, v in sorted(wraps.items())))

    tables = 0
    for page, text in texts.items():
        runs = seg._RUNS_AND_GAPS.split(seg.normalise_newlines(text))[::2]
        for _start, _end, table in seg.find_tables(runs, [run.count("\n") for run in runs]):
            tables += 1
            rows = table.split("\n")
            print(f"table: {page.name}: {len(rows)} rows, {rows[0][:60]}")
    print(f"tables: {tables} in {len(pages)} pages")

    flags = first = 0
    for text in texts.values():
        result = dedup_text(text)
        first_kept = result.kept[0].index if result.kept else None
        for note in result.notes:
            if note["reason"] == "fragment":
                flags += 1
                first += note["index"] == first_kept
    print(f"fragments: {flags} flags, {first} on the first kept paragraph")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
