"""The everyday corpus: inputs a planner really has, each with the answer worked out by hand.

Each ``cases_*.yaml`` beside this file lists cases::

    - id: share_only_with_total            # unique
      why: 44+30+5+10+11 % of 1,000,000 m2 = 1,000,000 m2; ai_data over capacity -> FAIL
      files: {t.csv: "Use,Share\\n..."}     # written into a temporary folder {t}
      args: [validate, "{t}/t.csv", --total-gfa, "1000000"]   # {e}: this folder
      exit: 1                               # 0 PASS, 1 FAIL, 2 bad input, 4 not enough to judge
      status: FAIL                          # the verdict word the JSON report starts with
      total_gfa_m2: 1000000                 # the report's total GFA (validate only)
      fragment: "share x total"             # optional: text the terminal output holds

A ``validate`` case is run twice: as written (exit code, fragment) and with ``--format json``
(status word and total GFA). Whatever the case, an exit of 0 never comes with a total GFA of 0
or with a check the verdict rests on left unrun.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import cli

HERE = Path(__file__).resolve().parent
CASES: list[dict[str, Any]] = [
    case
    for path in sorted(HERE.glob("cases_*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []
]


def _args(case: dict[str, Any], tmp: Path) -> list[str]:
    for name, text in (case.get("files") or {}).items():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            target.write_text(text, encoding="utf-8")
        else:
            target.write_bytes(bytes(text))
    return [str(a).replace("{t}", str(tmp)).replace("{e}", str(HERE)) for a in case["args"]]


def test_the_corpus_is_complete():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert {"id", "why", "args", "exit"} <= set(case), case.get("id")
        if case["args"][0] == "validate" and case["exit"] in (0, 1, 4):
            assert "status" in case and "total_gfa_m2" in case, case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_everyday_input_gets_the_answer_worked_out_by_hand(case, tmp_path):
    args = _args(case, tmp_path)
    result = CliRunner().invoke(cli.main, args)
    output = result.stdout + result.stderr
    assert result.exit_code == case["exit"], output[-3000:]
    if "fragment" in case:
        assert case["fragment"] in " ".join(output.split()), output[-3000:]
    if args[0] != "validate" or case["exit"] not in (0, 1, 4):
        return
    as_json = CliRunner().invoke(cli.main, [*args, "--format", "json"])
    assert as_json.exit_code == case["exit"], as_json.stdout[-2000:] + as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["status"].split()[0] == case["status"], report["status"]
    total = report["summary"].get("total_gfa_m2")
    if case["total_gfa_m2"] is None:
        assert total is None or total != total or total == 0, total  # none established
    else:
        assert total == pytest.approx(case["total_gfa_m2"], rel=1e-6)
    if case["exit"] == 0:  # an earned PASS
        assert total and total > 0, report["status"]
        core = {c["check"] for c in report.get("checks", []) if c.get("core") and not c["ran"]}
        assert core == set(), core
