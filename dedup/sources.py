"""Reading input: the only code that sees bytes.

Encodings are decided on evidence, never on a guess that could garble a whole page for the
sake of one byte. In order (docs/ALGORITHM.md, section 0, has the measurements behind each
rule):

1. ``--encoding``: that codec, strictly.
2. A byte-order mark: UTF-8 (its bad bytes repaired as in 5), UTF-16 or UTF-32.
3. Binary data is refused: a known file signature (PDF, ZIP, PNG, gzip, ELF, ...), or NUL and
   control bytes over 1% of the first 64 KB. NULs on one byte parity are UTF-16 without a BOM,
   decoded as such. A few stray NULs in text are dropped, not a reason to refuse it.
4. Valid UTF-8 is UTF-8.
5. UTF-8 with stray bytes: when valid multi-byte UTF-8 sequences outnumber the invalid bytes 4
   to 1, or the bad bytes are few (and no declared multi-byte code page reads them), or the
   page declares UTF-8, the text is UTF-8 and only the bad bytes are touched: a lone byte
   between ASCII characters is read as cp1252 (``caf\\xe9`` -> café, ``\\x93`` -> “: what
   such a byte nearly always is), anything else becomes U+FFFD.
6. An HTML page's declared charset (``<meta charset>``, ``http-equiv`` content-type, an XML
   declaration), when its codec reads the bytes with at most a few bad ones (replaced).
7. Mostly-ASCII text whose non-ASCII bytes stand alone and are all characters of Western
   European text in cp1252: cp1252 (the detector takes such English for cp1250 or cp852).
8. Otherwise charset-normalizer, which tells GBK, GB18030, Big5 and the single-byte code pages
   apart far better than a hand-written guess.

:func:`decode_bytes` returns the text with a record of what was repaired (:class:`Decoded`,
whose ``note`` is the report record); :func:`decode` returns the text alone.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from .model import InputError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detected or declared Chinese, Japanese and Korean code pages are decoded with the superset
# most such files are written in, as browsers do, so that a character outside GB2312/GBK or
# Shift_JIS still decodes. Big5 has rival extensions: Windows' cp950 reads every byte sequence
# Python's big5 does (and 11 of 13,000 differently); Hong Kong's big5hkscs reads 243
# differently and 6 not at all. EUC-KR comes before cp949, which does not compose the
# syllables EUC-KR spells out in jamo. The first codec of the list that reads the bytes is used.
SUPERSETS = {"gb2312": ("gb18030",), "gbk": ("gb18030",), "big5": ("cp950", "big5hkscs", "big5"),
             "shift_jis": ("cp932", "shift_jis"), "euc_kr": ("euc_kr", "cp949")}
# Control bytes that never occur in text (tab, newlines, form feed and escape do), NUL among them.
BINARY_CONTROLS = bytes(set(range(32)) - {9, 10, 12, 13, 27})
_CONTROL_CHARS = dict.fromkeys(BINARY_CONTROLS)  # the same, for str.translate
SNIFF_BYTES = 64 * 1024
# File signatures (magic numbers) of formats whose bytes can pass for text: a PDF can be
# mostly ASCII, a stored ZIP holds plain files. No text starts with any of them.
SIGNATURES = {
    b"%PDF-": "a PDF file", b"PK\x03\x04": "a ZIP archive (or a .docx, .xlsx, .epub)",
    b"PK\x05\x06": "a ZIP archive", b"\x89PNG\r\n\x1a\n": "a PNG image", b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"\x1f\x8b": "gzip data",
    b"\x7fELF": "a program (ELF)", b"BZh91AY&SY": "bzip2 data", b"\xfd7zXZ\x00": "xz data",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive", b"Rar!\x1a\x07": "a RAR archive",
    b"\x28\xb5\x2f\xfd": "zstd data", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an Office file (.doc)",
    b"SQLite format 3\x00": "an SQLite database", b"\x00asm": "WebAssembly",
}
# ...they are checked with one startswith.
_SIGNATURE_PREFIXES = tuple(SIGNATURES)
# UTF-8 with stray bytes (rule 5): valid multi-byte sequences per invalid byte needed without a
# declaration. Real Chinese text in GBK, Big5, Shift_JIS, EUC-JP, EUC-KR or cp949 reaches at
# most 0.41 over a whole text; 9 of 2.1 million windows of 20 to 1,000 bytes reach 4, eight of
# them 20 bytes long (benchmarks/check_decoding.py --evidence).
UTF8_EVIDENCE = 4
# "A few" bad bytes: at most this many places, each at most 3 bytes (what a stray byte or a
# character cut short leaves), are repaired or replaced whatever the rest of the text is: if
# the text is not UTF-8 after all, no more characters are lost than there are bad bytes.
FEW_BAD_SPOTS = 4
FEW_BAD_BYTES = 4  # for a declared legacy codec
# What Western European text (English, French, German, Spanish, Portuguese, Italian, Dutch,
# Nordic) uses beyond ASCII, as cp1252 reads it: typographic punctuation, currency and common
# signs, fractions, and the letters with diacritics of those languages. Not in it: the signs a
# Central European or Baltic code page's letters turn into (¹ for ą, ¾ for ľ, ¤, ¦, ¨, ¬, ¯).
WESTERN = frozenset("\xa0‘’‚“”„–—…•†‡‰‹›€™«»©®°±·×÷£¢¥§¶¿¡ªº´²³¼½¾µ"
                    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ")
# A declared legacy codec is used if at most this share of its non-ASCII bytes is invalid.
DECLARED_BAD_SHARE = 0.01
# charset-normalizer's chaos threshold for a second try, when none passes its default 0.2.
DETECT_LOOSER = 0.5
# Where a page declares its charset: in its head, which inline styles and scripts can push
# past 64 KB (two of the 181 Zyte benchmark pages).
DECLARATION_BYTES = 256 * 1024
META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""\A\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# Labels that mean something else on the web (the WHATWG Encoding Standard): Latin-1 and ASCII
# pages are read as windows-1252, and a page that says UTF-16 in ASCII bytes is not UTF-16.
WEB_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252",
              "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
              "tis-620": "cp874", "iso-8859-11": "cp874", "utf-16": "utf-8", "utf-16le": "utf-8",
              "utf-16be": "utf-8", "x-sjis": "cp932", "windows-31j": "cp932",
              "ks_c_5601-1987": "cp949", "x-gbk": "gb18030"}
# Lead bytes of the UTF-8 sequences of À-ÿ: alone, they are far more likely a letter cut
# short than a Latin-1 Â or Ã, rare letters, between ASCII characters. Replaced, not read.
CUT_LEADS = (b"\xc2", b"\xc3")
# The invalid bytes of a text decoded with surrogateescape, run by run.
BAD_BYTES = re.compile("[\udc80-\udcff]+")
HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
NUL = "\x00"


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a document and how it was read: the codec, what decided it, and what had
    to be repaired (counts, and the input line where the first repair is)."""

    text: str
    encoding: str           # the Python codec used
    how: str                # the rule: given, bom, utf-8, utf-16 without bom, utf-8 repaired,
    #                         declared, western, detected
    replaced: int = 0       # invalid bytes replaced with U+FFFD
    repaired: int = 0       # stray bytes read as cp1252 (a lone byte between ASCII characters)
    nul_removed: int = 0    # NUL bytes dropped
    line: int | None = None  # 1-based input line of the first byte replaced, repaired or dropped
    sample: str = ""        # that line (its first 200 characters)

    @property
    def note(self) -> dict | None:
        """The report record (``reason`` ``decoded``) when bytes were replaced, repaired or
        dropped; None when the text is exactly what the bytes say. ``index`` is None: the
        record is about the document, not one paragraph."""
        if not (self.replaced or self.repaired or self.nul_removed):
            return None
        return {"index": None, "line": self.line, "reason": "decoded", "encoding": self.encoding,
                "how": self.how, "replaced": self.replaced, "repaired": self.repaired,
                "nul_removed": self.nul_removed, "text": self.sample}


