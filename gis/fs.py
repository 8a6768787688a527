"""File-system helpers: output planning, atomic writes and input hashing (public: maps and the
CLI use them).

Every command checks all its outputs with :func:`check_outputs` before it writes (or prints)
anything: a missing or unwritable folder, an existing file without ``--force``, a target that
is also one of the command's inputs (same real path, symlink or hard link) or two outputs on
one file are each one line (:class:`~gis.errors.OutputError`, exit code 2). Writers then go
through :func:`atomic_path`: the data goes to ``.NAME.technopole-tmp-XXXX.SUFFIX`` beside the
target and is moved onto it only when complete; such temporary files left by a killed run are
removed the next time the same target is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from gis.config import output_date
from gis.errors import OutputError, Terminated

TMP_MARK = ".technopole-tmp-"

__all__ = [
    "FIXED_DATE",
    "TMP_MARK",
    "Terminated",
    "atomic_path",
    "atomic_write",
    "check_outputs",
    "not_a_file",
    "output_date",
    "sha256_file",
    "sha256_text",
    "stable_zip",
    "unwind_on_sigterm",
]

#: The date written where a format needs one and the user asked for none (``SOURCE_DATE_EPOCH``
#: unset): 1980-01-01, the earliest date a ZIP file (XLSX) can hold. Same inputs, same bytes.
FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)


def _tmp_prefix(target: Path) -> str:
    return f".{target.name}{TMP_MARK}"


def _remove_stale(target: Path) -> None:
    """Remove temporary files a killed run left for ``target`` (only ours, only its own)."""
    with contextlib.suppress(OSError):
        for stale in target.parent.glob(f"{_tmp_prefix(target)}*"):
            with contextlib.suppress(OSError):
                if stale.is_dir():
                    for part in stale.iterdir():
                        part.unlink()
                    stale.rmdir()
                else:
                    stale.unlink()


def _probe(folder: Path, target: Path) -> None:
    """Fail with one line naming ``target`` when no file can be created in ``folder``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(target), dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write in folder {folder} ({exc.strerror or type(exc).__name__})"
        ) from exc
    os.close(fd)
    os.unlink(tmp)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _input_paths(inputs: Iterable[object]) -> list[Path]:
    """The existing files among ``inputs`` (``file.gpkg::layer`` and ``file/ID`` included)."""
    found: list[Path] = []
    flat = [v for value in inputs for v in (value if isinstance(value, list | tuple) else [value])]
    for value in flat:
        if isinstance(value, str | os.PathLike) and str(value) not in ("", "-"):
            text = str(value)
            for cand in (text, text.split("::")[0], text.rsplit("/", 1)[0]):
                with contextlib.suppress(OSError, ValueError):
                    if cand and Path(cand).exists():
                        found.append(Path(cand))
                        break
    return found


