"""The command line: exact output, errors, exit codes."""

import json
import os
import signal

import pytest
from click.testing import CliRunner

from dedup import __version__, cli
from dedup.cli import main

PARA = "Restrictions were imposed ahead of its flotation in August to prevent a flood of sales."
OTHER = "There were fears that the potential increase of shares on the market would hit the price."
RAW = f"{PARA}\n\n{OTHER}\n\n{PARA}\n"


@pytest.fixture
def runner():
    return CliRunner()


class TestPipe:
    def test_stdin_to_stdout(self, runner):
        """Text piped in comes out cleaned, with a summary on stderr."""
        result = runner.invoke(main, [], input=RAW)
        assert result.exit_code == 0
        assert result.stdout == f"{PARA}\n\n{OTHER}\n"
        assert result.stderr == "stdin: 3 paragraphs in, 2 kept, 1 removed (exact 1)\n"

    def test_dash_is_stdin_and_quiet(self, runner):
        """`-` reads stdin; -q silences the summary."""
        result = runner.invoke(main, ["-", "-q"], input=RAW)
        assert (result.exit_code, result.stdout, result.stderr) == (0, f"{PARA}\n\n{OTHER}\n", "")

    def test_file_to_output_file_and_report(self, runner, tmp_path):
        """-o writes the text, --report one JSON line per removed paragraph."""
        source = tmp_path / "raw.txt"
        source.write_text(RAW, encoding="utf-8")
        out, report = tmp_path / "clean.txt", tmp_path / "removed.jsonl"
        result = runner.invoke(main, [str(source), "-o", str(out), "--report", str(report)])
        assert result.exit_code == 0 and result.stdout == ""
        assert out.read_text(encoding="utf-8") == f"{PARA}\n\n{OTHER}\n"
        [line] = report.read_text(encoding="utf-8").splitlines()
        assert json.loads(line) == {"action": "removed", "index": 2, "line": 5, "reason": "exact",
                                    "duplicate_of": 0, "score": 100.0, "text": PARA}

    def test_threshold_option(self, runner):
        """A stricter threshold keeps a near copy the default removes."""
        near = PARA.replace("flood", "flod").replace("August", "Agust")
        raw = f"{PARA}\n\n{near}\n"
        assert runner.invoke(main, ["-q"], input=raw).stdout == f"{PARA}\n"
        assert runner.invoke(main, ["-q", "-t", "99"], input=raw).stdout == raw

    def test_min_length_option(self, runner):
        """Raising the minimum length keeps a repeated line the default removes."""
        raw = "A repeated line of text here\n\nsomething else entirely\n\nA repeated line of text here\n"
        assert runner.invoke(main, ["-q"], input=raw).stdout.count("repeated") == 1
        assert runner.invoke(main, ["-q", "-m", "40"], input=raw).stdout.count("repeated") == 2

    def test_gbk_input_written_as_utf8(self, runner):
        """A GBK file is detected and written as UTF-8."""
        text = "新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼，引进先进技术。"
        result = runner.invoke(main, ["-q"], input=f"{text}\n\n{text}\n".encode("gbk"))
        assert result.stdout_bytes == f"{text}\n".encode()


