"""Which installed packages differ from a lock file (run by `make test-latest`).

Run with the Python of the venv to compare, e.g. ``.venv-latest/bin/python
requirements/diff_latest.py requirements/test.txt``: prints one line per package whose installed
version is not the locked one (name, locked version, installed version), then the packages
installed but not in the lock and those locked for this platform but not installed. Always
exits 0: the differences are news, not failures.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def canonical(name: str) -> str:
    """The normalised form of a distribution name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, tuple[str, str | None]]:
    """The pins of a lock file: name -> (version, environment marker or None)."""
    pins: dict[str, tuple[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := PIN.match(line):
            pins[canonical(m.group(1))] = (m.group(2), m.group(3))
    return pins


def installed() -> dict[str, str]:
    """Name -> version of every distribution in this interpreter's environment."""
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}


def main(argv: list[str]) -> int:
    """Print the differences between the environment and the lock file ``argv[1]``."""
    lock_path = Path(argv[1] if len(argv) > 1 else "requirements/test.txt")
    lock = read_lock(lock_path)
    have = installed()
    ignored = {"pip", "setuptools", "wheel", "technopole"}
    changed = sorted(
        (name, locked, have[name])
        for name, (locked, _) in lock.items()
        if name in have and have[name] != locked
    )
    extra = sorted((n, v) for n, v in have.items() if n not in lock and n not in ignored)
    missing = sorted(
        (n, v)
        for n, (v, marker) in lock.items()
        if n not in have and (marker is None or Marker(marker).evaluate())
    )
    print(f"test-latest: packages that differ from {lock_path}")
    if not (changed or extra or missing):
        print("  none: every installed version is the locked one")
    width = max([len(n) for n, *_ in changed + extra + missing] + [7])
    if changed:
        print(f"  {'package':<{width}}  {'locked':<14}  newest")
        for name, locked, new in changed:
            print(f"  {name:<{width}}  {locked:<14}  {new}")
    for name, version in extra:
        print(f"  {name:<{width}}  {'(not locked)':<14}  {version}")
    for name, version in missing:
        print(f"  {name:<{width}}  {version:<14}  (no longer installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