def check_outputs(
    files: Iterable[str | os.PathLike[str] | None] = (),
    *,
    folders: Iterable[str | os.PathLike[str] | None] = (),
    inputs: Iterable[object] = (),
    read_via: Mapping[str, Iterable[str | os.PathLike[str]]] | None = None,
    names: Iterable[str | None] = (),
    force: bool = False,
) -> list[Path]:
    """Check every output of a command before anything is written.

    Parameters
    ----------
    files
        Output files (``None`` entries are skipped).
    folders
        Output folders, created later if missing (``None`` entries are skipped).
    inputs
        What the command reads: paths, or option values that may be paths (``file.gpkg::layer``,
        ``file/ID``); values that name no existing file are ignored.
    read_via
        Files read through another one: ``{"s.yaml": [table.csv, ...]}`` for a scenario file
        and the files it names. An output on one of them is refused, naming ``s.yaml``.
    names
        The option of each of ``files`` (``"--out"``), in order, for the messages.
    force
        Allow replacing existing output files.

    Returns
    -------
    list of pathlib.Path
        The output files, in order.

    Raises
    ------
    OutputError
        One line naming the first target that cannot be written, and why.

    Examples
    --------
    >>> check_outputs(["/nonexistent-folder/x.json"])
    Traceback (most recent call last):
    ...
    gis.errors.OutputError: /nonexistent-folder/x.json: folder /nonexistent-folder does not exist
    """
    read = _input_paths(inputs)
    seen: list[Path] = []
    labels = list(names)
    for i, f in enumerate(files):
        if f is None:
            continue
        target = Path(f)
        direct = any(_same_file(target, src) for src in read)  # said as such below
        for via, paths in () if direct else (read_via or {}).items():
            if any(_same_file(target, Path(p)) for p in paths if Path(p).exists()):
                shown = f"{labels[i]} {target}" if i < len(labels) and labels[i] else target
                raise OutputError(
                    f"{shown} is an input of {via}; write to another file (--force never "
                    "replaces an input)"
                )
        _check_file(target, read, force)
        if any(_same_file(target, s) for s in seen):
            raise OutputError(f"{target}: named twice as an output of this command")
        seen.append(target)
    for folder in (Path(f) for f in folders if f is not None):
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: not a folder")
        existing = next(p for p in (folder, *folder.parents) if p.exists() or p == Path(p.anchor))
        if not existing.is_dir():
            raise OutputError(f"{folder}: {existing} is not a folder")
        _probe(existing, folder)
    return seen


def _check_file(target: Path, read: list[Path], force: bool, probe: bool = True) -> None:
    for src in read:
        if _same_file(target, src):
            raise OutputError(
                f"{target}: is also an input of this command; write to another "
                "file (--force never replaces an input)"
            )
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, not a file")
    if target.exists() and not force:
        raise OutputError(f"{target}: exists; pass --force to replace it")
    if probe:
        _probe(target.parent, target)


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it exists but is no regular file, as a problem; else None.

    Only the file's status is read (``os.stat``), never the file: a named pipe would block a
    reader for ever.

    Examples
    --------
    >>> not_a_file("/")
    'is a folder, not a regular file'
    >>> not_a_file("/no/such/file") is None
    True
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    kinds = (
        (stat.S_ISREG, None),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    what = next((kind for test, kind in kinds if test(mode)), "not a file")
    return None if what is None else f"is {what}, not a regular file"


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it onto ``target`` only on success.

    A failed write leaves ``target`` as it was (absent or the old file), never half-written.
    The temporary name is ``.NAME.technopole-tmp-XXXX.SUFFIX``; leftovers of a killed run for
    the same target are removed first.

    Parameters
    ----------
    target
        The file to create or replace.
    force
        When False, refuse to replace an existing file (:class:`~gis.errors.OutputError`).
    """
    target = Path(target)
    _check_file(target, [], force, probe=False)
    _remove_stale(target)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=_tmp_prefix(target), suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or type(exc).__name__})") from exc
    os.close(fd)
    os.unlink(tmp)  # writers such as GDAL want to create the file themselves
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror})") from exc
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write(
    target: str | os.PathLike[str], data: str | bytes | Iterable[str], *, force: bool = True
) -> Path:
    """Write text (UTF-8), bytes, or pieces of text one after the other (a large report that
    is never held as one string) to ``target`` atomically, and return its path.
    """
    with atomic_path(target, force=force) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        elif isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.writelines(data)
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


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def unwind_on_sigterm() -> None:
    """Make SIGTERM unwind the program (:class:`Terminated`) instead of killing it mid-write.

    Only the main thread can install a handler; elsewhere this does nothing.
    """
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)


def stable_zip(data: bytes) -> bytes:
    """The ZIP archive ``data`` (an XLSX workbook, ...) with every entry dated
    :func:`output_date` (or :data:`FIXED_DATE`), so two identical runs give the same bytes.

    An Office file's ``docProps/core.xml`` gets the same date as created and modified (openpyxl
    writes the clock time there on every save).
    """
    when = max(output_date() or FIXED_DATE, FIXED_DATE)
    stamp = f"{when:%Y-%m-%dT%H:%M:%SZ}".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + stamp + rb"\g<3>",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
            dst.writestr(entry, body)
    return out.getvalue()
