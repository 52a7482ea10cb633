"""The segmenter: blank lines, indents, hard wraps."""

import pytest

from dedup.segment import columns, segment


def texts(raw):
    return [p.text for p in segment(raw)]


class TestBlankLines:
    @pytest.mark.parametrize("separator", ["\n\n", "\n \n", "\n\u3000\n", "\n\xa0\n", "\n\u200b\n",
                                           "\r\n\r\n", "\n\n\n\n"],
                             ids=["empty", "space", "ideographic-space", "nbsp", "zero-width",
                                  "crlf", "several"])
    def test_separators(self, separator):
        """Any line of nothing but (invisible) whitespace separates paragraphs."""
        assert texts(f"first{separator}second") == ["first", "second"]

    def test_bom_and_line_numbers(self):
        """A leading BOM is dropped and each paragraph knows its first line."""
        paragraphs = segment("\ufeffone\n\n\ntwo\n")
        assert [(p.index, p.line, p.text) for p in paragraphs] == [(0, 1, "one"), (1, 4, "two")]

    def test_empty(self):
        """Empty or blank input has no paragraphs."""
        assert segment("") == [] and segment(" \n\u3000\n") == []


class TestIndents:
    def test_one_paragraph_per_line(self):
        """Lines that start with the full-width indent are paragraphs of their own."""
        raw = "标题\n\u3000\u3000第一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n\u3000\u3000第二段。"
        assert texts(raw) == ["标题", "第一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长。", "第二段。"]

    @pytest.mark.parametrize("following", ["声明：新浪网独家稿件，未经授权禁止转载！", "崔精兵圣杯三度夺冠",
                                           "看到努尔基奇在内线肆无忌惮，卢克-沃顿只好再次换上麦基。"],
                             ids=["source-line", "caption", "next-paragraph"])
    def test_line_after_a_complete_indented_paragraph(self, following):
        """An unindented line after a whole indented paragraph is not its continuation."""
        paragraph = "\u3000\u3000湖人依靠三四节的进攻高潮一度把领先优势拉开到20分，可达米安-利拉德带领开拓者疯狂反扑，在第四节比赛还剩下3分35秒时他们追至97比103。"
        assert texts(f"{paragraph}\n{following}") == [paragraph.strip(), following]

    def test_code_is_not_rejoined(self):
        """A line of code followed by a closing brace is not a wrapped sentence."""
        raw = ('    url: "//finance.sina.com.cn/other/src/sinapagewidgets/SinaPageWeibo2017.js"\n'
               "    }")
        assert texts(raw) == [raw.split("\n")[0].strip(), "}"]

    def test_long_unindented_lines_stay_apart(self):
        """Lines far longer than any wrap width are whole paragraphs, not wrapped lines."""
        long_a, long_b = "甲" * 150, "乙" * 150
        assert texts(f"{long_a}\n{long_b}") == [long_a, long_b]


class TestHardWraps:
    def test_latin_rejoined_with_space(self):
        """A wrapped English paragraph is joined with spaces."""
        raw = ("The UK's trade gap narrowed in November, helped by a 7.5% rise in\n"
               "exports outside the European Union, the statistics office said.")
        assert texts(raw) == [raw.replace("\n", " ")]

    def test_chinese_rejoined_without_space(self):
        """A wrapped Chinese paragraph is joined with nothing between the lines."""
        lines = ["央视网消息（新闻联播）：全国人大常委会委员长赵乐际6日上午在北京分别会",
                 "见文莱苏丹哈桑纳尔、泰国总理佩通坦。"]
        assert texts("\n".join(lines)) == ["".join(lines)]

    def test_dehyphenation(self):
        """`exam-` + `ple` becomes `example`, but a word the text spells with a hyphen keeps it."""
        raw = ("The spam traffic seen by the firm this winter was mostly health-\n"
               "related, with fewer scam offers than usual for the time of year exam-\n"
               "ple. Health-related mail was the biggest share of the traffic overall.")
        assert texts(raw) == ["The spam traffic seen by the firm this winter was mostly health-related, "
                              "with fewer scam offers than usual for the time of year example. "
                              "Health-related mail was the biggest share of the traffic overall."]

    @pytest.mark.parametrize("raw", [
        "全总十七届三次主席会议在京举行\n王东明主持并讲话",
        "本报记者 胡家慰\n本报记者 叶小钟",
        "Richard and Judy choose top books\nBy our arts reporter",
    ], ids=["title-subtitle", "bylines", "english-title"])
    def test_short_lines_stay_apart(self, raw):
        """Short lines are titles, subtitles and bylines, never wrapped text."""
        assert texts(raw) == raw.split("\n")

    def test_paragraph_end_inside_wrapped_run(self):
        """Inside a wrapped run, a short line ending a sentence ends its paragraph."""
        raw = ("It is no longer just multi-nationals that are in danger of so-called\n"
               "denial of service attacks on their websites.\n"
               "Email Systems refers to a small UK-based engineering firm, which was\n"
               "hit by twelve million e-mails in January.")
        assert len(texts(raw)) == 2

    def test_same_text_wrapped_at_two_widths(self):
        """Copies wrapped at different widths come out identical."""
        words = ["Since", "the", "first", "supercomputer,", "the", "Cray-1,", "was", "installed", "at", "Los", "Alamos", "National", "Laboratory", "in", "1976,", "computational", "speeds", "have", "leaped."]

        def wrap(width):
            lines, line = [], ""
            for word in words:
                if line and len(line) + 1 + len(word) > width:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            return "\n".join(lines + [line])

        assert texts(wrap(60)) == texts(wrap(75)) == [" ".join(words)]


def test_columns_count_wide_characters_twice():
    """CJK characters take two columns, Latin one."""
    assert columns("ab中文") == 6
