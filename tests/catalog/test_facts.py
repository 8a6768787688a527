"""Every stated figure holds on the encoded layers, and each check can fail."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner

import cli
import gis
from gis import config
from gis.catalog import fact_measures as _fact_measures
from gis.catalog.fact_file import read_fact_file
from gis.catalog.facts import FACTS, Fact, load_facts
from gis.errors import LayerError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table():
    return gis.check_facts()


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_stated_fact_holds_on_the_embedded_data(fact, table):
    row = table.loc[fact.id]
    assert row.passed, f"{fact.id}: stated {fact.value} {fact.unit}, measured {row.measured}"


def test_every_fact_cites_a_source_and_a_unit():
    for f in FACTS:
        assert f.source and f.unit and f.description, f.id
    assert len({f.id for f in FACTS}) == len(FACTS)


def test_the_headline_figures_are_registered():
    ids = {f.id for f in FACTS}
    for must in (
        "loop.area_ha",
        "loop.plan_area_ha",
        "loop.centre_offset_m",
        "loop.building_zones_off_ou_rd_m2",
        "context.nothing_north_of_border_m2",
        "loop.phase1_gfa_m2",
        "loop.height_min_mpd",
        "loop.height_max_mpd",
        "santin.area_ha",
        "santin.wetland_park_ha",
        "santin.it_land_with_loop_ha",
        "loop.lh_ntam_land_share_pct",
    ):
        assert must in ids


@pytest.mark.parametrize(
    ("comparison", "value", "tol", "relative", "measured", "ok"),
    [
        ("about", 87, 0.01, True, 87.8, True),
        ("about", 87, 0.01, True, 88.0, False),
        ("about", 0, 300, False, 301, False),
        ("at_most", 6, 0, False, 7, False),
        ("at_least", 200, 0, False, 199, False),
        ("about", 1, 0, False, float("nan"), False),
    ],
)
def test_fact_comparison_can_fail(comparison, value, tol, relative, measured, ok):
    f = Fact("x", "x", value, "u", "s", lambda: measured, tol, relative, comparison)
    assert f.holds(measured) is ok


def _copy_layers(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", dst)
    return dst


def test_a_shrunken_loop_fails_its_area_fact(tmp_path, monkeypatch):
    before = _fact_measures.ha("loop.boundary")
    dst = _copy_layers(tmp_path)
    path = dst / "loop_boundary.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    cx = sum(p[0] for p in ring) / len(ring)
    cy = sum(p[1] for p in ring) / len(ring)
    data["features"][0]["geometry"]["coordinates"][0] = [
        [cx + 0.97 * (x - cx), cy + 0.97 * (y - cy)] for x, y in ring
    ]  # about -6 % area
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["loop.area_ha", "passed"]
    assert t.loc["loop.area_ha", "measured"] == pytest.approx(before * 0.97**2, rel=0.002)
    assert not t.loc["loop.park_is_plan_less_ca", "passed"]


def test_an_edited_table_3_1_fails_its_facts(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    path = dst / "loop_gfa_phase1.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("520000", "530000"), encoding="utf-8")
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["table31.wet_lab_mfg.gfa_m2", "passed"]
    assert not t.loc["loop.phase1_gfa_m2", "passed"]
    assert t.loc["table31.dry_lab_office.gfa_m2", "passed"]


def _edit_features(dst: Path, file: str, edit) -> None:
    path = dst / file
    data = json.loads(path.read_text(encoding="utf-8"))
    for f in data["features"]:
        edit(f)
    path.write_text(json.dumps(data), encoding="utf-8")


def _shift(geom: dict, dlon: float, dlat: float) -> dict:
    return shapely.geometry.mapping(
        shapely.affinity.translate(shapely.geometry.shape(geom), dlon, dlat)
    )


def test_zones_moved_off_the_official_land_and_reversed_heights_fail(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)

    def move_ai(f):
        if f["properties"]["zone_id"] == "ai_data":
            f["geometry"] = _shift(f["geometry"], 0.0005, 0.0)  # about 50 m east

    _edit_features(dst, "loop_zones.geojson", move_ai)

    def reverse(f):
        f["properties"]["height_mpd"] = 222 - f["properties"]["height_mpd"]

    _edit_features(dst, "loop_height_bands.geojson", reverse)
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert t.loc["loop.building_zones_off_ou_rd_m2", "measured"] > 100
    assert not t.loc["loop.building_zones_off_ou_rd_m2", "passed"]
    assert not t.loc["loop.heights_rise_west_to_east", "passed"]
    assert not t.loc["loop.lower_by_river_and_green_belt", "passed"]


def test_a_wetland_park_pushed_into_shenzhen_fails(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    _edit_features(
        dst,
        "santin_wetland_park.geojson",
        lambda f: f.update(geometry=_shift(f["geometry"], 0.0, 0.01)),
    )  # 1.1 km north
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert t.loc["context.nothing_north_of_border_m2", "measured"] > 10_000
    assert not t.loc["context.nothing_north_of_border_m2", "passed"]


def test_the_centre_fact_measures_from_the_official_centroid():
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.0796, 22.5212)
    c = gis.load_layer("loop.plan_area").to_crs(2326).union_all().centroid
    assert ((c.x - x) ** 2 + (c.y - y) ** 2) ** 0.5 < 15  # the plan's own centroid
    assert _fact_measures.centre_offset_m() < 50


# --- the facts file --------------------------------------------------------------------------
def test_the_facts_file_loads_and_names_a_registered_measure_for_every_fact():
    entries = read_fact_file(ROOT / "layers")
    assert len(entries) == len(FACTS) == 44
    assert [e.id for e in entries] == [f.id for f in FACTS]
    for e in entries:
        assert e.measure in _fact_measures.MEASURES, e.id
        assert e.source and e.unit and e.name_en, e.id
    assert all(callable(f.measure) for f in load_facts(ROOT / "layers"))


def test_the_command_line_still_passes_all_44_facts(monkeypatch):
    monkeypatch.delenv(config.LAYERS_ENV, raising=False)
    r = CliRunner().invoke(cli.main, ["facts", "--format", "csv"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert r.stderr.strip().splitlines()[-1] == "44 passed, 0 failed"
    assert len(r.stdout.strip().splitlines()) == 1 + 44


def _edit_facts(dst: Path, fact_id: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once, inside the entry of ``fact_id`` in dst/facts.yaml."""
    path = dst / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact_id}\n")
    end = text.find("\n  - id:", start + 1)
    end = len(text) if end < 0 else end
    entry = text[start:end]
    assert entry.count(old) == 1, entry
    path.write_text(text[:start] + entry.replace(old, new) + text[end:], encoding="utf-8")


