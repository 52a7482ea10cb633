"""Fragment flags: a page title, a restatement of it and a table are not cut sentences."""

import pytest

from dedup.pipeline import dedup_text


def flagged(raw):
    return [note["text"] for note in dedup_text(raw).notes if note["reason"] == "fragment"]


# The head of sina_sport_0003.txt (../shared/corpus/scraped_zh_sina): its title has a "！" inside
# and no full stop, as headlines do.
SPORT = ("           10年11亿欧！曝皇马签下超级赞助 超曼联巴萨\n\n\n\n"
         "皇马将跟阿迪签下10年11亿欧元的赞助\n"
         "　　据西班牙媒体《马卡报》的最新消息，皇马即将跟球衣赞助商阿迪达斯达成续约合同，"
         "阿迪达斯将向皇马提供10年合约，赞助费高达11亿欧元。\n")
# The head of sina_tech_0367.txt: the original headline restated under the page title.
TECH = ("           苹果新款手机被曝全面砍单：富士康或被迫裁员\n\n\n"
        "　　原标题：苹果新款手机被曝全面砍单\n"
        "　　苹果新款手机被曝全面砍单 有供应商停产，富士康或被迫裁员\n"
        "　　■本报记者 贾 丽 \n"
        "　　日前，有消息称，由于新款手机销量低迷，苹果已对富士康等代工厂全面砍单。\n")


class TestPageTitles:
    @pytest.mark.parametrize("raw", [SPORT, TECH], ids=["sport", "tech"])
    def test_title_is_not_a_fragment(self, raw):
        """The first line, short and without a sentence end, is the page title, not a cut
        sentence; so is a line restating it."""
        assert flagged(raw) == []

    def test_english_title_and_its_restatement(self):
        """An English headline over 40 characters is the page title; a related headline that
        restates it is not a fragment either, a cut sentence sharing two words with it is
        (en_zyte, zyte_usatoday-com_776a1c04.txt)."""
        raw = ("'Meth. We're On It': South Dakota campaign is working Kristi Noem says\n\n"
               "SIOUX FALLS, S.D. – People across the nation are talking about it: South Dakota "
               "is on meth.\n\n"
               "'Meth. We're On It.': South Dakota spends $449K on new anti-meth ad campaign\n\n"
               "The buzz on national news and social media focused on South Dakota\n\n"
               "Noem launched the campaign to bring awareness to the meth epidemic.\n")
        assert flagged(raw) == ["The buzz on national news and social media focused on South Dakota"]

    def test_cut_sentence_after_the_title_still_flagged(self):
        """A line cut at a comma is still flagged, title or not above it."""
        raw = SPORT + "　　双方曾多次协商续约，\n"
        assert flagged(raw) == ["双方曾多次协商续约，"]

    def test_first_line_that_is_no_title_still_flagged(self):
        """A first line too long to be a title, or ending in a comma, is flagged as before."""
        long_line = "布克准绝杀带队取胜北京时间11月5日菲尼克斯太阳队主场迎战孟菲斯灰熊此役两队激战四节"
        assert flagged(long_line + "\n\n比赛结束后双方握手致意。\n") == [long_line]
        assert flagged("这个赛季的西部是很乱，\n\n但没想到东部也乱。\n") == ["这个赛季的西部是很乱，"]

    def test_short_line_unrelated_to_the_title_still_flagged(self):
        """Only lines that restate the title share its exemption."""
        raw = SPORT + "　　主将缺阵，宏远小将当家\n"
        assert flagged(raw) == ["主将缺阵，宏远小将当家"]


def test_table_is_not_a_fragment():
    """A table's last cell ends no sentence; the table is not flagged."""
    raw = ("名次\n国家或地区\n金牌\n\n\n1\n美国\n4\n\n\n2\n中国\n4\n\n\n"
           "4\n比利时\n1\n")
    assert flagged(raw) == []
    assert dedup_text(raw).text == "名次 | 国家或地区 | 金牌\n1 | 美国 | 4\n2 | 中国 | 4\n4 | 比利时 | 1\n"
