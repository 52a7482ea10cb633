"""Break raw text into paragraphs.

Paragraphs are separated by blank lines (a line of nothing but spaces, NBSP, U+3000 or zero-width
characters counts as blank), or start with an indent (the full-width ``　　`` of scraped Chinese
pages, where every line is a paragraph). A table scraped one cell a line, its rows apart by blank
lines, is one paragraph, a line per row. Inside a run of non-blank lines, a line is joined to the
next only when it looks hard-wrapped: long enough, close to the width the run was wrapped at, and
followed by text that would not have fitted on it. Short lines (a byline under a byline, a title
over a subtitle) stay apart, unless a Latin sentence plainly goes on in lower case. Widths are
display columns (CJK takes two); in CJK text wrapped at a fixed width, a Latin word or a number
cut at the wrap is joined whole, and the space of a break is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate, compress, count, islice, repeat
from operator import and_, sub

import regex

from .model import Paragraph

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# One or more blank lines (nothing but whitespace or invisible characters) with their newlines.
# (One class, not a repeated group: the engine keeps a record per repetition of a group, some
# 200 bytes a blank line, so a megabyte of newlines took 240 MB.)
BLANK_LINES = re.compile(r"\n[\s\u200b-\u200d\u2060\ufeff]*\n")
# The same, captured: one split then yields the runs and the gaps between them in one pass.
_RUNS_AND_GAPS = re.compile(f"({BLANK_LINES.pattern})")
# A paragraph indent: the full-width indent of Chinese pages, a tab, two or more spaces, NBSP.
INDENTS = ("\u3000", "\t", "  ", "\xa0")
# From here on, characters are CJK (radicals, punctuation, kana, Han, Hangul, full-width
# forms): they take two columns and need no space when lines are joined.
WIDE_FROM = "\u2e80"
SENTENCE_FINAL = ".!?。！？…；;:："
CLOSERS = "\"'”’」』）)"
WORD_START = regex.compile(r"\p{Ll}+")
LOWER_CASE_WORD = regex.compile(r"\p{Ll}+(?:\s|$)")
FIRST_WORD = regex.compile(r"\S+")
HYPHEN_BEFORE_LETTER = re.compile(r"-(?=[^\W\d_])")

# A line shorter than this many columns is a title, byline or caption, never a wrapped line.
MIN_WRAP_COLUMNS = 40
# Hard-wrapped text is wrapped narrower than this (80 CJK characters, or 160 Latin ones);
# longer lines are whole paragraphs.
MAX_WRAP_COLUMNS = 160
# A line starting with a closing brace or bracket ends a block of code; prose never wraps so.
CODE_CLOSERS = ("}", "]")
# Inside a wrapped run, a line this much shorter than the wrap width ends its paragraph.
SHORT_LINE_SHARE = 0.75
# Last characters of a line that may end a sentence (a closing mark does, after sentence-final
# punctuation, and a parenthesis does) or a hyphenated word.
_STOPS = frozenset(SENTENCE_FINAL + CLOSERS + ")）-")
_CODE_CLOSERS = frozenset(CODE_CLOSERS)

# Tables scraped as raw text: one cell a line, one row a run of lines, rows apart by blank
# lines (`-` for an empty cell). A row has as many cells as the table has columns, or one fewer
# (a cell spanning rows, such as a shared rank, is given once).
MIN_TABLE_COLUMNS = 3
MIN_TABLE_ROWS = 3  # of the full width, the header counted
# A cell ends no clause or sentence: prose lines do.
CELL_NEVER_ENDS = frozenset("，。；！？、,.;!?")
# One column, at least, holds short cells only (labels, numbers, names, `-`): at most this
# many columns wide, 6 CJK characters.
SHORT_CELL_COLUMNS = 12
# The cells of a table row are joined with this; a run whose lines all hold it (as often as the
# widest row, or once fewer) is a table already: dedup's own output.
CELL_SEPARATOR = " | "
_MIN_TABLE_NEWLINES = MIN_TABLE_COLUMNS - 1
_ROW_STEPS = frozenset((0, 1))  # from the first row to the next: as many lines, or one fewer
_NEXT_ROW_STEPS = frozenset((-1, 0, 1))  # between two rows after it


def columns(line: str) -> int:
    """Display width: CJK characters take two columns. Read off the UTF-8 length (one byte
    for ASCII, three for CJK), which is C-speed.

    >>> columns("ab中文")
    6
    """
    return (len(line.encode("utf-8")) + len(line)) // 2


def normalise_newlines(text: str) -> str:
    """The text with CRLF and CR line ends made LF, and a leading BOM dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def segment(text: str) -> list[Paragraph]:
    """Split text into paragraphs, rejoining hard-wrapped lines.

    >>> raw = "Title\\n\\nFirst line of a paragraph that was wrapped at a\\nfixed width.\\n"
    >>> [p.text for p in segment(raw)]
    ['Title', 'First line of a paragraph that was wrapped at a fixed width.']
    """
    text = normalise_newlines(text)
    hyphenated = _hyphenated_words(text) if "-\n" in text else set()
    # The runs of non-blank lines and the blank lines between them are cut out by one regular
    # expression, in C, in one pass. Runs and gaps alternate, so the line number of a run is
    # 1 + the newlines of every piece (run or gap) before it.
    pieces = _RUNS_AND_GAPS.split(text)
    newlines = list(map(str.count, pieces, repeat("\n")))
    firsts = list(accumulate(newlines, initial=1))[::2]
    runs = pieces[::2]
    inner_newlines = newlines[::2]
    # Most runs make exactly one paragraph, at their first line: a run of one line makes its
    # stripped text. The others are kept apart with their paragraphs, as (line offset, text):
    # blank one-line runs, which make none, and the runs of several lines that do not make
    # one paragraph at their first line.
    texts = list(map(str.strip, runs))
    # A blank one-line run can only be the first or the last: between two gaps, it would be
    # part of the blank lines around it (BLANK_LINES is greedy, and its class holds every
    # character that strip() and strip(INVISIBLE) take away).
    apart: dict[int, list[tuple[int, str]]] = {
        i: [] for i in {0, len(runs) - 1}
        if not inner_newlines[i] and not texts[i].strip(INVISIBLE)}
    # A table is one paragraph, at its first run; its other runs make none.
    to_join = inner_newlines
    tables = find_tables(runs, inner_newlines, CELL_SEPARATOR in text)
    if tables:
        to_join = list(inner_newlines)
        for start, end, table in tables:
            apart[start] = [(0, table)]
            for i in range(start, end):
                to_join[i] = 0
                if i > start:
                    apart[i] = []
    several = compress(count(), to_join)
    for i, found in zip(several, _join_runs(list(compress(runs, to_join)), hyphenated)):
        if isinstance(found, str):
            texts[i] = found
        else:
            apart[i] = found
    # Making the paragraphs sets off full garbage collections, which walk every list still
    # alive: the big ones no longer needed go first.
    del pieces, runs, newlines, inner_newlines
    # Between two runs kept apart, the paragraphs are made at C speed, in bulk:
    # tuple.__new__(Paragraph, (index, line, text)) is what Paragraph(index, line, text) does,
    # without a Python-level __new__ per paragraph.
    paragraphs: list[Paragraph] = []
    add_paragraph = paragraphs.append
    done = 0
    for i in sorted(apart):
        paragraphs.extend(map(tuple.__new__, repeat(Paragraph),
                              zip(count(len(paragraphs)), firsts[done:i], texts[done:i])))
        first = firsts[i]
        for offset, joined in apart[i]:
            add_paragraph(Paragraph(len(paragraphs), first + offset, joined))
        done = i + 1
    paragraphs.extend(map(tuple.__new__, repeat(Paragraph),
                          zip(count(len(paragraphs)), firsts[done:], texts[done:])))
    return paragraphs


