"""Compose the stages: segment, clean, match, collect the result. No I/O here.

    raw text ─ segment ─▶ paragraphs ─ clean ─▶ cleaned paragraphs ─ junk, boilerplate ─▶
    ─ join cut sentences ─▶ Matcher (repeats, blocks) ─▶ Result (kept, removed, notes)
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher
from typing import TypeVar

from . import clean
from .keys import fingerprint, make_key
from .match import Matcher
from .model import BOILERPLATE, JUNK, Options, Paragraph, Result, Verdict
from .segment import columns, is_table, normalise_newlines, segment

T = TypeVar("T")


def dedup_text(text: str, options: Options | None = None, *,
               boilerplate: Container[int] = frozenset()) -> Result:
    """Clean one document: every repeated paragraph and block collapsed to one copy.

    ``boilerplate`` holds the fingerprints (:func:`dedup.keys.fingerprint`) of paragraphs that
    batch mode found on too many pages; they are removed first.

    >>> twice = "A paragraph long enough to judge.\\n\\n" * 2
    >>> dedup_text(twice).text
    'A paragraph long enough to judge.\\n'
    """
    options = options or Options()
    with _cycle_collector_paused():
        paragraphs, notes, separators = _prepare(text, options)
        del text  # where the caller let go of it too, the raw text is freed now
        return _deduplicate(paragraphs, notes, options, boilerplate, separators)


def _deduplicate(paragraphs: list[Paragraph], notes: list[dict], options: Options,
                 boilerplate: Container[int], separators: tuple[str, ...] = ()) -> Result:
    """Junk and boilerplate out, cut sentences joined, repeats and blocks found."""
    removed: list[Verdict] = []
    candidates: list[Paragraph] = []
    keys: dict[str, str] = {}  # the keys the boilerplate check made, for the matcher
    junk = (clean.junk_verdicts([p.text for p in paragraphs], _memo(clean.junk_look),
                                [p.line for p in paragraphs])
            if "junk" in options.steps else None)
    for n, paragraph in enumerate(paragraphs):
        reason = junk[n] if junk else None
        if reason:
            removed.append(Verdict(paragraph, JUNK, detail=reason))
            continue
        if boilerplate:
            key = keys.get(paragraph.text)
            if key is None:  # (scraped text repeats itself: one key per distinct text)
                key = keys[paragraph.text] = make_key(paragraph.text)
            if fingerprint(key) in boilerplate:
                removed.append(Verdict(paragraph, BOILERPLATE))
                continue
        candidates.append(paragraph)
    del junk
    if "join" in options.steps:
        candidates = _join_cut_sentences(candidates, notes)
    matcher = Matcher(options)
    for paragraph in candidates:
        matcher.feed(paragraph.text, keys.get(paragraph.text))  # a joined text has none yet
    matcher.extend_blocks()
    kept = matcher.kept(candidates)
    removed.extend(matcher.verdicts(candidates))
    notes.extend(matcher.kept_apart(candidates))
    removed.sort(key=lambda verdict: verdict.paragraph.index)
    notes.extend(_fragments(kept))
    notes.sort(key=lambda note: note["index"])
    return Result(kept=tuple(kept), removed=tuple(removed), paragraphs_in=len(paragraphs),
                  notes=tuple(notes), separators=separators)


def prepare(text: str, options: Options) -> tuple[list[Paragraph], list[dict]]:
    """Segment and clean: the paragraphs as the matcher will see them, and a note for each
    paragraph the cleanup changed (which steps).

    With none of the text fixes asked for, each paragraph is the input's own text, its line
    breaks and indents included: what the segmenter rejoins is for the eye of the matcher
    (which compares keys, blind to spacing), not for the output.
    """
    paragraphs, notes, _ = _prepare(text, options)
    return paragraphs, notes


def _prepare(text: str, options: Options) -> tuple[list[Paragraph], list[dict], tuple[str, ...]]:
    """:func:`prepare`, and with no text fix asked for, what separates each paragraph from the
    one before it in the input (so the output is the input less the removed paragraphs)."""
    paragraphs = segment(text)
    fixes = options.steps & clean.DEFAULT_STEPS
    if not fixes:
        verbatim, separators = _verbatim(text, paragraphs)
        return verbatim, [], separators
    cleaned, notes = [], []
    clean_paragraph = _memo(lambda text: clean.clean_paragraph(text, fixes))
    for paragraph in paragraphs:
        fixed, changed = clean_paragraph(paragraph.text)
        if changed:
            notes.append({"index": paragraph.index, "line": paragraph.line, "reason": "cleaned",
                          "steps": list(changed), "text": fixed})
            if not fixed:
                continue  # nothing left of it but invisible characters
            paragraph = paragraph._replace(text=fixed)
        cleaned.append(paragraph)
    return cleaned, notes, ()


def document_keys(text: str, options: Options) -> list[str]:
    """The key of every paragraph the matcher could see in this document (after segmentation,
    cleanup and junk removal): what batch mode fingerprints and counts across pages."""
    return [key for _, key in paragraph_keys(text, options)]


def paragraph_keys(text: str, options: Options) -> list[tuple[str, str]]:
    """:func:`document_keys`, each with its paragraph's text.

    A paragraph removed here as junk whose look is not certain (a copyright line, a "click
    here" line in a stack of them) stays on a page where it stands alone, so it is counted
    all the same: a footer line on 19 pages is boilerplate on every one of them.
    """
    paragraphs, _ = prepare(text, options)
    if "junk" not in options.steps:
        return [(p.text, make_key(p.text)) for p in paragraphs]
    look = _memo(clean.junk_look)
    junk = clean.junk_verdicts([p.text for p in paragraphs], look, [p.line for p in paragraphs])
    return [(p.text, make_key(p.text)) for p, reason in zip(paragraphs, junk)
            if not reason or not look(p.text)[1]]


# A line the segmenter counts as blank: whitespace and zero-width characters only.
_BLANK_LINE = re.compile(r"(?:\s|[\u200b-\u200d\u2060\ufeff])*")


def _verbatim(text: str, paragraphs: list[Paragraph]
              ) -> tuple[list[Paragraph], tuple[str, ...]]:
    """The paragraphs with the text the input has for them (every line from the paragraph's
    first to the line before the next paragraph, less the blank lines that end it), and the
    separators: the newlines and blank lines before each paragraph ('' before the first).

    >>> raw = "　　One paragraph a line,  \\n　　indented.\\n\\n\\nLast\\n"
    >>> paragraphs, separators = _verbatim(raw, segment(raw))
    >>> [p.text for p in paragraphs], separators
    (['　　One paragraph a line,  ', '　　indented.', 'Last'], ('', '\\n', '\\n\\n\\n'))
    """
    if not paragraphs:
        return paragraphs, ()
    lines = normalise_newlines(text).split("\n")
    ends = [p.line - 1 for p in paragraphs[1:]] + [len(lines)]
    verbatim, separators = [], []
    previous_end = None
    for paragraph, end in zip(paragraphs, ends):
        start = paragraph.line - 1
        while end > paragraph.line and _BLANK_LINE.fullmatch(lines[end - 1]):
            end -= 1
        separators.append("" if previous_end is None
                          else "\n" + "".join(line + "\n" for line in lines[previous_end:start]))
        verbatim.append(paragraph._replace(text="\n".join(lines[start:end])))
        previous_end = end
    return verbatim, tuple(separators)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a document is processed. The pipeline makes a few
    objects per paragraph and no reference cycles of its own, so reference counting frees
    what it drops; the collector would only walk the growing heap again and again (on a 30 MB
    input, 10-25% of the run time). Its state is restored afterwards, and it then collects
    any cycle a library made meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _memo(function: Callable[[str], T]) -> Callable[[str], T]:
    """``function`` computed once per distinct text of this document: scraped text repeats
    itself, and the cleanup steps are the dearest per-character work in the pipeline."""
    seen: dict[str, T] = {}

    def memoised(text: str) -> T:
        if text not in seen:
            seen[text] = function(text)
        return seen[text]

    return memoised


def _join_cut_sentences(paragraphs: list[Paragraph], notes: list[dict]) -> list[Paragraph]:
    """Join a paragraph cut mid-sentence to the next one where that one unambiguously
    continues it (``clean.continues``)."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if out and clean.continues(out[-1].text, paragraph.text):
            previous = out[-1]
            joined = _joined_text(previous.text, paragraph.text)
            out[-1] = previous._replace(text=joined)
            notes.append({"index": paragraph.index, "line": paragraph.line, "reason": "joined",
                          "joined_to": previous.index, "text": paragraph.text})
        else:
            out.append(paragraph)
    return out


# A page title is one line of at most this many columns (40 CJK characters): 232 of the 233
# titles of the Sina folder are at most 70.
TITLE_MAX_COLUMNS = 80
# A headline ends no sentence and no clause.
_NOT_TITLE_END = frozenset("。！？…!?.，、,；;：:")
# A line sharing a run this wide with the page title restates it: 6 CJK characters, or 16
# Latin ones (three words or so; a CJK character says about as much as a short word).
TITLE_SHARED_COLUMNS = 12
TITLE_SHARED_LATIN = 16
# ...among the first paragraphs kept, the page's head (原标题 comes 2 to 4 paragraphs down);
# further down, a line like the title is a related link or the text's own.
TITLE_HEAD = 10


def _title_like(text: str) -> bool:
    """One short line that ends no sentence or clause: what a headline looks like."""
    return ("\n" not in text and columns(text) <= TITLE_MAX_COLUMNS
            and text[-1:] not in _NOT_TITLE_END)


def _restates(text: str, title: str) -> bool:
    """Whether a title-like line is the page title, part of it, or a restatement of it (the
    original headline, 原标题：…, or the body's own): it shares a run of at least
    TITLE_SHARED_COLUMNS with the title (TITLE_SHARED_LATIN if the run holds no CJK), or all
    of itself when shorter.

    >>> _restates("原标题：苹果新款手机被曝全面砍单", "苹果新款手机被曝全面砍单：富士康或被迫裁员")
    True
    >>> _restates("这个赛季的西部是很乱，", "这个赛季的西部是很乱 但没想到东部也乱")
    False
    >>> _restates("Mr Mittal told the conference in Chicago", "Steel firm 'to cut' 45,000 jobs")
    False
    """
    if text == title:
        return True
    if not _title_like(text):
        return False
    shared = SequenceMatcher(None, text, title, autojunk=False).find_longest_match(
        0, len(text), 0, len(title))
    run = text[shared.a:shared.a + shared.size]
    wide = columns(run)
    needed = TITLE_SHARED_COLUMNS if wide > len(run) else TITLE_SHARED_LATIN
    return wide >= min(needed, columns(text))


def _joined_text(left: str, right: str) -> str:
    if right[0] in clean.NON_INITIAL or left[-1] >= "\u2e80" or right[0] >= "\u2e80":
        return left + right
    return f"{left} {right}"


def _fragments(kept: list[Paragraph]) -> list[dict]:
    """Flag kept paragraphs cut mid-sentence or starting mid-clause; they stay in the text.
    A table, the page title (the first paragraph, when it is title-like) and a title-like line
    of the page's head that restates it are not cut sentences."""
    notes = []
    title = kept[0].text if kept and _title_like(kept[0].text) else None
    for number, (paragraph, following) in enumerate(zip(kept, [*kept[1:], None])):
        kind = clean.fragment_kind(paragraph.text, following.text if following else None)
        if kind == "cut" and (is_table(paragraph.text) or title is not None
                              and number < TITLE_HEAD and _restates(paragraph.text, title)):
            continue
        if kind:
            notes.append({"index": paragraph.index, "line": paragraph.line, "reason": "fragment",
                          "kind": kind, "text": paragraph.text})
    return notes
