"""Faults, run on the installed command in subprocesses: full and read-only disks (a tmpfs and
a read-only bind mount inside `unshare -m`), unreadable files (root's read-anything
capabilities dropped with `setpriv`), FIFOs and device nodes made in a temporary folder,
signals. docs/RELIABILITY.md lists what each class of fault does and which test shows it.

Every run gets its own TMPDIR, so that what a run leaves in the temporary folder is seen."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

try:  # the tests run from the repository root or from tests/
    from tests.files import tree, write
except ImportError:
    from files import tree, write

DEDUP = shutil.which("dedup", path=str(Path(sys.executable).parent)) or shutil.which("dedup")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
UNSHARE = shutil.which("unshare")

pytestmark = pytest.mark.skipif(DEDUP is None, reason="the dedup command is not installed")


def _works(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


CAN_MOUNT = bool(ROOT and UNSHARE) and _works(UNSHARE, "-m", "true")
needs_root = pytest.mark.skipif(not ROOT, reason="needs root (mknod, setpriv)")
needs_setpriv = pytest.mark.skipif(not (ROOT and SETPRIV), reason="needs root and setpriv")
needs_mount = pytest.mark.skipif(not CAN_MOUNT, reason="needs root and `unshare -m` to mount")
# Unprivileged: root reads every file whatever its mode; this reads as anyone would.
UNPRIVILEGED = (SETPRIV or "setpriv", "--inh-caps=-all",
                "--bounding-set=-dac_override,-dac_read_search")
TEMPORARY_NAMES = (".dedup-", ".__atomic-write", "dedup-")


def paragraphs(count: int, seed: int = 0) -> str:
    """``count`` distinct paragraphs (nothing for dedup to remove between them)."""
    things = ("river", "market", "council", "harbour", "library", "station", "orchard")
    return "".join(f"Report {seed}-{i}: the {things[i % 7]} committee met {i * 7919 % 10007} "
                   f"residents on day {i} and agreed plan number {seed * 100003 + i}.\n\n"
                   for i in range(count))


def pages(count: int, size: int = 3) -> dict[str, str]:
    """``count`` pages that share one boilerplate line, each with its own paragraphs."""
    return {f"p{n:05d}.txt": paragraphs(size, n) + "Follow us for more news from the region "
            "every day of the week.\n" for n in range(count)}


def run(*args: str | os.PathLike, tmp: Path, timeout: float = 120, prefix: tuple = (),
        **options) -> subprocess.CompletedProcess:
    """The installed command, with ``tmp/tmpdir`` as its TMPDIR."""
    env = {**os.environ, "TMPDIR": str(_tmpdir(tmp)), "PYTHONHASHSEED": "0"}
    options.setdefault("capture_output", True)
    return subprocess.run([*prefix, DEDUP, *map(str, args)], env=env, timeout=timeout,
                          **options)


def _tmpdir(tmp: Path) -> Path:
    folder = tmp / "tmpdir"
    folder.mkdir(exist_ok=True)
    return folder


def leftovers(*folders: Path) -> list[str]:
    """Temporary files and folders of ours (or click's) anywhere under the folders."""
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.name.startswith(TEMPORARY_NAMES):
                found.append(str(path))
    return found


def lines(stderr: bytes) -> list[str]:
    return stderr.decode("utf-8", "replace").splitlines()


def in_namespace(tmp: Path, mounts: list[str], commands: list[list[str]], inspect: list[str]
                 ) -> dict:
    """Run ``commands`` (each the dedup command's arguments) in a new mount namespace after
    ``mounts`` (shell commands), then report each one's exit code and stderr, and the files
    under each of ``inspect`` (their bytes, as latin-1 text), as seen inside it: the mounts
    vanish with the namespace."""
    script = r"""
import json, os, subprocess, sys
mounts, commands, inspect, dedup = json.loads(sys.argv[1])
for mount in mounts:
    subprocess.run(mount, shell=True, check=True)
runs = []
for args in commands:
    done = subprocess.run([dedup, *args], capture_output=True, timeout=120)
    runs.append({"rc": done.returncode, "stderr": done.stderr.decode("utf-8", "replace")})
files = {}
for folder in inspect:
    for base, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = os.path.join(base, name)
            files[path] = (open(path, "rb").read().decode("latin-1")
                           if os.path.isfile(path) else None)
print(json.dumps({"runs": runs, "files": files}))
"""
    env = {**os.environ, "TMPDIR": str(_tmpdir(tmp)), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [UNSHARE, "-m", "--propagation", "private", sys.executable, "-c", script,
         json.dumps([mounts, commands, inspect, DEDUP])],
        capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------------------------
# Data harmed: outputs whole or absent, never over an input

@needs_mount
class TestFullAndReadOnlyDisks:
    def test_full_disk_leaves_the_old_output(self, tmp_path):
        """-o on a full disk: exit 1, one line naming the user's path, the old file intact,
        no temporary file left (click's atomic file renamed a truncated copy into place)."""
        source = tmp_path / "big.txt"
        source.write_text(paragraphs(20000), encoding="utf-8")  # ~2 MB, all kept
        disk = tmp_path / "disk"
        disk.mkdir()
        seen = in_namespace(
            tmp_path, [f"mount -t tmpfs -o size=1m none {disk}",
                       f"printf 'old text\\n' > {disk}/out.txt"],
            [[str(source), "-q", "-o", f"{disk}/out.txt"]], [str(disk)])
        [done] = seen["runs"]
        assert done["rc"] == 1
        assert done["stderr"] == (f"Error: cannot write {disk}/out.txt: "
                                  "No space left on device\n")
        assert seen["files"] == {f"{disk}/out.txt": "old text\n"}

    @pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
    def test_stdout_on_a_full_disk(self, tmp_path, unbuffered):
        """`dedup a.txt > full/out.txt`: exit 1 and one line, with Python's stdout buffered or
        not (PYTHONUNBUFFERED=1, set in many containers: a write may then take only part of
        the bytes, and the rest must follow or the error show; it was a silent cut, exit 0)."""
        source = tmp_path / "a.txt"
        source.write_text(paragraphs(100), encoding="utf-8")  # ~10 KB, all kept
        disk = tmp_path / "disk"
        disk.mkdir()
        # 4 KB free: the text is written in one call, which takes the first 4 KB only.
        script = (f'mount -t tmpfs -o size=64k none "{disk}" && '
                  f'yes | head -c 61440 > "{disk}/filler" && '
                  f'"{DEDUP}" "{source}" -q > "{disk}/out.txt"; echo "rc=$?" >&2')
        env = {**os.environ, "TMPDIR": str(_tmpdir(tmp_path)), "PYTHONUNBUFFERED": unbuffered}
        done = subprocess.run([UNSHARE, "-m", "--propagation", "private", "sh", "-c", script],
                              capture_output=True, env=env, timeout=120)
        assert lines(done.stderr) == ["Error: cannot write stdout: No space left on device",
                                      "rc=1"]

    def test_report_that_cannot_be_written_stops_the_text_too(self, tmp_path):
        """The report is written before or with the text it explains: when the report hits a
        full disk, neither it nor the text replaces its old file."""
        source = tmp_path / "copies.txt"
        source.write_text(paragraphs(3000) * 3, encoding="utf-8")  # a long report
        out = tmp_path / "out.txt"
        out.write_text("old text\n", encoding="utf-8")
        disk = tmp_path / "disk"
        disk.mkdir()
        seen = in_namespace(
            tmp_path, [f"mount -t tmpfs -o size=256k none {disk}",
                       f"printf 'old report\\n' > {disk}/r.jsonl"],
            [[str(source), "-q", "-o", str(out), "--report", f"{disk}/r.jsonl"]], [str(disk)])
        [done] = seen["runs"]
        assert done["rc"] == 1 and "No space left on device" in done["stderr"]
        assert seen["files"] == {f"{disk}/r.jsonl": "old report\n"}
        assert out.read_text(encoding="utf-8") == "old text\n"
        assert leftovers(tmp_path) == []

    def test_read_only_folder(self, tmp_path):
        """-o into a read-only folder: exit 1, one line, the old file as it was."""
        source = write(tmp_path / "src", {"a.txt": paragraphs(5)}) / "a.txt"
        folder = tmp_path / "ro"
        folder.mkdir()
        (folder / "out.txt").write_text("old\n", encoding="utf-8")
        seen = in_namespace(
            tmp_path, [f"mount --bind {folder} {folder}",
                       f"mount -o remount,bind,ro {folder}"],
            [[str(source), "-q", "-o", f"{folder}/out.txt"],
             [str(source.parent), "-q", "-o", f"{folder}/pages"]],
            [str(folder)])
        single, batch = seen["runs"]
        assert single == {"rc": 1, "stderr": f"Error: cannot write {folder}/out.txt: "
                                             "Read-only file system\n"}
        assert batch["rc"] == 1 and batch["stderr"].count("\n") == 1
        assert "Read-only file system" in batch["stderr"]
        assert seen["files"] == {f"{folder}/out.txt": "old\n"}

    def test_full_disk_in_a_batch_fails_page_by_page(self, tmp_path):
        """A batch that fills its disk: each page that does not fit is one failure line
        (exit 1), every page written is whole, nothing temporary is left."""
        src = write(tmp_path / "src", pages(60, size=120))  # ~20 KB a page, ~1.2 MB in all
        reference = tmp_path / "reference"
        assert run(src, "-o", reference, "-q", tmp=tmp_path).returncode == 0
        disk = tmp_path / "disk"
        disk.mkdir()
        seen = in_namespace(tmp_path, [f"mount -t tmpfs -o size=600k none {disk}"],
                            [[str(src), "-o", f"{disk}/out", "-j", "2"]], [str(disk)])
        [done] = seen["runs"]
        failures = [line for line in done["stderr"].splitlines() if "No space left" in line]
        written = {path: text for path, text in seen["files"].items() if text is not None}
        assert done["rc"] == 1 and failures and written
        assert len(failures) + len(written) == 60
        assert f"{len(failures)} failed" in done["stderr"].splitlines()[-1]
        for path, text in written.items():
            assert text.encode("latin-1") == (reference / Path(path).name).read_bytes()
        assert not [path for path in seen["files"] if ".dedup-" in path]


class TestTargetsThatAreNotFiles:
    @needs_root
    def test_device_node_written_not_replaced(self, tmp_path):
        """-o to a character device writes into it; the node stays a device (click's atomic
        file renamed a regular file over /dev/null when run as root)."""
        source = write(tmp_path, {"a.txt": paragraphs(3)}) / "a.txt"
        null = tmp_path / "null"
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        done = run(source, "-o", null, "--report", null, "-q", tmp=tmp_path)
        assert (done.returncode, done.stderr) == (0, b"")
        assert stat.S_ISCHR(os.lstat(null).st_mode)
        assert leftovers(tmp_path) == []

    def test_fifo_written_directly(self, tmp_path):
        """-o to a FIFO streams the text into it; the FIFO stays a FIFO."""
        source = write(tmp_path, {"a.txt": paragraphs(3)}) / "a.txt"
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
        done = run(source, "-o", fifo, "-q", tmp=tmp_path, timeout=60)
        assert reader.communicate(timeout=60)[0] == paragraphs(3).rstrip("\n").encode() + b"\n"
        assert done.returncode == 0 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
        assert leftovers(tmp_path) == []

    def test_descriptor_path_written_through_the_descriptor(self, tmp_path):
        """-o /proc/self/fd/N (what /dev/stdout and a shell's >(...) lead to) writes to the
        descriptor, across filesystems (a rename there is "Invalid cross-device link")."""
        source = write(tmp_path, {"a.txt": paragraphs(3)}) / "a.txt"
        read, written = os.pipe()
        try:
            done = run(source, "-q", "-o", f"/proc/self/fd/{written}", tmp=tmp_path,
                       pass_fds=(written,))
            os.close(written)
            with os.fdopen(read, "rb") as stream:
                text = stream.read()
        finally:
            for fd in (read, written):
                with contextlib.suppress(OSError):
                    os.close(fd)
        assert (done.returncode, done.stderr) == (0, b"")
        assert text == paragraphs(3).rstrip("\n").encode() + b"\n"

    def test_symbolic_link_kept(self, tmp_path):
        """-o through a symbolic link replaces the file it points to, not the link."""
        source = write(tmp_path, {"a.txt": paragraphs(3)}) / "a.txt"
        (tmp_path / "real.txt").write_text("old\n", encoding="utf-8")
        (tmp_path / "link.txt").symlink_to("real.txt")
        assert run(source, "-q", "-o", tmp_path / "link.txt", tmp=tmp_path).returncode == 0
        assert (tmp_path / "link.txt").is_symlink()
        assert (tmp_path / "real.txt").read_text(encoding="utf-8") == paragraphs(3)[:-1]


class TestOutputsAgainstInputs:
    """Every output is checked against every input and against the other outputs before
    anything is written: a clash is a usage error (exit 2) and every file is left as it was."""

    @pytest.mark.parametrize("args", [
        ["a.txt", "--report", "a.txt"],
        ["a.txt", "-o", "a.txt"],
        ["a.txt", "-o", "c.txt", "--report", "c.txt"],
        ["a.txt", "-o", "hard.txt"],
        ["a.txt", "--report", "soft.txt"],
        ["a.txt", "-o", "c.txt", "--report", "soft-c.txt"],
        ["pages", "-o", "out", "--report", "pages/p.txt"],
        ["pages", "-o", "out", "--report", "out/p.txt"],
        ["pages", "q.txt", "-o", "out", "--report", "hard-q.txt"],
        ["file://{tmp}/pages", "-o", "out", "--report", "pages/p.txt"],
        ["pages", "-o", "file://{tmp}/out", "--report", "pages/p.txt"],
        ["pages", "-o", "out", "--report", "file://{tmp}/pages/p.txt"],
        ["file://{tmp}/pages", "-o", "out", "--report", "out/p.txt"],
    ], ids=["report-is-input", "output-is-input", "report-is-output", "hard-link-to-input",
            "symlink-to-input", "symlink-to-output", "batch-report-is-page",
            "batch-report-is-cleaned-copy", "batch-report-hard-link", "url-input-report-is-page",
            "url-output-report-is-page", "url-report-is-page", "url-input-report-is-copy"])
    def test_clash_is_a_usage_error(self, tmp_path, args):
        """(A file:// URL names a local file: the same clashes hold.)"""
        args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
        write(tmp_path, {"a.txt": paragraphs(3) * 2, "c.txt": "old c\n",
                         "pages/p.txt": paragraphs(4), "q.txt": paragraphs(2, 9)})
        os.link(tmp_path / "a.txt", tmp_path / "hard.txt")
        os.link(tmp_path / "q.txt", tmp_path / "hard-q.txt")
        (tmp_path / "soft.txt").symlink_to("a.txt")
        (tmp_path / "soft-c.txt").symlink_to("c.txt")
        before = tree(tmp_path)
        done = run(*args, tmp=tmp_path, cwd=tmp_path)
        assert done.returncode == 2
        assert lines(done.stderr)[-1].startswith("Error: ")
        assert "overwritten" in done.stderr.decode() or "goes" in done.stderr.decode()
        assert tree(tmp_path) == before

    def test_stdin_is_the_report(self, tmp_path):
        """`dedup --report a.txt < a.txt`: the input is the same file, given as stdin."""
        source = write(tmp_path, {"a.txt": paragraphs(3)}) / "a.txt"
        with open(source, "rb") as stdin:
            done = run("--report", source, tmp=tmp_path, stdin=stdin)
        assert done.returncode == 2 and source.read_text(encoding="utf-8") == paragraphs(3)

    @pytest.mark.parametrize("mode", ["pipe", "batch"])
    @pytest.mark.parametrize("target", ["long", "loop"])
    def test_output_that_cannot_be_looked_up(self, tmp_path, mode, target):
        """-o with a name longer than the system takes, or through a loop of symbolic links:
        one line, exit 1, nothing written (looking the path up raised a traceback)."""
        write(tmp_path, {"pages/a.txt": paragraphs(3)})
        (tmp_path / "loop").symlink_to("loop")
        output = {"long": "x" * 300, "loop": "loop/out" if mode == "pipe" else "loop"}[target]
        source = "pages/a.txt" if mode == "pipe" else "pages"
        before = tree(tmp_path)
        done = run(source, "-o", output, "-q", tmp=tmp_path, cwd=tmp_path)
        assert done.returncode == 1
        assert len(lines(done.stderr)) == 1 and lines(done.stderr)[0].startswith("Error: cannot")
        assert tree(tmp_path) == before

    def test_missing_report_folder_writes_nothing(self, tmp_path):
        """`-o b.txt --report nodir/r.jsonl`: found before b.txt is written (it used to be
        replaced, then the run failed)."""
        write(tmp_path, {"a.txt": paragraphs(3) * 2, "b.txt": "old b\n"})
        done = run("a.txt", "-o", "b.txt", "--report", "nodir/r.jsonl", tmp=tmp_path,
                   cwd=tmp_path)
        assert done.returncode == 1
        assert lines(done.stderr) == ["Error: cannot write nodir/r.jsonl: No such file or "
                                      "directory (make the folder first)"]
        assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "old b\n"
        assert leftovers(tmp_path) == []

    def test_batch_report_folder_missing_writes_no_page(self, tmp_path):
        """The same in batch mode: no page is written when the report cannot be."""
        write(tmp_path, pages(3))
        done = run(tmp_path, "-o", tmp_path.parent / "out-missing-report",
                   "--report", tmp_path / "nodir" / "r.jsonl", tmp=tmp_path.parent)
        assert done.returncode == 1 and "make the folder first" in done.stderr.decode()
        assert not (tmp_path.parent / "out-missing-report").exists()

    def test_report_dash(self, tmp_path):
        """--report - mixes the report into the text unless the text goes to -o: refused
        without -o, the report on stdout with it."""
        source = write(tmp_path, {"a.txt": paragraphs(2) * 2}) / "a.txt"
        refused = run(source, "--report", "-", tmp=tmp_path)
        assert refused.returncode == 2 and refused.stdout == b""
        done = run(source, "-q", "--report", "-", "-o", tmp_path / "out.txt", tmp=tmp_path)
        records = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0 and [r["reason"] for r in records] == ["exact", "exact"]


# ---------------------------------------------------------------------------------------------
# Batch: every input that cannot be read is a reported failure

def batch_failures(done: subprocess.CompletedProcess) -> list[str]:
    *failures, summary = lines(done.stderr)
    return failures


class TestBatchInputs:
    @needs_setpriv
    def test_unreadable_folder_and_file_are_failures(self, tmp_path):
        """A folder that cannot be listed and a file that cannot be read: one failure line
        each (exit 1, counted), the other pages written (the folder used to vanish with
        "0 failed")."""
        src = write(tmp_path / "src", {**pages(2), "locked/x.txt": paragraphs(3),
                                       "secret.txt": paragraphs(3, 7)})
        (src / "secret.txt").chmod(0)
        (src / "locked").chmod(0)
        try:
            done = run(src, "-o", tmp_path / "out", "--report", tmp_path / "r.jsonl",
                       tmp=tmp_path, prefix=UNPRIVILEGED)
        finally:
            (src / "locked").chmod(0o755)
        assert done.returncode == 1
        assert batch_failures(done) == [f"{src}/locked: cannot read folder: Permission denied",
                                        f"{src}/secret.txt: cannot read: Permission denied"]
        assert "2 failed" in lines(done.stderr)[-1]
        assert sorted(tree(tmp_path / "out")) == ["p00000.txt", "p00001.txt"]
        failed = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()
                  if '"failed"' in line]
        assert [record["page"] for record in failed] == ["locked", "secret.txt"]

    @needs_setpriv
    def test_unreadable_file_exits_1_missing_file_2(self, tmp_path):
        """The README's codes: an input that cannot be read is 1 (it used to be 2, as bad
        usage); a file that does not exist is bad usage, 2."""
        source = write(tmp_path, {"a.txt": paragraphs(2)}) / "a.txt"
        source.chmod(0)
        done = run(source, tmp=tmp_path, prefix=UNPRIVILEGED)
        assert (done.returncode, lines(done.stderr)) == (
            1, [f"Error: cannot read {source}: Permission denied"])
        assert run(tmp_path / "missing.txt", tmp=tmp_path).returncode == 2

    @needs_setpriv
    def test_input_behind_a_folder_that_may_not_be_searched(self, tmp_path):
        """A file or folder given by name inside a folder that may not be searched exists: it
        is an input that cannot be read (exit 1, one line naming the cause), not "does not
        exist" (exit 2); in a batch it is one failure and the other pages are written (the
        batch stopped with a PermissionError traceback)."""
        write(tmp_path, {"locked/in/a.txt": paragraphs(2), "ok/b.txt": paragraphs(3)})
        (tmp_path / "locked").chmod(0)
        try:
            single = run("locked/in/a.txt", tmp=tmp_path, cwd=tmp_path, prefix=UNPRIVILEGED)
            batch = run("locked/in", "ok", "-o", "out", tmp=tmp_path, cwd=tmp_path,
                        prefix=UNPRIVILEGED)
        finally:
            (tmp_path / "locked").chmod(0o755)
        assert (single.returncode, lines(single.stderr)) == (
            1, ["Error: cannot read locked/in/a.txt: Permission denied"])
        assert batch.returncode == 1
        assert lines(batch.stderr)[0] == "locked/in: cannot read: Permission denied"
        assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == paragraphs(3)[:-1]

    def test_path_longer_than_path_max(self, tmp_path):
        """A folder whose path is longer than the system allows is a failure, not silence."""
        src = write(tmp_path / "src", pages(1))
        deep, depth = os.open(src, os.O_RDONLY), 0
        try:
            while depth * 201 < 4200:  # each level adds 201 bytes: past PATH_MAX (4096)
                os.mkdir("d" * 200, dir_fd=deep)
                inner = os.open("d" * 200, os.O_RDONLY, dir_fd=deep)
                os.close(deep)
                deep, depth = inner, depth + 1
            fd = os.open("x.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=deep)
            os.write(fd, paragraphs(3).encode())
            os.close(fd)
        finally:
            os.close(deep)
        done = run(src, "-o", tmp_path / "out", tmp=tmp_path)
        assert done.returncode == 1
        [failure] = batch_failures(done)
        assert failure.endswith("File name too long")
        assert "1 failed" in lines(done.stderr)[-1]
        assert sorted(tree(tmp_path / "out")) == ["p00000.txt"]

    def test_file_that_vanished(self, tmp_path):
        """A page removed between listing and reading is one failure."""
        from dedup.batch import BatchOptions, discover, run_batch

        src = write(tmp_path / "src", pages(3))
        found = discover([str(src)], str(tmp_path / "out"))
        (src / "p00001.txt").unlink()
        warned: list[str] = []
        summary = run_batch(found, str(tmp_path / "out"), BatchOptions(), warn=warned.append)
        assert summary.failed == 1
        assert warned == [f"{src}/p00001.txt: cannot read: No such file or directory"]

    @needs_root
    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_fifos_and_devices_skipped_unread(self, tmp_path, jobs):
        """A FIFO (which hung the batch), a device and a link to one (read without end: a
        link to /dev/zero took all memory) are each one failure line, never opened; the
        other pages are written."""
        src = write(tmp_path / "src", pages(2))
        os.mkfifo(src / "fifo.txt")
        os.mknod(src / "zero.txt", 0o666 | stat.S_IFCHR, os.makedev(1, 5))
        (src / "link.txt").symlink_to("zero.txt")
        (src / "broken.txt").symlink_to("nowhere.txt")
        done = run(src, "-o", tmp_path / "out", "-j", jobs, tmp=tmp_path, timeout=60,
                   preexec_fn=_limit_memory)
        assert done.returncode == 1
        assert batch_failures(done) == [
            f"{src}/broken.txt: cannot read: No such file or directory",
            f"{src}/fifo.txt: not a regular file (a FIFO); skipped",
            f"{src}/link.txt: not a regular file (a character device); skipped",
            f"{src}/zero.txt: not a regular file (a character device); skipped"]
        assert sorted(tree(tmp_path / "out")) == ["p00000.txt", "p00001.txt"]

    @needs_root
    def test_device_given_by_name_is_bounded(self, tmp_path):
        """A never-ending input given by name (/dev/zero's kind) or on stdin is refused at
        --max-size, with the remedy; it is not read to the end of memory."""
        zero = tmp_path / "zero"
        os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
        done = run(zero, "--max-size", "1M", tmp=tmp_path, timeout=60, preexec_fn=_limit_memory)
        assert (done.returncode, lines(done.stderr)) == (1, [
            f"Error: cannot read {zero}: larger than 1,048,576 bytes; raise --max-size to "
            "read it"])
        with open(zero, "rb") as stdin:
            done = run("--max-size", "1M", tmp=tmp_path, stdin=stdin, timeout=60,
                       preexec_fn=_limit_memory)
        assert done.returncode == 1 and b"raise --max-size" in done.stderr

    def test_size_limit_in_a_batch(self, tmp_path):
        """A page over --max-size is one failure; the others are written."""
        src = write(tmp_path / "src", {"small.txt": paragraphs(2), "big.txt": paragraphs(80)})
        done = run(src, "-o", tmp_path / "out", "--max-size", "4K", tmp=tmp_path)
        assert done.returncode == 1
        assert batch_failures(done) == [f"{src}/big.txt: cannot read: larger than 4,096 bytes; "
                                        "raise --max-size to read it"]
        assert list(tree(tmp_path / "out")) == ["small.txt"]

    def test_pipes_given_by_name_are_read_once(self, tmp_path):
        """`dedup <(cat a.txt) <(cat b.txt) -o out`: both passes see the text (the first
        used to drain the pipes, and both pages came out empty); the copies are removed."""
        write(tmp_path, {"a.txt": paragraphs(3, 1), "b.txt": paragraphs(3, 2)})
        script = f'exec "{DEDUP}" <(cat a.txt) <(cat b.txt) -o out -q'
        done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True,
                              timeout=60, env={**os.environ, "TMPDIR": str(_tmpdir(tmp_path))})
        assert (done.returncode, done.stderr) == (0, b"")
        assert sorted(tree(tmp_path / "out").values()) == sorted(
            (paragraphs(3, n).rstrip("\n") + "\n").encode() for n in (1, 2))
        assert list(_tmpdir(tmp_path).iterdir()) == []

    def test_names_that_differ_only_by_folding(self, tmp_path):
        """straße.txt and strasse.txt are two names on every filesystem (casefold made them
        one); A.txt and a.txt still clash, as on a case-insensitive filesystem."""
        src = write(tmp_path / "src", {"straße.txt": paragraphs(2, 1),
                                       "strasse.txt": paragraphs(2, 2)})
        done = run(src, "-o", tmp_path / "out", "-q", tmp=tmp_path)
        assert done.returncode == 0
        assert sorted(tree(tmp_path / "out")) == ["strasse.txt", "straße.txt"]
        write(src, {"A.txt": paragraphs(2, 3), "a.txt": paragraphs(2, 4)})
        assert run(src, "-o", tmp_path / "out2", tmp=tmp_path).returncode == 2


class TestBatchOutputs:
    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_longest_valid_name(self, tmp_path, jobs):
        """A 242-byte name is written (its temporary name used to pass 255 bytes and stop
        the batch, leaving a different number of pages for each -j)."""
        long = "n" * 238 + ".txt"
        src = write(tmp_path / "src", {**pages(4), long: paragraphs(2, 9)})
        done = run(src, "-o", tmp_path / "out", "-j", jobs, "-q", tmp=tmp_path)
        assert (done.returncode, done.stderr) == (0, b"")
        assert sorted(tree(tmp_path / "out")) == sorted([*pages(4), long])
        assert leftovers(tmp_path / "out") == []

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_page_that_cannot_be_written(self, tmp_path, jobs):
        """A page whose place is taken (a file where its folder should be) is one failure;
        every other page is written, the same set for every -j."""
        src = write(tmp_path / "src", {**pages(6), "sub/a.txt": paragraphs(3, 9)})
        write(tmp_path / "out", {"sub": "a file, not a folder\n"})
        done = run(src, "-o", tmp_path / "out", "-j", jobs, tmp=tmp_path)
        assert done.returncode == 1
        assert batch_failures(done) == [f"{src}/sub/a.txt: cannot write sub/a.txt: "
                                        "Not a directory"]
        assert sorted(tree(tmp_path / "out")) == sorted([*pages(6), "sub"])
        assert leftovers(tmp_path / "out") == []

    def test_jobs_capped(self, tmp_path):
        """-j 1000 starts no more workers than there are pages (or usable cores)."""
        write(tmp_path / "src", pages(3))
        code = ("import sys, concurrent.futures as f, dedup.batch as b\n"
                "class Pool(f.ProcessPoolExecutor):\n"
                "    def __init__(self, max_workers, **kw):\n"
                "        print('workers', max_workers, file=sys.stderr)\n"
                "        super().__init__(max_workers, **kw)\n"
                "b.ProcessPoolExecutor = Pool\n"
                "from dedup.cli import main\n"
                "main()\n")
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "src"), "-o",
                               str(tmp_path / "out"), "-j", "1000", "-q"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0
        workers = [int(line.split()[1]) for line in done.stderr.splitlines()
                   if line.startswith("workers")]
        assert workers in ([], [2], [3]) and all(n <= (os.cpu_count() or 1) for n in workers)


