"""Writing results: the cleaned text, the report lines and the summary. No decisions here."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from .model import Result

# What a note on a paragraph says was done to it: flagged for a look, kept apart from a paragraph
# it resembles (the evidence says it states something else), or changed by the cleanup.
NOTE_ACTIONS = {"fragment": "flagged", "distinct": "kept"}


def report_records(result: Result, source: str | None = None) -> Iterator[dict]:
    """One JSON-ready record per paragraph the run removed, changed or flagged, in document
    order. ``action`` says which; ``reason`` says why (see docs/ALGORITHM.md)."""
    records = [{"action": "removed", **v.as_record()} for v in result.removed]
    for note in result.notes:
        action = NOTE_ACTIONS.get(note["reason"], "changed")
        records.append({"action": action, **note})
    # (A record about the whole document, such as decoding's, has index None: it goes first.)
    records.sort(key=lambda record: -1 if record["index"] is None else record["index"])
    for record in records:
        yield record if source is None else {"source": source, **record}


def report_bytes(records: Iterable[dict]) -> bytes:
    """The report's JSON Lines as UTF-8 (see :func:`encode_report`)."""
    return encode_report("".join(map(json_line, records)))


_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_report(lines: str) -> bytes:
    r"""JSON Lines text as UTF-8. A file name that is not valid UTF-8 reaches us with its bad
    bytes as lone surrogates (Python's surrogateescape), which UTF-8 cannot encode; they are
    written as JSON escapes (``\udcff``), so that every line stays valid UTF-8 and valid
    JSON, and ``os.fsencode(json.loads(line)["page"])`` gives back the name's exact bytes.

    >>> encode_report('{"page": "a' + chr(0xDCFF) + '.txt"}\n')
    b'{"page": "a\\udcff.txt"}\n'
    """
    try:
        return lines.encode("utf-8")
    except UnicodeEncodeError:
        # A surrogate is never outside a JSON string, where its escape means the same.
        return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", lines).encode("utf-8")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps makes one a call


def json_value(value: object) -> str:
    """One JSON value, UTF-8 text as is (not \\u escapes)."""
    return _ENCODE(value)


def json_line(record: dict) -> str:
    """One line of JSON Lines, UTF-8 text as is (not \\u escapes)."""
    return json_value(record) + "\n"


def summary(result: Result, name: str) -> str:
    """One line for stderr: paragraphs in, kept, removed, and why.

    >>> from dedup.model import Result
    >>> summary(Result(kept=(), removed=(), paragraphs_in=0), "stdin")
    'stdin: 0 paragraphs in, 0 kept, 0 removed'
    """
    line = (f"{name}: {result.paragraphs_in} paragraphs in, {len(result.kept)} kept, "
            f"{len(result.removed)} removed")
    reasons = Counter(v.reason for v in result.removed)
    if reasons:
        line += " (" + ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items())) + ")"
    notes = Counter(note["reason"] for note in result.notes)
    if notes:
        line += "; " + ", ".join(f"{n} {reason}" for reason, n in sorted(notes.items()))
    return line
