"""The matcher: what counts as a repeat, and the evidence it leaves."""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from dedup import evidence, match
from dedup.keys import anchors, make_key, numbers, weight
from dedup.model import Options
from dedup.pipeline import dedup_text

LONG_EN = "Restrictions were imposed ahead of its flotation in August to prevent a flood of sales."
LONG_ZH = "新建绿地的同时，各地还进一步推动古树名木的保护，逐步实现对重点古树的实时监测。"


def run(*paragraphs, **options):
    return dedup_text("\n\n".join(paragraphs) + "\n", Options(**options))


def reasons(result):
    return [(v.paragraph.index, v.reason, v.duplicate_of) for v in result.removed]


class TestSingleParagraphs:
    def test_exact_repeat(self):
        """An identical paragraph goes, pointing at the first copy."""
        result = run(LONG_EN, LONG_ZH, LONG_EN)
        assert reasons(result) == [(2, "exact", 0)]
        assert [p.text for p in result.kept] == [LONG_EN, LONG_ZH]

    def test_width_and_spacing_variant_is_exact(self):
        """A copy that differs only in punctuation width and spaces has the same key."""
        variant = LONG_ZH.replace("，", ",") + " "
        assert reasons(run(LONG_ZH, variant)) == [(1, "exact", 0)]

    def test_near_repeat_with_score(self):
        """A copy with a few characters changed goes as `near`, with its similarity."""
        edited = LONG_EN.replace("flood", "flod").replace("August", "Augst")
        result = run(LONG_EN, edited)
        [verdict] = result.removed
        assert verdict.reason == "near" and verdict.duplicate_of == 0
        assert verdict.score == pytest.approx(fuzz.ratio(make_key(LONG_EN), make_key(edited)))

    def test_swapped_subject(self):
        """A copy whose first words were replaced is still a repeat."""
        swapped = "So then it" + LONG_EN[len("Restrictions"):]
        assert reasons(run(LONG_EN, swapped)) == [(1, "near", 0)]

    @pytest.mark.parametrize("a, b", [
        ("Colombia has a population of about 44 million and a fast-growing economy.",
         "Colombia has a population of about 46 million and a fast-growing economy."),
        ("王沪宁表示，2025年人民政协要深刻领悟两个确立的决定性意义，坚决做到两个维护。",
         "王沪宁表示，2031年人民政协要深刻领悟两个确立的决定性意义，坚决做到两个维护。"),
        ("栉风沐雨七十年，砥砺前行写春秋，新中国农垦产业职工队伍建设成就回顾。",
         "栉风沐雨八十年，砥砺前行写春秋，新中国农垦产业职工队伍建设成就回顾。"),
    ], ids=["english", "chinese-figures", "chinese-numerals"])
    def test_number_siblings_both_stay(self, a, b):
        """Paragraphs that differ in their numbers are different facts."""
        assert run(a, b).removed == ()

    def test_truncated_later_copy_is_contained(self):
        """A later copy cut short goes as `contained`."""
        cut = LONG_EN[:60]
        assert reasons(run(LONG_EN, cut)) == [(1, "contained", 0)]

    def test_truncated_earlier_copy_is_replaced(self):
        """When the earlier copy is the cut one, the complete text is kept at its place."""
        cut = LONG_EN[:60]
        result = run(cut, LONG_ZH, LONG_EN)
        assert [p.text for p in result.kept] == [LONG_EN, LONG_ZH]
        assert reasons(result) == [(0, "truncated", 2)]

    def test_short_line_alone_stays(self):
        """A byline occurring twice far apart is not removed."""
        assert run("本报记者 吴锋思", LONG_ZH, LONG_EN, "本报记者 吴锋思").removed == ()

    def test_title_is_not_contained_in_its_lead(self):
        """A headline that is a small part of the first paragraph stays."""
        title = "“十四五”期间我国信息化发展取得显著成就"
        lead = "央视网消息（新闻联播）：记者从中央网信办获悉，“十四五”期间我国信息化发展取得显著成就，在信息基础设施等方面成效明显。"
        assert run(title, lead).removed == ()


