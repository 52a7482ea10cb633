"""Tests for the cleanup stage: each step, their composition, junk lines and fragments."""

from __future__ import annotations

import doctest
import re
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import clean
from dedup.clean import (
    DEFAULT_STEPS,
    STEPS,
    clean_paragraph,
    continues,
    decode_entities,
    drop_indent,
    fix_mojibake,
    fix_punct_width,
    fix_unicode,
    fragment_kind,
    junk_reason,
    normalise_spaces,
)

CASES = Path(__file__).parent / "cases" / "clean"
FAST = settings(max_examples=200, deadline=None, database=None)


def _read(path: Path) -> str:
    """One paragraph per file, followed by exactly one newline that is not part of it."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{path.name} must end with one newline"
    return text[:-1]


GOLDEN = sorted(p.name[: -len(".in.txt")] for p in CASES.glob("*.in.txt"))
JUNK = [
    tuple(line.split("\t", 1))
    for line in (CASES / "junk.tsv").read_text(encoding="utf-8").splitlines()
    if line
]
PROSE = [line for line in (CASES / "prose.txt").read_text(encoding="utf-8").splitlines() if line]
PAGES = sorted(CASES.glob("*.page.txt"))

# Alphabets for the property tests: the characters real Chinese/English scraped text mixes.
HAN = "中文新闻北京时间比赛的了是国"
FULL_WIDTH = "，。：；？！（）“”‘’《》、…—　"
HALF_WIDTH = ",.:;?!()\"'-/@"
LATIN = "abcxyzABCXYZ"
DIGITS = "0123456789"
SPACES = " \t\n"
ODD = "\u00a0\u200b\u200d\u00ad\ufeff\u2009\u202f\x07\r"
ENTITY_BITS = "&#;amplt"
MOJIBAKE_BITS = "ÃÂâ€œ©\x9d¤"
SAFE_ALPHABET = HAN + FULL_WIDTH + HALF_WIDTH + LATIN + DIGITS + SPACES + ODD
FULL_ALPHABET = SAFE_ALPHABET + ENTITY_BITS + MOJIBAKE_BITS

safe_text = st.text(alphabet=st.sampled_from(SAFE_ALPHABET), max_size=60)
mixed_text = st.text(alphabet=st.sampled_from(FULL_ALPHABET), max_size=60)
any_text = st.text(max_size=60)
# Text that is mostly printable and trimmed, so that it gets past the first checks of the
# fast paths and tests the later ones: Latin-1 characters with and without a mojibake hint,
# combining marks and compatibility ideographs (not NFC), half-width marks next to CJK or not.
NEARLY_CLEAN_ALPHABET = (
    HAN + "，。：；？！（）“”‘’《》、…—" + HALF_WIDTH + LATIN + DIGITS + "  &"
    + "£·é×ÃÂâ€™\x9d\xa0" + "\u0301\u0308\u3099\uf900\u212b" + "\u3000\u200b\t"
)
nearly_clean_text = st.text(alphabet=st.sampled_from(NEARLY_CLEAN_ALPHABET), max_size=40)
# Whole entities, mojibake sequences and Chinese-context marks, which single characters
# rarely spell out.
CLEANUP_PIECES = [
    "&amp;", "&lt;", "&#163;", "&nbsp;", "&amp;amp;", "AT&T", "Ã©", "â€™", "â€œ", "Â ", "£",
    "中文", "比赛", "(", ")", "（", "）", ",", ":", "?!", "次", "(次),", "专题", "1,000", "3:2",
    "the", "word", " ", "  ", "\u3000", "\xa0", "\u200b", "\n", "e\u0301", "\uf900", "“", "”",
]
cleanup_like = st.lists(st.sampled_from(CLEANUP_PIECES), max_size=10).map("".join)
STEP_SETS = [DEFAULT_STEPS, DEFAULT_STEPS - {"entities"}] + [frozenset({s}) for s in STEPS]


def _letters(text: str) -> list[str]:
    """Every letter, ideograph and digit, compared by its compatibility decomposition."""
    return [c for c in unicodedata.normalize("NFKD", text) if c.isalnum()]


class TestSteps:
    def test_docstring_examples(self):
        """The >>> examples in the module's docstrings hold."""
        failed, attempted = doctest.testmod(clean)
        assert attempted > 10
        assert failed == 0

    def test_steps_are_named_in_pipeline_order(self):
        """STEPS names each step once, decoders first, and all are on by default."""
        assert STEPS == ("entities", "mojibake", "unicode", "spaces", "indent", "punct-width")
        assert frozenset(STEPS) == DEFAULT_STEPS


class TestDecodeEntities:
    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("Fish &amp; chips", "Fish & chips"),
            ("&#163;5 and &#x20AC;6", "£5 and €6"),
            ("a&nbsp;b", "a\u00a0b"),
            ("&ldquo;好&rdquo;", "“好”"),
            ("&amp;lt;b&amp;gt;", "<b>"),
            ("&#20013;&#25991;", "中文"),
        ],
        ids=["amp", "numeric", "nbsp", "zh-quotes", "double-escaped", "numeric-cjk"],
    )
    def test_decodes(self, before, after):
        """Named, decimal and hex entities are decoded, double escaping completely."""
        assert decode_entities(before) == after

    @pytest.mark.parametrize(
        "text",
        ["AT&T and R&D", "this&notice", "Q&A: &unknownentity; stays", "中文&", "&#;"],
        ids=["ampersand-words", "legacy-name-without-semicolon", "unknown-name", "lone",
             "empty-numeric"],
    )
    def test_leaves_non_entities(self, text):
        """An ampersand that does not start a known entity closed by ';' is left alone."""
        assert decode_entities(text) == text

    @FAST
    @given(mixed_text)
    def test_idempotent(self, text):
        """Decoding decoded text changes nothing."""
        once = decode_entities(text)
        assert decode_entities(once) == once


