"""Any site, any part of a layer: `layer/id`, `--where`, `--zone`; bad selections are one line."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely.geometry import box

import cli
import gis
from gis.catalog.site_select import select_site
from gis.errors import InputError
from gis.validation import validate

X0, Y0 = 833_000.0, 845_000.0


def _ozp(tmp_path):
    """A small zoning plan in the Town Planning Board's shape: ZONE_LABEL with sub-numbers."""
    gdf = gpd.GeoDataFrame(
        {"ZONE_LABEL": ["OU", "OU", "R(A)3", "G/IC(2)"], "plot_ratio": [5, 3, 6, 1]},
        geometry=[box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(4)],
        crs=2326,
    )
    path = tmp_path / "ozp.geojson"
    gdf.to_file(path)
    return path


def test_one_feature_of_a_layer_by_id():
    site = select_site("loop.phases/phase2")
    phases = gis.load_layer("loop.phases")
    assert list(site["id"]) == ["phase2"] and site.attrs["name"] == "loop.phases/phase2"
    r = validate(site="loop.phases/phase2")
    expected = gis.area_m2(phases[phases["id"] == "phase2"]).sum()
    assert r.summary["site_area_m2"] == pytest.approx(expected)


def test_a_filter_on_a_layer_keeps_only_matching_parcels():
    parcels = gis.load_layer("santin.parcels")
    site = select_site(
        "santin.parcels", where="land_use == 'i_and_t' and north_of_highway == 'True'"
    )
    want = parcels[(parcels.land_use == "i_and_t") & parcels.north_of_highway]
    assert sorted(site["id"]) == sorted(want["id"])


def test_numeric_filters_and_zone_labels_or_families(tmp_path):
    path = _ozp(tmp_path)
    assert list(select_site(str(path), where="plot_ratio >= 5").plot_ratio) == [5, 6]
    assert len(select_site(str(path), zone="OU")) == 2
    assert list(select_site(str(path), zone="R(A)").ZONE_LABEL) == ["R(A)3"]  # family of R(A)3
    assert list(select_site(str(path), zone="G/IC").ZONE_LABEL) == ["G/IC(2)"]


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        (dict(spec="loop.phases/phase9"), "no feature with id 'phase9'"),
        (dict(spec="santin.parcels", where="__import__('os').system('true')"), "cannot read"),
        (dict(spec="santin.parcels", where="land_use == 'road' or 1"), "cannot read"),
        (dict(spec="santin.parcels", where="colour == 'red'"), 'no column "colour"'),
        (dict(spec="santin.parcels", where="land_use == 'casino'"), "selects no feature"),
        (dict(spec="loop.phases", zone="OU"), "no zone_label or family column"),
    ],
)
def test_a_bad_selection_is_one_line_naming_the_site(kw, problem):
    spec = kw.pop("spec")
    with pytest.raises(InputError) as exc:
        select_site(spec, **kw)
    msg = str(exc.value)
    assert f"site '{spec}'" in msg and problem in msg and "\n" not in msg


def test_a_site_with_a_stated_area_is_checked_against_it(tmp_path):
    r = validate(site="loop.boundary")
    rec = next(c for c in r.checklist if c.check == "geometry.area_vs_stated")
    assert rec.ran and "geometry.area_vs_stated" not in r.checks()
    off = gpd.GeoDataFrame(
        {"id": ["x"], "stated_area_ha": [2.0]}, geometry=[box(X0, Y0, X0 + 100, Y0 + 100)], crs=2326
    )
    r = validate(site=off)
    assert "geometry.area_vs_stated" in r.checks() and not r.ok


def test_a_zoning_plan_cut_by_zone_is_its_own_zones_and_takes_family_rules(tmp_path):
    path = _ozp(tmp_path)
    rules = tmp_path / "rules.csv"
    rules.write_text(
        "scope,name,limit,value,source\nfamily,OU,max_plot_ratio,5,test Notes\n", encoding="utf-8"
    )
    r = validate(site=str(path), zone="OU", zone_rules=str(rules))
    rec = next(c for c in r.checklist if c.check == "site.capacity")
    assert rec.ran and rec.source == "test Notes"
    assert "site.over_capacity" in r.checks()  # 1,000,000 m² on 2 ha at plot ratio 5


