"""Matching keys: what two paragraphs are compared on.

A key folds away what scraping changes without changing the content: character width and
compatibility forms (NFKC), case, whitespace, punctuation and symbols. Letters, digits and
marks of every script stay, so Chinese needs no tokeniser. Numbers are kept apart as well: two
paragraphs whose numbers differ state different facts, however similar the rest.

These functions run on every paragraph of the input, so they lean on C-speed string methods
(``str.translate`` with a cached table, ``str.split``) rather than per-character Python.
"""

from __future__ import annotations

import re
import unicodedata
from hashlib import blake2b
from zlib import crc32

import regex

# Chinese numerals count as numbers, so that 七十年 and 八十年 are different facts, except a
# lone 一 or 两 or a bare magnitude (万, 千万): those are mostly parts of words (一些, 两岸, 万里).
CHINESE_NUMERALS = "〇零一二三四五六七八九十百千万亿两"
NOT_A_CHINESE_NUMBER = regex.compile(r"[一两]|[百千万亿]+")
THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# A figure in half- or full-width digits, with the separators and stray spaces inside it.
# (The stdlib engine: these run on many paragraphs, and it scans a plain class faster.)
FIGURE = re.compile(r"[0-9\uff10-\uff19][0-9\uff10-\uff19.,\uff0e\uff0c ]*")
CHINESE_NUMBER = re.compile(f"[{CHINESE_NUMERALS}]+")
_FIGURE_FOLD = {**{0xFF10 + d: str(d) for d in range(10)}, 0xFF0E: ".", 0xFF0C: ",", 0x20: None}
# A currency sign right before a figure is part of what it states ($100m is no £100m); the
# key drops symbols, so the figure carries it.
CURRENCIES = frozenset("$£€¥￥＄₹₩₽")
_CURRENCY_SIGN = re.compile(f"[{re.escape(''.join(sorted(CURRENCIES)))}]")
_CURRENCY_FIGURE = re.compile(f"{_CURRENCY_SIGN.pattern}?{FIGURE.pattern}")
_CURRENCY_FOLD = {**_FIGURE_FOLD, 0xFFE5: "¥", 0xFF04: "$"}

# An anchor is a piece of a key that an edited or truncated copy is likely to share.
# Prefix/suffix anchor length, in key characters. It must not depend on the key's length:
# a copy one character longer would otherwise get different anchors.
ANCHOR_CHARS = 10
SHORT_ANCHOR_CHARS = 5   # also used for keys too short for one edit to miss both anchors
SHORT_EDIT = 4           # the longest edited stretch a copy of a short key is sure to survive
MIN_PIECE_BYTES = 12     # shorter pieces (in UTF-8: 12 letters, 4 CJK) are too common to use
MAX_PIECE_ANCHORS = 12   # spread over a long paragraph, enough to survive scattered edits
# Pieces are cut where the key has one of these very common sequences, so that a cut depends
# on the text around it, not on its offset: an edit upstream does not shift every later piece.
_PIECE_BREAKS = (b"th", "的".encode())
assert all(not sequence.isascii() for sequence in _PIECE_BREAKS[1:])


class _KeyTable(dict):
    """``str.translate`` table that keeps letters, digits and marks and deletes the rest,
    filled in as characters are met (building it for all of Unicode would slow start-up)."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = codepoint if unicodedata.category(chr(codepoint))[0] in "LNM" else None
        self[codepoint] = kept
        return kept


_KEY_TABLE = _KeyTable()
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
# Punctuation and spaces of Chinese text, most frequent first; anything rarer is left to
# _KEY_TABLE.
_COMMON_MARKS = ("，", "。", "、", "“", "”", "：", "；", "（", "）", "《", "》", "！", "？",
                 "‘", "’", "…", "—", "·", "【", "】", "「", "」", "\u3000", "\xa0")


def make_key(text: str) -> str:
    """The matching key of a paragraph: whitespace, punctuation and symbols removed, then
    NFKC-folded and case-folded.

    The common case is done with C-speed string methods: ASCII punctuation and spaces are
    deleted on the UTF-8 bytes, the usual CJK punctuation with ``str.replace``; only text that
    still holds something other than letters and digits takes the per-character table.

    >>> make_key("村民所盼,引进先进") == make_key("村民所盼，引进 先进")
    True
    >>> make_key("  The  Cray-1, ")
    'thecray1'
    >>> make_key("Ｆｕｌｌ－width «quotes» ½")
    'fullwidthquotes12'
    """
    key = text.encode("utf-8").translate(None, _ASCII_NOT_ALNUM).decode("utf-8")
    if not key.isascii():
        for mark in _COMMON_MARKS:
            if mark in key:
                key = key.replace(mark, "")
    if not key.isalnum():  # rarer punctuation or symbols, or combining marks
        key = key.translate(_KEY_TABLE)
    if not unicodedata.is_normalized("NFKC", key):
        key = unicodedata.normalize("NFKC", key)
        if not key.isalnum():
            key = key.translate(_KEY_TABLE)
    return key.casefold()


def weight(key: str) -> int:
    """Length of a key in which each CJK character counts twice (it carries about as much
    as a short English word), so that one length limit serves both scripts.

    Computed from the UTF-8 length: one byte for ASCII, three for CJK.

    >>> weight("abc"), weight("新闻联播")
    (3, 8)
    """
    return (len(key.encode("utf-8")) + len(key)) // 2


def numbers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The numbers a paragraph states, in order: figures, then Chinese numerals. Thousands
    separators and spaces inside a figure are dropped, full-width digits folded, so copies that
    differ only in such details state the same numbers. Figures separated only by a comma and
    a space ("2004, 1,000") read as one run: what matters is that two copies state the same
    figures in the same order.

    >>> numbers("In 2004 there were 1,000 people; 3.5% more")
    (('2004', '1000', '3.5'), ())
    >>> numbers("这一年，有２ 00多台，七十载，万地，两岸")
    (('200',), ('七十',))
    >>> numbers("a $100m deal"), numbers("a £100m deal"), numbers("￥1,000")
    ((('$100',), ()), (('£100',), ()), (('¥1000',), ()))
    """
    figures = []
    currency = _CURRENCY_SIGN.search(text) is not None
    for token in (_CURRENCY_FIGURE if currency else FIGURE).findall(text):
        token = token.translate(_CURRENCY_FOLD if currency else _FIGURE_FOLD).strip(".,")
        sign = token[0] if token[0] in CURRENCIES else ""
        if "," in token and THOUSANDS.fullmatch(token, len(sign)):
            token = token.replace(",", "")
        figures.append(token)
    chinese = tuple(n for n in CHINESE_NUMBER.findall(text)
                    if not NOT_A_CHINESE_NUMBER.fullmatch(n))
    return tuple(figures), chinese


