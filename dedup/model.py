"""The values that pass between the stages of the pipeline.

Every stage takes and returns these frozen records, so that the report and the tests read the
same evidence the matcher used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

# Reasons a paragraph can leave the output. The report and the docs use these exact words.
EXACT = "exact"          # same matching key as a kept paragraph
NEAR = "near"            # similar to a kept paragraph above the threshold
CONTAINED = "contained"  # a truncated copy: most of it is part of a kept paragraph
TRUNCATED = "truncated"  # an earlier truncated copy, replaced by the complete later copy
BLOCK = "block"          # part of a repeated run of paragraphs
JUNK = "junk"            # a line of code, a lone URL, a share bar (cleanup stage)
BOILERPLATE = "boilerplate"  # recurs on many pages of a batch
DUPLICATE_PAGE = "duplicate-page"  # the whole page repeats another page of the batch

# The cleanup steps, in the order they run: six fixes of the text (dedup.clean.STEPS), then
# dropping junk lines and joining a paragraph cut mid-sentence to its continuation.
CLEAN_STEPS = ("entities", "mojibake", "unicode", "spaces", "indent", "punct-width", "junk", "join")
# Off unless asked for: joining merges two damaged fragments into one as readily as it mends a
# cut sentence. (Entities are decoded by default: `&amp;` and `&#163;` left in scraped text are
# damage, and a reader wants `&` and `£`.)
OPT_IN_STEPS = frozenset({"join"})
DEFAULT_CLEAN = frozenset(CLEAN_STEPS) - OPT_IN_STEPS


class Paragraph(NamedTuple):
    """One paragraph of a document, as the segmenter found it. (A named tuple rather than a
    dataclass: one is made per paragraph of the input, and this is three times cheaper.)"""

    index: int   # position in the document, 0-based
    line: int    # 1-based line number of its first line in the input
    text: str    # its text, hard wraps rejoined


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a paragraph is not in the output, and the kept paragraph that holds its content."""

    paragraph: Paragraph
    reason: str
    duplicate_of: int | None = None   # index of the kept paragraph it repeats
    score: float | None = None        # similarity, 0-100
    detail: str = ""

    def as_record(self) -> dict:
        """The JSON-ready form written by ``--report``."""
        record = {
            "index": self.paragraph.index,
            "line": self.paragraph.line,
            "reason": self.reason,
            "duplicate_of": self.duplicate_of,
            "score": None if self.score is None else round(self.score, 1),
            "text": self.paragraph.text,
        }
        if self.detail:
            record["detail"] = self.detail
        return record


@dataclass(frozen=True, slots=True)
class Options:
    """Every knob of the pipeline, with the defaults documented in docs/ALGORITHM.md."""

    threshold: float = 85.0      # near duplicate: normalised Indel similarity of keys, 0-100
    min_length: int = 20         # shorter paragraphs (CJK counts 2) are never removed alone
    containment: float = 95.0    # a truncated copy must align with its source at least this well
    min_share: float = 0.5       # ...and be at least this share of the source's length
    block_threshold: float = 80.0  # similarity for short paragraphs inside a repeated block
    steps: frozenset[str] = DEFAULT_CLEAN  # cleanup steps to run (see dedup.clean)


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Every knob of batch mode (:mod:`dedup.batch`); ``options`` is the in-page policy, the
    rest the cross-page one."""

    options: Options = field(default_factory=Options)
    boilerplate: bool = True          # remove paragraphs that recur on many pages
    boilerplate_pages: int = 10       # ...on at least this many pages
    boilerplate_share: float = 0.1    # ...or on this share of the pages, whichever is fewer
    duplicate_pages: bool = True      # write a page scraped twice once
    duplicate_containment: float = 0.8  # share of a page's long paragraphs found in the other
    duplicate_size: float = 0.3       # the later page is at least this share of the earlier
    jsonl: bool = False               # pages are JSON Lines files, one document per record
    text_field: str = "text"
    encoding: str | None = None
    jobs: int = 1
    max_size: int = 1 << 30           # bytes: a larger input is refused, not read (1 GiB)
    report: bool = True               # build report records (they cost time on every paragraph)


@dataclass(frozen=True, slots=True)
class Result:
    """What the pipeline made of one document."""

    kept: tuple[Paragraph, ...]
    removed: tuple[Verdict, ...]
    paragraphs_in: int
    notes: tuple[dict, ...] = field(default=())
    # With no text fix (--clean none): what separated each paragraph (by index) from the one
    # before it in the input, written before it instead of a blank line.
    separators: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The cleaned document: paragraphs separated by one blank line, trailing newline."""
        return "".join(self.chunks(size=max(1, len(self.kept))))

    def chunks(self, size: int = 4096) -> Iterator[str]:
        """:attr:`text` in pieces of ``size`` paragraphs, so that a writer never holds the
        whole output twice (as text and as bytes).

        >>> result = Result(kept=(Paragraph(0, 1, "a"), Paragraph(1, 3, "b")), removed=(),
        ...                 paragraphs_in=2)
        >>> list(result.chunks(size=1)), "".join(result.chunks()) == result.text
        (['a\\n\\n', 'b\\n'], True)
        """
        kept = self.kept
        if self.separators:
            separators = self.separators
            for start in range(0, len(kept), size):
                pieces = []
                for n, paragraph in enumerate(kept[start:start + size], start):
                    if n:
                        pieces.append(separators[paragraph.index])
                    pieces.append(paragraph.text)
                yield "".join(pieces) + ("\n" if start + size >= len(kept) else "")
            return
        for start in range(0, len(kept), size):
            end = "\n" if start + size >= len(kept) else "\n\n"
            yield "\n\n".join(p.text for p in kept[start:start + size]) + end


class DedupError(Exception):
    """Base class for errors the command line reports as one line."""


class InputError(DedupError):
    """The input cannot be read as text (binary data, unknown encoding)."""