def find_tables(runs: list[str], inner_newlines: list[int],
                written: bool = False) -> list[tuple[int, int, str]]:
    """Tables among the runs of lines (the pieces of text between blank lines), as (first run,
    run after the last, text): the text has one line per row, its cells joined with
    CELL_SEPARATOR.

    Raw tables are laid out one cell a line, one row a run: a header or first row of at least
    MIN_TABLE_COLUMNS cells sets the width, and the rows that follow have that many cells or
    one fewer. It takes MIN_TABLE_ROWS runs of the full width, cells that end no clause or
    sentence and are not indented as paragraphs, and one column of short cells throughout:
    prose broken into short lines has lines ending in commas, varies its runs' lengths, and
    has no column of labels, numbers or dashes. When the text holds CELL_SEPARATOR
    (``written``), a run whose lines all hold it (a table written out by dedup) stays as it is.

    >>> runs = ["名次\\n国家\\n金牌", "1\\n美国\\n4", "2\\n中国\\n4", "日本\\n3"]
    >>> find_tables(runs, [run.count("\\n") for run in runs])
    [(0, 4, '名次 | 国家 | 金牌\\n1 | 美国 | 4\\n2 | 中国 | 4\\n日本 | 3')]
    """
    found: list[tuple[int, int, str]] = []
    done = 0  # runs before this are in a table found already
    last = len(runs)
    if last and runs[-1].endswith("\n"):
        # The last run ends with the text's blank lines: its rows are counted without them.
        inner_newlines = [*inner_newlines[:-1], runs[-1].rstrip().count("\n")]
    written_at: dict[int, str] = {}
    if written:
        # (dedup's own output, read again: a table is one run)
        for start in compress(count(), map(_MIN_TABLE_NEWLINES.__le__, inner_newlines)):
            table = _written_table(runs[start]) if CELL_SEPARATOR in runs[start] else None
            if table:
                written_at[start] = table
    # A table starts where the next run has as many lines, or one fewer, and so has the one
    # after: the differences of the line counts, taken in C, give the few places to look at.
    steps = list(map(sub, inner_newlines, islice(inner_newlines, 1, None)))
    starts = map(and_, map(_MIN_TABLE_NEWLINES.__le__, inner_newlines),
                 map(and_, map(_ROW_STEPS.__contains__, steps),
                     map(_NEXT_ROW_STEPS.__contains__, islice(steps, 1, None))))
    for start in compress(count(), starts):
        if start < done or start in written_at or runs[start].rstrip()[-1:] in CELL_NEVER_ENDS:
            continue  # (a wrapped paragraph ends a sentence: the commonest run looked at)
        width = inner_newlines[start]  # in newlines: a row of w cells has w - 1
        stop = start + 1
        while (stop < last and inner_newlines[stop] in (width, width - 1)
               and stop not in written_at):
            stop += 1
        if stop - start < MIN_TABLE_ROWS:
            continue
        rows = []
        for k in range(start, stop):
            cells = _cells(runs[k])
            if cells is None:
                break
            rows.append(cells)
        full = [row for row in rows if len(row) == width + 1]
        if len(full) >= MIN_TABLE_ROWS and any(
                all(columns(row[column]) <= SHORT_CELL_COLUMNS for row in full)
                for column in range(width + 1)):
            found.append((start, start + len(rows), "\n".join(map(CELL_SEPARATOR.join, rows))))
            done = start + len(rows)
    if written_at:
        found.extend((start, start + 1, table) for start, table in written_at.items())
        found.sort()
    return found


