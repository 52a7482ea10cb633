"""Damaged article text with gold labels, made deterministically from clean articles.

Scraping and PDF extraction damage text in a few recurring ways: a run of paragraphs is
repeated right after itself or far away, a paragraph reappears with a few characters changed,
a different subject, other punctuation widths or an indent, a copy is cut short, two paragraphs
alternate with the later copies reworded, lines are hard-wrapped at some width.  This module
applies those kinds of damage to clean articles and writes down, for every unit of content, the
raw texts under which it now appears and how many copies of it a perfect cleaner keeps.

It also plants the two kinds of *negatives* a cleaner must leave alone: a paragraph followed by
a sibling that differs only in one number (two facts, two groups), and a short line such as a
byline that occurs twice, far apart, on its own (kept once or twice).

The gold has the format of ``../shared/eval/score.py``::

    {"groups": [{"variants": [raw text, ...], "min": 1, "max": 1, "input_copies": n}, ...]}

with the groups in the order their first copy appears in the damaged text, and ``variants[0]``
the complete, undamaged text.  :func:`score` re-implements that scorer's semantics.

Everything is a pure function of the articles, the seed and the options (stdlib only).

>>> arts = [Article("a", "A title that is long enough to count", (
...     "The first paragraph, which says one thing and then another thing.",
...     "The second paragraph, which has 12 apples and a few more words."))]
>>> text, gold = damage(arts, seed=1, options=DamageOptions.none())
>>> text == render(arts)
True
>>> score(gold, text)["lost"], score(gold, text)["dup_recall"]
(0, 1.0)
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path

__all__ = [
    "Article", "Case", "DamageOptions", "Lexicon",
    "canon", "damage", "damage_case", "generate_stream", "ideal_output", "load_articles",
    "parse_article", "render", "score", "vary_article",
]

# --------------------------------------------------------------------------------------------
# Articles

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*\n")  # the paragraph separator score.py uses
_BLANK_RUN = re.compile(r"\n(?:[ \t\u3000\xa0]*\n)+")
_DIGITS = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


_LETTER = re.compile(r"[^\W\d_]")


def _is_chinese(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_CJK.findall(text)) / letters > 0.3


@dataclass(frozen=True)
class Article:
    """A clean article: a title and its paragraphs, in order, without blank lines inside."""

    name: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def units(self) -> tuple[str, ...]:
        """The title followed by the paragraphs: what the output of a cleaner is made of."""
        return (self.title, *self.paragraphs)

    @cached_property
    def lang(self) -> str:
        """``"zh"`` when most letters are CJK characters, else ``"en"``."""
        return "zh" if _is_chinese(self.title + "".join(self.paragraphs)) else "en"

    def text(self) -> str:
        """The article in the corpus format: title, blank line, paragraphs, trailing newline."""
        return "\n\n".join(self.units) + "\n"


def parse_article(text: str, name: str = "") -> Article:
    """Read the corpus format (title, blank line, paragraphs separated by a blank line)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip() for b in _BLANK_RUN.split(text.strip("\n"))]
    blocks = [" ".join(b.split("\n")) if not _is_chinese(b) else b.replace("\n", "")
              for b in blocks if b]
    if not blocks:
        raise ValueError(f"{name or 'article'}: no text")
    return Article(name, blocks[0], tuple(blocks[1:]))


def load_articles(path: str | Path) -> list[Article]:
    """Every ``*.txt`` article in a folder, sorted by file name."""
    folder = Path(path)
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no *.txt articles in {folder}")
    return [parse_article(f.read_text(encoding="utf-8"), f.stem) for f in files]


def render(articles: Sequence[Article]) -> str:
    """The clean text of several articles: every unit once, separated by one blank line."""
    return "\n\n".join(u for a in articles for u in a.units) + "\n"


# --------------------------------------------------------------------------------------------
# Options

