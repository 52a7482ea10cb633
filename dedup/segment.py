"""Break raw text into paragraphs.

Paragraphs are separated by blank lines (a line of nothing but spaces, NBSP, U+3000 or zero-width
characters counts as blank), or start with an indent (the full-width ``　　`` of scraped Chinese
pages, where every line is a paragraph). Inside a run of non-blank lines, a line is joined to the
next only when it looks hard-wrapped: long enough, close to the width the run was wrapped at, and
followed by text that would not have fitted on it. Short lines (a byline under a byline, a title
over a subtitle) stay apart.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .model import Paragraph

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# A paragraph indent: the full-width indent of Chinese pages, a tab, or two or more spaces.
INDENT = regex.compile(r"\u3000|\t| {2,}|\xa0")
# Characters that take two columns and need no space when lines are joined.
WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]")
SENTENCE_END = regex.compile(r"[.!?。！？…；;:：][\"'”’」』）)]*\s*$")
HYPHENATED_END = regex.compile(r"(\p{L}+)-$")
WORD_START = regex.compile(r"\p{Ll}+")
FIRST_WORD = regex.compile(r"\S+")
HYPHENATED_WORD = regex.compile(r"\p{L}+-\p{L}+")

# A line shorter than this many columns is a title, byline or caption, never a wrapped line.
MIN_WRAP_COLUMNS = 40
# Hard-wrapped text is wrapped narrower than this; longer lines are whole paragraphs.
MAX_WRAP_COLUMNS = 200
# Inside a wrapped run, a line this much shorter than the wrap width ends its paragraph.
SHORT_LINE_SHARE = 0.75


def columns(line: str) -> int:
    """Display width: CJK characters take two columns."""
    return len(line) + len(WIDE.findall(line))


def split_lines(text: str) -> list[str]:
    """Lines of the text, with CRLF, CR and a leading BOM handled."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def segment(text: str) -> list[Paragraph]:
    """Split text into paragraphs, rejoining hard-wrapped lines.

    >>> [p.text for p in segment("Title\\n\\nFirst line of a paragraph that was wrapped at a\\nfixed width.\\n")]
    ['Title', 'First line of a paragraph that was wrapped at a fixed width.']
    """
    lines = split_lines(text)
    hyphenated = {w.casefold() for w in HYPHENATED_WORD.findall(text)} if "-\n" in text else set()
    paragraphs: list[Paragraph] = []
    for first_line, run in _runs(lines):
        for offset, joined in _join_run(run, hyphenated):
            paragraphs.append(Paragraph(len(paragraphs), first_line + offset, joined))
    return paragraphs


def _runs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of consecutive non-blank lines, with the 1-based number of their first line."""
    run: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip().strip(INVISIBLE):
            if run:
                yield start, run
                run = []
        else:
            if not run:
                start = number
            run.append(line.rstrip())
    if run:
        yield start, run


def _join_run(run: list[str], hyphenated: set[str]) -> Iterator[tuple[int, str]]:
    """Paragraphs of one run of lines: (line offset in the run, joined text)."""
    if len(run) == 1:
        yield 0, run[0].strip()
        return
    widths = [columns(line.strip()) for line in run]
    wrap_width = max(widths[:-1])
    indented = [bool(INDENT.match(line)) for line in run]
    # Indentation marks paragraph starts only where it varies; a run that is indented
    # throughout (a quoted or code block) says nothing by it.
    indent_marks = any(indented) and not all(indented)
    start, parts = 0, [run[0].strip()]
    for k in range(1, len(run)):
        line = run[k].strip()
        starts_paragraph = (indent_marks and indented[k]) or run[k].startswith("\u3000")
        if not starts_paragraph and _is_wrapped(parts[-1], widths[k - 1], line, wrap_width):
            parts[-1] = _join(parts[-1], line, hyphenated)
        else:
            yield start, parts[-1]
            start, parts = k, [line]
    yield start, parts[-1]


def _is_wrapped(line: str, width: int, following: str, wrap_width: int) -> bool:
    """Whether ``line`` was broken by a hard wrap, so that ``following`` continues it."""
    if width < MIN_WRAP_COLUMNS or wrap_width > MAX_WRAP_COLUMNS:
        return False
    if width < SHORT_LINE_SHARE * wrap_width:
        return False
    if SENTENCE_END.search(line):
        # A sentence may end at the wrap by chance; it ends the paragraph only if the next
        # word would have fitted on this line.
        word = FIRST_WORD.match(following)
        next_width = columns(word.group()) if word else 0
        return width + 1 + next_width > wrap_width
    return True


def _join(left: str, right: str, hyphenated: set[str]) -> str:
    """Join a wrapped line to its continuation: no space in CJK, a space in Latin text,
    ``exam-``/``ple`` de-hyphenated unless the document spells the word with its hyphen."""
    broken = HYPHENATED_END.search(left)
    if broken:
        tail = WORD_START.match(right)
        if tail and f"{broken.group(1)}-{tail.group()}".casefold() not in hyphenated:
            return left[:-1] + right
        if tail:
            return left + right
    if WIDE.match(left[-1]) or WIDE.match(right[0]):
        return left + right
    return f"{left} {right}"
