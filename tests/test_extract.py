"""HTML pages: the main text, or a clear error; which input is a page."""

import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from dedup.cli import main
from dedup.extract import html_to_text, is_html
from dedup.model import InputError

ARTICLE = ("<html><body><nav>Home | News</nav><article><h1>River floods the old town</h1>"
           "<p>The river rose two metres overnight and flooded the old town, the council said "
           "on Monday morning.</p><p>Residents were moved to the school hall, where volunteers "
           "served breakfast to more than two hundred people.</p></article></body></html>")


class TestHtmlToText:
    def test_blocks_become_paragraphs(self):
        """Each block of the article is one paragraph, separated by a blank line."""
        text = html_to_text(ARTICLE)
        assert "The river rose two metres overnight" in text
        assert "\n\nResidents were moved to the school hall" in text

    def test_page_without_text(self):
        """A page with no article text is an InputError, not an empty output."""
        with pytest.raises(InputError, match="no article text"):
            html_to_text("<html><body><script>var a = 1;</script></body></html>")

    def test_fragment_without_root(self):
        """A fragment without its <html> root (an <article> cut from a page) is extracted;
        trafilatura alone finds no text in it."""
        fragment = ARTICLE[ARTICLE.index("<article>"):ARTICLE.index("</body>")]
        assert html_to_text(fragment) == html_to_text(ARTICLE)

    def test_parser_error_is_an_input_error(self):
        """What lxml raises for a page it cannot parse becomes a one-line InputError."""
        import trafilatura
        from lxml.etree import ParserError

        with mock.patch.object(trafilatura, "extract", side_effect=ParserError("bad")), \
                pytest.raises(InputError, match="cannot parse this HTML page"):
            html_to_text(ARTICLE)


CASES = Path(__file__).parent / "cases" / "decoding"
PAGE = (CASES / "comwrap_dmexco_de.html").read_bytes()  # a real page (see its README)


class TestIsHtml:
    @pytest.mark.parametrize(("text", "expected"), [
        ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", True),
        ("<!doctype HTML><title>x</title>", True),
        ("\ufeff\n  <!-- saved from url=(0042) -->\n<html lang=\"de\">", True),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML', True),
        ("<head><meta charset=\"utf-8\"></head><body>", True),
        ("<body>\n<p>A page saved without its head.</p>", True),
        ("<p>A scraped paragraph with its tag left in.</p>", False),
        ("How to write <html> by hand: start with the doctype.", False),
        ("<htmlish> is not a tag", False),
        ("", False),
    ], ids=["doctype", "doctype-caps", "bom-comment", "xhtml", "head", "body", "fragment",
            "prose-about-html", "not-a-tag", "empty"])
    def test_stdin_by_its_start(self, text, expected):
        """Stdin is HTML when it opens as an HTML document does; text that merely holds tags
        is not."""
        assert is_html(text) is expected

    def test_file_by_its_name(self):
        """A file is HTML by its suffix, as in batch mode, whatever it holds."""
        assert is_html("plain text", "page.HTML") and is_html("", "a/b.htm")
        assert not is_html("<!DOCTYPE html><html>", "saved.txt")


class TestPipeMode:
    """One HTML page in pipe mode is cleaned as batch mode cleans it."""

    def run(self, args, stdin=None):
        result = CliRunner().invoke(main, args, input=stdin)
        return result.exit_code, result.stdout, result.stderr

    def batch_output(self, tmp_path, page: bytes) -> str:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "page.html").write_bytes(page)
        code, _, _ = self.run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
        assert code == 0
        return (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")

    def test_html_file(self, tmp_path):
        """`dedup page.html` writes the page's article text, exactly what batch mode writes
        for it (before: the raw HTML, markup and all, deduplicated as text)."""
        expected = self.batch_output(tmp_path, PAGE)
        assert expected.startswith("Am 12. Bis 13. September startet wieder die DMEXCO 2018 in "
                                   "Köln – und comwrap ist mit dabei.\n\n")
        assert "\n\nNeues Leitmotto\n\n" in expected and "<" not in expected
        (tmp_path / "page.html").write_bytes(PAGE)
        assert self.run([str(tmp_path / "page.html"), "-q"]) == (0, expected, "")

    def test_stdin_html(self, tmp_path):
        """A page piped in is recognised by its start and extracted the same way."""
        expected = self.batch_output(tmp_path, PAGE)
        assert self.run(["-q"], stdin=PAGE) == (0, expected, "")

    def test_flags_override(self, tmp_path):
        """--no-html keeps the markup of an .html file (and with no cleanup, the junk rules
        leave it too); --html extracts a page saved as .txt or piped in without its head."""
        (tmp_path / "page.html").write_bytes(PAGE)
        code, out, _ = self.run([str(tmp_path / "page.html"), "--no-html", "--clean", "none"])
        assert code == 0 and '<meta charset="utf-8">' in out
        expected = self.batch_output(tmp_path, PAGE)
        (tmp_path / "saved.txt").write_bytes(PAGE)
        assert self.run([str(tmp_path / "saved.txt"), "--html", "-q"]) == (0, expected, "")
        fragment = PAGE[PAGE.index(b"<article>"):]
        assert self.run(["--html", "-q"], stdin=fragment)[1] == expected

    def test_text_with_tags_stays_text(self):
        """Piped text that is not a page is deduplicated as text, tags and all."""
        text = "<p>First paragraph, with its tag.</p>\n\n<p>First paragraph, with its tag.</p>\n"
        assert self.run(["-q", "--clean", "none"], stdin=text) == (
            0, "<p>First paragraph, with its tag.</p>\n", "")

    def test_page_without_text(self):
        """A page with no article text is a one-line error naming the source, exit 1."""
        stub = "<!DOCTYPE html><html><body><script>go()</script></body></html>"
        assert self.run([], stdin=stub) == (
            1, "", "Error: stdin: no article text found in this HTML page\n")

    def test_html_flag_is_for_one_page(self, tmp_path):
        """Batch mode decides by the names of the pages; --html there is a usage error."""
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text("text", encoding="utf-8")
        code, _, err = self.run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--html"])
        assert code == 2 and "--html/--no-html is for one page" in err

    def test_text_run_does_not_load_the_extractor(self):
        """Pipe mode on plain text never imports trafilatura (a second of start-up)."""
        code = ("import sys; from dedup.cli import main; "
                "main(['-q'], standalone_mode=False); "
                "print('trafilatura' in sys.modules, 'lxml' in sys.modules, file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", code], input=b"Some text.\n",
                              capture_output=True, timeout=60)
        assert (done.returncode, done.stderr) == (0, b"False False\n")