@dataclass(frozen=True)
class DamageOptions:
    """Which kinds of damage to apply and how often; a probability of 0 turns a kind off.

    Probabilities marked *per article* are drawn once for each article of the text.  The
    ``edit_*`` values are relative weights of the forms a near copy takes.
    """

    block: float = 0.6            # per article: a run of 2-9 units repeated 1-3 times
    block_far: float = 0.5        #   ...placed far away (else right after itself)
    block_edit: float = 0.3       #   ...each long unit of a copy gets a small edit
    repeat: float = 0.8           # per article: 1-3 single paragraphs repeated
    repeat_near: float = 0.6      #   ...as a near copy (else exact)
    repeat_far: float = 0.7       #   ...far away (else right after the original)
    truncate: float = 0.5         # per article: a copy cut to 60-90% of a paragraph
    truncate_earlier: float = 0.4  #   ...placed before the complete copy (else after it)
    alternate: float = 0.3        # per article: two paragraphs repeated alternately 2-6 times
    alternate_reword: float = 0.6  #   ...each later copy reworded (else exact)
    wrap: float = 0.3             # per article: hard-wrapped, every copy at its own width
    hyphenate: float = 0.5        #   ...English copies split long words as ``exam-\nple``
    subheads: float = 0.3         # per article: 1-2 short title lines, inside the block if any
    number_sibling: float = 0.4   # NEGATIVE per article: a paragraph + its sibling, 1 number off
    byline: float = 0.4           # NEGATIVE per article: a short line twice, far apart, alone
    blank_noise: float = 0.05     # per separator: the blank line holds spaces, NBSP or U+3000
    edit_chars: float = 1.0       # near copy: 1-3 letters replaced, inserted or deleted
    edit_subject: float = 1.0     # near copy: first words replaced ('So then it', '其实', '我们是')
    edit_punct: float = 1.0       # near copy: half-width <-> full-width punctuation
    edit_space: float = 1.0       # near copy: extra spaces or an indent ('　　')

    @classmethod
    def none(cls) -> DamageOptions:
        """Every kind off: :func:`damage` returns the clean text and its trivial gold."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    @classmethod
    def only(cls, **kinds: float) -> DamageOptions:
        """Every kind off except the ones given; the sub-options keep their defaults.

        >>> DamageOptions.only(wrap=1.0).wrap, DamageOptions.only(wrap=1.0).block
        (1.0, 0.0)
        """
        top = ("block", "repeat", "truncate", "alternate", "wrap", "subheads",
               "number_sibling", "byline", "blank_noise")
        return replace(cls(), **{**{k: 0.0 for k in top}, **kinds})


# --------------------------------------------------------------------------------------------
# Canonical form and lengths

class _KeepTable(dict):
    """``str.translate`` table, filled on demand: code point -> itself, or None to drop it."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        keep = not ch.isspace() and unicodedata.category(ch)[0] not in "PSCZ"
        self[code] = code if keep else None
        return self[code]


_KEEP = _KeepTable()


def canon(text: str) -> str:
    """The scorer's canonical form: HTML entities decoded, NFKC, lower case, no
    whitespace/punctuation/symbols/controls (as ../shared/eval/score.py's: a cleaner that
    decodes ``&#233;`` to ``é`` keeps the paragraph).

    >>> canon("　　Hello， World!\\n") == canon("hello,world")
    True
    >>> canon("a pr&#233;cis &amp; more") == canon("a précis & more")
    True
    """
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFKC", text).lower().translate(_KEEP)


def _weight(text: str) -> int:
    """Length of the canonical form, CJK characters counting 2 (they carry about a word)."""
    key = canon(text)
    return len(key) + len(_CJK.findall(key))


LONG = 40        # a unit this heavy may be repeated on its own; shorter ones only inside blocks
TRUNCATABLE = 80  # a unit this heavy may also appear as a truncated copy
FAR = 3          # a far copy lands at least this many segments after its original

# --------------------------------------------------------------------------------------------
# Edits that make a near copy.  None of them touches a digit or the letters next to one: a copy
# that differs in its numbers would be a different fact, not a copy.

SUBJECTS = {"en": ("So then it",), "zh": ("我们是", "其实")}
_TO_HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}
_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}


def _near_digit(text: str, i: int) -> bool:
    return any(0 <= j < len(text) and text[j].isdigit() for j in (i - 1, i, i + 1))


def _edit_chars(rng: random.Random, text: str, lang: str) -> str | None:
    """Replace, insert or delete 1-3 letters (CJK characters for Chinese)."""
    is_letter = (lambda ch: bool(_CJK.match(ch))) if lang == "zh" else (
        lambda ch: "a" <= ch.lower() <= "z")
    spots = [i for i, ch in enumerate(text) if is_letter(ch) and not _near_digit(text, i)]
    if len(spots) < 8:
        return None
    pool = sorted(set(_CJK.findall(text))) if lang == "zh" else list("abcdefghijklmnopqrstuvwxyz")
    n = 1 if _weight(text) < 60 else rng.randint(1, 3)
    for _ in range(5):
        chars = list(text)
        for i in sorted(rng.sample(spots, n), reverse=True):
            op = rng.choices(("replace", "insert", "delete"), (6, 2, 2))[0]
            other = rng.choice([c for c in pool if c.lower() != chars[i].lower()])
            if op == "replace":
                chars[i] = other
            elif op == "insert":
                chars.insert(i + 1, other)
            else:
                del chars[i]
        out = "".join(chars)
        if canon(out) != canon(text):
            return out
    return None