def test_cli_site_where_zone_and_rules(tmp_path):
    run = CliRunner().invoke
    r = run(cli.main, ["validate", "--site", "loop.phases/phase9"])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "loop.phases/phase9" in r.stderr
    r = run(cli.main, ["validate", "--site", "santin.parcels", "--where", "land_use = 'x'"])
    assert r.exit_code == 2 and "cannot read" in r.stderr
    path = _ozp(tmp_path)
    rules = tmp_path / "rules.csv"
    rules.write_text(
        "scope,name,limit,value,source\nfamily,OU,max_gfa_m2,10,test\n", encoding="utf-8"
    )
    r = run(
        cli.main,
        [
            "validate",
            "--site",
            str(path),
            "--zone",
            "OU",
            "--rules",
            str(rules),
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 1 and '"site.over_capacity"' in r.stdout


def test_a_site_cut_from_the_zones_is_checked_zone_by_zone():
    site = "loop.zones"
    where = "zone_type == 'functional'"
    r = validate(site=site, where=where, bands="loop.height_bands")
    zones = gis.load_layer(site)
    functional = zones[zones.zone_type == "functional"].zone_id
    cov = next(c for c in r.checklist if c.check == "zone.max_site_coverage")
    assert cov.ran and cov.scope == "zones " + ", ".join(functional)
    # no use-to-zone mapping names these zones alone: the site is held to their sum instead
    assert next(c for c in r.checklist if c.check == "site.capacity").ran


def test_a_quoted_value_holding_and_is_one_value():
    site = select_site(
        "tpb:S/LMCL/2",
        where="spuse_en == 'Research and Development, Education, and Cultural and Creative "
        "Industries'",
    )
    assert len(site) == 5
    assert gis.area_m2(site).sum() / 10_000 == pytest.approx(38.57, abs=0.01)


def test_zone_names_an_other_specified_use_sub_type():
    """--zone OU on S/LMCL/2 took the sewage works and the ecological area too (53.49 ha)."""
    rd = select_site("tpb:S/LMCL/2", zone="OU(R&D)")
    assert gis.area_m2(rd).sum() / 10_000 == pytest.approx(38.57, abs=0.01)
    assert set(select_site("tpb:S/LMCL/2", zone="OU(生態區)").spuse_en) == {"Ecological Area"}
    assert len(select_site("tpb:S/LMCL/2", zone="Sewage Treatment Works")) == 1
    every = select_site("tpb:S/LMCL/2", zone="OU(*)")
    assert gis.area_m2(every).sum() / 10_000 == pytest.approx(53.49, abs=0.01)
    with pytest.raises(InputError, match=r'--zone "OU" takes zones of 3 specified uses'):
        select_site("tpb:S/LMCL/2", zone="OU")


RD = "Research and Development, Education, and Cultural and Creative Industries"


def test_a_quoted_value_holding_and_is_one_value_also_beside_another_clause():
    """The parser once split on every 'and', even inside quotes, and could not read the rest."""
    site = select_site("tpb:S/LMCL/2", where=f"spuse_en == '{RD}'")
    assert set(site.spuse_en) == {RD} and len(site) == 5
    assert gis.area_m2(site).sum() / 1e4 == pytest.approx(38.57, abs=0.01)
    both = select_site("tpb:S/LMCL/2", where=f"spuse_en == \"{RD}\" and id != 'z002'")
    assert sorted(both.id) == ["z003", "z004", "z005", "z011"]


@pytest.mark.parametrize(
    "zone",
    ["OU(R&D)", "OU (R&D)", f"OU({RD})", "OU（研究與發展）", RD, "Research and Development"],
)
def test_an_ou_sub_type_is_named_by_its_specified_use(zone):
    site = select_site("tpb:S/LMCL/2", zone=zone)
    assert set(site.spuse_en) == {RD}
    assert gis.area_m2(site).sum() / 1e4 == pytest.approx(38.57, abs=0.01)  # not 53.49


@pytest.mark.parametrize(
    ("zone", "spuse"),
    [("OU(STW)", "Sewage Treatment Works"), ("OU(Ecological Area)", "Ecological Area")],
)
def test_the_other_ou_sub_types_alone(zone, spuse):
    assert list(select_site("tpb:S/LMCL/2", zone=zone).spuse_en) == [spuse]


@pytest.mark.parametrize("sub", ["EA", "ST", "STW", "E", "生態區", "Ecological"])
def test_a_short_name_never_takes_another_specified_use(sub):
    """'OU(EA)' once took all 53.49 ha ('ea' is inside 'Research'), 'OU(ST)' the R&D land too
    ('st' is inside 'Industries'): a short name is the beginning of the words or the initials,
    and one naming several specified uses is refused like a bare OU."""
    try:
        site = select_site("tpb:S/LMCL/2", zone=f"OU({sub})")
    except InputError as exc:
        assert "specified uses" in str(exc)
    else:
        assert site.spuse_en.nunique() == 1, sorted(set(site.spuse_en))


def test_each_choice_the_refusal_offers_takes_one_specified_use():
    with pytest.raises(InputError) as exc:
        select_site("tpb:S/LMCL/2", zone="OU")
    offered = re.findall(r'--zone "(OU\([^"*]+\))"', str(exc.value))
    assert len(offered) == 3
    for zone in offered:
        assert select_site("tpb:S/LMCL/2", zone=zone).spuse_en.nunique() == 1


def test_ou_alone_over_several_specified_uses_is_refused_naming_each():
    """--zone OU on S/LMCL/2 once took the sewage works and the ecological area too."""
    with pytest.raises(InputError) as exc:
        select_site("tpb:S/LMCL/2", zone="OU")
    msg = str(exc.value)
    assert "3 specified uses" in msg and "38.57 ha" in msg and "\n" not in msg
    assert "Sewage Treatment Works (1 feature, 2.12 ha)" in msg
    assert '--zone "OU(*)"' in msg
    with pytest.raises(InputError, match="specified uses of OU"):
        select_site("tpb:S/LMCL/2", zone="OU(casino)")


def test_cli_zone_ou_sub_type_and_quoted_where():
    run = CliRunner().invoke
    r = run(cli.main, ["validate", "--site", "tpb:S/LMCL/2", "--zone", "OU"])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    for extra in (["--zone", "OU(R&D)"], ["--where", f"spuse_en == '{RD}'"]):
        r = run(cli.main, ["validate", "--site", "tpb:S/LMCL/2", *extra, "--format", "json"])
        assert r.exit_code in (0, 1, 4), r.stderr
        area = json.loads(r.stdout)["summary"]["site_area_ha"]
        assert area == pytest.approx(38.57, abs=0.01)
