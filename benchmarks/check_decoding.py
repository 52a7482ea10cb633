#!/usr/bin/env python3
"""Decoding on real text: which codec each page gets, what was repaired, and whether anything
came out garbled.

    .venv/bin/python benchmarks/check_decoding.py ../shared/corpus ../shared/samples

Three checks, on every .txt and .html file under the folders given:

- as stored: the codec and rule (``Decoded.how``) each file gets, and the repairs made;
- re-encoded: every text that a legacy code page can hold (GBK, GB18030 and Big5 for the
  Chinese pages, whose Big5 copy keeps only the characters Big5 has; cp1252 for the
  European ones) is encoded in it (an HTML page's declared charset changed to it) and decoded
  again; it must come back exactly, or as another vendor's table of the same code page reads
  it (cp950 and big5hkscs map a few of Big5's symbols differently: ‧ for ·);
- stray bytes: every UTF-8 file with non-ASCII text gets one to three stray bytes (a cp1252
  character, a lone Latin-1 letter, 0xFF, a UTF-8 sequence cut short) at seeded random
  places; the decoded text must be the original one with only those bytes repaired or
  replaced (nothing else changed, and the codec is UTF-8).

And the evidence behind rule 5 of dedup/sources.py (``--evidence``): on the Chinese texts
re-encoded in GBK, Big5, Shift_JIS, EUC-KR, EUC-JP and cp949 (whatever each can hold; every
fourth text, its first 6,000 characters), the most valid multi-byte UTF-8 sequences per invalid
byte over a whole text, and how many windows of 20 to 1,000 bytes (with at least one invalid
byte, every 7th byte) reach 4 to 1, the rule's threshold.

Prints the counts and every failure; exit status 1 if any.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

from dedup.model import InputError

try:
    from dedup.sources import decode_bytes
except ImportError:  # the code before decode_bytes, for a before/after comparison
    from types import SimpleNamespace

    from dedup.sources import decode, detect_encoding

    def decode_bytes(data: bytes, name: str = "input"):
        return SimpleNamespace(text=decode(data, name), encoding=detect_encoding(data),
                               how="?", note=None, replaced=0, repaired=0, nul_removed=0)

DECLARED = re.compile(r"""(<meta\s[^>]*?charset\s*=\s*["']?\s*)[A-Za-z0-9._:-]+""", re.I)
# Vendors' tables of one code page, which map a few rare characters differently (Big5's
# extensions most of all): a page read with one of them was detected right.
VARIANTS = {"big5": ("cp950", "big5hkscs"), "gbk": ("gb18030",), "gb18030": ("gbk",)}
BAD = re.compile("[\udc80-\udcff]")
STRAYS = (b"\x92", b"\xe9", b"\xff", b"\xe4\xb8")  # ’ in cp1252, é in Latin-1, never, cut 中


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--evidence", action="store_true", help="measure rule 5 (see above)")
    args = parser.parse_args()
    files = sorted(p for folder in args.folders for p in Path(folder).rglob("*")
                   if p.suffix in (".txt", ".html", ".htm") and p.is_file())
    failures: list[str] = []
    stored, repairs, texts = Counter(), Counter(), []
    for path in files:
        data = path.read_bytes()
        try:
            decoded = decode_bytes(data, str(path))
        except InputError as error:
            failures.append(f"as stored: {error}")
            continue
        stored[f"{decoded.encoding} ({decoded.how})"] += 1
        if decoded.note:
            repairs[str(path)] = decoded.replaced + decoded.repaired + decoded.nul_removed
        if decoded.encoding == "utf-8" and not decoded.note:
            texts.append((path, decoded.text))
    print(f"{len(files)} files as stored: " + ", ".join(f"{n} {k}" for k, n in stored.items())
          + f"; with repairs: {len(repairs)} {dict(repairs) or ''}")

    recoded, variants = Counter(), Counter()
    for path, text in texts:
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text[:2000]) > 20  # Chinese
        for codec in ("gbk", "gb18030", "big5") if cjk else ("cp1252",):
            # (an HTML page re-encoded declares its new codec, as a real page would)
            original = DECLARED.sub(r"\g<1>" + codec, text, count=1)
            data = original.encode(codec, "ignore")
            expected = data.decode(codec)
            if expected.isascii() or (not cjk and expected != original):
                continue  # nothing (or not everything) this code page could say
            recoded[codec] += 1
            try:
                got = decode_bytes(data, str(path))
            except InputError as error:
                failures.append(f"re-encoded {codec}: {error}")
                continue
            if got.text != expected and got.encoding in VARIANTS.get(codec, ()) \
                    and got.text == data.decode(got.encoding):
                variants[got.encoding] += 1
            elif got.text != expected:
                at = next(i for i, (a, b) in enumerate(zip(got.text, expected)) if a != b) \
                    if any(a != b for a, b in zip(got.text, expected)) else min(len(got.text),
                                                                                 len(expected))
                failures.append(f"re-encoded {codec}: {path}: read as {got.encoding} "
                                f"({got.how}), differs at {at}: {got.text[at:at + 30]!r}")
    print("re-encoded: " + ", ".join(f"{n} {codec}" for codec, n in recoded.items())
          + f"; all decoded back exactly: {not any(f.startswith('re-') for f in failures)}"
          + (f" (or with another vendor's table of the same code page: {dict(variants)})"
             if variants else ""))

    rng = random.Random(12)
    strayed = Counter()
    for path, text in texts:
        if text.isascii():
            continue
        for count in (1, 2, 3):
            places = sorted(rng.sample(range(1, len(text)), count))
            chunks, data = [], b""
            last = 0
            for place in places:
                stray = rng.choice(STRAYS)
                data += text[last:place].encode() + stray
                chunks.append(text[last:place])
                last = place
            data += text[last:].encode()
            chunks.append(text[last:])
            strayed[count] += 1
            try:
                got = decode_bytes(data, str(path))
            except InputError as error:
                failures.append(f"stray bytes: {error}")
                continue
            if got.encoding != "utf-8" or not _only_strays_changed(got.text, chunks):
                failures.append(f"stray bytes ({count}): {path}: read as {got.encoding} "
                                f"({got.how}): {got.text[:60]!r}")
    print("stray bytes: " + ", ".join(f"{n} files with {k}" for k, n in strayed.items())
          + f"; all read as UTF-8 with only those bytes touched: "
          f"{not any(f.startswith('stray') for f in failures)}")
    if args.evidence:  # (every fourth Chinese text, its first 6,000 characters: minutes)
        print(evidence([text[:6000] for _, text in texts
                        if sum("\u4e00" <= ch <= "\u9fff" for ch in text[:2000]) > 20][::4]))
    print("\n".join(failures))
    return 1 if failures else 0