# ---------------------------------------------------------------------------------------------
# JSON Lines: one bad record is one failure

class TestJsonLines:
    def test_bad_records_are_one_failure_each(self, tmp_path):
        """A stray byte, a lone surrogate escape (legal JSON, not text), a line that is not
        JSON, a record without its text field and one with an integer longer than Python
        reads (4300 digits): one failure line each; the 39 good records are written (one
        stray byte used to refuse the file and suggest gb18030; the surrogate and the long
        integer ended the batch with a traceback)."""
        good = [json.dumps({"id": n, "text": paragraphs(2, n)}, ensure_ascii=False)
                for n in range(39)]
        bad = [b'{"id": "byte", "text": "caf\xff latte is served here every morning."}',
               b'{"id": "surrogate", "text": "half an emoji \\ud83d in the middle of it."}',
               b'{"id": "not json", "text": ',
               b'{"id": "no text"}',
               b'{"id": "huge", "n": 1' + b"0" * 5000 + b', "text": "a long number."}']
        body = [line.encode() for line in good]
        for position, line in zip((3, 10, 20, 30, 35), bad):
            body.insert(position, line)
        write(tmp_path / "src", {"crawl.jsonl": b"\n".join(body) + b"\n"})
        done = run(tmp_path / "src", "-o", tmp_path / "out", "--jsonl", "--report",
                   tmp_path / "r.jsonl", tmp=tmp_path)
        assert done.returncode == 1
        failures = batch_failures(done)
        assert [line.split(": ", 1)[0] for line in failures] == [
            f"{tmp_path}/src/crawl.jsonl:{n}" for n in (4, 11, 21, 31, 36)]
        assert "not valid UTF-8" in failures[0] and "surrogate" in failures[1]
        assert "not a JSON record" in failures[2] and "no text field" in failures[3]
        assert "4300 digits" in failures[4]
        assert "gb18030" not in done.stderr.decode() and b"Traceback" not in done.stderr
        assert "5 failed" in lines(done.stderr)[-1]
        written = (tmp_path / "out" / "crawl.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in written] == list(range(39))


# ---------------------------------------------------------------------------------------------
# No tracebacks, one line each

class TestOneLine:
    @pytest.mark.parametrize("redirect", ["<&-", ">&-"], ids=["stdin-closed", "stdout-closed"])
    def test_closed_standard_streams(self, tmp_path, redirect):
        """`dedup <&-`, `dedup a.txt >&-`: one line, exit 1, and the input untouched (with
        stdout closed the next file opened would have taken its descriptor)."""
        source = write(tmp_path, {"a.txt": paragraphs(2) * 2}) / "a.txt"
        args = "" if redirect == "<&-" else "a.txt"
        done = subprocess.run(["bash", "-c", f'"{DEDUP}" {args} {redirect}'], cwd=tmp_path,
                              capture_output=True, timeout=60)
        assert done.returncode == 1
        [line] = lines(done.stderr)
        assert line.startswith("Error: std") and "closed" in line
        assert source.read_text(encoding="utf-8") == paragraphs(2) * 2

    def test_stderr_closed(self, tmp_path):
        """`dedup missing.txt 2>&-`: the error goes nowhere, not into stdout, which may be the
        data stream."""
        done = subprocess.run(["bash", "-c", f'"{DEDUP}" missing.txt 2>&-'], cwd=tmp_path,
                              capture_output=True, timeout=60)
        assert (done.returncode, done.stdout) == (2, b"")

    @needs_root
    def test_stdout_on_a_full_device(self, tmp_path):
        """Text or report to a stdout that cannot take it (a full disk; here a node of
        /dev/full's kind): one line naming stdout, exit 1."""
        source = write(tmp_path, {"a.txt": paragraphs(2) * 2}) / "a.txt"
        full = tmp_path / "full"
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        for args in ([source], [source, "-o", tmp_path / "out.txt", "--report", "-"]):
            with open(full, "wb") as stdout:
                done = run(*args, tmp=tmp_path, stdout=stdout, stderr=subprocess.PIPE,
                           capture_output=False)
            assert (done.returncode, lines(done.stderr)) == (
                1, ["Error: cannot write stdout: No space left on device"])

    @pytest.mark.parametrize("option", ["-t", "--boilerplate-share"])
    def test_nan(self, tmp_path, option):
        """NaN is not a number in range: a usage error, not a traceback."""
        write(tmp_path / "src", pages(3))
        done = run(tmp_path / "src", "-o", tmp_path / "out", option, "nan", tmp=tmp_path)
        assert done.returncode == 2 and "'nan' is not a number" in done.stderr.decode()
        assert b"Traceback" not in done.stderr

    def test_name_not_utf8_in_report(self, tmp_path):
        """A page name that is not UTF-8: the report stays valid UTF-8 JSON, its name
        escaped so that it gives back the exact bytes (it was a traceback)."""
        src = tmp_path / "src"
        write(src, pages(2))
        name = b"caf\xe9.txt"
        with open(os.path.join(os.fsencode(src), name), "wb") as stream:
            stream.write((paragraphs(2, 5) * 2).encode())  # a repeat: a report record
        with open(os.path.join(os.fsencode(src), b"empty\xff.txt"), "wb"):
            pass
        done = run(src, "-o", tmp_path / "out", "--report", tmp_path / "r.jsonl",
                   tmp=tmp_path)
        assert done.returncode == 1 and b"Traceback" not in done.stderr
        records = [json.loads(line) for line in
                   (tmp_path / "r.jsonl").read_bytes().decode("utf-8").splitlines()]
        assert {os.fsencode(r["page"]) for r in records} >= {name, b"empty\xff.txt"}
        assert batch_failures(done) == [f"{src}/empty\\xff.txt: empty page"]
        assert os.path.exists(os.path.join(os.fsencode(tmp_path / "out"), name))

    def test_newline_in_a_name_stays_on_one_line(self, tmp_path):
        """A file name with a newline is escaped in the failure and summary lines."""
        src = write(tmp_path / "src", {**pages(2), "two\nlines.txt": ""})
        done = run(src, "-o", tmp_path / "out", tmp=tmp_path)
        assert done.returncode == 1
        assert batch_failures(done) == [f"{src}/two\\nlines.txt: empty page"]
        assert len(lines(done.stderr)) == 2
        single = run(src / "two\nlines.txt", tmp=tmp_path)
        assert lines(single.stderr) == [f"{src}/two\\nlines.txt: 0 paragraphs in, 0 kept, "
                                        "0 removed"]


# ---------------------------------------------------------------------------------------------
# Signals and leftovers

def _limit_memory() -> None:
    # A run that reads without end fails here, not by taking the machine's memory.
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _group_gone(group: int, timeout: float = 20.0) -> bool:
    """Whether every process of the group has exited (a zombie waiting for whoever adopted
    it to collect its status counts as exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _running_in_group(group):
            return True
        time.sleep(0.05)
    return False


def _running_in_group(group: int) -> list[int]:
    running = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":  # state, ppid, pgrp
            running.append(int(entry.name))
    return running


def _started(tmp_path: Path, *args, count: int = 1500) -> tuple[subprocess.Popen, Path]:
    """A batch of ``count`` pages started in its own process group, once pass 2 writes."""
    src = write(tmp_path / "src", pages(count, size=30))
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(_tmpdir(tmp_path))}
    process = subprocess.Popen([DEDUP, str(src), "-o", str(out), *map(str, args)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    _wait_for(lambda: out.is_dir() and sum(1 for _ in os.scandir(out)) > 5
              or process.poll() is not None)
    assert process.poll() is None, "the batch ended before it could be interrupted"
    return process, out


@pytest.mark.slow
class TestSignals:
    @pytest.mark.parametrize("signum, code, what", [(signal.SIGINT, 130, "Ctrl-C"),
                                                    (signal.SIGTERM, 143, "SIGTERM"),
                                                    (signal.SIGHUP, 129, "SIGHUP")],
                             ids=["ctrl-c", "sigterm", "sighup"])
    def test_interrupted_batch(self, tmp_path, signum, code, what):
        """Ctrl-C or SIGHUP (to the whole process group, as a terminal sends them) or SIGTERM
        mid-batch: exit 130/129/143 with one line (not "Aborted!" and 1), the old report
        intact, no temporary file or folder, no worker left."""
        report = tmp_path / "r.jsonl"
        report.write_text("old report\n", encoding="utf-8")
        process, out = _started(tmp_path, "--report", report, "-j", "2")
        if signum != signal.SIGTERM:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == code
        assert lines(stderr) == [f"Interrupted ({what}): outputs not finished were left as "
                                 "they were."]
        assert report.read_text(encoding="utf-8") == "old report\n"
        assert leftovers(tmp_path) == []
        assert _group_gone(process.pid)

    def test_ctrl_c_while_starting(self, tmp_path):
        """Ctrl-C while the command's modules are imported, before its handlers are set: one
        line and exit 130, no traceback (here the import of dedup.cli is what stops)."""
        script = """
import sys
class Stop:
    def find_spec(self, name, path=None, target=None):
        if name == "dedup.cli":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Stop())
