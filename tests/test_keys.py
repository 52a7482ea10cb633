"""Matching keys, weights, numbers and anchors."""

import pytest

from dedup.keys import anchors, make_key, numbers, weight


class TestMakeKey:
    @pytest.mark.parametrize("a, b", [
        ("村民所盼,引进先进", "村民所盼，引进先进"),
        ("Blinkx, Copernic", "Blinkx， Copernic"),
        ("  The   quick fox ", "the quick fox"),
        ("Ｆｕｌｌ width", "full width"),
        ("“走心”帮扶", "\"走心\"帮扶"),
    ], ids=["cjk-comma", "fullwidth-comma", "spaces-case", "fullwidth-letters", "quotes"])
    def test_folds_what_scraping_changes(self, a, b):
        """Width, case, spacing and punctuation do not change the key."""
        assert make_key(a) == make_key(b)

    @pytest.mark.parametrize("a, b", [("2014年", "2015年"), ("X1", "X10"), ("新春", "新年")],
                             ids=["digit", "longer-number", "character"])
    def test_keeps_content(self, a, b):
        """Letters and digits of every script stay in the key."""
        assert make_key(a) != make_key(b)

    def test_rare_symbols_removed(self):
        """Symbols outside the common set are removed too."""
        assert make_key("A → B ★ C ½") == "abc12"


class TestWeight:
    def test_cjk_counts_double(self):
        """A CJK character weighs as much as two Latin letters."""
        assert weight("ab") == 2 and weight("新闻") == 4


class TestNumbers:
    @pytest.mark.parametrize("text, expected", [
        ("In 2004 there were 1,000 people", (("2004", "1000"), ())),
        ("有２ 00多台", (("200",), ())),
        ("栉风沐雨七十年", ((), ("七十",))),
        ("这一年，两岸，万里", ((), ())),
        ("no numbers here", ((), ())),
    ], ids=["figures", "fullwidth-and-space", "chinese", "words-not-numbers", "none"])
    def test_numbers(self, text, expected):
        """Figures and Chinese numerals are read in order; words that contain 一/两/万 are not."""
        assert numbers(text) == expected

    def test_width_variants_state_the_same_numbers(self):
        """A copy with full-width digits and commas states the same numbers."""
        assert numbers("上涨３．５％，共１，２００人") == numbers("上涨3.5%,共1,200人")


class TestAnchors:
    def test_edit_in_the_middle_keeps_prefix_and_suffix(self):
        """A copy with an edit in the middle shares the start and end anchors."""
        key = make_key("the committee believes that these arguments should be heard in parliament soon")
        edited = key[:30] + "x" + key[31:]
        assert set(anchors(key)) & set(anchors(edited))

    def test_deterministic(self):
        """Anchors do not depend on the process's hash seed."""
        assert anchors("abcdefghijklmnopqrstuvwxyz") == anchors("abcdefghijklmnopqrstuvwxyz")
        assert all(isinstance(a, int) for a in anchors("的的的的"))
