"""Reading input: the only code that sees bytes.

Encodings are detected, not guessed: valid UTF-8 (with or without BOM) is taken as UTF-8, a
UTF-16/32 BOM is honoured, and anything else goes to charset-normalizer, which tells GBK,
GB18030, Big5 and the single-byte code pages apart far better than a hand-written guess.
"""

from __future__ import annotations

import codecs

from .model import InputError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detected Chinese code pages are decoded with their superset, so that a rare character
# outside GB2312/GBK still decodes.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}
# Control characters that never occur in text (tab, newlines and form feed do).
BINARY_CONTROLS = bytes(set(range(32)) - {9, 10, 12, 13, 27})
SNIFF_BYTES = 64 * 1024


def decode(data: bytes, name: str = "input", encoding: str | None = None) -> str:
    """Decode the bytes of one document, or raise InputError naming the remedy."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}; "
                             "give a Python codec name such as gb18030 or utf-16") from None
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: not valid {encoding} at byte {error.start}; "
                             "check the --encoding you gave") from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name)
    _refuse_binary(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = _detect(data)
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot tell its encoding; give it with --encoding "
                         "(for example --encoding gb18030)")
    codec = SUPERSETS.get(best.encoding, best.encoding)
    return _strict(data, codec, name)


def detect_encoding(data: bytes) -> str:
    """The codec ``decode`` would use for these bytes (for reports and tests)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        best = _detect(data)
        return SUPERSETS.get(best.encoding, best.encoding) if best else "unknown"


def _detect(data: bytes):
    """charset-normalizer's best guess (imported on first use: valid UTF-8, most input, never
    needs it)."""
    from charset_normalizer import from_bytes

    return from_bytes(data).best()


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: looks like {codec} but byte {error.start} is not; "
                         "give the encoding with --encoding") from None


def _refuse_binary(data: bytes, name: str) -> None:
    head = data[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, BINARY_CONTROLS))  # one scan, in C
    if b"\x00" in head or controls > len(head) // 100 + 2:
        raise InputError(f"{name}: looks like binary data, not text; give a text file "
                         "(or its encoding with --encoding if it is UTF-16 without a BOM)")
