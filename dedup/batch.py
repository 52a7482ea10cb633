"""Batch mode: clean a folder of pages, across the pages as well as within each.

    pages ─ pass 1 (map): read, decode, extract, fingerprint ─▶ document frequencies + sketches
          ─ decide (pure): duplicate pages, then boilerplate ─▶ Plan
          ─ pass 2 (map): read, decode, extract, dedup_text(boilerplate=...) ─▶ files, report

Within a page, everything is pipe mode (:func:`dedup.pipeline.dedup_text`). Across pages, two
decisions are made from counts alone, so memory grows with the number of distinct paragraph
fingerprints, not with the text:

- *boilerplate*: a paragraph on at least ``max(3, min(N, ceil(P × documents)))`` documents of
  one site is removed from all of them (N = ``boilerplate_pages``, P = ``boilerplate_share``,
  documents: the site's; sites: :mod:`dedup.sites`). Never fewer than three: a paragraph quoted
  by two articles stays in both. Numbers, single characters and table rules never count.
- *duplicate pages*: a document whose long, non-boilerplate paragraphs are mostly contained in
  an earlier document of similar size is not written; the report names the earlier one.

Both passes run the same functions whether on one process or many, and the parent consumes the
results in input order, so output and report are the same bytes for any ``jobs``.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import NamedTuple, Protocol

from . import storage
from .keys import fingerprint, make_key, weight
from .model import (
    BOILERPLATE,
    DUPLICATE_PAGE,
    BatchOptions,
    DedupError,
    InputError,
    Options,
    Result,
)
from .outputs import OutputError, printable, sweep, temporary_name, work_folder
from .pipeline import dedup_text, paragraph_keys
from .segment import is_table
from .sites import (
    SiteBoilerplate,
    Thresholds,
    can_be_boilerplate,
    common_keys,
    folder_site,
    is_table_row,
    page_url,
    site_hash,
    site_key,
    site_thresholds,
    url_host,
)
from .sources import SNIFF_BYTES as SNIFF
from .sources import decode_bytes
from .write import json_line, json_value, report_records

HTML_SUFFIXES = (".html", ".htm")
DEFAULT_INCLUDE = ("*.txt", "*.html", "*.htm")
JSONL_INCLUDE = ("*.jsonl",)
# A document's duplicate signature: the smallest fingerprints of its long paragraphs. Up to this
# many it is the whole set, and containment is exact; beyond it, a bottom-k sketch.
SKETCH_SIZE = 64


class UsageProblem(DedupError):
    """The sources or the output folder cannot be used as given (the CLI exits 2)."""


class Page(NamedTuple):
    """One input file and where its cleaned copy goes."""

    path: Path | str  # the file to read: a local path, or an fsspec URL (dedup.storage)
    name: str      # its path relative to its source folder (POSIX): the report's "page"
    output: str    # relative path of the cleaned copy (HTML pages become .txt)
    display: str   # how to name it on stderr: the path as the user gave it
    # Why it cannot be read, found while listing (an unreadable folder, a FIFO): a failure
    # reported in its place in the input order, without opening anything.
    problem: str = ""
    # Given on the command line and not a regular file (a pipe, `<(...)`): read once, into
    # the run's work folder, since both passes read it.
    stream: bool = False
    # Its input folder (dedup.sites.folder_site): its site unless it names its URL.
    site: str = ""


class DocId(NamedTuple):
    """A document: a page, and for JSON Lines the record (1-based line number)."""

    page: int
    record: int | None


class Sketch(NamedTuple):
    """What the parent keeps of one document for duplicate detection."""

    doc: DocId
    values: tuple[int, ...]  # sorted; the SKETCH_SIZE smallest long-paragraph fingerprints
    long: int                # number of distinct long-paragraph fingerprints
    site: int = 0            # its site's hash (dedup.sites.site_hash)

    @property
    def complete(self) -> bool:
        return self.long <= len(self.values)


class Duplicate(NamedTuple):
    """A document not written: the earlier document it repeats, and how much of it."""

    of: DocId
    score: float  # containment of its long paragraphs in the other, 0-100


class Failure(NamedTuple):
    record: int | None
    reason: str


class Fingerprints(NamedTuple):
    """Pass 1's answer for one document."""

    record: int | None
    distinct: tuple[int, ...]   # the site key of every paragraph that can be boilerplate, sorted
    sketch: tuple[int, ...]
    long: int
    site: int = 0               # its site's hash (dedup.sites.site_hash)


@dataclass(frozen=True, slots=True)
class Plan:
    """The cross-page decisions."""

    boilerplate: dict[int, int]  # site key -> documents of its site that hold it
    duplicates: dict[DocId, Duplicate]
    thresholds: Thresholds  # documents of its site a paragraph must be on to be boilerplate


# ---------------------------------------------------------------------------------------------
# Finding the pages