def decode(data: bytes, name: str = "input", encoding: str | None = None) -> str:
    """Decode the bytes of one document, or raise InputError naming the remedy.

    >>> decode("Mäscot".encode() + b" caf\\xe9")
    'Mäscot café'
    """
    return decode_bytes(data, name, encoding).text


def decode_bytes(data: bytes, name: str = "input", encoding: str | None = None) -> Decoded:
    """Decode the bytes of one document (the rules in the module's docstring), with a record
    of what was repaired; or raise InputError naming the remedy."""
    if encoding:
        return _without_nuls(*_given(data, encoding, name), "given")
    for bom, codec in BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                return _utf8_repaired(data[len(bom):], "bom", codec="utf-8-sig")
            return _without_nuls(_strict(data, codec, name), codec, "bom")
    utf16 = _sniff(data, name)
    if utf16:
        return _without_nuls(data.decode(utf16), utf16, "utf-16 without bom")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _not_utf8(data, name)
    if b"\x00" in data:  # (on the bytes: memchr, ten times faster than on the text)
        return _without_nuls(text, "utf-8", "utf-8")
    return Decoded(text, "utf-8", "utf-8")


def detect_encoding(data: bytes) -> str:
    """The codec ``decode`` would use for these bytes (for reports and tests), or "unknown"."""
    try:
        return decode_bytes(data).encoding
    except InputError:
        return "unknown"


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset an HTML or XML page declares in its head, or None.

    >>> declared_charset(b'<html><head><meta http-equiv="Content-Type" '
    ...                  b'content="text/html; charset=GB2312"></head>')
    'gb2312'
    >>> declared_charset(b'<meta charset="iso-8859-1">'), declared_charset(b"plain text")
    ('cp1252', None)
    """
    head = data[:DECLARATION_BYTES]
    found = XML_ENCODING.match(head) or META_CHARSET.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    label = WEB_LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _given(data: bytes, encoding: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}; "
                         "give a Python codec name such as gb18030 or utf-16") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not valid {encoding} at byte {error.start}; "
                         "check the --encoding you gave") from None
    except UnicodeError as error:  # a codec that fails otherwise ('undefined')
        raise InputError(f"{name}: cannot decode as {encoding}: {error}") from None


def _not_utf8(data: bytes, name: str) -> Decoded:
    """Rules 5 to 8: bytes that are not valid UTF-8. ``valid`` counts the multi-byte UTF-8
    sequences, ``bad`` the invalid bytes, of the text decoded with surrogateescape."""
    declared = declared_charset(data)
    text = data.decode("utf-8", "surrogateescape")
    bad_runs = BAD_BYTES.findall(text)
    bad = sum(map(len, bad_runs))
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad  # multi-byte sequences
    if valid >= UTF8_EVIDENCE * bad:
        return _utf8_repaired(data, "utf-8 repaired", text)
    legacy = declared not in (None, "utf-8")
    # A declared multi-byte code page (GBK, Big5, Shift_JIS...) that reads the bytes is better
    # evidence than a few bad bytes: two Chinese characters in GBK on an English page are four
    # of them. A single-byte code page reads any bytes, so its reading proves nothing.
    if legacy and _multibyte(declared):
        found = _lenient(data, declared)
        if found:
            return found
    few = len(bad_runs) <= FEW_BAD_SPOTS and max(map(len, bad_runs)) <= 3
    if few or declared == "utf-8" and valid >= bad:
        return _utf8_repaired(data, "utf-8 repaired", text)
    if legacy:
        found = _lenient(data, declared)
        if found:
            return found
    if not valid:
        found = _western(data)
        if found:
            return found
    best = _detect(data)
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot tell its encoding; give it with --encoding "
                         "(for example --encoding gb18030)")
    family = SUPERSETS.get(best.encoding, (best.encoding,))
    for codec in family[:-1]:
        try:
            return _without_nuls(data.decode(codec), codec, "detected")
        except UnicodeDecodeError:
            pass
    return _without_nuls(_strict(data, family[-1], name), family[-1], "detected")


def _multibyte(codec: str) -> bool:
    """Whether a codec reads some characters from more than one byte (a single-byte code page
    gives one character for each of the 256 bytes)."""
    try:
        return len(bytes(range(256)).decode(codec, "replace")) != 256
    except (LookupError, UnicodeDecodeError):
        return False


def _western(data: bytes) -> Decoded | None:
    """cp1252, when the bytes read as Western European text in it: their non-ASCII bytes
    mostly stand alone (single-byte letters and punctuation among ASCII, where CJK and Cyrillic
    code pages make runs), and each is a character such text uses. The detector, given a few
    such bytes, guesses cp1250, cp852 or mac_iceland as readily (docs/ALGORITHM.md)."""
    runs = HIGH_BYTES.findall(data)
    if 2 * sum(len(run) for run in runs if len(run) > 1) > sum(map(len, runs)):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if not set(b"".join(runs).decode("cp1252")) <= WESTERN:
        return None
    return _without_nuls(text, "cp1252", "western")


def _utf8_repaired(data: bytes, how: str, escaped: str | None = None, *,
                   codec: str = "utf-8") -> Decoded:
    """UTF-8 with only its bad bytes touched: a lone byte between ASCII characters read as
    cp1252, other bad bytes replaced with U+FFFD as Python's decoder would."""
    text = data.decode("utf-8", "surrogateescape") if escaped is None else escaped
    first = BAD_BYTES.search(text)
    if first is None:
        return _without_nuls(text, codec, how)
    replaced = repaired = 0

    def fix(match: re.Match) -> str:
        nonlocal replaced, repaired
        raw = match.group().encode("utf-8", "surrogateescape")
        if len(raw) == 1 and raw not in CUT_LEADS and _between_ascii(text, match.start()):
            try:
                char = raw.decode("cp1252")
            except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D mean nothing in cp1252
                pass
            else:
                repaired += 1
                return char
        replaced += len(raw)
        return raw.decode("utf-8", "replace")

    fixed = BAD_BYTES.sub(fix, text)
    return _with_repairs(fixed, codec, how, first.start(), replaced=replaced, repaired=repaired)


