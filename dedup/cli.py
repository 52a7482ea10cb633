"""The command line: parse options, open streams, write. The only module that knows click."""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import os
import signal
import sys
import time
from pathlib import Path

import click

from . import __version__, storage
from .extract import html_to_text, is_html
from .model import CLEAN_STEPS, DEFAULT_CLEAN, BatchOptions, DedupError, Options, Result
from .pipeline import dedup_text
from .sources import decode_bytes
from .write import report_records, summary, write_report

DEFAULTS = Options()
BATCH_DEFAULTS = BatchOptions()
# Options that only make sense for a folder of pages: named in the error when given in pipe mode.
BATCH_ONLY = ("include", "exclude", "jsonl", "text_field", "jobs", "boilerplate_pages",
              "boilerplate_share", "no_boilerplate", "no_duplicate_pages", "engine", "scheduler")
DASK_MISSING = "--engine dask needs Dask, which is not installed: pip install 'dedup[dask]'"

EPILOG = """\b
Examples:
  cat raw.txt | dedup > clean.txt
  dedup raw.txt -o clean.txt --report removed.jsonl
  dedup --threshold 90 --min-length 30 raw.txt
  dedup --clean none raw.txt         # repeats only, text untouched
  dedup --clean +entities,+join raw.txt
  dedup scraped/ -o cleaned/ --report removed.jsonl     # batch mode
  dedup crawl/ -o clean/ --jsonl --text-field content   # JSON Lines corpora
  dedup s3://bucket/crawl -o s3://bucket/clean --engine dask --scheduler tcp://host:8786

\b
Exit codes: 0 done, 1 the input (or a page of a batch) could not be read
or written, 2 bad usage.
"""


class Source(click.Path):
    """An existing file or folder, or (batch mode) an fsspec URL, checked when it is read."""

    def convert(self, value, param, ctx):
        if storage.is_url(value):
            return value
        return super().convert(value, param, ctx)


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, metavar="[SRC]...",
                type=Source(exists=True, allow_dash=True, path_type=str))
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True),
              help="Write the cleaned text here instead of stdout (written whole or not at all); "
                   "in batch mode, the folder for the cleaned pages.")
@click.option("--report", type=click.Path(dir_okay=False, allow_dash=False),
              help="Write one JSON line per removed paragraph: where, why, which kept paragraph "
                   "it repeats, and the score (in batch mode also the page).")
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
@click.option("-q", "--quiet", is_flag=True, help="No summary (or progress bar) on stderr.")
@click.option("--html/--no-html", default=None,
              help="Pipe mode: extract the main text of an HTML page first, or do not. "
                   "[default: for a .html/.htm file, or stdin that starts as an HTML document]")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Batch: clean only files matching this glob (on the path relative to its "
                   "folder; repeatable). [default: *.txt *.html *.htm; *.jsonl with --jsonl]")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Batch: skip files matching this glob (repeatable).")
@click.option("--jsonl", is_flag=True,
              help="Batch: the files are JSON Lines, one document per record; the cleaned text "
                   "replaces the text field, other fields are kept.")
@click.option("--text-field", default=BATCH_DEFAULTS.text_field, show_default=True,
              metavar="NAME", help="Batch, with --jsonl: the field that holds the text.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Batch: worker processes. [default: all cores]")
@click.option("--boilerplate-pages", type=click.IntRange(3), metavar="N",
              default=BATCH_DEFAULTS.boilerplate_pages, show_default=True,
              help="Batch: a paragraph on at least N pages is boilerplate, removed everywhere.")
@click.option("--boilerplate-share", type=click.FloatRange(0, 1, min_open=True), metavar="P",
              default=BATCH_DEFAULTS.boilerplate_share, show_default=True,
              help="Batch: ...or on at least this share of the pages, whichever is fewer "
                   "(never fewer than 3 pages).")
@click.option("--no-boilerplate", is_flag=True,
              help="Batch: keep paragraphs that recur across pages.")
