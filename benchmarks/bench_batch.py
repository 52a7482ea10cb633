#!/usr/bin/env python3
"""Batch-mode benchmark: `dedup FOLDER -o OUT` on a generated folder of pages, -j 1 vs -j N.

    python benchmarks/bench_batch.py [--pages 2000] [--jobs 1,2] [--runs 3] [--seed 0] [--keep]
                                     [--workdir /dev/shm] [--calibrate]

Generates a folder of ~2,000 pages with tests/damage.py from tests/data/articles: each page one
varied article (``vary_article``), damaged as in pipe mode, wrapped in the boilerplate of one
of five sites (navigation, promo and footer lines, some with a counter that changes), and a few
pages scraped twice under another name. Then runs the installed command in a fresh process for
each job count, several times, and prints the median wall time, pages/s, MB/s and the peak RSS
of the biggest process, and the CPU seconds of all its processes (user + sys: if the machine
is shared, a wall-time ratio far from the CPU ratio means someone else was running). Prints
figures and checks none, except that every job count wrote the same bytes (the contract of -j).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import load_damage  # benchmarks/, this script's folder

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "data" / "articles"
MB = 1 << 20
DEDUP = Path(sys.executable).with_name("dedup")

SITES = [
    ["Home | News | World | Business | Sport | Opinion | Culture",
     "Sign up for our newsletter to get the latest news delivered to your inbox every morning.",
     "Copyright © The Daily Example 2024. All rights reserved. Terms of use and privacy policy."],
    ["首页 | 新闻 | 体育 | 财经 | 科技 | 娱乐 | 汽车 | 房产",
     "新酷产品第一时间免费试玩，还有众多优质达人分享独到生活经验，快来新浪众测体验吧！",
     "声明：本网独家稿件，未经授权禁止转载！违者必究，版权所有。"],
    ["Menu  Search  Subscribe  Log in",
     "Advertisement",
     "This article was produced by our newsroom. Read our editorial standards and policy."],
    ["央视网 > 新闻频道 > 正文",
     "责任编辑：王小明",
     "央视网版权所有，未经书面授权，不得转载、摘编或以其他方式使用本网站内容。"],
    ["Skip to main content",
     "Most read: the stories our readers are talking about this week, updated every hour.",
     "© Example Media Group. Registered in England and Wales. Company number 01234567."],
]


def generate(folder: Path, pages: int, seed: int) -> tuple[int, int]:
    """Write the pages; return (bytes, pages scraped twice)."""
    damage = load_damage()
    articles = damage.load_articles(ARTICLES)
    options = damage.DamageOptions(block=0.3, repeat=0.6)
    rng = random.Random(f"batch|{seed}")
    stream = damage.generate_stream(articles, seed, 1 << 40, options, per_text=(1, 1))
    total, twice = 0, 0
    for n in range(pages):
        case = next(stream)
        nav, promo, footer = SITES[n % len(SITES)]
        views = f"Views: {rng.randint(100, 99999)}"
        text = "\n\n".join([nav, views, case.text.strip(), promo, footer]) + "\n"
        site = f"site{n % len(SITES)}"
        path = folder / site / f"{n // 100:02d}" / f"page_{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode())
        if n % 97 == 13:  # about 1% of the pages scraped a second time
            again = folder / site / "again" / f"page_{n:05d}_again.txt"
            again.parent.mkdir(parents=True, exist_ok=True)
            again.write_text(text, encoding="utf-8")
            total += len(text.encode())
            twice += 1
    return total, twice


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to put the pages and outputs (default: the system's temp "
                             "folder); /dev/shm keeps a slow or shared disk out of the figures")
    parser.add_argument("--calibrate", action="store_true",
                        help="in each round also measure the machine's ceiling: a CPU-bound "
                             "loop alone vs as many copies at once as the most jobs")
    args = parser.parse_args()
    if not DEDUP.exists():
        sys.exit(f"no dedup command beside {sys.executable}; run with the project's venv")
    work = Path(tempfile.mkdtemp(prefix="bench_batch_", dir=args.workdir))
    try:
        src = work / "pages"
        size, twice = generate(src, args.pages, args.seed)
        files = sum(1 for p in src.rglob("*.txt"))
        print(f"input: {files} pages ({twice} scraped twice), {size / MB:.1f} MB, "
              f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
              f"{os.getloadavg()[0]:.2f} (above 0.5 the wall times are not to be trusted)")
        print(f"{'jobs':>4} {'seconds':>8} {'pages/s':>8} {'MB/s':>6} {'CPU s':>6} "
              f"{'peak RSS MB':>11}  output / report sha256")
        job_counts = [int(j) for j in args.jobs.split(",")]
        times: dict[int, list[float]] = {jobs: [] for jobs in job_counts}
        cpu: dict[int, list[float]] = {jobs: [] for jobs in job_counts}
        rss: dict[int, float] = {}
        ceiling: list[float] = []  # --calibrate: the machine's own speed-up, once a round
        for _ in range(args.runs):  # interleaved, so that drift hits every job count alike
            for jobs in job_counts:
                out = work / f"out{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run([str(DEDUP), str(src), "-o", str(out), "-q", "-j", str(jobs),
                                "--report", str(work / f"report{jobs}.jsonl")], check=True)
                times[jobs].append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[jobs].append(after.ru_utime + after.ru_stime - before.ru_utime
                                 - before.ru_stime)
                # ru_maxrss of children is the largest so far, so this is a running maximum.
                rss[jobs] = after.ru_maxrss / 1024
            if args.calibrate:
                ceiling.append(ceiling_round(max(job_counts)))
        medians = {}
        for jobs in job_counts:
            medians[jobs] = seconds = statistics.median(times[jobs])
            print(f"{jobs:>4} {seconds:>8.2f} {files / seconds:>8.1f} {size / MB / seconds:>6.2f} "
                  f"{statistics.median(cpu[jobs]):>6.2f} {rss[jobs]:>11.0f}  "
                  f"{digest(work / f'out{jobs}')} "
                  f"report {digest_file(work / f'report{jobs}.jsonl')}  runs (s): "
                  + " ".join(f"{t:.2f}" for t in times[jobs]))
        if 1 in medians:
            for jobs, seconds in medians.items():
                if jobs != 1:
                    # Runs of a round are back to back, so their ratio is less exposed to the
                    # machine drifting over the benchmark than the ratio of the medians.
                    pairs = sorted(one / many for one, many in zip(times[1], times[jobs]))
                    print(f"speed-up with {jobs} jobs: {medians[1] / seconds:.2f}x (median of "
                          f"the rounds' ratios {statistics.median(pairs):.2f}x, from "
                          f"{pairs[0]:.2f}x to {pairs[-1]:.2f}x)")
        if ceiling:
            ceiling.sort()
            print(f"machine ceiling: {max(job_counts)} copies of a CPU-bound loop at once ran "
                  f"{statistics.median(ceiling):.2f}x as fast as one after another (median of "
                  f"the rounds, from {ceiling[0]:.2f}x to {ceiling[-1]:.2f}x)")
        if args.keep:
            print(f"kept in {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


LOOP = "d = {{}}\nfor i in range({n}):\n    d[i % 50021] = d.get(i % 50021, 0) + i\n"


def ceiling_round(jobs: int) -> float:
    """One round of the machine's own ceiling: a CPU-bound Python loop alone, then ``jobs``
    copies of it at once; how much faster the copies ran than one after another would. Two
    cores rarely give 2x (shared caches, clock boost for one busy core, a hypervisor); no
    program can beat this here at the moment."""
    code = LOOP.format(n=12_000_000)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(jobs)]
    for proc in procs:
        proc.wait()
    return jobs * alone / (time.perf_counter() - started)


def digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


if __name__ == "__main__":
    sys.exit(main())
