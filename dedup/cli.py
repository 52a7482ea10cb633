"""The command line: parse options, open streams, write. The only module that knows click."""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import importlib
import math
import os
import signal
import sys
import time

import click

from . import __version__, storage
from .extract import html_to_text, is_html
from .model import CLEAN_STEPS, DEFAULT_CLEAN, BatchOptions, DedupError, Options, Result
from .outputs import Output, OutputClash, check_paths, printable
from .pipeline import dedup_text
from .sources import decode_bytes
from .write import encode_report, report_bytes, report_records, summary

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
  dedup --clean +join,-punct-width raw.txt
  dedup scraped/ -o cleaned/ --report removed.jsonl     # batch mode
  dedup crawl/ -o clean/ --jsonl --text-field content   # JSON Lines corpora
  dedup s3://bucket/crawl -o s3://bucket/clean --engine dask --scheduler tcp://host:8786

\b
Exit codes: 0 done, 1 the input (or a page of a batch) could not be read
or written, 2 bad usage (a missing file, an output that would overwrite
an input), 130 interrupted (Ctrl-C), 143 stopped (SIGTERM; 129 SIGHUP);
an interrupted run leaves every output as it was before, or whole.
"""
# What an interrupting signal makes the exit code (the shell's 128 + the signal's number).
# SIGHUP too (the terminal or the ssh session closed), where there is one.
INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143,
               **({signal.SIGHUP: 129} if hasattr(signal, "SIGHUP") else {})}
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: unwinds like Ctrl-C, so that every temporary file and worker
    is removed on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Command(click.Command):
    """click's command, with the process made safe first (closed standard streams, signals)
    and an interruption turned into one line and exit 130/143 (click's own says "Aborted!"
    and exits 1)."""

    def main(self, *args, **extra):
        closed = _guard_standard_streams()
        extra.setdefault("obj", {"closed": closed})
        previous = {signum: signal.getsignal(signum) for signum in INTERRUPTED}
        for signum in INTERRUPTED:
            signal.signal(signum, _interrupt)
        try:
            return super().main(*args, **extra)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _one_line(error) from None
        except KeyboardInterrupt as stop:
            signum = getattr(stop, "signum", signal.SIGINT)
            what = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
            click.echo(f"Interrupted ({what}): outputs not finished were left as they were.",
                       err=True)
            raise click.exceptions.Exit(INTERRUPTED[signum]) from None


def _one_line(error: click.UsageError) -> click.UsageError:
    """A usage error said in one line, with where to read more (click's own adds the usage
    line, a hint and a blank line: four lines for one mistake)."""
    if error.ctx is None:
        return error
    message = error.format_message().rstrip(".")
    one = click.UsageError(f"{message} (see '{error.ctx.command_path} --help')")
    one.exit_code = error.exit_code
    return one


@contextlib.contextmanager
def _signals_held():
    """Hold back Ctrl-C, SIGTERM and SIGHUP for a few system calls: one that arrives meanwhile
    is handled after them."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, set(INTERRUPTED))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _interrupt(signum: int, frame: object) -> None:
    # Once: a second Ctrl-C must not cut short the removal of the temporary files.
    for other in INTERRUPTED:
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