@click.option("--no-duplicate-pages", is_flag=True,
              help="Batch: write a page even when it repeats an earlier page.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Batch: run on this machine's cores, or on a Dask cluster (a local one of "
                   "--jobs processes, or the one at --scheduler); needs pip install "
                   "'dedup[dask]'. SRC and -o may be fsspec URLs (s3://..., file://...).")
@click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="ADDRESS",
              help="Batch, with --engine dask: the scheduler of an existing cluster, e.g. "
                   "tcp://host:8786. [env: DASK_SCHEDULER_ADDRESS]")
@click.version_option(__version__, "--version", prog_name="dedup")
@click.pass_context
def main(ctx: click.Context, sources: tuple[str, ...], output: str, report: str | None,
         threshold: float, min_length: int, clean_spec: frozenset[str], encoding: str | None,
         quiet: bool, **batch: object) -> None:
    """Remove repeated paragraphs and repeated blocks of paragraphs from scraped text.

    Reads SRC (a file, or - for stdin, the default) and writes the same text with every
    repeat collapsed to its first copy, in the original order, paragraphs separated by one
    blank line, as UTF-8. Copies match when they differ only in width, case, spacing,
    punctuation or a few characters, or when one is a truncated part of the other; paragraphs
    whose numbers differ are never merged.

    Batch mode (a folder, several SRCs, or --jsonl; needs -o DIR): every page (.txt, .html,
    .htm) is cleaned the same way into DIR under the same relative path (HTML pages, whose
    main text is extracted first, become .txt). Across pages, paragraphs that recur on many
    pages are removed, and a page that repeats an earlier one is not written.
    """
    _exit_quietly_on_broken_pipe()
    options = Options(threshold=threshold, min_length=min_length, steps=clean_spec)
    try:
        folders = [source for source in sources if storage.is_dir(source)]
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if folders or len(sources) > 1 or batch["jsonl"]:
        if output == "-":
            what = f"{folders[0]} is a folder" if folders else "batch mode writes several files"
            raise click.UsageError(f"{what}; to clean a folder of pages give an "
                                   "output folder with -o DIR.")
        _batch(ctx, sources, output, report, options, encoding, quiet, batch)
        return
    unset = (click.core.ParameterSource.DEFAULT, click.core.ParameterSource.ENVIRONMENT)
    given = [name for name in BATCH_ONLY if ctx.get_parameter_source(name) not in unset]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise click.UsageError(f"{flag} applies to batch mode; give a folder (or several files) "
                               "and an output folder with -o DIR.")
    source = sources[0] if sources else "-"
    if output != "-" and Path(output).is_dir():
        raise click.BadParameter(f"{output} is a folder; give a file name (an output folder "
                                 "is for a folder of pages).", param_hint="'-o' / '--output'")
    name = "stdin" if source == "-" else source
    # The raw text goes straight into the pipeline, which lets go of it once it is segmented.
    notes: list[dict] = []  # what decoding repaired, if anything: a report record
    result = dedup_text(_load(source, name, encoding, batch["html"], notes), options)
    result = dataclasses.replace(result, notes=(*notes, *result.notes)) if notes else result
    try:
        _write_text(result, output)
        if report:
            with click.open_file(report, "w", encoding="utf-8", atomic=True) as stream:
                write_report(report_records(result), stream)
    except OSError as error:
        raise click.ClickException(f"cannot write: {error.strerror}: {error.filename}") from None
    if not quiet:
        click.echo(summary(result, name), err=True)


