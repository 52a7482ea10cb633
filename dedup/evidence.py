"""What separates a copy from a sibling: the evidence behind every removal of the matcher.

A similarity score says that two paragraphs look alike; it cannot say whether the one to be
removed adds something. ``- Birke Baumbeschreibung`` and ``- Eiche Baumbeschreibung`` score 86,
and are two items of a list; ``Alcohol is not permitted`` and ``Alcohol is not allowed`` score
92, and say the same. What tells them apart is the *shape of the difference*. This module
aligns the two paragraphs word by word (a CJK character is a word) and judges what the
paragraph to be removed has that the kept one lacks:

- nothing, or only function words (``the``, ``is``, ``的``), typos (a letter, one CJK
  character) or an inflection (``Internetbildern`` / ``Internetbild``): a copy;
- a reworded head (the first few words swapped, ``这是海南省`` / ``我们是``) of a long paragraph:
  a copy, as scraped pages reword a repeated block's first line;
- a content word or two in a long paragraph (``Bulky luggage`` / ``Large items of luggage``):
  a paraphrase, a copy;
- anything that carries a fact: a number (digits or Chinese numerals), a month, a weekday, a
  number word, a name (a capitalised word inside a sentence, an acronym), a code identifier, a
  yes or a negation the other lacks, an opposite (``男`` / ``女``): a sibling, kept;
- more content than that, a clause, or any content word in a short line (a heading, a list
  item): a sibling, kept.

The same alignment decides whether a shorter paragraph is a *cut* copy of a longer one
(:func:`cut_problem`).

Only pairs that already look alike get here, but on a crawl that is tens of thousands of pairs:
the two texts are aligned character by character (rapidfuzz, in C++), and only the few words
around each difference are read as words, and asked what they say about themselves (a name? a
number? code?).

Every function here is pure; :func:`assess` returns None for a copy or a short reason for a
sibling, which the report prints.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, chain, islice
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Postfix, Prefix

from .keys import chinese_value, make_key
from .keys import weight as key_weight

# -- words ------------------------------------------------------------------------------------

_CJK = ("\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\U00020000-\U0002fa1f")
# A word: a CJK character on its own (no tokeniser needed to compare Chinese character by
# character), or a run of other letters and digits (Latin, Cyrillic, Hangul, ...) with inner
# apostrophes. With the text before it (spaces, punctuation): the "gap".
_WORD = f"[{_CJK}]|[^\\W_{_CJK}]+(?:'[^\\W_{_CJK}]+)*"


class _Compiled:
    """A regex compiled on first use: the word patterns take ~15 ms to compile, which a run
    with no near copies to weigh (and every start-up) should not pay."""

    __slots__ = ("_pattern", "_regex")

    def __init__(self, pattern: str):
        self._pattern, self._regex = pattern, None

    def __getattr__(self, name: str):
        if self._regex is None:
            self._regex = re.compile(self._pattern)
        return getattr(self._regex, name)


_WORDS = _Compiled(_WORD)
_ALNUM = re.compile(r"[^\W_]")
_ASCII_WORDS = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
# What ends a sentence or a clause: a word after one of these begins a unit of its own.
_BOUNDARY = frozenset(".!?;:|•·–—…。！？；：\n-*>»›→")
_SENTENCE_ENDS = frozenset(".!?…。！？")
# An opening quote or bracket starts a quoted unit: a capital after it is no name.
_OPENERS = frozenset("\"'“‘«‹([{「『《【〈（")
_CLOSERS = frozenset("\"'”’»›)]}」』》】〉）")
# Characters that join words into code (identifiers, options, addresses).
_CODE_BEFORE = frozenset("_=@$\\{<")
_CODE_AFTER = frozenset("_=@\\}>(")
_CJK_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两兆壹贰叁肆伍陆柒捌玖拾佰仟")
# A lone 一 or 两 (or a bare magnitude) is a number only before a measure word or after 第.
_WEAK_NUMERALS = frozenset("一两百千万亿")
_MEASURE_WORDS = frozenset("名个位次年月日天号项件条种家只头匹本张台辆架座所层届期批元块角分秒"
                           "小时周岁倍成米里公斤克吨场轮枚颗首部篇段句声回遍")

FUNCTION_WORDS = frozenset("""
a an the and or but nor if as of to in on at by for with from into onto about than then so
that this these those it its is are was were be been being am do does did done has have had
having will would shall should can could may might must i you he she we they me him her us
them my your his our their there here which who whom whose what when where why how also just
only very too quite some any all each both such own same other more most much many less
again further once ever still even however therefore though although while whereas because
since until unless whether per via etc please let lets get got
der die das den dem des ein eine einen einem einer eines und oder aber sondern wenn als wie
zu zum zur im in am an auf bei beim mit von vom aus über unter vor nach durch für gegen ohne
um ist sind war waren wird werden wurde wurden worden hat haben hatte hatten sein seine
seinen seiner ihre ihren ihrer es er sie wir ihr ich du man sich auch noch schon nur sehr so
dass daß dann denn doch ja mal hier dort diese dieser dieses diesem diesen jene welche welcher
le la les l un une des du de d et ou mais si que qui quoi ce cet cette ces il elle ils elles
on nous vous je tu se sa son ses leur leurs est sont était été être avoir a ont au aux en
dans par pour sur avec sans plus très aussi y
el los las unos unas o pero del al por para con sin es son fue ser estar está lo le les su
sus muy más también
il lo gli i uno e di da nel nella per con su è sono
""".split())
# CJK characters that carry grammar, not content (particles, pronouns, copulas, adverbs of
# degree): a copy may gain or lose them.
# Two-character function words of Chinese (conjunctions, adverbs, pronouns).
CJK_FUNCTION_WORDS = tuple("""
其中 但是 因为 所以 如果 虽然 而且 以及 或者 然而 因此 此外 另外 同时
已经 正在 可以 这个 那个 什么 怎么 这样 那样 这些 那些 我们 你们 他们
她们 它们 自己 一个 一些 其实 还是 就是 只是 不过 对于 关于 作为 通过
进行 开展 能够 非常 十分 特别 更加 很多 许多 大量 尽快 马上 立即 全部 所有 由于 目前 现在
""".split())
CJK_FUNCTION = frozenset("的了是在和与及或也都就而并且但又对把被将从以于之其这那此该个我你他她它"
                         "们着过等吗呢吧啊呀所则即还再更很已地得么乃亦即便若")

NEGATIONS = frozenset("""
no not never none nothing nobody nowhere neither nor cannot can't don't doesn't didn't isn't
aren't wasn't weren't won't wouldn't shouldn't couldn't mustn't haven't hasn't hadn't without
nicht kein keine keinen keinem keiner keines nie niemals nein ohne
non pas jamais aucun aucune sans nunca ningún ninguna
""".split()) | frozenset("不没未无非别勿否")
AFFIRMATIONS = frozenset("yes yeah ja jawohl oui si sí".split())
# Words whose swap changes a fact: months, weekdays, number words and ordinals, how often.
FACT_WORDS = frozenset("""
january february april june july august september october november december
jan feb apr jun jul aug sep sept oct nov dec
januar jänner februar märz juni juli oktober dezember
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
monday tuesday wednesday thursday friday saturday sunday
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miércoles jueves viernes sábado domingo
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred thousand million billion trillion dozen twice thrice
first third fourth fifth sixth seventh eighth ninth tenth
null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert
tausend millionen milliarde erste zweite dritte vierte fünfte letzte
zéro deux trois quatre cinq sept huit neuf dix onze douze vingt trente cent mille
premier première deuxième troisième dernier dernière
cero dos tres cuatro cinco seis siete ocho nueve diez doce veinte cien mil
primero primera segundo segunda tercero tercera último última
daily weekly monthly yearly annually annual hourly nightly biweekly quarterly
täglich wöchentlich monatlich jährlich stündlich quotidien hebdomadaire mensuel annuel
diario semanal mensual anual
""".split())
# British and American spellings of one word further apart than a typo (the rest, colour /
# color, centre / center, programme / program, are one edit or a shortening).
SPELLINGS = frozenset(frozenset(pair.split("/")) for pair in """
cheque/check cheques/checks draught/draft draughts/drafts kerb/curb kerbs/curbs plough/plow
ploughs/plows gaol/jail manoeuvre/maneuver manoeuvres/maneuvers aeroplane/airplane
aeroplanes/airplanes sulphur/sulfur moustache/mustache doughnut/donut doughnuts/donuts
""".split())
# Months that are also common words (may, march): a fact only when capitalised.
_CAPITAL_MONTHS = frozenset({"may", "march", "mar"})
# Single characters whose swap states the opposite: the commonest antonym pairs of Chinese.
CJK_OPPOSITES = frozenset(frozenset(pair) for pair in """
男女 上下 前后 左右 东西 南北 内外 增减
升降 涨跌 多少 高低 大小 正负 胜负 胜败 输赢 买卖 进出 出入 早晚
新旧 长短 首末 开关 始终 收支 盈亏 借贷 老幼 冷热 强弱 轻重 快慢
有无 是否 来去 得失 真假 对错 好坏 难易 远近 深浅 宽窄 厚薄 主客
正反 攻守 阴阳 黑白 寒暑 生死 存亡 盛衰 兴衰
""".split())
# Closed classes of attributes: one member for another states another thing (a gold medal is
# no silver one, a red car no blue one), however alike the two lines look. Chinese: classes of
# characters; the rest: one class of words a line.
_CJK_CLASSES = ("红橙黄绿青蓝紫黑白灰粉棕 金银铜 春夏秋冬 东南西北 上中下 前中后 左中右 早中晚 "
                "父母 夫妻 兄弟姐妹哥 今明昨 冠亚季 单双 猪牛羊鸡鸭鱼 雨雪 客货 汽柴 同环 "
                "午晚 进出")
_WORD_CLASSES = """
red orange yellow green blue purple violet pink brown black white grey silver gold beige
gold silver bronze platinum
spring summer autumn winter
north south east west
northern southern eastern western
small medium large
up down
on off
more less fewer
most least fewest
before after
above below
all some none
always never sometimes
must may might
since until
am pm
kg lb lbs g mg
km mi m
ml l mg
maximum minimum
domestic foreign
import export
imports exports
inbound outbound
internal external
positive negative
men women
man woman
boys girls
male female
he she
him her
his her hers
father mother
fathers mothers
son daughter
sons daughters
husband wife
brother sister
king queen
employer employee
employers employees
buy sell
buys sells
bought sold
win lose
wins loses
won lost
today tomorrow yesterday
morning afternoon evening
northbound southbound eastbound westbound
rot orange gelb grün blau lila rosa braun schwarz weiß grau silber
rouge jaune vert bleu violet rose marron noir blanc gris argent
rojo amarillo verde azul morado rosa marrón negro blanco gris plata oro
"""
_CLASS_OF: dict[str, frozenset[int]] = {}
for _number, _members in enumerate([list(chars) for chars in _CJK_CLASSES.split()]
                                   + [line.split() for line in _WORD_CLASSES.strip().split("\n")]):
    for _member in _members:
        _CLASS_OF[_member] = _CLASS_OF.get(_member, frozenset()) | {_number}


def siblings(a: str, b: str) -> bool:
    """Whether two words (folded) are two members of one closed class of attributes, or a
    Chinese pair of opposites: another statement, never a typo or a paraphrase.

    >>> siblings("金", "银"), siblings("red", "blue"), siblings("男", "女"), siblings("cat", "hat")
    (True, True, True, False)
    """
    if frozenset((a, b)) in CJK_OPPOSITES:
        return True
    return a != b and bool(_CLASS_OF.get(a, frozenset()) & _CLASS_OF.get(b, frozenset()))


# Common single-character surnames of Chinese (not those, such as 文, 方, 金, 常, that mostly
# begin other words): a character one side has right after one of them, inside a run of CJK,
# can make another person's name (李强 / 李克强).
CJK_SURNAMES = frozenset("李王张刘陈杨赵黄周吴徐孙胡朱郭罗宋郑韩唐冯萧曹袁邓傅沈彭吕卢蒋蔡"
                         "贾魏薛阎潘杜戴汪姜姚谭廖邹熊郝崔邱秦邵尹龚")


def other_name(text: str, at: int, char: str, has: bool = False) -> str | None:
    """Where ``text`` lacks the one CJK character ``char`` at ``at``, right after a common
    surname and before more CJK, the two names the two texts read as (``has``: it is the
    paragraph to go that has the character), or None. A dropped character is usually a typo;
    after a surname it is as likely the given name of another person, and a careful editor
    keeps both.

    >>> other_name("李强同德国总理举行会谈", 1, "克")
    "names '李强' where the other names '李克强'"
    >>> other_name("李强同德国总理举行会谈", 1, "克", has=True)
    "names '李克强' where the other names '李强'"
    >>> other_name("我们会继续加大研投入", 8, "发") is None
    True
    """
    if len(char) != 1 or not 0 < at < len(text):
        return None
    before, after = text[at - 1], text[at]
    if before not in CJK_SURNAMES or not (_IDEOGRAPH.match(char) and _IDEOGRAPH.match(after)):
        return None  # (the two ideographs of a given name, not punctuation)
    names = [quote([before + after]), quote([before + char + after])]
    if has:
        names.reverse()
    return f"names {names[0]} where the other names {names[1]}"


# Labels of a note that restates a title (a closed class, like the function words).
TITLE_LABELS = frozenset({"原标题", "原题", "原文标题", "标题", "题目", "original title", "title",
                          "originaltitel", "titel", "titre original", "titre", "título original"})
_INFLECTIONS = ("s", "es", "e", "en", "n", "ern", "ed", "d", "ing", "'s", "’s")


NUMBER, WORD, NAME, CODE = "number", "word", "name", "code"


def _fold(word: str) -> str:
    """A word as two paragraphs are compared on: NFKC (full-width letters and digits folded),
    case-folded."""
    if word.isascii():
        return word.lower()
    if len(word) == 1 and "\u3400" <= word <= "\u9fff":
        return word  # (a CJK character, the commonest case, folds to itself)
    return unicodedata.normalize("NFKC", word).casefold()


def is_cjk(word: str) -> bool:
    return len(word) == 1 and word >= "\u2e80" and not "\uac00" <= word <= "\ud7af"


def _latin(ch: str) -> bool:
    """A letter or digit that belongs to a word of several (not a CJK character)."""
    return ch.isalnum() and not is_cjk(ch) or ch == "'"


def fact(text: str, begin: int, end: int) -> str:
    """What fact the word ``text[begin:end]`` states by itself: NUMBER, WORD (a month, a number
    word), CODE, NAME (capitalised inside a sentence, an acronym, camelCase), or "".

    >>> text = "Die Top 5, März 2016：中国队 dict.get() in May, 第三个"
    >>> [(m.group(), fact(text, *m.span())) for m in _WORDS.finditer(text)
    ...  if fact(text, *m.span())]  # doctest: +NORMALIZE_WHITESPACE
    [('Top', 'name'), ('5', 'number'), ('März', 'word'), ('2016', 'number'),
     ('dict', 'code'), ('get', 'code'), ('May', 'word'), ('三', 'number')]
    """
    word = text[begin:end]
    before = text[begin - 1] if begin else ""
    after = text[end] if end < len(text) else ""
    # (The commonest word, a plain lower-case one, is no CJK numeral, no figure, no name.)
    plain = word.islower() and word.isalpha() and word.isascii()
    if not plain:
        if is_cjk(word):
            return NUMBER if _cjk_number(word, before, after) else ""
        if any(ch.isdigit() for ch in word):
            return NUMBER
    folded = word if plain else word.casefold()
    if folded in FACT_WORDS or folded in _CAPITAL_MONTHS and word[0].isupper():
        return WORD
    if before in _CODE_BEFORE or after in _CODE_AFTER:
        return CODE
    if before == "." and text[begin - 2:begin - 1].isalnum() or \
            after == "." and text[end + 1:end + 2].isalnum():
        return CODE  # a dotted identifier: axis.text.y, android.permission
    if plain:
        return ""
    if not word[0].isupper():
        return NAME if any(ch.isupper() for ch in word[1:]) else ""  # camelCase, iPad
    if len(word) > 1 and word.isupper():
        return NAME  # an acronym: MR, NFZ, CPU
    if _opens(text, begin):
        return NAME if len(word) == 1 and folded not in FUNCTION_WORDS else ""  # Plan B
    return NAME  # capitalised inside a sentence: a name (or, in German, any noun)


def _gap_before(text: str, begin: int) -> str:
    """The spaces and punctuation between the word at ``begin`` and the word before it."""
    i = begin
    while i and not text[i - 1].isalnum():
        i -= 1
    return text[i:begin]


def starts(text: str, begin: int) -> bool:
    """Whether the word at ``begin`` begins the text, a sentence or a clause."""
    gap = _gap_before(text, begin)
    return len(gap) == begin or not _BOUNDARY.isdisjoint(gap)


def _opens(text: str, begin: int) -> bool:
    """Whether the word at ``begin`` begins the text, a sentence, a clause or a quotation:
    where a capital says nothing."""
    gap = _gap_before(text, begin)
    return len(gap) == begin or not (_BOUNDARY.isdisjoint(gap) and _OPENERS.isdisjoint(gap))


def _cjk_number(ch: str, before: str, after: str) -> bool:
    """Whether a CJK character is (part of) a number: a numeral next to another numeral, after
    第, before a measure word; a lone 一, 两 or magnitude is mostly part of a word (一些, 两岸,
    万里)."""
    if ch not in _CJK_NUMERALS:
        return False
    if ch not in _WEAK_NUMERALS:
        return True
    return (before in _CJK_NUMERALS or after in _CJK_NUMERALS or before == "第"
            or after in _MEASURE_WORDS or before.isdigit() or after.isdigit())


# -- differences --------------------------------------------------------------------------------

class Difference(NamedTuple):
    """One stretch where two paragraphs differ, in whole words: ``mine`` (each word with its
    place in the text to be removed) against the words ``theirs`` of the kept one."""

    mine: list[tuple[str, int, int]]   # (case-folded word, begin, end)
    theirs: list[str]
    at: int = -1                       # where in the text to be removed (when ``mine`` is empty)


def differences(mine: str, theirs: str) -> list[Difference]:
    """The stretches where two paragraphs differ, in whole words, in order.

    The texts are aligned character by character; each difference is widened to the words it
    touches, and those few words are aligned word by word.

    >>> [(d.mine, d.theirs) for d in differences("the big cat sat", "the cat sta")]
    [([('big', 4, 7)], []), ([('sat', 12, 15)], ['sta'])]
    """
    if mine.isascii() and theirs.isascii():
        return _ascii_differences(mine, theirs)
    windows: list[list[int]] = []
    for tag, a0, a1, b0, b1 in Indel.opcodes(mine, theirs).as_list():
        if tag == "equal" or not (_ALNUM.search(mine, a0, a1) or _ALNUM.search(theirs, b0, b1)):
            continue  # (the same, or spaces and punctuation only: full-width, quotes)
        # Widened, on both sides, to the words the change cuts into (letters and digits below
        # U+2E80: CJK characters are words of one); a word that only borders it is no part of
        # it (``executive：`` / ``executive:``).
        if _in_word(mine, a0 - 1) and _in_word(mine, a0) or \
                _in_word(theirs, b0 - 1) and _in_word(theirs, b0):
            while _in_word(mine, a0 - 1):
                a0 -= 1
            while _in_word(theirs, b0 - 1):
                b0 -= 1
        if _in_word(mine, a1 - 1) and _in_word(mine, a1) or \
                _in_word(theirs, b1 - 1) and _in_word(theirs, b1):
            while _in_word(mine, a1):
                a1 += 1
            while _in_word(theirs, b1):
                b1 += 1
        if windows and (a0 <= windows[-1][1] or b0 <= windows[-1][3]):
            last = windows[-1]
            last[1], last[3] = max(last[1], a1), max(last[3], b1)
        else:
            windows.append([a0, a1, b0, b1])
    out: list[Difference] = []
    for a0, a1, b0, b1 in windows:
        ours = [(_fold(m.group()), m.start(), m.end()) for m in _WORDS.finditer(mine, a0, a1)]
        others = [_fold(word) for word in _WORDS.findall(theirs, b0, b1)]
        if not ours or not others or len(ours) == 1 == len(others):  # (most differences)
            if [word for word, _, _ in ours] != others:
                out.append(Difference(ours, others, a0))
            continue
        pending: list[int] | None = None  # consecutive changes, as one stretch
        for op in Indel.opcodes([word for word, _, _ in ours], others):
            if op.tag == "equal":
                if pending:
                    out.append(Difference(ours[pending[0]:pending[1]],
                                          others[pending[2]:pending[3]], ours[op.src_start][1]))
                    pending = None
            elif pending is None:
                pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                pending[1], pending[3] = op.src_end, op.dest_end
        if pending:
            out.append(Difference(ours[pending[0]:pending[1]], others[pending[2]:pending[3]], a1))
    return out


def _in_word(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a letter or digit of a word of several (not CJK)."""
    return 0 <= at < len(text) and text[at] < "\u2e80" and text[at].isalnum()


