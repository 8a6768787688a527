"""Run every benchmark in bench/ (``make bench``), then write the targets table of
docs/PERFORMANCE.md from what they measured.

Each ``bench_*.py`` prints its own figures and writes ``bench/results/targets_<stem>.json``: a
JSON list of ``{"target": str, "measured": str, "met": true | false | null}`` (see
``bench/targets.py``). This script collects every ``targets_*.json`` in the results folder,
sorted by name, and rewrites the block between ``<!-- bench:targets:start -->`` and
``<!-- bench:targets:end -->`` of the document: one row per target, then the machine it ran on.

    python bench/run.py                  # run every benchmark, then write the table
    python bench/run.py --no-run         # only rewrite the table from the results there
    python bench/run.py --only bench_sweep.py bench_startup.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from targets import RESULTS, ROOT, machine

HERE = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench:targets:start -->", "<!-- bench:targets:end -->"
MET = {True: "**yes**", False: "no", None: "not measured"}


def cell(text: Any) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def collect(folder: Path) -> list[dict[str, Any]]:
    """Every row of every ``targets_*.json`` in ``folder``, files sorted by name.

    Raises
    ------
    ValueError
        A file that is not a list of ``{"target", "measured", "met"}`` objects (named).
    """
    rows = []
    for path in sorted(folder.glob("targets_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ok = isinstance(data, list) and all(
            isinstance(r, dict)
            and isinstance(r.get("target"), str)
            and isinstance(r.get("measured"), str)
            and r.get("met", "missing") in (True, False, None)
            for r in data
        )
        if not ok:
            raise ValueError(f"{path}: expected a list of {{target, measured, met}} objects")
        rows += [{**r, "source": path.name} for r in data]
    return rows


def block(rows: list[dict[str, Any]], facts: dict[str, str]) -> str:
    """The Markdown between the markers: the targets table, then the machine."""
    lines = [
        START,
        "",
        "| target (2 cores, 24 GiB) | measured here | met? |",
        "|---|---|---|",
    ]
    lines += [f"| {cell(r['target'])} | {cell(r['measured'])} | {MET[r['met']]} |" for r in rows]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines += ["", f"Written by `make bench` (`bench/run.py`) on {when}, on this machine:", ""]
    lines += [f"- {k}: {cell(v)}" for k, v in facts.items()]
    return "\n".join([*lines, "", END])


def rewrite(doc: Path, text: str) -> None:
    """Replace the block between the markers of ``doc`` by ``text`` (atomically)."""
    old = doc.read_text(encoding="utf-8")
    if old.count(START) != 1 or old.count(END) != 1 or old.index(START) > old.index(END):
        raise ValueError(f"{doc}: expected one {START} ... {END} block")
    new = old[: old.index(START)] + text + old[old.index(END) + len(END) :]
    tmp = doc.with_name(doc.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, doc)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-run", action="store_true", help="only rewrite the table")
    ap.add_argument("--only", nargs="+", help="run only these bench_*.py scripts")
    ap.add_argument("--results", type=Path, default=RESULTS, help="folder of targets_*.json")
    ap.add_argument("--doc", type=Path, default=DOC, help="document with the markers")
    args = ap.parse_args(argv)
    failed = 0
    if not args.no_run:
        scripts = sorted(HERE.glob("bench_*.py"))
        if args.only:
            scripts = [s for s in scripts if s.name in args.only]
        for script in scripts:
            print(f"== {script.name}", flush=True)
            proc = subprocess.run([sys.executable, str(script)], cwd=ROOT)
            failed += proc.returncode != 0
    rows = collect(args.results)
    rewrite(args.doc, block(rows, machine()))
    print(f"wrote {len(rows)} target rows to {args.doc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