def _batch(ctx: click.Context, sources: tuple[str, ...], output: str, report: str | None,
           options: Options, encoding: str | None, quiet: bool, batch: dict) -> None:
    """Batch mode: clean the pages of the sources into the output folder."""
    # Imported here: the pool and its machinery cost pipe mode's start-up ~60 ms otherwise.
    from .batch import ProgressBar, UsageProblem, discover, run_batch

    if "-" in sources:
        raise click.UsageError("stdin (-) cannot be part of a batch; give files and folders.")
    if batch["html"] is not None:
        raise click.UsageError("--html/--no-html is for one page; batch mode extracts the "
                               ".html and .htm pages, by their names.")
    if (batch["engine"] != "dask"
            and ctx.get_parameter_source("scheduler") is click.core.ParameterSource.COMMANDLINE):
        raise click.UsageError("--scheduler is for --engine dask; give both.")
    settings = BatchOptions(
        options=options, boilerplate=not batch["no_boilerplate"],
        boilerplate_pages=batch["boilerplate_pages"], boilerplate_share=batch["boilerplate_share"],
        duplicate_pages=not batch["no_duplicate_pages"], jsonl=batch["jsonl"],
        text_field=batch["text_field"], encoding=encoding,
        jobs=batch["jobs"] or os.cpu_count() or 1, report=report is not None)
    started = time.perf_counter()
    try:
        pages = discover(sources, output, include=batch["include"], exclude=batch["exclude"],
                         jsonl=settings.jsonl)
    except UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if not pages:
        globs = " ".join(batch["include"]) or ("*.jsonl" if settings.jsonl
                                               else "*.txt *.html *.htm")
        raise click.UsageError(f"no files matching {globs} in {' '.join(sources)}; "
                               "choose them with --include GLOB.")
    show_progress = not quiet and sys.stderr.isatty()

    def progress(label: str, total: int):
        if not show_progress:
            return ProgressBar()
        return click.progressbar(length=total, label=label, file=sys.stderr)

    try:
        with _engine(batch["engine"], batch["scheduler"], settings.jobs) as engine, \
                _report_stream(report) as stream:
            summary = run_batch(
                pages, output, settings, warn=lambda line: click.echo(line, err=True),
                report=stream.write,
                progress=progress, engine=engine)
    except OSError as error:
        raise click.ClickException(f"cannot write: {error.strerror}: {error.filename}") from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if not quiet:
        click.echo(summary.line(time.perf_counter() - started, settings.jsonl), err=True)
    if summary.failed:
        ctx.exit(1)


def _engine(name: str, scheduler: str | None, jobs: int):
    """The engine's context: None (batch's own process pool) or a Dask cluster, whose module
    is imported only here."""
    if name != "dask":
        return contextlib.nullcontext(None)
    try:
        dask_engine = importlib.import_module("dedup.dask_engine")
    except ImportError as error:
        if (error.name or "").split(".")[0] not in ("dask", "distributed", "dedup"):
            raise
        raise click.ClickException(DASK_MISSING) from None
    return dask_engine.connect(scheduler, jobs=jobs)


def _report_stream(report: str | None):
    if report:
        return click.open_file(report, "w", encoding="utf-8", atomic=True)
    return open(os.devnull, "w", encoding="utf-8")


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


def _load(source: str, name: str, encoding: str | None, html: bool | None,
          notes: list[dict]) -> str:
    """The text of the source (an HTML page's main text), and in ``notes`` the decoding's."""
    try:
        decoded = decode_bytes(_read(source), name, encoding)
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    notes.extend(filter(None, [decoded.note]))
    if not (is_html(decoded.text, None if source == "-" else source) if html is None else html):
        return decoded.text
    try:
        return html_to_text(decoded.text)
    except DedupError as error:
        raise click.ClickException(f"{name}: {error}") from None


def _write_text(result: Result, output: str) -> None:
    """The cleaned text, encoded a chunk at a time (never the whole output twice in memory)."""
    if output == "-":
        stdout = sys.stdout.buffer
        for chunk in result.chunks():
            stdout.write(chunk.encode("utf-8"))
        stdout.flush()
        return
    with click.open_file(output, "wb", atomic=True) as stream:
        for chunk in result.chunks():
            stream.write(chunk.encode("utf-8"))


def _exit_quietly_on_broken_pipe() -> None:
    # `dedup big.txt | head`: when the reader goes away, stop silently like any filter does.
    if hasattr(signal, "SIGPIPE") and sys.stdout is sys.__stdout__:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
