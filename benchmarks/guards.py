#!/usr/bin/env python3
"""What each evidence guard of the matcher decides on hand-labelled near pairs.

    python benchmarks/guards.py ../shared/eval/near_pairs/dev_pairs.jsonl

Each labelled pair (a paragraph an earlier version removed as ``near``, ``contained`` or
``truncated`` because of another, labelled ``distinct``, ``same`` or ``nav`` by hand) is put
back to the matcher as the two paragraphs alone (dedup.match.Matcher.compare, default options):
it either still goes, or is kept apart, and then the guard that kept it is the first words of
its reason (``states`` a fact, ``adds`` words, ``lacks`` a negation, ``is mentioned inside a
sentence``...). Printed per guard: how many distinct and same pairs it keeps apart (its
precision: the share of what it keeps that a careful editor keeps too), and in total the
distinct pairs kept (recall of the guards together) and the same pairs still removed.

The pairs are judged without their page (no blocks, no title rule, no other candidates), so
the totals differ a little from ``../shared/eval/near_pairs/check.py``, which reruns the pages.
It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from dedup import evidence, keys
from dedup.match import Matcher, _Match, _Para
from dedup.model import TRUNCATED, Options

_GUARD = re.compile(r"^(adds|lacks|says|differs|is [a-z]+(?: [a-z]+)?)")
_QUOTED = re.compile(r"'([^']*)'")


def guard(why: str) -> str:
    """The guard a reason comes from; a stated fact by its kind."""
    if why.startswith("states"):
        if "where the other states" in why:
            return "states an opposite"
        word = (_QUOTED.findall(why) or [""])[0]
        if any(ch.isdigit() or ch in evidence._CJK_NUMERALS for ch in word):
            return "states a number"
        if any(w in evidence.FACT_WORDS for w in word.split()):
            return "states a month/number word"
        return "states a name or code"
    found = _GUARD.match(why)
    return found.group(1) if found else why


def para(text: str) -> _Para:
    key = keys.make_key(text)
    return _Para(text, key, keys.weight(key))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", type=Path, help="dev_pairs.jsonl (labelled near pairs)")
    args = parser.parse_args()
    matcher = Matcher(Options())
    kept: Counter[tuple[str, str]] = Counter()
    labels: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    unseen: Counter[str] = Counter()
    replaced: Counter[str] = Counter()
    for line in args.pairs.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        label = pair["label"]
        labels[label] += 1
        gone, stays = para(pair["removed"]), para(pair["kept"])
        later, earlier = (stays, gone) if pair["reason"] == TRUNCATED else (gone, stays)
        verdict = matcher.compare(later, earlier, matcher.options.threshold)
        if type(verdict) is _Match:
            # (A truncated match removes the earlier one: when that is the labelled keeper,
            # the longer paragraph, the labelled removed one, takes its place: nothing is lost.)
            goes = earlier if verdict.reason == TRUNCATED else later
            (removed if goes is gone else replaced)[label] += 1
        elif verdict is None:
            unseen[label] += 1  # no longer looks alike at all (another rule of similarity)
        else:
            kept[(guard(verdict.why), label)] += 1
    print(f"pairs: {sum(labels.values())} ({', '.join(f'{n} {k}' for k, n in labels.items())})")
    print(f"{'guard':<28}{'distinct':>10}{'same':>8}{'nav':>6}{'precision':>11}")
    for name in sorted({g for g, _ in kept}, key=lambda g: -sum(kept[g, x] for x in labels)):
        d, s, n = (kept[name, x] for x in ("distinct", "same", "nav"))
        print(f"{name:<28}{d:>10}{s:>8}{n:>6}{d / (d + s) if d + s else 1:>11.2f}")
    for label in ("distinct", "same", "nav"):
        total = labels[label]
        apart = total - removed[label] - unseen[label] - replaced[label]
        print(f"{label}: {total} pairs; removed {removed[label]}, kept apart {apart}, "
              f"the other replaced by it {replaced[label]}, no longer alike {unseen[label]}")


if __name__ == "__main__":
    main()
