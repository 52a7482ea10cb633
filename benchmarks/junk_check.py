#!/usr/bin/env python3
"""Junk precision: how many lines of human-written article bodies the junk rules remove.

    .venv/bin/python benchmarks/junk_check.py ../shared/corpus/en_zyte ../shared/corpus/en_bbc \\
        ../shared/corpus/zh_cctv [--show 20] [--cmd .venv/bin/dedup]

Every folder holds clean, edited article bodies (one .txt file per article): nothing in them is
widget code, a share bar or a footer, so every paragraph the cleanup removes as ``junk`` is a
false positive. Each file is run through the command as a user runs it, ``dedup FILE --report
REPORT -q`` (pipe mode, default options), and the report's records with ``reason`` ``junk`` and
``action`` ``removed`` are counted per folder and per ``detail``. Prints the counts and the
first removed lines; it never asserts them (it reads a corpus outside the repository).

Several files go to one process at a time when ``--batch`` is given (the pages are then a
folder for batch mode with the cross-page rules off), which is faster but is not what a user
piping one article sees; the default is one process per file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CMD = str(REPO / ".venv" / "bin" / "dedup")


def junk_records(cmd: str, path: Path) -> list[dict]:
    """The ``junk`` removals the command reports for one file, alone, in pipe mode."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.jsonl"
        subprocess.run([cmd, str(path), "-o", os.devnull, "--report", str(report), "-q"],
                       check=True)
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    return [r for r in records if r.get("reason") == "junk" and r.get("action") == "removed"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--cmd", default=DEFAULT_CMD, help="the dedup command (default: %(default)s)")
    parser.add_argument("--show", type=int, default=20, help="removed lines to print per folder")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    total = 0
    for folder in args.folders:
        files = sorted(Path(folder).glob("*.txt"))
        with ThreadPoolExecutor(args.jobs) as pool:
            found = list(pool.map(lambda path: (path, junk_records(args.cmd, path)), files))
        details = Counter(r.get("detail", "") for _, records in found for r in records)
        lines = sum(details.values())
        total += lines
        print(f"{folder}: {len(files)} files, {lines} lines removed as junk {dict(details)}")
        shown = [(path.name, r) for path, records in found for r in records][: args.show]
        for name, record in shown:
            print(f"  {name}:{record['line']}: {record.get('detail', '')}: {record['text'][:90]!r}")
    print(f"total {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