class TestFixMojibake:
    def test_repairs_utf8_read_as_cp1252(self):
        """English mojibake from a UTF-8 page read as Windows-1252 is repaired."""
        assert fix_mojibake("The cafÃ© said â€œweâ€™re openâ€\x9d") == "The café said “we’re open”"

    def test_repairs_chinese_read_as_latin1(self):
        """Chinese read as Latin-1 (with C1 control characters) is repaired."""
        assert fix_mojibake("中文".encode().decode("latin-1")) == "中文"

    @pytest.mark.parametrize(
        "text",
        [
            "比赛结束之后，上港助教菲利普点评了本场比赛：“这是一场伟大的比赛！”（曲小尤 发自广州）",
            "全角字母ＡＢＣ和数字１２３，以及「引号」『书名』【括号】……——",
            "São Paulo, Zürich, naïve café, 3 × 4 ≥ 10 °C, “curly” ‘quotes’",
            "ﬁnancial ﬂow",  # ligatures: fixing them is not this step's job
        ],
        ids=["zh-full-width-punct", "zh-full-width-forms", "latin-accents", "ligatures"],
    )
    def test_leaves_correct_text(self, text):
        """Correct text, including full-width CJK punctuation, is never changed."""
        assert fix_mojibake(text) == text

    def test_ftfy_settings_keep_full_width_even_when_ftfy_runs(self):
        """When ftfy does run, it repairs the mojibake but does not fold CJK width or quotes."""
        text = "他说：“好，走！”Ã©"
        assert fix_mojibake(text) == "他说：“好，走！”é"


class TestFixUnicode:
    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("zero\u200bwidth\u200c\u200djoin\u2060", "zerowidthjoin"),
            ("\ufeffBOM", "BOM"),
            ("soft\u00adhyphen", "softhyphen"),
            ("no\u00a0break thin\u2009narrow\u202fmath\u205fem\u2003",
             "no break thin narrow math em "),
            ("bell\x07 esc\x1b del\x7f c1\x85line", "bell esc del c1\nline"),
            ("tab\there", "tab here"),
            ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
            ("Cafe\u0301", "Café"),
            ("\uf906", "\u53e5"),  # a CJK compatibility ideograph has a canonical equivalent
        ],
        ids=["zero-width", "bom", "soft-hyphen", "odd-spaces", "controls", "tab", "line-breaks",
             "nfc", "cjk-compat-ideograph"],
    )
    def test_fixes(self, before, after):
        """Invisible characters go, odd spaces become plain, text is NFC."""
        assert fix_unicode(before) == after

    @pytest.mark.parametrize(
        "text",
        ["　　北京时间11月4日消息", "first line\nsecond line", "Plain ASCII text."],
        ids=["ideographic-indent", "newline", "ascii"],
    )
    def test_keeps(self, text):
        """The ideographic space U+3000 and newlines inside a paragraph are kept."""
        assert fix_unicode(text) == text

    @FAST
    @given(any_text)
    def test_fast_path_agrees_with_reference(self, text):
        """The shortcut checks give the same result as applying every substitution."""
        reference = unicodedata.normalize("NFC", text)
        reference = clean._LINE_BREAK.sub("\n", reference)
        reference = clean._ODD_SPACE.sub(" ", reference)
        reference = unicodedata.normalize("NFC", clean._INVISIBLE.sub("", reference))
        assert fix_unicode(text) == reference

    @FAST
    @given(any_text)
    def test_idempotent(self, text):
        """Fixing fixed text changes nothing."""
        once = fix_unicode(text)
        assert fix_unicode(once) == once


class TestNormaliseSpaces:
    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("  The   committee\t\tmet  ", "The committee met"),
            ("牢记初心使命 解决突出问题", "牢记初心使命 解决突出问题"),
            ("江苏工会组织  乡村教师疗休养", "江苏工会组织 乡村教师疗休养"),
            ("来源：足球报　　", "来源：足球报"),
            ("国防安全 、粮食安全 。", "国防安全、粮食安全。"),
            ("（ 新华社 ）北京电", "（新华社）北京电"),
            ("刘易斯（Derrick Lewis）（#2） TKO 负", "刘易斯（Derrick Lewis）（#2） TKO 负"),
            ("电影 《流浪地球》 票房", "电影 《流浪地球》 票房"),
            ("Hello , world (ok) .", "Hello , world (ok) ."),
            ("　　正文", "　　正文"),
            ("曼　城", "曼　城"),
            ("line one  \n\n  line two", "line one\nline two"),
            ("no\u00a0break", "no break"),
        ],
        ids=["latin-runs", "headline-kept", "headline-double", "trailing-ideographic",
             "beside-full-width-mark", "inside-full-width-brackets", "after-bracket-kept", "outside-brackets-kept",
             "half-width-marks-kept",
             "indent-left-to-indent-step", "inner-ideographic-kept", "around-newline", "nbsp"],
    )
    def test_normalises(self, before, after):
        """Runs of spaces collapse, ends are trimmed, single spaces in CJK text stay, but not
        inside full-width punctuation, which carries its own spacing (outside a bracket a space
        may part two cells of a row: it stays)."""
        assert normalise_spaces(before) == after

    @FAST
    @given(st.text(alphabet=st.sampled_from(SAFE_ALPHABET + "\u3000\x0b\x1f"), max_size=60))
    def test_fast_path_agrees_with_reference(self, text):
        """The shortcut gives the same result as applying every substitution."""
        reference = clean._SPACE_RUN.sub(" ", text)
        reference = clean._NEWLINE_RUN.sub("\n", clean._SPACE_AROUND_NEWLINE.sub("\n", reference))
        reference = clean._LEADING_SPACE.sub("", reference).rstrip()
        reference = clean._SPACE_BY_MARK.sub("", reference)
        assert normalise_spaces(text) == reference

    @FAST
    @given(safe_text)
    def test_idempotent(self, text):
        """Normalising normalised text changes nothing."""
        once = normalise_spaces(text)
        assert normalise_spaces(once) == once