def discover(sources: Sequence[str], output: str, *, include: Sequence[str] = (),
             exclude: Sequence[str] = (), jsonl: bool = False) -> list[Page]:
    """Every page to clean, sorted by relative path; raise UsageProblem for an output folder
    inside an input folder, a cleaned copy that would overwrite an input file, or two pages
    that would be written to the same file.

    Globs are matched against the path relative to its source folder; a file named on the
    command line is always taken. What cannot be listed or is not a regular file (an
    unreadable folder, a FIFO, a device) becomes a page with its ``problem``: a failure.
    """
    include = tuple(include) or (JSONL_INCLUDE if jsonl else DEFAULT_INCLUDE)
    if storage.is_url(output) or any(storage.is_url(source) for source in sources):
        return _discover_urls(sources, output, include, exclude, jsonl)
    try:
        out = Path(output).resolve()
        is_file = out.exists() and not out.is_dir()
    except (OSError, RuntimeError) as error:  # (RuntimeError: a loop of symbolic links)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else \
            "a loop of symbolic links"
        raise OutputError(f"cannot use {printable(output)} as the output folder: "
                          f"{reason}") from None
    if is_file:
        raise UsageProblem(f"{printable(output)} is a file; give a folder for the cleaned pages "
                           "with -o DIR")
    pages: dict[str, Page] = {}
    for source in sources:
        root = Path(source)
        if storage.is_dir(root):
            resolved = root.resolve()
            if out == resolved or resolved in out.parents:
                raise UsageProblem(
                    f"the output folder {printable(output)} is inside the input folder "
                    f"{printable(source)}; give an output folder outside it, for example -o "
                    f"{printable(str(resolved.parent / (resolved.name + '-clean')))}")
            found = ((path, name, problem) for path, name, problem in _files(root)
                     if problem.startswith(FOLDER_PROBLEM)
                     or (_matches(name, include) and not _matches(name, exclude)))
            _add_pages(pages, found, jsonl, site=lambda name, source=source:
                       folder_site(str(source), name))
        else:
            path, name, problem, stream = _named_file(root)
            _add_pages(pages, [(path, name, problem)], jsonl, stream=stream,
                       site=lambda name, source=source: folder_site(str(source)))
    if out.exists():  # (an output folder yet to be made holds no input file)
        inputs = _input_paths(pages.values())
        folders: dict[str, str] = {}
        for page in pages.values():
            if not page.problem and _resolve(os.path.join(out, page.output), folders) in inputs:
                raise UsageProblem(f"{printable(page.display)} would be overwritten by a cleaned "
                                   "copy; give an output folder that holds none of the input "
                                   "files")
    return sorted(pages.values(), key=lambda page: page.name)


def _named_file(path: Path) -> tuple[Path, str, str, bool]:
    """A file given on the command line: ``(path, name, problem, stream)``: a regular file,
    or a stream to read once (a pipe, `<(...)`); anything else (a device, a socket) is a
    failure, not read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return path, path.name, f"cannot read: {error.strerror}", False
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return path, path.name, "", stat.S_ISFIFO(mode)
    return path, path.name, f"not a regular file ({storage.kind(mode)}); skipped", False


def _input_paths(pages: Iterable[Page]) -> set[str]:
    """The real path of every input file."""
    folders: dict[str, str] = {}
    return {_resolve(str(page.path), folders) for page in pages if not page.problem}


def check_report(pages: Sequence[Page], output: str, report: str) -> None:
    """Raise UsageProblem when the report file is an input page or one of the cleaned copies
    (the same path once links are resolved, or the same file through a hard link). A
    ``file://`` URL is the local path it names; a remote report clashes by its name."""
    if report == "-":
        return
    local = storage.local_path(report)
    if local is None:
        name = storage.canonical(report)
        clash = next((page for page in pages if not page.problem and storage.is_url(page.path)
                      and storage.canonical(page.path) == name), None)
        if clash is not None:
            _report_is_input(report, clash)
        if storage.is_url(output) and any(
                storage.canonical(storage.join(output, page.output)) == name for page in pages):
            raise UsageProblem(f"--report {printable(report)} is where a cleaned copy goes; "
                               "give the report another file")
        return
    real = os.path.realpath(local)
    try:
        info = os.stat(local)
    except OSError:
        info = None
    folders: dict[str, str] = {}
    inputs = {}
    for page in pages:
        path = None if page.problem else storage.local_path(page.path)
        if path is not None:
            inputs[_resolve(str(path), folders)] = (page, path)
    clash = inputs.get(real, (None,))[0]
    if clash is None and info is not None and info.st_nlink > 1:
        # Another name for the same file: only then is every input's inode worth a look.
        clash = next((page for page, path in inputs.values() if _same_inode(path, info)), None)
    if clash is not None:
        _report_is_input(report, clash)
    output_path = storage.local_path(output)
    if output_path is None:
        return
    out = os.path.realpath(output_path)
    if os.path.dirname(real) == out or real.startswith(out + os.sep):
        relative = os.path.relpath(real, out).replace(os.sep, "/")
        if any(page.output == relative for page in pages):
            raise UsageProblem(f"--report {printable(report)} is where the cleaned copy of "
                               f"{relative} goes; give the report another file")


def _report_is_input(report: str, page: Page) -> None:
    raise UsageProblem(f"--report {printable(report)} is the input {printable(page.display)}"
                       ": it would be overwritten; give the report another file")


