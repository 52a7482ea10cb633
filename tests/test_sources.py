"""Decoding input bytes: encodings decided on evidence, stray bytes repaired, binary refused."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import main
from dedup.model import InputError
from dedup.sources import declared_charset, decode, decode_bytes, detect_encoding

TEXT = "新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼。本报记者 吴锋思。" * 4
CASES = Path(__file__).parent / "cases" / "decoding"
ARTICLES = Path(__file__).parent / "data" / "articles"
# A real German page (its head declares UTF-8) and a real Chinese article, both UTF-8.
PAGE = (CASES / "comwrap_dmexco_de.html").read_bytes()
ZH = (ARTICLES / "xwlb_20230727_075.txt").read_bytes()


def inject(data: bytes, before: bytes, stray: bytes) -> bytes:
    """``data`` with ``stray`` put in front of the first ``before``."""
    at = data.index(before)
    return data[:at] + stray + data[at:]


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

    def test_clean_utf8_has_no_note(self):
        """Bytes that say exactly what the text is leave no report record."""
        decoded = decode_bytes(PAGE)
        assert (decoded.text, decoded.encoding, decoded.note) == (PAGE.decode(), "utf-8", None)


class TestStrayBytes:
    """A UTF-8 page with a few bad bytes is UTF-8: only those bytes are touched."""

    @pytest.mark.parametrize(("stray", "becomes", "replaced", "repaired"), [
        (b"\x92", "’", 0, 1),       # a cp1252 apostrophe pasted into the page
        (b"\xe4", "ä", 0, 1),       # a Latin-1 letter
        (b"\x81", "\ufffd", 1, 0),  # a byte cp1252 has no character for
        (b"\xe4\xb8", "\ufffd", 2, 0),  # a UTF-8 sequence cut short
    ], ids=["cp1252-quote", "latin1-letter", "undefined", "cut-sequence"])
    def test_german_page(self, stray, becomes, replaced, repaired):
        """The real German page with one stray byte keeps every umlaut (the detector read it
        whole as cp1250 or iso8859_10: `MĂ¤scot`, `grĂ¶Ăźter`), and the report says which
        byte was repaired or replaced, on which line."""
        decoded = decode_bytes(inject(PAGE, b"Messe Marketing", stray), "page.html")
        expected = PAGE.decode().replace("Messe Marketing", becomes + "Messe Marketing", 1)
        assert decoded.text == expected
        line = PAGE[:PAGE.index(b"Messe Marketing")].count(b"\n") + 1
        assert decoded.note == {
            "index": None, "line": line, "reason": "decoded", "encoding": "utf-8",
            "how": "utf-8 repaired", "replaced": replaced, "repaired": repaired,
            "nul_removed": 0, "text": expected.split("\n")[line - 1].strip()[:200]}

    def test_chinese_article(self):
        """A real Chinese UTF-8 article with a stray byte between two characters: that byte
        becomes U+FFFD, every character stays (the detector gave up on it: the whole page
        was refused)."""
        text = ZH.decode()
        decoded = decode_bytes(inject(ZH, "台风".encode(), b"\xff"))
        assert decoded.text == text.replace("台风", "\ufffd台风", 1)
        assert (decoded.encoding, decoded.replaced, decoded.repaired) == ("utf-8", 1, 0)

    def test_many_stray_bytes_on_a_utf8_declaration(self):
        """Twelve letters cut short to their first byte (0xC3, the lead byte of ä, ö, ü) are
        more than a few, and the page's umlauts alone do not outnumber them 4 to 1; its
        <meta charset="utf-8"> decides. Each becomes U+FFFD, not the Ã cp1252 would read."""
        damaged = PAGE
        for word in (b"Expo", b"Conference", b"Besucher", b"Seminaren", b"Tage", b"Messe",
                     b"Motto", b"Curiosity", b"Action", b"Publikum", b"Thema", b"Kunden"):
            damaged = inject(damaged, word, b"\xc3")
        decoded = decode_bytes(damaged)
        assert (decoded.encoding, decoded.replaced) == ("utf-8", 12)
        assert decoded.text.replace("\ufffd", "") == PAGE.decode()
        undeclared = damaged.replace(b'<meta charset="utf-8">', b"")
        assert decode_bytes(undeclared).encoding != "utf-8"  # no longer UTF-8 on evidence

    def test_bom_says_utf8(self):
        """After a UTF-8 byte-order mark, bad bytes are repaired too (they were an error)."""
        decoded = decode_bytes(b"\xef\xbb\xbfcaf\xe9 \xe4\xb8\n")
        assert (decoded.text, decoded.encoding) == ("café \ufffd\n", "utf-8-sig")

    def test_declared_legacy_codec_with_a_bad_byte(self):
        """A page declaring GB2312 whose bytes are GBK but for one: read as declared (a
        superset of it), the bad byte replaced. Before, the page was refused."""
        page = b'<html><head><meta charset="gb2312"></head><body>\n' + TEXT.encode("gbk")
        damaged = inject(page, "聚焦".encode("gbk"), b"\xff")
        decoded = decode_bytes(damaged)
        assert decoded.text == page.decode("gbk").replace("聚焦", "\ufffd聚焦", 1)
        assert (decoded.encoding, decoded.how, decoded.replaced) == ("gb18030", "declared", 1)


    def test_declared_multibyte_codec_outranks_a_few_bad_bytes(self):
        """An English page declaring GBK with two Chinese characters: their four bytes are
        few, but GBK reads them, and the declaration says GBK."""
        page = ('<html><head><meta charset="gbk"></head><body><p>Shares in 华为 rose 3% on '
                "Monday, the exchange said.</p></body></html>")
        decoded = decode_bytes(page.encode("gbk"))
        assert (decoded.text, decoded.encoding, decoded.note) == (page, "gb18030", None)


class TestLegacyStillDetected:
    """Real text in a legacy code page is read as such, not as UTF-8 with repairs."""

    @pytest.mark.parametrize("codec", ["big5", "shift_jis", "euc_kr", "gbk"])
    def test_python_samples(self, codec):
        """The CJK samples of Python's own codec tests decode exactly."""
        data = (CASES / "python_cjk" / f"{codec}.txt").read_bytes()
        expected = (CASES / "python_cjk" / f"{codec}-utf8.txt").read_text(encoding="utf-8")
        decoded = decode_bytes(data)
        assert decoded.text == expected and decoded.note is None

    @pytest.mark.parametrize("codec", ["gbk", "gb18030"])
    def test_chinese_article(self, codec):
        """A real Chinese article in GBK is not mistaken for UTF-8 with stray bytes."""
        text = ZH.decode()
        assert decode_bytes(text.encode(codec)).text == text

    def test_cp1252_english(self):
        """A real English article in cp1252 (seven bytes: £, é, ’) is read as cp1252: the
        detector alone read it as cp1250 (£ became Ł)."""
        text = (CASES / "morebikes_en.txt").read_text(encoding="utf-8")
        decoded = decode_bytes(text.encode("cp1252"))
        assert (decoded.text, decoded.encoding, decoded.note) == (text, "cp1252", None)

    def test_declared_utf8_over_gb2312(self):
        """A page that declares gb2312 but is valid UTF-8 (three of the GNE pages) is UTF-8."""
        page = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + TEXT
        assert decode_bytes(page.encode()).text == page