def _edit_subject(rng: random.Random, text: str, lang: str) -> str | None:
    """Replace the first 1-3 words (English) or 2-4 characters (Chinese) by another subject,
    where they are a small part of the text (a swapped subject, not a different line)."""
    subject = rng.choice(SUBJECTS[lang])
    if lang == "zh":
        k = rng.randint(2, 4)
        head = text[:k]
        if len(text) < 7 * k or not all(_CJK.match(ch) for ch in head) or text[k].isdigit():
            return None
        return subject + text[k:]
    words = rng.randint(1, 3)
    m = re.match(rf"(?:[A-Za-z'’\-]+[,;:]?\s+){{{words}}}", text)
    if not m or any(ch.isdigit() for ch in text[:m.end() + 1]) or len(text) < 6 * m.end():
        return None
    return f"{subject} {text[m.end():]}"


def _edit_punct(rng: random.Random, text: str, lang: str) -> str | None:
    """Switch punctuation width: full-width to half-width in Chinese, the reverse in English."""
    table = _TO_HALF if lang == "zh" else _TO_FULL
    spots = [i for i, ch in enumerate(text) if ch in table and not (
        0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())]
    chosen = [i for i in spots if rng.random() < 0.6] or spots[:1]
    if not chosen:
        return None
    chars = list(text)
    for i in chosen:
        chars[i] = table[chars[i]]
    return "".join(chars)


def _edit_space(rng: random.Random, text: str, lang: str) -> str | None:
    """Add an indent (full-width or spaces) and/or a few extra spaces inside the text."""
    out = text
    if rng.random() < 0.6:
        out = rng.choice(("\u3000\u3000", "\u3000\u3000", "  ", "    ")) + out
    if lang == "en":
        gaps = [m.start() for m in re.finditer(r"(?<=[A-Za-z,.]) (?=[A-Za-z])", out)]
    else:
        gaps = [i for i in range(1, len(out)) if _CJK.match(out[i - 1]) and _CJK.match(out[i])]
    if gaps and (out == text or rng.random() < 0.5):
        for i in sorted(rng.sample(gaps, min(len(gaps), rng.randint(1, 3))), reverse=True):
            out = out[:i] + " " * rng.randint(1, 2) + out[i:]
    return out if out != text else None


def _truncate(rng: random.Random, text: str) -> str | None:
    """A prefix of 60-90% of the text, never cut inside a number."""
    cut = int(len(text) * rng.uniform(0.6, 0.9))
    while 0 < cut < len(text) and text[cut - 1].isdigit() and text[cut].isdigit():
        cut -= 1
    out = text[:cut].rstrip()
    if not canon(out) or canon(out) == canon(text) or _weight(out) < LONG // 2:
        return None
    return out


_EDITS = {"chars": _edit_chars, "subject": _edit_subject, "punct": _edit_punct,
          "space": _edit_space}


def _near_copy(rng: random.Random, text: str, lang: str, opts: DamageOptions,
               forms: Sequence[str] = ("chars", "subject", "punct", "space")) -> str:
    """A near copy in one of the enabled forms; the text itself when none applies."""
    weights = {f: getattr(opts, f"edit_{f}") for f in forms}
    forms = [f for f in forms if weights[f] > 0]
    while forms:
        form = rng.choices(forms, [weights[f] for f in forms])[0]
        out = _EDITS[form](rng, text, lang)
        if out is not None:
            return out
        forms.remove(form)
    return text


def _change_one_number(rng: random.Random, text: str) -> str | None:
    """The same text with one number replaced by another of the same length."""
    numbers = list(_DIGITS.finditer(text))
    if not numbers:
        return None
    m = rng.choice(numbers)
    old = m.group()
    new = old
    while new == old:
        new = "".join(str(rng.randint(1 if i == 0 and len(old) > 1 else 0, 9))
                      for i in range(len(old)))
    return text[:m.start()] + new + text[m.end():]


# --------------------------------------------------------------------------------------------
# Hard wraps

_WIDTHS = {"zh": (30, 40), "en": (60, 80)}  # line widths, in characters