class TestBlocks:
    def test_short_lines_go_with_their_block(self):
        """A title repeated together with its paragraph goes with it."""
        result = run("迎新春 年味浓", LONG_ZH, LONG_EN, "迎新春 年味浓", LONG_ZH)
        assert reasons(result) == [(3, "block", 0), (4, "exact", 1)]

    def test_edited_short_line_in_block(self):
        """A short line with a character changed still goes with its block."""
        result = run(LONG_ZH, "迎新春 年味浓", LONG_EN, LONG_ZH, "迎新春 味味浓")
        assert reasons(result) == [(3, "exact", 0), (4, "block", 1)]

    def test_block_of_short_lines(self):
        """A table of contents of short lines repeated as a unit collapses to one copy."""
        toc = ["要目一览", "钢铁报国建功", "牢记使命担当", "探索与辉煌", "工会与工人"]
        result = run(LONG_EN, *toc, *toc, LONG_ZH)
        assert [p.text for p in result.kept] == [LONG_EN, *toc, LONG_ZH]
        assert {v.reason for v in result.removed} == {"block"}

    def test_two_short_lines_far_apart_stay(self):
        """Two bylines repeated far apart are too little to call a block."""
        result = run("本报记者 胡家慰", "本报记者 叶小钟", LONG_ZH, LONG_EN, "本报记者 胡家慰", "本报记者 叶小钟")
        assert result.removed == ()

    def test_many_identical_paragraphs(self):
        """100,000 identical paragraphs collapse to one, in linear time."""
        result = dedup_text((LONG_EN + "\n\n") * 100_000)
        assert [p.text for p in result.kept] == [LONG_EN]
        assert len(result.removed) == 99_999

    def test_many_identical_short_lines(self):
        """A short line repeated back to back many times is a repeated block."""
        result = dedup_text(("Advertisement\n\n") * 1000)
        assert [p.text for p in result.kept] == ["Advertisement"]

    def test_lone_cells_stay_beside_repeated_cells(self):
        """A flattened table: a one-character cell beside a repeated comment is not a copy of
        the same cell in another row; the comment may go, the cell stays."""
        comment = "此号码热力不减，防止其再次中出"
        rows = [cell for n in ("3", "5") for cell in (n, "升", "○", "重", comment)]
        result = run(LONG_ZH, *rows, LONG_EN)
        assert [p.text for p in result.kept].count("重") == 2
        assert [(v.paragraph.text, v.reason) for v in result.removed] == [(comment, "exact")]

    def test_labels_of_a_template_stay(self):
        """A menu repeated with another dish: the labels over the dish that differs stay (and
        say why in the report); the labels over the repeated dish go with it."""
        dish = "Asparagus and Eggs with one cup of asparagus and two soft-boiled eggs on toast."
        first = "Tomato Cucumber Salad with half a cup of cherry tomatoes and 1 Tbsp. vinegar."
        other = first.replace("1 Tbsp.", "2 Tbsp.")
        plan = ["Meal 1", "Eat every 2–3 hours", dish, "Meal 2", "Eat every 2–3 hours"]
        result = run("Plan A", *plan, first, "Plan B", *plan, other, LONG_EN)
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [
            (8, "block"), (9, "block"), (10, "exact")]
        assert [p.text for p in result.kept][-5:] == ["Plan B", "Meal 2", "Eat every 2–3 hours",
                                                     other, LONG_EN]
        notes = {n["index"]: n["detail"] for n in result.notes if n["reason"] == "distinct"}
        assert "template" in notes[11] and "template" in notes[12]

    def test_short_line_after_a_block_goes_before_new_text(self):
        """A short line that closes a repeated block goes with it when what follows is new
        text, not another filling of the same template."""
        result = run(LONG_ZH, "Read more", LONG_EN, LONG_ZH, "Read more",
                     "An entirely different closing paragraph about the harbour and its boats.")
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [
            (3, "exact"), (4, "block")]


# -- properties, checked against a brute-force oracle ----------------------------------------

ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经三之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几区强放决西被干做必战先回则任取据处队南给色光门即保治北造规热领海口东导器压志世金增争济阶油思术极交受联什认共权收证改清己美再采转更单风切打白教速花带安场身车例真务具每目至达走积示议声报斗完类离华名确才科张信马节话米整空况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
WORDS = ("market", "shares", "council", "report", "minister", "players", "season", "river",
         "village", "school", "budget", "energy", "museum", "festival", "workers", "union")


@st.composite
def paragraph(draw):
    if draw(st.booleans()):
        return "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=20, max_size=80)))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=20))
    return " ".join(words).capitalize() + "."


@st.composite
def damaged_document(draw):
    """Unique paragraphs, then copies of some of them, each copy exact or with one small
    contiguous edit (so that the index is bound to propose the original)."""
    originals = draw(st.lists(paragraph(), min_size=1, max_size=8, unique_by=make_key))
    document = list(originals)
    for _ in range(draw(st.integers(0, 8))):
        text = draw(st.sampled_from(originals))
        if draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            size = draw(st.integers(1, 3))
            text = text[:start] + draw(st.sampled_from(["x", "中", "ab", ""])) + text[start + size:]
        document.insert(draw(st.integers(len(originals), len(document))), text)
    return document