class TestDropIndent:
    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("　　北京时间11月4日消息", "北京时间11月4日消息"),
            ("\u3000 \tThe committee", "The committee"),
            ("　　第一行\n　　第二行", "第一行\n第二行"),
            ("不缩进　　中间", "不缩进　　中间"),
        ],
        ids=["full-width", "mixed", "every-line", "inner-kept"],
    )
    def test_drops_leading_whitespace_only(self, before, after):
        """Leading whitespace of the paragraph and of each of its lines is dropped, nothing else."""
        assert drop_indent(before) == after


class TestFixPunctWidth:
    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("村民所盼,引进", "村民所盼，引进"),
            ("王世杰说:“我在", "王世杰说：“我在"),
            ("重点项目(工程)等", "重点项目（工程）等"),
            ("“工程”,引进", "“工程”，引进"),
            ("179场(次),专题", "179场（次），专题"),
            ("比分3:2,恒大", "比分3:2，恒大"),
            ("战队iG,拿到", "战队iG，拿到"),
            ("北京时间:19:35", "北京时间：19:35"),
            ("你好 , 世界", "你好，世界"),
            ("怎么办?!", "怎么办？！"),
            ("(1)加强管理", "（1）加强管理"),
            ("项目(工程）等", "项目（工程）等"),
            ("附详细名单:", "附详细名单："),
        ],
        ids=["comma", "colon-quote", "parens", "after-quote", "parens-then-comma",
             "after-score", "after-latin", "before-time", "spaces-absorbed", "run",
             "list-marker", "mixed-pair", "at-end"],
    )
    def test_converts_in_chinese_context(self, before, after):
        """A half-width mark with Chinese on both sides (or one side and the end) converts."""
        assert fix_punct_width(before) == after

    @pytest.mark.parametrize(
        "text",
        [
            "共1,000人",
            "比分3:2，以132-94获胜",
            "He said: fine (really), 1,000 times; ok? yes!",
            "He visited Beijing (北京) last year",
            "the word 中国, which means",
            "中国(China) is big",
            "详见http://example.com/a?b=1",
            "发邮件至a,b@x.com",
            "console.log('中文');",
            "f(x)=中",
            "好)(坏",
            "3.14 元",
        ],
        ids=["thousands", "score", "english", "english-with-han-in-parens",
             "english-with-han-before-comma", "mixed-pair-context", "url", "email-like",
             "code", "function-call", "unmatched-parens", "full-stop"],
    )
    def test_leaves_non_chinese_context(self, text):
        """Numbers, English, URLs, code and unpaired parentheses keep their marks."""
        assert fix_punct_width(text) == text

    def test_cjk_shortcut_bound_is_below_every_cjk_character(self):
        """The max() shortcut never skips text that contains a character of the CJK class."""
        first = min(i for i in range(0x110000) if clean._CJK_CHAR.match(chr(i)))
        assert chr(first) >= clean._FIRST_CJK

    @FAST
    @given(mixed_text)
    def test_idempotent(self, text):
        """Converting converted text changes nothing."""
        once = fix_punct_width(text)
        assert fix_punct_width(once) == once

    @FAST
    @given(st.text(alphabet=st.sampled_from(SAFE_ALPHABET.replace("（", "").replace("）", ""))))
    def test_parentheses_convert_in_pairs(self, text):
        """Parentheses convert as pairs: as many '（' appear as '）'."""
        after = fix_punct_width(text)
        assert after.count("（") == after.count("）")
        assert after.count("（") + after.count("(") == text.count("(")