def _ascii_differences(mine: str, theirs: str) -> list[Difference]:
    """:func:`differences` of two ASCII paragraphs, aligned word by word at once (their words
    are found in C, and only the differing ones get a place in the text)."""
    ours = _ASCII_WORDS.findall(mine.lower())
    others = _ASCII_WORDS.findall(theirs.lower())
    found = changes(ours, others)
    if not found:
        return []
    # Where each word begins and ends: the lengths of gap, word, gap, word... added up.
    gaps = _ASCII_WORDS.split(mine)
    bounds = list(accumulate(chain.from_iterable(zip(map(len, gaps), map(len, ours)))))
    return [Difference([(ours[i], bounds[2 * i], bounds[2 * i + 1]) for i in range(a0, a1)],
                       others[b0:b1], bounds[2 * a0] if a0 < len(ours) else len(mine))
            for a0, a1, b0, b1 in found]


# -- judging ------------------------------------------------------------------------------------

LONG_WEIGHT = 60        # a paragraph at least this heavy (CJK counts 2) may be paraphrased
SHORT_TYPOS = 1         # scattered one-letter edits a short paragraph may differ by
TYPO_WEIGHT = 25        # ...and one more per this much weight
CJK_TYPO_WEIGHT = 60    # ...per this much, for one CJK character for another (优 / 新)
PARAPHRASE_WORDS = 1    # content words a long paragraph may have that the kept one lacks
PARAPHRASE_WEIGHT = 100  # ...one more per this much weight
# A word garbled by typos keeps at least this share of the other's letters in place (OSA:
# diqffeoent / different 0.8, highfeut / highest 0.75); two words that name different things
# rarely do (passengers / visitors 0.2, accept / except 0.67, training / sharing 0.5).
GARBLED_SIMILARITY = 0.7
GARBLED_FUNCTION_SIMILARITY = 0.5  # ...of a function word (hatee / have 0.6)
CLAUSE_WORDS = 3        # this much content in one stretch is a clause of its own, never a copy
HEAD_WORDS = 3          # a reworded head: at most this many words (CJK: twice as many chars)


