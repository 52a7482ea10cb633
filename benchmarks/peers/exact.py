"""The floor: keep the first copy of each paragraph, identical once its ends are stripped."""


def decide(paragraphs: list[str]) -> list[int]:
    seen: set[str] = set()
    kept = []
    for i, p in enumerate(paragraphs):
        key = p.strip()
        if key not in seen:
            seen.add(key)
            kept.append(i)
    return kept