def same_numbers_but_for_an_edge(a, b):
    """The documented number rule: equal, or one copy lacks numbers only at its start or end."""
    for x, y in zip(numbers(a), numbers(b)):
        short, long = sorted((x, y), key=len)
        if x != y and (len(x) == len(y) or short not in (long[:len(short)], long[len(long) - len(short):])):
            return False
    return True


def oracle_duplicates(a, b, threshold):
    """Brute force: are two long paragraphs repeats by the documented rule? (``b`` came later:
    it repeats ``a`` when it is as similar as the threshold, states the same numbers, and the
    evidence finds nothing in it that ``a`` does not say.)"""
    return (fuzz.ratio(make_key(a), make_key(b)) >= threshold
            and same_numbers_but_for_an_edge(a, b)
            and evidence.judge(b, a, weight(make_key(b))) is None)


def _slots(text, kept):
    """Every template two lines may fill with one value each (dedup.match._see_family)."""
    found = [evidence.slot(make_key(text), make_key(kept)) or evidence.word_slot(text, kept)]
    return [slot for slot in found + evidence.cjk_word_slots(text, kept) if slot]

def items_of_a_list(a, b, document):
    """Brute force: is ``b``, which came after ``a``, a value of a slot that three or more
    paragraphs of the document fill differently, against some paragraph ``c`` of it (the list
    rule: it stays, however like ``a`` it looks)?"""
    for c in set(document):
        values = defaultdict(set)
        for text in document:
            for template, value, kept_value in _slots(text, c):
                values[template] |= {value, kept_value}
        lists = {template for template, found in values.items() if len(found) >= 3}
        if lists & ({t for t, *_ in _slots(b, c)} | (lists if b == c else set())):
            return True
    return False


class TestProperties:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(damaged_document())
    def test_no_kept_pair_repeats_by_the_oracle(self, document):
        """No two kept paragraphs are repeats, judged pair by pair without any index: the index
        proposes every candidate the brute force would compare."""
        options = Options()
        kept = [p.text for p in dedup_text("\n\n".join(document), options).kept]
        long_kept = [t for t in kept if weight(make_key(t)) >= options.min_length]
        for i, a in enumerate(long_kept):
            for b in long_kept[i + 1:]:
                assert not oracle_duplicates(a, b, options.threshold) or \
                    items_of_a_list(a, b, document), (a, b)

    @settings(max_examples=150, deadline=None)
    @given(damaged_document())
    def test_every_original_survives(self, document):
        """Every distinct original keeps a copy at least as similar as the threshold, or one
        that holds it (a stretch of it that scores the containment threshold)."""
        options = Options()
        kept = [p.text for p in dedup_text("\n\n".join(document), options).kept]
        for text in set(document):
            assert any(t == text or oracle_duplicates(t, text, options.threshold)
                       or len(make_key(text)) <= len(make_key(t)) and fuzz.partial_ratio(
                           make_key(text), make_key(t)) >= options.containment
                       for t in kept), text

    @settings(max_examples=150, deadline=None)
    @given(damaged_document())
    def test_output_is_made_of_input_paragraphs(self, document):
        """The output holds input paragraphs only, and no more of them than came in."""
        result = dedup_text("\n\n".join(document))
        assert {p.text for p in result.kept} <= set(document)
        assert len(result.kept) + len(result.removed) == len(document)

    @settings(max_examples=150, deadline=None)
    @given(damaged_document())
    def test_idempotent(self, document):
        """Cleaning a cleaned text changes nothing."""
        once = dedup_text("\n\n".join(document)).text
        assert dedup_text(once).text == once

    @settings(max_examples=100, deadline=None)
    @given(damaged_document())
    def test_every_removal_names_a_kept_paragraph(self, document):
        """Each verdict points at a paragraph that is in the output."""
        result = dedup_text("\n\n".join(document))
        kept = {p.index for p in result.kept}
        assert all(v.duplicate_of in kept for v in result.removed)


