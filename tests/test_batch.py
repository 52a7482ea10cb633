"""Batch mode: a folder of pages cleaned within and across pages (dedup.batch and the CLI)."""

import json
import os
import re
import signal
import stat
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import batch
from dedup.batch import (
    BatchOptions,
    DocId,
    Duplicate,
    Sketch,
    discover,
    document_sketch,
    find_duplicates,
    output_name,
    run_batch,
)
from dedup.cli import main
from dedup.keys import fingerprint, make_key
from dedup.model import Options
from dedup.pipeline import document_keys
from dedup.sites import (
    SHIFT,
    Thresholds,
    can_be_boilerplate,
    common_keys,
    folder_site,
    site_hash,
    site_key,
    site_thresholds,
)
from dedup.sites import threshold as boilerplate_threshold

try:
    from tests.files import tree, write
except ImportError:  # tests/ is not importable as a package from this path
    from files import tree, write

CASES = Path(__file__).parent / "cases" / "batch"
NAV = "Home | News | World | Business | Sport | Opinion"
FOOTER = "Copyright © The Daily Example. All rights reserved. Terms and privacy."
QUOTE = "“We will not stop until every family in the valley has clean water,” the minister said."


def article(n: int) -> str:
    """A distinct article: a title and two paragraphs that no other article shares."""
    words = ["harbour", "orchard", "railway", "library", "festival", "glacier", "vineyard",
             "lighthouse", "stadium", "monastery", "brewery", "canal"][n]
    return (f"Story {n}: the {words} project moves ahead\n\n"
            f"The {words} project in district {n} was approved by the council after a long "
            f"debate about its cost and its effect on the {words} nearby.\n\n"
            f"Residents near the {words} said they had waited for years, and that the plan "
            f"for the {words} was the best news the district had heard.\n")


def page(n: int, *extra: str) -> str:
    return "\n\n".join([NAV, article(n).strip(), *extra, FOOTER]) + "\n"


def site(tmp_path: Path, pages: int = 6) -> Path:
    """A folder of pages with navigation and footer on every page; articles 0 and 1 share a
    quote; page 'b/again.txt' is page 2 scraped a second time."""
    files = {f"a/p{n}.txt": page(n, QUOTE) if n < 2 else page(n) for n in range(pages)}
    files["b/again.txt"] = page(2)
    return write(tmp_path / "in", files)


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args])


SUMMARY_SECONDS = re.compile(r"; \d+\.\ds\n$")


class TestThreshold:
    @pytest.mark.parametrize(("documents", "expected"), [
        (2, 3), (21, 3), (30, 3), (31, 4), (95, 10), (1111, 10)], ids=str)
    def test_threshold(self, documents, expected):
        """On N=10 pages or 10% of them, whichever is fewer, never fewer than 3."""
        assert boilerplate_threshold(documents) == expected

    def test_common_keys(self):
        """Only keys at or above their site's threshold are boilerplate, with their count."""
        assert common_keys(Counter({1: 3, 2: 2, 3: 5}), Thresholds({}, 3)) == {1: 3, 3: 5}


# A lottery table as Sina's scraper left it (scraped_zh_sina/sina_sport_0013.txt, first rows):
# one cell a line, the match number and the result a bare number.
LOTTERY = ("场号\n主客队名\n猜胜比例\n猜平比例\n猜负比例\n实际比赛结果\n\n\n"
           "1\n9\n拜 仁VS弗赖堡\n95.82\n3.29\n0.89\n1\n\n\n"
           "2\n8\n奥格斯VS纽伦堡\n68.64\n19.95\n11.41\n1\n\n\n"
           "3\n7\n勒 沃VS霍芬海\n53.52\n21.27\n25.21\n3\n\n\n"
           "4\n6\n多 特VS沃尔夫\n77.18\n15.16\n7.66\n0")
# A table as trafilatura writes it (html/zyte_aeb): rows, and the rule under the header; each
# page fills it with its own figures.
TABLE = "| Team | P | W |\n\n|---|---|---|\n\n| Leeds | {0} | 2 |\n\n| York | {0} | 1 |"


