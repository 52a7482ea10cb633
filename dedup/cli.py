"""The command line: parse options, open streams, write. The only module that knows click."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from . import __version__
from .model import CLEAN_STEPS, DEFAULT_CLEAN, DedupError, Options
from .pipeline import dedup_text
from .sources import decode
from .write import report_records, summary, write_report

DEFAULTS = Options()

EPILOG = """\b
Examples:
  cat raw.txt | dedup > clean.txt
  dedup raw.txt -o clean.txt --report removed.jsonl
  dedup --threshold 90 --min-length 30 raw.txt
  dedup --clean none raw.txt         # repeats only, text untouched
  dedup --clean +entities,+join raw.txt

\b
Exit codes: 0 done, 1 the input could not be read or written, 2 bad usage.
"""


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("source", required=False, default="-",
                type=click.Path(exists=True, allow_dash=True, path_type=str))
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True, dir_okay=False),
              help="Write the cleaned text here instead of stdout (written whole or not at all).")
@click.option("--report", type=click.Path(dir_okay=False, allow_dash=False),
              help="Write one JSON line per removed paragraph: where, why, which kept paragraph "
                   "it repeats, and the score.")
@click.option("-t", "--threshold", type=click.FloatRange(50, 100), default=DEFAULTS.threshold,
              show_default=True,
              help="Similarity (0-100, on width-, case- and punctuation-folded text) above "
                   "which a paragraph repeats another.")
@click.option("-m", "--min-length", type=click.IntRange(1), default=DEFAULTS.min_length,
              show_default=True,
              help="Paragraphs shorter than this many characters (CJK count 2) are removed "
                   "only as part of a repeated block, never alone.")
@click.option("--clean", "clean_spec", default="default", show_default=True, metavar="STEPS",
              callback=lambda ctx, param, value: _parse_steps(value),
              help="Cleanup steps, comma-separated: 'default', 'all', 'none', a step to add "
                   "(+join) or drop (-punct-width). Steps: " + ", ".join(CLEAN_STEPS) + "; "
                   "entities and join are off by default.")
@click.option("-e", "--encoding", help="Input encoding, when detection gets it wrong.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@click.version_option(__version__, "--version", prog_name="dedup")
def main(source: str, output: str, report: str | None, threshold: float, min_length: int,
         clean_spec: frozenset[str], encoding: str | None, quiet: bool) -> None:
    """Remove repeated paragraphs and repeated blocks of paragraphs from scraped text.

    Reads SOURCE (a file, or - for stdin, the default) and writes the same text with every
    repeat collapsed to its first copy, in the original order, paragraphs separated by one
    blank line, as UTF-8. Copies match when they differ only in width, case, spacing,
    punctuation or a few characters, or when one is a truncated part of the other; paragraphs
    whose numbers differ are never merged.
    """
    _exit_quietly_on_broken_pipe()
    if Path(source).is_dir():
        raise click.UsageError(f"{source} is a folder; to clean a folder of pages give an "
                               "output folder with -o DIR.")
    options = Options(threshold=threshold, min_length=min_length, steps=clean_spec)
    name = "stdin" if source == "-" else source
    try:
        data = _read(source)
        text = decode(data, name, encoding)
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    result = dedup_text(text, options)
    try:
        _write_text(result.text, output)
        if report:
            with click.open_file(report, "w", encoding="utf-8", atomic=True) as stream:
                write_report(report_records(result), stream)
    except OSError as error:
        raise click.ClickException(f"cannot write: {error.strerror}: {error.filename}") from None
    if not quiet:
        click.echo(summary(result, name), err=True)


def _parse_steps(spec: str) -> frozenset[str]:
    """'default', 'all', 'none', and +step / -step / step, comma-separated, left to right."""
    steps = set(DEFAULT_CLEAN)
    for item in filter(None, (part.strip() for part in spec.split(","))):
        if item in ("default", "all", "none"):
            steps = {"default": set(DEFAULT_CLEAN), "all": set(CLEAN_STEPS), "none": set()}[item]
            continue
        name = item.lstrip("+-")
        if name not in CLEAN_STEPS:
            raise click.BadParameter(f"unknown step {name!r}; the steps are "
                                     + ", ".join(CLEAN_STEPS), param_hint="--clean")
        (steps.discard if item.startswith("-") else steps.add)(name)
    return frozenset(steps)


def _read(source: str) -> bytes:
    try:
        if source == "-":
            return sys.stdin.buffer.read()
        return Path(source).read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {source}: {error.strerror}") from None


def _write_text(text: str, output: str) -> None:
    data = text.encode("utf-8")
    if output == "-":
        stdout = sys.stdout.buffer
        stdout.write(data)
        stdout.flush()
        return
    with click.open_file(output, "wb", atomic=True) as stream:
        stream.write(data)


def _exit_quietly_on_broken_pipe() -> None:
    # `dedup big.txt | head`: when the reader goes away, stop silently like any filter does.
    if hasattr(signal, "SIGPIPE") and sys.stdout is sys.__stdout__:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