def is_table(text: str) -> bool:
    """Whether a paragraph is a table as :func:`find_tables` writes it.

    >>> is_table("名次 | 国家 | 金牌\\n1 | 美国 | 4"), is_table("首页 | 新闻 | 体育")
    (True, False)
    """
    return "\n" in text and _written_table(text) is not None


def _cells(run: str) -> list[str] | None:
    """The cells of a run of lines that may be a table row, else None."""
    cells = []
    for line in run.rstrip().split("\n"):  # (a blank line ends the last run of a text)
        cell = line.strip()
        if not cell.strip(INVISIBLE) or cell[-1] in CELL_NEVER_ENDS or line.startswith("\u3000"):
            return None
        cells.append(cell)
    return cells


def _written_table(run: str) -> str | None:
    """The run's text, lines stripped, when every line is a table row written with
    CELL_SEPARATOR (as many cells as the widest row, or one fewer); else None."""
    lines = [line.strip() for line in run.rstrip().split("\n")]
    counts = [line.count(CELL_SEPARATOR) for line in lines]
    widest = max(counts)
    if widest < MIN_TABLE_COLUMNS - 1 or min(counts) < max(widest - 1, 1):
        return None
    return "\n".join(lines)


def _hyphenated_words(text: str) -> set[str]:
    """Words the text spells with a hyphen (``e-mail``), case-folded. Found from each hyphen
    that has a letter after it, walking out to the word's ends: far faster than scanning the
    whole text with a word pattern."""
    words = set()
    for hyphen in HYPHEN_BEFORE_LETTER.finditer(text):
        at = hyphen.start()
        start = at
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if start == at:
            continue
        end = at + 1
        while end < len(text) and text[end].isalpha():
            end += 1
        words.add(text[start:end].casefold())
    return words