def _containment_without_bound(shorter: str, longer: str, threshold: float) -> float:
    """match._containment without its common-subsequence bound: every start it tries."""
    size = len(shorter)
    starts = [0, len(longer) - size]
    for at in (0, size // 2, size - match.PROBE_CHARS):
        found = longer.find(shorter[at:at + match.PROBE_CHARS]) if at >= 0 else -1
        if found >= 0:
            starts.append(max(0, found - at))
    return max(fuzz.ratio(shorter, longer[start:start + size], score_cutoff=threshold)
               for start in starts)


class TestContainmentBound:
    """The bound that spares most containment checks never rejects a stretch that scores."""

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="abcde的中文", min_size=1, max_size=80), st.data())
    def test_same_as_every_start(self, shorter, data):
        """Truncated, edited and unrelated texts score as if every start were tried."""
        head = data.draw(st.text(alphabet="abcde的中文", max_size=40))
        tail = data.draw(st.text(alphabet="abcde的中文", max_size=40))
        edit = data.draw(st.integers(min_value=0, max_value=len(shorter)))
        middle = shorter[:edit] + data.draw(st.text(alphabet="xyz", max_size=3)) + shorter[edit + 1:]
        longer = head + middle + tail
        if len(shorter) > len(longer):
            shorter, longer = longer, shorter
        if not shorter:
            return
        lcs = LCSseq.similarity(shorter, longer)
        for threshold in (0.0, 50.0, 90.0, 95.0, 100.0):
            expected = _containment_without_bound(shorter, longer, threshold)
            if lcs < match._containment_floor(len(shorter), threshold):
                assert expected == 0  # what the bound rejects never scores
            else:
                assert match._containment(shorter, longer, threshold) == expected


def _compare_plainly(options: Options, later, earlier, threshold: float):
    """Matcher.compare as it reads without its shared common subsequence: the ratio first,
    then the containment bound, then the alignment."""
    a, b = later.key, earlier.key
    if not a or not b:
        return None
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < options.min_share * len(longer):
        return None
    score = fuzz.ratio(a, b, score_cutoff=threshold)
    if score:  # (alike, but other numbers: a resemblance compare keeps apart)
        same = match._same_facts(later.numbers, earlier.numbers)
        return (match.NEAR if same and a != b else match.EXACT if same else match._NUMBERS, score)
    if len(shorter) >= match.NEAR_LENGTH_SHARE * len(longer):
        return None
    if LCSseq.similarity(shorter, longer) < match._containment_floor(len(shorter),
                                                                    options.containment):
        return None
    score = match._containment(shorter, longer, options.containment)
    if not score:
        return None
    part, whole, reason = ((later, earlier, match.CONTAINED) if shorter is a
                           else (earlier, later, match.TRUNCATED))
    return (reason, score) if match._numbers_within(part, whole) else None


class TestCompare:
    """resemblances() reads the ratio and the containment bound off one common subsequence, and
    lets rapidfuzz stop early; the verdicts and scores are those of asking each in turn."""

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="abcd的中文1", min_size=1, max_size=60), st.data())
    def test_same_as_asking_in_turn(self, text, data):
        cut = data.draw(st.integers(min_value=0, max_value=len(text)))
        edited = (data.draw(st.text(alphabet="abxy的1", max_size=6)) + text[cut:]
                  + data.draw(st.text(alphabet="abxy中2", max_size=6)))
        pair = [text, edited][:: data.draw(st.sampled_from([1, -1]))]
        later, earlier = (match._Para(t, make_key(t), weight(make_key(t))) for t in pair)
        for threshold in (50.0, 80.0, 85.0, 95.0, 100.0):
            matcher = match.Matcher(Options(threshold=threshold))
            got = next(iter(matcher.resemblances(later, earlier, threshold)), None)
            assert ((got.reason, got.score) if got else None) == \
                _compare_plainly(matcher.options, later, earlier, threshold)


class TestAnchorIndex:
    def test_postings_in_order_and_capped(self):
        """Paragraphs sharing an opening are remembered first come, first listed, at most
        POSTINGS_PER_ANCHOR of them, and a later copy is verified against them."""
        opening = "Officials said on Monday that "
        tails = [
            "the river had burst its banks after a week of heavy rain in the hills.",
            "a new hospital wing would open to patients before the end of the summer.",
            "train fares are to rise again next spring, the third increase in two years.",
            "schools in the north will close early because of the outbreak of influenza.",
            "the museum has bought a painting thought lost since the war for a record sum.",
            "forest fires had destroyed more homes this season than in any year on record.",
        ]
        matcher = match.Matcher(Options())
        for tail in tails:
            matcher.feed(opening + tail)
        assert not matcher.removed
        shared = anchors(make_key(opening + tails[0]))[0]
        assert matcher._anchors[shared] == list(range(match.POSTINGS_PER_ANCHOR))
        matcher.feed(opening + tails[2].replace("again", "once more"))
        assert matcher.removed[len(tails)][:2] == (2, "near")


