#!/usr/bin/env python3
"""HTML pages: our cleaned text against human-annotated article bodies, next to trafilatura.

    .venv/bin/python benchmarks/bench_html.py ../shared/corpus/html/zyte_aeb [-j N]

The folder holds raw HTML pages and ``ground-truth.json`` (``articleBody`` per page id, the
file name without ``.html``), from the Zyte article-extraction benchmark. Two systems:

- ``trafilatura``: ``trafilatura.extract`` alone, as dedup.extract calls it (no deduplication,
  text output, tables kept, comments left out);
- ``+ in-page``: batch mode with the cross-page rules off (--no-boilerplate
  --no-duplicate-pages): the same extraction, then what pipe mode does to each page;
- ``+ cross-page``: batch mode with default settings (dedup.batch.run_batch): the same, plus
  boilerplate removal and duplicate pages across the folder.

Scores are token-level precision, recall and F1 of the bag of tokens (multiset overlap), as
the benchmark's own evaluation does: words (letters and digits, case-folded) for Latin text,
single characters for CJK. Printed micro-averaged (over all tokens of all pages) and
macro-averaged (mean of the per-page scores); a page with no output scores 0. Also lists the
pages where the cross-page rules lower F1.

``--losses`` also lists what the in-page pass costs against trafilatura alone: the pages
where its F1 is lower, and every paragraph it removed whose words the ground truth holds
more often than the output does (the recall the removal cost, by the reason and detail the
report gives), so that the rule that made each removal can be checked against the page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import regex

from dedup.batch import BatchOptions, discover, run_batch

TOKENS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]|[\p{L}\p{N}]+")


def tokens(text: str) -> Counter[str]:
    """Words for Latin, characters for CJK.

    >>> sorted(tokens("Hello, world 42! 你好").elements())
    ['42', 'hello', 'world', '你', '好']
    """
    return Counter(token.casefold() for token in TOKENS.findall(text))


def prf(predicted: Counter[str], truth: Counter[str]) -> tuple[int, int, int]:
    """(overlap, predicted, truth) token counts."""
    return sum((predicted & truth).values()), sum(predicted.values()), sum(truth.values())


def trafilatura_alone(html: str) -> str:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.extract(html, output_format="txt", deduplicate=False,
                                   include_comments=False, include_tables=True,
                                   include_images=False, include_links=False,
                                   with_metadata=False) or ""


def scores(rows: list[tuple[int, int, int]]) -> str:
    hit, pred, true = (sum(column) for column in zip(*rows, strict=False))
    p, r = hit / pred if pred else 0.0, hit / true if true else 0.0
    micro = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    per_page = [_f(*row) for row in rows]
    macro = tuple(sum(page[i] for page in per_page) / len(per_page) for i in range(3))
    return ("micro P {:.4f} R {:.4f} F1 {:.4f}   macro P {:.4f} R {:.4f} F1 {:.4f}"
            .format(*micro, *macro))


def _f(hit: int, pred: int, true: int) -> tuple[float, float, float]:
    p, r = hit / pred if pred else 0.0, hit / true if true else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--losses", action="store_true",
                        help="list the removals that cost recall (see above)")
    args = parser.parse_args()
    folder = Path(args.corpus)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    alone = {}
    for page_id in sorted(truth):
        html = (folder / f"{page_id}.html").read_bytes().decode("utf-8", "replace")
        alone[page_id] = trafilatura_alone(html)
    alone_seconds = time.perf_counter() - started
    settings = {"+ in-page": BatchOptions(jobs=args.jobs, boilerplate=False,
                                          duplicate_pages=False),
                "+ cross-page": BatchOptions(jobs=args.jobs)}
    outputs, lines, records = {}, [], []
    for name, options in settings.items():
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            pages = discover([str(folder)], str(out), include=["*.html"])
            started = time.perf_counter()
            report = records.append if name == "+ in-page" else (lambda lines: None)
            summary = run_batch(pages, str(out), options, report=report)
            lines.append(f"{name:<13} {summary.line(time.perf_counter() - started)}")
            outputs[name] = {page_id: _read(out / f"{page_id}.txt") for page_id in truth}
    rows: dict[str, list] = {"trafilatura": [], **{name: [] for name in settings}}
    worse = []
    for page_id in sorted(truth):
        gold = tokens(truth[page_id]["articleBody"])
        rows["trafilatura"].append(prf(tokens(alone[page_id]), gold))
        for name in settings:
            rows[name].append(prf(tokens(outputs[name][page_id]), gold))
        before, after = (_f(*rows[name][-1])[2] for name in ("+ in-page", "+ cross-page"))
        if after < before - 1e-9:
            worse.append(f"  {page_id[:12]}  F1 {before:.3f} -> {after:.3f}  "
                         f"{truth[page_id]['url'][:70]}")
    print(f"{len(truth)} pages; trafilatura alone {alone_seconds:.1f}s (one process); batch:")
    print("\n".join("  " + line for line in lines))
    for name, page_rows in rows.items():
        print(f"{name:<13} {scores(page_rows)}")
    print(f"pages where the cross-page rules lower F1: {len(worse)}")
    print("\n".join(worse))
    if args.losses:
        print(losses(truth, alone, outputs["+ in-page"],
                     [json.loads(line) for line in "".join(records).splitlines()]))
    return 0


def losses(truth: dict, alone: dict[str, str], output: dict[str, str], records: list[dict]
           ) -> str:
    """The pages where the in-page pass scores below trafilatura alone, and the removals
    whose words the ground truth holds more often than the output does, by reason."""
    lines, by_reason = [], Counter()
    for page_id in sorted(truth):
        gold = tokens(truth[page_id]["articleBody"])
        before = _f(*prf(tokens(alone[page_id]), gold))[2]
        after = _f(*prf(tokens(output[page_id]), gold))[2]
        if after < before - 1e-9:
            lines.append(f"  {page_id[:16]}  F1 {before:.3f} -> {after:.3f}  "
                         f"({(after - before) / len(truth):+.5f} macro)  "
                         f"{truth[page_id]['url'][:60]}")
    lines.insert(0, f"pages where the in-page pass scores below trafilatura alone: {len(lines)}")
    removed = []
    for record in records:
        if record.get("action") != "removed" or "page" not in record:
            continue
        page_id = record["page"].removesuffix(".html")
        missing = tokens(truth[page_id]["articleBody"]) - tokens(output[page_id])
        cost = sum((tokens(record["text"]) & missing).values())
        if cost:
            reason = record["reason"] + (f"/{record['detail']}" if record.get("detail") else "")
            by_reason[reason] += 1
            removed.append(f"  {page_id[:16]}  {reason:<12} {cost:>3} words  "
                           f"{record['text'][:90]!r}")
    lines.append(f"removed paragraphs whose words the ground truth holds: {len(removed)} "
                 f"({', '.join(f'{reason} {n}' for reason, n in by_reason.most_common())})")
    return "\n".join(lines + removed)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
