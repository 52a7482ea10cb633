"""The cleanup stage: make each paragraph read as if a careful editor had fixed it.

Every fix is a small pure ``str -> str`` function, the way ``ftfy.fixes`` is organised, and
:func:`clean_paragraph` composes them in the order of :data:`STEPS`:

``entities``
    :func:`decode_entities` -- HTML entities left in the text (``&amp;``, ``&#163;``, ``&nbsp;``).
``mojibake``
    :func:`fix_mojibake` -- text decoded in the wrong encoding (``â€œ``, ``Ã©``, ``ä¸­æ–‡``),
    repaired with ftfy, which is told to leave correct CJK text alone.
``unicode``
    :func:`fix_unicode` -- NFC; control, zero-width and soft-hyphen characters removed, and the
    replacement character U+FFFD (bytes that could not be decoded); odd spaces (NBSP, thin
    spaces, ...) made plain; line separators made ``\\n``.
``spaces``
    :func:`normalise_spaces` -- trim, and collapse every run of spaces to one space. Single
    spaces between CJK characters stay: they separate the parts of a Chinese headline.
``indent``
    :func:`drop_indent` -- the full-width paragraph indent (``　　``) and other leading blanks.
``punct-width``
    :func:`fix_punct_width` -- half-width ``, : ; ? ! ( )`` in Chinese context become
    ``， ： ； ？ ！ （ ）``; numbers, URLs, English and code keep theirs.

The decoders run first because they reveal text the later steps must see (an entity decodes to a
no-break space; a mis-decoded page hides its control characters inside the mojibake). The
module also classifies paragraphs the pipeline may drop (:func:`junk_reason`) or should flag
(:func:`fragment_kind`) or join (:func:`continues`). Nothing here does I/O or keeps state.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from html.entities import html5 as _HTML5_ENTITIES

import regex

STEPS: tuple[str, ...] = ("entities", "mojibake", "unicode", "spaces", "indent", "punct-width")
DEFAULT_STEPS: frozenset[str] = frozenset(STEPS)

# ---------------------------------------------------------------------------------------------
# entities

# Only entities closed by ';' are decoded: html.unescape also decodes legacy names without one,
# which would turn the English "this&notice" into "this¬ice".
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(match: regex.Match) -> str:
    entity = match.group()
    if entity[1] == "#":
        return html.unescape(entity)  # knows the HTML rules for &#0; and the cp1252 range
    return _HTML5_ENTITIES.get(entity[1:], entity)  # an unknown name stays as written


def decode_entities(text: str) -> str:
    """Decode HTML entities left in scraped text; double-escaped ones (``&amp;lt;``) fully.

    >>> decode_entities("Fish &amp; chips for &#163;5")
    'Fish & chips for £5'
    >>> decode_entities("AT&T, R&D")
    'AT&T, R&D'
    """
    if "&" not in text:
        return text
    # Each round makes the text shorter, so the loop ends; it stops at the first round that
    # finds nothing, which is what makes the step idempotent for double escaping.
    while True:
        decoded = _ENTITY.sub(_decode_entity, text)
        if decoded == text:
            return text
        text = decoded


# ---------------------------------------------------------------------------------------------
# mojibake

# ftfy's defaults are wrong for Chinese: fix_character_width folds '，' to ',' and uncurl_quotes
# turns '“' into '"'. The other steps of this module do the HTML, NFC and control-character
# work, so ftfy is asked only to undo wrong decodings.
_MOJIBAKE_CONFIG = dict(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# ftfy is slow, so it only sees text with a sign of mojibake: a C1 control character, or a
# Latin-1 letter that can start a UTF-8 sequence followed by a character standing for a UTF-8
# continuation byte (0x80-0xBF read as Latin-1 or Windows-1252, or a space standing for 0xA0).
_MOJIBAKE_HINT = regex.compile(
    r"""
    [\x80-\x9f]
    | [\xc2-\xf4]
      [\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc
       \u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a
       \u20ac\u2122]
    | [\xc2\xc3][ ]
    """,
    regex.VERBOSE,
)
_LATIN1_HIGH = regex.compile(r"[\x80-\xff]")  # a cheaper first look: most CJK text has none


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded in the wrong encoding, leaving correct CJK text alone.

    >>> fix_mojibake("â€œquotedâ€\x9d")
    '“quoted”'
    >>> fix_mojibake("ä¸\xadæ–‡")
    '中文'
    >>> fix_mojibake("他说：“好，走！”")
    '他说：“好，走！”'
    """
    if text.isascii():
        return text
    first_high = _LATIN1_HIGH.search(text)
    if first_high is None or not _MOJIBAKE_HINT.search(text, first_high.start()):
        return text
    return _ftfy_fixer()(text)


@functools.cache
def _ftfy_fixer() -> Callable[[str], str]:
    # Imported on first use: ftfy takes ~80 ms to import, and most inputs never need it.
    import ftfy

    config = ftfy.TextFixerConfig(**_MOJIBAKE_CONFIG)
    return functools.partial(ftfy.fix_text, config=config)


# ---------------------------------------------------------------------------------------------
# unicode

# \t and the other spacing controls become a space rather than vanish, so words stay apart.
_ODD_SPACE = regex.compile(r"[\t\x0b\x0c\x1c-\x1f\xa0\u1680\u2000-\u200a\u202f\u205f]")
_LINE_BREAK = regex.compile(r"\r\n?|[\x85\u2028\u2029]")
# Invisible characters that only break matching: controls, soft hyphens, zero-width spaces and
# joiners, word joiners and stray byte-order marks. U+3000 is text (the indent) and stays.
_REPLACEMENT = "\ufffd"  # printable, so the isprintable checks below let it through
_INVISIBLE = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u200b-\u200d\u2060\ufeff]")
# One search decides whether any of the three substitutions above has work to do.
_UNICODE_HINT = regex.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\xa0\xad\u1680\u2000-\u200d\u2028-\u202f\u205f\u2060\ufeff]"
)


