"""Time to the first error of a scenario file holding many unknown keys (issue: a 1 MB file
took 4.6 s, a 10 MB one 91 s before saying anything).

Two files per size: unknown keys from the top (the first one is refused as it is read) and a
file whose one unknown key comes last, after a nested mapping of the same size (the whole file
is read first: this is the time to read it). Baseline in the same run: the same files read
without the early key check and with Python's cycle collector on, as before. Sizes above
1 MB raise TECHNOPOLE_MAX_YAML_MB and TECHNOPOLE_MAX_YAML_NODES for the run.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def unknown_first(n_bytes: int) -> str:
    """Unknown keys from the third line on, about ``n_bytes`` long."""
    lines, size, i = ["name: x", "base: embedded"], 0, 0
    while size < n_bytes:
        lines.append(f"unknown_{i}: {i}")
        size += len(lines[-1]) + 1
        i += 1
    return "\n".join(lines) + "\n"


def unknown_last(n_bytes: int) -> str:
    """A valid start, a large nested mapping, and one unknown key at the end."""
    lines, size, i = ["name: x", "base: embedded", "indicators:"], 0, 0
    while size < n_bytes:
        lines.append(f"  note_{i}: {i}")
        size += len(lines[-1]) + 1
        i += 1
    return "\n".join([*lines, "unknown_key: 1"]) + "\n"


def first_error_s(path: Path, old: bool, repeat: int) -> tuple[float, str]:
    """Median seconds until :func:`gis.load_scenario` raises, and the message's start."""
    import gis
    from gis.io import yaml_lines as _yaml_lines
    from gis.scenarios import schema as _scenario_schema

    saved = (_scenario_schema.unknown_top_key, _yaml_lines._no_cycle_collector)
    if old:  # as before the fix: no early key check, the cycle collector running
        _scenario_schema.unknown_top_key = lambda key: None  # type: ignore[assignment]
        _yaml_lines._no_cycle_collector = _yaml_lines.contextlib.nullcontext  # type: ignore
    times, message = [], ""
    try:
        for _ in range(repeat):
            gc.collect()
            t0 = time.perf_counter()
            try:
                gis.load_scenario(path)
            except gis.ScenarioError as exc:
                message = str(exc)
            times.append(time.perf_counter() - t0)
    finally:
        _scenario_schema.unknown_top_key, _yaml_lines._no_cycle_collector = saved
    assert "unknown key" in message, message[:300]
    return statistics.median(times), message.split(": unknown")[0]


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes-mb", type=float, nargs="+", default=[0.1, 0.5, 1.0, 10.0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    biggest = max(args.sizes_mb)
    os.environ["TECHNOPOLE_MAX_YAML_MB"] = str(max(1.0, biggest * 1.1))
    os.environ["TECHNOPOLE_MAX_YAML_NODES"] = str(int(max(100_000, biggest * 200_000)))
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes_mb:
            for kind, make in (("unknown first", unknown_first), ("unknown last", unknown_last)):
                path = Path(tmp) / f"{kind.replace(' ', '_')}_{mb:g}.yaml"
                path.write_text(make(int(mb * 1_000_000)), encoding="utf-8")
                now, where = first_error_s(path, old=False, repeat=args.repeat)
                before, _ = first_error_s(path, old=True, repeat=max(1, args.repeat // 3))
                rows.append({"mb": mb, "file": kind, "seconds": now, "before_s": before})
                print(
                    f"{mb:6g} MB, {kind:13}: first error after {now:7.3f} s "
                    f"(before: {before:7.3f} s, {before / now:6.1f}x) at {where.split(': ')[-1]}",
                    flush=True,
                )
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    return rows


if __name__ == "__main__":
    main()
