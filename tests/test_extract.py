"""HTML pages: the main text, or a clear error."""

from unittest import mock

import pytest

from dedup.extract import html_to_text
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

    def test_parser_error_is_an_input_error(self):
        """What lxml raises for a page it cannot parse becomes a one-line InputError."""
        import trafilatura
        from lxml.etree import ParserError

        with mock.patch.object(trafilatura, "extract", side_effect=ParserError("bad")), \
                pytest.raises(InputError, match="cannot parse this HTML page"):
            html_to_text(ARTICLE)
