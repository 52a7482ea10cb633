#!/usr/bin/env python3
"""Pipe-mode benchmark: `dedup` next to a plain exact-hash dedup on a generated mixed stream.

    python benchmarks/bench_pipe.py [--mb 30] [--runs 3] [--seed 0] [--jobs baseline,dedup]

Generates a ~30 MB mixed Chinese/English stream with tests/damage.py from tests/data/articles
(each article a varied copy of a base article, then damaged; about a third of the paragraphs
are removable copies), writes it to a temporary file, then runs every job in a fresh
subprocess, several times, and prints the median time, throughput and peak RSS of each.
It prints figures and never asserts them; it is not a test.

Jobs (each reads the file, processes it, writes the result; that span is timed in the child):
  baseline  split on blank lines, keep the first copy of each whitespace-stripped paragraph
  dedup     what `dedup FILE -o OUT -q` does, called in the child process: read the bytes,
            decode them (dedup.sources), dedup.pipeline.dedup_text, write atomically in chunks
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (  # benchmarks/, this script's folder
    BENCH_DAMAGE,
    cpu_model,
    load_damage,
    version,
)

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "data" / "articles"
MB = 1 << 20  # bytes; sizes, throughput and RSS all use it
JOBS = ("baseline", "dedup")
PACKAGES = ("dedup", "rapidfuzz", "regex", "click", "charset-normalizer", "ftfy")


_BLANK_LINES = re.compile(r"\n(?:[ \t\u3000\xa0]*\n)+")
_IMPORT_DEDUP = "from dedup.cli import main"


# ---------------------------------------------------------------------------------------------
# The child: one job, one run, in a fresh process

def peak_rss_bytes() -> int:
    """Peak resident set size of this process (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def exact_hash_dedup(text: str) -> tuple[str, int, int]:
    """The floor: the first copy of every paragraph that is identical once its ends are
    stripped of whitespace; everything else as it was."""
    seen: set[str] = set()
    kept: list[str] = []
    paragraphs_in = 0
    for paragraph in _BLANK_LINES.split(text):
        key = paragraph.strip()
        if not key:
            continue
        paragraphs_in += 1
        if key not in seen:
            seen.add(key)
            kept.append(key)
    return ("\n\n".join(kept) + "\n" if kept else ""), paragraphs_in, len(kept)


def child(job: str, source: str, target: str) -> None:
    if job == "dedup":
        from dedup.cli import main  # imported before the clock starts
    start = time.perf_counter()
    if job == "baseline":
        with open(source, encoding="utf-8") as f:
            text = f.read()
        out, paragraphs_in, paragraphs_out = exact_hash_dedup(text)
        with open(target, "w", encoding="utf-8") as f:
            f.write(out)
        seconds = time.perf_counter() - start
    else:
        summary = io.StringIO()  # the summary line the command prints gives the counts
        with contextlib.redirect_stderr(summary):
            main([source, "-o", target], standalone_mode=False)
        seconds = time.perf_counter() - start
        counts = re.search(r"(\d+) paragraphs in, (\d+) kept", summary.getvalue())
        paragraphs_in, paragraphs_out = int(counts[1]), int(counts[2])
    print(json.dumps({"seconds": seconds, "rss": peak_rss_bytes(), "in": paragraphs_in,
                      "out": paragraphs_out, "bytes_out": os.path.getsize(target)}))


# ---------------------------------------------------------------------------------------------
# The parent: generate, run, report

def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def check_dedup_importable() -> None:
    probe = subprocess.run([sys.executable, "-c", _IMPORT_DEDUP], capture_output=True,
                           text=True, env=child_env())
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["unknown error"])[-1]
        sys.exit(f"bench_pipe: cannot import the pipeline ({reason}).\n"
                 f"  The job 'dedup' needs `{_IMPORT_DEDUP}` to work with {sys.executable}.\n"
                 f"  Until it does, benchmark the harness alone: "
                 f"python benchmarks/bench_pipe.py --jobs baseline")


