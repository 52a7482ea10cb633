"""Sites: batch mode decides boilerplate per site, so that one site's pages never make another
site's paragraphs boilerplate.

A document's *site* is

- the host of its URL, when the document says it: an HTML page's ``<link rel="canonical">``
  (else its ``<meta property="og:url">``), a JSON Lines record's ``url`` field; a leading
  ``www.`` is dropped (``www.bbc.co.uk`` and ``bbc.co.uk`` are one site);
- otherwise its *input folder*: the folder given on the command line, or the first-level
  subfolder of it that holds the page (``crawl/bbc/2019/a.txt`` is on site ``crawl/bbc/``, as a
  crawl saved one folder per host lays out its pages); a file named on the command line is on
  the site of the folder it is in.

Across pages a paragraph is counted by its *site key*: its fingerprint with its top
``SITE_BITS`` bits replaced by its site's tag. So the counts of two sites never mix, the
counting stays a count of 64-bit integers (the same spill file, arrays and buckets), and a
key still says which site's threshold applies (:class:`Thresholds`).

Some paragraphs never count, however often they recur (:func:`can_be_boilerplate`).
"""

from __future__ import annotations

import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from hashlib import blake2b
from typing import NamedTuple
from urllib.parse import urlsplit

from .keys import slight

SITE_BITS = 20  # a site's tag: ~1 million tags, 44 bits left for the paragraph
SHIFT = 64 - SITE_BITS
PARAGRAPH_BITS = (1 << SHIFT) - 1
MIN_BOILERPLATE_PAGES = 3  # a paragraph on two pages is a quote, not boilerplate


def site_hash(site: str) -> int:
    """A 64-bit hash of a site's name, the same in every process; its top bits are its tag.

    >>> site_hash("bbc.co.uk") == site_hash("bbc.co.uk") != site_hash("crawl/bbc/")
    True
    """
    data = site.encode("utf-8", "surrogateescape")  # a folder's name may not be UTF-8
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")


def site_key(value: int, site: int) -> int:
    """A paragraph's fingerprint as counted on its site (``site``: :func:`site_hash`).

    >>> site_key(0xFFFF_FFFF_FFFF_FFFF, 0) == PARAGRAPH_BITS
    True
    >>> site_key(7, site_hash("a/")) >> SHIFT == site_hash("a/") >> SHIFT
    True
    """
    return (value & PARAGRAPH_BITS) | (site & ~PARAGRAPH_BITS)


def can_be_boilerplate(key: str) -> bool:
    """Whether a paragraph (by its key, :func:`dedup.keys.make_key`) may be boilerplate.

    Not a line with no letter or digit (a table rule such as ``|---|---|``, a row of dashes,
    pipes or plus signs, a bullet, an ornament: its key is empty), not a single character,
    not a bare number (``1``, ``3.5``, ``一``). They recur on many pages because tables, lists
    and layouts are made of them, not because they are a site's template: removed, they leave a
    table without its rule or a row without its rank, and they cost nothing kept.

    >>> [can_be_boilerplate(k) for k in ("", "1", "2019", "一", "a", "▼", "ab", "中奖彩票")]
    [False, False, False, False, False, False, True, True]
    """
    return not slight(key)


_TABLE_ROW = re.compile(r"\s*\|.*\|\s*")


def is_table_row(text: str) -> bool:
    """Whether a paragraph is a row of a markdown table (how trafilatura writes an HTML
    table: one row a paragraph). A row never counts as boilerplate: the header row of a
    table that every page of a site fills with its own figures recurs on all of them, and
    without it the figures lose their meaning.

    >>> is_table_row("| Team | P | W |"), is_table_row("Home | News | Sport")
    (True, False)
    """
    return text.count("|") >= 2 and _TABLE_ROW.fullmatch(text) is not None


