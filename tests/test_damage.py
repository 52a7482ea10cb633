"""The generator of damaged articles (tests/damage.py) and its scorer, without the pipeline."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import random
import re
from pathlib import Path

import pytest

try:
    from tests import damage
except ImportError:  # tests/ is not importable as a package from this path
    import damage

ARTICLES = Path(__file__).parent / "data" / "articles"
REFERENCE_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
SEEDS = range(24)


@pytest.fixture(scope="module")
def articles() -> list[damage.Article]:
    return damage.load_articles(ARTICLES)


def pick(articles, seed):
    """One to four articles of either language, chosen by the seed."""
    rng = random.Random(seed)
    return rng.sample(articles, rng.randint(1, 4))


def only_digits_differ(a: str, b: str) -> bool:
    return a != b and re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)


class TestArticles:
    def test_the_set_is_small_mixed_and_clean(self, articles):
        """12 Chinese and 12 English articles, under 60 KB, no unit repeated anywhere."""
        assert sorted(a.lang for a in articles) == ["en"] * 12 + ["zh"] * 12
        assert sum(f.stat().st_size for f in ARTICLES.glob("*.txt")) < 60_000
        keys = [damage.canon(u) for a in articles for u in a.units]
        assert all(keys) and len(keys) == len(set(keys))

    def test_load_round_trips_the_corpus_format(self, articles):
        """Rendering an article gives back the file it was read from."""
        for art in articles:
            assert art.text() == (ARTICLES / f"{art.name}.txt").read_text(encoding="utf-8")

    def test_parse_joins_wrapped_lines_and_drops_bom_and_crlf(self):
        """A paragraph broken over lines becomes one line: Latin with a space, CJK without."""
        raw = "\ufeffTitle\r\n\r\nword one\r\nword two\r\n\r\n中文\r\n段落\r\n"
        art = damage.parse_article(raw)
        assert art.units == ("Title", "word one word two", "中文段落")


class TestDeterminism:
    @pytest.mark.parametrize("seed", [0, 7, "text-3"])
    def test_same_seed_same_bytes(self, articles, seed):
        """The damaged text and the gold are a function of the seed."""
        arts = pick(articles, 11)
        first, again = damage.damage(arts, seed), damage.damage(arts, seed)
        assert first[0].encode("utf-8") == again[0].encode("utf-8")
        assert json.dumps(first[1]) == json.dumps(again[1])

    def test_other_seed_other_text(self, articles):
        """Different seeds damage differently."""
        arts = pick(articles, 11)
        assert damage.damage(arts, 1)[0] != damage.damage(arts, 2)[0]


class TestGold:
    def test_undamaged_article_scores_perfectly_on_its_clean_text(self, articles):
        """With every kind off the text is the clean article and nothing is lost or left."""
        for art in articles:
            text, gold = damage.damage([art], 5, damage.DamageOptions.none())
            assert text == damage.render([art]) == art.text()
            assert [g["input_copies"] for g in gold["groups"]] == [1] * len(art.units)
            result = damage.score(gold, text)
            assert (result["lost"], result["dup_recall"], result["residual_copies"]) == (0, 1.0, 0)
            assert result["order_inversions"] == 0

    @pytest.mark.parametrize("seed", SEEDS)
    def test_raw_text_has_every_group_and_all_its_copies(self, articles, seed):
        """The damaged input itself loses nothing, holds input_copies of every group, and so
        has recall below 1: the duplicates are still there."""
        text, gold = damage.damage(pick(articles, seed), seed)
        result = damage.score(gold, text)
        assert result["lost"] == 0
        assert result["group_hits"] == [g["input_copies"] for g in gold["groups"]]
        assert result["removable_copies"] > 0
        assert result["dup_recall"] < 1

    @pytest.mark.parametrize("seed", SEEDS)
    def test_ideal_output_is_perfect(self, articles, seed):
        """Every group once, complete, in gold order: no loss, no residue, no inversion."""
        _, gold = damage.damage(pick(articles, seed), seed)
        result = damage.score(gold, damage.ideal_output(gold))
        assert (result["lost"], result["residual_copies"], result["order_inversions"]) == (0, 0, 0)
        assert result["dup_recall"] == 1.0

    def test_removing_a_real_paragraph_is_one_loss(self, articles):
        """Dropping one paragraph from a perfect output costs exactly lost=1."""
        _, gold = damage.damage(pick(articles, 3), 3)
        paragraphs = damage.ideal_output(gold).rstrip("\n").split("\n\n")
        victim = next(i for i, g in enumerate(gold["groups"])
                      if g["min"] == 1 and damage._weight(g["variants"][0]) >= damage.LONG)
        result = damage.score(gold, "\n\n".join(paragraphs[:victim] + paragraphs[victim + 1:]))
        assert result["lost"] == 1
        assert result["lost_examples"] == [gold["groups"][victim]["variants"][0][:60]]

    @pytest.mark.parametrize("seed", range(8))
    def test_number_siblings_are_separate_groups(self, articles, seed):
        """A paragraph and its sibling with one number changed are two facts: two groups, each
        kept exactly once, standing next to each other in the input."""
        case = damage.damage_case(pick(articles, seed), seed,
                                  damage.DamageOptions.only(number_sibling=1.0))
        pairs = [e for e in case.events if e[0] == "number_sibling"]
        assert pairs
        raw = case.text.rstrip("\n").split("\n\n")
        adjacent = [(a, b) for a, b in zip(raw, raw[1:]) if only_digits_differ(a, b)]
        assert len(adjacent) == len(pairs), "each sibling stands right after its original"
        group_of = {g["variants"][0]: g for g in case.gold["groups"]}
        ideal = damage.ideal_output(case.gold)
        assert damage.score(case.gold, ideal)["lost"] == 0
        for original, sibling in adjacent:
            assert group_of[original] is not group_of[sibling]
            for text in (original, sibling):
                assert group_of[text]["variants"] == [text]
                assert (group_of[text]["min"], group_of[text]["max"]) == (1, 1)
            assert damage.score(case.gold, ideal.replace(sibling + "\n\n", ""))["lost"] == 1

    def test_a_byline_twice_far_apart_may_stay_twice(self, articles):
        """A short line on its own occurring twice is a group of min 1, max 2: removing
        neither copy leaves no residue."""
        case = damage.damage_case(pick(articles, 2), 2, damage.DamageOptions.only(byline=1.0))
        bylines = [g for g in case.gold["groups"] if g["max"] == 2]
        assert bylines and all(g["min"] == 1 and g["input_copies"] == 2 for g in bylines)
        paragraphs = case.text.rstrip("\n").split("\n\n")
        for g in bylines:
            where = [i for i, p in enumerate(paragraphs) if p == g["variants"][0]]
            assert len(where) == 2 and where[1] - where[0] > damage.FAR
        result = damage.score(case.gold, case.text)
        assert (result["lost"], result["residual_copies"]) == (0, 0)


KINDS = ["block", "repeat", "truncate", "alternate", "wrap", "subheads", "number_sibling",
         "byline", "blank_noise"]


class TestEachKind:
    @pytest.mark.parametrize("kind", KINDS)
    def test_kind_alone_keeps_the_gold_honest(self, articles, kind):
        """Each kind on its own changes the text, and the raw text still holds exactly
        input_copies of every group while the ideal output scores perfectly."""
        for seed in range(6):
            arts = pick(articles, seed + 100)
            text, gold = damage.damage(arts, seed, damage.DamageOptions.only(**{kind: 1.0}))
            raw = damage.score(gold, text)
            assert raw["lost"] == 0
            assert raw["group_hits"] == [g["input_copies"] for g in gold["groups"]]
            ideal = damage.score(gold, damage.ideal_output(gold))
            assert (ideal["lost"], ideal["dup_recall"], ideal["order_inversions"]) == (0, 1.0, 0)
        assert text != damage.render(arts) or kind == "blank_noise"

    def test_wraps_respect_the_width_and_differ_between_copies(self, articles):
        """Chinese lines are at most 40 characters, English at most 80; the copies of one
        paragraph are wrapped at more than one width."""
        opts = damage.DamageOptions.only(wrap=1.0, repeat=1.0, repeat_near=0.0, hyphenate=1.0)
        widths_seen = 0
        for seed in range(6):
            text, gold = damage.damage(pick(articles, seed), seed, opts)
            for para in text.rstrip("\n").split("\n\n"):
                limit = 40 if damage._is_chinese(para) else 80
                for line in para.split("\n"):  # only a single over-long word may stick out
                    assert len(line) <= limit or " " not in line.strip()
            for g in gold["groups"]:
                if g["input_copies"] > 1:
                    shapes = {tuple(len(x) for x in p.split("\n"))
                              for p in text.split("\n\n") if damage.canon(p) == damage.canon(
                                  g["variants"][0])}
                    widths_seen += len(shapes) > 1
        assert widths_seen > 0
        assert "-\n" in "".join(damage.damage(pick(articles, s), s, opts)[0] for s in range(6))

    def test_truncated_copy_can_come_first(self, articles):
        """With truncate_earlier=1 the cut-short copy precedes the complete one (unless the
        paragraph opens its article and there is no room before it)."""
        opts = damage.DamageOptions.only(truncate=1.0, truncate_earlier=1.0)
        earlier = 0
        for seed in range(6):
            case = damage.damage_case(pick(articles, seed), seed, opts)
            paragraphs = case.text.rstrip("\n").split("\n\n")
            cut_first = 0
            for group in case.gold["groups"]:
                if len(group["variants"]) == 2:
                    complete, cut = group["variants"]
                    assert complete.startswith(cut) and group["input_copies"] == 2
                    cut_first += paragraphs.index(cut) < paragraphs.index(complete)
            said = sum(e[0] == "truncate" and e[2] == "earlier" for e in case.events)
            assert cut_first == said
            earlier += said
        assert earlier

    def test_near_copies_never_touch_numbers(self, articles):
        """Every variant of a group has the same numbers as its complete text (a truncated
        copy: a prefix of them), so no copy is secretly a number sibling."""
        for seed in SEEDS:
            _, gold = damage.damage(pick(articles, seed), seed, block_edit=1.0, repeat_near=1.0)
            for g in gold["groups"]:
                numbers = re.findall(r"\d+", g["variants"][0])
                for v in g["variants"][1:]:
                    found = re.findall(r"\d+", v)
                    assert found == numbers[:len(found)], (g["variants"][0], v)


class TestScore:
    GOLD = {"groups": [
        {"variants": ["Alpha paragraph text here."], "min": 1, "max": 1, "input_copies": 2},
        {"variants": ["Beta paragraph, the second one."], "min": 1, "max": 1, "input_copies": 1},
        {"variants": ["Gamma closes it."], "min": 1, "max": 1, "input_copies": 1},
    ]}

    def test_width_case_and_spacing_do_not_count(self):
        """Matching is on the canonical form: punctuation width, case, indent don't matter."""
        out = "　　ALPHA paragraph text here。\n\nBeta paragraph，the second one\n\ngamma closes it"
        assert damage.score(self.GOLD, out)["lost"] == 0

    def test_entities_decoded_do_not_count(self):
        """A cleaner that decodes an HTML entity of the input (``&#233;`` -> ``é``) keeps the
        paragraph, as ../shared/eval/score.py counts it."""
        gold = {"groups": [{"variants": ["Only a pr&#233;cis &amp; a summary."], "min": 1,
                            "max": 1, "input_copies": 1}]}
        assert damage.score(gold, "Only a précis & a summary.\n")["lost"] == 0

    def test_merged_paragraph_still_counts_as_kept(self):
        """A paragraph glued to its neighbour is kept (one end on a boundary is enough)."""
        out = "Alpha paragraph text here. Beta paragraph, the second one.\n\nGamma closes it."
        result = damage.score(self.GOLD, out)
        assert result["lost"] == 0 and result["group_hits"] == [1, 1, 1]

    def test_residue_and_inversions(self):
        """A copy left over is residue; groups out of order are inversions."""
        out = "Beta paragraph, the second one.\n\nAlpha paragraph text here.\n\n" \
              "Alpha paragraph text here.\n\nGamma closes it."
        result = damage.score(self.GOLD, out)
        assert (result["residual_copies"], result["dup_recall"]) == (1, 0.0)
        assert result["order_inversions"] == 1

    def test_a_variant_inside_a_paragraph_is_not_a_copy(self):
        """Text that merely contains a variant, away from paragraph boundaries, is no hit."""
        gold = {"groups": [{"variants": ["middle"], "min": 1, "max": 1, "input_copies": 1}]}
        assert damage.score(gold, "the middle part\n")["lost"] == 1