def evidence(texts: list[str]) -> str:
    """Valid multi-byte UTF-8 sequences per invalid byte in real CJK text in legacy codecs:
    the most over a whole text, and the windows that reach ``UTF8_EVIDENCE``."""
    from dedup.sources import UTF8_EVIDENCE

    lines = []
    for codec in ("gbk", "big5", "shift_jis", "euc_kr", "euc_jp", "cp949"):
        whole, windows, reached = 0.0, 0, Counter()
        for text in texts:
            data = text.encode(codec, "ignore")
            valid, bad = _utf8_counts(data)
            whole = max(whole, valid / bad if bad else 0.0)
            for size in (20, 50, 200, 1000):
                for start in range(0, max(1, len(data) - size), 7):
                    valid, bad = _utf8_counts(data[start:start + size])
                    if bad:
                        windows += 1
                        reached[size] += valid >= UTF8_EVIDENCE * bad
        lines.append(f"  {codec:<9} whole texts: at most {whole:.2f} valid per invalid byte; "
                     f"{windows} windows, {sum(reached.values())} reach {UTF8_EVIDENCE} to 1 "
                     f"({', '.join(f'{n} of {size} bytes' for size, n in reached.items() if n)})")
    return f"evidence for rule 5, {len(texts)} Chinese texts:\n" + "\n".join(lines)


def _utf8_counts(data: bytes) -> tuple[int, int]:
    text = data.decode("utf-8", "surrogateescape")
    bad = len(BAD.findall(text))
    return len(text) - len(text.encode("ascii", "ignore")) - bad, bad


def _only_strays_changed(text: str, chunks: list[str]) -> bool:
    """Whether ``text`` is the chunks in order with at most two characters (the repaired or
    replaced stray bytes) between consecutive ones."""
    at = 0
    for i, chunk in enumerate(chunks):
        found = text.find(chunk, at, at + len(chunk) + (2 if i else 0))
        if found < 0 or (i == 0 and found != 0):
            return False
        at = found + len(chunk)
    return at == len(text)


if __name__ == "__main__":
    sys.exit(main())
