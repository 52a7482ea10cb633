"""Find repeated paragraphs and repeated blocks of paragraphs.

Two passes over the paragraphs of one document:

1. ``Matcher.feed`` streams through the paragraphs in order. A paragraph long enough to judge
   alone is compared with the kept paragraphs an index proposes (same key, or a shared
   anchor: the start, the end or a longer clause of the key) and removed when it repeats one:
   ``exact``, ``near`` (similarity above the threshold), ``contained`` (a truncated copy). When
   the *earlier* copy is the truncated one, the complete text takes its place (``truncated``).
2. ``Matcher.extend_blocks`` grows repeated runs. A short paragraph (a title, a byline) is never
   removed alone, but next to a removed paragraph it is compared with the paragraphs next to that
   one's kept copy, and goes with the block when it repeats them. Runs made only of short lines
   (a table of contents) are found from their exact repeats, when the run is long enough.

Numbers guard every decision: paragraphs whose numbers differ are different facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from . import evidence
from . import keys as k
from .model import BLOCK, CONTAINED, EXACT, NEAR, TRUNCATED, Options, Paragraph, Verdict

MAX_CANDIDATES = 8      # kept paragraphs verified per paragraph, best-anchored first
FAMILY_ITEMS = 3        # lines filling one template with this many values are a list
# The evidence aligns two paragraphs letter by letter, in time and memory that grow with the
# product of their lengths: past this many characters a near copy is kept, not read.
EVIDENCE_CHARS = 10_000
POSTINGS_PER_ANCHOR = 4  # kept paragraphs remembered per anchor; copies find the first ones
SHORT_OCCURRENCES = 4   # earlier positions remembered per short key, besides the latest
BLOCK_WINDOW = 2        # how far a block's copy may drift from its source (inserted lines)
NEAR_LENGTH_SHARE = 0.97  # a copy at least this share of its source's length is judged as near only
PROBE_CHARS = 8          # length of the pieces used to find where a truncated copy lines up
_NUMBERS = "numbers"      # (a resemblance that states other numbers: kept apart, reported)


@dataclass(slots=True)
class _Para:
    text: str
    key: str
    weight: int
    _numbers: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    @property
    def numbers(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        # Computed only when two paragraphs are compared: most paragraphs never are.
        if self._numbers is None:
            self._numbers = k.numbers(self.text)
        return self._numbers


@dataclass(slots=True)
class _Match:
    reason: str
    score: float


@dataclass(slots=True)
class _Apart:
    """A candidate that scored as a copy but says something the paragraph does not."""

    score: float
    why: str


class Matcher:
    """Decides, paragraph by paragraph, what repeats what. Owns all its state."""

    def __init__(self, options: Options):
        self.options = options
        self.paras: list[_Para] = []
        self.fill: dict[int, int] = {}          # slot position -> paragraph whose text it holds
        self.moved: dict[int, int] = {}         # paragraph -> slot it fills elsewhere
        self.removed: dict[int, tuple[int, str, float]] = {}  # paragraph -> (slot, reason, score)
        self._verbatim: dict[str, int] = {}     # paragraph text -> slot
        self._exact: dict[str, int] = {}        # key -> slot
        # anchor hash -> slots; a lone slot is kept as an int, not a list: most anchors are met
        # once, and a list each would be a third of the matcher's memory.
        self._anchors: dict[int, int | list[int]] = {}
        self._short: dict[str, list[int]] = {}  # short key -> positions
        self._forward: dict[int, int] = {}      # slot emptied by a block -> slot that took over
        # kept paragraph -> (slot, score, why): the closest candidate it was kept apart from
        self.apart: dict[int, tuple[int, float, str]] = {}
        # A near copy that differs from its kept paragraph in one stretch: the kept key with
        # that stretch left out (the template) -> what fills it -> the paragraphs that say so.
        self._families: dict[str, dict[str, list[int]]] = {}
        self._members: set[int] = set()  # items of a list found so: never removed with a block
        self._signed: dict[int, str] = {}  # a cut title signed by its site -> its whole text

    # -- pass 1 -----------------------------------------------------------------------------

    def feed(self, text: str, key: str | None = None) -> None:
        """Take the next paragraph of the document (``key``: its :func:`dedup.keys.make_key`,
        if the caller has it already)."""
        position = len(self.paras)
        slot = self._verbatim.get(text)
        if slot is not None:
            # The commonest repeat, found without computing anything.
            para = self.paras[self.fill[slot]]
            self.paras.append(para)
            if para.weight >= self.options.min_length:
                self.removed[position] = (slot, EXACT, 100.0)
            else:
                self._see_short(position, para.key)
                self.fill[position] = position
            return
        cut = evidence.signed_cut(text)
        if cut is not None:  # (matched on what the cut says, without the site's signature)
            self._signed[position] = text
            key = k.make_key(cut)
        elif key is None:
            key = k.make_key(text)
        para = _Para(cut or text, key, k.weight(key))
        self.paras.append(para)
        if para.weight < self.options.min_length:
            self.fill[position] = position
            self._verbatim.setdefault(text, position)
            if key:
                self._see_short(position, key)
            return
        slot = self._exact.get(key)
        if slot is not None and self.paras[self.fill[slot]].numbers == para.numbers:
            self.removed[position] = (slot, EXACT, 100.0)
            return
        anchors = k.anchors(key)
        slot, match = self._find(position, para, anchors)
        if match is None:
            self.fill[position] = position
            self._verbatim.setdefault(text, position)
            self._index(position, key, anchors)
            if position in self.apart:  # (kept apart as another value: an item all the same)
                self._see_family(position, *self.apart[position][:2])
        elif match.reason == TRUNCATED:
            previous = self.fill[slot]
            self.removed[previous] = (slot, TRUNCATED, match.score)
            self.moved.pop(previous, None)
            if self._verbatim.get(self._text(previous)) == slot:
                del self._verbatim[self._text(previous)]
            self.fill[slot] = position
            self.moved[position] = slot
            self._verbatim[text] = slot
            self._index(slot, key, anchors)
        else:
            self.removed[position] = (slot, match.reason, match.score)
            if match.reason == NEAR:
                self._see_family(position, slot, match.score)

    def _text(self, position: int) -> str:
        """The text of the paragraph at ``position`` as fed (a signed cut title, whole)."""
        return self._signed.get(position) or self.paras[position].text

    def _see_family(self, position: int, slot: int, score: float) -> None:
        """Keep the items of a list. A near copy that differs from the kept paragraph only in
        one character (``锡牌`` / ``铅牌``, ``cat`` / ``hat``) reads like a typo; but when a third
        paragraph fills the same stretch of the same template with yet another value, the lines
        are items of one list (gold, silver, bronze), each a statement of its own: every
        removed item comes back (its first copy; later copies go as repeats of it)."""
        kept, para = self.paras[self.fill[slot]], self.paras[position]
        # (One character of a two-character word is also a value of that word's slot: 杭州 /
        # 广州 in a list of 北京, 上海, ... whichever comes first.)
        for template, value, kept_value in evidence.slots(para.key, kept.key, para.text,
                                                          kept.text):
            family = self._families.setdefault(template, {kept_value: [self.fill[slot]]})
            known = len(family)
            family.setdefault(value, []).append(position)
            if len(family) >= FAMILY_ITEMS:
                # Once a list is found, its items are settled; each new line only adds its own
                # (walking them all again for every line made a long list quadratic).
                items = family if known < FAMILY_ITEMS else {value: family[value]}
                self._keep_items(items, len(family), slot, score)

    def _keep_items(self, items: dict[str, list[int]], size: int, slot: int,
                    score: float) -> None:
        """Every item of a list of ``size`` found stays, its first copy: an item that went
        comes back."""
        for item, positions in items.items():
            first, *copies = positions
            self._members.add(first)
            if self.removed.get(first, (0, ""))[1] == NEAR:  # an item that went comes back
                del self.removed[first]
                self.fill[first] = first
                self._verbatim.setdefault(self._text(first), first)
                self._index(first, self.paras[first].key, k.anchors(self.paras[first].key))
                self.apart[first] = (slot, score, f"is an item of a list of {size} lines "
                                     f"that differ only in {evidence.quote([item])}")
            for copy in copies:
                if self.removed.get(copy, (first,))[0] != first:
                    self.removed[copy] = (first, EXACT, 100.0)
            positions[1:] = []

    def _see_short(self, position: int, key: str) -> None:
        seen = self._short.setdefault(key, [])
        if len(seen) <= SHORT_OCCURRENCES:
            seen.append(position)
        else:
            seen[-1] = position

    def _index(self, slot: int, key: str, anchors: list[int]) -> None:
        self._exact.setdefault(key, slot)
        index = self._anchors
        for anchor in anchors:
            postings = index.get(anchor)
            if postings is None:
                index[anchor] = slot
            elif type(postings) is int:
                if postings != slot:
                    index[anchor] = [postings, slot]
            elif len(postings) < POSTINGS_PER_ANCHOR and slot not in postings:
                postings.append(slot)

    def _find(self, position: int, para: _Para, anchors: list[int]
              ) -> tuple[int, _Match | None]:
        """The kept slot this paragraph near-repeats, and how; (-1, None) when it repeats none.
        Candidates sharing the most anchors are verified first; the first that holds wins. A
        candidate that looks alike but says something else is remembered for the report."""
        index = self._anchors
        votes: dict[int, int] = {}
        for anchor in anchors:
            postings = index.get(anchor)
            if postings is None:
                continue
            if type(postings) is int:
                votes[postings] = votes.get(postings, 0) + 1
            else:
                for candidate in postings:
                    votes[candidate] = votes.get(candidate, 0) + 1
        if not votes:
            return -1, None  # the usual case: nothing like it kept so far
        # Most votes first, ties by slot: a stable sort by votes (reverse=True keeps ties in
        # their order) of the slots in order.
        ranked = sorted(sorted(votes), key=votes.__getitem__, reverse=True)
        paras, fill, threshold = self.paras, self.fill, self.options.threshold
        closest: tuple[int, _Apart] | None = None
        replace: tuple[int, _Match] | None = None
        for candidate in ranked[:MAX_CANDIDATES]:
            earlier = paras[fill[candidate]]
            match = self.compare(para, earlier, threshold, first=candidate == 0)
            if type(match) is _Match:
                if match.reason != TRUNCATED:
                    return candidate, match
                # This paragraph completes a cut copy; but if it is itself a copy of another
                # kept paragraph, it goes instead (and the answer does not depend on which of
                # the two the index proposed first).
                replace = replace or (candidate, match)
            elif match and (closest is None or match.score > closest[1].score):
                closest = (candidate, match)
        if replace:
            return replace
        if closest:
            self.apart[position] = (closest[0], closest[1].score, closest[1].why)
        return -1, None

    def compare(self, later: _Para, earlier: _Para, threshold: float, *,
                first: bool = False) -> _Match | _Apart | None:
        """How ``later`` repeats ``earlier``; an :class:`_Apart` when the two look alike but
        the one to go would take a statement with it (:mod:`dedup.evidence`); None when they
        are not alike. ``first``: ``earlier`` is the document's first paragraph, its title,
        which ``later`` may restate (``原标题：…``). Reads no matcher state."""
        apart = None
        for match in self.resemblances(later, earlier, threshold):
            if match.reason == EXACT:
                return match
            if match.reason == _NUMBERS:
                mine, theirs = (sum(numbers, ()) for numbers in (later.numbers, earlier.numbers))
                apart = apart or _Apart(match.score, f"states {evidence.quote(list(mine))} "
                                                     f"where the other states "
                                                     f"{evidence.quote(list(theirs))}")
                continue
            if max(len(later.text), len(earlier.text)) > EVIDENCE_CHARS:
                apart = apart or _Apart(match.score, "too long to read word by word (over "
                                                     f"{EVIDENCE_CHARS:,} characters)")
                continue
            part, whole = later, earlier
            if match.reason == NEAR:
                title = first and evidence.restates_title(later.text, earlier.text)
                why = None if title else (
                    evidence.BREADCRUMB if evidence.ends_breadcrumb(later.text, earlier.text)
                    else _adds(later, earlier))
                if why == evidence.COMPLETES:
                    # The earlier one is this one cut short, by a few words: this one takes
                    # its place, if the cut says nothing this one does not.
                    part, whole = earlier, later
                    why = (evidence.cut_problem(earlier.text, later.text, replacing=True,
                                                short=earlier.weight < evidence.LONG_WEIGHT)
                           or _adds(earlier, later, cut=True))
                    match = _Match(TRUNCATED, match.score)
                elif title:
                    return match
            else:
                if match.reason == TRUNCATED:
                    part, whole = earlier, later
                why = (evidence.cut_problem(part.text, whole.text,
                                            replacing=match.reason == TRUNCATED,
                                            short=part.weight < evidence.LONG_WEIGHT)
                       or _adds(part, whole, cut=True))
            if why is None:
                # The words allow a few scattered differences; gathered in one sentence,
                # they may be a sentence of its own that nothing kept says.
                lost = evidence.unheld_sentence(part.text, whole.key, part.key, whole.text)
                if lost is None:
                    return match
                shown = lost if len(lost) <= 40 else lost[:39] + "…"
                why = f"says what the other does not: {shown!r}"
            apart = apart or _Apart(match.score, why)
        return apart

    def resemblances(self, later: _Para, earlier: _Para, threshold: float) -> tuple[_Match, ...]:
        """How ``later`` may repeat ``earlier`` by similarity alone: as a near (or exact) copy,
        then as a truncated copy of it or the other way round (what :meth:`compare` then
        weighs the evidence of), in that order; most candidates are neither."""
        a, b = later.key, earlier.key
        if not a or not b:
            return ()
        shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
        size, total = len(shorter), len(a) + len(b)
        if size < self.options.min_share * len(longer):
            return ()
        truncated = size < NEAR_LENGTH_SHARE * len(longer)  # short enough to be a cut copy
        # One longest common subsequence answers both questions below, and most candidates
        # fail both: the ratio is 200 * lcs / (len(a) + len(b)), and a truncated copy needs
        # lcs >= _containment_floor. LCSseq may stop early below the smaller of the two needs
        # (less one, for rounding: it must never reject what either would accept).
        near_lcs = threshold / 200 * total
        floor = _containment_floor(size, self.options.containment) if truncated else near_lcs
        lcs = LCSseq.similarity(a, b, score_cutoff=max(0, int(min(near_lcs, floor)) - 1))
        near: tuple[_Match, ...] = ()
        if 200 * lcs >= (threshold - 1e-6) * total:
            # The exact score, as reported: fuzz.ratio's own formula, on the LCS found above
            # (which is exact once above the cutoff), not a second alignment.
            score = 100 * (1 - (total - 2 * lcs) / total)
            if score >= threshold:
                same = _same_facts(later.numbers, earlier.numbers)
                near = (_Match(NEAR if same and a != b else EXACT if same else _NUMBERS, score),)
        if not truncated or near and near[0].reason == EXACT:
            return near  # (as long as its source, or the same key: no cut copy)
        # The alignment first: it rejects almost every candidate, and the numbers it spares are
        # the dearer part (a regex scan of both texts, for candidates never compared again).
        if lcs < floor:
            return near
        score = _containment(shorter, longer, self.options.containment)
        if not score:
            return near
        if shorter is a:
            part, whole, reason = later, earlier, CONTAINED
        else:
            part, whole, reason = earlier, later, TRUNCATED
        if _numbers_within(part, whole):
            return (*near, _Match(reason, score))
        return near

    # -- pass 2 -----------------------------------------------------------------------------

    def extend_blocks(self) -> None:
        """Remove the short paragraphs that repeat together with a removed neighbour, and runs
        of short lines repeated as a unit. Ends pass 1: no paragraph may be fed after it."""
        # The indexes of pass 1 are the matcher's largest part; pass 2 does not use them.
        for index in (self._verbatim, self._exact, self._anchors):
            index.clear()
        self._seed_short_runs()
        # Each copy that left its place: a removed paragraph, or a complete copy that moved up
        # to replace a truncated one. Its neighbours are compared with its source's neighbours.
        work = [(p, self._home(p)) for p, (_, reason, _) in self.removed.items()
                if reason != TRUNCATED]
        work += list(self.moved.items())
        work.sort()
        while work:
            position, source = work.pop()
            for neighbour in (position + 1, position - 1):
                if self._absorb(neighbour, position, source):
                    work.append((neighbour, self._home(neighbour)))
        self._keep_labels()

    def _keep_labels(self) -> None:
        """Put back the short lines that went with a block but head a paragraph that differs
        from the one their kept copies head: the labels of a template (``Meal 2``, ``Eat every
        2–3 hours``, then another meal). Without them the paragraph reads as part of the item
        before it. The evidence that it is a template and not a block followed by new text:
        the paragraph after them looks like the one after their copies (a near score, or kept
        apart from it: it says something else), or both are lone characters or numbers."""
        paras, removed, min_length = self.paras, self.removed, self.options.min_length
        for last in sorted(p for p, (_, reason, _) in removed.items() if reason == BLOCK):
            after = last + 1
            if paras[last].weight >= min_length or self.fill.get(after) != after:
                continue
            counterpart = self.fill.get(self._home(removed[last][0]), -1) + 1
            if not 0 < counterpart < after:
                continue
            here, there = paras[after], paras[counterpart]
            apart = self.apart.get(after)
            if not (apart and self._home(apart[0]) == self._home(counterpart)
                    or fuzz.ratio(here.key, there.key, score_cutoff=self.options.threshold)
                    or k.slight(here.key) and k.slight(there.key)):
                continue
            first = last
            while first - 1 in removed and removed[first - 1][1] == BLOCK \
                    and paras[first - 1].weight < min_length:
                first -= 1
            for position in range(first, after):
                slot, _, score = removed.pop(position)
                del self._forward[position]
                self.fill[position] = position
                self.apart[position] = (slot, score, "a label of a template: the line after it "
                                        "differs from the one after its copy")

    def _seed_short_runs(self) -> None:
        block_min = 2 * self.options.min_length
        for positions in self._short.values():
            for j in positions[1:]:
                for i in positions:
                    if i >= j or j in self.removed:
                        break
                    run = self._diagonal(i, j)
                    if len(run) >= 2 and sum(self.paras[x].weight for x, _, _ in run) >= block_min:
                        for x, source, score in run:
                            if self._removable(x):
                                self._remove_with_block(x, source, score)

    def _diagonal(self, i: int, j: int) -> list[tuple[int, int, float]]:
        """The run of paragraphs from j on that repeats, in step, the run from i on."""
        run = []
        while j < len(self.paras):
            match = self._block_match(self.paras[j], self.paras[i])
            if match is None:
                break
            run.append((j, i, match.score))
            i, j = i + 1, j + 1
        return run

    def _absorb(self, neighbour: int, position: int, source: int) -> bool:
        """Remove ``neighbour`` if it repeats a paragraph next to ``source``, the kept copy of
        the paragraph at ``position``."""
        if not 0 <= neighbour < len(self.paras) or not self._removable(neighbour):
            return False
        step = neighbour - position
        para = self.paras[neighbour]
        # A short line may have drifted (a line inserted or dropped in the copy); a long
        # paragraph is only looked for in step, since the index has already searched for it.
        window = BLOCK_WINDOW if para.weight < self.options.min_length else 0
        best: tuple[float, int] | None = None
        for offset in range(-window, window + 1):
            candidate = source + step + offset
            if not 0 <= candidate < neighbour or candidate == position:
                continue
            # (Judged against the paragraph that keeps the candidate's content: a removed
            # candidate is a copy of it, and a copy of a copy may have drifted too far.)
            match = self._block_match(para, self.paras[self.fill[self._home(candidate)]])
            if match and (best is None or match.score > best[0]):
                best = (match.score, candidate)
        if best is None:
            return False
        self._remove_with_block(neighbour, best[1], best[0])
        return True

    def _block_match(self, later: _Para, earlier: _Para) -> _Match | None:
        short = later.weight < self.options.min_length
        threshold = self.options.block_threshold if short else self.options.threshold
        match = self.compare(later, earlier, threshold)
        return match if type(match) is _Match else None

    def _removable(self, position: int) -> bool:
        """Only a paragraph that holds its own text in its own place can go with a block (and
        not an item of a list, nor a lone character or number: a table's cells repeat next to
        each other's copies without being copies, ``重`` beside a repeated comment)."""
        return (self.fill.get(position) == position and position not in self.removed
                and position not in self._members and not k.slight(self.paras[position].key))

    def _remove_with_block(self, position: int, source: int, score: float) -> None:
        home = self._home(source)
        del self.fill[position]
        self._forward[position] = home
        self.removed[position] = (home, BLOCK, score)

    def _home(self, position: int) -> int:
        """The live slot that carries the content of the paragraph at ``position``."""
        if position in self.moved:
            return self.moved[position]
        if position in self.removed:
            position = self.removed[position][0]
        while position in self._forward:
            position = self._forward[position]
        return position

    # -- results ----------------------------------------------------------------------------

    def verdicts(self, paragraphs: list[Paragraph]) -> list[Verdict]:
        """One verdict per removed paragraph, in document order, naming the kept paragraph."""
        out = []
        for position in sorted(self.removed):
            slot, reason, score = self.removed[position]
            kept = paragraphs[self.fill[self._home(slot)]].index
            out.append(Verdict(paragraphs[position], reason, kept, score))
        return out

    def kept_apart(self, paragraphs: list[Paragraph]) -> list[dict]:
        """A note for each kept paragraph that looked like a copy of another kept one but says
        something it does not: which one, the score, and why both stay (for ``--report``)."""
        notes = []
        for position in sorted(self.apart):
            if self.fill.get(position) != position:
                continue  # it went after all (with a block), or a copy moved into its place
            slot, score, why = self.apart[position]
            if self._home(slot) not in self.fill:
                continue
            paragraph = paragraphs[position]
            notes.append({"index": paragraph.index, "line": paragraph.line, "reason": "distinct",
                          "near": paragraphs[self.fill[self._home(slot)]].index,
                          "score": round(score, 1), "detail": why, "text": paragraph.text})
        return notes

    def kept(self, paragraphs: list[Paragraph]) -> list[Paragraph]:
        """The paragraphs that stay, each at the position of its first copy."""
        return [paragraphs[self.fill[slot]] for slot in sorted(self.fill)]


def _adds(part: _Para, whole: _Para, cut: bool = False) -> str | None:
    """What ``part`` says that ``whole`` does not (None: nothing; it may go as a copy)."""
    at = whole.key.find(part.key)
    if at >= 0 and not evidence.negation_in(whole.key[:at] + whole.key[at + len(part.key):]) \
            and (at <= 1 or cut or part.weight >= evidence.LONG_WEIGHT):
        # A stretch of the other, letter for letter: it adds nothing. (A short line the other
        # has behind a word or more may name something else: Prize / Special Prize; one
        # letter is a cut, ew / New.)
        return None
    if not (part.key.isascii() and whole.key.isascii()):  # (letters differ: read the words)
        quick = evidence.quick_verdict(part.key, whole.key, part.weight)
        if quick is not evidence.READ_WORDS:
            return quick  # (the common case in Chinese, read off the keys)
    return evidence.assess(part.text, whole.text, part.weight, cut)


def _containment_floor(size: int, threshold: float) -> float:
    """The fewest characters a copy ``size`` characters long must share (in order) with its
    source to line up with a stretch of it at ``threshold``: a bound that rejects almost every
    candidate in one C call. The ratio of the copy and a stretch w characters long is
    200 * lcs / (size + w), and lcs <= w; so a ratio of t needs w >= t * size / (200 - t) and
    then lcs >= t * size / (200 - t). No stretch of the source shares more of the copy than all
    of it does. (One character of slack for rounding.)"""
    return threshold / (200 - threshold) * size - 1


def _containment(shorter: str, longer: str, threshold: float) -> float:
    """How well ``shorter`` lines up with a stretch of ``longer`` (0 when below threshold),
    once it has passed :func:`_containment_floor`.

    Tried at the start of ``longer`` (the usual truncation), at its end, and wherever a probe
    taken from the start, middle or end of ``shorter`` occurs in it: a few ``str.find`` and
    ``ratio`` calls instead of a full partial alignment."""
    size = len(shorter)
    starts = [0, len(longer) - size]
    for at in (0, size // 2, size - PROBE_CHARS):
        found = longer.find(shorter[at:at + PROBE_CHARS]) if at >= 0 else -1
        if found >= 0:
            starts.append(max(0, found - at))
    best = 0.0
    for start in dict.fromkeys(starts):
        best = max(best, fuzz.ratio(shorter, longer[start:start + size], score_cutoff=threshold))
        if best == 100:
            break
    return best


def _same_facts(numbers: tuple[tuple[str, ...], ...], others: tuple[tuple[str, ...], ...]) -> bool:
    """Whether two near copies state the same numbers. A copy may lack numbers at its very
    start or end, where an edit (a swapped subject, a cut) took them with it; a number that
    changed, or one missing from the middle, makes them different facts."""
    for mine, theirs in zip(numbers, others):
        if mine == theirs:
            continue
        shorter, longer = (mine, theirs) if len(mine) < len(theirs) else (theirs, mine)
        if len(shorter) == len(longer):
            return _same_values(numbers, others)
        if longer[:len(shorter)] != shorter and longer[len(longer) - len(shorter):] != shorter:
            return _same_values(numbers, others)
    return True


def _same_values(numbers: tuple[tuple[str, ...], ...], others: tuple[tuple[str, ...], ...]
                 ) -> bool:
    """Whether two lines state the same numbers once Chinese numerals are read as figures
    (双十一 / 双11): the same values, in any order, each side's once."""
    values = []
    for figures, chinese in (numbers, others):
        if not chinese:
            return False  # (only figures on one side: they differ as figures)
        read = [k.chinese_value(numeral) for numeral in chinese]
        if None in read:
            return False
        values.append(sorted((*figures, *read)))
    return values[0] == values[1]


def _numbers_within(part: _Para, whole: _Para) -> bool:
    """Whether the numbers of a truncated copy are a run of the numbers of the complete one.
    The last may be cut short, but only where the truncation went through it (the copy ends
    with its digits)."""
    return all(_run_within(numbers, all_numbers, part.key)
               for numbers, all_numbers in zip(part.numbers, whole.numbers))


def _run_within(numbers: tuple[str, ...], all_numbers: tuple[str, ...], key: str) -> bool:
    if not numbers:
        return True
    size = len(numbers)
    last = numbers[-1]
    cut = key.endswith(k.make_key(last))
    for start in range(len(all_numbers) - size + 1):
        window = all_numbers[start:start + size]
        same_last = window[-1] == last or cut and window[-1].startswith(last)
        if same_last and window[:-1] == numbers[:-1]:
            return True
    return False
