"""Wall time of `technopole validate` on the default project, from the shell.

Baseline to beat: the issue's budget of 2 s. Prints the median of N runs and the ratio to it,
plus the in-process time of gis.validate() once imports are warm.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 2.0
N = 7


def main() -> None:
    exe = Path(sys.executable).with_name("technopole")
    cmd = [str(exe), "validate", "--format", "json"] if exe.exists() else \
        [sys.executable, str(ROOT / "cli.py"), "validate", "--format", "json"]
    times = []
    for _ in range(N):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        assert proc.returncode == 0, proc.stderr.decode()
    med = statistics.median(times)
    print(f"technopole validate (shell, {N} runs): median {med:.3f} s, min {min(times):.3f} s, "
          f"max {max(times):.3f} s; {med / BUDGET_S:.2f}x of the {BUDGET_S:.0f} s budget")

    sys.path.insert(0, str(ROOT))
    import gis.validation as v

    v.validate()  # warm caches and imports
    t0 = time.perf_counter()
    for _ in range(10):
        v.validate()
    print(f"gis.validate() in process, warm: {(time.perf_counter() - t0) / 10 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