class TestCleanParagraph:
    @pytest.mark.parametrize("name", GOLDEN, ids=GOLDEN)
    def test_golden(self, name):
        """Each golden input cleans to its hand-written output (see cases/clean/README.md)."""
        before = _read(CASES / f"{name}.in.txt")
        after = _read(CASES / f"{name}.out.txt")
        assert clean_paragraph(before)[0] == after

    @pytest.mark.parametrize("name", GOLDEN, ids=GOLDEN)
    def test_golden_output_is_clean(self, name):
        """Each golden output is already clean: cleaning it changes nothing and names no step."""
        after = _read(CASES / f"{name}.out.txt")
        assert clean_paragraph(after) == (after, ())

    @pytest.mark.parametrize(
        ("text", "steps"),
        [
            ("　　村民所盼,引进", ("indent", "punct-width")),
            ("Fish &amp; chips&nbsp;here", ("entities", "unicode")),
            ("The cafÃ© said", ("mojibake",)),
            ("clean text.", ()),
            ("  two  spaces ", ("spaces",)),
        ],
        ids=["indent-and-punct", "entity-reveals-nbsp", "mojibake", "nothing", "spaces"],
    )
    def test_reports_changing_steps_in_order(self, text, steps):
        """The second value names exactly the steps that changed the text, in STEPS order."""
        assert clean_paragraph(text)[1] == steps

    def test_disabled_steps_do_not_run(self):
        """A step left out of steps neither changes the text nor is reported."""
        text, changed = clean_paragraph("　　村民所盼,引进", frozenset({"spaces", "indent"}))
        assert (text, changed) == ("村民所盼,引进", ("indent",))

    def test_decoders_repeat_until_stable(self):
        """A zero-width space hiding an entity is removed and the entity then decoded."""
        assert clean_paragraph("Fish &am\u200bp; chips")[0] == "Fish & chips"

    def test_english_paragraph_passes_through(self):
        """An English paragraph with quotes, commas, colons and parentheses is unchanged."""
        text = (
            'The minister said: "We will review it (again)", adding that 1,000 cases, '
            "or 3.5% of the total, were affected; see https://gov.example/report?id=7."
        )
        assert clean_paragraph(text) == (text, ())

    @FAST
    @given(mixed_text)
    def test_idempotent(self, text):
        """Cleaning cleaned text changes nothing, whatever the mix of scripts and junk."""
        once, _ = clean_paragraph(text)
        assert clean_paragraph(once) == (once, ())

    @FAST
    @given(any_text)
    def test_idempotent_on_any_unicode(self, text):
        """Cleaning cleaned text changes nothing, for arbitrary Unicode input."""
        once, _ = clean_paragraph(text)
        assert clean_paragraph(once)[0] == once

    @FAST
    @given(mixed_text)
    def test_keeps_every_letter_without_decoders(self, text):
        """With entity and mojibake repair off, every ideograph, letter and digit survives in
        order."""
        steps = DEFAULT_STEPS - {"entities", "mojibake"}
        assert _letters(clean_paragraph(text, steps)[0]) == _letters(text)

    @FAST
    @given(safe_text)
    def test_keeps_every_letter_without_entities_or_mojibake(self, text):
        """On text without '&' or mojibake-like characters, all steps keep every letter."""
        assert _letters(clean_paragraph(text)[0]) == _letters(text)