class TestNeverBoilerplate:
    @pytest.mark.parametrize("line", [
        "1", "4", "2019", "95.82", "10%", "一", "①", "a", "▼", "○……", "×", "、", "-", "___",
        "|", "| |", "| | | |", "|---|---|---|", "| :--- | ---: |", "+----+----+", "-----",
        "=====", "* * *"], ids=repr)
    def test_structural_lines(self, line):
        """Bare numbers, single characters and table rules never count as boilerplate."""
        assert not can_be_boilerplate(make_key(line))

    @pytest.mark.parametrize("line", [
        "Advertisement", "中奖彩票", "- 推荐", "字号", NAV, "1 2 3 4 下一页"], ids=repr)
    def test_template_lines_still_count(self, line):
        """Short template lines with words in them are still boilerplate candidates."""
        assert can_be_boilerplate(make_key(line))

    def test_tables_keep_their_numbers_and_rules(self, runner, tmp_path):
        """Twelve pages of one site with the same lottery table and a markdown table of the
        same header: the lottery rows with their numbers (the table, the same on every page,
        is never boilerplate), the markdown header row and its rule stay on every page; the
        nav line goes."""
        files = {f"sina/p{n:02d}.txt": "\n\n".join([NAV, article(n).strip(), LOTTERY,
                                                      TABLE.format(n + 10), FOOTER]) + "\n"
                 for n in range(12)}
        src, out = write(tmp_path / "in", files), tmp_path / "out"
        result = run(runner, src, "-o", out, "-q", "-j", 1, "--boilerplate-pages", 3)
        assert result.exit_code == 0, result.output
        for name, text in tree(out).items():
            text = text.decode()
            assert NAV not in text and FOOTER not in text, name
            # (The table is one paragraph, a row a line: every row with its numbers stays.)
            assert "1 | 9 | 拜 仁VS弗赖堡 | 95.82" in text, name
            assert "4 | 6 | 多 特VS沃尔夫 | 77.18 | 15.16 | 7.66 | 0" in text, name
            assert "\n\n| Team | P | W |\n\n|---|---|---|\n\n" in text, name


