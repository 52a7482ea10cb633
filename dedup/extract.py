"""HTML pages: the main text of a page, before it is cleaned like any text.

The extractor is trafilatura, the field's standard. Two of its habits are turned off here:
its own deduplication (an LRU cache shared by every call, so what it drops depends on the pages
extracted before: output would change with the order and the number of workers), and anything
that could reach the network. Each block it finds (paragraph, heading, list item, table row) is
one line of its output; they are written here as paragraphs separated by a blank line, so the
segmenter never has to guess whether two lines belong together.
"""

from __future__ import annotations

import warnings

from .model import InputError


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
    import trafilatura  # imported here: it takes a second to load, and pipe mode never needs it
    from lxml.etree import LxmlError

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
