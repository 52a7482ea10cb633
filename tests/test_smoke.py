"""One real run of the installed command, in a subprocess."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "newspaper_page_zh.txt"
EXPECTED = ROOT / "tests" / "cases" / "pipe" / "newspaper_page_zh.out.txt"
DEDUP = shutil.which("dedup", path=str(Path(sys.executable).parent)) or shutil.which("dedup")


@pytest.mark.skipif(DEDUP is None, reason="the dedup command is not installed")
class TestInstalledCommand:
    def run(self, *args, seed="0", **kwargs):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run([DEDUP, *args], capture_output=True, env=env, timeout=60, **kwargs)

    def test_sample(self):
        """The installed command cleans the sample page exactly as expected."""
        done = self.run(str(SAMPLE))
        assert done.returncode == 0
        assert done.stdout == EXPECTED.read_bytes()
        assert done.stderr.decode().startswith(f"{SAMPLE}: 108 paragraphs in, 70 kept, 38 removed")

    def test_same_bytes_whatever_the_hash_seed(self):
        """Output does not depend on Python's per-process hash salt."""
        outputs = {self.run(str(SAMPLE), "-q", seed=seed).stdout for seed in ("1", "2", "3")}
        assert len(outputs) == 1

    def test_broken_pipe_is_quiet(self):
        """`dedup big.txt | head -1` ends without a traceback."""
        big = (SAMPLE.read_text(encoding="utf-8") + "\n\n") * 20
        reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL)
        done = subprocess.run([DEDUP, "-q", "-t", "99.9"], input=big.encode(), stdout=reader.stdin,
                              stderr=subprocess.PIPE, timeout=60)
        reader.stdin.close()
        reader.wait()
        assert b"Traceback" not in done.stderr and done.stderr == b""


def test_pipe_mode_leaves_batch_machinery_unloaded():
    """Start-up is most of a small pipe run: the command module does not load the process
    pool (batch mode) or the encoding detector (needed only when the input is not UTF-8)."""
    code = ("import sys, dedup.cli; from dedup.sources import decode; decode('文本'.encode()); "
            "print(sorted(m for m in ('dedup.batch', 'multiprocessing', 'concurrent.futures', "
            "'charset_normalizer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (0, "[]\n")