from dedup.__main__ import run
run()
"""
        done = subprocess.run([sys.executable, "-c", script, "-q"], input=b"text\n",
                              capture_output=True, timeout=60, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (130, b"")
        assert lines(done.stderr) == ["Interrupted (Ctrl-C): nothing was written."]

    def test_interrupted_pipe_mode(self, tmp_path):
        """SIGTERM while waiting for stdin: the old -o file stays, no temporary file."""
        out = tmp_path / "out.txt"
        out.write_text("old\n", encoding="utf-8")
        env = {**os.environ, "TMPDIR": str(_tmpdir(tmp_path))}
        process = subprocess.Popen([DEDUP, "-o", str(out)], stdin=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env)
        process.stdin.write(paragraphs(50).encode())
        process.stdin.flush()
        _wait_for(lambda: leftovers(tmp_path) != [])  # the temporary file is made first
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 143 and len(lines(stderr)) == 1
        assert out.read_text(encoding="utf-8") == "old\n" and leftovers(tmp_path) == []

    def test_killed_parent_workers_exit_and_next_run_cleans(self, tmp_path):
        """SIGKILL to the parent: its workers notice and exit; what it left (the staging
        folder, the work folder, the report's temporary file) the next run removes."""
        report = tmp_path / "r.jsonl"
        process, out = _started(tmp_path, "--report", report, "-j", "2")
        process.kill()
        process.communicate(timeout=60)
        assert _group_gone(process.pid), "workers outlived the parent"
        assert leftovers(tmp_path)  # what SIGKILL leaves: nothing could remove it
        # (A few pages: what matters is where it writes, not how much.)
        done = run(tmp_path / "src", "-o", out, "--report", report, "-q", "--include",
                   "p0000*.txt", tmp=tmp_path)
        assert done.returncode == 0
        assert leftovers(tmp_path) == []

    def test_killed_worker_is_an_error_not_silence(self, tmp_path):
        """A worker killed mid-batch: the parent says so in one line and exits 1 (with
        SIGPIPE reset for the whole process it sometimes died silently with 141)."""
        process, out = _started(tmp_path, "-j", "2")
        workers = [pid for pid in _running_in_group(process.pid) if pid != process.pid]
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 1
        assert lines(stderr) == ["Error: a worker process stopped without finishing its pages "
                                 "(killed, or out of memory?); the pages written are "
                                 "complete; run again, with fewer --jobs if memory is short"]
        assert leftovers(tmp_path) == []
        assert _group_gone(process.pid)

    @pytest.mark.parametrize("signum, code, what", [(signal.SIGINT, 130, "Ctrl-C"),
                                                    (signal.SIGHUP, 129, "SIGHUP")],
                             ids=["ctrl-c", "sighup"])
    def test_dask_ctrl_c_is_one_line(self, tmp_path, signum, code, what):
        """With --engine dask, Ctrl-C or SIGHUP to the process group prints the one line, not
        the cluster's warnings (SIGHUP reached the workers: some 50 lines of tracebacks)."""
        pytest.importorskip("distributed")
        process, out = _started(tmp_path, "--engine", "dask", "-j", "2", count=1000)
        os.killpg(process.pid, signum)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == code
        assert lines(stderr) == [f"Interrupted ({what}): outputs not finished were left as "
                                 "they were."]
        assert leftovers(tmp_path / "out") == []
        assert _group_gone(process.pid, timeout=60)
        # (nor the cluster's scratch folder, nor the workers' cache, in TMPDIR)
        assert list(_tmpdir(tmp_path).iterdir()) == []


class TestLeftovers:
    def test_stale_temporary_files_swept(self, tmp_path):
        """Temporary files and folders of processes that no longer exist are removed by the
        next run that writes there; those of a live process are kept."""
        dead = subprocess.Popen(["true"])
        dead.wait()
        stale = [tmp_path / "out" / f".dedup-{dead.pid}-0123456789ab.tmp",
                 tmp_path / f".dedup-{dead.pid}-0123456789ab.tmp",
                 _tmpdir(tmp_path) / f"dedup-{dead.pid}-0123456789ab"]
        live = tmp_path / "out" / f".dedup-{os.getpid()}-0123456789ab.tmp"
        write(tmp_path / "src", pages(3))
        for path in stale[:2] + [live]:
            path.parent.mkdir(exist_ok=True)
            path.write_text("partial", encoding="utf-8")
        stale[2].mkdir()
        (stale[2] / "pass-1.pickle").write_bytes(b"x")
        done = run(tmp_path / "src", "-o", tmp_path / "out", "--report", tmp_path / "r.jsonl",
                   "-q", "-j", "2", tmp=tmp_path)
        assert done.returncode == 0
        assert [path.exists() for path in stale] == [False, False, False]
        assert live.exists()


# ---------------------------------------------------------------------------------------------
# The writer itself, in process: the same guarantees on any machine (no root, no mounts)

class TestOutputWriter:
    @pytest.mark.parametrize("fault", [OSError(28, "No space left on device"),
                                       KeyboardInterrupt()], ids=["disk-full", "ctrl-c"])
    def test_fault_mid_write_leaves_the_old_file(self, tmp_path, monkeypatch, fault):
        """A write that fails or is interrupted half way: the old file as it was, no
        temporary file, and an error that names the user's path."""
        from dedup import outputs

        target = tmp_path / "out.txt"
        target.write_text("old\n", encoding="utf-8")
        writes = []

        def write(fd, data):
            writes.append(len(data))
            if len(writes) > 1:
                raise fault
            return real_write(fd, data)

        real_write = os.write
        expected = (pytest.raises(KeyboardInterrupt) if isinstance(fault, KeyboardInterrupt)
                    else pytest.raises(outputs.OutputError,
                                       match=f"cannot write {target}: No space"))
        with expected, outputs.Output(str(target)) as output:
            monkeypatch.setattr(outputs.os, "write", write)
            output.write(b"first half\n")
            output.write(b"second half\n")
        monkeypatch.undo()
        assert target.read_text(encoding="utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]

    def test_replaced_file_keeps_its_mode(self, tmp_path):
        """An existing file's permissions survive its replacement; a new file gets 0666 less
        the umask."""
        from dedup.outputs import Output

        private = tmp_path / "private.txt"
        private.write_text("old\n", encoding="utf-8")
        private.chmod(0o600)
        with Output(str(private)) as output:
            output.write(b"new\n")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
        assert private.read_text(encoding="utf-8") == "new\n"

    def test_check_paths(self, tmp_path):
        """The same file under two names, or the same new name twice, is a clash; two
        outputs to one character device are not."""
        from dedup.outputs import OutputClash, check_paths

        write(tmp_path, {"a.txt": "a\n"})
        (tmp_path / "b.txt").symlink_to("a.txt")
        with pytest.raises(OutputClash, match="is the input"):
            check_paths([("-o", str(tmp_path / "b.txt"))], [("the input", str(tmp_path / "a.txt"))])
        with pytest.raises(OutputClash, match="is the file of -o"):
            check_paths([("-o", str(tmp_path / "new.txt")),
                         ("--report", str(tmp_path / "." / "new.txt"))], [])
        check_paths([("-o", str(tmp_path / "new.txt")), ("--report", str(tmp_path / "r.txt"))],
                    [("the input", str(tmp_path / "a.txt"))])
        if ROOT:
            null = tmp_path / "null"
            os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            check_paths([("-o", str(null)), ("--report", str(null))], [])

    def test_docstring_examples(self):
        """The >>> examples of dedup.outputs hold (descriptor paths, printable names)."""
        import doctest
        import importlib

        failed, attempted = doctest.testmod(importlib.import_module("dedup.outputs"))
        assert attempted and not failed
