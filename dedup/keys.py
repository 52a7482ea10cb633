"""Matching keys: what two paragraphs are compared on.

A key folds away what scraping changes without changing the content: character width
(NFKC), case, whitespace, punctuation and symbols. Letters, digits and marks of every script
stay, so Chinese needs no tokeniser. Numbers are kept apart as well: two paragraphs whose
numbers differ state different facts, however similar the rest.
"""

from __future__ import annotations

import unicodedata
import zlib

import regex

# Everything that is not a letter, a digit or a combining mark.
NOT_KEY = regex.compile(r"[^\p{L}\p{N}\p{M}]+")
WIDE_KEY_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
# A number, with its thousands separators and decimal point: "1,000", "3.5", "2024"; spaces
# inside it ("2 000") are folded away first. Chinese numerals count too, so that 七十年 and
# 八十年 are different facts, except a lone 一 or 两 or a bare magnitude (万, 千万): those are
# mostly parts of words (一些, 两岸, 万里).
NUMBER = regex.compile(r"\p{Nd}+(?:[.,]\p{Nd}+)*|[〇零一二三四五六七八九十百千万亿两]+")
SPACE_IN_NUMBER = regex.compile(r"(?<=\p{Nd})\s+(?=\p{Nd})")
NOT_A_CHINESE_NUMBER = regex.compile(r"[一两]|[百千万亿]+")
# Clause boundaries: punctuation of either width (the text is NFKC-folded first).
CLAUSE_BREAK = regex.compile(r"[\p{P}\p{S}]+")

# An anchor is a piece of a key that an edited or truncated copy is likely to share.
ANCHOR_CHARS = 12       # prefix/suffix anchor length (key characters)
MIN_CLAUSE_CHARS = 8    # shorter clauses are too common to propose candidates
MAX_CLAUSE_ANCHORS = 12  # spread over a long paragraph, enough to survive scattered edits


def fold(text: str) -> str:
    """Width- and compatibility-folded, lower-case text."""
    return unicodedata.normalize("NFKC", text).casefold()


def make_key(text: str) -> str:
    """The matching key of a paragraph.

    >>> make_key("村民所盼,引进先进") == make_key("村民所盼，引进 先进")
    True
    >>> make_key("  The  Cray-1, ")
    'thecray1'
    """
    return NOT_KEY.sub("", fold(text))


def weight(key: str) -> int:
    """Length of a key in which each CJK character counts twice (it carries about as much
    as a short English word), so that one length limit serves both scripts."""
    return len(key) + len(WIDE_KEY_CHAR.findall(key))


def numbers(text: str) -> tuple[str, ...]:
    """The numbers a paragraph states, in order, thousands separators removed.

    >>> numbers("In 2004, 1,000 people; 3.5% more")
    ('2004', '1000', '3.5')
    """
    found = NUMBER.findall(SPACE_IN_NUMBER.sub("", fold(text)))
    return tuple(_plain_number(n) for n in found if not NOT_A_CHINESE_NUMBER.fullmatch(n))


def _plain_number(number: str) -> str:
    # "1,000" and "1000" are the same number; a comma before exactly three digits groups
    # thousands, any other comma separates two numbers in a list written without spaces.
    if "," in number and regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        return number.replace(",", "")
    return number


def anchors(text: str, key: str) -> list[int]:
    """Hashes of the pieces of a paragraph that a near or truncated copy likely shares:
    the start and the end of its key, and its longer clauses."""
    size = min(ANCHOR_CHARS, max(1, len(key) // 2))
    found = [_hash("^" + key[:size]), _hash("$" + key[-size:])]
    clauses = [c for c in (NOT_KEY.sub("", part) for part in CLAUSE_BREAK.split(fold(text)))
               if len(c) >= MIN_CLAUSE_CHARS]
    if len(clauses) > MAX_CLAUSE_ANCHORS:
        step = len(clauses) / MAX_CLAUSE_ANCHORS
        clauses = [clauses[int(i * step)] for i in range(MAX_CLAUSE_ANCHORS)]
    found.extend(_hash(c) for c in clauses)
    return found


def _hash(piece: str) -> int:
    # A stable hash (Python's own is salted per process) keeps candidate order, and so the
    # output, identical from run to run.
    return zlib.crc32(piece.encode("utf-8"))