class TestBinary:
    def test_png_is_refused(self):
        """A known file signature names the format in the error."""
        with pytest.raises(InputError, match="^image.png: looks like a PNG image, not text"):
            decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.png")

    @pytest.mark.parametrize(("head", "kind"), [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"PK\x03\x04\n\x00\x00\x00\x00\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "gzip data"),
    ], ids=["pdf", "zip", "gzip"])
    def test_signatures_even_when_the_rest_looks_like_text(self, head, kind):
        """A PDF or a stored ZIP can be mostly plain text; its signature still says what it
        is (before, such a file was decoded and cleaned as text)."""
        body = b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" * 200
        with pytest.raises(InputError, match=f"looks like {kind}"):
            decode(head + body, "doc")

    def test_control_bytes_over_one_percent_are_binary(self):
        """Control bytes (other than tab, newlines, form feed and escape; NUL among them)
        mark binary data once they pass 1% of the first 64 KB, plus two: 12 of 1,000 bytes
        are text, 13 are not."""
        controls = bytes([0, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 31])
        text = b"a" * 988 + controls[1:]
        assert decode(text, "ok.txt") == text.decode()
        assert decode(b"\t\r\n\x0c\x1b" * 200, "whitespace.txt") == "\t\r\n\x0c\x1b" * 200
        with pytest.raises(InputError, match="^bad.txt: looks like binary data"):
            decode(b"a" * 987 + controls, "bad.txt")
        with pytest.raises(InputError, match="binary data"):
            decode(b"\x00\x00", "nuls")  # nothing but control bytes

    def test_few_nuls_in_a_utf8_page(self):
        """A real UTF-8 page with a few NUL bytes near the top is text: the NULs are dropped
        and counted (before, the whole page was refused as binary)."""
        damaged = inject(PAGE, b"<title>", b"\x00\x00").replace(b"<head>", b"<head>\x00", 1)
        decoded = decode_bytes(damaged, "page.html")
        assert decoded.text == PAGE.decode()
        assert (decoded.nul_removed, decoded.line, decoded.note["reason"]) == (3, 1, "decoded")

    @pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
    def test_utf16_without_bom(self, codec):
        """UTF-16 without a byte-order mark, English or Chinese, is recognised by its NULs,
        which all fall on one byte parity (before: refused as binary data)."""
        english = (ARTICLES / "zyte_bbc-com_70cb2d5b.txt").read_text(encoding="utf-8")
        chinese = ZH.decode()
        for text in (english, chinese):
            decoded = decode_bytes(text.encode(codec))
            assert (decoded.text, decoded.encoding) == (text, codec)


