"""Where batch mode reads pages and writes cleaned copies: a local path, or an fsspec URL.

Local paths go through pathlib and need nothing else installed. A URL (``s3://bucket/crawl``,
``file:///data/crawl``, ``memory://in`` in tests) goes through fsspec, imported only then, so
that workers on other machines of a cluster can read and write the same storage.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

import regex

from .model import DedupError

URL = regex.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")


class StorageProblem(DedupError):
    """A URL was given but fsspec (or the filesystem it names) is not available."""


def is_url(location: str | Path) -> bool:
    """Whether ``location`` is an fsspec URL rather than a local path.

    >>> is_url("s3://bucket/crawl"), is_url("memory://in"), is_url("crawl/a.txt")
    (True, True, False)
    """
    return isinstance(location, str) and bool(URL.match(location))


def filesystem(url: str):
    """The fsspec filesystem of ``url`` and the path within it."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise StorageProblem(f"{url} is a URL, which needs fsspec: pip install 'dedup[dask]' "
                             "(or pip install fsspec)") from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise StorageProblem(f"cannot use {url}: {error}") from None


def join(folder: str | Path, name: str) -> str | Path:
    """``folder/name`` for a local folder or a URL."""
    if is_url(folder):
        return folder.rstrip("/") + "/" + name
    return Path(folder) / name


class TooLarge(OSError):
    """An input larger than the limit (``--max-size``)."""


class NotRegular(OSError):
    """A path inside a folder that is not a regular file (a FIFO, a device, a socket)."""


def read_bytes(location: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a page: a regular file (or an object of an fsspec URL) of at most
    ``limit`` bytes. A FIFO, a device or a socket raises NotRegular without being read: the
    file is opened without waiting for a writer, then checked."""
    if is_url(location):
        fs, path = filesystem(location)
        try:
            if limit is not None and (fs.size(path) or 0) > limit:
                raise TooLarge(errno.EFBIG, _too_large(limit), location)
            return fs.cat_file(path)
        except FileNotFoundError as error:
            raise OSError(error.errno or 2, "No such file or directory", location) from None
    # Plain descriptor calls: open, fstat, read, close (a buffered reader would also ask
    # whether the file is a terminal and where it stands in it: calls per page for nothing).
    fd = os.open(location, READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, f"not a regular file ({kind(info.st_mode)}); "
                                           "skipped", location)
        return _read_all(fd, info.st_size, limit, location)
    finally:
        os.close(fd)


def read_stream(location: str | Path | BinaryIO, limit: int | None = None) -> bytes:
    """The bytes of an input read once from its start to its end, whatever it is: a file, a
    pipe, a ``<(...)`` process substitution, or an open binary stream (stdin); at most
    ``limit`` bytes."""
    if hasattr(location, "read"):
        parts, total = [], 0
        while part := location.read(BLOCK):
            parts.append(part)
            total += len(part)
            if limit is not None and total > limit:
                raise TooLarge(errno.EFBIG, _too_large(limit), "stdin")
        return b"".join(parts)
    fd = os.open(location, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", location)
        return _read_all(fd, info.st_size if stat.S_ISREG(info.st_mode) else 0, limit, location)
    finally:
        os.close(fd)


READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
BLOCK = 1 << 20


def _read_all(fd: int, size: int, limit: int | None, location) -> bytes:
    """Read to the end (``size``: what fstat said, a hint), refusing more than ``limit``."""
    if limit is not None and size > limit:
        raise TooLarge(errno.EFBIG, _too_large(limit), location)
    first = os.read(fd, size + 1 if size else BLOCK)
    if len(first) == size or not first:  # a regular file read whole at once: the usual case
        return first
    parts, total = [first], len(first)
    while True:
        if limit is not None and total > limit:
            raise TooLarge(errno.EFBIG, _too_large(limit), location)
        part = os.read(fd, BLOCK if limit is None else min(BLOCK, limit + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)


def _too_large(limit: int) -> str:
    return f"larger than {limit:,} bytes; raise --max-size to read it"


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def is_dir(location: str | Path) -> bool:
    """Whether ``location`` is a folder; False where it cannot be looked up (a folder on the
    way that may not be searched): reading it then says why."""
    if is_url(location):
        fs, path = filesystem(location)
        return fs.isdir(path)
    try:
        return Path(location).is_dir()
    except OSError:
        return False


def exists(location: str | Path) -> bool:
    if is_url(location):
        fs, path = filesystem(location)
        return fs.exists(path)
    return Path(location).exists()


def local_path(location: str | Path) -> Path | None:
    """The local path of a local location (a path, or a ``file://`` URL); None for others."""
    if not is_url(location):
        return Path(location)
    fs, path = filesystem(location)
    return Path(path) if "file" in _protocols(fs) else None


def put(url: str, text: str) -> None:
    """Write UTF-8 text to a remote URL in one ``pipe_file``: a single PUT on object stores,
    which publish an object whole or not at all, so the file is never half written and a
    retried task writes the same bytes again. (Local files are renamed into place instead:
    :func:`dedup.batch.write_atomically`.)"""
    fs, path = filesystem(url)
    parent = path.rsplit("/", 1)[0] if "/" in path.strip("/") else ""
    if parent:
        fs.makedirs(parent, exist_ok=True)
    fs.pipe_file(path, text.encode("utf-8"))


def list_files(url: str) -> list[tuple[str, str]]:
    """Every file under the folder ``url``: ``(its URL, its path relative to url)``, sorted."""
    fs, root = filesystem(url)
    root = root.rstrip("/")
    found = []
    for path in fs.find(root):
        relative = path[len(root):].lstrip("/") if path.startswith(root) else path
        found.append((fs.unstrip_protocol(path), relative))
    return sorted(found, key=lambda item: item[1])


def canonical(location: str | Path) -> str:
    """A comparable name for a location: the resolved local path, or protocol + path."""
    if is_url(location):
        fs, path = filesystem(location)
        if "file" in _protocols(fs):
            return str(Path(path).resolve())
        return fs.unstrip_protocol(path).rstrip("/")
    return str(Path(location).resolve())


def _protocols(fs) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)