def _lenient(data: bytes, declared: str) -> Decoded | None:
    """The bytes in a declared legacy codec (or its superset), its few bad bytes replaced;
    None if it does not read them (more than 1% of its non-ASCII bytes invalid) or is no text
    codec."""
    best = None  # the first codec's reading, with its bad bytes
    for codec in SUPERSETS.get(declared, (declared,)):
        try:
            escaped = data.decode(codec, "surrogateescape")
        except (LookupError, UnicodeDecodeError):
            return None
        first = BAD_BYTES.search(escaped)
        if first is None:
            return _without_nuls(escaped, codec, "declared")
        best = best or (codec, escaped, first)
    codec, escaped, first = best
    bad = sum(map(len, BAD_BYTES.findall(escaped)))
    high = len(data) - len(data.decode("ascii", "ignore"))
    if bad > max(FEW_BAD_BYTES, DECLARED_BAD_SHARE * high):
        return None
    return _with_repairs(data.decode(codec, "replace"), codec, "declared", first.start(),
                         replaced=bad)


def _with_repairs(fixed: str, codec: str, how: str, at: int, **counts: int) -> Decoded:
    """The repaired text (NULs still in it) as a Decoded, with the counts of its repaired bytes
    and the line of the first, at ``at`` (where the text before is exactly what the bytes
    say)."""
    decoded = _without_nuls(fixed, codec, how)
    line = fixed.count("\n", 0, at) + 1
    if decoded.nul_removed and decoded.line < line:
        line, sample = decoded.line, decoded.sample
    else:
        sample = _line_at(fixed, at).replace(NUL, "")
    return replace(decoded, line=line, sample=sample, **counts)


