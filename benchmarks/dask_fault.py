"""Kill a Dask worker in the middle of a batch run: no page may be lost or duplicated.

    .venv/bin/python benchmarks/dask_fault.py FOLDER [--kill-at SECONDS]

Runs batch mode on FOLDER with the local engine, then on a 2-process LocalCluster whose first
worker is killed with SIGKILL after --kill-at seconds (its nanny starts a new one; Dask reruns
the lost tasks). Prints whether the Dask run's files and report are identical to the local
run's, and whether any temporary file was left behind. Needs the dask extra.
"""

from __future__ import annotations

import argparse
import dataclasses
import filecmp
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from distributed import Client, LocalCluster

from dedup.batch import BatchOptions, discover, run_batch
from dedup.dask_engine import DaskEngine


def run(source: str, out: str, engine=None) -> str:
    lines: list[str] = []
    settings = dataclasses.replace(BatchOptions(), jobs=2)
    run_batch(discover([source], out), out, settings, report=lines.append, engine=engine)
    return "".join(lines)


def differing(compared: filecmp.dircmp) -> list[str]:
    found = compared.diff_files + compared.left_only + compared.right_only
    for sub in compared.subdirs.values():
        found += differing(sub)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--kill-at", type=float, default=1.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        local_out, dask_out = f"{work}/local", f"{work}/dask"
        local_report = run(args.folder, local_out)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
        victim = min(client.run(os.getpid).values())

        def kill() -> None:
            time.sleep(args.kill_at)
            os.kill(victim, signal.SIGKILL)
            print(f"killed worker process {victim} at {args.kill_at} s", file=sys.stderr)

        threading.Thread(target=kill, daemon=True).start()
        started = time.perf_counter()
        dask_report = run(args.folder, dask_out, DaskEngine(client, chunk=20))
        seconds = time.perf_counter() - started
        client.shutdown()
        left = [p.name for p in Path(dask_out).rglob("*.tmp")]
        print(f"dask run {seconds:.1f} s; report identical: {dask_report == local_report}; "
              f"files differing: {len(differing(filecmp.dircmp(local_out, dask_out)))}; "
              f"temporary files left: {len(left)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
