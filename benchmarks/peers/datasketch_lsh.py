"""datasketch MinHashLSH over paragraphs, keep-first: query, drop on any hit, else insert."""

import re

_CJK_OR_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SHINGLE = 3


def _shingles(tokens: list[str]) -> set[bytes]:
    if len(tokens) <= SHINGLE:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE]).encode("utf-8")
            for i in range(len(tokens) - SHINGLE + 1)}


def _words(p: str) -> list[str]:
    return p.lower().split()


def _cjk_tokens(p: str) -> list[str]:
    # a CJK character or a run of letters/digits of other scripts
    return [t for t in (m.group() for m in _CJK_OR_WORD.finditer(p.lower()))]


def _decide(paragraphs: list[str], tokenize) -> list[int]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.9, num_perm=128)  # the defaults
    kept = []
    for i, p in enumerate(paragraphs):
        shingles = _shingles(tokenize(p))
        if not shingles:
            kept.append(i)
            continue
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        if lsh.query(m):
            continue
        lsh.insert(i, m)
        kept.append(i)
    return kept


def decide_words(paragraphs: list[str]) -> list[int]:
    return _decide(paragraphs, _words)


def decide_cjk(paragraphs: list[str]) -> list[int]:
    return _decide(paragraphs, _cjk_tokens)