def _same_inode(path: Path | str, info: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which containers and `taskset` set),
    or all of them."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _resolve(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)`` (what ``Path.resolve`` does), with each folder resolved once
    (``folders`` keeps them): resolving walks every component of the path, a system call each,
    and pages share their folders. (The folder's real path joined with a name that is not a
    symbolic link is that name's real path.)"""
    parent, name = os.path.split(path)
    folder = folders.get(parent)
    if folder is None:
        folder = folders[parent] = os.path.realpath(parent)
    real = os.path.join(folder, name)
    return os.path.realpath(real) if os.path.islink(real) else real


def _add_pages(pages: dict[str, Page], found: Iterable[tuple], jsonl: bool,
               stream: bool = False, site: Callable[[str], str] = lambda name: "") -> None:
    """Register the files found under one source, refusing two that would be written to the
    same output file. Names are compared as case-insensitive filesystems do, letter by letter
    (``lower``; not ``casefold``, which makes straße and strasse one name)."""
    for path, name, problem in found:
        if problem:
            # Never written, so it clashes with nothing; kept under its own key.
            pages["\0" + name] = Page(path, name, name, str(path), problem=problem)
            continue
        page = Page(path, name, output_name(name, jsonl), str(path), stream=stream,
                    site=site(name))
        key = page.output.lower()
        clash = pages.get(key)
        if clash:
            raise UsageProblem(f"{printable(clash.display)} and {printable(page.display)} would "
                               f"both be written to {printable(page.output)}; leave one out "
                               "with --exclude")
        pages[key] = page


def _discover_urls(sources: Sequence[str], output: str, include: Sequence[str],
                   exclude: Sequence[str], jsonl: bool) -> list[Page]:
    """:func:`discover` where a source or the output is an fsspec URL (the same checks, made on
    the URLs' canonical names)."""
    if storage.is_url(output) and storage.exists(output) and not storage.is_dir(output):
        raise UsageProblem(f"{output} is a file; give a folder for the cleaned pages with -o DIR")
    out = storage.canonical(output)
    pages: dict[str, Page] = {}
    for source in sources:
        folder = storage.is_dir(source)
        if folder:
            root = storage.canonical(source)
            if out == root or out.startswith(root.rstrip("/") + "/"):
                raise UsageProblem(f"the output folder {output} is inside the input folder "
                                   f"{source}; give an output folder outside it")
            if storage.is_url(source):
                listed = [(path, name, "") for path, name in storage.list_files(source)]
            else:
                listed = list(_files(Path(source)))
            found = [(path, name, problem) for path, name, problem in listed
                     if problem.startswith(FOLDER_PROBLEM)
                     or (_matches(name, include) and not _matches(name, exclude))]
        else:
            path = source if storage.is_url(source) else Path(source)
            found = [(path, str(source).rstrip("/").rsplit("/", 1)[-1], "")]
        _add_pages(pages, found, jsonl, site=lambda name, source=source, folder=folder:
                   folder_site(str(source), name if folder else None))
    inputs = {storage.canonical(page.path) for page in pages.values() if not page.problem}
    for page in pages.values():
        if page.problem:
            continue
        if storage.canonical(storage.join(output, page.output)) in inputs:
            raise UsageProblem(f"{page.display} would be overwritten by a cleaned copy; give an "
                               "output folder that holds none of the input files")
    return sorted(pages.values(), key=lambda page: page.name)


def output_name(name: str, jsonl: bool = False) -> str:
    """The relative path of a page's cleaned copy: HTML pages become .txt.

    >>> output_name("news/a.html"), output_name("b.txt"), output_name("c.jsonl", True)
    ('news/a.txt', 'b.txt', 'c.jsonl')
    """
    if not jsonl and name.lower().endswith(HTML_SUFFIXES):
        return name.rsplit(".", 1)[0] + ".txt"
    return name


FOLDER_PROBLEM = "cannot read folder"


def _files(root: Path) -> Iterator[tuple[Path, str, str]]:
    """Every file under ``root``, in sorted order: (its path, its POSIX path relative to
    ``root``, "" or why it cannot be read). A folder that cannot be listed (no permission, a
    path longer than the system allows) is one entry with its problem, as is anything that is
    not a regular file (a FIFO would block the reader, /dev/zero never ends): told apart by
    the folder listing's file types, without a system call per file. Links to folders are
    not followed (no loops), as before."""
    top = os.fspath(root)
    pending = [(top, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield (Path(folder), prefix.rstrip("/") or ".",
                   f"{FOLDER_PROBLEM}: {error.strerror}")
            continue
        folders = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry)
                    continue
                if entry.is_file():
                    yield Path(entry.path), prefix + entry.name, ""
                    continue
                if entry.is_symlink() and entry.is_dir():
                    continue  # a link to a folder: not followed
                mode = entry.stat().st_mode
                problem = f"not a regular file ({storage.kind(mode)}); skipped"
            except OSError as error:  # a link to nothing
                problem = f"cannot read: {error.strerror}"
            yield Path(entry.path), prefix + entry.name, problem
        # Depth first, in sorted order (the stack takes the last first).
        pending.extend((entry.path, prefix + entry.name + "/") for entry in reversed(folders))


def _matches(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatchcase(name, glob) or fnmatchcase(name.rsplit("/", 1)[-1], glob)
               for glob in globs)


# ---------------------------------------------------------------------------------------------
# Reading documents (the same code in both passes)

def read_documents(page: Page, settings: BatchOptions, cache: str | None = None
                   ) -> Iterator[tuple[int | None, str | Failure, JsonRecord | None, str]]:
    """Each document of a page: ``(record, text or Failure, JSON record or None, site)``. A
    page that cannot be read at all gives one Failure with record None; a page whose bytes
    decoding had to repair gives first its report record (a dict, reason ``decoded``). The site
    (:mod:`dedup.sites`) is the host of the URL the document gives (an HTML page's canonical
    link or og:url, a record's ``url`` field), else the page's input folder.

    ``cache``: a folder where the text extracted from an HTML page is kept between the passes,
    after a first line that names its site (extraction is by far the slowest step; keeping the
    text on disk, not in memory, keeps memory flat)."""
    if page.problem:
        yield None, Failure(None, page.problem), None, page.site
        return
    cached = _cache_path(cache, page, settings)
    if cached and cached.exists():
        header, _, text = cached.read_text(encoding="utf-8").partition("\n")
        host, _, note = header.partition("\t")
        if note:
            yield None, json.loads(note), None, host or page.site
        yield None, text, None, host or page.site
        return
    for record, text, original, host in _read_page(page, settings, cached):
        if original is not None:
            host = url_host(original.fields.get("url"))
        yield record, text, original, host or page.site


def _read_page(page: Page, settings: BatchOptions, cached: Path | None
               ) -> Iterator[tuple[int | None, str | Failure, JsonRecord | None, str | None]]:
    """:func:`read_documents` once the cache is missed, with an HTML page's host for site."""
    try:
        data = storage.read_bytes(page.path, settings.max_size)
        if settings.jsonl and not settings.encoding and not data.startswith(WIDE_BOMS):
            yield from _unsited(_records(data, settings.text_field))
            return
        decoded = decode_bytes(data, page.name, settings.encoding)
        text = decoded.text
    except OSError as error:
        yield None, Failure(None, f"cannot read: {error.strerror}"), None, None
        return
    except InputError as error:
        yield None, Failure(None, _without_name(str(error), page.name)), None, None
        return
    if not settings.jsonl:
        host = ""
        if page.name.lower().endswith(HTML_SUFFIXES):
            host = url_host(page_url(text)) or ""
        text = _page_text(text, page)
        note = decoded.note
        if cached and isinstance(text, str):
            # atomic: under Dask a retried task may race. The first line: the site, and what
            # decoding repaired (pass 2 reports it).
            header = f"{host}\t{json.dumps(note, ensure_ascii=False)}" if note else host
            write_atomically(cached, f"{header}\n{text}")
        if note:
            yield None, note, None, host
        yield None, text, None, host
        return
    yield from _unsited(_parsed(enumerate(text.lstrip("\ufeff").split("\n"), 1),
                                settings.text_field))


def _unsited(documents: Iterable[tuple]) -> Iterator[tuple]:
    for document in documents:
        yield *document, None


# JSON Lines in UTF-16 or UTF-32 (a BOM says so) is decoded whole; anything else is UTF-8.
WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _records(data: bytes, field: str) -> Iterator[tuple[int, str | Failure, JsonRecord | None]]:
    """The records of a JSON Lines file, which is UTF-8 (RFC 8259): each line decoded on its
    own, so that one bad byte is one failed record and every other record is kept."""
    if b"\x00" in data[:SNIFF]:
        yield None, Failure(None, "looks like binary data (compressed?), not JSON Lines"), None
        return
    lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")

    def decoded() -> Iterator[tuple[int, str | Failure]]:
        for number, line in enumerate(lines, 1):
            try:
                yield number, line.decode("utf-8")
            except UnicodeDecodeError as error:
                yield number, Failure(number, f"not valid UTF-8 at byte {error.start} of the "
                                              "line (JSON Lines is UTF-8)")

    yield from _parsed(decoded(), field)


def _parsed(lines: Iterable[tuple[int, str | Failure]], field: str
            ) -> Iterator[tuple[int, str | Failure, JsonRecord | None]]:
    for number, line in lines:
        if isinstance(line, Failure):
            yield number, line, None
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, Failure(number, f"not a JSON record: {error.msg}"), None
            continue
        except RecursionError:
            yield number, Failure(number, "not a JSON record: nested too deeply"), None
            continue
        except ValueError as error:  # an integer of more than 4300 digits (Python's limit)
            yield number, Failure(number, "not a JSON record we can read: "
                                          f"{str(error).split(':')[0]}"), None
            continue
        if _SURROGATE_ESCAPE.search(line) and _has_surrogate(record):
            # Legal JSON ("\ud83d" alone), but not text: UTF-8 cannot hold it.
            yield number, Failure(number, "holds a lone surrogate escape (half of a \\uXXXX "
                                          "pair), which is not text; fix the record"), None
            continue
        value = record.get(field) if isinstance(record, dict) else None
        if not isinstance(value, str):
            yield number, Failure(number, f"no text field {field!r}; name it "
                                          "with --text-field"), None
        elif not value.strip():
            yield number, Failure(number, "empty text"), None
        else:
            yield number, value, JsonRecord(record, line, _value_span(line, field))


class JsonRecord(NamedTuple):
    """A JSON Lines record: its fields, and its line as read, with where the value of its text
    field stands in it. The cleaned record is that line with only the value replaced: numbers,
    key order, spacing and every other field stay byte for byte (a parse and a dump would turn
    ``1e999`` into ``Infinity``, which is no JSON, round long decimals, and drop repeated
    keys)."""

    fields: dict
    line: str
    span: tuple[int, int]

    def with_text(self, text: str) -> str:
        start, end = self.span
        return self.line[:start] + json_value(text) + self.line[end:] + "\n"


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_DECODER = json.JSONDecoder()


def _value_span(line: str, field: str) -> tuple[int, int]:
    """Where the value of the top-level key ``field`` stands in ``line``, a JSON object that
    parsed (its last one, as json.loads keeps the last of repeated keys)."""
    space, span = _JSON_SPACE.match, (0, 0)
    at = space(line, space(line).end() + 1).end()  # past the "{"
    while line[at] == '"':
        key, at = json.decoder.scanstring(line, at + 1)
        at = space(line, space(line, at).end() + 1).end()  # past the ":"
        end = _JSON_DECODER.raw_decode(line, at)[1]
        if key == field:
            span = (at, end)
        at = space(line, end).end()
        if line[at] == ",":
            at = space(line, at + 1).end()
    return span


def _has_surrogate(value: object) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(map(_has_surrogate, value))
    return False


def _page_text(text: str, page: Page) -> str | Failure:
    if page.name.lower().endswith(HTML_SUFFIXES):
        from .extract import html_to_text
        try:
            text = html_to_text(text)
        except InputError as error:
            return Failure(None, str(error))
    if not text.strip():
        return Failure(None, "empty page")
    return text


def _cache_path(cache: str | None, page: Page, settings: BatchOptions) -> Path | None:
    if cache is None or settings.jsonl or not page.name.lower().endswith(HTML_SUFFIXES):
        return None
    return Path(cache) / (hashlib.blake2b(page.name.encode(), digest_size=16).hexdigest() + ".txt")


def _without_name(message: str, name: str) -> str:
    return message[len(name) + 2:] if message.startswith(f"{name}: ") else message


# ---------------------------------------------------------------------------------------------
# Pass 1: fingerprints

def page_fingerprints(page: Page, settings: BatchOptions, cache: str | None = None
                      ) -> list[Fingerprints | Failure]:
    """Pass 1 for one page: the fingerprints of each of its documents."""
    return [text if isinstance(text, Failure) else
            document_sketch(text, settings.options, record, site_hash(site))
            for record, text, _, site in read_documents(page, settings, cache)
            if not isinstance(text, dict)]  # (a decoding note: pass 2 reports it)


def document_sketch(text: str, options: Options, record: int | None = None,
                    site: int = 0) -> Fingerprints:
    """The distinct site keys (:func:`dedup.sites.site_key`) of the paragraphs the matcher
    would see in a document (:func:`dedup.pipeline.document_keys`) that can be boilerplate
    (:func:`dedup.sites.can_be_boilerplate`), and the duplicate signature: the smallest
    fingerprints of its paragraphs of weight ≥ ``options.min_length``."""
    every, long = set(), set()
    for paragraph, key in paragraph_keys(text, options):
        value = fingerprint(key)
        if can_be_boilerplate(key) and not (is_table_row(paragraph) or is_table(paragraph)):
            every.add(site_key(value, site))
        if weight(key) >= options.min_length:
            long.add(value)
    return Fingerprints(record, tuple(sorted(every)), tuple(sorted(long)[:SKETCH_SIZE]), len(long),
                        site)


# ---------------------------------------------------------------------------------------------
# Deciding: pure functions over counts and sketches

# Documents remembered per paragraph for the duplicate search: a paragraph that many sites
# share (not boilerplate of any one of them) made every later document a candidate of every
# earlier one, quadratic (20,000 records: over 300 s). A copy still finds its earliest sources.
POSTINGS_PER_VALUE = 64


def find_duplicates(sketches: Sequence[Sketch], boilerplate: Container[int], *,
                    containment: float = 0.8, size: float = 0.3) -> dict[DocId, Duplicate]:
    """Documents whose long paragraphs are at least ``containment`` contained in an earlier,
    kept document at most 1/``size`` times larger. Boilerplate (site keys: each document's
    own site's) is left out of the comparison; a document that has nothing else (all of it
    recurs, as a page scraped three times does) is compared on all its long paragraphs with
    earlier documents of the same kind.

    Candidates come from an inverted index over the signature values; each is verified on the
    two signatures (exact when both are complete). The earlier document's boilerplate counts
    as part of it: a page copied to another site, where that boilerplate is not boilerplate,
    is still contained in it."""
    duplicates: dict[DocId, Duplicate] = {}
    index: dict[int, list[int]] = {}            # non-boilerplate value -> kept sketches
    all_boilerplate: dict[int, list[int]] = {}  # value -> kept sketches with nothing else
    for position, sketch in enumerate(sketches):
        values = [v for v in sketch.values if site_key(v, sketch.site) not in boilerplate]
        postings = index
        if not values:
            values, postings = list(sketch.values), all_boilerplate
        if not values:
            continue  # nothing long to compare: never a duplicate
        best: Duplicate | None = None
        for other in _candidates(values, postings):
            earlier = sketches[other]
            other_values = earlier.values if postings is all_boilerplate else [
                v for v in earlier.values if site_key(v, earlier.site) not in boilerplate]
            score = _containment(values, sketch, earlier.values, earlier)
            similar = _size(values, sketch) >= size * _size(other_values, earlier)
            if score >= containment and similar and (best is None or score > best.score):
                best = Duplicate(earlier.doc, round(100 * score, 1))
        if best:
            duplicates[sketch.doc] = best
            continue
        for value in values:
            kept = postings.setdefault(value, [])
            if len(kept) < POSTINGS_PER_VALUE:
                kept.append(position)
    return duplicates


def _candidates(values: Iterable[int], postings: dict[int, list[int]]) -> list[int]:
    found: set[int] = set()
    for value in values:
        found.update(postings.get(value, ()))
    return sorted(found)


def _containment(values: Sequence[int], sketch: Sketch, other: Sequence[int],
                 other_sketch: Sketch) -> float:
    """Share of ``values`` in ``other``. Where a signature is a bottom-k sketch, both are cut at
    the smaller of the largest values either holds, below which both are complete samples."""
    limits = [s.values[-1] for s in (sketch, other_sketch) if not s.complete and s.values]
    mine = [v for v in values if v <= min(limits)] if limits else values
    theirs = set(v for v in other if v <= min(limits)) if limits else set(other)
    return sum(v in theirs for v in mine) / len(mine) if mine else 0.0


def _size(values: Sequence[int], sketch: Sketch) -> float:
    """Estimated number of long paragraphs left once the boilerplate is out."""
    return len(values) * sketch.long / len(sketch.values) if sketch.values else 0.0


# ---------------------------------------------------------------------------------------------
# Pass 2: cleaning and writing

class PageOutcome(NamedTuple):
    """Pass 2's answer for one page: its report (JSON Lines, made in the worker so that the
    parent only writes it) and counts for the summary."""

    report: str
    counts: Counter[str]
    failures: list[Failure]


class Destination(NamedTuple):
    """Where pass 2 writes: the output folder (a local path or an fsspec URL), and for a local
    one the run's staging folder inside it, where each page is written before it is renamed
    into place (so that the parent can remove what a killed worker left half written)."""

    root: str
    staging: str | None = None


def clean_page(page: Page, settings: BatchOptions, destination: Destination | str,
               boilerplate: Mapping[int, int], cache: str | None,
               dropped: dict[int | None, dict]) -> PageOutcome:
    """Pass 2 for one page: clean every kept document, write the cleaned copy atomically, and
    return its report records (``dropped``: the duplicate records of a JSON Lines page, each
    with its report record). A page that cannot be written (a name too long, a full disk) is
    one failure: its report is that failure, and the other pages go on.

    ``boilerplate``: the plan's site keys; a document loses those of its own site, and the
    report says which site and on how many of its documents."""
    records: list[dict] = []
    counts: Counter[str] = Counter()
    failures: list[Failure] = []
    chunks: list[str] = []
    for record, text, original, site in read_documents(page, settings, cache):
        base = {"page": page.name} if record is None else {"page": page.name, "record": record}
        if isinstance(text, Failure):
            failures.append(text)
            records.append({**base, "action": "failed", "reason": text.reason})
            continue
        if isinstance(text, dict):  # what decoding repaired in the page's bytes
            records.append({**base, "action": "changed", **text})
            continue
        if record in dropped:
            records.append({**base, **dropped[record]})
            counts["duplicate_documents"] += 1
            continue
        sited = SiteBoilerplate(boilerplate, site_hash(site)) if boilerplate else frozenset()
        result = dedup_text(text, settings.options, boilerplate=sited)
        _count(result, counts)
        if settings.report:
            records.extend({**base, **_with_site(item, sited, site)}
                           for item in report_records(result))
        if original is None:
            chunks.append(result.text)
        else:
            chunks.append(original.with_text(result.text))
    if not any(failure.record is None for failure in failures):
        try:
            write_output(destination, page.output, "".join(chunks))
        except OSError as error:
            reason = f"cannot write {page.output}: {error.strerror or error}"
            return PageOutcome(json_line({"page": page.name, "action": "failed",
                                          "reason": reason}),
                               Counter(), [Failure(None, reason)])
    return PageOutcome("".join(map(json_line, records)), counts, failures)


def _with_site(record: dict, boilerplate: SiteBoilerplate, site: str) -> dict:
    """A boilerplate record says the site and on how many of its documents the paragraph is."""
    if record["reason"] != BOILERPLATE:
        return record
    text = record.pop("text")
    pages = boilerplate.count(fingerprint(make_key(text)))
    return {**record, "site": site, "pages": pages, "text": text}


def _count(result: Result, counts: Counter[str]) -> None:
    counts["documents"] += 1
    counts["paragraphs_in"] += result.paragraphs_in
    counts["paragraphs_out"] += len(result.kept)
    counts["boilerplate"] += sum(v.reason == "boilerplate" for v in result.removed)
    counts["removed"] += len(result.removed)


def write_output(destination: Destination | str, name: str, text: str) -> None:
    """Write a cleaned copy into the output folder (a local path or an fsspec URL), whole or
    not at all; writing it again gives the same bytes (a retried task may)."""
    if isinstance(destination, str):
        destination = Destination(destination)
    root = destination.root
    if not storage.is_url(root):
        write_atomically(os.path.join(root, name), text, destination.staging)
        return
    target = storage.join(root, name)
    local = storage.local_path(target)
    if local is None:
        storage.put(target, text)
    else:
        write_atomically(local, text, destination.staging)


def write_atomically(path: str | os.PathLike, text: str, staging: str | None = None) -> None:
    """Write UTF-8 text to a temporary file and rename it into place: the file is either the
    old one or the new one, never half written. The temporary file is made in ``staging`` (a
    folder on the same filesystem) or beside ``path``, under a short name
    (:func:`dedup.outputs.temporary_name`), so that any valid file name can be written. It
    gets the permissions of any new file (0666 less the umask), as the pipe mode's ``-o``
    file does.

    Not synced, as no output is (:class:`dedup.outputs.Output`): a page is whole after any
    crash of the process; syncing each page would cost more than cleaning it."""
    path = os.fspath(path)
    folder = os.path.dirname(path)
    try:
        handle, temporary = _temporary_file(staging or folder)
    except FileNotFoundError:
        # The folder is made only when missing: pages share folders. (A staging folder is
        # missing only on a cluster's machine that does not share the output's disk.)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = _temporary_file(folder)
    try:
        try:
            data = memoryview(text.encode("utf-8"))
            while data:  # os.write, not a file object: no terminal or position checks
                data = data[os.write(handle, data):]
        finally:
            os.close(handle)
        try:
            os.replace(temporary, path)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            os.replace(temporary, path)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            # The page's folder is another filesystem than the staging folder: write beside.
            os.unlink(temporary)
            write_atomically(path, text)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | \
    getattr(os, "O_CLOEXEC", 0)


def _temporary_file(folder: str) -> tuple[int, str]:
    """A new file ``.dedup-PID-RANDOM.tmp`` in ``folder``, opened for writing. Made with
    O_EXCL under a random name: two writers of the same page (a retried task) never share
    one."""
    while True:
        temporary = os.path.join(folder, temporary_name())
        try:
            return os.open(temporary, _NEW_FILE, 0o666), temporary
        except FileExistsError:
            continue


# ---------------------------------------------------------------------------------------------
# Running both passes

@dataclass
class Summary:
    """The figures of a batch run, for the line on stderr."""

    pages: int = 0
    documents: int = 0
    paragraphs_in: int = 0
    paragraphs_out: int = 0
    boilerplate: int = 0          # paragraphs removed as boilerplate
    boilerplate_kinds: int = 0    # distinct boilerplate fingerprints
    duplicates: int = 0           # documents not written: they repeat an earlier one
    failed: int = 0

    def line(self, seconds: float, jsonl: bool = False) -> str:
        unit = (f"{_plural(self.pages, 'file')}, {_plural(self.documents, 'record')}" if jsonl
                else _plural(self.pages, "page"))
        kind = "record" if jsonl else "page"
        return (f"{unit}: {self.paragraphs_in} paragraphs in, {self.paragraphs_out} out; "
                f"{self.boilerplate} boilerplate removed ({self.boilerplate_kinds} distinct), "
                f"{_plural(self.duplicates, 'duplicate ' + kind)}, {self.failed} failed; "
                f"{seconds:.1f}s")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


Progress = Callable[[str, int], "ProgressBar"]


class ProgressBar:
    """What run_batch needs of a progress bar (click's fits); the default shows nothing."""

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def run_batch(pages: Sequence[Page], destination: str, settings: BatchOptions, *,
              report: Callable[[str], None] = lambda lines: None,
              warn: Callable[[str], None] = lambda line: None,
              progress: Progress = lambda label, total: ProgressBar(),
              engine: Engine | None = None) -> Summary:
    """Clean every page into ``destination``; call ``report`` with the report lines of each
    page (JSON Lines) and ``warn`` with each failure line (``path: reason``), in input order.

    ``engine`` runs the map steps and the frequency count: by default :class:`LocalEngine`
    (this machine's cores); :class:`dedup.dask_engine.DaskEngine` runs them on a Dask cluster.
    Output and report are the same bytes whichever runs them.

    Pages are written through a staging folder in ``destination`` (``.dedup-PID-RANDOM.tmp``),
    removed at the end whatever happens, once the workers have stopped; the ones left by runs
    that were killed are removed first. Pages given as pipes are read once, into a work
    folder, since both passes read them."""
    staging = _staging(destination)
    spool = None
    try:
        if any(page.stream for page in pages):
            spool = work_folder()
            pages = _spooled(pages, spool, settings.max_size)
        with engine or LocalEngine() as running:
            return _run(pages, Destination(destination, staging), settings, running, report,
                        warn, progress)
    finally:
        for folder in (staging, spool):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


def _staging(destination: str) -> str | None:
    """Make the output folder and the run's staging folder in it (None for a remote URL)."""
    local = storage.local_path(destination) if storage.is_url(destination) else destination
    if local is None:
        return None
    local = os.fspath(local)
    try:
        os.makedirs(local, exist_ok=True)
        sweep(local)
        staging = os.path.join(local, temporary_name())
        os.mkdir(staging, 0o700)
    except OSError as error:
        raise DedupError(f"cannot write to {printable(str(destination))}: "
                         f"{error.strerror}") from None
    return staging


def _spooled(pages: Sequence[Page], folder: str, limit: int) -> list[Page]:
    """The pages with each stream (a pipe given on the command line) read once into
    ``folder``; one that cannot be read becomes a failure."""
    spooled = []
    for number, page in enumerate(pages):
        if page.stream:
            copy = os.path.join(folder, f"{number}.page")
            try:
                data = storage.read_stream(page.path, limit)
                with open(copy, "wb") as stream:
                    stream.write(data)
                page = page._replace(path=Path(copy), stream=False)
            except OSError as error:
                page = page._replace(problem=f"cannot read: {error.strerror}", stream=False)
        spooled.append(page)
    return spooled


def _run(pages: Sequence[Page], destination: Destination, settings: BatchOptions,
         engine: Engine,
         report: Callable[[str], None], warn: Callable[[str], None], progress: Progress
         ) -> Summary:
    summary = Summary(pages=len(pages))
    sketches: list[Sketch] = []
    failed_pages: dict[int, str] = {}
    with progress("fingerprints", len(pages)) as bar:
        for number, answers in enumerate(engine.fingerprints(pages, settings)):
            bar.update(1)
            for answer in answers:
                if isinstance(answer, Failure):
                    if answer.record is None:
                        failed_pages[number] = answer.reason
                    continue
                sketches.append(Sketch(DocId(number, answer.record), answer.sketch, answer.long,
                                       answer.site))
        plan = engine.decide(sketches, settings)
    summary.documents = len(sketches)
    summary.duplicates = len(plan.duplicates)
    summary.boilerplate_kinds = len(plan.boilerplate)
    dropped: dict[int, dict[int | None, dict]] = {}
    for doc, duplicate in plan.duplicates.items():
        of = pages[duplicate.of.page].name
        entry = {"action": "removed", "reason": DUPLICATE_PAGE, "duplicate_of": of,
                 "score": duplicate.score}
        if duplicate.of.record is not None:
            entry["duplicate_of_record"] = duplicate.of.record
        dropped.setdefault(doc.page, {})[doc.record] = entry
    todo = [n for n in range(len(pages))
            if n not in failed_pages and None not in dropped.get(n, {})]
    outcomes = engine.clean([pages[n] for n in todo], settings, destination, plan.boilerplate,
                            [dropped.get(n, {}) for n in todo])
    outcome_of = iter(zip(todo, outcomes, strict=False))
    pending = next(outcome_of, None)
    with progress("cleaning", len(todo)) as bar:
        for number, page in enumerate(pages):
            if pending and pending[0] == number:
                outcome = pending[1]
                bar.update(1)
                pending = next(outcome_of, None)
                for failure in outcome.failures:
                    where = printable(page.display) if failure.record is None else \
                        f"{printable(page.display)}:{failure.record}"
                    warn(f"{where}: {failure.reason}")
                summary.failed += len(outcome.failures)
                summary.paragraphs_in += outcome.counts["paragraphs_in"]
                summary.paragraphs_out += outcome.counts["paragraphs_out"]
                summary.boilerplate += outcome.counts["boilerplate"]
                report(outcome.report)
            elif number in failed_pages:
                reason = failed_pages[number]
                warn(f"{printable(page.display)}: {reason}")
                summary.failed += 1
                report(json_line({"page": page.name, "action": "failed", "reason": reason}))
            else:
                report(json_line({"page": page.name, **dropped[number][None]}))
    return summary


def decide(sketches: Sequence[Sketch], frequency: Counter[int], settings: BatchOptions,
           spill, offsets: dict[DocId, tuple[int, int]]) -> Plan:
    """Duplicate pages first (compared without the boilerplate), then the boilerplate counted
    again without them, so that a page scraped three times is not mistaken for boilerplate.
    Every threshold is its site's (:func:`thresholds`)."""
    limits = thresholds(sketches, settings)
    duplicates: dict[DocId, Duplicate] = {}
    if settings.duplicate_pages:
        duplicates = find_duplicates(sketches, common_keys(frequency, limits),
                                     containment=settings.duplicate_containment,
                                     size=settings.duplicate_size)
        for doc in duplicates:
            start, count = offsets[doc]
            spill.seek(start)
            values = array("Q")
            values.frombytes(spill.read(8 * count))
            frequency.subtract(values)
        limits = thresholds(sketches, settings, duplicates)
    boilerplate = common_keys(frequency, limits) if settings.boilerplate else {}
    return Plan(boilerplate, duplicates, limits)


def thresholds(sketches: Sequence[Sketch], settings: BatchOptions,
               left_out: Container[DocId] = frozenset()) -> Thresholds:
    """The boilerplate threshold of each site, from its number of documents (those not left
    out: the duplicates)."""
    return site_thresholds((s.site for s in sketches if s.doc not in left_out),
                           pages=settings.boilerplate_pages, share=settings.boilerplate_share)


# ---------------------------------------------------------------------------------------------
# Engines: what runs the map steps and counts document frequencies

class Engine(Protocol):
    """Runs the two passes' map steps and the frequency count; used as a context manager
    around one batch. Every method answers page by page, in input order."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def fingerprints(self, pages: Sequence[Page], settings: BatchOptions
                     ) -> Iterator[list[Fingerprints | Failure]]:
        """Pass 1: each page's answers (``distinct`` may be left empty: the engine counts it)."""

    def decide(self, sketches: Sequence[Sketch], settings: BatchOptions) -> Plan:
        """The plan, from the sketches and the frequencies counted in pass 1."""

    def clean(self, pages: Sequence[Page], settings: BatchOptions, destination: Destination,
              boilerplate: Mapping[int, int], dropped: Sequence[dict[int | None, dict]]
              ) -> Iterator[PageOutcome]:
        """Pass 2: :func:`clean_page` for each page."""


class LocalEngine:
    """This machine: one process pool of ``settings.jobs`` for both passes (none for one job).
    The parent counts the frequencies in a Counter and spills each document's fingerprints to a
    temporary file, read back only for the duplicate pages that :func:`decide` subtracts.

    The workers are forked once, in pass 1, and are given the page list then; after that a task
    names its pages by position, and each pass's shared arguments (the boilerplate set, which
    can run to megabytes) are pickled once to a file that each worker reads once. So the
    parent, which competes with the workers for the cores, does little besides reading the
    answers."""

    def __enter__(self) -> LocalEngine:
        self._cache = work_folder()
        self._spill = tempfile.TemporaryFile()
        self._frequency: Counter[int] = Counter()
        self._offsets: dict[DocId, tuple[int, int]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._position: dict[Page, int] = {}
        self._passes = 0
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if self._pool is not None:
                if kind is not None:
                    # Interrupted, or failed: the workers are stopped now, not after their
                    # tasks; what they were writing is in the staging folder, removed next.
                    _stop_workers(self._pool)
                self._pool.shutdown(cancel_futures=True)
                gc.unfreeze()  # the parent's own garbage is collected again
        finally:
            self._spill.close()
            shutil.rmtree(self._cache, ignore_errors=True)

    def fingerprints(self, pages: Sequence[Page], settings: BatchOptions
                     ) -> Iterator[list[Fingerprints | Failure]]:
        spill = self._spill
        for number, answers in enumerate(self._map(page_fingerprints, pages, settings,
                                                   (self._cache,))):
            for answer in answers:
                if isinstance(answer, Fingerprints):
                    self._frequency.update(answer.distinct)
                    self._offsets[DocId(number, answer.record)] = (spill.tell(),
                                                                   len(answer.distinct))
                    spill.write(array("Q", answer.distinct).tobytes())
            yield answers

    def decide(self, sketches: Sequence[Sketch], settings: BatchOptions) -> Plan:
        return decide(sketches, self._frequency, settings, self._spill, self._offsets)

    def clean(self, pages: Sequence[Page], settings: BatchOptions, destination: Destination,
              boilerplate: Mapping[int, int], dropped: Sequence[dict[int | None, dict]]
              ) -> Iterator[PageOutcome]:
        return self._map(clean_page, pages, settings,
                         (destination, boilerplate, self._cache), dropped)

    def _map(self, function: Callable, pages: Sequence[Page], settings: BatchOptions,
             shared: tuple, per_page: Sequence | None = None) -> Iterator:
        """``function(page, settings, *shared[, per_page[i]])`` for every page, results in
        input order."""
        extra = [(item,) for item in per_page] if per_page is not None else [()] * len(pages)
        jobs = min(settings.jobs, len(pages))
        if jobs <= 1:
            for page, item in zip(pages, extra, strict=False):
                yield function(page, settings, *shared, *item)
            return
        pool = self._pool or self._start(pages, settings, jobs)
        self._passes += 1
        arguments = os.path.join(self._cache, f"pass-{self._passes}.pickle")
        with open(arguments, "wb") as stream:
            pickle.dump((function, shared), stream, pickle.HIGHEST_PROTOCOL)
        numbers = [self._position[page] for page in pages]
        tasks = [(arguments, numbers[start:stop], extra[start:stop])
                 for start, stop in _chunks(len(pages), jobs)]
        try:
            for answers in pool.map(_run_task, tasks):
                yield from answers
        except BrokenProcessPool:
            raise DedupError("a worker process stopped without finishing its pages (killed, "
                             "or out of memory?); the pages written are complete; run again, "
                             "with fewer --jobs if memory is short") from None

    def _start(self, pages: Sequence[Page], settings: BatchOptions, jobs: int
               ) -> ProcessPoolExecutor:
        self._position = {page: number for number, page in enumerate(pages)}
        # Forked workers share the parent's objects until they write to them; the garbage
        # collector writes to every object it visits, copying the parent's heap into each
        # worker. Frozen objects are not visited.
        gc.freeze()
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                                         initializer=_set_worker,
                                         initargs=(pages, settings, os.getpid()))
        return self._pool


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers (Python 3.14 has ``terminate_workers``; before it, the pool's
    own table of processes is the only way to them)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


def _chunks(count: int, jobs: int, most: int = 64) -> Iterator[tuple[int, int]]:
    """The tasks of a pass, as ``(start, stop)``: big while much is left (each task costs the
    parent a few hundred microseconds), then smaller and smaller, so that the workers finish
    together. Each is a quarter of what is left per worker, 1 to ``most`` pages.

    >>> [stop - start for start, stop in _chunks(40, 2)]
    [5, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    start = 0
    while start < count:
        stop = start + max(1, min(most, (count - start) // (jobs * 4)))
        yield start, stop
        start = stop


# ---------------------------------------------------------------------------------------------
# The workers of LocalEngine's pool

_WORKER: dict[str, object] = {}


def _set_worker(pages: Sequence[Page], settings: BatchOptions, parent: int) -> None:
    # Ctrl-C reaches every process of the terminal's group; the parent alone decides (it stops
    # the pool), so the workers do not each print a KeyboardInterrupt traceback. SIGTERM (sent
    # by the parent to stop them) ends a worker at once, whatever the parent's handler is.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):  # a closed terminal reaches the whole group too
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    _WORKER.update(pages=pages, settings=settings, arguments=None)


def _die_with(parent: int) -> None:
    """End this worker when the parent dies, even by SIGKILL, which leaves it no chance to
    stop the pool: Linux's PR_SET_PDEATHSIG where there is one, else a thread that watches
    the parent's process id."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # it died before the request was made
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


PR_SET_PDEATHSIG = 1


def _run_task(task: tuple) -> list:
    """One chunk of a pass: ``(file of the pass's function and shared arguments, page
    positions, per-page arguments)``. Each worker reads the file once per pass."""
    arguments, positions, extra = task
    if _WORKER["arguments"] != arguments:
        with open(arguments, "rb") as stream:
            function, shared = pickle.load(stream)
        _WORKER.update(arguments=arguments, function=function, shared=shared)
    pages, settings = _WORKER["pages"], _WORKER["settings"]
    function, shared = _WORKER["function"], _WORKER["shared"]
    return [function(pages[position], settings, *shared, *item)
            for position, item in zip(positions, extra, strict=True)]


def _context():
    # fork is cheapest, and safe while this process runs one thread; otherwise spawn.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
