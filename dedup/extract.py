"""HTML pages: the main text of a page, before it is cleaned like any text.

The extractor is trafilatura, the field's standard. Two of its habits are turned off here:
its own deduplication (an LRU cache shared by every call, so what it drops depends on the pages
extracted before: output would change with the order and the number of workers), and anything
that could reach the network. Each block it finds (paragraph, heading, list item, table row) is
one line of its output; they are written here as paragraphs separated by a blank line, so the
segmenter never has to guess whether two lines belong together.

Which input is a page (:func:`is_html`) is decided here too, without loading trafilatura: by
its name for a file, as batch mode does, and by how it starts for stdin.
"""

from __future__ import annotations

import re
import warnings

from .model import InputError

HTML_SUFFIXES = (".html", ".htm")
# An HTML document, on clear evidence: after a BOM, white space, comments and an XML
# declaration, it opens with the doctype or the tag that only an HTML document starts with.
# Text that merely mentions tags (an article about HTML, a stray <p> left by a scraper) does
# not start so.
HTML_START = re.compile(r"""\A\ufeff?(?:\s|<!--.*?-->|<\?xml\s[^>]*>)*
                            <(?:!doctype\s+html|html|head|body)[\s>]""", re.I | re.S | re.X)
# How far into a document the evidence is looked for (comments before the doctype are short).
HTML_SNIFF = 4096
# The root element: trafilatura finds no text in a fragment without one (`<article>…`, a page
# saved without its head), so such a fragment is given one.
HTML_ROOT = re.compile(r"<html[\s>]", re.I)


def is_html(text: str, path: str | None = None) -> bool:
    """Whether a document read in pipe mode is an HTML page whose main text should be
    extracted: a file by its name (.html, .htm: as batch mode decides), stdin (``path`` None)
    by its start (``HTML_START``).

    >>> is_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> is_html("<p>A scraped paragraph with its tag left in.</p>"), is_html("x", "a.HTM")
    (False, True)
    """
    if path is not None:
        return path.lower().endswith(HTML_SUFFIXES)
    return HTML_START.match(text[:HTML_SNIFF]) is not None


def html_to_text(html: str, url: str | None = None) -> str:
    """The main text of an HTML page, one paragraph per block, or InputError if the page has
    none (a redirect stub, an index page of links, a page of scripts).

    >>> print(html_to_text("<html><body><article><p>The first paragraph of a story that is "
    ...                    "long enough to be text.</p><p>And a second one that follows it, "
    ...                    "also long enough.</p></article></body></html>"))
    The first paragraph of a story that is long enough to be text.
    <BLANKLINE>
    And a second one that follows it, also long enough.
    <BLANKLINE>
    """
    import trafilatura  # imported here: it takes a second to load, and plain text never needs it
    from lxml.etree import LxmlError

    if not HTML_ROOT.search(html):
        html = f"<html><body>{html}</body></html>"

    with warnings.catch_warnings():
        # lxml and dateparser warn about page quirks (odd encodings, deprecated calls) that are
        # no concern of ours; a page that cannot be parsed returns None below.
        warnings.simplefilter("ignore")
        try:
            text = trafilatura.extract(html, url=url, output_format="txt", deduplicate=False,
                                       include_comments=False, include_tables=True,
                                       include_images=False, include_links=False,
                                       with_metadata=False, fast=False)
        except (LxmlError, ValueError, RecursionError) as error:
            # trafilatura returns None for most unparsable pages; these are what lxml raises
            # for the rest (a malformed document, one nested too deep).
            raise InputError(f"cannot parse this HTML page ({type(error).__name__})") from None
    blocks = [line.strip() for line in (text or "").split("\n")]
    blocks = [block for block in blocks if block]
    if not blocks:
        raise InputError("no article text found in this HTML page")
    return "\n\n".join(blocks) + "\n"
