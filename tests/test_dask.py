"""Batch mode on Dask (dedup.dask_engine): the same bytes as the local engine, on one cluster of
two worker processes shared by the whole module."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from dedup import dask_engine  # noqa: E402
from dedup.batch import BatchOptions, discover, run_batch  # noqa: E402
from dedup.cli import DASK_MISSING, main  # noqa: E402

try:
    from tests import damage
    from tests.files import tree, write
except ImportError:  # tests/ is not importable as a package from this path
    import damage
    from files import tree, write

ARTICLES = Path(__file__).parent / "data" / "articles"
SUMMARY_SECONDS = re.compile(r"; \d+\.\ds\n$")
SITES = [
    ("Home | News | World | Business | Sport | Opinion",
     "Copyright © The Daily Example. All rights reserved. Terms and privacy."),
    ("首页 | 新闻 | 体育 | 财经 | 科技 | 娱乐",
     "声明：本网独家稿件，未经授权禁止转载！违者必究，版权所有。"),
]


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of two single-threaded worker processes for the module."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.shutdown()  # stops the workers now: closing the nannies one by one takes seconds
    cluster.close()


def corpus(folder: Path, pages: int = 24, seed: int = 3) -> Path:
    """Damaged articles from tests/data in the boilerplate of two sites, a counter line that
    changes, three pages scraped twice, and an HTML page."""
    articles = damage.load_articles(ARTICLES)
    stream = damage.generate_stream(articles, seed, 1 << 30, damage.DamageOptions(repeat=0.5),
                                    per_text=(1, 1))
    rng = random.Random(seed)
    for n in range(pages):
        nav, footer = SITES[n % 2]
        text = "\n\n".join([nav, f"Views: {rng.randint(1, 9999)}", next(stream).text.strip(),
                            footer]) + "\n"
        write(folder, {f"site{n % 2}/page_{n:03d}.txt": text})
        if n % 8 == 3:
            write(folder, {f"site{n % 2}/again/page_{n:03d}.txt": text})
    write(folder, {"news/story.html": "<html><body><article><h1>Harbour bridge reopens</h1>"
                   "<p>The harbour bridge reopened on Monday after eight months of repairs to "
                   "its corroded steel plates, the council said.</p></article></body></html>"})
    return folder


def batch(src: Path, out: Path, engine=None, **settings) -> tuple[dict[str, bytes], str, object]:
    """run_batch with the given engine: the files written, the report, the summary."""
    pages = discover([str(src)], str(out), jsonl=settings.get("jsonl", False))
    lines: list[str] = []
    warnings: list[str] = []
    summary = run_batch(pages, str(out), BatchOptions(**settings), report=lines.append,
                        warn=warnings.append, engine=engine)
    return tree(out), "".join(lines), (summary, warnings)


class TestSameBytesAsLocal:
    @pytest.mark.parametrize(("chunk", "buckets"), [(None, None), (1, 1), (5, 3)],
                             ids=["default", "one-page-tasks-one-bucket", "five-pages-3-buckets"])
    def test_folder(self, client, tmp_path, chunk, buckets):
        """Files, report, summary and warnings match the local engine for any chunk size and
        number of buckets."""
        src = corpus(tmp_path / "in")
        expected = batch(src, tmp_path / "local", jobs=1)
        engine = dask_engine.DaskEngine(client, chunk=chunk, buckets=buckets)
        assert batch(src, tmp_path / "dask", engine) == expected
        assert expected[2][0].duplicates == 3 and expected[2][0].boilerplate_kinds >= 4

    @pytest.mark.parametrize("settings", [
        {"boilerplate": False}, {"duplicate_pages": False}, {"boilerplate_pages": 3}],
        ids=["no-boilerplate", "no-duplicate-pages", "boilerplate-pages-3"])
    def test_policies(self, client, tmp_path, settings):
        """The cross-page switches give the same output on both engines."""
        src = corpus(tmp_path / "in", pages=12)
        engine = dask_engine.DaskEngine(client, chunk=2)
        assert (batch(src, tmp_path / "dask", engine, **settings)
                == batch(src, tmp_path / "local", jobs=1, **settings))

    def test_page_scraped_three_times(self, client, tmp_path):
        """Copies are subtracted before the boilerplate count: a page scraped three times is
        not boilerplate (the recount of batch.decide, reproduced on the buckets)."""
        src = corpus(tmp_path / "in", pages=6)
        text = (src / "site0/page_000.txt").read_text(encoding="utf-8")
        for copy in ("x1", "x2", "x3"):
            write(src, {f"copies/{copy}.txt": text})
        engine = dask_engine.DaskEngine(client, chunk=2, buckets=2)
        local = batch(src, tmp_path / "local", jobs=1)
        assert batch(src, tmp_path / "dask", engine) == local
        assert local[2][0].duplicates >= 3

    def test_jsonl(self, client, tmp_path):
        """JSON Lines records, a bad record and duplicate records: same output."""
        texts = [f"Story {n}: the council met on day {n} to debate the plan for district {n}, "
                 "which residents had long awaited." for n in range(5)]
        records = [{"id": n, "text": f"{SITES[0][0]}\n\n{texts[n % 5]}\n\n{SITES[0][1]}"}
                   for n in range(8)]
        records.insert(2, {"id": "bad"})
        write(tmp_path / "in", {"c.jsonl": "".join(json.dumps(r) + "\n" for r in records)})
        engine = dask_engine.DaskEngine(client, chunk=1)
        assert (batch(tmp_path / "in", tmp_path / "dask", engine, jsonl=True)
                == batch(tmp_path / "in", tmp_path / "local", jsonl=True, jobs=1))


    def test_sites_of_different_sizes(self, client, tmp_path):
        """Records counted on the host of their ``url`` (a big site and a small one, so two
        thresholds) and records without one on their folder: the same files and report, sites
        and page counts included, as the local engine; each site loses its own footer."""
        records = []
        for n in range(60):
            host = "big.example" if n % 6 else "small.example"
            footer = SITES[0][1] if host == "big.example" else SITES[1][1]
            body = f"Story {n}: the council met on day {n} to debate the plan for district {n}."
            records.append({"url": f"https://{host}/{n}", "text": f"{body}\n\n{footer}"})
        records += [{"text": f"Story {n}: a record without a url, number {n} of three.\n\n"
                             f"{SITES[0][1]}"} for n in range(3)]
        write(tmp_path / "in", {"c.jsonl": "".join(json.dumps(r) + "\n" for r in records)})
        engine = dask_engine.DaskEngine(client, chunk=7, buckets=3)
        local = batch(tmp_path / "in", tmp_path / "local", jsonl=True, jobs=1)
        assert batch(tmp_path / "in", tmp_path / "dask", engine, jsonl=True) == local
        removed = [json.loads(line) for line in local[1].splitlines()
                   if '"boilerplate"' in line]
        assert {(r["site"], r["pages"]) for r in removed} == {
            ("big.example", 50), ("small.example", 10), (f"{tmp_path / 'in'}/", 3)}
        assert len(removed) == 63


class TestCLI:
    def test_through_scheduler_address(self, client, tmp_path):
        """`--engine dask --scheduler ADDRESS` uses that cluster: same files, report and
        stderr as the default engine."""
        src = corpus(tmp_path / "in", pages=10)
        runner = CliRunner()
        results = {}
        for name, extra in (("local", ["-j", "1"]),
                            ("dask", ["--engine", "dask", "--scheduler",
                                      client.scheduler.address])):
            report = tmp_path / f"{name}.jsonl"
            result = runner.invoke(main, [str(src), "-o", str(tmp_path / name), "--report",
                                          str(report), *extra])
            assert result.exit_code == 0, result.output
            results[name] = (tree(tmp_path / name), report.read_bytes(),
                             SUMMARY_SECONDS.sub("", result.stderr))
        assert results["dask"] == results["local"]

    def test_bad_pages_reported(self, client, tmp_path):
        """A binary and an empty page: reported as by the local engine, exit 1, the good page
        written."""
        src = tmp_path / "in"
        write(src, {"bin.txt": b"\x00\x01\x02binary\x00", "empty.txt": b"",
                    "ok.txt": "A paragraph long enough to be judged on its own merits.\n"})
        runner = CliRunner()
        results = []
        for name, extra in (("local", ["-j", "1"]),
                            ("dask", ["--engine", "dask", "--scheduler",
                                      client.scheduler.address])):
            result = runner.invoke(main, [str(src), "-o", str(tmp_path / name), *extra])
            results.append((result.exit_code, SUMMARY_SECONDS.sub("", result.stderr),
                            tree(tmp_path / name)))
        assert results[0] == results[1]
        assert results[1][0] == 1 and list(results[1][2]) == ["ok.txt"]
        assert results[1][1].startswith(f"{src / 'bin.txt'}: looks like binary data")

    def test_missing_extra(self, tmp_path, monkeypatch):
        """Without Dask installed: one line naming the install command, exit 1."""
        monkeypatch.setitem(sys.modules, "dedup.dask_engine", None)
        write(tmp_path / "in", {"a.txt": "Some text.\n"})
        result = CliRunner().invoke(main, [str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                           "--engine", "dask"])
        assert (result.exit_code, result.stderr) == (1, f"Error: {DASK_MISSING}\n")
        assert "pip install 'dedup[dask]'" in DASK_MISSING

    def test_scheduler_needs_dask_engine(self, tmp_path):
        """--scheduler without --engine dask is a usage error; the environment variable alone
        leaves the default engine in charge."""
        write(tmp_path / "in", {"a.txt": "Some text.\n"})
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "-j", "1"]
        result = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:1"])
        assert result.exit_code == 2 and "--scheduler is for --engine dask" in result.stderr
        result = CliRunner(env={"DASK_SCHEDULER_ADDRESS": "tcp://127.0.0.1:1"}).invoke(main, args)
        assert result.exit_code == 0


    def test_scheduler_that_is_no_address(self, tmp_path):
        """A --scheduler that is no address (no port): one line, exit 1, no output folder
        (it was a ValueError traceback)."""
        write(tmp_path / "in", {"a.txt": "Some text.\n"})
        result = CliRunner().invoke(main, [str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                           "--engine", "dask", "--scheduler", "garbage!!"])
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "Error: --scheduler garbage!!: missing port number in address 'garbage!!'; give "
            "the scheduler's address, such as tcp://host:8786"]
        assert not (tmp_path / "out").exists()

    def test_own_cluster_leaves_nothing_in_tmpdir(self, tmp_path):
        """A run on a cluster of its own leaves nothing in TMPDIR (Dask's scratch space and
        its lock files were left after every run)."""
        write(tmp_path / "in", {"a.txt": "Some text of a page.\n"})
        scratch = tmp_path / "tmp"
        scratch.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", "from dedup.cli import main; main()", str(tmp_path / "in"),
             "-o", str(tmp_path / "out"), "-q", "--engine", "dask", "-j", "1"],
            env={**os.environ, "TMPDIR": str(scratch)}, capture_output=True, timeout=300)
        assert (done.returncode, done.stderr) == (0, b"")
        assert list(scratch.iterdir()) == []


    def test_own_cluster_workers_are_quiet(self):
        """The workers of a cluster of the run's own log nothing below CRITICAL: as the
        cluster shut down after Ctrl-C, a worker's failed heartbeat printed 30 lines of
        traceback under the CLI's one line."""
        with dask_engine.connect(jobs=1) as engine:
            levels = engine.client.run(lambda: logging.root.manager.disable)
        assert list(levels.values()) == [logging.ERROR]