class TestEvidenceOfCuts:
    """A cut copy is judged on what it says, not on what its cut leaves out; an edited
    sentence is not a cut one; a line quoted whole under a label is quoted, not mentioned."""

    WHOLE = ("The misplaced reliance on the prison system is at the heart of the problems that "
             "we encountered. Until we change our approach, we cannot expect better results.")

    def test_negation_in_the_cut_off_part_does_not_keep_the_cut_copy(self):
        """The cut ends before the other's 'cannot': the cut copy denies nothing, it goes."""
        cut = self.WHOLE[: self.WHOLE.index(" encountered")]
        assert evidence.assess(cut, self.WHOLE, weight(make_key(cut)), cut=True) is None

    def test_negation_missing_inside_is_still_a_different_statement(self):
        """The same sentence without its 'cannot' (not a cut) says the opposite: kept."""
        denied = self.WHOLE.replace("we cannot expect", "we expect")
        why = evidence.assess(denied, self.WHOLE, weight(make_key(denied)))
        assert why is not None and "cannot" in why

    def test_cut_chinese_copy_without_the_tail_negation_goes(self):
        """坚定不移 is in the part a cut copy lacks: the cut copy goes, removed as truncated."""
        whole = ("在同俄罗斯总统会谈时，他说，把两国关系巩固好、发展好是基于自身根本利益和世界发展大势"
                 "作出的战略抉择，加强战略协作的大方向坚定不移。")
        cut = whole[: whole.index("的大方向")]
        result = run(cut, "中间一段与前后都不相同的文字，说的是另外一件事情，篇幅也足够长。", whole)
        assert [text.strip() for text in result.text.split("\n\n") if "战略" in text] == [whole]
        assert [(v.paragraph.text, v.reason) for v in result.removed] == [(cut, "truncated")]

    @pytest.mark.parametrize(("cut", "ending"), [
        ('"We got her, we got her!" the officers shouted over the radio to the control room '
         'at dawn. "She is in custody;', ' we have her."'),
        ("“我们要把发展的主动权牢牢掌握在自己手中，”他在座谈会上对企业家们说，“把关键核心技术",
         "掌握在自己手里，才能从根本上保障国家经济安全。”"),
    ], ids=["function-words-en", "quote-zh"])
    def test_complete_copy_replaces_a_cut_one_that_opens_with_a_quote(self, cut, ending):
        """A cut copy that opens with a quotation mark starts where its complete copy does (a
        quotation mark is no word before it), and the words its cut lost count even when they
        are function words ("we have her"): the complete copy takes its place."""
        whole = cut + ending
        result = run(cut, "Some other paragraph in between, long enough to count here.", whole)
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [(0, "truncated")]
        assert result.text.count(cut) == 1 and whole in result.text

    def test_a_word_next_to_a_changed_mark_is_no_part_of_the_change(self):
        """``executive：`` against ``executive:``: the word is the same in both; only what the
        longer one adds is a difference."""
        diffs = evidence.differences('The federal executive： "We got her!"',
                                     "The federal executive:")
        assert [([w for w, _, _ in d.mine], d.theirs) for d in diffs] == \
            [(["we", "got", "her"], [])]

    def test_edited_sentence_whose_stop_lines_up_far_away_is_not_a_cut(self):
        """'released Monday.' is not 'released on Monday. NBC 5 has edited…' cut short: the
        full stop of the shorter one must not be aligned with the longer one's last stop."""
        short = "A video showing the moment a kidnapped girl was rescued by police was released Monday."
        long = (short.replace("released Monday.", "released on Monday.")
                + " NBC 5 has edited the video to exclude graphic content.")
        assert evidence.cut_problem(short, long, replacing=True) == \
            "is an edited sentence, not a cut one"
        result = run(short, "Some other paragraph in between, long enough to count here.", long)
        assert short in result.text and long in result.text

    def test_a_line_quoted_whole_under_a_label_goes(self):
        """``Produktinformationen "X"`` quotes the title X whole: the title adds nothing."""
        title = "Trixie Natura Kleintierstall mit Freilaufgehege"
        assert evidence.cut_problem(title, f'Produktinformationen "{title}"', replacing=True,
                                    short=True) is None

    @pytest.mark.parametrize("other", [
        'Wir lieben "{}" sehr',                        # quoted inside a sentence
        'Der Stall "{}" im Test: Erfahrungen und Preise',  # more said after the quote
    ], ids=["inside-a-sentence", "text-after-the-quote"])
    def test_a_line_mentioned_in_a_sentence_stays(self, other):
        title = "Trixie Natura Kleintierstall mit Freilaufgehege"
        assert evidence.cut_problem(title, other.format(title), replacing=True,
                                    short=True) is not None


