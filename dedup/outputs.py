"""Output files: whole or absent, never over an input, nothing left behind.

A regular file (or a name not yet taken) is written to a temporary file in its own folder and
renamed over the target only once every byte is written; on any error or
interruption the temporary file is removed and the old target is left as it was. Anything
else is written directly, because a rename would replace it: a FIFO, a character device
(/dev/null, a terminal), and the descriptor paths /dev/stdout, /dev/stderr, /dev/fd/N (what a
shell's ``>(...)`` gives) and /proc/self/fd/N, which are written through the descriptor itself.

Temporary files and folders are named ``.dedup-PID-RANDOM.tmp`` (in output folders) and
``dedup-PID-RANDOM`` (in the system's temporary folder). A run killed with SIGKILL cannot
remove its own; :func:`sweep` removes those of processes that no longer exist, and every run
sweeps the folders it writes into (docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import stat
from collections.abc import Iterable
from typing import BinaryIO

from .model import DedupError

TEMPORARY = re.compile(r"\.dedup-(\d+)-[0-9a-f]{12}\.tmp\Z")
WORK_FOLDER = re.compile(r"dedup-(\d+)-[0-9a-f]{12}\Z")
# /dev/stdout and its kin name a descriptor this process already holds.
DESCRIPTOR = re.compile(r"/dev/(stdin|stdout|stderr)\Z|/dev/fd/(\d+)\Z|/proc/self/fd/(\d+)\Z")
STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` to a binary stream. Unbuffered (``python -u``,
    ``PYTHONUNBUFFERED=1``), ``sys.stdout.buffer`` is the raw file, whose ``write`` may take
    only part of the bytes (a pipe, a nearly full disk) and says how many; the rest is written
    again until it is all out or the system refuses with an error."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if written is None:  # a non-blocking descriptor that is full: wait until it drains
            select.select([], [stream.fileno()], [])
            continue
        view = view[written:]


class OutputError(DedupError):
    """An output cannot be written (the message names the user's path, not a temporary one)."""


class OutputClash(DedupError):
    """An output would overwrite an input or another output (the CLI exits 2)."""


def temporary_name() -> str:
    """A fresh ``.dedup-PID-RANDOM.tmp``: short, so that a folder that can hold a file of any
    valid name can hold it too, and recognisable by :func:`sweep`."""
    return f".dedup-{_PID[0]}-{os.urandom(6).hex()}.tmp"


# This process's id, kept (a batch names a temporary file per page, and getpid is a system
# call), and renewed in a forked worker.
_PID = [os.getpid()]
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def descriptor(path: str) -> int | None:
    """The descriptor a path names (``-`` is stdout), if this process has it open.

    >>> descriptor("-"), descriptor("/dev/stderr"), descriptor("/dev/fd/99"), descriptor("a")
    (1, 2, None, None)
    """
    if path == "-":
        number = 1
    else:
        match = DESCRIPTOR.match(path)
        if not match:
            return None
        number = STANDARD[match[1]] if match[1] else int(match[2] or match[3])
    try:
        os.fstat(number)
    except OSError:
        return None
    return number


class Output:
    """One output file, written in three steps: :meth:`open` (which makes the temporary file,
    so that a missing folder or a read-only disk is found before anything is written),
    :meth:`write`, then :meth:`commit`; :meth:`discard` (also on leaving a ``with`` block by
    an exception) removes the temporary file and leaves the target as it was.

    Not synced to disk before the rename: an output is derived from inputs that are never
    written, so a run after a power loss makes it again, and an fsync costs a small run 3 to
    30 ms (docs/RELIABILITY.md)."""

    def __init__(self, path: str, *, stdout: BinaryIO | None = None) -> None:
        self.path = path
        # ``-`` is written through this stream when given (sys.stdout.buffer: what click's
        # test runner replaces), else through descriptor 1.
        self._stdout = stdout if path == "-" else None
        self._fd: int | None = None
        self._own = False          # whether _fd is ours to close
        self._temporary: str | None = None
        self._target: str | None = None

    @property
    def direct(self) -> bool:
        """Whether the bytes go straight to the target (a descriptor, a FIFO, a device)."""
        return self._fd is not None and self._temporary is None

    def open(self) -> Output:
        if self._stdout is not None:
            self._fd = 1
            return self
        number = descriptor(self.path)
        if number is not None:
            self._fd = number
            return self
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise self._error(error) from None
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):
                if stat.S_ISDIR(info.st_mode):
                    raise OutputError(f"cannot write {printable(self.path)}: it is a folder; "
                                      "give a file name")
                # A FIFO or a device: written in place, as the shell's `>` would.
                self._fd, self._own = os.open(self.path, os.O_WRONLY | os.O_CLOEXEC), True
                return self
            # A symbolic link is followed: the file it points to is replaced, not the link.
            self._target = os.path.realpath(self.path)
            folder = os.path.dirname(self._target)
            sweep(folder)
            while True:
                temporary = os.path.join(folder, temporary_name())
                try:
                    self._fd = os.open(temporary, NEW_FILE, 0o666)
                    break
                except FileExistsError:
                    continue
            self._own, self._temporary = True, temporary
            if info is not None:  # keep the mode the user gave the file
                os.fchmod(self._fd, stat.S_IMODE(info.st_mode))
        except OSError as error:
            self.discard()
            raise self._error(error) from None
        return self

    def write(self, data: bytes) -> None:
        if self._stdout is not None:
            try:
                _write_all(self._stdout, data)
            except BrokenPipeError:
                raise
            except OSError as error:  # stdout redirected to a full disk, /dev/full
                raise self._error(error) from None
            return
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self._error(error) from None

    def commit(self) -> None:
        """Put the written file in place (or, written directly, close it). Once."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._stdout is not None:
            try:
                self._stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as error:
                raise self._error(error) from None
            return
        try:
            if self._temporary is None:
                if self._own:
                    os.close(fd)
                return
            os.close(fd)
            os.replace(self._temporary, self._target)
            self._temporary = None
        except BrokenPipeError:
            raise
        except OSError as error:
            self.discard()
            raise self._error(error) from None

    def discard(self) -> None:
        """Remove the temporary file (if any); the target is left as it was."""
        fd, self._fd = self._fd, None
        if fd is not None and self._own:
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._temporary)
            self._temporary = None

    def __enter__(self) -> Output:
        return self.open() if self._fd is None else self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def _error(self, error: OSError) -> OutputError:
        remedy = " (make the folder first)" if isinstance(error, FileNotFoundError) else ""
        where = "stdout" if self.path == "-" else printable(self.path)
        return OutputError(f"cannot write {where}: {error.strerror or error}{remedy}")


# ---------------------------------------------------------------------------------------------
# Outputs against inputs

def identity(path: str, *, stream: int | None = None) -> tuple[int, int, int] | None:
    """``(device, inode, mode)`` of an existing file, or of the open ``stream`` descriptor;
    None when there is no such file."""
    try:
        info = os.fstat(stream) if stream is not None else os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_mode


def same_file(one: tuple | None, other: tuple | None) -> bool:
    """Whether two identities are one file that writing one would harm: two writers may share
    a character device (/dev/null, a terminal), never a file, a FIFO or a pipe."""
    return (one is not None and other is not None and one[:2] == other[:2]
            and not stat.S_ISCHR(one[2]))


def check_paths(outputs: Iterable[tuple[str, str]], inputs: Iterable[tuple[str, str]]) -> None:
    """Raise OutputClash when an output (``(option, path)``; ``-`` is stdout) is an input
    (``(what, path)``; ``-`` is stdin) or another output: the same path once links are
    resolved, or the same file (device and inode: a hard link, a descriptor path)."""
    seen: list[tuple[str, str, str, tuple | None]] = []
    for what, path in inputs:
        ident = identity(path, stream=0 if path == "-" else None)
        seen.append((what, path, _real(path), ident))
    for option, path in outputs:
        number = descriptor(path)
        ident = identity(path, stream=number)
        real = _real(path) if number is None else ""
        device = ident is not None and stat.S_ISCHR(ident[2])
        for what, other, other_real, other_ident in seen:
            if same_file(ident, other_ident) or (real and real == other_real and not device):
                shown = "stdout" if path == "-" else printable(path)
                raise OutputClash(f"{option} {shown} is {what} {printable(other)}: it would be "
                                  "overwritten; give another file")
        seen.append((f"the file of {option}", path, real, ident))


def _real(path: str) -> str:
    return "" if path == "-" else os.path.realpath(path)


# ---------------------------------------------------------------------------------------------
# Leftovers of killed runs

def sweep(folder: str) -> None:
    """Remove the temporary files (and the batch mode's staging folders) that runs no longer
    alive left in ``folder``: what SIGKILL or a power loss leaves. Best effort: a folder that
    cannot be listed is left alone (writing into it will say why)."""
    try:
        entries = list(os.scandir(folder or "."))
    except OSError:
        return
    for entry in entries:
        match = TEMPORARY.match(entry.name)
        if match and not alive(int(match[1])):
            _remove(entry.path, entry.is_dir(follow_symlinks=False))


def sweep_work_folders(folder: str | None = None) -> None:
    """Remove this user's ``dedup-PID-RANDOM`` work folders of dead processes from the
    system's temporary folder."""
    import tempfile  # (here: pipe mode, which never needs it, starts faster)

    folder = folder or tempfile.gettempdir()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = WORK_FOLDER.match(entry.name)
        if not match or alive(int(match[1])):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
                continue
        except OSError:
            continue
        _remove(entry.path, True)


def work_folder() -> str:
    """A new private ``dedup-PID-RANDOM`` folder in the system's temporary folder (stale ones
    of dead runs are removed first)."""
    import tempfile

    sweep_work_folders()
    base = tempfile.gettempdir()
    while True:
        path = os.path.join(base, f"dedup-{os.getpid()}-{os.urandom(6).hex()}")
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue


def alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine (PID reuse can only make us keep a
    leftover longer, never remove a live run's file)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _remove(path: str, folder: bool) -> None:
    try:
        if folder:
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# Names on one line

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def printable(name: str) -> str:
    r"""A path as one printable line: control characters as escapes, and the bytes of a name
    that is not valid UTF-8 (decoded by Python as lone surrogates) as ``\xNN``.

    >>> printable("a\nb.txt"), printable("\udcffx.txt"), printable("新闻.txt")
    ('a\\nb.txt', '\\xffx.txt', '新闻.txt')
    """
    if not _UNPRINTABLE.search(name):
        return name
    return _UNPRINTABLE.sub(_escape, name)


def _escape(match: re.Match) -> str:
    char = match[0]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return repr(char)[1:-1] if code < 0xD800 else f"\\u{code:04x}"
