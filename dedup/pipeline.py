"""Compose the stages: segment, match, collect the result. No I/O here."""

from __future__ import annotations

from .match import Matcher
from .model import Options, Result
from .segment import segment


def dedup_text(text: str, options: Options | None = None) -> Result:
    """Clean one document: every repeated paragraph and block collapsed to one copy.

    >>> dedup_text("A paragraph long enough to judge.\\n\\nA paragraph long enough to judge.\\n").text
    'A paragraph long enough to judge.\\n'
    """
    options = options or Options()
    paragraphs = segment(text)
    matcher = Matcher(options)
    for paragraph in paragraphs:
        matcher.feed(paragraph.text)
    matcher.extend_blocks()
    return Result(
        kept=tuple(matcher.kept(paragraphs)),
        removed=tuple(matcher.verdicts(paragraphs)),
        paragraphs_in=len(paragraphs),
    )