class TestSignedCutTitles:
    """A title cut with an ellipsis and signed with a site's name is a cut copy of the complete
    title: the signature is chrome. An ellipsis followed by a clause is not a signature."""

    CUT = "How to claim compensation after an accident that was not your... - Law Help Online"
    WHOLE = "How to claim compensation after an accident that was not your fault"

    def test_later_signed_cut_goes(self):
        result = run(self.WHOLE, LONG_EN, self.CUT)
        assert [(v.paragraph.index, v.duplicate_of) for v in result.removed] == [(2, 0)]

    def test_earlier_signed_cut_is_replaced_by_the_complete_title(self):
        """The complete title takes the cut one's place (first in the output)."""
        result = run(self.CUT, LONG_EN, self.WHOLE)
        assert reasons(result) == [(0, "truncated", 2)]
        assert [p.text for p in result.kept] == [self.WHOLE, LONG_EN]

    def test_a_clause_after_the_ellipsis_is_no_signature(self):
        """'— but not everyone agrees' says something: both stay."""
        said = "How to claim compensation after an accident that was not your... — but not for all"
        assert run(self.WHOLE, LONG_EN, said).removed == ()

    def test_a_repeat_of_the_signed_cut_goes_as_a_copy_of_the_title_in_its_place(self):
        result = run(self.CUT, self.WHOLE, self.CUT)
        assert [p.text for p in result.kept] == [self.WHOLE]
        assert {v.duplicate_of for v in result.removed} == {1}


class TestWhatTheKeptLineAdds:
    """A short line that lacks words the other has is removed as its copy, unless those words
    make the other say something else: items added inside its list, or a word joined before it
    that names another thing. A label set off by punctuation, a year, a stray letter, a title's
    other half or a longer form of a title make nothing else."""

    BETWEEN = "A paragraph in between that says something else entirely, long enough."

    @pytest.mark.parametrize(("kept", "short"), [
        ("Portion Fix Containers: 1 Green, 1 Purple, 1 Red, 1 Yellow, 1 tsp.",
         "Portion Fix Containers: 1 Purple, 1 Yellow, 1 tsp."),
        ("今天的菜单包括北京烤鸭、宫保鸡丁、麻婆豆腐、清蒸鲈鱼", "今天的菜单包括北京烤鸭、麻婆豆腐、清蒸鲈鱼"),
        ("Special Breakthrough Prize In Fundamental Physics", "Breakthrough Prize In Fundamental Physics"),
        ("Apple AirPods 2 with wireless charging case", "Apple AirPods with Wireless Charging Case"),
        ("武汉大学中南医院九名医生已经康复出院", "武汉大学中南医院医生已经康复出院"),
    ], ids=["list-en", "list-zh", "joined-word", "model-number", "count-zh"])
    def test_the_shorter_line_stays(self, kept, short):
        result = run(kept, self.BETWEEN, short)
        assert result.removed == () and result.text.count(short) == 2 - (short not in kept)

    @pytest.mark.parametrize(("kept", "short"), [
        ("Video: Breakthrough Prize In Fundamental Physics", "Breakthrough Prize In Fundamental Physics"),
        ("2018 Jeongdong Theater Tradition Series Performance", "Jeongdong Theater Tradition Series Performance"),
        ("Video r fluid likes of the pundit social network", "Video fluid likes of the pundit social network"),
        ("方硕伤退朱彦西19分 北京主场胜同曦终结3连败", "北京主场胜同曦终结3连败"),
        ("The Palace: Tale of Jang Noksu at the Jeongdong Theater", "The Palace: Jang Noksu at the Jeongdong Theater"),
        ("Calendário da Stock Car para a temporada 2018", "Calendário da Stock Car para a temporada"),
    ], ids=["label", "year", "stray-letter", "title-half-zh", "short-form", "year-after"])
    def test_the_shorter_line_goes(self, kept, short):
        result = run(kept, self.BETWEEN, short)
        assert [v.paragraph.index for v in result.removed] == [2]

    def test_a_whole_item_is_not_replaced_by_a_longer_list(self):
        """A dish whole with its ingredients (it ends with the bracket it opened) is no cut copy
        of a later line that adds a side to it; a line cut just before a comma still is."""
        dish = "Tomato Cucumber Salad (½ cup cherry tomatoes, ½ cup cucumber slices, ¼ cup feta)"
        result = run(dish, self.BETWEEN, dish + ", 1 cup grapes")
        assert result.removed == ()
        cut = ("The transport minister said on Tuesday that the long delayed plan for the new "
               "railway line")
        result = run(cut, self.BETWEEN, cut + ", which was announced last year, will go ahead.")
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [(0, "truncated")]