class TestWorkers:
    class FakeClient:
        def __init__(self, versions):
            self.versions = versions

        def wait_for_workers(self, n, timeout):
            return None

        def get_versions(self, check):
            return {}

        def run(self, function, *args, on_error):
            return self.versions

    def test_worker_without_dedup(self):
        """A worker without dedup installed is named, with the remedy."""
        client = self.FakeClient({"tcp://10.0.0.9:4000": ModuleNotFoundError("dedup"),
                                  "tcp://10.0.0.8:4000": dask_engine.__version__})
        with pytest.raises(dask_engine.EngineProblem,
                           match=r"worker tcp://10.0.0.9:4000 has no dedup; install dedup=="):
            dask_engine.check_workers(client)

    def test_real_workers_pass(self, client):
        """The module's cluster has dedup at this version."""
        dask_engine.check_workers(client)


class TestStorage:
    def test_memory_urls_local_engine(self, tmp_path):
        """fsspec URLs in and out (memory://, one process) give the bytes of local paths."""
        fsspec = pytest.importorskip("fsspec")
        src = corpus(tmp_path / "in", pages=8)
        fs = fsspec.filesystem("memory")
        for name, data in tree(src).items():
            fs.pipe_file(f"/dedup-test/in/{name}", data)
        runner = CliRunner()
        done = runner.invoke(main, ["memory://dedup-test/in", "-o", "memory://dedup-test/out",
                                    "-q", "-j", "1"])
        assert done.exit_code == 0, done.output
        runner.invoke(main, [str(src), "-o", str(tmp_path / "out"), "-q", "-j", "1"])
        written = {path[len("/dedup-test/out/"):]: fs.cat_file(path)
                   for path in sorted(fs.find("/dedup-test/out"))}
        fs.rm("/dedup-test", recursive=True)
        assert written == tree(tmp_path / "out")

    def test_file_urls_on_cluster(self, client, tmp_path):
        """file:// URLs read and written by the workers: same bytes, no temporary file left,
        and a rerun (as a retried task would) writes the same bytes."""
        src = corpus(tmp_path / "in", pages=8)
        runner = CliRunner()
        args = [f"file://{src}", "-o", f"file://{tmp_path / 'dask'}", "-q", "--engine", "dask",
                "--scheduler", client.scheduler.address]
        assert runner.invoke(main, args).exit_code == 0
        first = tree(tmp_path / "dask")
        assert runner.invoke(main, args).exit_code == 0
        runner.invoke(main, [str(src), "-o", str(tmp_path / "local"), "-q", "-j", "1"])
        assert tree(tmp_path / "dask") == first == tree(tmp_path / "local")
