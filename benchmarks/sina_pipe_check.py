"""Pipe mode on the raw Sina pages: does every body paragraph survive, and does the code go?

Run on demand (it reads a corpus outside the repository):

    .venv/bin/python benchmarks/sina_pipe_check.py ../shared/corpus/scraped_zh_sina

Each page is cleaned alone, as `dedup PAGE` would. A body paragraph is a line the page indents
with the full-width indent (　　). It survives when its key (dedup.keys.make_key, so cleanup of
punctuation width and spacing does not count) is the key of an output paragraph. A code line is
a line the cleanup's junk rules call code; it is gone when no output paragraph has its key.
Prints the counts, and every body line that did not survive with the reason the report gives.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from dedup.clean import junk_reason
from dedup.keys import make_key
from dedup.pipeline import dedup_text
from dedup.sources import decode


def main(folder: str) -> int:
    pages = sorted(Path(folder).glob("*.txt"))
    body = survived = code = code_left = 0
    lost: Counter[str] = Counter()
    examples: list[str] = []
    for page in pages:
        raw = decode(page.read_bytes(), page.name)
        result = dedup_text(raw)
        kept = {make_key(p.text) for p in result.kept}
        why = {make_key(v.paragraph.text): v for v in result.removed}
        for line in raw.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            key = make_key(stripped)
            if line.startswith("\u3000\u3000"):
                body += 1
                if key in kept:
                    survived += 1
                else:
                    verdict = why.get(key)
                    reason = verdict.reason + (f":{verdict.detail}" if verdict and verdict.detail
                                               else "") if verdict else "missing"
                    lost[reason] += 1
                    if reason.startswith(("junk", "missing")) and len(examples) < 40:
                        examples.append(f"{page.name}: {reason}: {stripped[:70]}")
            elif junk_reason(stripped) == "code":
                code += 1
                code_left += bool(key) and key in kept  # an empty key says nothing
    print(f"pages {len(pages)}")
    print(f"body paragraphs {body}, in the output {survived}, not: {dict(lost)}")
    print(f"code lines {code}, left in the output {code_left}")
    for line in examples:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/scraped_zh_sina"))