def _printable_after_indent(text: str) -> bool:
    """True if text has no control, format or odd space character, except its indent."""
    return (text[:1] != "\u3000" and text.isprintable()) or text.lstrip("\u3000").isprintable()


def fix_unicode(text: str) -> str:
    """NFC-normalise and remove invisible characters and U+FFFD; odd spaces become plain.

    >>> fix_unicode("zero\u200bwidth\xa0space")
    'zerowidth space'
    >>> fix_unicode("\ufffd\ufffd\ufffd据介绍")
    '据介绍'
    """
    if text.isascii():
        if text.isprintable():  # str.isprintable is False for every control and odd space
            return text
    else:
        if _REPLACEMENT in text:
            # A run of U+FFFD is what is left of bytes no codec could read (a character cut
            # in half, a page decoded twice): it says nothing a reader can use.
            text = text.replace(_REPLACEMENT, "")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    if _printable_after_indent(text) or not _UNICODE_HINT.search(text):
        return text
    text = _LINE_BREAK.sub("\n", text)
    text = _ODD_SPACE.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    # Removing a character can bring a base letter next to a combining mark.
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# ---------------------------------------------------------------------------------------------
# spaces and indent

# Horizontal whitespace, not the ideographic space U+3000: inside a line that is layout the
# author chose (a padded name, two paragraphs run together), and at the start it is the indent.
_SPACE_RUN = regex.compile(r"[^\S\n\u3000]{2,}|[^\S \n\u3000]")
_SPACE_AROUND_NEWLINE = regex.compile(r"[^\S\n\u3000]*\n[^\S\n\u3000]*")
_NEWLINE_RUN = regex.compile(r"\n{2,}")
_LEADING_SPACE = regex.compile(r"^[^\S\u3000]+")
# Chinese punctuation is full-width: it carries its own spacing, and a space inside it
# (`安全 、粮食`, `球员， 可以`, `（ 新华社 ）`, what PDF extraction and some editors leave) is
# no spacing the text has. Outside a bracket a space may part two cells of a row (`（C） 降服
# 胜`, `电影 《流浪地球》 票房`): it stays. (Not the curly quotes, the dash or the ellipsis,
# which English uses too.)
_OPENING_MARKS = "（《〈「『【〔"
_CLOSING_MARKS = "）》〉」』】〕"
_MEDIAL_MARKS = "，。、；：？！"
_SPACE_BY_MARK = regex.compile(f" (?=[{_CLOSING_MARKS}{_MEDIAL_MARKS}])"
                               f"|(?<=[{_OPENING_MARKS}{_MEDIAL_MARKS}]) ")


# The same, to find: two characters, no lookbehind (the stdlib engine scans it fast).
_SPACE_BY_MARK_FOUND = re.compile(f" [{_CLOSING_MARKS}{_MEDIAL_MARKS}]"
                                  f"|[{_OPENING_MARKS}{_MEDIAL_MARKS}] ")


def _has_space_by_mark(text: str) -> bool:
    return (not text.isascii() and " " in text
            and _SPACE_BY_MARK_FOUND.search(text) is not None)


def normalise_spaces(text: str) -> str:
    """Trim, and collapse each run of spaces and tabs to one space; drop a space inside
    full-width Chinese punctuation (before ``，。、；：？！`` or a closing bracket, after one of
    those marks or an opening bracket); other CJK spacing is kept.

    >>> normalise_spaces("  two   spaces\\there ")
    'two spaces here'
    >>> normalise_spaces("牢记初心使命 解决突出问题")
    '牢记初心使命 解决突出问题'
    >>> normalise_spaces("国防安全 、粮食安全 。（ 新华社 ）Google表示， AI")
    '国防安全、粮食安全。（新华社）Google表示，AI'
    >>> normalise_spaces("科米尔（Daniel Cormier）（C） 降服 胜 刘易斯")
    '科米尔（Daniel Cormier）（C） 降服 胜 刘易斯'
    """
    if _printable_after_indent(text):
        # The usual case: the only whitespace is plain spaces (and the indent), so str methods
        # do what the regexes below would.
        if "  " in text or text[:1] == " " or text[-1:] in (" ", "\u3000"):
            text = " ".join(filter(None, text.split(" "))).rstrip()
    else:
        text = _SPACE_RUN.sub(" ", text)
        if "\n" in text:
            text = _NEWLINE_RUN.sub("\n", _SPACE_AROUND_NEWLINE.sub("\n", text))
        text = _LEADING_SPACE.sub("", text).rstrip()
    if _has_space_by_mark(text):
        text = _SPACE_BY_MARK.sub("", text)
    return text


# At the start of the paragraph and of every line in it, for text whose hard wraps were kept.
_INDENT = regex.compile(r"^[^\S\n]+", regex.MULTILINE)


def drop_indent(text: str) -> str:
    """Drop the full-width paragraph indent (``　　``) and any other leading whitespace.

    >>> drop_indent("　　北京时间11月4日消息")
    '北京时间11月4日消息'
    """
    if "\n" not in text:
        return text.lstrip()  # str.lstrip knows U+3000 is whitespace
    return _INDENT.sub("", text)


