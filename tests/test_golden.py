"""Golden cases: raw input and the exact output expected (see cases/pipe/README.md)."""

from pathlib import Path

import pytest

from dedup.model import Options
from dedup.pipeline import dedup_text
from dedup.sources import decode

CASES = Path(__file__).parent / "cases" / "pipe"
NAMES = sorted(p.name[: -len(".in.txt")] for p in CASES.glob("*.in.txt"))
NO_CLEANUP = sorted(p.name[: -len(".noclean.out.txt")] for p in CASES.glob("*.noclean.out.txt"))


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_golden(name):
    """The output for each golden input is exactly the expected text."""
    raw = decode((CASES / f"{name}.in.txt").read_bytes(), name)
    expected = (CASES / f"{name}.out.txt").read_text(encoding="utf-8")
    assert dedup_text(raw).text == expected


@pytest.mark.parametrize("name", NO_CLEANUP, ids=NO_CLEANUP)
def test_golden_without_cleanup(name):
    """With every cleanup step off, the output keeps the input's text of each kept paragraph."""
    raw = decode((CASES / f"{name}.in.txt").read_bytes(), name)
    expected = (CASES / f"{name}.noclean.out.txt").read_text(encoding="utf-8")
    assert dedup_text(raw, Options(steps=frozenset())).text == expected


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_without_cleanup_output_is_input_less_removed(name):
    """With no text fix, the output is the input (line ends made LF, one final newline) with
    lines deleted and none added or changed: the kept paragraphs keep their wraps, indents and
    separators. (Where a complete copy takes the place of an earlier cut one, it moves: then
    each kept paragraph is still a verbatim stretch of the input.)"""
    import difflib

    raw = decode((CASES / f"{name}.in.txt").read_bytes(), name).replace("\r\n", "\n")
    result = dedup_text(raw, Options(steps=frozenset()))
    assert all(paragraph.text in raw for paragraph in result.kept)
    if any(verdict.reason == "truncated" for verdict in result.removed):
        return
    before = (raw.rstrip("\n") + "\n").split("\n")
    after = result.text.split("\n")
    edits = {tag for tag, *_ in difflib.SequenceMatcher(None, before, after,
                                                        autojunk=False).get_opcodes()}
    assert edits <= {"equal", "delete"}


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_boilerplate_that_matches_nothing_changes_nothing(name):
    """With a boilerplate set (batch mode's), the matcher gets the keys the boilerplate check
    made; a set that matches no paragraph must leave the result exactly as without one."""
    raw = decode((CASES / f"{name}.in.txt").read_bytes(), name)
    assert dedup_text(raw, boilerplate=frozenset({0})) == dedup_text(raw)

def test_every_case_has_an_expected_output():
    """No input without its expected output, and there are cases at all."""
    assert NAMES and all((CASES / f"{name}.out.txt").exists() for name in NAMES)


@pytest.mark.parametrize("enabled", [True, False])
def test_cycle_collector_state_restored(enabled):
    """dedup_text pauses Python's cycle collector while it works and leaves it as it found it,
    also when the input is refused midway."""
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        dedup_text("A paragraph long enough to judge.\n\n" * 2)
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):
            dedup_text(None)  # not text: fails inside the pipeline
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_document_keys_count_junk_that_may_stay_elsewhere():
    """Batch mode counts a footer line on every page it stands on, also where a stack of
    footer lines makes it junk (alone, on another page, it stays and is boilerplate only if
    counted); certain junk (code) is not counted."""
    from dedup.keys import make_key
    from dedup.pipeline import document_keys

    footer = "版权所有 © 工人日报社 未经授权禁止转载"
    text = "\n\n".join(["新浪简介|广告服务|About Sina", "产品答疑|网站律师|SINA English", footer,
                        "var adScript = document.createElement('script');",
                        "北京时间11月4日消息，CBA常规赛第七轮继续进行，浙江广厦主场迎战对手。"])
    result = dedup_text(text)
    assert [v.paragraph.text for v in result.removed][:3] == text.split("\n\n")[:3]
    keys = document_keys(text, Options())
    assert make_key(footer) in keys
    assert make_key("var adScript = document.createElement('script');") not in keys
