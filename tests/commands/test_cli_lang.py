"""--lang on every command that prints a report: readable headers (and titles) in English,
Traditional Chinese or both; JSON keeps its codes, and without --lang the codes stay."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main


def run(*args: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code in (0, 1), r.output
    return r


def csv_header(*args: str) -> list[str]:
    return list(pd.read_csv(io.StringIO(run(*args, "--format", "csv").stdout)).columns)


@pytest.mark.parametrize(
    ("args", "codes", "zh"),
    [
        (("facts",), ["id", "description", "stated"], ["編號", "說明", "列明數值"]),
        (("layers", "list"), ["name", "features", "geometry"], ["名稱", "要素數目", "幾何類型"]),
        (("scenarios", "list"), ["name", "description", "base"], ["名稱", "說明", "基礎項目"]),
        (
            ("solve",),
            ["use_id", "name_en", "gfa_m2"],
            ["用途編號", "英文名稱", "總樓面面積（平方米）"],
        ),
        (
            ("sweep", "-n", "200"),
            ["constraint", "label", "violated"],
            ["限制條件", "說明", "違反次數"],
        ),
        (
            ("layers", "show", "loop.zones"),
            ["id", "zone_id", "name_en"],
            ["編號", "分區編號", "英文名稱"],
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_csv_headers_follow_lang_and_stay_codes_without_it(args, codes, zh):
    assert csv_header(*args)[:3] == codes
    assert csv_header(*args, "--lang", "zh")[:3] == zh
    both = csv_header(*args, "--lang", "both")[0]
    assert " / " in both and both.endswith(zh[0])


def test_terminal_tables_have_translated_titles_and_headers():
    out = run("facts", "--lang", "zh").stdout
    assert "事實核對：列明數值與量度數值" in out and "量度數值" in out
    out = run("solve", "--lang", "both").stdout
    assert "Allocation / 分配" in out and "Share / 佔比" in out
    out = run("sweep", "-n", "200", "--lang", "zh").stdout
    assert "限制條件" in out and "按佔比劃分的前沿：" in out
    assert "200 個分配" in out and "最常約束：" in out and "allocations" not in out
    out = run("sweep", "-n", "200").stdout
    assert out.startswith("200 allocations, ") and "binding most often: " in out


def test_json_keeps_its_codes_in_every_language():
    data = json.loads(run("facts", "--lang", "zh", "--format", "json").stdout)
    assert "description" in data[0]


def test_scenarios_check_writes_the_report_in_chinese():
    r = run("scenarios", "check", "ai-30pct", "--lang", "zh", "--format", "markdown")
    assert r.exit_code == 1
    assert "## 5. 檢查結果" in r.stdout and "超出其容量" in r.stdout
    assert "exceeds its capacity" not in r.stdout