class TestSites:
    def test_two_sites_do_not_make_each_other_boilerplate(self, runner, tmp_path):
        """A line on two pages of one folder and two of another is on four pages of the
        batch but on two of each site: it stays. Each site's own nav, on its three pages,
        goes, and the report says which site and on how many of its pages."""
        shared = "Our reporter followed the mayor through the flooded streets of the old town."
        files = {}
        for n in range(6):
            folder, nav = ("bbc", NAV) if n < 3 else ("sina", "首页 | 新闻 | 体育 | 财经 | 科技")
            extra = [shared] if n in (0, 1, 3, 4) else []
            files[f"{folder}/p{n}.txt"] = "\n\n".join([nav, article(n).strip(), *extra]) + "\n"
        src, out, report = write(tmp_path / "in", files), tmp_path / "out", tmp_path / "r.jsonl"
        result = run(runner, src, "-o", out, "-q", "-j", 1, "--report", report)
        assert result.exit_code == 0, result.output
        files = {name: text.decode() for name, text in tree(out).items()}
        assert [name for name, text in files.items() if shared in text] == [
            "bbc/p0.txt", "bbc/p1.txt", "sina/p3.txt", "sina/p4.txt"]
        assert not any(NAV in text or "首页" in text for text in files.values())
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert [(r["page"], r["site"], r["pages"]) for r in records
                if r["reason"] == "boilerplate"] == [
            ("bbc/p0.txt", f"{src}/bbc/", 3), ("bbc/p1.txt", f"{src}/bbc/", 3),
            ("bbc/p2.txt", f"{src}/bbc/", 3), ("sina/p3.txt", f"{src}/sina/", 3),
            ("sina/p4.txt", f"{src}/sina/", 3), ("sina/p5.txt", f"{src}/sina/", 3)]

    def test_the_same_batch_cleaned_with_another_site_changes_nothing(self, runner, tmp_path):
        """A site's output is the same bytes whether it is cleaned alone or with another site
        whose pages hold the same short lines (the Sina folder and the HTML folders)."""
        sina = {f"p{n}.txt": "\n\n".join([article(n).strip(), "（罗森）", "1",
                                          *(["Votes"] if n < 2 else [])]) + "\n"
                for n in range(4)}
        other = {f"q{n}.txt": "\n\n".join([NAV, article(n + 4).strip(), "1", "Votes"]) + "\n"
                 for n in range(8)}
        write(tmp_path / "sina", sina)
        write(tmp_path / "other", other)
        alone = run(runner, tmp_path / "sina", "-o", tmp_path / "alone", "-q", "-j", 1)
        both = run(runner, tmp_path / "sina", tmp_path / "other", "-o", tmp_path / "both", "-q",
                   "-j", 1)
        assert alone.exit_code == both.exit_code == 0
        by_alone, by_both = tree(tmp_path / "alone"), tree(tmp_path / "both")
        assert by_alone == {name: by_both[name] for name in sina}
        assert b"Votes" in by_alone["p0.txt"] and b"Votes" in by_alone["p1.txt"]  # 2 of 4 ...
        assert all(b"Votes" not in by_both[name] for name in other)  # ... there 8 of 8
        assert all(b"\n1\n" in text for text in by_both.values())
        assert not any("（罗森）".encode() in text for text in by_both.values())

    def test_html_pages_are_sited_by_their_url(self, runner, tmp_path):
        """HTML pages name their host (canonical link, else og:url): three pages of one host
        in three folders share their footer as boilerplate; a page of another host in the
        same folder keeps the same footer."""
        def html(head: str, n: int) -> str:
            return (f"<html><head>{head}<title>t</title></head><body><article><h1>Story {n}</h1>"
                    f"<p>{article(n).split(chr(10))[2]}</p><p>Our newsroom is independent and "
                    "funded by readers like you: subscribe today.</p></article></body></html>")

        files = {f"f{n}/a.html": html(f'<link rel="canonical" href="https://www.news.example/{n}">',
                                      n) for n in range(2)}
        files["f2/a.html"] = html('<meta property="og:url" content="https://news.example/2">', 2)
        files["f0/b.html"] = html('<link rel="canonical" href="https://other.example/3">', 3)
        src, report = write(tmp_path / "in", files), tmp_path / "r.jsonl"
        result = run(runner, src, "-o", tmp_path / "out", "-q", "-j", 1, "--report", report)
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert [(r["page"], r["site"], r["pages"]) for r in records
                if r["reason"] == "boilerplate"] == [
            ("f0/a.html", "news.example", 3), ("f1/a.html", "news.example", 3),
            ("f2/a.html", "news.example", 3)]
        assert b"subscribe today" in tree(tmp_path / "out")["f0/b.txt"]
        again = run(runner, src, "-o", tmp_path / "out2", "-q", "-j", 2, "--report",
                    tmp_path / "r2.jsonl")  # the site read back from the extraction cache
        assert again.exit_code == 0
        assert tree(tmp_path / "out2") == tree(tmp_path / "out")
        assert (tmp_path / "r2.jsonl").read_bytes() == report.read_bytes()

    def test_jsonl_records_are_sited_by_their_url_field(self, runner, tmp_path):
        """Records with a ``url`` field are counted on its host; records without one on the
        file's folder."""
        line = FOOTER
        records = [{"url": f"https://{host}/{n}", "text": f"{article(n)}\n\n{line}"}
                   for n, host in enumerate(["a.example", "a.example", "b.example",
                                             "b.example", "a.example"])]
        records.append({"text": f"{article(5)}\n\n{line}"})
        src, report = write(tmp_path / "in", {"c.jsonl": "".join(
            json.dumps(r) + "\n" for r in records)}), tmp_path / "r.jsonl"
        result = run(runner, src, "-o", tmp_path / "out", "--jsonl", "-q", "-j", 1,
                     "--report", report)
        assert result.exit_code == 0, result.output
        removed = [(r["record"], r["site"], r["pages"]) for r in map(
            json.loads, report.read_text(encoding="utf-8").splitlines())
            if r["reason"] == "boilerplate"]
        assert removed == [(1, "a.example", 3), (2, "a.example", 3), (5, "a.example", 3)]

    @pytest.mark.parametrize(("source", "name", "expected"), [
        ("crawl", "bbc.co.uk/2019/a.txt", "crawl/bbc.co.uk/"), ("crawl/", "a.txt", "crawl/"),
        ("/data/crawl", "x/a.html", "/data/crawl/x/"), ("pages/a.html", None, "pages/"),
        ("a.html", None, "./"), ("/a.html", None, "/")], ids=str)
    def test_input_folder(self, source, name, expected):
        """A page's input folder: the first-level subfolder of the folder given, or the folder
        given; a file named on its own, the folder it is in."""
        assert folder_site(source, name) == expected

    def test_site_keys_never_mix(self):
        """The same paragraph on two sites is two keys, each telling its site's tag."""
        value = fingerprint(make_key(QUOTE))
        a, b = site_hash("a/"), site_hash("b/")
        assert site_key(value, a) != site_key(value, b)
        assert {site_key(value, a) >> SHIFT, site_key(value, b) >> SHIFT} == {a >> SHIFT,
                                                                              b >> SHIFT}

    def test_thresholds_per_site(self):
        """Each site's threshold comes from its own number of documents."""
        big, small = site_hash("big/"), site_hash("small/")
        limits = site_thresholds([big] * 500 + [small] * 40)
        assert (limits.of(site_key(1, big)), limits.of(site_key(1, small))) == (10, 4)
        frequency = Counter({site_key(1, big): 9, site_key(2, big): 10, site_key(1, small): 4})
        assert common_keys(frequency, limits) == {site_key(2, big): 10, site_key(1, small): 4}


