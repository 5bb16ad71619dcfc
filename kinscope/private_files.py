"""Folders and files only the service account may read: the state directory, load reports,
quarantine files and the Neo4j store hold children's data (0700 folders, 0600 files, whatever the
umask)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO


def make_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents with mode 0700; tighten `path` itself if it exists."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
    os.chmod(path, 0o700)
    return path


def open_private(path: Path, mode: str = "w") -> TextIO:
    """Open a text file for writing ("w") or appending ("a") as mode 0600, whatever the umask."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, encoding="utf-8")