# ---------------------------------------------------------------------------------------------
# punct-width

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
# (The stdlib engine for this set of separate characters: it scans for them about twice as
# fast as ``regex``.)
_HALF_MARKS = re.compile(r"[,:;?!()]")
_FIRST_CJK = "\u2e80"  # every character of _CJK_CHAR is at or above the CJK radicals
# Text without a character at or above _FIRST_CJK has no _CJK_CHAR: most English paragraphs
# are ruled out by this quick search instead of the slower full scan of _CJK_CHAR. (``regex``
# for this one range: it scans a paragraph that has none about twice as fast as ``re``.)
_WIDE_CHAR = regex.compile(f"[{_FIRST_CJK}-\U0010ffff]")
# Characters that make their neighbourhood Chinese: ideographs and kana, CJK symbols and
# punctuation (U+3000-303F, with 《》「」【】), CJK compatibility forms and full-width forms.
_CJK_CHAR = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\u3100-\u312f\u31a0-\u31bf"  # Bopomofo blocks
    r"\u3000-\u303f\ufe30-\ufe4f\uff01-\uff65]"
)
# A mark inside a URL or an e-mail address belongs to it (``http://例子.cn/a?b=1``). A URL ends
# before trailing punctuation, as linkifiers do, so "(见http://x.cn)," still pairs its parens.
_PROTECTED = regex.compile(
    r"""
    (?:https?|ftp)[:：]//[\x21-\x7e]*[A-Za-z0-9/#=_~+\-]
    | www\.[\x21-\x7e]*[A-Za-z0-9/#=_~+\-]
    | (?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+
    """,
    regex.VERBOSE,
)
_QUOTES = frozenset("“”‘’\"'")
_SPACES = frozenset(" \t")
_BANG_QUERY = frozenset("?!？！")
# An ellipsis or a dash run after (or before) a mark is Chinese punctuation of its own
# (好!…… / 什么?——), so it is looked through to the text beyond it.
_ELLIPSIS_DASH = frozenset("…⋯—―")
_SKIP_PLAIN = _ELLIPSIS_DASH
_SKIP_BANG_QUERY = _BANG_QUERY | _ELLIPSIS_DASH


def _has_cjk(text: str) -> bool:
    """Whether _CJK_CHAR.search(text) finds a character. Every such character is at or above
    _FIRST_CJK, so none is ASCII; and none comes before the first wide character, which a
    Chinese paragraph usually starts with."""
    if text.isascii():
        return False
    if text[0] >= _FIRST_CJK:
        return _CJK_CHAR.search(text) is not None
    wide = _WIDE_CHAR.search(text)
    return wide is not None and _CJK_CHAR.search(text, wide.start()) is not None


def _is_cjk(char: str | None) -> bool:
    return char is not None and _CJK_CHAR.match(char) is not None


def _is_ascii_alnum(char: str | None) -> bool:
    return char is not None and char.isascii() and char.isalnum()


def _neighbour(text: str, i: int, step: int, skip: frozenset[str]) -> tuple[str | None, bool]:
    """The nearest character to text[i] in direction step, looking through spaces, quotes and
    the characters in skip; and whether it touches the mark (no space in between)."""
    j = i + step
    touching = True
    while 0 <= j < len(text):
        char = text[j]
        if char in _SPACES:
            touching = False
        elif char not in _QUOTES and char not in skip:
            return char, touching
        j += step
    return None, touching


def _mark_is_chinese(text: str, i: int) -> bool:
    # '?!' and '？！' run together; look through the rest of the run.
    skip = _SKIP_BANG_QUERY if text[i] in _BANG_QUERY else _SKIP_PLAIN
    left, left_touches = _neighbour(text, i, -1, skip)
    right, right_touches = _neighbour(text, i, +1, skip)
    if _is_cjk(left):
        # 引进,引进 / 完成了吗? / 时间:19:35 / 网址:www.sina.com.cn
        return right is None or _is_cjk(right) or (right_touches and _is_ascii_alnum(right))
    if _is_cjk(right):
        # 比分3:2,恒大 / 战队iG,拿到 -- but not "in English, 中文" where a space intervenes
        return left is None or (left_touches and right_touches and _is_ascii_alnum(left))
    return False


# Outside a pair of parentheses, the half-width marks next to it are looked through: in
# "179场(次),专题" neither the pair nor the comma could otherwise ever convert first.
_PAIR_SKIP = frozenset(",:;?!")


def _pair_is_chinese(text: str, open_at: int, close_at: int) -> bool:
    left, _ = _neighbour(text, open_at, -1, _PAIR_SKIP)
    right, _ = _neighbour(text, close_at, +1, _PAIR_SKIP)
    if not (left is None or _is_cjk(left)) or not (right is None or _is_cjk(right)):
        return False  # "Beijing (北京) is" and "f(x)" keep their parentheses
    return _is_cjk(left) or _is_cjk(right) or bool(_CJK_CHAR.search(text, open_at, close_at))


def _protected_positions(text: str) -> set[int]:
    protected: set[int] = set()
    for match in _PROTECTED.finditer(text):
        protected.update(range(match.start(), match.end()))
    return protected


_MARK_OR_PAREN = regex.compile(r"[,:;?!()（）]")


def _convert_once(text: str) -> str:
    """One pass of fix_punct_width: convert every mark whose context is Chinese now."""
    protected = _protected_positions(text) if ("/" in text or "@" in text) else set()
    convert: set[int] = set()
    stack: list[int] = []  # parentheses pair over both widths
    for match in _MARK_OR_PAREN.finditer(text):
        i, char = match.start(), match.group()
        if i in protected:
            continue
        if char in "(（":
            stack.append(i)
        elif char in ")）":
            if not stack:
                continue  # an unmatched ')' is left as it is
            open_at = stack.pop()
            half_open, half_close = text[open_at] == "(", char == ")"
            if half_open and half_close:
                if _pair_is_chinese(text, open_at, i):
                    convert.update((open_at, i))
            elif half_open or half_close:
                convert.add(open_at if half_open else i)  # make a mixed pair consistent
        elif _mark_is_chinese(text, i):
            convert.add(i)
    if not convert:
        return text
    # A full-width mark carries its own spacing: spaces touching a converted mark go.
    pieces: list[str] = []
    pos = 0
    for i in sorted(convert):
        start = i
        while start > pos and text[start - 1] in _SPACES:
            start -= 1
        pieces.append(text[pos:start])
        pieces.append(_HALF_TO_FULL[text[i]])
        pos = i + 1
        while pos < len(text) and text[pos] in _SPACES:
            pos += 1
    pieces.append(text[pos:])
    return "".join(pieces)