@pytest.mark.parametrize(
    ("fact_id", "old", "new", "problem"),
    [
        ("loop.area_ha", "measure: ha\n", "measure: hectares\n", "unknown measure 'hectares'"),
        ("loop.area_ha", "    tolerance: 0.01\n", "", "missing 'tolerance'"),
        ("loop.area_ha", "stated: 87", "stated: about 87", "'stated' must be a number"),
        ("loop.phases", "comparison: about", "comparison: equal", "'comparison' must be one of"),
        ("loop.phases", "{name: loop.phases}", "{layer: loop.phases}", "measure 'count':"),
        ("loop.batches", "tolerance_kind: absolute", "tolerance_kind: percent", "tolerance_kind"),
        ("table31.uir.gfa_m2", "row: uir, column: gfa_m2", "row: uir, column: gfa", "gfa"),
    ],
)
def test_a_broken_facts_file_is_one_line_naming_the_fact(
    tmp_path, monkeypatch, fact_id, old, new, problem
):
    dst = _copy_layers(tmp_path)
    _edit_facts(dst, fact_id, old, new)
    with pytest.raises(LayerError) as err:
        load_facts(dst)
    msg = str(err.value)
    assert "\n" not in msg
    assert f"facts.yaml: fact '{fact_id}': " in msg and problem in msg, msg
    # the command line: that one line, exit code 2
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    r = CliRunner().invoke(cli.main, ["facts"])
    assert r.exit_code == 2
    assert f"fact '{fact_id}'" in r.stderr and problem in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_mutated_stated_value_fails_its_fact_and_moves_the_manifest_figure(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    _edit_facts(dst, "loop.area_ha", "stated: 87", "stated: 95")
    _edit_facts(dst, "loop.phase1_gfa_m2", "1000000", "1200000")
    monkeypatch.setenv(config.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert t.loc["loop.area_ha", "stated"] == 95
    assert not t.loc["loop.area_ha", "passed"]
    assert not t.loc["loop.phase1_gfa_m2", "passed"]
    # the Table 3.1 cells are measured against the (changed) Phase 1 total
    assert not t.loc["table31.uir.gfa_m2", "passed"]
    assert t.loc["loop.height_max_mpd", "passed"]
    assert int((~t.passed).sum()) == 1 + 1 + 10
    # the manifest names these facts: its stated area and the table's total follow them
    layers = gis.list_layers()
    assert layers.loc["loop.boundary", "stated_area_ha"] == 95
    assert not layers.loc["loop.boundary", "area_ok"]
    assert gis.load_table("loop.gfa_phase1").attrs["stated_total_gfa_m2"] == 1_200_000


def test_the_manifest_states_no_figure_of_its_own():
    text = (ROOT / "layers" / "manifest.yaml").read_text(encoding="utf-8")
    for key in ("stated_area_ha:", "area_tolerance:", "stated_total_gfa_m2: 1", "_gfa_m2: 5"):
        assert key not in text
    facts = {e.id for e in read_fact_file(ROOT / "layers")}
    manifest = gis.manifest()
    named = [i["stated_area"] for i in manifest["layers"].values() if "stated_area" in i]
    for t in manifest["tables"].values():
        named += list((t.get("stated") or {}).values())
    assert len(named) == 6 and set(named) <= facts


def _table_3_1_figures() -> tuple[set[float], list[float]]:
    t = gis.load_table("loop.gfa_phase1")
    return set(t.gfa_m2.astype(float)), t.share_pct.astype(float).tolist()


def _numbers(node: ast.AST) -> list[float]:
    return [
        float(n.value)
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and type(n.value) in (int, float)
    ]


def table_3_1_copies(root: Path) -> list[str]:
    """Modules of ``root/gis`` that write Table 3.1 out again: two or more of its GFA figures,
    or its shares in a row, as number literals; and YAML files of ``root/layers`` that carry
    one of its GFA figures."""
    gfa, shares = _table_3_1_figures()
    found = []
    for path in sorted((root / "gis").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        numbers = _numbers(tree)
        seqs = [_numbers(n) for n in ast.walk(tree) if isinstance(n, ast.Tuple | ast.List)]
        if len(gfa & set(numbers)) >= 2 or any(
            shares == numbers[i : i + len(shares)] for numbers in seqs for i in range(len(numbers))
        ):
            found.append(str(path.relative_to(root)))
    for path in sorted((root / "layers").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        # a count of persons (HKPSG: "per 100,000 persons") is no GFA of Table 3.1
        text = re.sub(r"(?m)^\s*per_persons:.*$|[\d,_]+\s+persons", "", text)
        for g in gfa:
            n = f"{g:.0f}"
            pattern = rf"(?<![\d_,.]){n[:-3]}[_,]?{n[-3:]}(?![\d_,])"
            if re.search(pattern, text):
                found.append(f"{path.relative_to(root)} ({n})")
    return found


def test_table_3_1_is_written_once_in_its_csv():
    assert table_3_1_copies(ROOT) == []


def test_the_table_3_1_check_finds_a_copy(tmp_path):
    (tmp_path / "gis").mkdir()
    (tmp_path / "layers").mkdir()
    (tmp_path / "gis" / "uses.py").write_text("T = ((52, 520_000.0), (22, 220_000.0))\n")
    (tmp_path / "gis" / "shares.py").write_text("S = [52, 22, 5, 10, 11]\n")
    (tmp_path / "gis" / "limits.py").write_text("MAX_ROWS = 100_000\n")
    (tmp_path / "layers" / "facts.yaml").write_text("stated: 520,000\n")
    (tmp_path / "layers" / "ok.yaml").write_text("stated: 1520000\n")
    (tmp_path / "layers" / "people.yaml").write_text(
        "per_persons: 100000\nsource: 10 ha per 100,000 persons\ngfa: 100,000\n"
    )
    assert table_3_1_copies(tmp_path) == [
        "gis/shares.py",
        "gis/uses.py",
        "layers/facts.yaml (520000)",
        "layers/people.yaml (100000)",
    ]
