"""Adapters: each peer decides which paragraphs of a list to keep (keep-first, input order).

Every adapter takes the paragraphs of one text (or of a whole folder, as one corpus) and returns
the indices of the paragraphs to keep, in output order. Heavy imports happen inside the
adapters, in the child process that runs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import datasketch_lsh, datatrove_sentence, exact, text_dedup_runner, trafilatura_lru

_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*\n")  # the separator ../shared/eval/score.py uses


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs at blank lines (lines of only spaces, tabs, U+3000 or NBSP), as score.py."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip("\n") for p in _BLANK_LINE.split(text) if p.strip()]


@dataclass(frozen=True)
class Peer:
    decide: Callable[[list[str]], list[int]]
    note: str   # one line for the tables
    how: str    # how it is driven, for the doc


PEERS: dict[str, Peer] = {
    "exact": Peer(
        exact.decide, "the floor: identical paragraph (ends stripped)",
        "a few lines of Python: keep the first copy of each paragraph, identical once "
        "stripped of surrounding whitespace (as bench_pipe.py's baseline)."),
    "trafilatura": Peer(
        trafilatura_lru.decide, "`duplicate_test`, defaults (> 100 chars, > 2 repeats)",
        "`trafilatura.deduplication.duplicate_test(element, Extractor(dedup=True))` on a `<p>` "
        "element per paragraph, the module's LRU (`LRU_TEST`, 4096 entries) cleared before "
        "each text: the settings.cfg defaults MIN_DUPLCHECK_SIZE = 100 characters and "
        "MAX_REPETITIONS = 2, so a paragraph is dropped from its fourth copy on. Its test is "
        "exact text, so there is no tokenisation to make CJK-aware."),
    "datasketch": Peer(
        datasketch_lsh.decide_words, "MinHashLSH(threshold=0.9, num_perm=128), 3-word shingles",
        "`datasketch.MinHashLSH(threshold=0.9, num_perm=128)` (its defaults) over a `MinHash` "
        "of each paragraph's 3-word shingles (`str.split()`, lower case); keep-first: a "
        "paragraph whose LSH `query` returns any kept paragraph is dropped, else it is "
        "inserted and kept. A Chinese paragraph has no spaces, so it is one shingle."),
    "datasketch-cjk": Peer(
        datasketch_lsh.decide_cjk, "as datasketch, shingles of 3 tokens: a CJK char or a word",
        "as `datasketch`, but the tokens are single CJK characters and Latin/digit words "
        "(`[\\u4e00-\\u9fff]|\\w+`), shingled by 3."),
    "text-dedup-minhash": Peer(
        text_dedup_runner.decide_minhash, "defaults: ngram 5, min_length 5, threshold 0.7",
        "text-dedup 0.4.0 `text_dedup.minhash` CLI (its click command, called in-process with "
        "`standalone_mode=False`) on a local dataset: the paragraphs are written with "
        "`datasets.Dataset.from_dict({'text', 'pid'}).save_to_disk()` and passed as "
        "`--path DIR --local --column text --output OUT` (so `load_from_disk`, nothing "
        "downloaded); all other options at their defaults (ngram 5, min_length 5 tokens, "
        "num_perm 250, threshold 0.7, num_proc = CPU count). The kept paragraphs are the rows "
        "of `load_from_disk(OUT)`, in its order. Its filter drops records of fewer than "
        "5 `\\W`-split tokens from the output."),
    "text-dedup-minhash-cjk": Peer(
        text_dedup_runner.decide_minhash_cjk, "as above, CJK characters spaced out first",
        "as `text-dedup-minhash`, but the column it hashes has a space between CJK characters "
        "(each character a token; the original text is what is written)."),
    "text-dedup-simhash": Peer(
        text_dedup_runner.decide_simhash, "defaults: 64 bits, char 3-grams, bit_diff 3; < 5-char paragraphs kept aside (it crashes on them)",
        "text-dedup 0.4.0 `text_dedup.simhash` CLI, driven as the MinHash one, defaults (f 64, "
        "character 3-grams, bit_diff 3, num_bucket 4). Its shingles are characters, so it needs "
        "no CJK-aware setting. It crashes on any record shorter than 5 characters "
        "(`AssertionError: 64, 1, 64`: its `ngrams()` makes no shingle of it), so such "
        "paragraphs (`（完）`, `广告`) are kept aside and never removed."),
    "datatrove-sentence": Peer(
        datatrove_sentence.decide, "C4-style 3-sentence spans, defaults (en splitter)",
        "datatrove 0.10.1 `SentenceDedupSignature` → `SentenceFindDedups` → "
        "`SentenceDedupFilter` with `LocalPipelineExecutor` (1 task, in-process), default "
        "`SentDedupConfig` (n_sentences 3, min_doc_words 50, min_num_sentences 3) and its "
        "default language (English, spaCy sentence splitter), each paragraph one `Document`. "
        "A paragraph comes out trimmed of its duplicate spans, or not at all. Its Chinese "
        "splitter (spaCy + jieba) returns a whole paragraph as one sentence, so a `zh` setting "
        "would find nothing more."),
}