_DIGIT_OF = {**{ch: n for n, ch in enumerate("零一二三四五六七八九")}, "〇": 0, "两": 2}
_UNIT_OF = {"十": 10, "百": 100, "千": 1000}


def chinese_value(numeral: str) -> str | None:
    """A Chinese numeral as a figure, where it reads as one number (``十一`` 11, ``二十五``
    25, ``三百零六`` 306, ``两千`` 2000, ``二〇二三`` 2023); None for what does not (``万``
    and ``亿``, whose figures are written ``3万``).

    >>> [chinese_value(n) for n in ("十一", "二十五", "三百零六", "两千", "二〇二三", "三万")]
    ['11', '25', '306', '2000', '2023', None]
    """
    if all(ch in _DIGIT_OF for ch in numeral):  # digit by digit, as years are written
        return "".join(str(_DIGIT_OF[ch]) for ch in numeral)
    total = digit = 0
    for ch in numeral:
        if ch in _DIGIT_OF:
            digit = _DIGIT_OF[ch]
        elif ch in _UNIT_OF:
            total += (digit or 1) * _UNIT_OF[ch]
            digit = 0
        else:
            return None
    return str(total + digit)


def slight(key: str) -> bool:
    """Whether a key is too slight to show that a paragraph was copied: empty (a table rule,
    a row of dashes, an ornament), one character, or a bare number (``1``, ``3.5``, ``一``).
    Tables, lists and layouts are made of such lines; their recurring says nothing.

    >>> [slight(k) for k in ("", "1", "2019", "一", "a", "▼", "ab", "中奖彩票")]
    [True, True, True, True, True, True, False, False]
    """
    return len(key) <= 1 or key.isnumeric()


def fingerprint(key: str) -> int:
    """A 64-bit fingerprint of a key, the same in every process and on every machine: what batch
    mode counts across pages. (64 bits: a collision could make a real paragraph look like
    boilerplate.)"""
    return int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "big")


def anchors(key: str) -> list[int]:
    """Hashes of the pieces of a key that a near or truncated copy likely shares: its start,
    its end, and pieces cut at common letter sequences.

    Hashes are CRC-32 (Python's own string hash is salted per process), each kind of anchor
    with its own seed, so candidate order, and so the output, is the same from run to run."""
    found = [crc32(key[:ANCHOR_CHARS].encode(), 1), crc32(key[-ANCHOR_CHARS:].encode(), 2)]
    if len(key) < 2 * ANCHOR_CHARS + SHORT_EDIT:
        # In a short key one edit in the middle can touch both: add a shorter start and end.
        found += [crc32(key[:SHORT_ANCHOR_CHARS].encode(), 3),
                  crc32(key[-SHORT_ANCHOR_CHARS:].encode(), 4)]
    cut = key.encode()
    if not key.isascii():  # (O(1)) the other breaks are CJK: an ASCII key holds none of them
        for sequence in _PIECE_BREAKS[1:]:
            cut = cut.replace(sequence, _PIECE_BREAKS[0])
    pieces = [p for p in cut.split(_PIECE_BREAKS[0]) if len(p) >= MIN_PIECE_BYTES]
    if len(pieces) > MAX_PIECE_ANCHORS:
        step = len(pieces) / MAX_PIECE_ANCHORS
        pieces = [pieces[int(i * step)] for i in range(MAX_PIECE_ANCHORS)]
    found.extend(map(crc32, pieces))
    return found