def _join_runs(runs: list[str], hyphenated: set[str]) -> list[str | list[tuple[int, str]]]:
    """The paragraphs of runs of several lines, as :func:`_join_run` yields them: for each run,
    the text of its one paragraph when it makes one at its first line, else its paragraphs as
    (line offset, text).

    The commonest shapes of run are decided here without :func:`_join_run`: a run where no line
    can be joined to the next, one where every line is, and any run without indents. Runs that
    start with a blank line or have indented lines are left to it.
    """
    found: list[str | list[tuple[int, str]]] = []
    append = found.append
    for run in runs:
        lines = run.split("\n")
        stripped = list(map(str.strip, lines))
        if not stripped[0].strip(INVISIBLE):
            append(_one_or_all(list(_join_run(lines, hyphenated))))
            continue
        # _join_run starts at line 0 then, and drops the blank lines at the end: a line is
        # blank when its stripped text is nothing but invisible characters (rstrip before strip
        # changes nothing). Line 0 is not blank, so this stops there at the latest.
        while not stripped[-1].strip(INVISIBLE):
            stripped.pop()
        if len(stripped) == 1:
            append(stripped[0])
            continue
        # _join_run's widths: columns() of each line, which is its length in ASCII text. (The
        # last line is measured too, only because _join_run measures it: a lone surrogate,
        # which UTF-8 cannot encode, raises the same error.)
        is_ascii = run.isascii()
        if len(stripped) == 2:
            # The commonest run: two lines, the shapes below in short. The first line's width
            # is the wrap width; out of bounds, no line is joined. Else the first line is as
            # close to the wrap width as can be, and is joined to the second unless it ends a
            # sentence or a hyphenated word, the second is code, or either is indented: those
            # are left to the general case below.
            line, last = stripped
            if is_ascii:
                width = len(line)
            else:
                width = (len(line.encode("utf-8")) + len(line)) // 2
                last.encode("utf-8")
            if (not is_ascii and _spaces_of_break(lines[0])
                    and max(max(line), max(last)) >= WIDE_FROM):
                width += _spaces_of_break(lines[0])
            if width < MIN_WRAP_COLUMNS or width > MAX_WRAP_COLUMNS:
                append([(0, line), (1, last)])
                continue
            tail, head = line[-1], last[0]
            if (tail not in _STOPS and head not in _CODE_CLOSERS
                    and not lines[0].startswith(INDENTS) and not lines[1].startswith(INDENTS)
                    and (is_ascii or not lines[1].startswith(" ")
                         and not lines[0].endswith(" "))):
                append(f"{line}{last}" if tail >= WIDE_FROM or head >= WIDE_FROM
                       else f"{line} {last}")
                continue
        if is_ascii:
            widths = list(map(len, stripped))
        else:
            widths = [(len(line.encode("utf-8")) + len(line)) // 2 for line in stripped]
        # Whether a line of CJK text may start or end with a space (searched in C; ASCII text
        # has no CJK, and its spaces at breaks change nothing).
        spaced = not is_ascii and (" \n" in run or "\n " in run or run[:1] == " "
                                   or run[-1:] == " ")
        cjk = False if is_ascii else None  # whether the run holds CJK, once known
        if spaced:
            cjk = max(stripped[0]) >= WIDE_FROM or max(map(max, stripped)) >= WIDE_FROM
            if cjk:
                widths = list(map(int.__add__, widths, map(_spaces_of_break, lines)))
        wrap_width = max(widths[:-1])
        if wrap_width < MIN_WRAP_COLUMNS or wrap_width > MAX_WRAP_COLUMNS:
            # No line can be joined. _is_wrapped is false for every line of the run: each
            # width is at most the wrap width, so below MIN_WRAP_COLUMNS, or the wrap width is
            # above MAX_WRAP_COLUMNS; whether an indent starts a paragraph or not, _join_run
            # then yields each (stripped) line on its own, at its offset.
            append(list(enumerate(stripped)))
            continue
        if any(map(str.startswith, lines, repeat(INDENTS))):
            append(_one_or_all(list(_join_run(lines, hyphenated))))
            continue
        # No line starts with an indent; nor does it once rstripped (a prefix of it), as
        # _join_run looks at it: no line starts a paragraph by its indent.
        narrowest = min(widths[:-1])
        if narrowest >= MIN_WRAP_COLUMNS and not narrowest < SHORT_LINE_SHARE * wrap_width:
            tails = [line[-1] for line in stripped]
            tails.pop()
            heads = [line[0] for line in stripped]
            del heads[0]
            # Latin text is joined with spaces. In CJK text a Latin word or a number may be
            # cut at the wrap, and a space at a break may be the text's own: there, a run is
            # joined here only when no line starts or ends with a space and no break between
            # two non-CJK characters comes after a full line (a cut word is joined with
            # nothing, _join_unindented decides).
            if _STOPS.isdisjoint(tails) and _CODE_CLOSERS.isdisjoint(heads):
                # Every line is joined to the next, and _join_run makes one paragraph of the
                # run: each line but the last is wide enough and close enough to the wrap
                # width (the narrowest is), the wrap width is in range, and no line after the
                # first is code. The text joined so far ends with the line last joined to it,
                # whose last character is neither a closing mark nor sentence-final
                # punctuation: it does not end a sentence, and is no hyphen, so _join does
                # not de-hyphenate; it puts a space between Latin lines and nothing where
                # either side is wide.
                if is_ascii:
                    append(" ".join(stripped))
                    continue
                breaks = list(map(max, tails, heads))
                cjk = (cjk or max(breaks) >= WIDE_FROM or max(stripped[0]) >= WIDE_FROM
                       or max(map(max, stripped)) >= WIDE_FROM)
                if not cjk:
                    append(" ".join(stripped))
                    continue
                if min(breaks) >= WIDE_FROM:
                    if not spaced:
                        append("".join(stripped))
                        continue
                elif not spaced and not any(
                        wide < WIDE_FROM and width + _head_width(head) > wrap_width
                        for wide, head, width in zip(breaks, heads, widths)):
                    pieces = [stripped[0]]  # (joined once: a text rebuilt per line is
                    for wide, line in zip(breaks, islice(stripped, 1, None)):  # quadratic)
                        if wide < WIDE_FROM:
                            pieces.append(" ")
                        pieces.append(line)
                    append("".join(pieces))
                    continue
        append(_one_or_all(_join_unindented(stripped, lines, widths, wrap_width, hyphenated,
                                            cjk)))
    return found


def _join_unindented(run: list[str], raw: list[str], widths: list[int], wrap_width: int,
                     hyphenated: set[str], cjk: bool | None = None) -> list[tuple[int, str]]:
    """What :func:`_join_run` yields for a run of stripped lines (``raw``: as they came, with
    blank lines after them if the text ends so), none of them indented and neither end blank,
    given the widths of all its lines and its wrap width (MIN_WRAP_COLUMNS to
    MAX_WRAP_COLUMNS). The same loop, with _is_wrapped written out: no indent starts a
    paragraph, and whether the wrap width is evident is only worked out when a line that ends
    a sentence, or a word cut at the wrap, asks; whether the run is CJK (``cjk``, when the
    caller knows), only when a break asks. (tests/test_segment.py holds the two to the same
    answers.)"""
    found = []
    evident = None
    start, joined = 0, _Joined(run[0])
    for k in range(1, len(run)):
        line = run[k]
        width = widths[k - 1]
        # _is_wrapped(joined, width, line, wrap_width, evident)
        if line.startswith(CODE_CLOSERS):
            wrapped = False
        elif ((width < MIN_WRAP_COLUMNS or width < SHORT_LINE_SHARE * wrap_width)
              and width + _head_width(line) <= wrap_width):
            wrapped = _continues_short_line(joined.tail, line)
        elif _ends_sentence(joined.tail):
            if evident is None:
                evident = _evident(run, widths, wrap_width)
            wrapped = evident and width + 1 + _first_word_width(line) > wrap_width
        else:
            wrapped = True
        if wrapped:
            # _join_run's glue; whether the run is CJK, or its wrap width evident, is only
            # worked out for a break with a space at it or a word that may be cut.
            glue = None
            tail, head = raw[k - 1][-1:], raw[k][:1]
            space = tail == " " or head == " "
            cut = (cjk is not False and not space and tail < WIDE_FROM and head < WIDE_FROM
                   and width + _head_width(line) > wrap_width
                   and _may_cut_word(raw[k - 1], raw[k]))
            if (space and cjk is not False) or cut:
                if cjk is None:
                    cjk = _holds_cjk(run)
                if cjk and space and _space_at_break(raw[k - 1], width, raw[k], wrap_width):
                    glue = " "
                elif cjk and cut:
                    if evident is None:
                        evident = _evident(run, widths, wrap_width)
                    glue = "" if evident else None
            joined.add(line, hyphenated, glue)
        else:
            found.append((start, joined.text()))
            start, joined = k, _Joined(line)
    found.append((start, joined.text()))
    return found


def _evident(run: list[str], widths: list[int], wrap_width: int) -> bool:
    """Whether most lines of the run (stripped) reach its wrap width, as in wrapped text: a
    line is full when the next line's first word would not have fitted on it."""
    full = sum(widths[k] + 1 + _first_word_width(run[k + 1]) > wrap_width
               for k in range(len(run) - 1))
    return full >= 2 and 2 * full >= len(widths) - 1


def _break_space(line: str) -> int:
    """1 if the line starts with the one space of a break (`` utc（北京时间…``), which took a
    column of the width the text was wrapped at; else 0."""
    return line[:1] == " " and line[1:2] not in _NO_WORD


_NO_WORD = frozenset(" \t\xa0\u3000")


def _trailing_space(line: str) -> int:
    """1 if the line ends with one space after a word, else 0."""
    return line[-1:] == " " and line[-2:-1] not in _NO_WORD and line[-2:-1] != ""


def _spaces_of_break(line: str) -> int:
    """The columns a line's one leading or trailing space took: a space at a break fell on
    one side of it or the other."""
    return _break_space(line) + _trailing_space(line)


def _space_at_break(raw_line: str, width: int, raw_next: str, wrap_width: int) -> bool:
    """Whether the text had a space where it was wrapped: the next line starts with the one
    space of the break, or the line (``width`` columns, its trailing space counted) ends with
    one space without which the next line's first character would have fitted on it.
    (Spaces that anything else left at the end of every line make no line full.)"""
    if _break_space(raw_next):
        return True
    if not _trailing_space(raw_line):
        return False
    head = _head_width(raw_next)
    return width - 1 + head <= wrap_width < width + head


def _head_width(line: str) -> int:
    """Columns of the line's first character."""
    return 1 if line[:1] < "\x80" else columns(line[:1])


def _continues_short_line(line: str, following: str) -> bool:
    """Whether a line short of the wrap width is continued all the same: it ends in a Latin
    word, and the next line starts with a word in lower case, as a sentence never does
    (``…over the next`` / ``five years, officials said``). Code (``loadWidget({`` /
    ``trigger: {``) and list items (``- they…``) do not."""
    return (line[-1].isalpha() and line[-1] < WIDE_FROM
            and LOWER_CASE_WORD.match(following) is not None)


def _may_cut_word(raw_line: str, raw_next: str) -> bool:
    """Whether the break between two lines may cut a Latin word or a number (``Fib``/``er``,
    ``97.``/``8%``, ``i5-``/``8250U``): neither side is CJK, no space stands at the break (at
    the line's end or the next's start), and it does not follow punctuation that a word
    follows after a space (``words,``/``follow``: the wrapper dropped that space)."""
    tail, head = raw_line[-1:], raw_next[:1]
    if not (tail < WIDE_FROM and head < WIDE_FROM) or tail.isspace() or head.isspace():
        return False
    if tail in _SPACED_AFTER:
        return head.isdigit()  # 6. / 82, 1, / 000
    return tail != "" != head


# Punctuation that a word follows after a space, a digit without one.
_SPACED_AFTER = frozenset(".,;:!?)]}\"'")


def _holds_cjk(lines: list[str]) -> bool:
    """Whether the text is CJK: wrapped character by character, a Latin word in it may be cut
    anywhere; English is wrapped between words."""
    return any(max(line) >= WIDE_FROM for line in lines if line)


def _one_or_all(paragraphs: list[tuple[int, str]]) -> str | list[tuple[int, str]]:
    """The text of the only paragraph, when there is one and at offset 0, else all of them."""
    if len(paragraphs) == 1 and paragraphs[0][0] == 0:
        return paragraphs[0][1]
    return paragraphs


def _join_run(run: list[str], hyphenated: set[str]) -> Iterator[tuple[int, str]]:
    """Paragraphs of one run of lines: (line offset in the run, joined text)."""
    # Blank lines can only be at the ends of a run (at the start or end of the text).
    first = 0
    while first < len(run) and _blank(run[first]):
        first += 1
    raw = run[first:]
    run = [line.rstrip() for line in raw]
    while run and _blank(run[-1]):
        run.pop()
    if len(run) < 2:
        if run:
            yield first, run[0].strip()
        return
    # A line's width counts the space of a break it starts with.
    # In CJK text wrapped at a fixed width, character by character, a line's width counts the
    # space of a break it starts or ends with, and a Latin word or a number is cut where the
    # width ran out: the line is full, and no space stands at the break.
    cjk = _holds_cjk(run)
    widths = [columns(line.strip()) + (cjk and _spaces_of_break(line))
              for line in raw[:len(run)]]
    wrap_width = max(widths[:-1])
    # A wrap width is evident when most lines reach it, as in wrapped text, where only the
    # last line of each paragraph falls short; a lone widest line may be a whole paragraph
    # that happens to be followed by another line (a caption, a source line).
    # A line is full when the next line's first word would not have fitted on it.
    full = sum(widths[k] + 1 + _first_word_width(run[k + 1].strip()) > wrap_width
               for k in range(len(run) - 1))
    evident = full >= 2 and 2 * full >= len(widths) - 1
    indented = [line.startswith(INDENTS) for line in run]
    # Indentation marks paragraph starts only where it varies; a run that is indented
    # throughout (a quoted or code block) says nothing by it.
    indent_marks = any(indented) and not all(indented)
    start, joined = 0, _Joined(run[0].strip())
    for k in range(1, len(run)):
        line = run[k].strip()
        starts_paragraph = (indent_marks and indented[k]) or run[k].startswith("\u3000")
        width = widths[k - 1]
        if not starts_paragraph and _is_wrapped(joined.tail, width, line, wrap_width,
                                                evident):
            if cjk and _space_at_break(raw[k - 1], width, raw[k], wrap_width):
                glue = " "  # the space of the break, where the text had one
            elif (cjk and evident and width + _head_width(line) > wrap_width
                  and _may_cut_word(raw[k - 1], raw[k])):
                glue = ""  # a word cut at the wrap
            else:
                glue = None
            joined.add(line, hyphenated, glue)
        else:
            yield first + start, joined.text()
            start, joined = k, _Joined(line)
    yield first + start, joined.text()


def _blank(line: str) -> bool:
    return not line.strip().strip(INVISIBLE)


def _is_wrapped(line: str, width: int, following: str, wrap_width: int, evident: bool) -> bool:
    """Whether ``line`` was broken by a hard wrap, so that ``following`` continues it."""
    if wrap_width < MIN_WRAP_COLUMNS or wrap_width > MAX_WRAP_COLUMNS:
        return False
    if following.startswith(CODE_CLOSERS):
        return False
    if ((width < MIN_WRAP_COLUMNS or width < SHORT_LINE_SHARE * wrap_width)
            and width + _head_width(following) <= wrap_width):
        # A short line (a title, a byline, a paragraph's last line) ends its paragraph, unless
        # it is full all the same (a wide character would not have fitted), or a Latin
        # sentence plainly goes on.
        return _continues_short_line(line, following)
    if _ends_sentence(line):
        # A sentence may end at the wrap by chance. It ends the paragraph unless the run was
        # visibly wrapped at this width and the next word would not have fitted on the line
        # (in CJK text the next "word" is one character).
        return evident and width + 1 + _first_word_width(following) > wrap_width
    return True


def _first_word_width(line: str) -> int:
    """Columns of the line's first word; in CJK text, of its first character."""
    if line[:1] >= WIDE_FROM:
        return 2
    word = FIRST_WORD.match(line)
    return columns(word.group()) if word else 0


def _word_before_hyphen(line: str) -> str:
    """The letters just before a hyphen that ends the line ('' if it does not end so)."""
    if not line.endswith("-"):
        return ""
    start = len(line) - 1
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return line[start:-1]


def _ends_sentence(line: str) -> bool:
    """Whether the line ends a sentence, or ends with a parenthesis, as an author tag or a
    score line does (（完）, （魑魅）)."""
    if line.endswith((")", "）")):
        return True
    last = line.rstrip(CLOSERS)[-1:]
    return bool(last) and last in SENTENCE_FINAL


class _Joined:
    """A paragraph being joined line by line. Joining reads only the end of the text so far
    (its last character, the word before a final hyphen, whether it ends a sentence), so only
    its last TAIL characters are kept as a string to join to; what is before them is kept in
    pieces and joined once, at the end (joining the whole text again at every line made a
    long run of lines quadratic)."""

    TAIL = 256
    __slots__ = ("head", "tail")

    def __init__(self, line: str) -> None:
        self.head: list[str] = []
        self.tail = line

    def add(self, line: str, hyphenated: set[str], glue: str | None) -> None:
        tail = _join(self.tail, line, hyphenated, glue)
        if len(tail) > 2 * self.TAIL:
            self.head.append(tail[:-self.TAIL])
            tail = tail[-self.TAIL:]
        self.tail = tail

    def text(self) -> str:
        return "".join(self.head) + self.tail if self.head else self.tail


def _join(left: str, right: str, hyphenated: set[str], glue: str | None = None) -> str:
    """Join a wrapped line to its continuation: with ``glue`` when the break says what stood
    there (the space of the break; nothing inside a word cut at the wrap), else no space in
    CJK, a space in Latin text, ``exam-``/``ple`` de-hyphenated unless the document spells the
    word with its hyphen."""
    if glue == "" or glue == " " and left[-1] != "-":
        return left + glue + right
    head = _word_before_hyphen(left)
    if head:
        tail = WORD_START.match(right)
        if tail and f"{head}-{tail.group()}".casefold() not in hyphenated:
            return left[:-1] + right
        if tail:
            return left + right
    if left[-1] >= WIDE_FROM or right[0] >= WIDE_FROM:
        return left + right
    return f"{left} {right}"