# Pieces of the negations: a kept paragraph whose extra letters hold one of these may say the
# opposite of the shorter one, and is read word by word.
_NEGATION_PIECES = ("no", "nt", "never", "none", "cannot", "without", "nicht", "kein", "nie",
                    "ohne", "pas", "sans", "jamais", "aucun", "nunca", "ning", *"不没未无非别勿否")


def negation_in(letters: str) -> bool:
    """Whether the letters a kept paragraph has more (from its matching key) may hold a
    negation, so that the shorter one, without it, says the opposite (``Alcohol is allowed`` /
    ``Alcohol is not allowed``).

    >>> negation_in("onboard"), negation_in("not")
    (False, True)
    """
    return any(piece in letters for piece in _NEGATION_PIECES)


READ_WORDS = object()  # what :func:`quick_verdict` answers when only the words can tell


def quick_verdict(key: str, kept_key: str, weight: int) -> object:
    """:func:`assess`'s answer read off the matching keys (:func:`dedup.keys.make_key`), when
    every difference is between CJK characters, which are words of one character: the common
    case in Chinese, at a fraction of the cost. READ_WORDS when the words must be read (letters
    or digits differ, a numeral or a negation is involved, a stretch of content).

    >>> quick_verdict("电竞行业已然成为了时代的宠儿", "电竞行业已经成为了时代的宠儿", 28) is None
    True
    >>> quick_verdict("男子组冠军", "女子组冠军", 10)
    "states '男' where the other states '女'"
    >>> quick_verdict("alcoholisallowed", "alcoholisnotallowed", 16) is READ_WORDS
    True
    """
    typos = 0
    for a0, a1, b0, b1 in changes(key, kept_key):
        ours, others = key[a0:a1], kept_key[b0:b1]
        if not (_all_cjk(ours) and _all_cjk(others)) or not _NUMERALS_AND_NEGATIONS.isdisjoint(
                ours + others) or _touches_letters(key, a0, a1) or \
                _touches_letters(kept_key, b0, b1):
            return READ_WORDS
        if (other_name(key, a0, others) if not ours else
                not others and other_name(kept_key, b0, ours)):
            return READ_WORDS  # (another name, unless punctuation parts the characters)
        if not ours:
            if weight < LONG_WEIGHT and a0 < len(key) and len(others) > 1:
                return READ_WORDS  # (what a short line lacks may make it another, see _inserted)
            continue  # the kept one says more here
        if not others and a1 == len(key):
            return READ_WORDS  # its ending, which the kept one lacks (see COMPLETES)
        if len(ours) == 1 == len(others) and siblings(ours, others):
            return f"states {quote([ours])} where the other states {quote([others])}"
        content = ours
        if len(content) > 1:
            for word in CJK_FUNCTION_WORDS:
                content = content.replace(word, "")
        content = "".join(ch for ch in content if ch not in CJK_FUNCTION)
        if len(ours) == 2 == len(others) and (_cjk_content_word(list(ours))
                                              or _cjk_content_word(list(others))):
            return READ_WORDS  # (a word for a word of content: see assess)
        if not content:
            continue
        if len(content) > 1 or len(others) > 2:
            return READ_WORDS
        typos += 1
    if typos > SHORT_TYPOS + weight // CJK_TYPO_WEIGHT:
        return READ_WORDS
    return None