class TestCleanOption:
    RAW = "本报讯 (记者王伟)近日,江苏省教育科技工会组织百名乡村优秀青年教师开展疗休养活动。\n"

    def test_default_fixes_punctuation_width(self, runner):
        """By default half-width punctuation inside Chinese becomes full-width."""
        result = runner.invoke(main, ["-q"], input=self.RAW)
        assert result.stdout == "本报讯（记者王伟）近日，江苏省教育科技工会组织百名乡村优秀青年教师开展疗休养活动。\n"

    def test_none_keeps_the_text(self, runner):
        """--clean none writes kept paragraphs as the input spelled them."""
        assert runner.invoke(main, ["-q", "--clean", "none"], input=self.RAW).stdout == self.RAW

    def test_drop_one_step(self, runner):
        """-punct-width turns that one step off."""
        result = runner.invoke(main, ["-q", "--clean", "-punct-width"], input=self.RAW)
        assert result.stdout == self.RAW

    def test_entities_on_by_default(self, runner):
        """HTML entities are decoded by default; -entities leaves them as they are."""
        raw = "Fish &amp; chips cost &#163;5 at the seaside stall this summer.\n"
        result = runner.invoke(main, ["-q"], input=raw)
        assert result.stdout == "Fish & chips cost £5 at the seaside stall this summer.\n"
        assert runner.invoke(main, ["-q", "--clean", "-entities"], input=raw).stdout == raw

    def test_add_an_opt_in_step(self, runner):
        """+join joins a paragraph cut mid-sentence to its continuation, which the default
        leaves apart."""
        raw = ("The minister said that the government would\n\n"
               "review the decision before the end of the year.\n")
        assert runner.invoke(main, ["-q"], input=raw).stdout == raw
        result = runner.invoke(main, ["-q", "--clean", "+join"], input=raw)
        assert result.stdout == ("The minister said that the government would review the "
                                 "decision before the end of the year.\n")

    def test_unknown_step(self, runner):
        """An unknown step name is a usage error that lists the steps."""
        result = runner.invoke(main, ["--clean", "+bogus"], input=self.RAW)
        assert result.exit_code == 2 and "the steps are entities, mojibake" in result.stderr

    def test_report_lists_changes_and_flags(self, runner, tmp_path):
        """The report says which steps changed a paragraph, and flags a cut one."""
        report = tmp_path / "r.jsonl"
        raw = self.RAW + "\n西安市人大常委会副主任、市总工会主席薛振虎说，目前百家非公单位在挂职副主席的帮助下\n"
        runner.invoke(main, ["-q", "--report", str(report)], input=raw)
        records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert [(r["action"], r["reason"], r["index"]) for r in records] == [
            ("changed", "cleaned", 0), ("flagged", "fragment", 1)]
        assert records[0]["steps"] == ["punct-width"]
        assert records[1]["kind"] == "cut"