def fix_punct_width(text: str) -> str:
    """Make half-width ``, : ; ? ! ( )`` full-width where both sides are Chinese.

    >>> fix_punct_width("聚焦村民所盼,引进先进技术")
    '聚焦村民所盼，引进先进技术'
    >>> fix_punct_width("共1,000人, 比分3:2, in English, too")
    '共1,000人，比分3:2, in English, too'
    """
    if text.isascii() or not _HALF_MARKS.search(text):
        return text
    if not _has_cjk(text):
        return text
    # Converting a mark can make its neighbour's context Chinese ("(次),专题"), and conversion
    # only ever adds Chinese context, so passes repeat until one changes nothing; the result is
    # a fixed point, which is what makes the step idempotent.
    while True:
        converted = _convert_once(text)
        if converted == text:
            return text
        if not _HALF_MARKS.search(converted):
            # No half-width mark left, so the next pass has none to convert (only half-width
            # ones ever are) and would return converted as it is: it is the fixed point.
            return converted
        text = converted


# ---------------------------------------------------------------------------------------------
# composition

_FIXES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("entities", decode_entities),
    ("mojibake", fix_mojibake),
    ("unicode", fix_unicode),
    ("spaces", normalise_spaces),
    ("indent", drop_indent),
    ("punct-width", fix_punct_width),
)
assert tuple(name for name, _ in _FIXES) == STEPS
# Each step is idempotent, but one step can hand another new work: removing a zero-width space
# joins "&am\u200bp;" into an entity, an entity decodes to a no-break space, and ftfy reads
# "Â " as mojibake or not depending on what surrounds it, which trimming changes. So the steps
# repeat until a round changes nothing. Clean text costs one round, which _quick_round mostly
# settles in a few scans; text that changed costs one more, which it makes as cheap.
_MAX_ROUNDS = 4


# One scan for what most CJK text has none of: a Latin-1 character (the only way into
# fix_mojibake's work) or a half-width mark (the only way into fix_punct_width's). The stdlib
# engine: for a set of separate characters it scans faster than ``regex``.
_LATIN1_OR_HALF_MARK = re.compile(r"[\x80-\xff,:;?!()]")


def _quick_round(text: str, steps: frozenset[str]) -> str | None:
    """What one round of the steps makes of text, where that is known without running them
    all: for text that no step but punct-width (the last) can change, as nearly all scraped
    text is, it is punct-width's result, and most of the time the text itself. None for text
    that some other step might change.

    This is exact, not a guess: each condition below is one of the steps' own early returns,
    so each of those steps, run, would return the text as it is.

    - No '&': entities returns at once.
    - Printable: str.isprintable is False for every control, format, surrogate, private-use,
      unassigned, line- or paragraph-separator and space character except ' ' (so for \\t,
      \\n, NBSP, U+3000 and the zero-width characters). unicode then returns at its
      _printable_after_indent check (after NFC: see below), and spaces takes its str branch.
    - No double, leading or trailing ' ' (nor a trailing U+3000, which is not printable), and
      no ' ' beside a full-width mark: spaces returns the text as it is; and indent (no "\\n"
      in printable text, so str.lstrip) strips nothing, as ' ' is the only printable character
      for which str.isspace is True.
    - ASCII: mojibake returns at once, unicode at text.isprintable(), punct-width at once.
    - Otherwise no U+FFFD and NFC already: unicode has nothing to remove or normalise before
      its printable check.
    - No Latin-1 character, or no _MOJIBAKE_HINT from the first one on: mojibake's own test.
    - And punct-width returns at once without a half-width mark or a CJK character.
    """
    if not (("entities" not in steps or "&" not in text) and text.isprintable()
            and "  " not in text and text[:1] != " " and text[-1:] != " "
            and not _has_space_by_mark(text)):
        return None
    if text.isascii():
        return text
    if _REPLACEMENT in text or not unicodedata.is_normalized("NFC", text):
        return None
    latin1_or_mark = _LATIN1_OR_HALF_MARK.search(text)
    if latin1_or_mark is None:  # the usual CJK paragraph
        return text
    # No Latin-1 character comes before the first match, so the search from there finds the
    # same first one as fix_mojibake's search from the start.
    first_high = _LATIN1_HIGH.search(text, latin1_or_mark.start())
    if first_high is not None and _MOJIBAKE_HINT.search(text, first_high.start()):
        return None
    if "punct-width" not in steps or not _has_cjk(text):  # English with curly quotes
        return text
    return fix_punct_width(text)


def clean_paragraph(
    text: str, steps: frozenset[str] = DEFAULT_STEPS
) -> tuple[str, tuple[str, ...]]:
    """Clean one paragraph; return the cleaned text and the names of the steps that changed it
    (in STEPS order).

    >>> clean_paragraph("　　新疆维吾尔自治区总工会派工作队进驻贫困村,聚焦村民所盼")
    ('新疆维吾尔自治区总工会派工作队进驻贫困村，聚焦村民所盼', ('indent', 'punct-width'))
    """
    quick = _quick_round(text, steps)
    if quick == text:
        return text, ()  # the usual case: round 1 changes nothing and is the last
    changed: set[str] = set()
    for _ in range(_MAX_ROUNDS):
        before = text
        if quick is None:
            for name, fix in _FIXES:
                if name in steps:
                    fixed = fix(text)
                    if fixed != text:
                        changed.add(name)
                        text = fixed
        elif quick != text:  # every step but punct-width returned the text as it was
            changed.add("punct-width")
            text = quick
        if text == before:
            break
        quick = _quick_round(text, steps)  # for the next round
    if not changed:
        return text, ()
    return text, tuple(name for name in STEPS if name in changed)


# ---------------------------------------------------------------------------------------------
# junk lines

