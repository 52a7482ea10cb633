"""Inputs that made a step quadratic or worse: each must now finish at once. A guard of many
times the time it takes (signal.alarm) turns a hang into a failure; the assertions check the
answer too, so that a fix that skipped the work would not pass."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from dedup import evidence, sites

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs signal.alarm")


class TooSlow(Exception):
    pass


@contextmanager
def within(seconds: int):
    def stop(signum, frame):
        raise TooSlow(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_signed_cut_with_a_long_run_of_spaces():
    """A name after a long run of ideographic spaces (80,000 took 40 s)."""
    text = "A title cut short… - a" + "\u3000" * 80_000 + "b"
    with within(10):
        assert evidence.signed_cut(text) is None  # (a name of 80,000 characters is none)
        assert evidence.signed_cut("A title cut short… - Law Help") == "A title cut short…"


def test_page_url_with_a_long_attribute_name():
    """A tag in the head with a long name and no '=' (80,000 characters took 62 s)."""
    html = ('<html><head><meta ' + "a" * 80_000 + '>'
            '<link rel="canonical" href="https://example.org/a"></head><body></body></html>')
    with within(10):
        assert sites.page_url(html) == "https://example.org/a"


def test_a_long_list_of_one_template():
    """40,000 lines that fill one template with a different number: a list, every line
    kept (each new item walked the whole list again: 51 s)."""
    from dedup.pipeline import dedup_text

    lines = [f"The quick brown fox jumps over {n} lazy dogs today" for n in range(40_000)]
    with within(30):
        result = dedup_text("\n\n".join(lines) + "\n")
    assert [p.text for p in result.kept] == lines


def test_two_long_near_copies():
    """Two paragraphs of 100,000 characters three letters apart (the second after a short
    sentence): the evidence aligned them letter by letter, cubic in time (96 KB: 235 s) and
    quadratic in memory (140,000 characters: 1.6 GB). Past 10,000 characters a near copy is
    kept, and the report says why."""
    import random

    from dedup.pipeline import dedup_text

    rng = random.Random(0)
    first = "".join("的" if n % 20 == 0 else chr(0x4E00 + rng.randrange(3000))
                    for n in range(100_000))
    second = list(first)
    for at in (10, 50_000, 99_990):
        second[at] = "好" if second[at] != "好" else "的"
    with within(30):
        result = dedup_text(first + "。\n\n好。" + "".join(second) + "。\n")
    assert len(result.kept) == 2
    assert any("too long to read word by word" in note.get("detail", "")
               for note in result.notes)


def test_a_long_hard_wrapped_run():
    """80,000 full lines (4.9 MB) with no blank line, every fifth ending a sentence at the
    wrap: one paragraph. Joining rebuilt the whole text at every line: 65 s."""
    from dedup.segment import segment

    lines = [("alpha beta gamma delta epsilon zeta eta theta iota kappa")[:59].ljust(59, "x")
             + ("." if n % 5 == 4 else "y") for n in range(80_000)]
    with within(30):
        paragraphs = segment("\n".join(lines) + "\n")
    assert [p.text for p in paragraphs] == [" ".join(lines)]


@pytest.mark.parametrize("line, code", [("a-" * 20_000 + "{", True),  # (a CSS selector)
                                        ("[" * 40_000 + "!", False), ("{" * 40_000 + "!", False)],
                         ids=["css-like", "brackets", "braces"])
def test_code_line_pattern_on_long_lines(line, code):
    """The junk rule's code-line pattern on long lines: the split of a run between two parts
    of the pattern was tried every way (40,000 characters: 12 s). Same answers, at once."""
    from dedup import clean

    with within(10):
        assert (clean._CODE_LINE.match(line) is not None) is code
        assert clean._CODE_LINE.match("}, ], {") is not None


def test_a_long_run_of_blank_lines_in_bounded_memory():
    """A million newlines between two words: two paragraphs, and the split into runs of
    lines keeps no record per blank line (it took some 210 bytes each: 240 MB here)."""
    import tracemalloc

    from dedup.segment import segment

    text = "a\n" + " \n" * 1_000_000 + "b\n"
    tracemalloc.start()
    try:
        paragraphs = segment(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(p.text, p.line) for p in paragraphs] == [("a", 1), ("b", 1_000_002)]
    assert peak < 16 * len(text)  # a few copies of the text, not hundreds of bytes a line


def test_duplicate_search_with_one_paragraph_every_site_shares():
    """20,000 documents of 20,000 sites that share one long paragraph (boilerplate of none of
    them): none is a duplicate, and each is compared with a bounded number of earlier ones
    (each was compared with all: 5,000 documents took 30 s)."""
    from dedup.batch import DocId, Duplicate, Sketch, find_duplicates

    sketches = [Sketch(DocId(n, None), (1, *range(10_000 + 3 * n, 10_003 + 3 * n)), 4, n << 40)
                for n in range(20_000)]
    sketches.append(Sketch(DocId(20_000, None), (1, 10_003, 10_004, 10_005), 4, 7 << 40))
    with within(60):
        found = find_duplicates(sketches, frozenset())
    assert found == {DocId(20_000, None): Duplicate(DocId(1, None), 100.0)}  # (a copy of 1)
