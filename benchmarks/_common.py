"""What the benchmark scripts share: the damage generator of the tests, and the description of
the machine and package versions that goes next to every figure."""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Damage a little lighter than the test defaults, so that about 1/3 of the paragraphs of a
# generated stream are removable copies (the test defaults give about 40%).
BENCH_DAMAGE = {"block": 0.3, "repeat": 0.6}


@functools.cache
def load_damage():
    """tests/damage.py, imported by path (tests/ need not be a package)."""
    spec = importlib.util.spec_from_file_location("bench_damage", REPO / "tests" / "damage.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