class TestBadInput:
    def test_empty_input(self, runner):
        """Empty input: no output, exit 0."""
        result = runner.invoke(main, ["-q"], input="")
        assert (result.exit_code, result.stdout) == (0, "")

    def test_binary_input(self, runner):
        """Binary data: one line naming the remedy, exit 1, nothing on stdout."""
        result = runner.invoke(main, [], input=b"\x00\x01\x02binary\x00")
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == ("Error: stdin: looks like binary data, not text; give a text file "
                                 "(or its encoding with --encoding if it is UTF-16 without a BOM)\n")

    @pytest.mark.parametrize("encoding, says", [
        ("nosuch", "unknown encoding 'nosuch'"), ("undefined", "'undefined' decodes nothing"),
        ("hex", "'hex' is not a text encoding")])
    def test_encoding_that_reads_no_text(self, runner, tmp_path, encoding, says):
        """An --encoding that is no codec, that refuses every input ('undefined') or that
        turns bytes into bytes: a usage error before anything is read or made, in pipe and
        batch mode ('undefined' ended both with a traceback, and left an empty folder)."""
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text("Some text of a page.\n", encoding="utf-8")
        for args in ([str(tmp_path / "in" / "a.txt")],
                     [str(tmp_path / "in"), "-o", str(tmp_path / "out")]):
            result = runner.invoke(main, [*args, "-e", encoding])
            assert result.exit_code == 2 and result.stdout == ""
            assert result.stderr.splitlines() == [
                f"Error: Invalid value for '-e' / '--encoding': {says}; give a Python codec "
                "name such as gb18030 or utf-16 (see 'main --help')"]
        assert not (tmp_path / "out").exists()

    @pytest.mark.parametrize("option, hint", [("--report", "'--report'"),
                                              ("-o", "'-o' / '--output'")])
    def test_empty_output_path(self, runner, option, hint):
        """`--report ''` (a variable left unset) is a usage error; it wrote no report, exit 0."""
        result = runner.invoke(main, ["-q", option, ""], input="Some text.\n")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines() == [f"Error: Invalid value for {hint}: is empty; "
                                              "give a path (see 'main --help')"]

    @pytest.mark.parametrize("args", [["--bogus"], ["--threshold", "x"], ["-j", "0"]])
    def test_usage_error_is_one_line(self, runner, args):
        """A usage error is one line that says where to read more, exit 2 (click's own
        said it in four: the usage, a hint, a blank line, the error)."""
        result = runner.invoke(main, args, input="Some text.\n")
        assert result.exit_code == 2 and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: ") and line.endswith(" (see 'main --help')")

    def test_missing_file(self, runner):
        """A missing file is a usage error: exit 2."""
        result = runner.invoke(main, ["no-such-file.txt"])
        assert result.exit_code == 2 and "does not exist" in result.stderr

    def test_folder_without_output(self, runner, tmp_path):
        """A folder needs an output folder: exit 2 with the remedy."""
        result = runner.invoke(main, [str(tmp_path)])
        assert result.exit_code == 2
        assert "give an output folder with -o DIR" in result.stderr

    def test_no_half_written_output(self, runner, tmp_path):
        """When the input cannot be read, the output file is not created."""
        out = tmp_path / "clean.txt"
        result = runner.invoke(main, ["-o", str(out)], input=b"\x00\x00")
        assert result.exit_code == 1 and not out.exists()

    def test_bad_threshold(self, runner):
        """A threshold outside its range is a usage error."""
        assert runner.invoke(main, ["-t", "120"], input=RAW).exit_code == 2

    @pytest.mark.parametrize("size, fits", [("1K", False), ("1k", False), ("200", False),
                                            ("0.5KiB", False), ("1M", True), ("2GB", True)])
    def test_max_size(self, runner, size, fits):
        """--max-size takes bytes or K/M/G (KiB, GB spellings too); a bigger stdin is an input
        that cannot be read: exit 1, the remedy named, nothing written."""
        raw = RAW * 4  # 728 bytes
        result = runner.invoke(main, ["-q", "--max-size", size], input=raw)
        if fits:
            assert (result.exit_code, result.stdout) == (0, f"{PARA}\n\n{OTHER}\n")
        else:
            assert (result.exit_code, result.stdout) == (1, "")
            assert result.stderr.startswith("Error: cannot read stdin: larger than ")
            assert result.stderr.endswith("bytes; raise --max-size to read it\n")

    @pytest.mark.parametrize("size", ["0", "-5", "lots", "1X", "inf", "nan"])
    def test_max_size_refused(self, runner, size):
        """A size that is not a positive number of bytes is a usage error."""
        result = runner.invoke(main, ["--max-size", size], input=RAW)
        assert result.exit_code == 2 and "is not a size" in result.stderr


class TestInformation:
    def test_version(self, runner):
        """--version prints the package version."""
        result = runner.invoke(main, ["--version"])
        assert result.stdout == f"dedup, version {__version__}\n"

    def test_help_teaches(self, runner):
        """-h shows the defaults and an example."""
        result = runner.invoke(main, ["-h"])
        assert result.exit_code == 0
        assert "cat raw.txt | dedup > clean.txt" in result.stdout
        assert "[default: 85.0" in result.stdout and "[default: 20" in result.stdout


def test_signals_held_while_outputs_are_put_in_place():
    """A signal that arrives while pipe mode renames its report and its text into place is
    handled after both (an interrupt between the two left a new report by the old text)."""
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append("handled"))
    try:
        with cli._signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            seen.append("inside")
        seen.append("after")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == ["inside", "handled", "after"]


def test_signal_once_outputs_are_in_place_changes_nothing(runner, tmp_path, monkeypatch):
    """SIGTERM that arrives as the text is put in place: both outputs are whole, so the run
    ends as a success (exit 0, the summary), not as interrupted (143)."""
    from dedup.outputs import Output

    commit = Output.commit

    def commit_then_signal(self):
        commit(self)
        if self.path.endswith("out.txt"):
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Output, "commit", commit_then_signal)
    source = tmp_path / "a.txt"
    source.write_text("One paragraph of text here.\n\nAnother one.\n", encoding="utf-8")
    result = runner.invoke(main, [str(source), "-o", str(tmp_path / "out.txt"), "--report",
                                  str(tmp_path / "r.jsonl")])
    assert result.exit_code == 0, result.stderr
    assert "Interrupted" not in result.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("One paragraph")
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN  # (put back after the run)
