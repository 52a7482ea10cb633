"""Decoding input bytes: encodings detected, binary refused."""

import pytest

from dedup.model import InputError
from dedup.sources import decode, detect_encoding

TEXT = "新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼。本报记者 吴锋思。" * 4


class TestDecode:
    @pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5"],
                             ids=str)
    def test_round_trip(self, codec):
        """Text in each supported encoding decodes to the same characters."""
        text = TEXT if codec != "big5" else "臺灣的新聞報導，今天天氣很好，我們一起去公園散步吧。" * 4
        assert decode(text.encode(codec)) == text

    def test_gbk_is_detected_not_guessed(self):
        """A GBK file is recognised as a Chinese code page, not read as UTF-8."""
        assert detect_encoding(TEXT.encode("gbk")) in {"gb18030", "gbk"}

    def test_binary_is_refused(self):
        """NUL bytes mean binary data: a clear error that names the remedy."""
        with pytest.raises(InputError, match="binary data.*--encoding"):
            decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.png")

    def test_control_bytes_over_one_percent_are_binary(self):
        """Without a NUL, control bytes (other than tab, newlines, form feed and escape) mark
        binary data once they pass 1% of the first 64 KB, plus two: 12 of 1,000 bytes are text,
        13 are not."""
        controls = bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 31])
        text = b"a" * 988 + controls[:12]
        assert decode(text, "ok.txt") == text.decode()
        assert decode(b"\t\r\n\x0c\x1b" * 200, "whitespace.txt") == "\t\r\n\x0c\x1b" * 200
        with pytest.raises(InputError, match="^bad.txt: looks like binary data"):
            decode(b"a" * 987 + controls, "bad.txt")

    def test_forced_encoding(self):
        """--encoding overrides detection, and a wrong one is reported, not ignored."""
        assert decode(TEXT.encode("gb18030"), encoding="gb18030") == TEXT
        with pytest.raises(InputError, match="not valid utf-8"):
            decode(TEXT.encode("gb18030"), encoding="utf-8")
        with pytest.raises(InputError, match="unknown encoding"):
            decode(b"abc", encoding="no-such-codec")

    def test_empty(self):
        """Empty input is empty text."""
        assert decode(b"") == ""
