"""Folders of pages for the batch tests: write some, read a whole tree back."""

from __future__ import annotations

from pathlib import Path


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write each file (text as UTF-8) under ``folder``, making folders as needed."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: its POSIX path relative to it, and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
