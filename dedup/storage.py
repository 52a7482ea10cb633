"""Where batch mode reads pages and writes cleaned copies: a local path, or an fsspec URL.

Local paths go through pathlib and need nothing else installed. A URL (``s3://bucket/crawl``,
``file:///data/crawl``, ``memory://in`` in tests) goes through fsspec, imported only then, so
that workers on other machines of a cluster can read and write the same storage.
"""

from __future__ import annotations

from pathlib import Path

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


def read_bytes(location: str | Path) -> bytes:
    if is_url(location):
        fs, path = filesystem(location)
        try:
            return fs.cat_file(path)
        except FileNotFoundError as error:
            raise OSError(error.errno or 2, "No such file or directory", location) from None
    # Unbuffered: a buffered reader first asks whether the file is a terminal and where it
    # stands in it, two system calls per page for nothing.
    with open(location, "rb", buffering=0) as stream:
        return stream.readall()


def is_dir(location: str | Path) -> bool:
    if is_url(location):
        fs, path = filesystem(location)
        return fs.isdir(path)
    return Path(location).is_dir()


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
