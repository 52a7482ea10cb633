"""text-dedup 0.4.0 MinHash / SimHash on a local dataset (load_from_disk; nothing downloaded).

Its CLI entry points are click commands; they are called in-process with
``standalone_mode=False`` and the arguments a user would type:
``--path DIR --local --column text --output OUT``.
"""

import contextlib
import io
import re
import tempfile
from pathlib import Path

_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def _run(paragraphs: list[str], module: str, spaced: bool) -> list[int]:
    import importlib

    import datasets

    datasets.disable_progress_bars()
    command = importlib.import_module(f"text_dedup.{module}").main
    with tempfile.TemporaryDirectory(prefix="text-dedup-") as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        column = [(_CJK.sub(r" \1 ", p) if spaced else p) for p in paragraphs]
        datasets.Dataset.from_dict({"text": column, "pid": list(range(len(paragraphs)))}
                                   ).save_to_disk(str(src))
        args = ["--path", str(src), "--local", "--column", "text", "--output", str(out),
                "--cache_dir", str(Path(tmp) / "cache")]
        with contextlib.redirect_stdout(io.StringIO()):
            command.main(args=args, standalone_mode=False)
        return [int(x) for x in datasets.load_from_disk(str(out))["pid"]]


def decide_minhash(paragraphs: list[str]) -> list[int]:
    return _run(paragraphs, "minhash", spaced=False)


def decide_minhash_cjk(paragraphs: list[str]) -> list[int]:
    return _run(paragraphs, "minhash", spaced=True)


SIMHASH_MIN_CHARS = 5


def decide_simhash(paragraphs: list[str]) -> list[int]:
    """text-dedup's SimHash makes no shingle of a text shorter than 5 characters (its ngrams()
    has min_length=5) and then fails (`AssertionError: 64, 1, 64` in Permutation.permute).
    Such paragraphs are kept aside, never removed; everything else goes through the tool."""
    short = [i for i, p in enumerate(paragraphs) if len(p) < SIMHASH_MIN_CHARS]
    rest = [i for i, p in enumerate(paragraphs) if len(p) >= SIMHASH_MIN_CHARS]
    kept = [rest[k] for k in _run([paragraphs[i] for i in rest], "simhash", spaced=False)]
    return sorted(kept + short)  # the tool writes its kept rows in dataset order