@pytest.fixture(scope="module")
def reference():
    """score() of ../shared/eval/score.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


# The default test run never reads outside the repository (a fresh clone has no ../shared).
# DEDUP_CHECK_SHARED=1 runs these checks against the reference scorer beside the repository.
@pytest.mark.skipif(not (os.environ.get("DEDUP_CHECK_SHARED") and REFERENCE_SCORER.exists()),
                    reason="set DEDUP_CHECK_SHARED=1, with ../shared/eval/score.py present")
class TestAgreesWithReferenceScorer:
    def outputs(self, text, gold):
        ideal = damage.ideal_output(gold)
        paragraphs = ideal.split("\n\n")
        yield text
        yield ideal
        yield "\n\n".join(paragraphs[::2])              # half lost
        yield "\n\n".join(reversed(paragraphs))         # inverted
        yield " ".join(paragraphs)                      # all merged into one
        yield html.unescape(ideal)                      # entities decoded, as dedup does

    @pytest.mark.parametrize("seed", range(10))
    def test_same_result_on_generated_cases(self, articles, reference, seed):
        """Our scorer and score.py agree on raw, perfect and broken outputs."""
        text, gold = damage.damage(pick(articles, seed), seed)
        for out in self.outputs(text, gold):
            ours = damage.score(gold, out)
            del ours["group_hits"]
            assert ours == reference(gold, out)

    def test_same_result_on_the_dev_set(self, reference):
        """...and on the shared development cases, raw text against gold."""
        dev = REFERENCE_SCORER.parent / "dev"
        cases = sorted(p for p in dev.glob("*.gold.json") if (dev / p.name.replace(
            ".gold.json", ".txt")).exists())
        if not cases:
            pytest.skip("no dev cases")
        for gold_path in cases:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = (dev / gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
            for out in self.outputs(text, gold):
                ours = damage.score(gold, out)
                del ours["group_hits"]
                assert ours == reference(gold, out), gold_path.name


class TestVary:
    def test_variants_are_new_text_of_the_same_shape(self, articles):
        """A varied article has the same number of units, new numbers and words, and is the
        same for the same seed."""
        lexicons = {lang: damage.Lexicon.build(articles, lang) for lang in ("zh", "en")}
        for art in articles:
            varied = damage.vary_article(art, 1, lexicons[art.lang])
            assert varied == damage.vary_article(art, 1, lexicons[art.lang])
            assert len(varied.units) == len(art.units)
            assert varied.lang == art.lang
            changed = sum(damage.canon(a) != damage.canon(b)
                          for a, b in zip(art.units, varied.units))
            assert changed >= len(art.units) - 1
            other = damage.vary_article(art, 2, lexicons[art.lang])
            assert all(damage.canon(a) != damage.canon(b) for a, b in zip(varied.units,
                                                                          other.units)
                       if damage._weight(a) >= damage.LONG)

    def test_stream_reaches_its_size(self, articles):
        """generate_stream yields damaged texts until the byte target is met."""
        cases = list(damage.generate_stream(articles, 0, 50_000))
        size = sum(len(c.text.encode("utf-8")) + 1 for c in cases)
        assert 50_000 <= size < 50_000 + 40_000
        assert cases[0].text == next(damage.generate_stream(articles, 0, 1)).text