def slots(key: str, kept_key: str, text: str, kept_text: str) -> list[tuple[str, str, str]]:
    """The templates a line and the kept one fill with one value each, for the list rule:
    one character for another (:func:`slot`, and for CJK the two-character words it may be
    part of, :func:`cjk_word_slots`), else one word for another (:func:`word_slot`), when the
    keys differ within one stretch short enough to be a word. Empty when there is none."""
    start, end, kept_end = _common_ends(key, kept_key)
    if end - start > _WIDEST_SLOT or kept_end - start > _WIDEST_SLOT:
        return []  # (scattered differences: typos, not one value for another)
    one = _char_slot(key, kept_key, start, end, kept_end)
    if one:
        if is_cjk(one[1]) and is_cjk(one[2]):
            return [one, *cjk_word_slots(text, kept_text)]
        return [one]
    if end == start or kept_end == start:
        return []  # (letters only added or dropped: a typo or an ending, not another word)
    word = word_slot(text, kept_text)
    return [word] if word else []


def _common_ends(a: str, b: str) -> tuple[int, int, int]:
    """Where two strings stop being the same from the start, and from the end (in each): the
    stretches ``a[start:end]`` and ``b[start:kept_end]`` hold every difference. Both ends are
    found in C; the common end does not overlap the common start.

    >>> _common_ends("the bus is late", "the coach is late")
    (4, 7, 9)
    >>> _common_ends("aa", "aaa")
    (2, 2, 3)
    """
    start = Prefix.similarity(a, b)
    end = min(Postfix.similarity(a, b), min(len(a), len(b)) - start)
    return start, len(a) - end, len(b) - end


def slot(key: str, kept_key: str) -> tuple[str, str, str] | None:
    """Where a near copy differs from its kept paragraph in one character for another, which
    reads like a typo (``锡牌`` / ``铅牌``, ``cat`` / ``hat``): the template (the key with that
    character left out), its character and the kept one's; else None. (Letters of one word
    changed at different places are not one slot: ``exxorts`` / ``exportw`` are two typos of
    ``exports``.)

    >>> slot("获得银牌", "获得金牌")
    ('获得\\x00牌', '银', '金')
    >>> slot("thecatwassold", "thehatwassold")
    ('the\\x00atwassold', 'c', 'h')
    """
    return _char_slot(key, kept_key, *_common_ends(key, kept_key))


def _char_slot(key: str, kept_key: str, start: int, end: int, kept_end: int
               ) -> tuple[str, str, str] | None:
    """:func:`slot`, given where the two keys differ (:func:`_common_ends`)."""
    if end - start != 1 or kept_end - start != 1:
        return None
    return key[:start] + "\0" + key[end:], key[start], kept_key[start]


def word_slot(text: str, kept_text: str) -> tuple[str, str, str] | None:
    """Where two lines differ in one word for another of a different look (``mile`` /
    ``800m``, ``bus`` / ``coach``; in Chinese two characters, ``北京`` / ``上海``), with at
    least three words the same around it: the template (the text with that word left out,
    marked apart from :func:`slot`'s templates of keys), its word and the kept one's; else
    None. A typo or an inflection of the same word is no other word (``recieve`` /
    ``receive``, ``xrket`` / ``market``, ``item`` / ``items``: most letters in place), and one
    character for another is :func:`slot`'s.

    >>> word_slot("It is not allowed on the bus.", "It is not allowed on the coach.")[1:]
    ('bus', 'coach')
    >>> word_slot("北京市今年建成的产业园", "上海市今年建成的产业园")[1:]
    ('北京', '上海')
    >>> word_slot("It is not allowed on the bus.", "It is not allowed on the buss.") is None
    True
    """
    found = _differing_words(text, kept_text)
    if found is None:
        return None
    head, ours, others, tail = found
    if len(ours) == 2 and not (
            all(map(is_cjk, ours + others)) and ours[0] != others[0] and ours[1] != others[1]
            and _content_pair("".join(ours + others))):
        # (Two Latin words, one character of two, or function characters: a reworded head,
        # 在以 / 其实, not one word for another; 都 of 成都 is one.)
        return None
    value, other = "".join(ours), "".join(others)
    if len(ours) == 1 and (is_cjk(value) or value.startswith(other) or other.startswith(value)
                           or not _DIGIT.search(value + other)
                           and Indel.normalized_similarity(value, other) >= 0.6):
        return None  # (a typo: most letters in place, xrket / market; 800m / 1500m is none)
    return "\x01" + head + "\0" + tail, value, other


def cjk_word_slots(text: str, kept_text: str) -> list[tuple[str, str, str]]:
    """The templates of :func:`word_slot` that one CJK character for another may fill as part
    of a two-character word, with the character before it or after it (``杭州`` / ``广州``
    fills the slot of ``北京`` / ``上海``): how a list of cities is told apart when two of
    them share a character.

    >>> [t[1:] for t in cjk_word_slots("杭州市今年建成的产业园", "广州市今年建成的产业园")]
    [('杭州', '广州')]
    """
    found = _differing_words(text, kept_text)
    if found is None or len(found[1]) != 1:
        return []
    head, (ours,), (others,), tail = found
    if not (is_cjk(ours) and is_cjk(others)):
        return []
    out = []
    if head and _IDEOGRAPH.match(head[-1]):
        out.append(("\x01" + head[:-1] + "\0" + tail, head[-1] + ours, head[-1] + others))
    if tail and _IDEOGRAPH.match(tail[0]):
        out.append(("\x01" + head + "\0" + tail[1:], ours + tail[0], others + tail[0]))
    return [slot for slot in out if _content_pair(slot[1] + slot[2])]


def _content_pair(chars: str) -> bool:
    """Whether two two-character words of CJK, written one after the other, hold at most one
    function character between them: words of content (成都 / 北京), not a reworded head of
    function characters (在以 / 其实)."""
    return sum(map(CJK_FUNCTION.__contains__, chars)) <= 1


_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
_WIDEST_SLOT = 40  # characters: one word, or two CJK characters, with their punctuation


def _differing_words(text: str, kept_text: str) -> tuple[str, list[str], list[str], str] | None:
    """Where two lines differ in one stretch of one or two words each (folded), with at least
    three words the same around it: the text before it, its words, the kept line's, and the
    text after it; else None. Found from the common start and end of the two texts, so only
    the stretch between is read as words."""
    size = min(len(text), len(kept_text))
    half = size // 2
    rest = size - half - _WIDEST_SLOT
    if rest > 0 and text[:half] != kept_text[:half] and text[-rest:] != kept_text[-rest:]:
        return None  # (differences in both halves: the common case of scattered typos)
    start, end, kept_end = _common_ends(text, kept_text)
    if end - start > _WIDEST_SLOT or kept_end - start > _WIDEST_SLOT:
        return None
    # Out to whole words: a difference inside a word is that word's.
    while start > 0 and _latin(text[start - 1]):
        start -= 1
    while end < len(text) and _latin(text[end]):
        end, kept_end = end + 1, kept_end + 1
    ours = [_fold(word) for word in _WORDS.findall(text, start, end)]
    others = [_fold(word) for word in _WORDS.findall(kept_text, start, kept_end)]
    if not 0 < len(ours) == len(others) <= 2 or ours == others:
        return None
    around = chain(_WORDS.finditer(text, 0, start), _WORDS.finditer(text, end))
    if sum(1 for _ in islice(around, 3)) < 3:
        return None
    return text[:start], ours, others, text[end:]


