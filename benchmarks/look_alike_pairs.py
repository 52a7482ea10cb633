#!/usr/bin/env python3
"""Hand-made look-alike pairs: which siblings go, which copies stay?

    .venv/bin/python benchmarks/look_alike_pairs.py [benchmarks/data/look_alike_pairs.jsonl] [-v]

Each line of the data file is a pair of paragraphs, ``first`` and ``second``, with what should
happen when the two are cleaned together in that order (``dedup.pipeline.dedup_text``, default
options): ``both stay`` (siblings: the second states something else, a word, a number, a name,
a negation, a unit) or ``second goes`` (copies: a typo, a spelling variant, an accent, an
inflection, a light word for another). Most pairs come in both orders. The pairs were written
for a review of the matcher's word-level evidence, on sentences in the style of the BBC and
CCTV articles of the shared corpus; their labels are one reviewer's (a few, such as he / she or
a UK / US spelling, are judgement calls), and ``tag`` says what each pair changes.

Prints how many siblings went and how many copies stayed; -v lists them by tag. It prints
figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dedup.pipeline import dedup_text

DATA = Path(__file__).parent / "data" / "look_alike_pairs.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DATA))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines()
             if line.strip()]
    wrong = {"both stay": [], "second goes": []}
    counts = {"both stay": 0, "second goes": 0}
    for pair in pairs:
        result = dedup_text(f"{pair['first']}\n\n{pair['second']}\n")
        went = any(verdict.paragraph.index == 1 for verdict in result.removed)
        counts[pair["expect"]] += 1
        if went == (pair["expect"] == "both stay"):
            wrong[pair["expect"]].append(pair["tag"])
    print(f"pairs: {len(pairs)}")
    print(f"siblings removed: {len(wrong['both stay'])} of {counts['both stay']}")
    print(f"copies kept:      {len(wrong['second goes'])} of {counts['second goes']}")
    if args.verbose:
        for expect, tags in wrong.items():
            print(f"\n{'siblings removed' if expect == 'both stay' else 'copies kept'}:")
            for tag in tags:
                print(f"  {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