class TestChineseNames:
    """A character dropped right after a common surname may be another person's given name
    (李强, the premier since 2023, and 李克强, the premier before him): both lines stay, with
    the two names in the report. A character dropped elsewhere is a typo: the copy goes."""

    @pytest.mark.parametrize(("first", "later"), [
        ("李克强同德国总理举行会谈", "李强同德国总理举行会谈"),
        ("李强同德国总理举行会谈", "李克强同德国总理举行会谈"),
        ("央视网消息（新闻联播）：欢迎仪式后，李克强同朔尔茨举行会谈，双方就中德关系深入交换意见，"
         "并共同会见记者，介绍了会谈的主要成果和下一步合作的重点。",
         "央视网消息（新闻联播）：欢迎仪式后，李强同朔尔茨举行会谈，双方就中德关系深入交换意见，"
         "并共同会见记者，介绍了会谈的主要成果和下一步合作的重点。"),
    ], ids=["short-lacks", "short-has", "long"])
    def test_another_name_stays(self, first, later):
        result = run(first, LONG_EN, later)
        assert result.removed == ()
        detail = next(n["detail"] for n in result.notes if n["reason"] == "distinct")
        assert "'李强'" in detail and "'李克强'" in detail

    @pytest.mark.parametrize(("first", "later"), [
        ("我们会继续加大研发投入，推动行业高质量发展", "我们会继续加大研投入，推动行业高质量发展"),
        # (after the surname 韩, but no name goes on after the gap: 韩国 cut to 韩)
        ("近日，代表团访问了韩国，双方签署了多项合作协议", "近日，代表团访问了韩，双方签署了多项合作协议"),
    ], ids=["no-surname", "no-name-after"])
    def test_a_dropped_character_elsewhere_goes(self, first, later):
        result = run(first, LONG_EN, later)
        assert [v.paragraph.index for v in result.removed] == [2]


class TestSentencesOfTheirOwn:
    """The words of a long paragraph may differ here and there (a typo, a reworded word or
    head); gathered in one place, the same few words can be a sentence that nothing kept
    says, and the paragraph holding it stays."""

    KEPT = ("The council met on Monday to discuss the budget for the coming year and the cost "
            "of repairs. It approved the new plan after a long debate that lasted well into the "
            "evening. The mayor thanked everyone for their patience.")

    def test_a_question_of_its_own_stays(self):
        question = "Why did the council approve the plan at all?"
        first, rest = self.KEPT.split(". ", 1)
        other = f"{first}. {question} {rest}"
        result = run(self.KEPT, other)
        assert result.removed == ()
        assert [n["detail"] for n in result.notes] == [
            "says what the other does not: 'Why did the council approve the plan at…'"]

    @pytest.mark.parametrize("copy", [
        KEPT.replace("council", "councl").replace("approved", "aproved"),
        "Officials said the c" + KEPT[5:],
        KEPT.replace("the cost of repairs", "the cost of the repairs"),
    ], ids=["typos-in-two-sentences", "reworded-head", "a-function-word"])
    def test_copies_still_go(self, copy):
        result = run(self.KEPT, copy)
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [(1, "near")]

    def test_the_sentence_is_found_however_it_is_punctuated(self):
        assert evidence.unheld_sentence("他说：我们会继续加大研发投入。", make_key(
            "他说:“我们会继续加大研发投入，把产品做得更好。”")) is None
        assert evidence.unheld_sentence("他说：明年我们会在欧洲开设工厂。", make_key(
            "他说:“我们会继续加大研发投入，把产品做得更好。”")) is not None


