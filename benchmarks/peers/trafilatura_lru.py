"""trafilatura's duplicate filter: `duplicate_test` with its module LRU, at its defaults."""


def decide(paragraphs: list[str]) -> list[int]:
    from lxml import etree
    from trafilatura import deduplication
    from trafilatura.settings import Extractor

    options = Extractor(dedup=True)  # MIN_DUPLCHECK_SIZE 100, MAX_REPETITIONS 2 (settings.cfg)
    deduplication.LRU_TEST.clear()  # one text (or one corpus) at a time
    kept = []
    for i, p in enumerate(paragraphs):
        element = etree.Element("p")
        element.text = p
        if not deduplication.duplicate_test(element, options):
            kept.append(i)
    return kept
