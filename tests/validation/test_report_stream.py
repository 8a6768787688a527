"""The JSON report streamed piece by piece: the same values as the in-memory document, zone
rows encoded column by column, and validity measured once per layer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

import gis
import maps
from gis.formats import iter_json, json_records, to_json
from gis.fs import atomic_write

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import tiling  # noqa: E402


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return tiling.write_inputs(400, tmp_path_factory.mktemp("tiling"), fgb=False)


@pytest.fixture(scope="module")
def report(inputs: dict[str, Path]) -> gis.ValidationReport:
    return gis.validate(site=str(inputs["site"]), zones=str(inputs["parcels"]))


def test_json_records_are_the_values_the_in_memory_json_holds() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", 'q"uote', "地段 50%"],
            "m2": [1.5, float("nan"), float("inf")],
            "n": np.array([1, 2, 3], dtype=np.int64),
            "ok": [True, False, True],
            "maybe": ["x", None, "z"],
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "text": pd.array(["p", None, "r"], dtype="string"),
            "third": [1 / 3, -0.0, 1e300],
            "%s": [0.1, 0.2, 0.30000000000000004],
        }
    )
    streamed = [json.loads(r) for r in json_records(df)]
    assert streamed == json.loads(to_json(df.to_dict(orient="records")))
    assert '"id": "地段 50%"' in list(json_records(df))[2]  # UTF-8, not \\u escapes
    assert list(json_records(df, block=2)) == list(json_records(df))  # blocks of rows


def test_iter_json_writes_what_to_json_writes() -> None:
    doc = {"ok": False, "summary": {"a": 1.0, "b": float("nan")}, "uses": [], "rows": [1, 2]}
    parts = [(k, iter(json.dumps(x) for x in v) if k == "rows" else v) for k, v in doc.items()]
    assert "".join(iter_json(parts)) == to_json(doc)
    assert "".join(iter_json([("rows", iter(()))])) == to_json({"rows": []})
    assert "".join(iter_json([])) == to_json({})


def test_streamed_report_equals_the_in_memory_document(report: gis.ValidationReport) -> None:
    assert len(report.zones) > 300 and report.issues
    streamed = json.loads("".join(report.iter_json()))
    assert streamed == json.loads(to_json(report.to_dict()))
    assert list(streamed) == list(report.to_dict())  # same keys in the same order
    rendered = json.loads(maps.render_report(report, "json"))  # the report, then its paper
    assert list(rendered)[-1] == "paper" and list(rendered)[:-1] == list(streamed)
    assert {k: v for k, v in rendered.items() if k != "paper"} == streamed


def test_report_file_is_written_in_pieces_and_equals_the_rendered_text(
    report: gis.ValidationReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    maps.show_report(report, "json", out)
    assert out.read_text(encoding="utf-8") == maps.render_report(report, "json") + "\n"
    err = capsys.readouterr().err
    assert f"wrote {out}" in err and report.count_line() in err
    maps.show_report(report, "json", None)  # standard output: the same text
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_atomic_write_takes_pieces_of_text(tmp_path: Path) -> None:
    path = atomic_write(tmp_path / "a.txt", (f"{i}\n" for i in range(3)))
    assert path.read_text() == "0\n1\n2\n"


def _count_validity(monkeypatch: pytest.MonkeyPatch, n: int) -> list[int]:
    calls: list[int] = []
    for name in ("is_valid", "is_valid_reason"):
        real = getattr(shapely, name)

        def counted(geoms, *a, _real=real, **k):  # type: ignore[no-untyped-def]
            if np.size(geoms) == n:
                calls.append(n)
            return _real(geoms, *a, **k)

        monkeypatch.setattr(shapely, name, counted)
    return calls


def test_zones_read_from_a_file_are_checked_for_validity_once(
    inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    n = len(gis.read_layer(inputs["parcels"]))
    calls = _count_validity(monkeypatch, n)
    r = gis.validate(site=str(inputs["site"]), zones=str(inputs["parcels"]))
    assert len(calls) == 1  # the reader's; the geometry checks and overlaps reuse it
    assert "geometry.overlap" in r.checks()


def test_zones_given_as_a_frame_are_checked_once_and_invalid_ones_reported(
    inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    zones = gis.read_layer(inputs["parcels"])
    bow = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    zones.loc[3, "geometry"] = shapely.affinity.translate(
        bow, *zones.geometry.iloc[3].centroid.coords[0]
    )
    calls = _count_validity(monkeypatch, len(zones))
    r = gis.validate(site=str(inputs["site"]), zones=zones)
    assert len(calls) == 1  # measured once, for the validity check and the overlaps
    invalid = [i for i in r.issues if i.check == "geometry.invalid"]
    assert len(invalid) == 1 and "Self-intersection" in invalid[0].message
