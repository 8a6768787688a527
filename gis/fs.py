"""File-system helpers: atomic writes and input hashing (public: maps and the CLI use them)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it onto ``target`` only on success.

    A failed write leaves ``target`` as it was (absent or the old file), never half-written.

    Parameters
    ----------
    target
        The file to create or replace.
    force
        When False, refuse to replace an existing file (:class:`~gis.errors.OutputError`).
    """
    target = Path(target)
    if target.exists() and not force:
        raise OutputError(f"{target}: exists; pass --force to replace it")
    if not target.parent.exists():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # writers such as GDAL want to create the file themselves
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write(
    target: str | os.PathLike[str], data: str | bytes, *, force: bool = True
) -> Path:
    """Write text (UTF-8) or bytes to ``target`` atomically and return its path."""
    with atomic_path(target, force=force) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
    return Path(target)


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, hex encoded."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_text(text: str) -> str:
    """SHA-256 of a string's UTF-8 bytes, hex encoded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