# The URL a page says it is: <link rel="canonical" href> first, then <meta property="og:url">.
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
# (A name starts where a run of name characters starts: tried inside a long run with no "="
# after it, as at every position of it, the search was quadratic.)
_ATTRIBUTE = re.compile(r"""(?<![\w:-])([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.IGNORECASE)


def page_url(html: str) -> str | None:
    """The URL an HTML page gives for itself, from its head: canonical link, else og:url.

    >>> page_url('<head><meta property="og:url" content="https://m.example.com/a">'
    ...          "<link rel=canonical href='https://www.example.com/a'></head>")
    'https://www.example.com/a'
    """
    end = _HEAD_END.search(html)
    head = html[:end.start()] if end else html
    canonical = og = None
    for tag in _TAG.finditer(head):
        attributes = {name.lower(): value.strip("\"'").strip()
                      for name, value in _ATTRIBUTE.findall(tag[2])}
        if tag[1].lower() == "link" and canonical is None and \
                "canonical" in attributes.get("rel", "").lower().split():
            canonical = attributes.get("href") or None
        elif tag[1].lower() == "meta" and og is None and \
                attributes.get("property", attributes.get("name", "")).lower() == "og:url":
            og = attributes.get("content") or None
    return canonical or og


def url_host(url: object) -> str | None:
    """The site named by a URL: its host, lower case, without a port or a leading ``www.``;
    None for anything that is not an absolute http(s) URL.

    >>> url_host("https://WWW.BBC.co.uk:443/news"), url_host("/news/a"), url_host(3)
    ('bbc.co.uk', None, None)
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:  # a malformed port or IPv6 address
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.removeprefix("www.") or None


def folder_site(source: str, name: str | None = None) -> str:
    """The input folder of a page: ``source`` is the folder given on the command line and
    ``name`` the page's path inside it (POSIX); for a file named on the command line, ``name``
    is None and ``source`` its path.

    >>> folder_site("crawl", "bbc/2019/a.txt"), folder_site("crawl/", "a.txt")
    ('crawl/bbc/', 'crawl/')
    >>> folder_site("pages/a.html"), folder_site("a.html")
    ('pages/', './')
    """
    if name is None:
        source = source.rstrip("/")
        folder = source.rsplit("/", 1)[0] if "/" in source else "."
        return (folder or "/").rstrip("/") + "/"
    root = source.rstrip("/") or "/"
    first = name.split("/", 1)[0] if "/" in name else ""
    return posixpath.join(root, first, "") if first else root.rstrip("/") + "/"


class Thresholds(NamedTuple):
    """How many documents of its site a paragraph must be on to be boilerplate, by site tag:
    ``default`` for every tag not in ``by_tag``. Two sites whose names share a tag (one pair in
    a million) share the larger threshold."""

    by_tag: Mapping[int, int]
    default: int

    def of(self, key: int) -> int:
        return self.by_tag.get(key >> SHIFT, self.default)

    @property
    def lowest(self) -> int:
        return min(self.by_tag.values(), default=self.default)


def threshold(documents: int, *, pages: int = 10, share: float = 0.1) -> int:
    """How many documents of a site a paragraph must be on to be boilerplate: on ``pages`` of
    them or on ``share`` of them, whichever is fewer, and never fewer than three.

    >>> threshold(21), threshold(1111), threshold(30), threshold(31)
    (3, 10, 3, 4)
    """
    by_share = math.ceil(round(share * documents, 9))  # (rounded: 0.1 × 30 is 3.0000000000000004)
    return max(MIN_BOILERPLATE_PAGES, min(pages, by_share))


def site_thresholds(sites: Iterable[int], *, pages: int = 10, share: float = 0.1
                    ) -> Thresholds:
    """The thresholds of the sites of these documents (one :func:`site_hash` per document)."""
    by_tag: dict[int, int] = {}
    for site, documents in Counter(sites).items():
        tag = site >> SHIFT
        by_tag[tag] = max(by_tag.get(tag, 0), threshold(documents, pages=pages, share=share))
    default = max(pages, MIN_BOILERPLATE_PAGES)  # no site's threshold is higher
    return Thresholds({tag: t for tag, t in by_tag.items() if t < default}, default)


def common_keys(frequency: Mapping[int, int], thresholds: Thresholds) -> dict[int, int]:
    """The site keys on at least their site's threshold of documents, with that number."""
    lowest = thresholds.lowest
    return {key: count for key, count in frequency.items()
            if count >= lowest and count >= thresholds.of(key)}


class SiteBoilerplate:
    """The boilerplate of one site, as :func:`dedup.pipeline.dedup_text` asks for it: does it
    hold this paragraph fingerprint?"""

    __slots__ = ("pages", "site")

    def __init__(self, pages: Mapping[int, int], site: int) -> None:
        self.pages = pages  # site key -> documents of its site it is on (every site's)
        self.site = site

    def __contains__(self, value: int) -> bool:
        return site_key(value, self.site) in self.pages

    def __bool__(self) -> bool:
        return bool(self.pages)

    def count(self, value: int) -> int:
        """On how many documents of the site the paragraph is (0: not boilerplate)."""
        return self.pages.get(site_key(value, self.site), 0)