class TestFamilies:
    """Lines that fill one template with three or more values are the items of a list."""

    TEMPLATE = "中国女排在本届比赛中获得{}牌的消息传来"

    def test_three_values_of_one_character_all_stay(self):
        """金, 银, 铜: one character apart each, like a typo, but three values make a list."""
        items = [self.TEMPLATE.format(v) for v in "金银铜"]
        result = run(*items)
        assert result.text.split("\n\n") == [item.strip() + "\n" * (i == 2) for i, item in
                                             enumerate(items)]
        assert not result.removed

    def test_items_are_reported_as_kept(self):
        result = dedup_text("\n\n".join(self.TEMPLATE.format(v) for v in "金银铜锡"))
        notes = [n for n in result.notes if n.get("reason") == "distinct"]
        assert [(n["index"], n["near"]) for n in notes] == [(1, 0), (2, 0), (3, 0)]
        assert "'锡'" in notes[-1]["detail"] and "list of 4 lines" in notes[-1]["detail"]

    def test_copies_of_an_item_still_go(self):
        """An item repeated is a repeat of that item, not another value."""
        gold, silver, bronze = (self.TEMPLATE.format(v) for v in "金银铜")
        result = run(gold, silver, silver + "。", bronze, bronze)
        assert [(v.paragraph.index, v.reason, v.duplicate_of) for v in result.removed] == \
            [(2, "exact", 1), (4, "exact", 3)]

    def test_typos_of_one_word_at_different_places_are_no_list(self):
        """``exportw`` and ``exxorts``: two copies of ``exports`` with a typo each, not the
        values of a list: both go."""
        lines = [f"Trade gap narrows as {w} rise after the strong month of sales"
                 for w in ("exports", "exportw", "exxorts")]
        assert [v.reason for v in run(*lines).removed] == ["near", "near"]

    def test_the_same_typo_twice_is_no_list(self):
        """Two copies with the same changed character are two values with the original, not
        three: both copies go."""
        original = self.TEMPLATE.format("金")
        typo = original.replace("获得", "获碍")
        result = run(original, "中间一段与前后都不相同的文字，说的是另外一件事情，篇幅也足够长。",
                     typo, typo + "！")
        assert [(v.paragraph.index, v.reason) for v in result.removed] == [(2, "near"),
                                                                           (3, "near")]

    def test_english_one_letter_family(self):
        lines = [f"The {w} was sold at the market on the corner of the street." for w in
                 ("cat", "hat", "bat")]
        assert not run(*lines).removed


class TestLongParagraphSwaps:
    """A long paragraph may differ from its copy by a paraphrased word, never by an opposite
    or by another two-character word of Chinese; a complete copy is not lost to a cut one."""

    EN = ("Exports {} sharply in the second quarter as demand from the region recovered and "
          "the currency weakened against the dollar, the statistics office said on Monday.")
    ZH = ("据介绍，今年以来{}市持续推进城市更新行动，改造老旧小区的同时，还新建了一批口袋公园和"
          "社区食堂，让居民在家门口就能享受到更加便利的公共服务。")

    @pytest.mark.parametrize(("one", "other"), [("increased", "decreased"),
                                                 ("imported", "exported")])
    def test_opposite_words_stay(self, one, other):
        result = run(self.EN.format(one), self.EN.format(other))
        assert not result.removed
        assert "where the other states" in result.notes[-1]["detail"]

    SALE = ("The museum, which opened in 1998, keeps a large collection of {} coins from the "
            "Roman era and shows them in its new wing on the ground floor.")

    @pytest.mark.parametrize(("text", "one", "other"), [
        (SALE, "gold", "silver"), (SALE, "red", "blue"),
        (ZH.replace("{}市", "成都市") + "{}色的外墙", "红", "蓝"),
    ], ids=["metal", "colour", "colour-zh"])
    def test_another_member_of_a_closed_class_stays(self, text, one, other):
        """Gold for silver, red for blue: one attribute for another of its class is another
        statement, not a paraphrase or a typo."""
        result = run(text.format(one), text.format(other))
        assert not result.removed
        detail = next(n["detail"] for n in result.notes if n["reason"] == "distinct")
        assert detail == f"states '{other}' where the other states '{one}'"

    def test_a_spelling_variant_is_no_other_colour(self):
        result = run(self.SALE.format("grey"), self.SALE.format("gray"))
        assert [v.reason for v in result.removed] == ["near"]

    def test_two_character_word_of_chinese_stays(self):
        assert not run(self.ZH.format("成都"), self.ZH.format("杭州")).removed

    def test_one_character_typo_still_goes(self):
        result = run(self.ZH.format("成都"), self.ZH.format("成部"))
        assert [v.reason for v in result.removed] == ["near"]

    @pytest.mark.parametrize("cut", ["the statistics office said on", "the statistics off"],
                             ids=["before-a-word", "through-a-word"])
    def test_complete_copy_replaces_a_cut_one_of_near_length(self, cut):
        """The cut copy came first and lacks only its last words: the complete one takes its
        place (truncated), so the end of the sentence is not lost."""
        whole = self.EN.format("rose")
        short = whole[: whole.index("the statistics")] + cut
        result = run(short, whole)
        assert result.text.strip() == whole
        assert [(v.paragraph.index, v.reason, v.duplicate_of) for v in result.removed] == \
            [(0, "truncated", 1)]