def changes(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Where two strings differ: the spans of consecutive changes, from their longest common
    subsequence (Indel has no replace: a change is a delete next to an insert)."""
    out: list[tuple[int, int, int, int]] = []
    pending: list[int] | None = None
    for tag, a0, a1, b0, b1 in Indel.opcodes(a, b).as_list():
        if tag == "equal":
            if pending:
                out.append(tuple(pending))
                pending = None
        elif pending is None:
            pending = [a0, a1, b0, b1]
        else:
            pending[1], pending[3] = a1, b1
    if pending:
        out.append(tuple(pending))
    return out


_NUMERALS_AND_NEGATIONS = _CJK_NUMERALS | frozenset("不没未无非别勿否")


def _all_cjk(text: str) -> bool:
    return _ALL_CJK.fullmatch(text) is not None


_DIGIT = re.compile(r"\d")
_ALL_CJK = re.compile(r"[^\x00-\u2e7f\uac00-\ud7af]*")  # (is_cjk of every character, in C)


def _touches_letters(key: str, begin: int, end: int) -> bool:
    """Whether a stretch of a key is next to a letter or digit (of a word it may belong to)."""
    return begin > 0 and not is_cjk(key[begin - 1]) or end < len(key) and not is_cjk(key[end])


def judge(text: str, kept: str, weight: int) -> str | None:
    """Whether ``text`` (weight ``weight``, see :func:`dedup.keys.weight`) may be removed as a
    copy of ``kept``: None if it adds nothing to it, else why it is a different statement.

    >>> judge("- Birke Baumbeschreibung", "- Eiche Baumbeschreibung", 21)
    "adds 'birke'"
    >>> judge("Food and drink allowed? No alcohol is allowed.",
    ...       "Food and drink allowed? Alcohol is not allowed.", 38) is None
    True
    """
    return assess(text, kept, weight)


def assess(mine: str, theirs: str, weight: int, cut: bool = False) -> str | None:
    """The judgment of :func:`judge`. ``cut``: ``mine`` is a cut copy, whose
    first and last words may be cut short."""
    long = weight >= LONG_WEIGHT
    typos = cjk_typos = 0
    content: list[str] = []
    diffs = differences(mine, theirs)
    for diff in diffs:
        if not diff.mine:
            # The kept paragraph says more here; nothing of this one is lost, unless what it
            # says more is a negation (Alcohol is allowed / Alcohol is not allowed), or a
            # character that makes another name (李强 / 李克强).
            name = len(diff.theirs) == 1 and other_name(mine, diff.at, diff.theirs[0])
            if name:
                return name
            if len(diff.theirs) <= 2 and _states_number(diff.theirs) and \
                    mine[:diff.at].strip(_NOT_WORDS) and mine[diff.at:].strip(_NOT_WORDS):
                # A number inside the other, between words this one has: another model or
                # edition, another count (AirPods / AirPods 2, 医生 / 九名医生), not a cut.
                return f"lacks {quote(diff.theirs)}"
            code = _code_words(theirs, diff.theirs)
            if code and mine[:diff.at].strip(_NOT_WORDS) and mine[diff.at:].strip(_NOT_WORDS):
                # A part of an identifier inside the other: another setting or name in code
                # (axis.text / axis.text.x), not a cut.
                return f"lacks {quote(code)}"
            said = [word for word in diff.theirs if word in NEGATIONS]
            if said and _negations(mine) != _negations(theirs) and (
                    mine[:diff.at].strip(_NOT_WORDS) and mine[diff.at:].strip(_NOT_WORDS)):
                # (Not where this one is cut short: what a cut leaves out, it does not deny.)
                return f"lacks {quote(said)}"
            if not long:
                inserted = _inserted(mine, theirs, diff, cut)
                if inserted:
                    return f"lacks {quote(inserted)}"
            elif mine[diff.at:].strip(_NOT_WORDS):
                named = _name_extended(mine, theirs, diff)
                if named:
                    return f"lacks {quote(named)}"
            continue
        ours = [word for word, _, _ in diff.mine]
        others = diff.theirs
        first, last = diff.mine[0], diff.mine[-1]
        if len(ours) == 1 and others and (
                not mine[last[2]:].strip() and others[0].startswith(ours[0])
                or cut and not mine[:first[1]].strip() and others[-1].endswith(ours[0])):
            continue  # the word a cut went through
        if not others and len(ours) == 1:
            name = other_name(mine[:first[1]] + mine[first[2]:], first[1], ours[0], has=True)
            if name:
                return name
        letters, other_letters = "".join(ours), "".join(others)
        if letters == other_letters:
            continue  # words split or joined differently: the same letters
        if len(ours) == 1 == len(others) and siblings(letters, other_letters):
            return f"states {quote(ours)} where the other states {quote(others)}"
        kinds = [(word, fact(mine, begin, end)) for word, begin, end in diff.mine]
        if _same_figure(ours, others):
            continue  # one number, written in figures on one side (十一 / 11)
        facts = [word for word, kind in kinds if kind and kind != NAME]
        if facts:
            return f"states {quote(facts)}"
        respelled = _respelled(letters, other_letters)
        names = [word for word, kind in kinds
                 if kind == NAME and not any(_same_word(word, other) for other in others)]
        if names and not respelled:
            return f"states {quote(names)}"
        # An identifier in camelCase for another (maxRetries / minRetries): another setting,
        # however few letters differ. (Not two words a typo fused: sheMsaid / she said.)
        if len(ours) == 1 == len(others) and _CAMEL_CASE.match(mine, first[1], first[2]) \
                and others[0] in _camel_words(theirs):
            return f"states {quote([mine[first[1]:first[2]]])}"
        said = [word for word in ours if word in NEGATIONS or word in AFFIRMATIONS]
        if said and (any(word in AFFIRMATIONS for word in said)
                     or _negations(mine) != _negations(theirs)):
            return f"says {quote(said)} where the other does not"
        denied = [word for word in others if word in NEGATIONS]
        if denied and _negations(mine) != _negations(theirs):
            # The other's negation, where this one has another word (is not / is now).
            return f"lacks {quote(denied)}"
        if respelled:
            typos += respelled  # typos, or words split or joined with a letter changed
            continue
        words = _unmatched(ours, others)
        if diff is diffs[-1] and not mine[last[2]:].strip(_NOT_WORDS) and (
                not others or len(others) == 1 and ours[0].startswith(others[0])) and (
                words or not others and not _SENTENCE_ENDS.isdisjoint(mine[last[2]:])):
            # Its ending, which the other lacks: the other is cut short. (A sentence of
            # function words too: "We got her!"; not a lead-in such as "其中：".)
            return COMPLETES
        before = mine[:first[1]]
        if len(ours) == len(others) and before.strip(_NOT_WORDS) and (
                words and len(words) == 1 and is_cjk(words[0])
                or not words and _unmatched(others, ours)) and _swapped(ours, others) and \
                not (long and _is_head(_WORDS.findall(before) + ours, mine)):
            # A word put for another where a typo would change one character or a few
            # letters: function words where the other has content (保持进行 / 保持克制,
            # still / charged), two characters for two (国企 / 和贸). (In its first words, a
            # reworded opening of a repeated paragraph: 眼下 / 其们, 这两天 / 这也那.)
            return f"states {quote(ours)} where the other states {quote(others)}"
        if not words:
            if any(not is_cjk(word) and word not in FUNCTION_WORDS for word in ours):
                typos += 1  # an inflection or a typo of a word on the other side
            continue
        if len(words) == 1 and is_cjk(words[0]) and len(others) <= 2:
            cjk_typos += 1  # one CJK character for another, or one more or fewer
            continue
        if long and not mine[:first[1]].strip(_NOT_WORDS) and _is_head(ours, mine):
            continue
        if long:
            known = _words_of(theirs)
            words = [word for word in words if word not in known or is_cjk(word)]
            if words and _swapped(ours, others):
                # One word for its opposite, or a two-character word of Chinese for another:
                # another statement, never a paraphrase (increase / decrease, 成都 / 杭州).
                return f"states {quote(ours)} where the other states {quote(others)}"
        if _units(words) >= CLAUSE_WORDS:
            return f"adds {quote(words)}"
        content.extend(words)
    if cjk_typos > SHORT_TYPOS + weight // CJK_TYPO_WEIGHT or \
            typos > SHORT_TYPOS + weight // TYPO_WEIGHT:
        return f"differs in {typos + cjk_typos} places"
    if not content:
        return None
    if long and _units(content) <= max(PARAPHRASE_WORDS, weight // PARAPHRASE_WEIGHT):
        return None
    return f"adds {quote(content)}"


# What assess answers when this paragraph is the other one with its end: the other is a cut
# copy of it, and this one should take its place rather than go.
COMPLETES = "completes the other, which is cut short"


def _inserted(mine: str, theirs: str, diff: Difference, cut: bool) -> list[str]:
    """The content words the kept paragraph has where a short one (a heading, a list item) has
    none, when they make it say something else: items inside its list (``1 Purple, 1 Yellow``
    / ``1 Green, 1 Purple, 1 Red, 1 Yellow``: another selection; but ``The Palace: Jang Noksu``
    is a short form of ``The Palace: Tale of Jang Noksu``), or joined to its first word
    (``Breakthrough Prize`` / ``Special Breakthrough Prize``: another thing; a year before it
    is no other thing, ``2018 Theater Series``). Not at its end
    (a cut), and not a label set off by punctuation (``Video: title``); a stray letter, or a
    CJK character alone, may be a typo.

    >>> [_inserted(a, b, differences(a, b)[0], False) for a, b in (
    ...     ("Breakthrough Prize", "Special Breakthrough Prize"),
    ...     ("Breakthrough Prize", "Video: Breakthrough Prize"),
    ...     ("1 Purple, 1 Yellow", "1 Purple, 1 Red, 1 Yellow"),
    ...     ("The prize is given", "The prize is then given"),
    ...     ("Theater Series", "2018 Theater Series"),
    ...     ("The Palace: Jang Noksu", "The Palace: Tale of Jang Noksu"))]
    [['special'], [], ['red', '1'], [], [], []]
    """
    words = [word for word in _unmatched(diff.theirs, []) if len(word) > 1 or not _latin(word)
             or word.isdigit()]  # (a stray letter is noise)
    if _units(words) < 1:
        return []
    if mine[:diff.at].strip(_NOT_WORDS):
        inside = mine[diff.at:].strip(_NOT_WORDS)
        return words if inside and _separators(theirs) > _separators(mine) else []
    if cut or not mine[diff.at:].strip(_NOT_WORDS):
        return []  # (a cut copy may start anywhere in the other)
    words = [word for word in words if not word.isdigit()]  # (a year before a name: 2018 X)
    found = list(islice(_WORDS.finditer(theirs), len(diff.theirs) + 1))
    if _units(words) < 1 or len(found) <= len(diff.theirs):
        return []
    return [] if theirs[found[-2].end():found[-1].start()].strip() else words


def _name_extended(mine: str, theirs: str, diff: Difference) -> list[str]:
    """The capitalised words the other adds right after a name of this one, inside its text:
    another product or thing (PlayStation / PlayStation Portable, Manchester / Manchester
    United), which a long paragraph's allowance for a paraphrased word must not pass.

    >>> a = "The new PlayStation will go on sale in the UK on Friday, Sony said."
    >>> b = "The new PlayStation Portable will go on sale in the UK on Friday, Sony said."
    >>> _name_extended(a, b, differences(a, b)[0])
    ['portable']
    """
    if len(diff.theirs) > 2:
        return []
    before = _WORD_BEFORE.search(mine, 0, diff.at)
    if before is None or not before.group(1)[0].isupper() or \
            fact(mine, before.start(1), before.end(1)) != NAME:
        return []
    name = re.escape(before.group(1))
    words = r"\s+".join(r"(\w+)" for _ in diff.theirs)
    for match in re.finditer(rf"\b{name}\s+{words}\b", theirs):
        found = [match.group(i + 1) for i in range(len(diff.theirs))]
        if [_fold(word) for word in found] == diff.theirs and all(
                word[0].isupper() for word in found):
            return diff.theirs
    return []


# The last word before a place in a text (the place's own word boundary first).
_WORD_BEFORE = re.compile(r"(\w+)\W*\Z")


def _same_figure(ours: list[str], others: list[str]) -> bool:
    """Whether a Chinese numeral on one side is the figure on the other (十一 / 11).

    >>> _same_figure(["十", "一"], ["11"]), _same_figure(["11"], ["十", "二"])
    (True, False)
    """
    for numeral, figure in ((ours, others), (others, ours)):
        if len(figure) == 1 and figure[0].isdigit() and all(map(is_cjk, numeral)):
            return chinese_value("".join(numeral)) == figure[0]
    return False


def _states_number(words: list[str]) -> bool:
    """Whether a few words (of a difference) state a number: a figure, a Chinese numeral.

    >>> _states_number(["2"]), _states_number(["九", "名"]), _states_number(["名"])
    (True, True, False)
    """
    text = "".join(words) if all(map(is_cjk, words)) else " ".join(words)
    return any(fact(text, *match.span()) == NUMBER for match in _WORDS.finditer(text))


def _code_words(text: str, words: list[str]) -> list[str]:
    """Those of a few (case-folded) words that ``text`` has as parts of code: of a dotted
    identifier, next to ``_``, ``=``, a bracket of a call (see :func:`fact`). Code is ASCII.

    >>> _code_words("theme(axis.text.x = 1) # x-axis", ["x"]), _code_words("an x-ray", ["x"])
    (['x'], [])
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return []  # (a letter whose lower case is longer: no place maps; no code either)
    found = []
    for word in words:
        if not word.isascii():
            continue
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            before, after = text[at - 1:at], text[end:end + 1]
            if (before in _CODE_BEFORE or after in _CODE_AFTER or before == "." or after == ".") \
                    and not (before.isalnum() or after.isalnum()) and fact(text, at, end) == CODE:
                found.append(word)
                break
            at = lowered.find(word, end)
    return found


def _separators(text: str) -> int:
    """How many list separators a paragraph has (its items, less one)."""
    return sum(map(text.count, _LIST_SEPARATORS))


def _swapped(ours: list[str], others: list[str]) -> bool:
    """Whether a difference is one word for its opposite (``increase`` / ``decrease``,
    ``Vorteile`` / ``Nachteile``: alike in letters, unlike in meaning), one word of letters for
    another unlike it (:func:`_content_swap`), or up to three for as many, each another word,
    or two CJK characters for two others, one of the two a word of content (``成都`` /
    ``杭州``, ``国企`` / ``和贸``: a typo changes one)."""
    if len(ours) == 1 == len(others):
        return _content_swap(ours[0], others[0]) or _opposites(ours[0], others[0])
    if len(ours) == len(others) <= 3 and not any(map(is_cjk, ours + others)):
        # (A few words for as many, each another word: long-haul flights / business travellers.)
        return all(map(_content_swap, ours, others))
    return (len(ours) == 2 == len(others) and all(map(is_cjk, ours + others))
            and (_cjk_content_word(ours) or _cjk_content_word(others)))


def _content_swap(a: str, b: str) -> bool:
    """Two words of letters, of three letters or more, one of them at least a content word,
    neither a typo or an inflection of the other: one thing named instead of another
    (``passengers`` / ``visitors``, ``still`` / ``charged``), never a rewording of the same
    statement. Not a word garbled by typos, which keeps most of the other's letters in place
    (``diqffeoent`` / ``different``, ``hatee`` / ``have``), nor a word of one or two
    letters, as often a fragment of a word a typo split (``kn`` / ``in``, ``itto`` / ``to``).

    >>> [_content_swap(a, b) for a, b in (("visitors", "passengers"), ("charged", "still"),
    ...     ("diqffeoent", "different"), ("hatee", "have"), ("itto", "to"), ("thehas", "has"))]
    [True, True, False, False, False, False]
    >>> [_content_swap(a, b) for a, b in (("northbound", "southbound"), ("résumé", "resume"),
    ...     ("govt", "government"), ("men's", "women's"))]
    [True, False, False, True]
    """
    if len(a) < 3 or len(b) < 3 or is_cjk(a) or is_cjk(b) or _same_word(a, b):
        return False  # (_same_word reads accents and umlauts off too)
    plain_a, plain_b = _plain(a), _plain(b)
    if _abbreviates(plain_a, plain_b):
        return False
    # Garbled: most letters in place, the first one too (typos rarely touch it; northbound /
    # southbound, women's / men's differ there).
    similarity = OSA.normalized_similarity(plain_a, plain_b) if a[0] == b[0] else 0.0
    if a not in FUNCTION_WORDS and b not in FUNCTION_WORDS:
        return similarity < GARBLED_SIMILARITY
    # (A function word is short: two typos leave less of it in place.)
    return (a not in FUNCTION_WORDS or b not in FUNCTION_WORDS) and a not in b and \
        b not in a and similarity < GARBLED_FUNCTION_SIMILARITY


def _plain(word: str) -> str:
    """A word without its accents and ligatures (résumé / resume, œuvre / oeuvre, Käse /
    Kaese)."""
    if word.isascii():
        return word
    for letter, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("œ", "oe"), ("æ", "ae"),
                          ("ß", "ss")):
        word = word.replace(letter, plain)
    return "".join(ch for ch in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(ch))