class TestSketch:
    def test_matches_pipeline_fingerprints(self):
        """The distinct fingerprints are those of the keys pipeline.document_keys gives."""
        text = page(3, QUOTE, "SinaPage.loadWidget({", "short line")
        sketch = document_sketch(text, Options())
        keys = document_keys(text, Options())
        assert sketch.distinct == tuple(sorted({site_key(fingerprint(key), 0) for key in keys}))

    def test_short_lines_not_in_signature(self):
        """Only paragraphs of weight ≥ min_length go into the duplicate signature."""
        sketch = document_sketch("Short line\n\n" + article(0), Options())
        assert sketch.long == 3 and len(sketch.distinct) == 4


class TestFindDuplicates:
    def sketches(self, *sets):
        return [Sketch(DocId(i, None), tuple(sorted(s)), len(s)) for i, s in enumerate(sets)]

    def test_contained_later_page(self):
        """A later page whose long paragraphs are in an earlier one is its duplicate."""
        found = find_duplicates(self.sketches({1, 2, 3, 4}, {5, 6}, {1, 2, 3, 4}), frozenset())
        assert found == {DocId(2, None): Duplicate(DocId(0, None), 100.0)}

    def test_boilerplate_left_out(self):
        """Shared boilerplate does not make two articles duplicates."""
        found = find_duplicates(self.sketches({1, 2, 9}, {3, 4, 9}, {5, 9}), frozenset({9}))
        assert found == {}

    def test_below_containment(self):
        """Sharing 3 of 5 paragraphs (60%) is not enough."""
        assert find_duplicates(self.sketches({1, 2, 3, 4, 5}, {1, 2, 3, 6, 7}), frozenset()) == {}

    def test_much_smaller_page(self):
        """A page a fifth the size of the page containing it is not a duplicate of it."""
        big = set(range(1, 11))
        assert find_duplicates(self.sketches(big, {1, 2}), frozenset()) == {}

    def test_all_boilerplate_pages_compared_together(self):
        """A page scraped three times is all 'boilerplate'; its copies are still found."""
        found = find_duplicates(self.sketches({1, 2}, {3, 4}, {1, 2}, {1, 2}),
                                frozenset({1, 2}))
        assert set(found) == {DocId(2, None), DocId(3, None)}

    def test_against_brute_force(self):
        """Same answer as comparing every pair in order (an O(n²) oracle)."""
        import random
        rng = random.Random(5)
        sets = [set(rng.sample(range(12), rng.randint(1, 6))) for _ in range(60)]
        found = find_duplicates(self.sketches(*sets), frozenset())
        kept: list[int] = []
        expected = {}
        for i, s in enumerate(sets):
            best = None
            for j in kept:
                score = len(s & sets[j]) / len(s)
                if score >= 0.8 and len(s) >= 0.3 * len(sets[j]) and (not best or score > best[1]):
                    best = (j, score)
            if best:
                expected[DocId(i, None)] = Duplicate(DocId(best[0], None), round(100 * best[1], 1))
            else:
                kept.append(i)
        assert found == expected


class TestDiscover:
    def test_sorted_relative_paths_and_globs(self, tmp_path):
        """Pages are sorted by relative path; --include/--exclude see that path."""
        src = write(tmp_path / "in", {"b.txt": "x", "a/c.html": "x", "a/d.htm": "x",
                                      "a/skip/e.txt": "x", "f.pdf": "x"})
        names = [p.name for p in discover([str(src)], str(tmp_path / "out"),
                                          exclude=["a/skip/*"])]
        assert names == ["a/c.html", "a/d.htm", "b.txt"]

    def test_output_names(self):
        """HTML pages are written as .txt."""
        assert output_name("x/Page.HTML") == "x/Page.txt"

    def test_clash_refused(self, tmp_path):
        """Two pages written to the same file is a usage problem."""
        src = write(tmp_path / "in", {"a.txt": "x", "a.html": "x"})
        with pytest.raises(Exception, match="would both be written to a.txt"):
            discover([str(src)], str(tmp_path / "out"))