def _wrap(text: str, lang: str, width: int, hyphenate: bool) -> str:
    """Break the text into lines of at most ``width`` characters, as PDFs and mail do."""
    if len(text) <= width:
        return text
    if lang == "zh":  # Chinese is broken anywhere, even before punctuation
        return "\n".join(text[i:i + width] for i in range(0, len(text), width))
    lines, line = [], ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            room = width - len(line) - 2  # a space and the hyphen
            if hyphenate and word.isalpha() and len(word) >= 7 and room >= 3:
                cut = min(room, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
            else:
                lines.append(line)
                line = word
    lines.append(line)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The damage itself

_BYLINES = {
    "zh": ("本报记者 {name}", "（记者 {name}）", "责任编辑：{name}", "（本报记者 {name} 报道）",
           "（完）", "（央视记者 {name}）"),
    "en": ("By {name}", "Reporting by {name}", "Edited by {name}", "Advertisement",
           "(Reporting by {name})", "Story continues below"),
}
_NAMES = {
    "zh": ([*"张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗"],
           ["伟", "芳", "敏", "静", "磊", "洋", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英",
            "晓东", "海燕", "建国", "志强", "春梅", "雪"]),
    "en": (["James", "Mary", "Ahmed", "Sofia", "Chen", "Priya", "Tom", "Grace", "Lucas", "Nina",
            "Omar", "Hannah", "Diego", "Yuki", "Ellen", "Marcus"],
           ["Smith", "Okafor", "Novak", "Garcia", "Lindqvist", "Tanaka", "Brown", "Rossi",
            "Kowalski", "Dubois", "Haddad", "Murphy", "Schmidt", "Patel", "Reyes", "Walsh"]),
}
_SUBHEADS = {
    "zh": ("相关报道", "延伸阅读", "记者手记", "新闻链接", "背景资料", "专家解读", "数据速览",
           "现场直击", "权威发布", "图片新闻", "一线见闻", "热点追踪", "政策解读", "视频导读",
           "编者按", "今日关注", "民生直通车", "深度观察", "链接·背景", "声音"),
    "en": ("Related coverage", "Read more", "Key points", "What happens next", "Background",
           "In pictures", "Analysis", "Timeline", "Reaction", "The details", "Why it matters",
           "Latest", "More on this story", "What we know", "Share this article", "Top stories",
           "The big picture", "Context", "By the numbers", "Catch up"),
}


@dataclass
class _Group:
    original: str
    article: int
    kind: str                    # title, para, sibling, subhead, byline
    min: int = 1
    max: int = 1
    variants: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.weight = _weight(self.original)


@dataclass(frozen=True)
class _Copy:
    gid: int
    text: str


@dataclass(frozen=True)
class Case:
    """A damaged text, its gold, and a log of what was done (one tuple per damage, e.g.
    ``("block", gids, copies, "far")``; gids number the units in the order they were made)."""

    text: str
    gold: dict
    events: tuple[tuple, ...]


class _Builder:
    """Holds the text as a list of segments.  A segment is a run of copies that later damage
    never splits (a block and its copies stay contiguous); copies land between segments."""

    def __init__(self, articles: Sequence[Article], seed: object, opts: DamageOptions):
        self.articles, self.seed, self.opts = articles, seed, opts
        self.groups: list[_Group] = []
        self.segments: list[list[_Copy]] = []
        self.events: list[tuple] = []
        self.keys: set[str] = set()      # canonical forms of every original, for collisions
        self.article_gids: list[list[int]] = []

    def rng(self, *parts: object) -> random.Random:
        """An independent stream for one decision, so turning one kind off does not
        reshuffle the others."""
        return random.Random("|".join(map(str, (self.seed, *parts))))

    # ---- originals -------------------------------------------------------------------------
    def add_group(self, text: str, article: int, kind: str, **limits: int) -> int:
        key = canon(text)
        if not key or key in self.keys:
            raise ValueError(f"duplicate or empty unit in the input articles: {text[:60]!r}")
        self.keys.add(key)
        self.groups.append(_Group(text, article, kind, **limits))
        return len(self.groups) - 1

    def fresh_line(self, rng: random.Random, lang: str, templates: Sequence[str]) -> str | None:
        """A short line not used anywhere else in this text."""
        first, last = _NAMES[lang]
        for _ in range(20):
            name = (rng.choice(first) + rng.choice(last) if lang == "zh"
                    else f"{rng.choice(first)} {rng.choice(last)}")
            line = rng.choice(templates).format(name=name)
            if canon(line) not in self.keys:
                return line
        return None

    def lay_out_originals(self) -> None:
        for ai, art in enumerate(self.articles):
            lang = art.lang
            gids = [self.add_group(art.title, ai, "title")]
            gids += [self.add_group(p, ai, "para") for p in art.paragraphs]
            # subheads first, so that nothing comes between a paragraph and its sibling
            if self.opts.subheads and self.rng("subheads", ai).random() < self.opts.subheads:
                rng = self.rng("subheads-pick", ai)
                for _ in range(rng.randint(1, 2)):
                    line = self.fresh_line(rng, lang, _SUBHEADS[lang])
                    if line is None:  # the pool is used up in this text
                        continue
                    g = self.add_group(line, ai, "subhead")
                    gids.insert(rng.randint(2, len(gids)), g)
                    self.events.append(("subhead", g))
            p_sibling = self.opts.number_sibling
            if p_sibling and self.rng("sibling", ai).random() < p_sibling:
                rng = self.rng("sibling-pick", ai)
                spots = [i for i, g in enumerate(gids) if i > 0 and _DIGITS.search(
                    self.groups[g].original) and self.long(g)]
                if spots:
                    i = rng.choice(spots)
                    sibling = _change_one_number(rng, self.groups[gids[i]].original)
                    if sibling is not None and canon(sibling) not in self.keys:
                        g = self.add_group(sibling, ai, "sibling")
                        self.groups[gids[i]].kind = "sibling"
                        gids.insert(i + 1, g)
                        self.events.append(("number_sibling", gids[i], g))
            self.article_gids.append(gids)
            self.segments += [[_Copy(g, self.groups[g].original)] for g in gids]

    # ---- positions -------------------------------------------------------------------------
    def seg_of(self, gid: int) -> int:
        """Index of the segment holding the original (first-made) copy of a group."""
        original = self.groups[gid].original
        for i, seg in enumerate(self.segments):
            for c in seg:
                if c.gid == gid and c.text == original:
                    return i
        raise LookupError(gid)

    def free(self, gid: int) -> bool:
        """The original sits alone in its segment (not yet part of a block)."""
        return len(self.segments[self.seg_of(gid)]) == 1

    def span(self, ai: int) -> tuple[int, int]:
        gids = self.article_gids[ai]
        return self.seg_of(gids[0]), self.seg_of(gids[-1]) + 1

    def far_spot(self, rng: random.Random, after: int) -> int:
        """A boundary at least FAR segments after index ``after`` (or the end of the text)."""
        lo = min(after + FAR, len(self.segments))
        return rng.randint(lo, len(self.segments))

    def long(self, gid: int) -> bool:
        return self.groups[gid].weight >= LONG

    # ---- kinds of damage -------------------------------------------------------------------
    def repeat_block(self, ai: int) -> None:
        rng, opts, gids = self.rng("block", ai), self.opts, self.article_gids[ai]
        sizes = list(range(2, min(9, len(gids)) + 1))
        rng.shuffle(sizes)
        subheads = [i for i, g in enumerate(gids) if self.groups[g].kind == "subhead"]
        for size in sizes:
            starts = []
            for s in range(len(gids) - size + 1):
                run = gids[s:s + size]
                idx = [self.seg_of(g) for g in run]
                if (all(self.free(g) for g in run) and idx == list(range(idx[0], idx[0] + size))
                        and (any(self.long(g) for g in run) or size >= 4)):
                    starts.append(s)
            with_subhead = [s for s in starts if any(s <= i < s + size for i in subheads)]
            if with_subhead or starts:
                s = rng.choice(with_subhead or starts)
                break
        else:
            return
        run = gids[s:s + size]
        lang = self.articles[ai].lang
        first = self.seg_of(run[0])
        original = [c for i in range(first, first + size) for c in self.segments[i]]
        copies = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            copy = []
            for g in run:
                text = self.groups[g].original
                if self.long(g) and rng.random() < opts.block_edit:
                    text = _near_copy(rng, text, lang, opts)
                copy.append(_Copy(g, text))
            copies.append(copy)
        far = rng.random() < opts.block_far
        if far:
            self.segments[first:first + size] = [original]
            for copy in copies:
                self.segments.insert(self.far_spot(rng, first), copy)
        else:
            self.segments[first:first + size] = [original + [c for cp in copies for c in cp]]
        self.events.append(("block", tuple(run), len(copies), "far" if far else "after"))

    def alternate(self, ai: int) -> None:
        rng, opts, gids = self.rng("alternate", ai), self.opts, self.article_gids[ai]
        pairs = [(a, b) for a, b in zip(gids, gids[1:])
                 if self.long(a) and self.long(b) and self.free(a) and self.free(b)
                 and self.seg_of(b) == self.seg_of(a) + 1]
        if not pairs:
            return
        a, b = rng.choice(pairs)
        lang = self.articles[ai].lang
        run = [_Copy(a, self.groups[a].original), _Copy(b, self.groups[b].original)]
        times = rng.randint(2, 6)
        for _ in range(times):
            for g in (a, b):
                text = self.groups[g].original
                if rng.random() < opts.alternate_reword:
                    if _weight(text) >= TRUNCATABLE and rng.random() < 0.2:
                        text = _truncate(rng, text) or text
                    else:
                        text = _near_copy(rng, text, lang, opts, ("subject", "chars"))
                run.append(_Copy(g, text))
        i = self.seg_of(a)
        self.segments[i:i + 2] = [run]
        self.events.append(("alternate", (a, b), times))

    def repeat_paragraphs(self, ai: int) -> None:
        rng, opts = self.rng("repeat", ai), self.opts
        lang = self.articles[ai].lang
        spots = [g for g in self.article_gids[ai] if self.long(g)]
        for g in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
            text = self.groups[g].original
            near = rng.random() < opts.repeat_near
            if near:
                text = _near_copy(rng, text, lang, opts)
            i = self.seg_of(g)
            far = rng.random() < opts.repeat_far
            self.segments.insert(self.far_spot(rng, i) if far else i + 1, [_Copy(g, text)])
            self.events.append(("repeat", g, "near" if near else "exact",
                                "far" if far else "after"))

    def truncate(self, ai: int) -> None:
        rng, opts = self.rng("truncate", ai), self.opts
        spots = [g for g in self.article_gids[ai] if self.groups[g].kind == "para"
                 and self.groups[g].weight >= TRUNCATABLE]
        if not spots:
            return
        g = rng.choice(spots)
        text = _truncate(rng, self.groups[g].original)
        if text is None:
            return
        i, (start, _end) = self.seg_of(g), self.span(ai)
        earlier = rng.random() < opts.truncate_earlier and i > start + 1
        spot = rng.randint(start + 1, i) if earlier else rng.randint(i + 1, len(self.segments))
        self.segments.insert(spot, [_Copy(g, text)])
        self.events.append(("truncate", g, "earlier" if earlier else "later"))

    def byline(self, ai: int) -> None:
        rng = self.rng("byline", ai)
        lang = self.articles[ai].lang
        line = self.fresh_line(rng, lang, _BYLINES[lang])
        if line is None:
            return
        g = self.add_group(line, ai, "byline", min=1, max=2)
        start, end = self.span(ai)
        n = len(self.segments)
        first = rng.randint(start + 1, end)
        if first + FAR > n:  # no room for a far second copy: put the first near the top
            first = start + 1
        self.segments.insert(first, [_Copy(g, line)])
        # at least FAR segments between the two copies, or as many as the text has
        second = rng.randint(min(first + 1 + FAR, n + 1), n + 1)
        self.segments.insert(second, [_Copy(g, line)])
        self.events.append(("byline", g))

    # ---- output ----------------------------------------------------------------------------
    def render(self) -> tuple[str, dict]:
        opts = self.opts
        copies = [c for seg in self.segments for c in seg]
        widths: dict[int, int] = {}
        wrap_rng = self.rng("wrap-widths")
        for ai, art in enumerate(self.articles):
            if opts.wrap and self.rng("wrap", ai).random() < opts.wrap:
                widths[ai] = self.rng("wrap-width", ai).randint(*_WIDTHS[art.lang])
        seen: set[int] = set()
        pieces = []
        for c in copies:
            group = self.groups[c.gid]
            ai = group.article
            text = c.text
            if ai in widths:
                lang = self.articles[ai].lang
                width = widths[ai] if c.gid not in seen else wrap_rng.randint(*_WIDTHS[lang])
                hyphenate = lang == "en" and wrap_rng.random() < opts.hyphenate
                text = _wrap(text, lang, width, hyphenate)
            seen.add(c.gid)
            pieces.append(text)
            if c.text not in group.variants:
                group.variants.append(c.text)
        noise_rng = self.rng("blank-noise")
        out = pieces[0] if pieces else ""
        for piece in pieces[1:]:
            sep = "\n\n"
            if opts.blank_noise and noise_rng.random() < opts.blank_noise:
                sep = "\n" + noise_rng.choice((" ", "  ", "\u3000", "\xa0")) + "\n"
            out += sep + piece
        text = out + "\n" if out else ""

        first_seen: dict[int, int] = {}
        counts = Counter(c.gid for c in copies)
        for pos, c in enumerate(copies):
            first_seen.setdefault(c.gid, pos)
        gold = {"groups": []}
        for gid in sorted(first_seen, key=first_seen.__getitem__):
            group = self.groups[gid]
            variants = [group.original] + [v for v in group.variants if v != group.original]
            gold["groups"].append({"variants": variants, "min": group.min, "max": group.max,
                                   "input_copies": counts[gid]})
        return text, gold


def damage_case(articles: Sequence[Article], seed: object = 0,
                options: DamageOptions | None = None, **overrides: float) -> Case:
    """Damage the articles (all of them, in the order given) into one raw text.

    ``seed`` is any int or str; the same articles, seed and options give the same bytes.
    Keyword overrides change single options: ``damage_case(arts, 3, wrap=1.0)``.
    Raises ValueError if two input units share a canonical form (the gold would be ambiguous).
    """
    opts = replace(options or DamageOptions(), **overrides)
    b = _Builder(articles, seed, opts)
    b.lay_out_originals()
    # structural damage (blocks, alternations) first, on every article, while the layout is
    # still clean; then the single copies, which may land anywhere later in the text
    for kind, apply in (("block", b.repeat_block), ("alternate", b.alternate),
                        ("repeat", b.repeat_paragraphs), ("truncate", b.truncate),
                        ("byline", b.byline)):
        p = getattr(opts, kind)
        for ai in range(len(articles)):
            if p and b.rng(kind, "on", ai).random() < p:
                apply(ai)
    text, gold = b.render()
    return Case(text, gold, tuple(b.events))


def damage(articles: Sequence[Article], seed: object = 0, options: DamageOptions | None = None,
           **overrides: float) -> tuple[str, dict]:
    """``(raw text, gold)`` for the articles damaged with the options; see :func:`damage_case`."""
    case = damage_case(articles, seed, options, **overrides)
    return case.text, case.gold


def ideal_output(gold: dict) -> str:
    """What a perfect cleaner writes: every group once, complete, in input order."""
    return "\n\n".join(g["variants"][0] for g in gold["groups"]) + "\n"


# --------------------------------------------------------------------------------------------
# Scoring (the semantics of ../shared/eval/score.py, written independently)

def _paragraph_keys(text: str) -> list[str]:
    keys = (canon(p) for p in _BLANK_LINE.split(text))
    return [k for k in keys if k]


class _Output:
    """The output as one canonical string plus the offsets where its paragraphs meet."""

    def __init__(self, text: str):
        keys = _paragraph_keys(text)
        self.stream = "".join(keys)
        self.bounds = {0}
        offset = 0
        for k in keys:
            offset += len(k)
            self.bounds.add(offset)
        self.paragraphs = len(keys)

    def find(self, haystack: str, needle: str, both_ends: bool) -> list[int]:
        """Non-overlapping places where ``needle`` stands on paragraph boundaries, at both of
        its ends or (``both_ends=False``) at one of them at least."""
        hits, at = [], haystack.find(needle)
        while at >= 0:
            start_ok, end_ok = at in self.bounds, at + len(needle) in self.bounds
            if (start_ok and end_ok) or (not both_ends and (start_ok or end_ok)):
                hits.append(at)
                at = haystack.find(needle, at + len(needle))
            else:
                at = haystack.find(needle, at + 1)
        return hits

    def group_hits(self, variants: Sequence[str]) -> list[int]:
        """Where the group's copies stand.  Longer variants claim their text first, so a
        truncated variant is not counted again inside the complete copy."""
        stream, hits = self.stream, []
        for v in variants:
            found = self.find(stream, v, both_ends=True)
            for at in found:
                stream = stream[:at] + "\0" * len(v) + stream[at + len(v):]
            hits.extend(found)
        if hits:
            return hits
        for v in variants:  # kept but merged with a neighbour: counts once
            found = self.find(self.stream, v, both_ends=False)
            if found:
                return found[:1]
        return []


def score(gold: dict, output_text: str) -> dict:
    """Lost groups, residual copies, duplicate recall and order inversions of an output.

    Same keys as score.py's result, plus ``group_hits`` (copies found, per group).
    """
    out = _Output(output_text)
    lost, residual, removable, firsts, per_group = [], 0, 0, [], []
    for g in gold["groups"]:
        variants = sorted({k for k in map(canon, g["variants"]) if k}, key=lambda k: (-len(k), k))
        if not variants:
            per_group.append(0)
            continue
        hits = out.group_hits(variants)
        per_group.append(len(hits))
        removable += max(0, g["input_copies"] - g["max"])
        residual += max(0, len(hits) - g["max"])
        if len(hits) < g["min"]:
            lost.append(g["variants"][0][:60])
        if hits:
            firsts.append(min(hits))
    inversions = sum(later < earlier for earlier, later in zip(firsts, firsts[1:]))
    recall = 1.0 if removable == 0 else max(0.0, 1 - residual / removable)
    return {"groups": len(gold["groups"]), "lost": len(lost), "lost_examples": lost[:5],
            "removable_copies": removable, "residual_copies": residual,
            "dup_recall": round(recall, 4), "order_inversions": inversions,
            "output_paragraphs": out.paragraphs, "group_hits": per_group}


# --------------------------------------------------------------------------------------------
# Many distinct articles from a few: for the benchmark's 30 MB stream

@dataclass(frozen=True)
class Lexicon:
    """Tokens of one language: the most frequent are kept as they are (so function words and
    their n-grams stay as common as in real text), the rest are the pool replacements come from.
    """

    lang: str
    keep: frozenset[str]
    pool: tuple[str, ...]

    @classmethod
    def build(cls, articles: Sequence[Article], lang: str, keep_top: int | None = None
              ) -> Lexicon:
        counts: Counter[str] = Counter()
        for art in articles:
            if art.lang == lang:
                for unit in art.units:
                    counts.update(_tokens(unit, lang))
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        top = keep_top if keep_top is not None else (100 if lang == "zh" else 150)
        return cls(lang, frozenset(ranked[:top]), tuple(sorted(ranked[top:])))


def _tokens(text: str, lang: str) -> list[str]:
    return _CJK.findall(text) if lang == "zh" else [w.lower() for w in _LATIN_WORD.findall(text)]


_ZH_PREFIX = "央视网消息（新闻联播）："


def vary_article(article: Article, seed: object, lexicon: Lexicon) -> Article:
    """A new article with the same shape: every number redrawn and every token outside the
    lexicon's most frequent ones replaced (consistently within the article) by a random one.
    Two variants of the same article share almost no long n-grams, as distinct articles do.
    """
    rng = random.Random(f"vary|{seed}|{article.name}")
    mapping: dict[str, str] = {}

    def swap(token: str) -> str:
        low = token.lower()
        if low in lexicon.keep or not lexicon.pool:
            return token
        if low not in mapping:
            mapping[low] = rng.choice(lexicon.pool)
        new = mapping[low]
        if token.isupper() and len(token) > 1:
            return new.upper()
        return new.capitalize() if token[0].isupper() else new

    def number(m: re.Match) -> str:
        n = len(m.group())
        return str(rng.randint(10 ** (n - 1), 10 ** n - 1)) if n > 1 else str(rng.randint(0, 9))

    pattern = _CJK if lexicon.lang == "zh" else _LATIN_WORD

    def vary(unit: str) -> str:
        head = _ZH_PREFIX if unit.startswith(_ZH_PREFIX) else ""
        body = pattern.sub(lambda m: swap(m.group()), unit[len(head):])
        return head + _DIGITS.sub(number, body)

    return Article(f"{article.name}~{seed}", vary(article.title),
                   tuple(vary(p) for p in article.paragraphs))


def generate_stream(articles: Sequence[Article], seed: object, target_bytes: int,
                    options: DamageOptions | None = None, per_text: tuple[int, int] = (1, 5)
                    ) -> Iterator[Case]:
    """Damaged texts, one after another, until their UTF-8 size reaches ``target_bytes``.

    Each text is made of ``per_text`` (a range) articles, each a :func:`vary_article` of a
    random base article of either language, then damaged with ``options``.  Joined with a
    blank line they make one mixed stream; the golds are per text.
    """
    rng = random.Random(f"stream|{seed}")
    lexicons = {lang: Lexicon.build(articles, lang) for lang in {a.lang for a in articles}}
    written, n = 0, 0
    while written < target_bytes:
        k = min(len(articles), rng.randint(*per_text))
        bases = rng.sample(list(articles), k)
        for attempt in range(10):
            varied = [vary_article(a, f"{seed}:{n}:{attempt}", lexicons[a.lang]) for a in bases]
            keys = [canon(u) for a in varied for u in a.units]
            if all(keys) and len(set(keys)) == len(keys):
                break
        else:
            raise ValueError(f"could not vary text {n} into distinct paragraphs")
        case = damage_case(varied, f"{seed}:{n}", options)
        written += len(case.text.encode("utf-8")) + 1
        n += 1
        yield case