def generate(path: Path, megabytes: float, seed: int) -> dict:
    """Write the stream to ``path``; return what it is made of."""
    damage = load_damage()
    articles = damage.load_articles(ARTICLES)
    options = damage.DamageOptions(**BENCH_DAMAGE)
    start = time.perf_counter()
    texts = copies = removable = keep_min = keep_max = 0
    digest = hashlib.sha256()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for case in damage.generate_stream(articles, seed, int(megabytes * MB), options):
            chunk = case.text + "\n"
            f.write(chunk)
            digest.update(chunk.encode("utf-8"))
            texts += 1
            for group in case.gold["groups"]:
                copies += group["input_copies"]
                removable += max(0, group["input_copies"] - group["max"])
                keep_min += group["min"]
                keep_max += min(group["max"], group["input_copies"])
    return {"texts": texts, "copies": copies, "removable": removable,
            "keep": (keep_min, keep_max),
            "bytes": path.stat().st_size, "sha256": digest.hexdigest()[:16],
            "seconds": time.perf_counter() - start}


def run_once(job: str, source: Path, target: Path, timeout: float) -> dict:
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", job,
                               str(source), str(target)],
                              capture_output=True, text=True, env=child_env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        sys.exit(f"bench_pipe: job {job!r} took longer than {timeout:.0f} s (see --timeout)")
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n    ".join(proc.stderr.strip().splitlines()[-8:])
        sys.exit(f"bench_pipe: job {job!r} failed (exit {proc.returncode}):\n    {tail}")
    record = json.loads(proc.stdout.strip().splitlines()[-1])
    record["wall"] = wall
    return record


def print_machine() -> None:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine : {cpu_model()}, {os.cpu_count()} cores ({usable} usable), "
          f"{platform.system()} {platform.release()} {platform.machine()}")
    print(f"python  : {platform.python_implementation()} {platform.python_version()} "
          f"({sys.executable})")
    print("packages: " + ", ".join(f"{p} {version(p)}" for p in PACKAGES))
    print(f"date    : {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")


def print_table(results: dict[str, list[dict]], size: int) -> None:
    header = (f"{'job':<10}{'input MB':>10}{'seconds':>10}{'MB/s':>9}{'process s':>11}"
              f"{'peak RSS MB':>13}{'paragraphs in':>15}{'paragraphs out':>16}")
    print(header)
    print("-" * len(header))
    for job, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        rss = max(r["rss"] for r in runs)
        print(f"{job:<10}{size / MB:>10.1f}{seconds:>10.2f}{size / MB / seconds:>9.1f}"
              f"{wall:>11.2f}{rss / MB:>13.1f}{runs[-1]['in']:>15,}{runs[-1]['out']:>16,}")
    for job, runs in results.items():
        print(f"  {job} runs (s): " + " ".join(f"{r['seconds']:.2f}" for r in runs))
    if "baseline" in results and "dedup" in results:
        base = statistics.median(r["seconds"] for r in results["baseline"])
        ours = statistics.median(r["seconds"] for r in results["dedup"])
        print(f"dedup/baseline time: {ours / base:.1f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=30.0, help="size of the stream (default 30)")
    parser.add_argument("--runs", type=int, default=3, help="runs per job; the median is shown")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--jobs", default=",".join(JOBS), help="comma-separated: baseline,dedup")
    parser.add_argument("--input", type=Path, help="use this file instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the input and output files")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    args = parser.parse_args(argv)
    jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    if not jobs or any(j not in JOBS for j in jobs) or args.runs < 1:
        parser.error(f"--jobs takes a comma-separated subset of {','.join(JOBS)}; --runs >= 1")
    if "dedup" in jobs:
        check_dedup_importable()

    workdir = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    try:
        print_machine()
        if args.input:
            source = args.input
            print(f"input   : {source} ({source.stat().st_size / MB:.1f} MB, given)")
        else:
            source = workdir / "input.txt"
            made = generate(source, args.mb, args.seed)
            print(f"input   : {made['bytes'] / MB:.1f} MB generated in {made['seconds']:.1f} s "
                  f"(seed {args.seed}, {made['texts']:,} damaged texts, sha256 {made['sha256']}); "
                  f"{made['copies']:,} paragraphs of which {made['removable']:,} "
                  f"({made['removable'] / made['copies']:.0%}) are removable copies; a perfect "
                  f"cleaner keeps {made['keep'][0]:,}-{made['keep'][1]:,}")
        size = source.stat().st_size
        results: dict[str, list[dict]] = {job: [] for job in jobs}
        for _ in range(args.runs):  # interleaved, so that drift hits every job alike
            for job in jobs:
                results[job].append(run_once(job, source, workdir / f"{job}.out.txt",
                                             args.timeout))
        print(f"runs    : {args.runs} per job, each in a fresh process; seconds = read + "
              f"process + write inside the child (median), process s = whole process")
        print()
        print_table(results, size)
        if args.keep:
            print(f"\nfiles kept in {workdir}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        main()