class TestDeclaredCharset:
    @pytest.mark.parametrize(("page", "codec"), [
        (b'<html><head><meta charset="utf-8">', "utf-8"),
        (b"<html><head><META CHARSET=GBK>", "gbk"),
        (b'<head><meta http-equiv="content-type" content="text/html;charset=big5">', "big5"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?>\n<html>', "shift_jis"),
        (b'<meta charset="windows-1252">', "cp1252"),
        (b'<meta charset="latin1">', "cp1252"),     # as browsers read it
        (b'<meta charset="utf-16">', "utf-8"),      # ASCII bytes cannot be UTF-16
        (b'<meta charset="no-such-thing">', None),
        (b"charset=gbk, said the text", None),      # not in a meta tag
    ], ids=lambda value: str(value)[:24])
    def test_labels(self, page, codec):
        """The charset a page's head declares, as a Python codec (web labels as browsers
        read them); None when there is none."""
        assert declared_charset(page + b"</head><body>text</body>") == codec

    def test_found_past_a_long_head(self):
        """Inline styles can push the declaration past 64 KB (two real pages of the Zyte
        benchmark)."""
        assert declared_charset(b"<head><style>" + b"a{}" * 30000 + b"</style>"
                                b'<meta charset="gbk">') == "gbk"


class TestReported:
    def test_pipe_mode_reports_the_repair(self, tmp_path):
        """In pipe mode the repair is the report's first record (index null: it is about the
        document) and the summary counts it."""
        report = tmp_path / "report.jsonl"
        damaged = inject(ZH, "台风".encode(), b"\xff")
        result = CliRunner().invoke(main, ["--report", str(report)], input=damaged)
        # (the unicode cleanup step then removes the U+FFFD the decoder put in)
        assert result.exit_code == 0 and "\ufffd" not in result.stdout
        assert "台风" in result.stdout
        first = json.loads(report.read_text(encoding="utf-8").splitlines()[0])
        line = ZH[:ZH.index("台风".encode())].count(b"\n") + 1
        assert first == {"action": "changed", **decode_bytes(damaged).note}
        assert (first["index"], first["line"], first["replaced"]) == (None, line, 1)
        assert "; 1 cleaned, 1 decoded" in result.stderr