# Each alternative matches a whole line of JavaScript, CSS, HTML or template code as it is left
# in scraped Sina pages. Every one starts with ASCII syntax, so a line of Chinese prose (which
# starts with a Han character, a quote or a bracket) can never match; English prose would need
# code punctuation where a sentence has words.
_CODE_LINE = regex.compile(
    r"""
    ^\s*(?:
        (?=[{}()\[\];,\s]*[{}\[\]])[{}()\[\];,\s]*+          # }) }); }, ], {
      | \(?function\s*[\w$]*\s*\([^)]*\)\s*\{.*                # (function(){  function f(a) {
      | (?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=.*             # var adScript = ...
      | new\s+[A-Za-z_$][\w$.]*\s*\(.*                         # new SinaPageVideo({
      | [A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*     # adScript.src = '...';
        \s*=\s*(?:'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|\[|\{
          |(?:new\s+)?[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\]|\([^()]*\))*)
        \s*(?:\|\|.*)?[;,]?\s*[\[{]?\s*(?:\{\s*)?
      | \(?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\s*\(.*      # SinaPage.loadWidget({
        (?:[;{(,]|\)\s*;?)
      | \(\s*[A-Za-z_$][\w$.]*\s*=.*\)\s*\.\s*\w+\s*\(.*\)\s*;?  # (sinaads = ...).push({})
      | [A-Za-z_$][\w$]*\s*:\s*                                # id: 'wb01',  trigger: {
        (?:'[^']*'|"[^"]*"|\{|\[|true|false|null|-?\d+(?:\.\d+)?(?=\s*,)
           |function\s*\([^)]*\)\s*\{
           |[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\])+)
        \s*,?\s*(?:[{\[]\s*)?(?://.*)?
      | (?:[.\#]?-?[A-Za-z_][\w\-]*+(?:[\s.\#:>+~,*\-]+[\w\-]++|\[[^\]]*\])*\s*\{[^{}]*\}\s*)*
        [.\#]?-?[A-Za-z_][\w\-]*+(?:[\s.\#:>+~,*\-]+[\w\-]++|\[[^\]]*\])*\s*\{[^{}]*\}?  # .a p{...}
      | (?:-(?:webkit|moz|ms|o)-)?                             # -webkit-transition:all .3s;
        (?:margin|padding|border|background|color|font|width|height|display|position|top|left
          |right|bottom|float|clear|overflow|transition|transform|opacity|z-index|cursor
          |line-height|text-[a-z-]+|max-[a-z-]+|min-[a-z-]+|box-[a-z-]+|vertical-align
          |white-space|list-style)[a-z-]*\s*:
        \s*(?:[\w\-]+|[^;{}]*[\d\#(][^;{}]*)\s*(?:!important)?\s*;  # a digit, colour or url()
      | </?[A-Za-z][\w\-]*(?:\s[^<>=]*=[^<>]*)?\s*/?>(?:.*>)?  # <li class="x">  </a>
                                              # (attributes have '=': not <The Palace: A Tale>)
      | .*@@[~=?].*\$\$.*                                       # @@=value.title$$ templates
    )\s*$
    """,
    regex.VERBOSE,
)
# A lone URL, possibly in brackets; Sina sometimes writes the colon full-width.
_LONE_URL = regex.compile(
    r"^[\s(\[<（【]*(?:(?:https?|ftp)[:：]//|www\.|//[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+/)"
    r"[\x21-\x7e]+?[\s)\]>）】.,;。，；]*$"
)
# A share or follow bar: nothing but share targets and separators, with at least one verb.
_SHARE_WORDS = (
    r"分享到|分享|转发到|转发|收藏|打印|关注我们|关注|新浪微博|腾讯微博|微博|微信好友|微信|朋友圈"
    r"|QQ空间|QQ好友|QQ|豆瓣|人人网|百度贴吧|Facebook|Twitter|LinkedIn|WhatsApp|Reddit|Pinterest"
    r"|Weibo|WeChat|E-?mail|Print|Share(?:\s+(?:this|on|via))?|Tweet|Follow(?:\s+us)?(?:\s+on)?"
    r"|Copy\s+link|扫一扫|扫码|二维码|好友"
)
# Words that join share targets in a Chinese share bar: 用微信扫码 / 分享至好友和朋友圈.
_SHARE_JOINERS = r"用|至|到|给|和|与|及|或"
_SHARE_BAR = regex.compile(
    rf"^[\s|｜·•/:：,，、\-]*(?:{_SHARE_JOINERS})?"
    rf"(?:(?:{_SHARE_WORDS})[\s|｜·•/:：,，、\-]*(?:(?:{_SHARE_JOINERS})(?=\p{{Han}}))?)+$",
    regex.IGNORECASE,
)
_SHARE_VERB = regex.compile(r"分享|转发|关注|扫码|扫一扫|share|tweet|follow", regex.IGNORECASE)
# An image credit on a line of its own:
# 图片来源：视觉中国 / （图片来源：网络） / 新华社记者李晓果摄 / Photo: Reuters.
# Image-source lines are site furniture. A photographer's own credit line (新华社记者李晓果摄)
# is attribution, like a byline, and stays.
_CREDIT = regex.compile(
    r"""
    ^[(（\[【]?\s*
    (?:图片来源|图片来自|图片提供|图片|图源|摄影|图|摄
      |(?:photo(?:graph)?|image|picture)s?(?:\s+(?:credit|courtesy|source|by))?)
    \s*[:：@/／]\s*[^。！？!?]{1,40}[)）\]】]?\s*$
    | ^[(（]?\s*(?:photo(?:graph)?|image)s?\s+(?:by|courtesy\s+of)\s+[^.!?]{1,60}[)）]?\s*$
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
# "Click here" lines. In prose 点击 is an ordinary verb ("点击链接后，页面会跳转……"), so a
# line counts only if it is one short clause without a sentence or clause break, or ends in a
# bracketed or labelled "点击查看"-type link, or is a QR-code/official-account plug.
_PROMO = regex.compile(
    r"""
    ^[\s↑↓←→▲▼►▶☞👉\[【(（]*(?:点击|点此|戳这里|戳此)[^，。！？,.!?；;]{0,24}[！!\]】)）]?\s*$
    | (?:^|[：:！？!?\[【])\s*(?:点击|点此)(?:进入|查看|这里|此处|阅读)
      [^，。！？,.!?]{0,12}[\]】]?\s*$
    | ^[\s↑↓←→▲▼►▶☞👉]*(?:扫码|扫描|长按|微信搜索|搜索关注|欢迎关注|更多精彩)[^。]{0,50}
      (?:公众号|二维码|微信号|客户端|APP)[^。]{0,30}$
    | ^[\s\[(]*(?:click|tap)\s+here\b[^.!?]{0,60}[.!?]?[\])]?\s*$
    | ^\s*(?:read\s+more|continue\s+reading|subscribe\s+to\s+our\s+newsletter
      |sign\s+up\s+for\s+our\s+newsletter)\b[^.!?]{0,40}[.:!]?\s*$
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
# What a _PROMO match needs: one of its Chinese cue words somewhere, or the start of one of
# its English alternatives (which are anchored). Checked first because prose rarely has them.
# The cue words are not ASCII, so ASCII text is not searched for them.
_PROMO_CUE = re.compile("点击|点此|戳这里|戳此|扫码|扫描|长按|微信搜索|搜索关注|欢迎关注|更多精彩")
_PROMO_ENGLISH_START = r"[\s\[(]*(?:click|tap|read|continue|subscribe|sign)"
# The start every match of _SHARE_BAR, _CREDIT or an English _PROMO alternative begins with,
# under the same flags, so one anchored match rules out all three for most lines:
# - _SHARE_BAR is separators, then share words, separators and joiners: so separators, a
#   joiner perhaps, and a word;
# - _CREDIT's words all start with 图, 摄, photo, image or picture, after its optional
#   bracket and \s*;
# - _PROMO_ENGLISH_START.
_JUNK_HEAD = regex.compile(
    rf"[\s|｜·•/:：,，、\-]*(?:{_SHARE_JOINERS})?(?:{_SHARE_WORDS})"
    r"|[(（\[【]?\s*(?:图|摄|photo|image|picture)"
    rf"|{_PROMO_ENGLISH_START}",
    regex.IGNORECASE,
)


# Cheap necessary conditions for a _CODE_LINE match, so that prose skips the long pattern.
# Every alternative but the template one starts (after whitespace) with one of these
# characters; str.lstrip strips a superset of what \s matches, so a line whose first character
# after it is not one of them cannot match.
_CODE_START = frozenset("{}()[];,_$.#-<abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# ...and every alternative needs one of these characters somewhere ('@' for the template one).
_CODE_SYNTAX = re.compile(r"[{}\[\]=(:<@]")
# A line of prose most often starts with a word, and then only these alternatives can match:
#   function f(a) {  /  .a p {...}   -- need a '{'
#   margin-top: 0;                   -- ends in ';'
#   var x = / let / const / new X(   -- start with the keyword and \s
#   a.b = ... / a[0] = / a = ...     -- start with an identifier [A-Za-z_$][\w$]* followed,
#   a.b.c(...)  /  id: 'wb01',          after \s*, by one of '= : . ['
# ...so a line starting with a word that has none of these cannot match. _CODE_HEAD is the
# test for the last two: the stdlib engine (three times faster here than ``regex``) with
# classes that take in at least what those of _CODE_LINE do: its \s every character that
# regex's \s matches, and its identifier class every one that regex's [\w$] matches (ASCII
# letters, digits, '_' and '$', and any non-ASCII character that is not whitespace). Tests
# check both claims over all of Unicode. The identifier class and \s share no character, so
# the match never backtracks more than once per character.
_IDENTIFIER_START = frozenset("_$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SELECTOR_START = frozenset(".#-")  # '.a p {', '#id {', '-webkit-transition: all .3s;'
_IDENTIFIER_CHAR = r"[^\s\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_CODE_HEAD = re.compile(rf"(?:var|let|const|new)\s|[A-Za-z_$]{_IDENTIFIER_CHAR}*\s*[=:.\[]")


def _may_be_code_line(line: str) -> bool:
    if "@@" in line:
        return True  # the template alternative may start anywhere
    line = line.lstrip()
    first = line[:1]
    if first in _IDENTIFIER_START:
        return "{" in line or ";" in line or _CODE_HEAD.match(line) is not None
    if first in _SELECTOR_START:  # only the two CSS alternatives can match
        return "{" in line or ";" in line
    return first in _CODE_START and _CODE_SYNTAX.search(line) is not None


def _is_code(text: str) -> bool:
    if "\n" not in text:  # the usual paragraph: one line
        return _may_be_code_line(text) and _CODE_LINE.match(text) is not None
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and all(_may_be_code_line(line) and _CODE_LINE.match(line)
                               for line in lines)


# Footers. A copyright notice: it opens with the word or the sign and holds a year, or it is a
# short line that says all rights are reserved. Prose about copyright has neither shape.
_COPYRIGHT = regex.compile(
    r"""
    ^(?:copyright\s*(?:©|\(c\))?\s*(?:19|20)\d\d          # Copyright © 1996-2018 SINA
       |(?:copyright\s*)?©(?=[^\n]*(?:19|20)\d\d)           # © Reuters 2019
       |\(c\)\s*(?:19|20)\d\d)[^。！？!?\n]*$
    | ^[^。！？!?，,\n]{0,40}(?:all\s+rights\s+reserved|版权所有)[^。！？!?，,\n]{0,40}$
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_COPYRIGHT_CUE = re.compile(r"©|版权所有|copyright|\(c\)|rights\s+reserved", re.IGNORECASE)
# A row of site links: three or more short items between '|', none of them a sentence or a
# number (新浪简介|广告服务|About Sina). A table row has figures or a '|' at its ends.
_LINK_ROW = regex.compile(
    r"""
    ^(?:[^|｜\d。，！？,.!?；;：:]{1,20}[|｜]){2,}[^|｜\d。，！？,.!?；;：:]{1,20}$
    """,
    regex.VERBOSE,
)

# What in a code line prose never writes outside a quoted string: braces, a semicolon, a tag's
# brackets, a call's parentheses, an arrow or a logical operator, a template's @@, a keyword
# that declares. A code line without any of them (``Jansen: "Oberliga ist keine
# Pillepalle-Liga"``, ``Price: $31.00``, ``filename=$1``) reads as prose or as article code.
_STRING_LITERAL = regex.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_CERTAIN_CODE = regex.compile(
    r"[{};<>()]|=>|\|\||&&|@@|(?:^|\n)\s*(?:var|let|const|function|new)\s"
)
# Reasons whose look alone decides nothing: a lone URL, an image credit, a "click here" line, a
# copyright line and a row of links stand in real articles too (the annotated bodies of the
# Zyte benchmark keep "(Image credit: All About Space)", "Click here to get more information
# ..." and "Copyright 2019 Hawaii News Now. All rights reserved."; Sina bodies keep their
# reference links). They go only beside junk that is certain, or stacked (_STACK).
_WEAK_REASONS = frozenset({"url", "credit", "promo", "footer", "links"})


def junk_look(text: str) -> tuple[str, bool] | None:
    """What this paragraph/line looks like, if it looks like junk, and whether that look is
    certain: (reason, certain). See :func:`junk_reason` for the reasons.

    >>> junk_look("SinaPage.loadWidget({")
    ('code', True)
    >>> junk_look('Jansen: "Oberliga ist keine Pillepalle-Liga"')
    ('code', False)
    """
    reason = junk_reason(text)
    if reason is None:
        return None
    if reason == "code":
        return reason, _CERTAIN_CODE.search(_STRING_LITERAL.sub("", text.strip())) is not None
    return ("footer", False) if reason == "links" else (reason, reason not in _WEAK_REASONS)


# A stack of this many paragraphs that all look like junk is furniture, however uncertain
# each look (a footer: rows of site links over a copyright line); fewer stand in articles
# (a reference URL, a credit under a photo, a copyright line under a story).
_STACK = 3
# An introduction is followed by what it introduces at once: its own line and a blank line or
# two (a wrapped introduction takes a line or two more). Scraped widget code stands after
# a dozen blank lines of page layout, even when the text before it ends in a colon
# (视频画面：, where the video player was).
_INTRODUCED_WITHIN_LINES = 4


def junk_verdicts(texts: Sequence[str],
                  look: Callable[[str], tuple[str, bool] | None] = junk_look,
                  lines: Sequence[int] | None = None) -> list[str | None]:
    """For each paragraph of a document, in order, the reason it is junk, or None.

    A line's look is not enough: widget code and article code, a share bar and a sentence about
    sharing, differ in where they stand. So paragraphs are judged in *runs*, maximal stretches
    of consecutive paragraphs that all look like junk. A run goes as a whole when it holds at
    least one paragraph whose look is certain (code with braces, semicolons or calls; a share
    bar) or at least _STACK paragraphs (a footer's rows of links over its copyright line). But
    a paragraph ending in ':' or '：' ("Save this as rename.sh:", "…diese Petition:") at most
    _INTRODUCED_WITHIN_LINES lines above the run, or above the block of consecutive lines the
    run continues, introduces it: the block right below it (lines with no blank line between)
    is the article's, and only the rest of the run is judged. A run of looks that are not
    certain (a lone URL, a credit, ``Name: "quote"``) stays.

    ``look`` is :func:`junk_look` or a memoised copy of it; ``lines``, the input line each
    paragraph starts on (without them, an introduction is taken at its word).

    >>> junk_verdicts(["(function(){", "var a = 1;", "})();", "Real text follows."])
    ['code', 'code', 'code', None]
    >>> junk_verdicts(["Run this:", "var a = 1;", "Then reload."])
    [None, None, None]
    >>> junk_verdicts(["Jansen said it twice.", 'Jansen: "Nein"', "The end."])
    [None, None, None]
    """
    looks = [look(text) for text in texts]
    verdicts: list[str | None] = [None] * len(looks)
    start = 0
    while start < len(looks):
        if looks[start] is None:
            start += 1
            continue
        end = start
        while end < len(looks) and looks[end] is not None:
            end += 1
        if start and _introduced(texts, lines, start):
            # What is introduced is the block that follows at once, line after line (a URL, a
            # script); whatever stands after a blank line is judged on its own.
            start += 1
            while start < end and lines is not None and lines[start] - lines[start - 1] <= 1:
                start += 1
        if end - start >= _STACK or any(looks[i][1] for i in range(start, end)):
            for i in range(start, end):
                verdicts[i] = looks[i][0]
        start = end
    return verdicts


def _introduced(texts: Sequence[str], lines: Sequence[int] | None, start: int) -> bool:
    """Whether the paragraph at start is introduced: by the paragraph before it, or by the one
    before the block of consecutive lines it closes (``#!/bin/sh`` between "Save this as
    rename.sh:" and ``filename=$1``), standing close enough above it."""
    if lines is None:
        return _introduces(texts[start - 1])
    at = start - 1
    while at > 0 and not _introduces(texts[at]) and lines[at + 1] - lines[at] <= 1:
        at -= 1
    return _introduces(texts[at]) and lines[at + 1] - lines[at] <= _INTRODUCED_WITHIN_LINES


def _introduces(text: str) -> bool:
    """Whether a paragraph points to what follows it (ends in a colon)."""
    return text.rstrip()[-1:] in (":", "：")


def junk_reason(text: str) -> str | None:
    """If this paragraph/line *looks like* junk in scraped text (inline JS/CSS or widget code, a
    lone URL, a share/follow bar, an image credit, a 'click here' line, a copyright notice or a
    row of site links), return a short reason word ('code', 'url', 'share', 'credit', 'promo',
    'footer', 'links'); else None. Whether it goes depends on what stands around it: see
    :func:`junk_verdicts`.

    Conservative: a line of real prose (Chinese or English) must never look like junk.

    >>> junk_reason("SinaPage.loadWidget({")
    'code'
    >>> junk_reason("　　北京时间11月4日消息，CBA常规赛第七轮继续进行。") is None
    True
    """
    stripped = text.strip()
    if not stripped:
        return None
    if ("//" in stripped or "www." in stripped) and _LONE_URL.match(stripped):
        return "url"
    # Code starts with a character of _CODE_START, or has '@@' (see _may_be_code_line); a
    # stripped text starts with the first character of its first line, after its whitespace.
    if (stripped[0] in _CODE_START or "@@" in stripped) and _is_code(stripped):
        return "code"
    if len(stripped) > 100:
        return None  # too long for a share bar, a credit, a promo line or a footer
    head = _JUNK_HEAD.match(stripped) is not None  # False: no share, credit or English promo
    if head and len(stripped) <= 80:
        if _SHARE_BAR.match(stripped) and _SHARE_VERB.search(stripped):
            return "share"
        if _CREDIT.match(stripped):
            return "credit"
    if ((head or (not stripped.isascii() and _PROMO_CUE.search(stripped)))
            and _PROMO.search(stripped)):
        return "promo"
    if _COPYRIGHT_CUE.search(stripped) and _COPYRIGHT.match(stripped):
        return "footer"
    if ("|" in stripped or "｜" in stripped) and _LINK_ROW.match(stripped):
        return "links"
    return None


# ---------------------------------------------------------------------------------------------
# fragments

# A paragraph ending in one of these ends a sentence (a closing quote or bracket is taken to
# close one), or introduces what follows (附详细名单： / as follows: / ——).
_COMPLETE_END = frozenset("。！？…!?.”’」』）)】》\"'：:；;—～~")
# These can never start a sentence, in Chinese or English. Not '…' (an elided quotation may
# start with it), not straight quotes (they open as well as close).
NON_INITIAL = frozenset("，、。；：！？,;:!?）」』”)】》")
# A heading: a short line without a comma, full stop or semicolon, such as
# "牢记初心使命 解决突出问题 推动主题教育取得实实在在成效" (28 characters) or "Results".
_HEADING_MAX_CHARS = 40
_CLAUSE_PUNCT = regex.compile(r"[，,。；;]|[.!?！？](?=.)")
_LOWERCASE_WORD = regex.compile(r"[a-z]+(?![A-Za-z])")
_LOWERCASE = frozenset("abcdefghijklmnopqrstuvwxyz")  # what a _LOWERCASE_WORD starts with
# A very short Chinese "sentence" is the tail of one cut off before it: 就业。
_SHORT_CJK_TAIL = regex.compile(r"\p{Han}{1,4}[。！？]”?")
_SHORT_CJK_TAIL_MAX_CHARS = 6  # four Han, the mark and the quote: no longer text matches


def _is_heading(text: str) -> bool:
    return len(text) <= _HEADING_MAX_CHARS and not _CLAUSE_PUNCT.search(text)


def _starts_with_lowercase_word(text: str) -> bool:
    # (The pattern is case-sensitive and anchored: a text that does not start with an ASCII
    # lowercase letter is ruled out without calling it.)
    return text[:1] in _LOWERCASE and _LOWERCASE_WORD.match(text) is not None


def _starts_mid_clause(text: str) -> bool:
    if text[0] in NON_INITIAL:
        return True
    if (len(text) > _SHORT_CJK_TAIL_MAX_CHARS and "”" not in text
            and text[0] not in _LOWERCASE):
        # The usual paragraph: too long for a short tail, no closing quote, no lowercase word
        # first, so both branches below say False, and _has_cjk need not choose between them.
        return False
    if _has_cjk(text):
        if len(text) <= _SHORT_CJK_TAIL_MAX_CHARS and _SHORT_CJK_TAIL.fullmatch(text):
            return True
        # Chinese quotes are always “”; a closing one first means the quote began earlier:
        # 和水平。”  /  力、沟通协调能力。”西安市人大常委会副主任……说。
        closing = text.find("”")
        return closing >= 0 and text.find("“", 0, closing) < 0
    return _starts_with_lowercase_word(text)  # "and the rest of the team."


def continues(text: str, next_text: str) -> bool:
    """True only where it is unambiguous that next_text continues the sentence cut at the end
    of text (so the pipeline may join them).

    >>> continues("The minister said that the government would", "review the decision.")
    True
    >>> continues("全市工会开展就业创业免费技能培训，43名下岗失业人员通过技能培训实现", "就业。")
    False
    """
    text, next_text = text.strip(), next_text.strip()
    if not text or not next_text or text[-1] in _COMPLETE_END:
        return False
    if next_text[0] in NON_INITIAL:
        return True  # "，环境恶劣" can only continue something
    if _is_heading(text):
        return False
    # English: a lowercase word after a paragraph ending in a word, a number or a comma. Any
    # Han character can start a Chinese sentence, so Chinese is never joined on this evidence.
    return _starts_with_lowercase_word(next_text) and (
        _is_ascii_alnum(text[-1]) or text[-1] in ",-"
    )


def fragment_kind(text: str, next_text: str | None) -> str | None:
    """'cut' if the paragraph ends mid-sentence and next_text does not continue it;
    'mid-clause' if it starts mid-clause (e.g. '和水平。”', '就业。', '力、沟通协调能力。”…');
    None otherwise. Used only to FLAG, never to drop.

    >>> fragment_kind("就业。", None)
    'mid-clause'
    >>> fragment_kind("牢记初心使命 解决突出问题", "王沪宁在中华全国总工会机关调研时强调") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    if _starts_mid_clause(text):
        return "mid-clause"
    if text[-1] in _COMPLETE_END or _is_heading(text):
        return None
    if next_text is not None and continues(text, next_text):
        return None
    return "cut"
