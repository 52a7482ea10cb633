#!/usr/bin/env python3
"""One paragraph changed in one place, put back into its clean article: which copies go, which
siblings stay?

    .venv/bin/python benchmarks/siblings.py ../shared/corpus/en_bbc ../shared/corpus/zh_cctv

Each article of the folders (clean, edited text with no near copies: ../shared/corpus) gets, per
kind of change, up to three trials: a paragraph of 20 characters or more is changed in one place
and the changed copy is inserted right after it or at the end of the article (chosen at random,
seeded by the article's position: the same folders give the same figures). The document goes
through the pipeline with the default options (dedup.pipeline.dedup_text); a trial whose
document the pipeline segments into other paragraphs than the blank lines give (list items on
lines of their own) is left out.

Siblings state something else, and both lines must stay (a removal of either, other than as
junk, counts):
  word       an English word of five letters or more (not a function word) swapped for another
             word of the corpus
  num        a figure changed
  month      a month name for another
  name       a capitalised word inside a sentence for another of the corpus
  cnum       a Chinese numeral before a measure word for another
  cword      two CJK characters for two others of the corpus (often across a word boundary)
  neg        "not" put after an auxiliary verb (is, was, will, has, ...)
Longer lines (the original may go as a cut copy of the changed one; the changed one must stay):
  addclause  the English sentence given an attribution (", officials said on Monday.")
  caddclause the same in Chinese ("，有关部门介绍说。")
A shorter line (the changed one says less: it may go; the original must stay):
  drop       an English word of five letters or more (not a function word) left out
Copies (the changed one should go; as exact, when cleanup makes the two equal):
  typo       two neighbouring letters of an English word of six letters or more swapped
  cpunct     a Chinese full-width comma made half-width

Prints, per kind, the trials and how many changed lines and originals were removed, by reason.
It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from dedup.pipeline import dedup_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Common words not swapped by `word` (nor drawn to replace one).
STOP = frozenset(re.findall(r"\w+", """the and that with from this have were been their which
would there about after other could they them than then what when where while will into over
also more most some such only said says year years people time first last just like very made
make told many much"""))
CN = "一二三四五六七八九十"
EN_KINDS = ("word", "num", "month", "name", "neg", "addclause", "drop", "typo")
ZH_KINDS = ("cword", "num", "cnum", "caddclause", "cpunct")
SIBLINGS = ("word", "num", "month", "name", "neg", "cnum", "cword")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _swap(p: str, matches: list, rng: random.Random, choices) -> str | None:
    if not matches:
        return None
    m = rng.choice(matches)
    new = rng.choice(choices(m.group()))
    return p[:m.start()] + new + p[m.end():]


def change(p: str, kind: str, rng: random.Random, words: dict[str, list[str]]) -> str | None:
    """``p`` changed once by ``kind`` (see the module docstring), or None if it cannot be."""
    if kind == "num":
        return _swap(p, list(re.finditer(r"\d+", p)), rng,
                     lambda v: [str(int(v) + rng.randint(1, 9))])
    if kind == "month":
        return _swap(p, list(re.finditer(r"\b(?:" + "|".join(MONTHS) + r")\b", p)), rng,
                     lambda v: [m for m in MONTHS if m != v])
    if kind == "name":
        return _swap(p, list(re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b", p)), rng,
                     lambda v: [c for c in words["caps"] if c != v])
    if kind == "word":
        return _swap(p, [m for m in re.finditer(r"\b[a-z]{5,}\b", p) if m.group() not in STOP],
                     rng, lambda v: [w for w in words["en"] if w != v])
    if kind == "typo":
        def swapped(w: str) -> list[str]:
            i = rng.randint(1, len(w) - 3)
            return [w[:i] + w[i + 1] + w[i] + w[i + 2:]]
        return _swap(p, list(re.finditer(r"\b[a-z]{6,}\b", p)), rng, swapped)
    if kind == "cnum":
        return _swap(p, list(re.finditer(f"[{CN}](?=[个名位次年天项家条月届])", p)), rng,
                     lambda v: [c for c in CN if c != v])
    if kind == "cword":
        return _swap(p, list(re.finditer(r"[\u4e00-\u9fff]{2}", p)), rng,
                     lambda v: [w for w in words["zh"] if w != v])
    if kind == "neg":
        auxiliaries = r"\b(?:is|was|are|were|will|can|has|have)\b(?!['’])"  # (not can't)
        return _swap(p, list(re.finditer(auxiliaries, p)), rng, lambda v: [v + " not"])
    if kind == "drop":
        found = [m for m in re.finditer(r" [a-z]{5,}\b", p) if m.group()[1:] not in STOP
                 and m.start() > 0 and m.end() < len(p) - 1]
        return _swap(p, found, rng, lambda v: [""])
    if kind == "cpunct":
        return p.replace("，", ",", 1) if "，" in p else None
    if kind == "addclause":
        return p[:-1] + rng.choice([", officials said on Monday.",
                                    ", according to a report by Reuters.",
                                    ", the company said in a statement."]) \
            if p.endswith(".") else None
    if kind == "caddclause":
        return p[:-1] + rng.choice(["，记者在现场看到。", "，他表示。", "，有关部门介绍说。"]) \
            if p.endswith("。") else None
    raise ValueError(kind)


def trials(task: tuple) -> list[tuple[str, str, str]]:
    """(kind, which, reason) per removal, and (kind, "trial", "") per trial, for one article."""
    path, seed, words = task
    rng = random.Random(seed)
    with open(path, encoding="utf-8") as f:
        paras = paragraphs(f.read())
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in "".join(paras)[:500])
    found = []
    for kind in ZH_KINDS if zh else EN_KINDS:
        candidates = [i for i, p in enumerate(paras) if len(p) >= 20]
        rng.shuffle(candidates)
        for i in candidates[:3]:
            changed = change(paras[i], kind, rng, words)
            if changed is None or changed == paras[i]:
                continue
            at = i + 1 if rng.random() < 0.5 else len(paras)
            document = paras[:at] + [changed] + paras[at:]
            result = dedup_text("\n\n".join(document) + "\n")
            if result.paragraphs_in != len(document):
                continue  # (segmented otherwise, list items split: no index to follow)
            found.append((kind, "trial", ""))
            for verdict in result.removed:
                which = {at: "changed", i: "original"}.get(verdict.paragraph.index)
                if which and verdict.reason != "junk":
                    found.append((kind, which, verdict.reason))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    files = sorted(os.path.join(folder, name) for folder in args.folders
                   for name in os.listdir(folder) if name.endswith(".txt"))
    if not files:
        print("no .txt articles in " + ", ".join(args.folders), file=sys.stderr)
        return 2
    text = "\n".join(Path(f).read_text(encoding="utf-8") for f in files)
    words = {"en": sorted({w for w in re.findall(r"\b[a-z]{5,}\b", text) if w not in STOP}),
             "caps": sorted(set(re.findall(r"(?<=[a-z] )[A-Z][a-z]{3,}\b", text))),
             "zh": sorted(set(re.findall(r"[\u4e00-\u9fff]{2}", text)))}
    for key, default in (("en", "example"), ("caps", "Example"), ("zh", "例子")):
        words[key] = words[key] or [default]
    with Pool(args.jobs) as pool:
        found = [row for rows in pool.imap(trials, [(f, n, words) for n, f in enumerate(files)],
                                           chunksize=4) for row in rows]
    counts = Counter(found)
    kinds = sorted({kind for kind, _, _ in found}, key=lambda k: (k not in SIBLINGS, k))
    print(f"articles: {len(files)}")
    print(f"{'kind':11s} {'role':8s} {'trials':>6s}  changed line removed      original removed")
    for kind in kinds:
        role = ("sibling" if kind in SIBLINGS else "longer" if "clause" in kind
                else "shorter" if kind == "drop" else "copy")
        n = counts[(kind, "trial", "")]
        by = {which: Counter({reason: c for (k, w, reason), c in counts.items()
                              if k == kind and w == which}) for which in ("changed", "original")}
        shown = ["{:5d} {:16s}".format(sum(by[w].values()), ", ".join(
            f"{r} {c}" for r, c in sorted(by[w].items()))[:16]) for w in ("changed", "original")]
        print(f"{kind:11s} {role:8s} {n:6d}  {shown[0]}  {shown[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
