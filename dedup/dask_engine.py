"""Batch mode on a Dask cluster: the same two passes, in Dask futures.

    pages ─ chunks ─ pass 1 task per chunk: fingerprints ─▶ sketches (to the client, small)
                                                        └▶ K bucket pieces (stay on workers)
          ─ per bucket: tree of merge tasks ─▶ K bucket totals (stay on workers)
          ─ select ≥ threshold per bucket ─▶ the common fingerprints (to the client, small)
          ─ client: duplicate pages from the sketches; their fingerprints subtracted per bucket
          ─ pass 2 task per chunk: clean + write each page (boilerplate set broadcast)

No process ever holds every fingerprint: a fingerprint ``v`` (a site key, dedup.sites) goes to
bucket ``v % K``, each bucket is counted on one worker, and only keys at or above their site's
boilerplate threshold (a small set) come back, with their counts. The client holds what the
local engine's parent holds besides the Counter: one sketch (≤ 64 fingerprints) per document.

Importing this module imports ``distributed``: the CLI imports it only for ``--engine dask``.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import math
import os
import shutil
import signal
import tempfile
import uuid
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter

import dask
from distributed import Client, LocalCluster, WorkerPlugin

from . import __version__
from .batch import (
    BatchOptions,
    Destination,
    DocId,
    Failure,
    Fingerprints,
    Page,
    PageOutcome,
    Plan,
    Sketch,
    clean_page,
    find_duplicates,
    page_fingerprints,
    thresholds,
)
from .model import DedupError
from .outputs import sweep_work_folders, work_folder
from .sites import Thresholds

RETRIES = 2          # a task lost with its worker, or failed for a passing reason, runs again
MERGE_FAN_IN = 16    # bucket pieces merged per task: a tree, so no task waits on thousands
# Pages per task: a quarter of a worker's share, at most MAX_CHUNK (a few minutes of work).
# The count makes P x K bucket pieces (P tasks, K buckets), one small task each: large tasks
# keep P, and so the scheduler's load, small (docs/SCALING.md).
MAX_CHUNK = 20_000
# Buckets: K = pages / PAGES_PER_BUCKET, at least 2 per worker. At ~20 distinct fingerprints a
# page, a bucket holds up to ~5 M keys: ~400 MB in the Counter of its last merge.
PAGES_PER_BUCKET = 250_000

# A bucket piece: the fingerprints of one bucket and how many documents each is on, as two
# flat arrays (12 bytes a key on the wire and at rest, against ~100 in a Counter).
Piece = tuple[array, array]


class EngineProblem(DedupError):
    """The cluster cannot run this batch (unreachable, no workers, dedup missing there)."""


# What a terminal sends its whole process group (Ctrl-C; SIGHUP when it closes): the workers
# of our own cluster ignore both, as the local engine's do, and the client stops them.
_GROUP_SIGNALS = (signal.SIGINT, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


@contextmanager
def connect(address: str | None = None, *, jobs: int = 1, **options) -> Iterator[DaskEngine]:
    """A :class:`DaskEngine` on the scheduler at ``address``, or on a new local cluster of
    ``jobs`` worker processes (one thread each) that is shut down at the end."""
    cluster = scratch = None
    try:
        if address:
            client = Client(address, timeout="10s")
        else:
            # Its workers' scratch space (and the lock files Dask leaves at its top) in a
            # work folder of this run's, removed with the cluster (or, should Dask write there
            # again as the process ends, by the next run): nothing left in TMPDIR.
            scratch = work_folder()
            try:
                # Our own cluster: its warnings (a task cancelled when the run is interrupted,
                # memory notices) are not the user's to act on; errors still show. Its worker
                # processes start with Ctrl-C and SIGHUP ignored (a disposition a new process
                # keeps): they reach the terminal's whole process group, and the client alone
                # stops the cluster, without a traceback from each worker.
                previous = {signum: signal.signal(signum, signal.SIG_IGN)
                            for signum in _GROUP_SIGNALS}
                try:
                    with dask.config.set({"temporary-directory": scratch}):
                        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1,
                                               processes=True, silence_logs=logging.ERROR,
                                               dashboard_address=":0",  # any free port
                                               local_directory=scratch)
                finally:
                    for signum, handler in previous.items():
                        signal.signal(signum, handler)
            except RuntimeError as error:  # a worker process could not start
                raise EngineProblem(f"cannot start a local Dask cluster: {error}; try fewer "
                                    "--jobs, or start one with `dask scheduler`/`dask worker` "
                                    "and give --scheduler") from None
            client = Client(cluster)
    except OSError as error:  # also TimeoutError: nothing answers at that address
        _remove(scratch)
        raise EngineProblem(f"cannot reach the Dask scheduler at {address}: {error}; start one "
                            "with `dask scheduler` or check --scheduler") from None
    except ValueError as error:  # not an address: no port, an unknown protocol
        if not address:
            _remove(scratch)
            raise
        raise EngineProblem(f"--scheduler {address}: {error}; give the scheduler's address, "
                            "such as tcp://host:8786") from None
    except BaseException:
        if cluster is not None:
            cluster.close()
        _remove(scratch)
        raise
    try:
        check_workers(client)
        if cluster is not None:
            client.register_plugin(_QuietWorker(), name="dedup-quiet")
        yield DaskEngine(client, own_cluster=cluster is not None, **options)
    except KeyboardInterrupt:
        # Ctrl-C or SIGTERM: the CLI says so in one line; what the scheduler and the workers
        # say about the tasks and the data they lose as the cluster goes down is noise.
        logging.disable(logging.CRITICAL)
        raise
    finally:
        if cluster is None:
            client.close()
        else:
            with contextlib.suppress(Exception):  # (already, if the run was interrupted)
                client.shutdown()  # stops the workers at once (closing the nannies takes s)
            cluster.close()
        _remove(scratch)


class _QuietWorker(WorkerPlugin):
    """Silences the logs of a worker of our own cluster. ``silence_logs`` reaches only the
    nanny's logger there, and as the cluster shuts down a worker may log its failed heartbeat
    to the scheduler just gone, with a traceback: noise after the CLI's one line. Whatever a
    worker has to say that matters (a task's error, the worker lost) reaches the client."""

    def setup(self, worker) -> None:
        logging.disable(logging.ERROR)


def _remove(folder: str | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def check_workers(client: Client, timeout: float = 30) -> None:
    """Raise EngineProblem unless at least one worker is connected and every worker has dedup
    at this version and the same Dask as this process."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise EngineProblem(f"no Dask worker joined the scheduler in {timeout:.0f}s; start "
                            "workers with `dask worker ADDRESS`") from None
    try:
        client.get_versions(check=True)
    except ValueError as error:
        raise EngineProblem(f"the Dask versions differ between this machine and the cluster: "
                            f"{error}") from None
    versions = client.run(importlib.metadata.version, "dedup", on_error="return")
    wrong = {worker: version for worker, version in versions.items() if version != __version__}
    if wrong:
        worker, version = sorted(wrong.items(), key=lambda item: item[0])[0]
        found = "no dedup" if isinstance(version, Exception) else f"dedup {version}"
        raise EngineProblem(f"worker {worker} has {found}; install dedup=={__version__} "
                            "on every worker (pip install 'dedup[dask]')")


class DaskEngine:
    """Runs batch mode's map steps and the frequency count on a Dask cluster (see the module
    docstring). ``chunk``: pages per task; ``buckets``: K, the partitions of the frequency
    count. Neither changes the output."""

    def __init__(self, client: Client, *, chunk: int | None = None,
                 buckets: int | None = None, retries: int = RETRIES,
                 own_cluster: bool = False) -> None:
        self.client = client
        self.chunk = chunk
        self.buckets = buckets
        self.retries = retries
        # A cluster of this run's own is stopped as soon as the run is interrupted: its workers
        # must not go on writing pages into the staging folder the run removes next.
        self.own_cluster = own_cluster

    # The Engine protocol of dedup.batch ------------------------------------------------------

    def __enter__(self) -> DaskEngine:
        self._run = uuid.uuid4().hex[:12]
        # A folder in each worker's temporary folder, named as dedup.outputs.work_folder
        # names its own: a run killed with SIGKILL leaves it, and the next run on this
        # machine removes it (dedup.outputs.sweep_work_folders).
        self._cache = f"dedup-{os.getpid()}-{self._run}"
        sweep_work_folders()
        self._totals: list = []
        self._common: tuple[Thresholds, dict[int, int]] | None = None
        self._pages: Sequence[Page] = ()
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self._totals = []
        if self.own_cluster and kind is not None and issubclass(kind, KeyboardInterrupt):
            logging.disable(logging.CRITICAL)  # (what the cluster says as it goes: see connect)
            with contextlib.suppress(Exception):
                self.client.shutdown()  # the workers stop at once
            _remove_cache(self._cache)  # (its workers are on this machine, with its TMPDIR)
            return
        self.client.run(_remove_cache, self._cache, on_error="ignore")

    def fingerprints(self, pages: Sequence[Page], settings: BatchOptions
                     ) -> Iterator[list[Fingerprints | Failure]]:
        self._pages = pages
        workers = max(1, sum(self.client.nthreads().values()))
        size = self._chunk_size(pages)
        buckets = self.buckets or max(2 * workers, math.ceil(len(pages) / PAGES_PER_BUCKET))
        self._k = buckets
        chunks = [pages[start:start + size] for start in range(0, len(pages), size)]
        parts = [self._submit(_fingerprint_chunk, chunk, settings, self._cache, buckets,
                              name=f"fingerprints-{n}") for n, chunk in enumerate(chunks)]
        answers = [self._submit(itemgetter(0), part, name=f"answers-{n}")
                   for n, part in enumerate(parts)]
        self._totals = [self._reduce([self._submit(_bucket, part, b, name=f"piece-{b}-{n}")
                                      for n, part in enumerate(parts)], b)
                        for b in range(buckets)]
        del parts
        for future in answers:
            yield from future.result()
            future.release()

    def decide(self, sketches: Sequence[Sketch], settings: BatchOptions) -> Plan:
        """:func:`dedup.batch.decide`, with the counts left in their buckets on the cluster."""
        limits = thresholds(sketches, settings)
        duplicates = {}
        if settings.duplicate_pages:
            duplicates = find_duplicates(sketches, self._common_at(limits),
                                         containment=settings.duplicate_containment,
                                         size=settings.duplicate_size)
            if duplicates:
                self._subtract(sorted(duplicates), settings)
            limits = thresholds(sketches, settings, duplicates)
        boilerplate = self._common_at(limits) if settings.boilerplate else {}
        self._totals = []
        return Plan(boilerplate, duplicates, limits)

    def clean(self, pages: Sequence[Page], settings: BatchOptions, destination: Destination,
              boilerplate: dict[int, int], dropped: Sequence[dict[int | None, dict]]
              ) -> Iterator[PageOutcome]:
        if not pages:
            return
        # Scattered inside a list: scattering a dict itself would scatter each value.
        [shared] = self.client.scatter([boilerplate], broadcast=True, hash=False)
        size = self._chunk_size(pages)
        futures = [self._submit(_clean_chunk, pages[start:start + size], settings, destination,
                                shared, self._cache, dropped[start:start + size],
                                name=f"clean-{start // size}")
                   for start in range(0, len(pages), size)]
        for future in futures:
            yield from future.result()
            future.release()

    # The count ---------------------------------------------------------------------------------

    def _common_at(self, limits: Thresholds) -> dict[int, int]:
        """The site keys on at least their site's threshold of documents, from every bucket,
        with that number (:func:`dedup.sites.common_keys`)."""
        if self._common is None or self._common[0] != limits:
            selected = self.client.gather([
                self._submit(_select, total, limits, name=f"select-{b}")
                for b, total in enumerate(self._totals)])
            # In key order, as the local engine's dict is not: only membership and counts
            # are used, never the order.
            self._common = (limits, {key: count for keys, counts in selected
                                     for key, count in zip(keys, counts, strict=True)})
        return self._common[1]

    def _subtract(self, duplicates: Sequence[DocId], settings: BatchOptions) -> None:
        """Take the documents not written out of the counts: their pages are read again (only
        theirs) and their fingerprints subtracted bucket by bucket."""
        records: dict[int, list[int | None]] = {}
        for doc in duplicates:
            records.setdefault(doc.page, []).append(doc.record)
        numbers = sorted(records)
        size = self._chunk_size(numbers)
        parts = [self._submit(_duplicate_chunk, [self._pages[n] for n in group],
                              [records[n] for n in group], settings, self._cache, self._k,
                              name=f"duplicates-{start // size}")
                 for start in range(0, len(numbers), size)
                 for group in [numbers[start:start + size]]]
        self._totals = [
            self._submit(_minus, total, self._reduce(
                [self._submit(_bucket, part, b, name=f"duplicate-piece-{b}-{n}")
                 for n, part in enumerate(parts)], b), name=f"minus-{b}")
            for b, total in enumerate(self._totals)]
        self._common = None

    def _reduce(self, pieces: list, bucket: int):
        """Merge one bucket's pieces in a tree of tasks; the total stays on a worker."""
        level = 0
        while len(pieces) > 1:
            pieces = [self._submit(_merge, *pieces[i:i + MERGE_FAN_IN],
                                   name=f"merge-{bucket}-{level}-{i}")
                      for i in range(0, len(pieces), MERGE_FAN_IN)]
            level += 1
        return pieces[0]

    def _chunk_size(self, items: Sequence) -> int:
        workers = max(1, sum(self.client.nthreads().values()))
        return self.chunk or max(1, min(MAX_CHUNK, math.ceil(len(items) / (4 * workers))))

    def _submit(self, function, *args, name: str):
        key = f"dedup-{name}-{self._run}-{uuid.uuid4().hex[:6]}"
        return self.client.submit(function, *args, key=key, retries=self.retries, pure=False)


# ---------------------------------------------------------------------------------------------
# The tasks (run on the workers; plain functions so that they pickle by reference)

def _fingerprint_chunk(pages: Sequence[Page], settings: BatchOptions, cache: str, buckets: int
                       ) -> tuple[list[list[Fingerprints | Failure]], list[Piece]]:
    """Pass 1 for a chunk of pages: each page's answers without their distinct fingerprints
    (which go into the bucket pieces instead)."""
    counts = [Counter() for _ in range(buckets)]
    answers = []
    for page in pages:
        found = page_fingerprints(page, settings, _cache_folder(cache))
        for answer in found:
            if isinstance(answer, Fingerprints):
                for value in answer.distinct:
                    counts[value % buckets][value] += 1
        answers.append([answer._replace(distinct=()) if isinstance(answer, Fingerprints)
                        else answer for answer in found])
    return answers, [_piece(count) for count in counts]


def _duplicate_chunk(pages: Sequence[Page], records: Sequence[list[int | None]],
                     settings: BatchOptions, cache: str, buckets: int
                     ) -> tuple[None, list[Piece]]:
    """The bucket pieces of the given documents of these pages only."""
    counts = [Counter() for _ in range(buckets)]
    for page, wanted in zip(pages, records, strict=True):
        for answer in page_fingerprints(page, settings, _cache_folder(cache)):
            if isinstance(answer, Fingerprints) and answer.record in wanted:
                for value in answer.distinct:
                    counts[value % buckets][value] += 1
    return None, [_piece(count) for count in counts]


def _bucket(part: tuple[object, list[Piece]], bucket: int) -> Piece:
    return part[1][bucket]


def _piece(count: Counter[int]) -> Piece:
    return array("Q", count.keys()), array("I", count.values())


def _merge(*pieces: Piece) -> Piece:
    total: Counter[int] = Counter()
    for keys, counts in pieces:
        if not total:
            total.update(dict(zip(keys, counts, strict=True)))
            continue
        for key, count in zip(keys, counts, strict=True):
            total[key] += count
    return _piece(total)


def _minus(total: Piece, removed: Piece) -> Piece:
    gone = dict(zip(*removed, strict=True))
    keys, counts = total
    return keys, array("I", (count - gone.get(key, 0) for key, count in zip(keys, counts,
                                                                             strict=True)))


def _select(piece: Piece, limits: Thresholds) -> Piece:
    keys, counts = piece
    lowest = limits.lowest
    chosen = [(key, count) for key, count in zip(keys, counts, strict=True)
              if count >= lowest and count >= limits.of(key)]
    return array("Q", (key for key, _ in chosen)), array("I", (count for _, count in chosen))


def _clean_chunk(pages: Sequence[Page], settings: BatchOptions, destination: Destination,
                 boilerplate: dict[int, int], cache: str,
                 dropped: Sequence[dict[int | None, dict]]) -> list[PageOutcome]:
    return [clean_page(page, settings, destination, boilerplate, _cache_folder(cache), drop)
            for page, drop in zip(pages, dropped, strict=True)]


def _cache_folder(name: str) -> str:
    """This worker's folder for the text extracted from HTML pages between the passes (shared
    by the workers of one machine; each machine extracts its own if they differ)."""
    return os.path.join(tempfile.gettempdir(), name)


def _remove_cache(name: str) -> None:
    shutil.rmtree(_cache_folder(name), ignore_errors=True)
