"""Wall time of `technopole validate` on the default project, from the shell.

Baseline to beat: the issue's budget of 2 s. Prints the median of N runs and the ratio to it,
plus the in-process time of gis.validate() once imports are warm.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 2.0
N = 7


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=N, help="runs from the shell (median)")
    ap.add_argument("--warm", type=int, default=10, help="warm in-process runs")
    args = ap.parse_args(argv)
    exe = Path(sys.executable).with_name("technopole")
    cmd = (
        [str(exe), "validate", "--format", "json"]
        if exe.exists()
        else [sys.executable, str(ROOT / "cli.py"), "validate", "--format", "json"]
    )
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        assert proc.returncode == 0, proc.stderr.decode()
    med = statistics.median(times)
    print(
        f"technopole validate (shell, {args.runs} runs): median {med:.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s; "
        f"{med / BUDGET_S:.2f}x of the {BUDGET_S:.0f} s budget"
    )

    sys.path.insert(0, str(ROOT))
    import gis.validation.runner as v

    v.validate()  # warm caches and imports
    t0 = time.perf_counter()
    for _ in range(args.warm):
        v.validate()
    print(
        f"gis.validate() in process, warm: {(time.perf_counter() - t0) / args.warm * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