def _guard_standard_streams() -> frozenset[int]:
    """Occupy a closed stdin, stdout or stderr with /dev/null, and say which were closed:
    otherwise the next file opened (an input, a temporary file) would get that descriptor,
    and text meant for stdout would be written into it."""
    closed = set()
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            closed.add(number)
    for number in sorted(closed):
        fd = os.open(os.devnull, os.O_RDWR)
        if fd != number:
            os.dup2(fd, number)
            os.close(fd)
    # Python left sys.stdin/stdout/stderr None, and click would then print errors to stdout.
    if 2 in closed:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 (for the process's life)
    if 1 in closed:
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    return frozenset(closed)


class Number(click.FloatRange):
    """A float in range; NaN is refused (it compares false with both bounds)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number


class Size(click.ParamType):
    """A size in bytes: 1000000, 512K, 64M, 2G."""

    name = "SIZE"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in SIZE_UNITS else ""
        try:
            number = float(text[:len(text) - len(unit)])
        except ValueError:
            number = math.nan
        size = number * SIZE_UNITS[unit]
        if not size >= 1 or math.isinf(size):
            self.fail(f"{value!r} is not a size; give bytes, or K, M, G (512M, 2G).", param, ctx)
        return int(size)


class Source(click.Path):
    """An existing file or folder, or (batch mode) an fsspec URL, checked when it is read."""

    def convert(self, value, param, ctx):
        if storage.is_url(value):
            return value
        try:
            os.stat(value)
        except (FileNotFoundError, NotADirectoryError):
            pass  # (missing: bad usage, as click says)
        except OSError:
            # There, but not to be looked at (a folder on the way that may not be searched,
            # a loop of links): an input that cannot be read (exit 1), reading says why.
            return value
        except ValueError:
            pass  # (a NUL byte in the name: click says it does not exist)
        return super().convert(value, param, ctx)


@click.command(cls=Command, epilog=EPILOG,
               context_settings={"help_option_names": ["-h", "--help"]})
# readable=False: a file that exists but cannot be read is not bad usage (exit 2) but an input
# that cannot be read (exit 1), as for a page of a batch.
@click.argument("sources", nargs=-1, metavar="[SRC]...",
                type=Source(exists=True, readable=False, allow_dash=True, path_type=str))
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True),
              callback=lambda ctx, param, value: _named(value),
              help="Write the cleaned text here instead of stdout (written whole or not at all); "
                   "in batch mode, the folder for the cleaned pages.")
@click.option("--report", type=click.Path(dir_okay=False, allow_dash=True),
              callback=lambda ctx, param, value: _named(value),
              help="Write one JSON line per removed paragraph: where, why, which kept paragraph "
                   "it repeats, and the score (in batch mode also the page); written before "
                   "the text it explains. '-' is stdout, when the text goes to -o.")
@click.option("-t", "--threshold", type=Number(50, 100), default=DEFAULTS.threshold,
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
                   "join is off by default; 'none' writes each kept paragraph exactly as "
                   "the input has it.")
@click.option("-e", "--encoding", callback=lambda ctx, param, value: _codec(value),
              help="Input encoding, when detection gets it wrong.")
@click.option("-q", "--quiet", is_flag=True, help="No summary (or progress bar) on stderr.")
@click.option("--max-size", type=Size(), default=BATCH_DEFAULTS.max_size, metavar="SIZE",
              help="Refuse an input (a page, a JSON Lines file, stdin) larger than this: "
                   "bytes, or K, M, G. [default: 1G]")
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
              help="Batch: worker processes, at most one per usable core and one per page. "
                   "[default: all cores]")
@click.option("--boilerplate-pages", type=click.IntRange(3), metavar="N",
              default=BATCH_DEFAULTS.boilerplate_pages, show_default=True,
              help="Batch: a paragraph on at least N pages of one site (the host of a "
                   "page's URL, else its input folder) is boilerplate, removed from them.")
@click.option("--boilerplate-share", type=Number(0, 1, min_open=True), metavar="P",
              default=BATCH_DEFAULTS.boilerplate_share, show_default=True,
              help="Batch: ...or on at least this share of the site's pages, whichever is "
                   "fewer (never fewer than 3 pages; numbers, single characters and table "
                   "rules never count).")
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
         quiet: bool, max_size: int, **batch: object) -> None:
    """Remove repeated paragraphs and repeated blocks of paragraphs from scraped text.

    Reads SRC (a file, or - for stdin, the default) and writes the same text with every
    repeat collapsed to its first copy, in the original order, paragraphs separated by one
    blank line, as UTF-8. Copies match when they differ only in width, case, spacing,
    punctuation or a few typos, or when one is a truncated part of the other. Paragraphs that
    look alike but differ in a number, a month, a name, a code word, a negation, an attribute
    (red / blue, gold / silver) or any content word, and lines that fill one template with
    three or more values (a list), are different statements: both stay (--report says why,
    as 'distinct').

    Batch mode (a folder, several SRCs, or --jsonl; needs -o DIR): every page (.txt, .html,
    .htm) is cleaned the same way into DIR under the same relative path (HTML pages, whose
    main text is extracted first, become .txt). Across pages, paragraphs that recur on many
    pages are removed, and a page that repeats an earlier one is not written.
    """
    options = Options(threshold=threshold, min_length=min_length, steps=clean_spec)
    try:
        folders = [source for source in sources if storage.is_dir(source)]
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if folders or len(sources) > 1 or batch["jsonl"]:
        if output == "-":
            what = (f"{printable(folders[0])} is a folder" if folders
                    else "batch mode writes several files")
            raise click.UsageError(f"{what}; to clean a folder of pages give an "
                                   "output folder with -o DIR.")
        _batch(ctx, sources, output, report, options, encoding, quiet, max_size, batch)
        return
    unset = (click.core.ParameterSource.DEFAULT, click.core.ParameterSource.ENVIRONMENT)
    given = [name for name in BATCH_ONLY if ctx.get_parameter_source(name) not in unset]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise click.UsageError(f"{flag} applies to batch mode; give a folder (or several files) "
                               "and an output folder with -o DIR.")
    _pipe(ctx, sources[0] if sources else "-", output, report, options, encoding, quiet,
          max_size, batch["html"])


def _pipe(ctx: click.Context, source: str, output: str, report: str | None, options: Options,
          encoding: str | None, quiet: bool, max_size: int, html: bool | None) -> None:
    """Pipe mode: one text in, its cleaned text and report out, each whole or not at all."""
    # (A path that cannot be looked up is no folder: writing it says why, in one line.)
    if output != "-" and not storage.is_url(output) and storage.is_dir(output):
        raise click.BadParameter(f"{printable(output)} is a folder; give a file name (an "
                                 "output folder is for a folder of pages).",
                                 param_hint="'-o' / '--output'")
    _check_outputs([("-o", output), ("--report", report)], [("the input", source)])
    closed = ctx.obj["closed"]
    if "-" in (output, report) and 1 in closed:
        raise click.ClickException("stdout is closed; give the output file with -o FILE")
    name = "stdin" if source == "-" else printable(source)
    text_out = Output(output, stdout=_stdout())
    report_out = Output(report, stdout=_stdout()) if report else None
    try:
        # Opened first (temporary files made): a missing folder or a read-only disk is found
        # before the input is read, and before anything is written.
        if report_out:
            report_out.open()
        text_out.open()
        # The raw text goes straight into the pipeline, which lets go of it once segmented.
        notes: list[dict] = []  # what decoding repaired, if anything: a report record
        result = dedup_text(_load(source, name, encoding, max_size, 0 in closed, html, notes),
                            options)
        if notes:
            result = dataclasses.replace(result, notes=(*notes, *result.notes))
        if report_out:
            report_out.write(report_bytes(report_records(result)))
            if text_out.direct:  # stdout, a FIFO: the report is in place before the text
                report_out.commit()
        _write_text(result, text_out)
        with _signals_held():  # both in place, or neither: not the new report by the old text
            if report_out:
                report_out.commit()
            text_out.commit()
            # Done: an interrupt from now on (one held back above included) changes nothing,
            # and must not say that outputs were left unfinished, nor exit 130/143.
            for signum in INTERRUPTED:
                signal.signal(signum, signal.SIG_IGN)
    except BrokenPipeError:
        if output != "-":
            raise click.ClickException("cannot write: the reader went away (broken "
                                       "pipe)") from None
        # `dedup big.txt | head`: the reader has what it wanted; end quietly, as a filter does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        ctx.exit(141)
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    finally:
        text_out.discard()
        if report_out:
            report_out.discard()
    if not quiet:
        click.echo(summary(result, name), err=True)


def _check_outputs(outputs: list[tuple[str, str | None]], inputs: list[tuple[str, str]]) -> None:
    """Usage error (exit 2) when an output would overwrite an input or another output."""
    given = [(option, path) for option, path in outputs if path]
    if ("--report", "-") in given and ("-o", "-") in given:
        raise click.UsageError("--report - would mix the report into the cleaned text on "
                               "stdout; give the text a file with -o FILE, or the report one.")
    try:
        check_paths(given, inputs)
    except OutputClash as error:
        raise click.UsageError(str(error)) from None


def _batch(ctx: click.Context, sources: tuple[str, ...], output: str, report: str | None,
           options: Options, encoding: str | None, quiet: bool, max_size: int,
           batch: dict) -> None:
    """Batch mode: clean the pages of the sources into the output folder."""
    # Imported here: the pool and its machinery cost pipe mode's start-up ~60 ms otherwise.
    from .batch import ProgressBar, UsageProblem, check_report, discover, run_batch, usable_cores

    if "-" in sources:
        raise click.UsageError("stdin (-) cannot be part of a batch; give files and folders.")
    if batch["html"] is not None:
        raise click.UsageError("--html/--no-html is for one page; batch mode extracts the "
                               ".html and .htm pages, by their names.")
    if (batch["engine"] != "dask"
            and ctx.get_parameter_source("scheduler") is click.core.ParameterSource.COMMANDLINE):
        raise click.UsageError("--scheduler is for --engine dask; give both.")
    started = time.perf_counter()
    jsonl = bool(batch["jsonl"])
    try:
        pages = discover(sources, output, include=batch["include"], exclude=batch["exclude"],
                         jsonl=jsonl)
        if report:
            check_report(pages, output, report)
    except UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if not pages:
        globs = " ".join(batch["include"]) or ("*.jsonl" if jsonl else "*.txt *.html *.htm")
        raise click.UsageError(f"no files matching {globs} in "
                               f"{' '.join(map(printable, sources))}; "
                               "choose them with --include GLOB.")
    settings = BatchOptions(
        options=options, boilerplate=not batch["no_boilerplate"],
        boilerplate_pages=batch["boilerplate_pages"], boilerplate_share=batch["boilerplate_share"],
        duplicate_pages=not batch["no_duplicate_pages"], jsonl=jsonl,
        text_field=batch["text_field"], encoding=encoding, max_size=max_size,
        jobs=max(1, min(batch["jobs"] or usable_cores(), usable_cores(), len(pages))),
        report=report is not None)
    show_progress = not quiet and sys.stderr.isatty()

    def progress(label: str, total: int):
        if not show_progress:
            return ProgressBar()
        return click.progressbar(length=total, label=label, file=sys.stderr)

    if report == "-" and 1 in ctx.obj["closed"]:
        raise click.ClickException("stdout is closed; give the report a file with --report")
    report_out = Output(report, stdout=_stdout()) if report else None
    lines = _ReportBuffer(report_out)
    try:
        if report_out:
            report_out.open()  # before any page is written: a bad report path stops the run
        with _engine(batch["engine"], batch["scheduler"], settings.jobs) as engine:
            summary = run_batch(
                pages, output, settings, warn=lambda line: click.echo(line, err=True),
                report=lines.add, progress=progress, engine=engine)
        lines.flush()
        if report_out:
            report_out.commit()
    except OSError as error:
        raise click.ClickException(f"cannot write: {error.strerror}: "
                                   f"{printable(str(error.filename))}") from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    finally:
        if report_out:
            report_out.discard()
    if not quiet:
        click.echo(summary.line(time.perf_counter() - started, settings.jsonl), err=True)
    if summary.failed:
        ctx.exit(1)


class _ReportBuffer:
    """The batch report's lines, written in blocks of about 64 K characters (one system call per
    block, not per page)."""

    LIMIT = 1 << 16

    def __init__(self, output: Output | None) -> None:
        self.output = output
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        if self.output is None or not text:
            return
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.output is not None and self.parts:
            self.output.write(encode_report("".join(self.parts)))
        self.parts, self.size = [], 0


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


def _named(path: str | None) -> str | None:
    """An output path as given; an empty one (``--report ''``, a variable left unset) is a
    usage error, not a report silently not written."""
    if path == "":
        raise click.BadParameter("is empty; give a path")
    return path


def _codec(name: str | None) -> str | None:
    """The --encoding, checked before any input is read: a codec that decodes bytes to text
    (not a bytes-to-bytes one such as hex, nor one that refuses every use, 'undefined')."""
    if name is None:
        return None
    hint = "give a Python codec name such as gb18030 or utf-16"
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {name!r}; {hint}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise click.BadParameter(f"{name!r} is not a text encoding; {hint}")
    try:
        info.incrementaldecoder().decode(b"a")  # (an incomplete sequence waits: no error)
    except UnicodeDecodeError:
        pass  # (the bytes of a page may still be right for it)
    except UnicodeError:
        raise click.BadParameter(f"{name!r} decodes nothing; {hint}") from None
    return name


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


def _load(source: str, name: str, encoding: str | None, limit: int, closed: bool,
          html: bool | None, notes: list[dict]) -> str:
    """The text of one input (``-``: stdin), read once and at most ``limit`` bytes (an HTML
    page's main text); in ``notes`` what decoding repaired, if anything."""
    if source == "-" and closed:
        raise click.ClickException("stdin is closed; give the input as a file, or pipe it in")
    try:
        data = storage.read_stream(sys.stdin.buffer if source == "-" else source, limit)
        decoded = decode_bytes(data, name, encoding)
    except OSError as error:
        raise click.ClickException(f"cannot read {name}: {error.strerror}") from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    notes.extend(filter(None, [decoded.note]))
    if not (is_html(decoded.text, None if source == "-" else source) if html is None else html):
        return decoded.text
    try:
        return html_to_text(decoded.text)
    except DedupError as error:
        raise click.ClickException(f"{name}: {error}") from None


def _write_text(result: Result, output: Output) -> None:
    """The cleaned text, encoded a chunk at a time (never the whole output twice in memory)."""
    for chunk in result.chunks():
        output.write(chunk.encode("utf-8"))


def _stdout():
    """sys.stdout's bytes (None when Python started with stdout closed)."""
    return getattr(sys.stdout, "buffer", None)