def _without_nuls(text: str, codec: str, how: str) -> Decoded:
    """The decoded text with NULs dropped: never text, they end C strings and confuse every
    tool downstream; counted, and the line of the first noted."""
    if NUL not in text:
        return Decoded(text, codec, how)
    at = text.index(NUL)
    cleaned = text.replace(NUL, "")
    return Decoded(cleaned, codec, how, nul_removed=len(text) - len(cleaned),
                   line=text.count("\n", 0, at) + 1, sample=_line_at(text, at).replace(NUL, ""))


def _between_ascii(text: str, at: int) -> bool:
    """Whether the one bad byte at ``at`` (of a surrogateescape text) stands between ASCII
    characters (or at an end): a stray code-page character, not part of a broken sequence."""
    return ((at == 0 or text[at - 1] < "\x80")
            and (at + 1 >= len(text) or text[at + 1] < "\x80"))


def _line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds position ``at``, stripped, its first 200 characters."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)].strip()[:200]


def _detect(data: bytes):
    """charset-normalizer's best guess (imported on first use: valid UTF-8, most input, never
    needs it). When no codec passes its default chaos threshold (0.2), it is asked again with
    a looser one: so were 25 of 4,644 real Chinese pages re-encoded in GBK, GB18030 or Big5,
    and 24 of them were then read right (benchmarks/check_decoding.py)."""
    from charset_normalizer import from_bytes

    return from_bytes(data).best() or from_bytes(data, threshold=DETECT_LOOSER).best()


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: looks like {codec} but byte {error.start} is not; "
                         "give the encoding with --encoding") from None


def _sniff(data: bytes, name: str) -> str | None:
    """Refuse binary data; return "utf-16-le" or "utf-16-be" for UTF-16 without a BOM, None
    for anything else. Runs on every input: one C scan of the first 64 KB in the usual case."""
    if data.startswith(_SIGNATURE_PREFIXES):
        kind = next(SIGNATURES[s] for s in _SIGNATURE_PREFIXES if data.startswith(s))
        raise InputError(f"{name}: looks like {kind}, not text; give its text (extract it "
                         "first), or a text file")
    head = data[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, BINARY_CONTROLS))
    if not controls:
        return None
    nuls = head.count(0)
    if nuls:
        # UTF-16 stores ASCII characters (every newline and space, at least) with a zero byte:
        # the NULs fall on one parity, odd for little-endian, even for big-endian (but for
        # characters such as 一, U+4E00: 6 of the 62 NULs of a real Chinese news article).
        even = head[0::2].count(0)
        odd = nuls - even
        codec = "utf-16-le" if odd > even else "utf-16-be"
        if nuls * 100 >= len(head) and min(even, odd) * 4 <= max(even, odd) \
                and len(data) % 2 == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                sample = text[:SNIFF_BYTES // 2]
                if len(sample) - len(sample.translate(_CONTROL_CHARS)) <= len(sample) // 100 + 2:
                    return codec
    if controls > len(head) // 100 + 2 or controls == len(head):  # (or nothing but controls)
        raise InputError(f"{name}: looks like binary data, not text; give a text file "
                         "(or its encoding with --encoding if it is UTF-16 without a BOM)")
    return None