class TestBatchCLI:
    def test_mirrored_paths_boilerplate_quote_and_duplicate(self, runner, tmp_path):
        """Paths mirror the input; nav and footer are gone everywhere; the quote on two pages
        stays on both; the page scraped twice is written once and reported."""
        src, out, report = site(tmp_path), tmp_path / "out", tmp_path / "r.jsonl"
        result = run(runner, src, "-o", out, "--report", report, "-j", 1)
        assert result.exit_code == 0, result.output
        assert SUMMARY_SECONDS.sub("", result.stderr) == (
            "7 pages: 32 paragraphs in, 20 out; 12 boilerplate removed (2 distinct), "
            "1 duplicate page, 0 failed")
        files = tree(out)
        assert list(files) == [f"a/p{n}.txt" for n in range(6)]
        for n in range(6):
            text = files[f"a/p{n}.txt"].decode()
            assert NAV not in text and FOOTER not in text
            assert text.startswith(f"Story {n}:")
            assert (QUOTE in text) == (n < 2)
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert {"page": "b/again.txt", "action": "removed", "reason": "duplicate-page",
                "duplicate_of": "a/p2.txt", "score": 100.0} in records
        assert all("page" in r for r in records)
        removed = Counter(r["reason"] for r in records if r["action"] == "removed")
        assert removed == {"boilerplate": 12, "duplicate-page": 1}

    def test_jobs_give_identical_bytes_and_rerun_too(self, runner, tmp_path):
        """-j 1 and -j 2 write the same files and report; a rerun writes the same bytes and
        leaves no temporary file."""
        src = site(tmp_path, pages=10)
        outputs = []
        for jobs, name in ((1, "o1"), (2, "o2"), (2, "o2")):
            report = tmp_path / f"{name}.jsonl"
            result = run(runner, src, "-o", tmp_path / name, "--report", report, "-j", jobs, "-q")
            assert (result.exit_code, result.stderr) == (0, "")
            outputs.append((tree(tmp_path / name), report.read_bytes()))
        assert outputs[0] == outputs[1] == outputs[2]
        assert not [p for p in (tmp_path / "o2").rglob("*") if p.name.startswith(".")]

    def test_worker_that_dies_is_one_line_not_a_traceback(self, runner, tmp_path, monkeypatch):
        """A worker process killed mid-batch (out of memory, a crash in a C library): exit 1
        with one line saying what happened, and no traceback."""
        monkeypatch.setattr(batch, "document_sketch", lambda *args: os._exit(9))  # in workers
        src = site(tmp_path, pages=10)
        result = run(runner, src, "-o", tmp_path / "out", "-j", 2, "-q")
        assert result.exit_code == 1
        assert result.stderr == ("Error: a worker process stopped without finishing its pages "
                                 "(killed, or out of memory?); the pages written are complete; "
                                 "run again, with fewer --jobs if memory is short\n")

    def test_ctrl_c_in_the_workers_is_left_to_the_parent(self, runner, tmp_path, monkeypatch):
        """Ctrl-C goes to every process of the terminal's group; a worker ignores it (the
        parent stops the pool), so a worker that gets one goes on and prints nothing."""
        sketch = batch.document_sketch

        def interrupted(*args):
            os.kill(os.getpid(), signal.SIGINT)  # runs in the workers
            return sketch(*args)

        src = site(tmp_path, pages=10)
        assert run(runner, src, "-o", tmp_path / "serial", "-j", 1, "-q").exit_code == 0
        monkeypatch.setattr(batch, "document_sketch", interrupted)
        result = run(runner, src, "-o", tmp_path / "out", "-j", 2, "-q")
        assert (result.exit_code, result.stderr) == (0, "")
        assert tree(tmp_path / "out") == tree(tmp_path / "serial")

    def test_encodings_written_as_utf8(self, runner, tmp_path):
        """GBK, UTF-16 and UTF-8-with-BOM pages are decoded and written as UTF-8."""
        zh = "新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼，引进先进技术。\n"
        src = write(tmp_path / "in", {"gbk.txt": zh.encode("gbk"), "u16.txt": zh.encode("utf-16"),
                                      "bom.txt": zh.encode("utf-8-sig")})
        result = run(runner, src, "-o", tmp_path / "out", "-q", "-j", 1)
        assert result.exit_code == 0
        assert set(tree(tmp_path / "out").values()) == {zh.encode()}

    def test_bad_pages_reported_and_skipped(self, runner, tmp_path):
        """Binary and empty pages: one stderr line each, a report record, exit 1; the others
        are written."""
        src = write(tmp_path / "in", {"bin.txt": b"\x00\x01\x02binary\x00", "empty.txt": b"",
                                      "ok.txt": article(1)})
        report = tmp_path / "r.jsonl"
        result = run(runner, src, "-o", tmp_path / "out", "-j", 1, "--report", report)
        assert result.exit_code == 1
        lines = SUMMARY_SECONDS.sub("", result.stderr).split("\n")
        assert lines == [
            f"{src / 'bin.txt'}: looks like binary data, not text; give a text file (or its "
            "encoding with --encoding if it is UTF-16 without a BOM)",
            f"{src / 'empty.txt'}: empty page",
            "3 pages: 3 paragraphs in, 3 out; 0 boilerplate removed (0 distinct), "
            "0 duplicate pages, 2 failed"]
        assert list(tree(tmp_path / "out")) == ["ok.txt"]
        assert [json.loads(line) for line in report.read_text().splitlines()][:2] == [
            {"page": "bin.txt", "action": "failed", "reason": lines[0].split(": ", 1)[1]},
            {"page": "empty.txt", "action": "failed", "reason": "empty page"}]

    @pytest.mark.parametrize("where", ["same", "inside"])
    def test_output_inside_input_refused(self, runner, tmp_path, where):
        """An output folder that is the input folder or inside it: exit 2 naming the fix."""
        src = site(tmp_path)
        out = src if where == "same" else src / "cleaned"
        result = run(runner, src, "-o", out)
        assert result.exit_code == 2
        assert (f"Error: the output folder {out} is inside the input folder {src}; give an "
                f"output folder outside it, for example -o {tmp_path / 'in-clean'}"
                ) in result.stderr
        assert not (src / "cleaned").exists()

    def test_input_file_never_overwritten(self, runner, tmp_path):
        """Files given into the folder they are in would be overwritten: exit 2."""
        src = write(tmp_path / "in", {"a.txt": article(1), "b.txt": article(2)})
        result = run(runner, src / "a.txt", src / "b.txt", "-o", src)
        assert result.exit_code == 2
        assert (f"Error: {src / 'a.txt'} would be overwritten by a cleaned copy; give an output "
                "folder that holds none of the input files") in result.stderr
        assert (src / "a.txt").read_text(encoding="utf-8") == article(1)

    @pytest.mark.parametrize("link", ["page into output", "output folder onto input"])
    def test_input_reached_through_a_link_never_overwritten(self, runner, tmp_path, link):
        """A page that is a symbolic link to a file in the output folder, or an output
        subfolder that is a link to the input folder: the cleaned copy would overwrite an
        input, so exit 2 and nothing is written."""
        src, out = tmp_path / "in", tmp_path / "out"
        if link == "page into output":
            real = write(out, {"news/a.txt": article(1)}) / "news" / "a.txt"
            (src / "news").mkdir(parents=True)
            (src / "news" / "a.txt").symlink_to(real)
        else:
            real = write(src, {"news/a.txt": article(1)}) / "news" / "a.txt"
            out.mkdir()
            (out / "news").symlink_to(src / "news")
        result = run(runner, src, "-o", out)
        assert result.exit_code == 2
        assert "would be overwritten by a cleaned copy" in result.stderr
        assert real.read_text(encoding="utf-8") == article(1)

    def test_files_and_folders_together(self, runner, tmp_path):
        """Several sources: a folder's pages keep their relative path, a file its name."""
        src = write(tmp_path / "in", {"x/one.txt": article(1)})
        loose = write(tmp_path / "loose", {"two.txt": article(2)}) / "two.txt"
        result = run(runner, src, loose, "-o", tmp_path / "out", "-q")
        assert result.exit_code == 0
        assert list(tree(tmp_path / "out")) == ["two.txt", "x/one.txt"]

    def test_html_page_becomes_txt(self, runner, tmp_path):
        """An HTML page's main text is extracted and written as .txt."""
        src = write(tmp_path / "in", {"news/bridge.html": (CASES / "article.html").read_bytes()})
        result = run(runner, src, "-o", tmp_path / "out", "-q")
        assert result.exit_code == 0
        text = (tmp_path / "out" / "news" / "bridge.txt").read_text(encoding="utf-8")
        assert text.startswith("Harbour bridge reopens after repairs\n\nThe harbour bridge")
        assert "214 corroded plates" in text
        assert "cookies" not in text and "Copyright" not in text and "Ferry" not in text

    def test_html_without_text_fails(self, runner, tmp_path):
        """An HTML page with no article text is a failed page."""
        stub = "<html><head><script>go()</script></head><body></body></html>"
        src = write(tmp_path / "in", {"stub.html": stub, "ok.txt": article(1)})
        result = run(runner, src, "-o", tmp_path / "out", "-q")
        assert result.exit_code == 1
        assert result.stderr == f"{src / 'stub.html'}: no article text found in this HTML page\n"

    def test_jsonl_records(self, runner, tmp_path):
        """--jsonl: each record a document; other fields kept; a duplicate record dropped."""
        records = [{"id": n, "body": page(n % 5), "lang": "en"} for n in range(7)]
        records.insert(3, {"id": "bad"})
        src = write(tmp_path / "in", {"c.jsonl": "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in records)})
        report = tmp_path / "r.jsonl"
        result = run(runner, src, "-o", tmp_path / "out", "--jsonl", "--text-field", "body",
                     "--report", report, "-j", 1)
        assert result.exit_code == 1
        assert SUMMARY_SECONDS.sub("", result.stderr) == (
            f"{src / 'c.jsonl'}:4: no text field 'body'; name it with --text-field\n"
            "1 file, 7 records: 25 paragraphs in, 15 out; 10 boilerplate removed (2 distinct), "
            "2 duplicate records, 1 failed")
        out = [json.loads(line) for line in (tmp_path / "out" / "c.jsonl").read_text().splitlines()]
        assert [r["id"] for r in out] == [0, 1, 2, 3, 4]
        assert all(r["lang"] == "en" and NAV not in r["body"] for r in out)
        dropped = [json.loads(line) for line in report.read_text().splitlines()
                   if "duplicate-page" in line]
        assert [(r["record"], r["duplicate_of_record"]) for r in dropped] == [(7, 1), (8, 2)]

    def test_jsonl_fields_other_than_the_text_kept_byte_for_byte(self, runner, tmp_path):
        """Only the text's value changes in a record's line: numbers as written (1e999 was
        written as Infinity, which is no JSON; 1.0e2 as 100.0; long decimals rounded), key
        order, spacing, a repeated key (the last is the text, as json.loads reads it) and
        the text inside a nested object stay as they were."""
        text = "A paragraph long enough to be a repeat.\n\nA paragraph long enough to be a repeat."
        line = ('{ "id":7, "f": 1e999, "g": 1.0e2, "h": 0.12345678901234567890123, '
                '"text": "first key", "text" : ' + json.dumps(text)
                + ', "meta": {"text": "nested"} }')
        src = write(tmp_path / "in", {"c.jsonl": line + "\n"})
        result = run(runner, src, "-o", tmp_path / "out", "--jsonl", "-q", "-j", 1)
        assert result.exit_code == 0, result.stderr
        cleaned = json.dumps("A paragraph long enough to be a repeat.\n")
        assert (tmp_path / "out" / "c.jsonl").read_text(encoding="utf-8") == (
            line.replace(json.dumps(text), cleaned) + "\n")

    def test_no_boilerplate_and_no_duplicate_pages(self, runner, tmp_path):
        """The cross-page policies can be turned off one by one."""
        src = site(tmp_path)
        run(runner, src, "-o", tmp_path / "o", "-q", "--no-boilerplate", "--no-duplicate-pages")
        files = tree(tmp_path / "o")
        assert "b/again.txt" in files and NAV.encode() in files["a/p0.txt"]

    def test_batch_option_in_pipe_mode(self, runner):
        """A batch-only option with a single text is a usage error."""
        result = runner.invoke(main, ["--include", "*.txt"], input="text\n")
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "Error: --include applies to batch mode; give a folder (or several files) and an "
            "output folder with -o DIR (see 'main --help')"]

    def test_no_pages(self, runner, tmp_path):
        """A folder with nothing to clean names --include."""
        (tmp_path / "in").mkdir()
        result = run(runner, tmp_path / "in", "-o", tmp_path / "out")
        assert result.exit_code == 2 and "choose them with --include GLOB" in result.stderr


class TestAtomicWrite:
    def test_interrupted_write_leaves_nothing(self, tmp_path, monkeypatch):
        """If the rename fails, neither the file nor its temporary copy is left."""
        import dedup.batch as batch

        def fail(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(batch.os, "replace", fail)
        with pytest.raises(OSError):
            batch.write_atomically(tmp_path / "d" / "a.txt", "text")
        assert list((tmp_path / "d").iterdir()) == []


    def test_new_file_permissions_follow_the_umask(self, tmp_path):
        """A cleaned copy is made like any new file, 0666 less the umask (not the 0600 of a
        private temporary file)."""
        old = os.umask(0o027)
        try:
            batch.write_atomically(tmp_path / "d" / "a.txt", "text")
        finally:
            os.umask(old)
        assert stat.S_IMODE((tmp_path / "d" / "a.txt").stat().st_mode) == 0o640

    def test_temporary_name_taken_is_not_shared(self, tmp_path, monkeypatch):
        """Another writer's temporary file under the same random name is left alone; the
        write picks another name."""
        draws = iter([b"\0" * 6, b"\1" * 6])
        monkeypatch.setattr(batch.os, "urandom", lambda n: next(draws))
        taken = tmp_path / ".a.txt.000000000000.tmp"
        taken.write_text("someone else's", encoding="utf-8")
        batch.write_atomically(tmp_path / "a.txt", "text")
        assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "text"
        assert taken.read_text(encoding="utf-8") == "someone else's"
        assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "a.txt"]

class TestRunBatch:
    def test_report_callback_in_page_order(self, tmp_path):
        """The library entry point reports records page by page, in input order."""
        src = site(tmp_path)
        pages = discover([str(src)], str(tmp_path / "out"))
        lines: list[str] = []
        summary = run_batch(pages, str(tmp_path / "out"), BatchOptions(), report=lines.append)
        records = [json.loads(line) for line in "".join(lines).splitlines()]
        assert summary.duplicates == 1 and summary.failed == 0
        order = [r["page"] for r in records]
        assert order == sorted(order, key=[p.name for p in pages].index)

    def test_one_pool_serves_both_passes(self, tmp_path, monkeypatch):
        """With several jobs the workers are started once per batch, not once per pass, and
        the second pass still gets its own arguments (the boilerplate set): the output is
        -j 1's."""
        started = []

        class Pool(batch.ProcessPoolExecutor):
            def __init__(self, *args, **kwargs):
                started.append(kwargs["max_workers"])
                super().__init__(*args, **kwargs)

        monkeypatch.setattr(batch, "ProcessPoolExecutor", Pool)
        src = site(tmp_path, pages=10)
        outputs = []
        for jobs in (1, 2):
            out = tmp_path / f"out{jobs}"
            pages = discover([str(src)], str(out))
            lines: list[str] = []
            summary = run_batch(pages, str(out), BatchOptions(jobs=jobs), report=lines.append)
            assert summary.boilerplate > 0 and summary.duplicates == 1
            outputs.append((tree(out), "".join(lines)))
        assert started == [2]
        assert outputs[0] == outputs[1]


@pytest.mark.parametrize("module", ["dedup.batch", "dedup.extract", "dedup.storage"])
def test_docstring_examples(module):
    """The >>> examples in the batch modules' docstrings hold."""
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert attempted and not failed


class TestDecodingReported:
    """What decoding repaired in a page's bytes is reported in batch mode too, once per page,
    whether the page is read again in pass 2 or its extracted text comes from the cache."""

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_stray_byte_reported_per_page(self, runner, tmp_path, jobs):
        stray = "Mäscot won the cup on Sunday after a long season of hard work.".encode()
        html = (b"<html><head><meta charset='utf-8'><title>Cup</title></head><body><article>"
                b"<p>" + stray.replace(b"cup", b"caf\xe9 cup") + b"</p>"
                b"<p>A second paragraph of the article, long enough to keep here.</p>"
                b"</article></body></html>")
        src, out = tmp_path / "in", tmp_path / "out"
        src.mkdir()
        (src / "a.txt").write_bytes(stray.replace(b"cup", b"caf\xe9 cup") + b"\n")
        (src / "b.html").write_bytes(html)
        (src / "c.txt").write_bytes(stray + b"\n")
        report = tmp_path / "r.jsonl"
        result = run(runner, src, "-o", out, "--report", report, "-q", "-j", jobs)
        assert result.exit_code == 0, result.output
        decoded = [json.loads(line) for line in report.read_text().splitlines()
                   if json.loads(line)["reason"] == "decoded"]
        assert [(r["page"], r["action"], r["repaired"], r["index"]) for r in decoded] == \
            [("a.txt", "changed", 1, None), ("b.html", "changed", 1, None)]
        assert "café cup" in (out / "a.txt").read_text()
        assert "café cup" in (out / "b.txt").read_text()
