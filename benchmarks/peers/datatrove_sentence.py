"""datatrove's sentence dedup (C4's 3-sentence spans), one Document per paragraph, defaults."""

import tempfile
from pathlib import Path


def decide(paragraphs: list[str]) -> list[int]:
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.sentence_dedup import (
        SentDedupConfig,
        SentenceDedupFilter,
        SentenceDedupSignature,
        SentenceFindDedups,
    )
    from datatrove.utils.logging import logger

    logger.remove()  # its per-step log lines would flood the terminal
    config = SentDedupConfig()
    kept: dict[int, str] = {}

    def docs():
        return [Document(text=p, id=str(i)) for i, p in enumerate(paragraphs)]

    def collect(data, rank=0, world_size=1):
        for doc in data:
            kept[int(doc.id)] = doc.text
            yield doc

    with tempfile.TemporaryDirectory(prefix="datatrove-") as tmp:
        tmp = Path(tmp)
        stages = [
            [docs(), SentenceDedupSignature(output_folder=str(tmp / "sigs"), config=config)],
            [SentenceFindDedups(data_folder=str(tmp / "sigs"), output_folder=str(tmp / "dups"),
                                config=config)],
            [docs(), SentenceDedupFilter(data_folder=str(tmp / "dups"), config=config), collect],
        ]
        for i, pipeline in enumerate(stages):
            LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1,
                                  logging_dir=str(tmp / f"logs{i}")).run()
    # a paragraph may come out trimmed of its duplicate spans: that text is what is written
    return [(i, kept[i]) for i in sorted(kept)]