class TestJunkReason:
    @pytest.mark.parametrize(
        ("reason", "line"), JUNK, ids=[f"{r}-{i}" for i, (r, _) in enumerate(JUNK)]
    )
    def test_real_junk(self, reason, line):
        """Code, lone URLs, share bars, image credits and promo lines get their reason."""
        assert junk_reason(line) == reason

    @pytest.mark.parametrize("line", PROSE, ids=[f"prose-{i}" for i in range(len(PROSE))])
    def test_prose_is_never_junk(self, line):
        """Body paragraphs and English prose with code-like words are not junk."""
        assert junk_reason(line) is None

    @pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
    def test_sina_pages(self, page):
        """On real Sina pages every body paragraph survives and every code line is junk."""
        lines = [line for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
        body = [line for line in lines if line.startswith("　　")]
        code = [line for line in lines if line[0] in " \t."]
        other = [line for line in lines if line not in body and line not in code]
        assert body and code, "each excerpt has body paragraphs and a code block"
        assert [line for line in body + other if junk_reason(line)] == []
        assert [line for line in code if junk_reason(line) != "code"] == []

    def test_joined_code_block(self):
        """A code block whose lines reached the stage as one paragraph is still code."""
        block = "SinaPage.loadWidget({\n    trigger: {\n        id: 'wb01'\n    },\n});"
        assert junk_reason(block) == "code"

    def test_prose_line_inside_code_block_keeps_paragraph(self):
        """A paragraph mixing code lines and a prose line is not junk as a whole."""
        assert junk_reason("var a = 1;\n北京时间11月4日消息，比赛继续进行。") is None

    @pytest.mark.parametrize("text", ["", "   ", "　　"], ids=["empty", "spaces", "indent"])
    def test_blank_is_not_junk(self, text):
        """A blank line has no reason (the segmenter drops it)."""
        assert junk_reason(text) is None


class TestJunkVerdicts:
    """Junk is decided on a line's look and on what stands around it."""

    PROSE = "The club has played in the fifth tier for three seasons now."

    @pytest.mark.parametrize("line", [
        'Jansen: "Oberliga ist keine Pillepalle-Liga"', "Price: $31.00", "filename=$1",
        "https://www.openpetition.de/petition/online/x", "(Image credit: All About Space)",
        "Click here to get more information or download this game.",
        "Copyright 2019 Hawaii News Now. All rights reserved.",
    ], ids=["name-quote", "price", "shell", "url", "credit", "click-here", "copyright"])
    def test_uncertain_look_between_prose_stays(self, line):
        """A line that only looks like junk stays when prose stands on both sides."""
        assert clean.junk_look(line) is not None and not clean.junk_look(line)[1]
        assert clean.junk_verdicts([self.PROSE, line, self.PROSE]) == [None, None, None]

    def test_uncertain_look_beside_code_goes(self):
        """The same look beside certain code is part of the widget."""
        texts = [self.PROSE, "new SinaPageVideo({", "id: 'wb01',", "})", self.PROSE]
        assert clean.junk_verdicts(texts) == [None, "code", "code", "code", None]

    def test_introduced_block_stays_and_what_follows_goes(self):
        """An introduction protects the block right below it, not what follows a gap."""
        texts = ["Save the following as rename.sh:", "#!/bin/sh", "filename=$1",
                 "newname=$(basename \"$filename\" .txt).md", "(function(){", "var a = 1;",
                 "})();"]
        lines = [1, 3, 4, 5, 7, 8, 9]
        assert clean.junk_verdicts(texts, lines=lines) == [None] * 4 + ["code"] * 3

    def test_colon_far_above_is_no_introduction(self):
        """Widget code a dozen blank lines below 视频画面： is not introduced by it."""
        texts = ["视频画面：", "(function(){", "var adScript = document.createElement('script');",
                 "})();"]
        assert clean.junk_verdicts(texts, lines=[6, 19, 20, 23]) == [None] + ["code"] * 3
        assert clean.junk_verdicts(texts, lines=[6, 8, 9, 10]) == [None] * 4

    def test_stack_of_uncertain_looks_goes(self):
        """Three links rows and a copyright line together are a footer."""
        texts = [self.PROSE, "新浪简介|广告服务|About Sina", "产品答疑|网站律师|SINA English",
                 "Copyright © 1996-2018 SINA Corporation"]
        assert clean.junk_verdicts(texts) == [None, "footer", "footer", "footer"]
        assert clean.junk_verdicts(texts[:3]) == [None, None, None]  # two rows: not enough

    @pytest.mark.parametrize("line", [
        ".tech-quotation{padding:20px 20px 0px;background:url(//n.sinaimg.cn/tech/content/"
        "quote.png) no-repeat 0 0 #f4f4f4;margin-bottom:30px;} .tech-con p{margin-bottom:30px}",
        "用微信扫码二维码", "分享至好友和朋友圈",
    ], ids=["css-rules-joined", "share-scan", "share-friends"])
    def test_certain_junk_goes_alone(self, line):
        """CSS rules and share bars go even between prose."""
        assert clean.junk_verdicts([self.PROSE, line, self.PROSE])[1] is not None

    @pytest.mark.parametrize("line", [
        "<The Palace: Tale of Jang Noksu>", "Copyright law was reformed in 1998.",
        "2018 | 3.5 | 4.2", "(c) the third option",
    ], ids=["angle-title", "copyright-prose", "table-row", "enumeration"])
    def test_not_junk_at_all(self, line):
        """Titles in angle brackets, prose about copyright, rows of figures look like nothing."""
        assert clean.junk_look(line) is None


class TestFragmentKind:
    @pytest.mark.parametrize(
        "text",
        [
            "和水平。”",
            "就业。",
            "力、沟通协调能力。”西安市人大常委会副主任、市总工会主席薛振虎说。",
            "，盐碱化严重，导致土地资源匮乏。",
            "and the rest of the team stayed at home.",
        ],
        ids=["closing-quote", "short-tail", "closing-quote-then-sentence", "leading-comma",
             "english-lowercase"],
    )
    def test_mid_clause(self, text):
        """A paragraph that starts inside a clause is flagged 'mid-clause'."""
        assert fragment_kind(text, None) == "mid-clause"

    @pytest.mark.parametrize(
        ("text", "next_text"),
        [
            ("同时，全市工会开展就业创业免费技能培训，43名下岗失业人员通过技能培训实现",
             "王沪宁在中华全国总工会机关调研时强调"),
            ("“全面小康路上一个都不能少，不是一句简单的话。只有真正走到村民身边，"
             "用心了解他们的所思所盼，把帮扶政策、措施送到他们的心坎上，"
             "才能收到脱贫的良好效果。”驻", None),
            ("The minister said on Tuesday that the government would",
             "The next day the committee met again."),
        ],
        ids=["zh-next-is-heading", "zh-last-paragraph", "en-next-is-new-sentence"],
    )
    def test_cut(self, text, next_text):
        """A paragraph ending mid-sentence that the next one does not continue is 'cut'."""
        assert fragment_kind(text, next_text) == "cut"

    @pytest.mark.parametrize(
        ("text", "next_text"),
        [
            ("牢记初心使命 解决突出问题 推动主题教育取得实实在在成效", "释放商业活力 服务美好生活"),
            ("江苏工会组织 乡村教师疗休养", "本报讯（记者王伟）近日，江苏省教育科技工会组织活动。"),
            ("Results", "The committee met on Tuesday."),
            ("目前，百家非公单位在挂职副主席的帮助下，工会组织得以建立、健全。", None),
            ("“工会把大家的心凝聚到了一起。”时至今日，大秦公司63位职工时常念叨这件事。", None),
            ("附详细名单：", "广州恒大淘宝：冯博轩、郭靖"),
            ("The minister said that the government would", "review the decision."),
            ("iPhone sales rose in the third quarter.", None),
            ("vivo X23发布了新款手机。", None),
            ("（曲小尤 发自广州）", None),
            ("", None),
        ],
        ids=["zh-headline", "zh-heading-then-body", "en-heading", "zh-sentence",
             "zh-quote-first", "colon-introduces", "en-continued", "en-brand-lowercase",
             "zh-brand-lowercase", "byline-in-brackets", "empty"],
    )
    def test_not_a_fragment(self, text, next_text):
        """Complete sentences, headings and continued paragraphs are not flagged."""
        assert fragment_kind(text, next_text) is None


class TestContinues:
    @pytest.mark.parametrize(
        ("text", "next_text"),
        [
            ("The minister said on Tuesday that the government would", "review the decision."),
            ("Prices rose sharply in the first quarter of the year, while sales,", "oddly, fell."),
            ("新疆阿图什市阿湖乡托格拉克村环境恶劣", "，盐碱化严重，导致土地资源匮乏。"),
            ("他说“我们一定会", "”然后离开了。"),
        ],
        ids=["en-lowercase", "en-after-comma", "zh-leading-comma", "zh-closing-quote"],
    )
    def test_unambiguous_continuation(self, text, next_text):
        """A lowercase English word, or a mark no sentence starts with, continues the text."""
        assert continues(text, next_text) is True

    @pytest.mark.parametrize(
        ("text", "next_text"),
        [
            ("全市工会开展就业创业免费技能培训，43名下岗失业人员通过技能培训实现", "就业。"),
            ("新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼，引进先进",
             "技术、扶持脱贫产业。"),
            ("The minister said on Tuesday that the government would", "The next day it rained."),
            ("The committee met on Tuesday.", "and then it rained."),
            ("Results", "sales rose in every region."),
            ("目前的情况很好。", "，这是后话。"),
            ("Apple said that sales of the", "iPhone rose."),
            ("", "anything"),
            ("anything", ""),
        ],
        ids=["zh-han-after-han", "zh-hard-wrap-ambiguous", "en-capital", "en-complete",
             "heading", "zh-complete", "en-brand", "empty-text", "empty-next"],
    )
    def test_ambiguous_is_not_joined(self, text, next_text):
        """Anything short of unambiguous evidence is not a continuation."""
        assert continues(text, next_text) is False


# Pieces that make the cheap pre-checks of junk_reason and clean_paragraph work hard: code
# syntax, the words the promo and URL patterns look for, whitespace the two regex engines
# and str.strip disagree on (\x1c-\x1f), and CJK text.
JUNK_PIECES = [
    "var", "function", "new", "a", "x.y", "margin", "-webkit-", "click", "tap", "here", "Read",
    "more", "sign", "up", "点击", "点此", "查看", "戳这里", "扫码", "公众号", "www.", "http://",
    "//a.cn/", "@@", "$$", "=", "{", "}", "(", ")", "[", "]", ";", ",", ":", "<", ">", "'",
    "1", " ", "\t", "\n", "\u3000", "\x1c", "\x1f", "\x85", "中文", "，", "。", "！",
    # share bars, credits and promo lines, some in the case variants IGNORECASE lets in
    "分享到", "微博", "微信", "|", "·", "/", "Share", "ſhare", "TWEET", "Follow us", "QQ", "E-mail",
    "图片来源", "图", "摄", "：", "Photo", "İmage", "images", "by", "courtesy of", "Reuters",
    "（", "）", "【", "subscribe", "continue reading", "扫描", "二维码", "APP", "Mr", "The",
    # code-like starts that prose can have: a keyword, an identifier and a dot, a CSS name
    "variable", "let ", "const", "new ", "Mr.", "U.S.", "e\u0301", "$x", "_y", "#id", ".cls", "-",
    "color", "é", "“", "’",
]
junk_like = st.lists(st.sampled_from(JUNK_PIECES), max_size=12).map("".join)
# Code syntax alone, so that short lines of code come up often.
CODE_PIECES = [
    "x", "ab", "$", "_", ".", "=", "(", ")", "[", "]", ":", ";", "{", "}", ",", " ", "\t",
    "\u3000", "\x1c", "'a'", "1", "-2.5", "true", "var ", "new ", "let", "function", "-", "#",
    "margin", "color", "<", ">", "/", "@@", "$$", "é", "\u0301", "||", "Mr", "The",
]
code_like = st.lists(st.sampled_from(CODE_PIECES), max_size=8).map("".join)
# One line for each way past the pre-checks of junk_reason: each branch of _may_be_code_line
# and each part of _JUNK_HEAD, so that a pre-check too narrow for any of them fails here.
JUNK_SHAPES = [
    ("code", "x.y(1)"), ("code", "a.b = 1"), ("code", "a[0] = 'x'"), ("code", "adScript = 'x'"),
    ("code", "count=1"), ("code", "id: 'wb01',"), ("code", "autoplay : true"),
    ("code", "var x = 1"), ("code", "let y = 2"), ("code", "const z = 3"),
    ("code", "new SinaPageVideo("), ("code", "function f(a) {"), ("code", "div p {"),
    ("code", "margin-top: 0;"), ("code", "-webkit-transition: all .3s;"), ("code", ".a p {"),
    ("code", "#main {"), ("code", "_x = 1"), ("code", "$el = 2"), ("code", "xé = 1"),
    ("code", "xe\u0301 = 1"), ("code", "x\u3000= 1"), ("code", "  x.y(1)"), ("code", "})"),
    ("code", "<br/>"), ("code", "@@~it:value:index$$"), ("code", "a.b = 1\n  c = 2"),
    ("credit", "Picture: Reuters"), ("credit", "Pictures courtesy: AP"),
    ("credit", "Photograph by Jane Doe"), ("credit", "Image: AFP"), ("credit", "图：新华社"),
    ("credit", "摄：张三"), ("credit", "【图片来源：网络】"), ("credit", "İmage: AFP"),
    ("share", "分享到：微博 | 微信"), ("share", "Share | Tweet"), ("share", "ſhare | Tweet"),
    ("share", "| 关注我们 | 微信"),
    ("promo", "点击查看更多"), ("promo", "Click here to subscribe"), ("promo", "Read more"),
    ("promo", "Subscribe to our newsletter"), ("promo", "扫码关注公众号"), ("promo", "（点击这里）"),
]


def _slow_junk_reason(text: str) -> str | None:
    """junk_reason as the patterns define it, without the cheap pre-checks."""
    stripped = text.strip()
    if not stripped:
        return None
    if clean._LONE_URL.match(stripped):
        return "url"
    lines = [line for line in stripped.split("\n") if line.strip()]
    if lines and all(clean._CODE_LINE.match(line) for line in lines):
        return "code"
    if (len(stripped) <= 80 and clean._SHARE_BAR.match(stripped)
            and clean._SHARE_VERB.search(stripped)):
        return "share"
    if len(stripped) <= 80 and clean._CREDIT.match(stripped):
        return "credit"
    if len(stripped) <= 100 and clean._PROMO.search(stripped):
        return "promo"
    if len(stripped) <= 100 and clean._COPYRIGHT.match(stripped):
        return "footer"
    if len(stripped) <= 100 and clean._LINK_ROW.match(stripped):
        return "links"
    return None


def _slow_clean_paragraph(text: str, steps: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """clean_paragraph without its fast path: every step, rounds until nothing changes."""
    changed: set[str] = set()
    for _ in range(clean._MAX_ROUNDS):
        before = text
        for name, fix in clean._FIXES:
            if name in steps and fix(text) != text:
                changed.add(name)
                text = fix(text)
        if text == before:
            break
    return text, tuple(name for name in STEPS if name in changed)


def _slow_starts_mid_clause(text: str) -> bool:
    """_starts_mid_clause as the patterns define it, without the cheap pre-checks."""
    if text[0] in clean.NON_INITIAL:
        return True
    if clean._CJK_CHAR.search(text):
        if clean._SHORT_CJK_TAIL.fullmatch(text):
            return True
        closing = text.find("”")
        return closing >= 0 and text.find("“", 0, closing) < 0
    return clean._LOWERCASE_WORD.match(text) is not None


def _slow_continues(text: str, next_text: str) -> bool:
    text, next_text = text.strip(), next_text.strip()
    if not text or not next_text or text[-1] in clean._COMPLETE_END:
        return False
    if next_text[0] in clean.NON_INITIAL:
        return True
    if clean._is_heading(text):
        return False
    return clean._LOWERCASE_WORD.match(next_text) is not None and (
        clean._is_ascii_alnum(text[-1]) or text[-1] in ",-"
    )


def _slow_fragment_kind(text: str, next_text: str | None) -> str | None:
    text = text.strip()
    if not text:
        return None
    if _slow_starts_mid_clause(text):
        return "mid-clause"
    if clean._is_heading(text) or text[-1] in clean._COMPLETE_END:
        return None
    if next_text is not None and _slow_continues(text, next_text):
        return None
    return "cut"


# Paragraph pieces for fragment_kind: short Chinese tails, quotes, lowercase starts, ends.
FRAGMENT_PIECES = [
    "就业", "。", "！", "？", "”", "“", "和水平", "中文", "北京", "the", "and", "The", "iPhone",
    "a", "Results", ",", "，", "、", ".", "!", "?", ":", "：", "——", "…", " ", "1", "ok", "\n",
]
fragment_like = st.lists(st.sampled_from(FRAGMENT_PIECES), min_size=1, max_size=8).map("".join)


class TestFastPaths:
    """The cheap checks that let most paragraphs skip a pattern decide as the pattern does."""

    @settings(max_examples=500, deadline=None, database=None)
    @given(st.one_of(junk_like, code_like))
    def test_junk_reason_matches_the_patterns(self, text):
        """Skipping a pattern never changes the reason."""
        assert junk_reason(text) == _slow_junk_reason(text)

    @pytest.mark.parametrize(("reason", "line"), JUNK_SHAPES,
                             ids=[f"{r}-{i}" for i, (r, _) in enumerate(JUNK_SHAPES)])
    def test_every_shape_passes_the_pre_checks(self, reason, line):
        """Each kind of junk line the patterns match gets past the pre-checks."""
        assert _slow_junk_reason(line) == reason  # the example is what it claims to be
        assert junk_reason(line) == reason

    @settings(max_examples=1000, deadline=None, database=None)
    @given(st.one_of(junk_like, code_like, mixed_text, any_text))
    def test_pre_checks_are_necessary(self, text):
        """Each pre-check passes wherever the pattern it stands for matches."""
        for line in [text, text.strip(), *text.split("\n")]:
            if clean._CODE_LINE.match(line):
                assert clean._may_be_code_line(line)
            if clean._SHARE_BAR.match(line) or clean._CREDIT.match(line):
                assert clean._JUNK_HEAD.match(line)
            if clean._PROMO.search(line):
                assert clean._JUNK_HEAD.match(line) or clean._PROMO_CUE.search(line)
                assert clean._JUNK_HEAD.match(line) or not line.isascii()

    def test_code_head_classes_cover_the_pattern_classes(self):
        """_CODE_HEAD (stdlib re) lets through every character _CODE_LINE's classes (regex)
        match: its \\s all of regex's \\s, its identifier class all of regex's [\\w$]; and the
        two share no character. str.strip strips all of regex's \\s too."""
        every = "".join(map(chr, range(0x110000)))
        regex_space = set(regex.findall(r"\s", every))
        regex_word = set(regex.findall(r"[\w$]", every))
        stdlib_space = set(re.findall(r"\s", every))
        stdlib_identifier = set(re.findall(clean._IDENTIFIER_CHAR, every))
        assert regex_space <= stdlib_space
        assert regex_word <= stdlib_identifier
        assert not stdlib_identifier & stdlib_space
        assert regex_space <= {c for c in every if c.isspace()}
        assert not stdlib_identifier & set("=:.[")

    @pytest.mark.parametrize(
        ("reason", "line"), JUNK, ids=[f"{r}-{i}" for i, (r, _) in enumerate(JUNK)]
    )
    def test_junk_lines_pass_the_pre_checks(self, reason, line):
        """Every known junk line gets past the pre-check of its pattern."""
        assert junk_reason(line) == _slow_junk_reason(line) == reason

    @FAST
    @given(st.one_of(mixed_text, any_text, nearly_clean_text, cleanup_like,
                     st.text(alphabet=st.characters(max_codepoint=127))))
    def test_clean_paragraph_fast_path(self, text):
        """The quick rounds give what running every step gives, for every choice of steps."""
        for steps in STEP_SETS:
            assert clean_paragraph(text, steps) == _slow_clean_paragraph(text, steps)

    @settings(max_examples=1000, deadline=None, database=None)
    @given(st.one_of(nearly_clean_text, cleanup_like, mixed_text, any_text),
           st.sampled_from(STEP_SETS))
    def test_quick_round_is_one_round(self, text, steps):
        """Where _quick_round answers, every step but punct-width returns the text as it is,
        and its answer is punct-width's (or the text, if punct-width is not asked for)."""
        quick = clean._quick_round(text, steps)
        if quick is None:
            return
        for name, fix in clean._FIXES:
            if name in steps and name != "punct-width":
                assert fix(text) == text, name
        assert quick == (fix_punct_width(text) if "punct-width" in steps else text)

    def test_quick_round_takes_the_usual_paragraphs(self):
        """The fast path is taken by clean Chinese and English paragraphs (or it is no use)."""
        for text in ["北京时间11月4日消息，CBA常规赛第七轮继续进行。", "“好，走！”他说。",
                     "It’s a “quoted” word, and £5.", "Plain ASCII, with (marks): yes!"]:
            assert clean._quick_round(text, DEFAULT_STEPS) == text

    def test_only_space_is_printable_whitespace(self):
        """_quick_round relies on it: printable text can only start with ' ' as whitespace."""
        chars = (chr(i) for i in range(0x110000))
        assert [c for c in chars if c.isspace() and c.isprintable()] == [" "]

    @FAST
    @given(st.one_of(mixed_text, nearly_clean_text, cleanup_like))
    def test_punct_width_stops_without_half_width_marks(self, text):
        """Stopping once no half-width mark is left gives the fixed point of _convert_once."""
        expected = text
        if not text.isascii() and clean._HALF_MARKS.search(text) and clean._has_cjk(text):
            while (converted := clean._convert_once(expected)) != expected:
                expected = converted
        assert fix_punct_width(text) == expected

    @FAST
    @given(st.one_of(mixed_text, any_text, nearly_clean_text))
    def test_has_cjk(self, text):
        """The quick search for wide characters never hides a CJK character."""
        assert clean._has_cjk(text) == (clean._CJK_CHAR.search(text) is not None)

    @settings(max_examples=1000, deadline=None, database=None)
    @given(st.one_of(fragment_like, mixed_text, any_text),
           st.one_of(st.none(), fragment_like, mixed_text))
    def test_fragment_kind_matches_the_patterns(self, text, next_text):
        """The pre-checks of fragment_kind and continues never change their answer."""
        assert fragment_kind(text, next_text) == _slow_fragment_kind(text, next_text)
        if next_text is not None:
            assert continues(text, next_text) == _slow_continues(text, next_text)
        if text:
            assert clean._starts_mid_clause(text) == _slow_starts_mid_clause(text)

    @pytest.mark.parametrize(
        ("text", "closes_first"),
        [("和水平。”", True), ("“好。”他说", False), ("他说”和“", True), ("没有引号", False),
         ("”", True), ("“", False)],
        ids=["close-only", "open-first", "close-first", "none", "lone-close", "lone-open"],
    )
    def test_closing_quote_first(self, text, closes_first):
        """A paragraph whose first curly double quote closes starts mid-clause."""
        assert clean._starts_mid_clause(text) is closes_first


def test_url_and_address_pattern_is_linear_on_a_long_token():
    """A long run of address characters with no '@' (``-a-a-a…``, a hex or data blob): the
    e-mail alternative tried every start in the run and read it to its end, quadratic (80 KB
    took 32 s). It now starts only where such a run starts; 400 KB is read at once (the
    limit below is a hang guard, some hundred times the time it takes)."""
    text = "-a" * 200_000 + " mail me at ab.c-d@example.org."
    found = [m.group() for m in clean._PROTECTED.finditer(text, timeout=10)]
    assert found == ["ab.c-d@example.org"]
