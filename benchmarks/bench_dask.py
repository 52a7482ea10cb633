#!/usr/bin/env python3
"""Batch mode on Dask against the local process pool, on a generated folder of ~20,000 pages.

    python benchmarks/bench_dask.py [--pages 20000] [--jobs 2] [--modes local,dask,cluster]
                                    [--seed 0] [--keep]

The folder is bench_batch.py's (same generator, same seed: one varied, damaged article per page
in the boilerplate of one of five sites, ~1% scraped twice). Modes, each one run of the
installed command in a fresh process:

- ``local``: ``dedup SRC -o OUT -j N`` (the default process pool);
- ``dask``: ``--engine dask -j N``: a LocalCluster of N worker processes started by the
  command (its scheduler and the nannies live in the command's own process);
- ``cluster``: a ``dask scheduler`` process and a ``dask worker --nworkers N --nthreads 1``
  process started here, and ``--engine dask --scheduler ADDRESS``: the client, scheduler and
  workers each in their own processes. Start-up of that cluster is not in the wall time.

For each: wall time, pages/s, CPU seconds of every process involved, and the peak RSS of each
process (sampled every 0.1 s with psutil, by role). Prints os.getloadavg() before and after
each run: the machine is shared, and a load above the core count makes wall times unreliable.
Checks one thing: every mode wrote the same bytes and the same report.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MB = 1 << 20


def load_bench_batch():
    spec = importlib.util.spec_from_file_location("bench_batch", REPO / "benchmarks" /
                                                  "bench_batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Sampler:
    """Peak RSS and CPU time of each process of the given roots' trees, sampled."""

    def __init__(self, roots: dict[str, psutil.Process], interval: float = 0.1) -> None:
        self.roots = roots
        self.interval = interval
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.role: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        # CPU already spent by processes running before the measurement (a cluster's start-up)
        # is not counted.
        self.baseline = {}
        for root in self.roots.values():
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                self.baseline[process.pid] = times.user + times.system
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def add(self, role: str, process: psutil.Process) -> None:
        self.roots[role] = process

    def _run(self) -> None:
        while not self._stop.is_set():
            for role, root in list(self.roots.items()):
                try:
                    tree = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for process in tree:
                    try:
                        memory = process.memory_info().rss
                        times = process.cpu_times()
                        name = role if process.pid == root.pid else self._child_role(role,
                                                                                     process)
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue
                    self.role.setdefault(process.pid, name)
                    self.peak[process.pid] = max(self.peak.get(process.pid, 0), memory)
                    self.cpu[process.pid] = (times.user + times.system
                                             - self.baseline.get(process.pid, 0.0))
            self._stop.wait(self.interval)

    @staticmethod
    def _child_role(role: str, process: psutil.Process) -> str:
        line = " ".join(process.cmdline())
        if "resource_tracker" in line:
            return f"{role}: resource tracker"
        if "multiprocessing" in line or "spawn" in line:
            return f"{role}: worker process"
        return f"{role}: child"

    def by_role(self) -> dict[str, list[int]]:
        roles: dict[str, list[int]] = {}
        for pid, role in self.role.items():
            roles.setdefault(role, []).append(self.peak[pid])
        return roles


def load() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def run_mode(mode: str, src: Path, out: Path, report: Path, jobs: int) -> dict:
    command = [str(BIN / "dedup"), str(src), "-o", str(out), "--report", str(report), "-q",
               "-j", str(jobs)]
    scheduler = worker = None
    env = dict(os.environ)
    roots: dict[str, psutil.Process] = {}
    if mode in ("dask", "cluster"):
        command += ["--engine", "dask"]
    if mode == "cluster":
        port = 8786 + os.getpid() % 1000
        address = f"tcp://127.0.0.1:{port}"
        scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                      "--port", str(port), "--dashboard-address", ":0"],
                                     stderr=subprocess.DEVNULL)
        worker = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers",
                                   str(jobs), "--nthreads", "1", "--dashboard-address", ":0"],
                                  stderr=subprocess.DEVNULL)
        roots["scheduler"] = psutil.Process(scheduler.pid)
        roots["dask worker"] = psutil.Process(worker.pid)
        _wait_for_workers(address, jobs)
        command += ["--scheduler", address]
    before = load()
    try:
        with Sampler(roots) as sampler:
            started = time.perf_counter()
            process = subprocess.Popen(command, env=env)
            sampler.add("dedup (client)", psutil.Process(process.pid))
            process.wait()
            seconds = time.perf_counter() - started
            time.sleep(0.2)
        if process.returncode:
            raise SystemExit(f"{mode}: dedup exited {process.returncode}")
    finally:
        for child in (worker, scheduler):
            if child is not None:
                child.terminate()
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
    return {"seconds": seconds, "roles": sampler.by_role(), "cpu": sum(sampler.cpu.values()),
            "load": (before, load())}


def _wait_for_workers(address: str, jobs: int) -> None:
    from distributed import Client
    with Client(address, timeout="30s") as client:
        client.wait_for_workers(jobs, timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--modes", default="local,dask,cluster")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    bench_batch = load_bench_batch()
    work = Path(tempfile.mkdtemp(prefix="bench_dask_"))
    try:
        src = work / "pages"
        started = time.perf_counter()
        size, twice = bench_batch.generate(src, args.pages, args.seed)
        files = sum(1 for _ in src.rglob("*.txt"))
        print(f"input: {files} pages ({twice} scraped twice), {size / MB:.1f} MB, generated in "
              f"{time.perf_counter() - started:.0f}s; {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}, -j {args.jobs}; load average {load()}")
        digests = {}
        for mode in args.modes.split(","):
            out, report = work / f"out-{mode}", work / f"report-{mode}.jsonl"
            result = run_mode(mode, src, out, report, args.jobs)
            digests[mode] = (bench_batch.digest(out), bench_batch.digest_file(report))
            print(f"\n{mode}: {result['seconds']:.1f}s wall, {files / result['seconds']:.0f} "
                  f"pages/s, {result['cpu']:.1f} CPU s (all processes); load average "
                  f"before {result['load'][0]}, after {result['load'][1]}; output "
                  f"{digests[mode][0]} report {digests[mode][1]}")
            for role, peaks in sorted(result["roles"].items()):
                figures = ", ".join(f"{peak / MB:.0f}" for peak in sorted(peaks, reverse=True))
                print(f"  peak RSS MB  {role:<32} {figures}")
        same = len(set(digests.values())) == 1
        print(f"\nsame output and report in every mode: {'yes' if same else 'NO'}")
        if args.keep:
            print(f"kept in {work}")
        return 0 if same else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