def _abbreviates(a: str, b: str) -> bool:
    """Whether the shorter word is the longer one shortened: its letters in order, from the
    same first one (govt / government, mins / minutes, donuts / doughnuts, thru / through)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short[0] != long[0]:
        return False
    letters = iter(long)
    return all(letter in letters for letter in short)


def _cjk_content_word(chars: list[str]) -> bool:
    """Two CJK characters that are not a function word (``因为``) nor two function characters
    (``的是``); one may be (``成都``)."""
    return "".join(chars) not in CJK_FUNCTION_WORDS and not CJK_FUNCTION.issuperset(chars)


def _opposites(a: str, b: str) -> bool:
    """Two words that differ in a prefix of opposite meaning and share the rest.

    >>> _opposites("increase", "decrease"), _opposites("vorteile", "nachteile")
    (True, True)
    >>> _opposites("legal", "illegal"), _opposites("employment", "unemployment")
    (True, True)
    """
    for x, y in ((a, b), (b, a)):
        if len(y) >= 4 and any(x == prefix + y for prefix in NEGATING_PREFIXES):
            return True
    for one, other in OPPOSITE_PREFIXES:
        for x, y in ((a, b), (b, a)):
            if x.startswith(one) and y.startswith(other) and len(x) - len(one) >= 3 and \
                    x[len(one):] == y[len(other):]:
                return True
    return False


# A word and the same word negated by a prefix (legal / illegal, möglich / unmöglich).
NEGATING_PREFIXES = ("un", "in", "il", "im", "ir", "non", "non-", "dis")
OPPOSITE_PREFIXES = tuple(tuple(pair.split("/")) for pair in """
in/de im/ex ex/in up/down over/under pre/post pro/anti inter/intra inbound/outbound in/out
max/min en/dis with/without vor/nach ein/aus auf/ab über/unter an/ab zu/ab
""".split())


_NOT_WORDS = "".join(sorted(_BOUNDARY | _OPENERS)) + " \t\"',()[]"
_NEGATION_WORDS = _Compiled(r"\b(?:" + "|".join(sorted(
    (re.escape(w) for w in NEGATIONS if len(w) > 1), key=len, reverse=True))
    + r")\b|\w+n['’]t\b|[不没勿]|非(?![常洲])|未(?!来)|无(?!论)|别(?![人的处])|否(?!则)")
# (Any n't: a typo's casn't is one too. Not 非常 very, 非洲 Africa, 未来 future, 无论 no
# matter, 别人 others, 否则 otherwise.)


@lru_cache(maxsize=256)
def _words_of(text: str) -> frozenset[str]:
    """Every word of a kept paragraph (kept paragraphs are compared again and again)."""
    return frozenset(map(_fold, _WORDS.findall(text)))


def _negations(text: str) -> int:
    return len(_NEGATION_WORDS.findall(text.casefold()))


def _respelled(mine: str, theirs: str) -> int:
    """How many typos turn one stretch of letters into the other (0: not a typo): one letter
    changed, added or dropped (or two neighbours swapped) in a stretch of three letters or
    more, with words split or joined at the same time (``Hesaid`` / ``He said``); or a few
    scattered in a longer stretch, which begins and ends as the other does (not
    ``Regionalmeisterin`` / ``Regionalmeister``)."""
    if min(len(mine), len(theirs)) < 3 or (len(mine) > 1 and is_cjk(mine[0])):
        return 0
    most = max(1, min(len(mine), len(theirs)) // 5)
    distance = OSA.distance(mine, theirs, score_cutoff=most)
    if distance <= 1 or distance <= most and mine[0] == theirs[0] and mine[-1] == theirs[-1]:
        return distance
    return 0


def restates_title(mine: str, theirs: str) -> bool:
    """Whether ``mine`` is the title ``theirs`` behind a label that says so (``原标题：…``,
    ``Original title: …``): a note that restates the title, and nothing else.

    >>> restates_title("（原标题：中国电竞看上海）", "中国电竞看上海")
    True
    >>> restates_title("Seminar Reiki und Schamanismus", "Reiki und Schamanismus")
    False
    """
    diffs = [diff for diff in differences(mine, theirs) if diff.mine or diff.theirs]
    if len(diffs) != 1 or diffs[0].theirs or mine[:diffs[0].mine[0][1]].strip(_NOT_WORDS):
        return False
    label = "".join(word if is_cjk(word) else word + " " for word, _, _ in diffs[0].mine)
    return label.strip() in TITLE_LABELS


def _unmatched(ours: list[str], others: list[str]) -> list[str]:
    """The content words of ``ours`` that are not function words and not an inflection or a
    typo of a word of ``others``."""
    cjk = "".join(word for word in ours if is_cjk(word))
    for word in CJK_FUNCTION_WORDS:
        if word in cjk:
            cjk = cjk.replace(word, "")
    words = []
    for word in ours:
        if is_cjk(word):
            if word in cjk and word not in CJK_FUNCTION:
                words.append(word)
        elif word not in FUNCTION_WORDS and word not in NEGATIONS and not any(
                _same_word(word, other) for other in others):
            words.append(word)  # (a negation said in other words, no / not: see polarity)
    return words


def _units(words: list[str]) -> float:
    """Content, in words: a CJK character is half a word."""
    return sum(0.5 if is_cjk(word) else 1 for word in words)


def _same_word(a: str, b: str) -> bool:
    """An inflection (Internetbildern / Internetbild, moved / move) or a one-letter typo of a
    word of three letters or more (a letter changed, added or dropped, or two neighbours
    swapped: government / govenrment). A suffix that makes another word (Meister / Meisterin) is
    neither."""
    if a == b or frozenset((a, b)) in SPELLINGS:
        return True
    if any(ch.isdigit() for ch in a):
        return False  # a number, or a model (X1 / X10), is never a typo of another
    if not (a.isascii() and b.isascii()):
        a, b = _plain(a), _plain(b)  # (an accent dropped, an umlaut spelled out)
        if a == b:
            return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter):] in _INFLECTIONS:
        return True
    if len(shorter) >= 4 and longer[:-1].startswith(shorter[:-1]) and (
            longer[len(shorter) - 1:] in _INFLECTIONS or shorter[-1:] in ("e", "y")
            and longer[len(shorter) - 1:] in ("ed", "ing", "ies", "ied", "es")):
        return True  # move / moved, carry / carried: a stem ending changed by the inflection
    return len(shorter) >= 3 and len(longer) - len(shorter) <= 1 and \
        OSA.distance(a, b, score_cutoff=1) <= 1


# An identifier in camelCase: a lower-case word, then capitalised ones (not a typo's itAAs).
_CAMEL_CASE = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?:[A-Z][a-z]+)+(?![A-Za-z])")


def _camel_words(text: str) -> list[str]:
    """The identifiers in camelCase of a text, folded."""
    return [match.group().lower() for match in _CAMEL_CASE.finditer(text)]


def _is_head(words: list[str], text: str) -> bool:
    """A reworded head: a few words that open a paragraph at least seven times as long."""
    size = _units(words)
    return size <= HEAD_WORDS and 7 * size * 5 <= len(text)


def quote(words: list[str], most: int = 6) -> str:
    shown = words[:most]
    joined = "".join(shown) if all(is_cjk(w) for w in shown) else " ".join(shown)
    return repr(joined + (" …" if len(words) > most else ""))


# -- cut copies -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’」』）)\]】]*\s*$")
_PERIOD_END = re.compile(r"[.。][\"'”’」』）)\]】]*\s*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…|⋯)\s*$")
# What may stand between a complete title and the decoration a variant of it adds.
_SEPARATOR = re.compile(r"^[\s)）\]】」』”\"'’]*(?:[-–—|•·:：/]|[(（\[【《])")

# A site's signature after a cut title: a separator, then a short name (``_华律网``, `` - Law
# Help Online``, `` | example.com``) and nothing more.
_SIGNATURE_MARKS = "-_–—|·"  # what parts a title from its site's name
_SIGNATURE_STOPS = re.compile(r"[.!?。！？…⋯,，;；:：]")  # never in a name
SIGNATURE_WEIGHT = 24  # at most this heavy (CJK counts 2): a few words, a name


def signed_cut(text: str) -> str | None:
    """What a title cut short with an ellipsis and then signed with a site's name says (the
    text to its ellipsis), or None when the text is no such title. Titles of pages listed
    elsewhere come so (``…应该怎么赔..._华律网``); the signature is chrome, not a statement, and
    without it the cut title is an ordinary cut copy of its complete one.

    A signature is a name: a few words, each capitalised or a domain, or a few CJK characters
    none of which carries grammar; an ellipsis followed by a clause of its own (``… — but not
    everyone agrees``) is no cut title.

    >>> signed_cut("交通事故对方全责，我方车辆损失和误工费应该怎么赔..._华律网")
    '交通事故对方全责，我方车辆损失和误工费应该怎么赔...'
    >>> signed_cut("How to claim compensation after an accident that was not your… - Law Help")
    'How to claim compensation after an accident that was not your…'
    >>> signed_cut("The plan would work… — but not everyone agrees"), signed_cut("Wait... what")
    (None, None)
    """
    if "…" not in text and "..." not in text and "⋯" not in text:
        return None  # (almost every paragraph: a C-speed look)
    text = text.rstrip()
    end = max(text.rfind("..."), text.rfind("…"), text.rfind("⋯"))
    while end < len(text) and text[end] in ".…⋯":
        end += 1
    # The signature: a mark, then a name with no sentence punctuation (read with string
    # methods: as a regular expression, a long run of spaces made it quadratic).
    tail = text[end:].lstrip()
    name = tail[1:].strip()
    if not tail or tail[0] not in _SIGNATURE_MARKS or not name or \
            _SIGNATURE_STOPS.search(name) or not text[:end].strip(".…⋯ "):
        return None
    if not 0 < key_weight(make_key(name)) <= SIGNATURE_WEIGHT:
        return None
    words = _WORDS.findall(name)
    if any(is_cjk(word) and word in CJK_FUNCTION
           or not is_cjk(word) and word[0].islower() and "." not in name
           for word in words):
        return None
    return text[:end]


def sentence_complete(text: str) -> bool:
    """Whether a paragraph ends a sentence (a title, a list item or a cut copy does not).

    >>> sentence_complete("他们就无法放贷。”"), sentence_complete("Apple iPad Pro (64GB)")
    (True, False)
    """
    return bool(_SENTENCE_END.search(text))


def cut_problem(mine: str, theirs: str, replacing: bool, short: bool = False) -> str | None:
    """Whether ``mine``, much shorter than ``theirs``, may go as a cut copy of
    it: None if so, else why not. ``replacing``: ``mine`` came first, and ``theirs`` would
    take its place.

    A cut copy lines up with a whole unit of the longer paragraph: its start, or a stretch that
    starts where a sentence or clause does, or itself starts mid-sentence, in lower case. A
    sentence of its own made of the other's ending (``Observe a minute silence…`` after ``the
    Senate resolved to observe a minute of silence…``) is not a copy of it. And a paragraph is
    replaced by a later, longer one only when it is that paragraph cut short: its start (or
    whole sentences of it), letter for letter where it ends a sentence, and not a complete
    title the longer one decorates (``Apple iPad Pro (64GB)`` / ``… - Space Gray``) or extends
    (``Enchufla mentira switch`` / ``… quedate``): a ``short`` line that ends no sentence goes
    only when it is visibly cut, mid-word or with an ellipsis.
    """
    equal = [op for op in Indel.opcodes(mine, theirs) if op.tag == "equal"]
    if not equal:
        return "shares nothing"
    # Where it lines up: its longest shared run, carried to its start (a common word at its
    # start, "the", may also match somewhere earlier in the other).
    anchor = max(equal, key=lambda op: op.src_end - op.src_start)
    start = max(0, anchor.dest_start - anchor.src_start)
    while start < len(theirs) and not theirs[start].isalnum():
        start += 1  # (to its first word)
    # Where it ends in the other: after its last shared word (its closing stop may line up with
    # one much further on).
    last = next((op for op in reversed(equal) if _ALNUM.search(mine, op.src_start, op.src_end)),
                equal[-1])
    end = min(len(theirs), last.dest_end + len(mine) - last.src_end)
    complete = sentence_complete(mine)
    mid_sentence = (0 < start < len(theirs) and not starts(theirs, start)
                    and not _starts_lower(mine))
    if _labels_quote(theirs, start, end):
        return None
    if not replacing and ends_breadcrumb(mine, theirs):
        return BREADCRUMB
    if not replacing:
        # A fragment (a title, a caption, a cut clause) held by the other goes; a sentence of
        # its own made of the other's ending stays, and so does a short line the other has
        # behind a content word joined to it: another thing (Special Breakthrough Prize).
        if mid_sentence and complete:
            return "is a sentence of its own inside a sentence of the other"
        if mid_sentence and short and _modified(theirs, start):
            return "names another thing (a word of the other joined before it)"
        return None
    if mid_sentence:
        return "is mentioned inside a sentence of the other"
    if theirs[:start].strip(_NOT_WORDS) and not (
            complete and start < len(theirs) and starts(theirs, start)):
        # (Not the start: words of the other stand before it; an opening quote is no word.)
        return "is not the start of the other"
    rest = theirs[end:]
    if rest.strip():
        if not complete and _SEPARATOR.match(rest):
            return "is a complete title the other decorates"
        if not complete and rest[:1] in _LIST_SEPARATORS and _closed(mine):
            # (A cut rarely falls just after a closing bracket: this one is a whole item, a
            # dish with its ingredients, and the other a list that goes on.)
            return "is a whole item the other's list goes on from"
        cut_word = bool(mine) and _latin(mine[-1]) and end < len(theirs) and _latin(theirs[end])
        if not complete and short and not cut_word and not _ELLIPSIS.search(mine):
            return "is a title the other extends"  # a title is cut mid-word or with an ellipsis
        exact = anchor.src_start == 0 and anchor.src_end == len(mine)
        following = end + len(rest) - len(rest.lstrip(_NOT_WORDS))
        if complete and not exact and following < len(theirs) and starts(theirs, following):
            return "is an edited sentence, not a cut one"
    return None


# -- sentences --------------------------------------------------------------------------------

SENTENCE_WEIGHT = 16    # a sentence this heavy (CJK counts 2) must be held by the kept paragraph
SENTENCE_HELD = 65      # ...as a stretch of it that scores this much: about two thirds in place
_SENTENCE_PIECE = re.compile(r"[^.!?。！？；;]*(?:[.!?。！？；;]+[\"'”’」』）)\]】]*|$)")


def unheld_sentence(mine: str, kept_key: str, mine_key: str | None = None,
                    kept_text: str = "") -> str | None:
    """A sentence of the paragraph to be removed that no stretch of the kept one holds (its
    key letter for letter, or a stretch that scores SENTENCE_HELD against it: a typo, a
    punctuation or width variant, a word or two reworded), or None when every sentence is
    held. The word-level evidence lets a long paragraph differ by a few scattered words;
    gathered in one sentence, they can be a question or a fact that nothing kept says.
    ``kept_text``, the kept paragraph's text when known: a sentence found in it as it stands
    is held without computing its key (most sentences of a near copy are).

    >>> unheld_sentence("他说：我们会继续加大研发投入。明年的目标是什么？",
    ...                 make_key("他说：“我们会继续加大研发投入。”"))
    '明年的目标是什么？'
    >>> unheld_sentence("We met on Monday. The plan was aproved by all.",
    ...                 make_key("We met on Monday. The plan was approved by all of them."))
    """
    if mine_key is None:
        mine_key = make_key(mine)
    # Within two letters of the kept key (or inside it), every sentence of eight or more
    # letters is held: one edit costs it at most an eighth of its length.
    if mine_key in kept_key or Indel.distance(mine_key, kept_key, score_cutoff=2) <= 2:
        return None
    long = key_weight(mine_key) >= LONG_WEIGHT
    for i, piece in enumerate(_SENTENCE_PIECE.findall(mine)):
        if kept_text and piece.strip() in kept_text:
            continue
        key = make_key(piece)
        if key_weight(key) < SENTENCE_WEIGHT or key in kept_key:
            continue
        if long and i == 0:  # (a long paragraph's reworded head is allowed, as in assess)
            key = make_key(_after_head(piece))
            if key_weight(key) < SENTENCE_WEIGHT or key in kept_key:
                continue
        if fuzz.partial_ratio(key, kept_key, score_cutoff=SENTENCE_HELD) == 0:
            return piece.strip()
    return None


def _after_head(sentence: str) -> str:
    """A paragraph's first sentence without its head: the words past the first HEAD_WORDS
    (a CJK character counts half a word)."""
    size = 0.0
    for match in _WORDS.finditer(sentence):
        size += 0.5 if is_cjk(match.group()) else 1
        if size > HEAD_WORDS:
            return sentence[match.start():]
    return ""


def _modified(text: str, begin: int) -> bool:
    """Whether the word at ``begin`` follows a content word with nothing but spaces between
    (``Special Breakthrough``; in CJK, nothing: ``特别突破``), not a function word (``the
    Breakthrough``).

    >>> _modified("Special Breakthrough Prize", 8), _modified("won the Prize", 8)
    (True, False)
    >>> _modified("特别突破奖", 2), _modified("鸟巢举办 知道创宇", 5)
    (True, False)
    """
    gap = _gap_before(text, begin)
    if gap.strip() or len(gap) == begin:
        return False
    end = begin - len(gap)
    if is_cjk(text[end - 1]):  # (a space between CJK characters parts a title: 标题 副题)
        return not gap and text[end - 1] not in CJK_FUNCTION
    word_start = end
    while word_start and _latin(text[word_start - 1]):
        word_start -= 1
    return _fold(text[word_start:end]) not in FUNCTION_WORDS


_LIST_SEPARATORS = frozenset(",;，；、")
_PAIRS = {")": "(", "）": "（", "]": "[", "】": "【"}


def _closed(text: str) -> bool:
    """Whether a paragraph ends with a bracket that closes one it opened.

    >>> _closed("Salad (tomatoes, feta)"), _closed("tomatoes, feta)"), _closed("Salad")
    (True, False, False)
    """
    text = text.rstrip()
    opener = _PAIRS.get(text[-1:])
    return opener is not None and text.count(opener) >= text.count(text[-1])


_CRUMBS = re.compile(r"\s(?:>|»|›|→|/)\s")
BREADCRUMB = "is the title the other's breadcrumb ends with (the clean copy)"


def ends_breadcrumb(mine: str, theirs: str) -> bool:
    """Whether the other is a breadcrumb whose last step is this line (``首页 > 科技 > 数码 >
    title`` / ``title``): this one is the clean copy of the title, not a cut of the other.

    >>> ends_breadcrumb("Title here", "Home > News > Title here"), ends_breadcrumb("b", "a > b")
    (True, False)
    """
    mine, theirs = mine.strip(), theirs.strip()
    if not mine or not theirs.endswith(mine) or len(theirs) == len(mine):
        return False
    trail = theirs[: len(theirs) - len(mine)]
    return len(_CRUMBS.findall(trail + " ")) >= 2 and _CRUMBS.search(trail[-4:] + " ") is not None


def _labels_quote(theirs: str, start: int, end: int) -> bool:
    """Whether the other is a short label followed by this one whole, in quotes or brackets,
    and nothing after (``Produktinformationen "Trixie Natura Kleintierstall"``): the line is
    quoted, not mentioned in passing."""
    return (start > 0 and end < len(theirs) and theirs[start - 1] in _OPENERS
            and theirs[end] in _CLOSERS and not theirs[end + 1:].strip(_NOT_WORDS)
            and len(_WORDS.findall(theirs, 0, start)) <= HEAD_WORDS)


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
    return False
