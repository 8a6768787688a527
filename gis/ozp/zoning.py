"""Designers' layers against the statutory ground: which official zones each polygon falls on.

:func:`zoning_check` overlays a user's polygons (a masterplan's zones, parcels, a "Bio-Med"
cluster) on the zones of one or more Outline Zoning Plans and reports, for each polygon, the
official zones under it with their areas (m², HK1980 Grid, EPSG:2326) and shares of the
polygon. It flags what a planner would question:

- a building use on land zoned for roads or kept open or green: Major Road and Junction
  (``MRDJ``), Open Space (``O``), Conservation Area (``CA``), Green Belt (``GB``), Coastal
  Protection Area (``CPA``), Site of Special Scientific Interest (``SSSI``); a polygon with no use
  given (no ``use``, ``land_use`` or ``zone`` column, or an empty value) on such land is flagged
  ``check``;
- a polygon crossing a plan's boundary;
- land outside every plan loaded.

Pieces under :data:`MIN_AREA_M2`, or slivers narrower than :data:`MIN_WIDTH_M` on average, are
digitising noise along shared edges, left out. The overlay is vectorised (STRtree queries, array
intersections), never a loop over zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import LayerError
from gis.formats import plural
from gis.ozp.plan import Plan, open_plan

__all__ = ["MIN_AREA_M2", "PROTECTED", "ZoningCheck", "is_building_use", "zoning_check"]

MIN_AREA_M2 = 1.0
"""Pieces (polygon x zone, polygon outside a plan) smaller than this are not counted."""
MIN_WIDTH_M = 1.0
"""Pieces narrower than this on average (2 x area / perimeter) are slivers: not counted."""
PROTECTED = ("MRDJ", "O", "CA", "GB", "CPA", "SSSI")
"""Zone families where a building use is questioned."""
USE_COLUMNS = ("use", "land_use", "zone")
"""The columns that say a polygon's use, first found (any case)."""
DEFAULT_PLAN = "S/LMCL/2"

# Uses that put up no building: open space, roads, green and conservation land (English words
# as whole words of the value, Chinese as parts of it).
_OPEN_WORDS = (
    "open space|o|park|garden|green|greenery|green belt|gb|landscape|landscaping|"
    "amenity|plaza|road|roads|street|highway|junction|mrdj|transport|footpath|cycle track|"
    "wetland|water|pond|river|nullah|conservation|ca|cpa|sssi|nature|ecological|buffer|"
    "agriculture|agr"
)
_OPEN = re.compile(rf"(?:^|[^a-z0-9])(?:{_OPEN_WORDS})(?:$|[^a-z0-9])")
_OPEN_ZH = ("休憩", "公園", "花園", "綠化", "道路", "路口", "濕地", "保育", "海岸保護", "自然")


def is_building_use(value: Any) -> bool | None:
    """Whether a use puts up buildings: False for open space, roads, green and conservation
    land, None when no use is given, True otherwise.

    >>> is_building_use("Bio-Med"), is_building_use("open_space"), is_building_use("  ")
    (True, False, None)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = " ".join(str(value).split()).lower()
    if not text:
        return None
    return not (_OPEN.search(text.replace("_", " ")) or any(w in text for w in _OPEN_ZH))


@dataclass
class ZoningCheck:
    """What :func:`zoning_check` found.

    Attributes
    ----------
    polygons
        One row per user polygon: ``polygon``, ``name``, ``use``, ``area_m2``, ``plans``,
        ``zones`` (``"OU 61.8%, MRDJ 38.2%"``), ``outside_m2``, ``flag`` (``question``,
        ``check`` or empty), ``reasons_en``, ``reasons_zh``.
    pieces
        One row per polygon and official zone (and per polygon outside every plan, with no
        ``plan_no``): ``polygon``, ``name``, ``use``, ``plan_no``, ``zone_id``, ``zone_label``,
        ``family``, ``zone_en``, ``zone_zh``, ``area_m2``, ``share_pct``, ``flag``.
    plans
        The plans checked against: ``plan_no``, names, ``pub_date``, ``aprv_date``.
    read_from
        The layer checked.
    """

    polygons: pd.DataFrame
    pieces: pd.DataFrame
    plans: list[dict[str, Any]] = field(default_factory=list)
    read_from: str = ""
    min_area_m2: float = MIN_AREA_M2

    @property
    def flagged(self) -> int:
        """The number of polygons flagged (``question`` or ``check``)."""
        return int((self.polygons["flag"] != "").sum())

    @property
    def ok(self) -> bool:
        """True when no polygon is flagged."""
        return self.flagged == 0

    def summary(self, lang: str = "en") -> str:
        """One line: polygons, plans, flagged.

        Parameters
        ----------
        lang
            ``"en"``, ``"zh"`` or ``"both"``.

        Returns
        -------
        str
        """
        n, plans = len(self.polygons), ", ".join(p["plan_no"] for p in self.plans)
        q = int((self.polygons["flag"] == "question").sum())
        en = (
            f"zoning check: {plural(n, 'polygon')} on {plans}: {self.flagged} flagged "
            f"({q} question, {self.flagged - q} check)"
        )
        zh = (
            f"分區核對：{n} 個多邊形，圖則 {plans}：{self.flagged} 個須注意"
            f"（{q} 個質疑，{self.flagged - q} 個待核）"
        )
        return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (both languages): plans, counts, polygons and pieces.

        Returns
        -------
        dict
        """
        return {
            "read_from": self.read_from,
            "crs": "EPSG:2326",
            "min_area_m2": self.min_area_m2,
            "plans": self.plans,
            "polygons_checked": len(self.polygons),
            "flagged": self.flagged,
            "polygons": self.polygons.to_dict(orient="records"),
            "pieces": self.pieces.to_dict(orient="records"),
        }


def _plans(plan: Any, crs: Any) -> list[Plan]:
    from gis.ozp.many import is_collection, read_plans

    if isinstance(plan, Plan):
        return [plan]
    if isinstance(plan, list | tuple):
        return [p for item in plan for p in _plans(item, crs)]
    text = str(plan).strip()
    text = text[4:] if text.lower().startswith("tpb:") else text
    if is_collection(text):
        return read_plans(text, crs=crs)[0]
    return [open_plan(text, crs=crs)]


def _user_layer(layer: Any, crs: Any, repair: bool) -> gpd.GeoDataFrame:
    from gis.io.layers import HK1980, read_layer

    if not isinstance(layer, gpd.GeoDataFrame):
        text = str(layer)
        if text.lower().startswith("tpb:"):
            from gis.ozp.plan import plan_layer

            layer = plan_layer(text[4:])
        else:
            layer = read_layer(
                Path(layer), crs=crs, geom_types=("Polygon", "MultiPolygon"), repair=repair
            )
    if layer.crs is None:
        raise LayerError("has no CRS: set one (e.g. EPSG:2326) before the zoning check")
    if not len(layer):
        raise LayerError("has no polygons to check", source=layer.attrs.get("name"))
    return layer.to_crs(HK1980)


def _kept(pieces: np.ndarray, min_area_m2: float, min_width_m: float) -> tuple[Any, Any]:
    """The pieces that count (not too small, not a sliver) and their areas."""
    area = shapely.area(pieces)
    width = np.divide(2 * area, shapely.length(pieces), out=np.zeros_like(area), where=area > 0)
    return (area >= min_area_m2) & (width >= min_width_m), area


def _column(gdf: gpd.GeoDataFrame, names: tuple[str, ...]) -> pd.Series:
    lower = {str(c).lower(): c for c in gdf.columns}
    for name in names:
        if name in lower:
            return gdf[lower[name]].reset_index(drop=True)
    return pd.Series([None] * len(gdf), dtype=object)


def zoning_check(
    layer: Any,
    plan: Any = DEFAULT_PLAN,
    *,
    min_area_m2: float = MIN_AREA_M2,
    min_width_m: float = MIN_WIDTH_M,
    crs: Any = None,
    repair: bool = False,
) -> ZoningCheck:
    """Check a layer of polygons against the zones of statutory plans.

    Parameters
    ----------
    layer
        A GeoDataFrame of polygons (any CRS; e.g. ``gis.load_layer("santin.parcels")``) or a
        file path; its ``use``, ``land_use`` or ``zone`` column says each polygon's use, its
        ``id`` and ``name`` (``name_en``, ``name_zh``) name it.
    plan
        A shipped plan number (``"S/LMCL/2"``, the default), ``"tpb:S/LMCL/2"``, a plan folder,
        zip or file, a folder or zip of plans, a :class:`Plan` or a list of them.
    min_area_m2, min_width_m
        Pieces smaller than this (m², EPSG:2326), or narrower on average (2 x area /
        perimeter, m), are left out: slivers of a polygon drawn along a zone's edge.
    crs
        CRS to assume for a file (layer or plan) that declares none.
    repair
        Repair the layer's invalid polygons instead of refusing them.

    Returns
    -------
    ZoningCheck

    Examples
    --------
    >>> result = zoning_check("tests/data/zoning/bio_med_on_mrdj.geojson")
    >>> result.flagged, result.polygons.loc[0, "flag"]
    (1, 'question')
    """
    plans = [p for p in _plans(plan, crs) if p.zones is not None]
    if not plans:
        raise LayerError("no plan given has a ZONE layer to check against", source=str(plan))
    user = _user_layer(layer, crs, repair)
    geoms = shapely.make_valid(user.geometry.to_numpy()) if repair else user.geometry.to_numpy()
    ids = _column(user, ("id",))
    ids = ids.where(ids.notna(), pd.Series(np.arange(1, len(user) + 1))).astype(str)
    names = _column(user, ("name", "name_en", "name_zh")).fillna("").astype(str)
    uses = _column(user, USE_COLUMNS)
    area = shapely.area(geoms)

    zones = pd.concat([p.layers["ZONE"] for p in plans], ignore_index=True)
    zgeoms = zones.geometry.to_numpy()
    ui, zi = shapely.STRtree(zgeoms).query(geoms, predicate="intersects")
    big, piece = _kept(shapely.intersection(geoms[ui], zgeoms[zi]), min_area_m2, min_width_m)
    ui, zi, piece = ui[big], zi[big], piece[big]

    areas = [p.layers.get("PLAN_SCHEME_AREA", p.layers["ZONE"]).geometry for p in plans]
    plan_geoms = np.array([shapely.union_all(a.to_numpy()) for a in areas])
    pi, pj = shapely.STRtree(plan_geoms).query(geoms, predicate="intersects")
    within, _ = _kept(shapely.intersection(geoms[pi], plan_geoms[pj]), min_area_m2, min_width_m)
    crossing, beyond = _kept(
        shapely.difference(geoms[pi], plan_geoms[pj]), min_area_m2, min_width_m
    )
    crossing &= within  # partly in plan pj, partly beyond it, neither a sliver
    pi, pj, beyond = pi[crossing], pj[crossing], beyond[crossing]
    kept, outside = _kept(
        shapely.difference(geoms, shapely.union_all(plan_geoms)), min_area_m2, min_width_m
    )
    outside = np.where(kept, outside, 0.0)

    family = zones["family"].fillna(zones["zone_code"]).astype(str).to_numpy()
    building = np.array([is_building_use(u) for u in uses], dtype=object)
    pieces = pd.DataFrame(
        {
            "i": ui,
            "plan_no": zones["plan_no"].to_numpy()[zi],
            "zone_id": zones["id"].astype(str).to_numpy()[zi],
            "zone_label": zones["zone_label"].to_numpy()[zi],
            "family": family[zi],
            "zone_en": zones["name_en"].to_numpy()[zi],
            "zone_zh": zones["name_zh"].to_numpy()[zi],
            "area_m2": piece,
        }
    )
    out_rows = pd.DataFrame({"i": np.flatnonzero(outside), "area_m2": outside[outside > 0]})
    out_rows[["zone_en", "zone_zh"]] = ("outside every plan loaded", "不在已載入的任何圖則內")
    pieces = pd.concat([pieces, out_rows], ignore_index=True).sort_values(
        ["i", "area_m2"], ascending=[True, False], kind="stable"
    )
    pieces["share_pct"] = (100 * pieces["area_m2"] / area[pieces["i"]]).round(1)
    protected = pieces["family"].isin(PROTECTED).to_numpy()
    hit = protected & np.array([building[i] is not False for i in pieces["i"]])
    pieces["flag"] = np.where(
        hit, [("question" if building[i] else "check") for i in pieces["i"]], ""
    )

    polygons = _polygons(pieces, plans, (pi, pj, beyond), area, outside, building)
    polygons.insert(0, "polygon", ids)
    polygons.insert(1, "name", names)
    polygons.insert(2, "use", uses.astype(object).where(uses.notna(), None))
    pieces.insert(1, "polygon", ids.to_numpy()[pieces["i"]])
    pieces.insert(2, "name", names.to_numpy()[pieces["i"]])
    pieces.insert(3, "use", polygons["use"].to_numpy()[pieces["i"]])
    pieces["area_m2"] = pieces["area_m2"].round(1)
    return ZoningCheck(
        polygons=polygons,
        pieces=pieces.drop(columns="i").reset_index(drop=True),
        plans=[
            {k: p.provenance()[k] for k in ("plan_no", "plan_name_en", "plan_name_zh")}
            | {"pub_date": p.pub_date, "aprv_date": p.aprv_date}
            for p in plans
        ],
        read_from=str(user.attrs.get("name") or user.attrs.get("source") or layer),
        min_area_m2=min_area_m2,
    )


def _polygons(
    pieces: pd.DataFrame,
    plans: list[Plan],
    crossing: tuple[np.ndarray, np.ndarray, np.ndarray],
    area: np.ndarray,
    outside: np.ndarray,
    building: np.ndarray,
) -> pd.DataFrame:
    """One row per polygon: its zones in words, plans, flag and reasons (en, zh)."""
    rows: list[tuple[int, str, str, str]] = []  # (polygon, flag, English, Chinese)
    for r in pieces[pieces["flag"] != ""].itertuples():  # the flagged pieces only
        m2, pct = f"{r.area_m2:,.0f}", f"{r.share_pct:.1f}%"
        en = f"{r.family} {r.zone_en} ({r.plan_no}, {m2} m², {pct})"
        zh = f"{r.zone_zh}（{r.plan_no}，{m2} 平方米，{pct}）"
        if r.flag == "question":
            rows.append((r.i, "question", f"building use on {en}", f"建築用途位於{zh}"))
        else:
            rows.append((r.i, "check", f"no use given; falls on {en}", f"未註明用途；位於{zh}"))
    for i, j, b in zip(*crossing, strict=True):  # partly in plan j, partly beyond it
        plan, inside = plans[j].plan_no, f"{area[i] - b:,.0f}"
        en = f"crosses the boundary of {plan} ({inside} m² inside, {b:,.0f} m² outside it)"
        zh = f"跨越圖則 {plan} 的界線（界內 {inside} 平方米，界外 {b:,.0f} 平方米）"
        rows.append((i, "question", en, zh))
    for i in np.flatnonzero(outside):
        m2, pct = f"{outside[i]:,.0f}", f"{100 * outside[i] / area[i]:.1f}%"
        en, zh = (
            f"{m2} m² ({pct}) outside every plan loaded",
            f"{m2} 平方米（{pct}）不在已載入的任何圖則內",
        )
        rows.append((int(i), "question", en, zh))
    why = pd.DataFrame(rows, columns=["i", "flag", "en", "zh"]).groupby("i")
    named = pieces[pieces["plan_no"].notna()]
    share = named["family"] + " " + named["share_pct"].map("{:.1f}%".format)
    index = pd.RangeIndex(len(area))
    return pd.DataFrame(
        {
            "area_m2": np.round(area, 1),
            "plans": named.groupby("i")["plan_no"].agg(lambda s: ", ".join(dict.fromkeys(s))),
            "zones": share.groupby(named["i"]).agg(", ".join),
            "outside_m2": np.round(outside, 1),
            "building_use": [None if b is None else bool(b) for b in building],
            "flag": why["flag"].agg(lambda f: "question" if "question" in set(f) else "check"),
            "reasons_en": why["en"].agg("; ".join),
            "reasons_zh": why["zh"].agg("；".join),
        },
        index=index,
    ).fillna({c: "" for c in ("plans", "zones", "flag", "reasons_en", "reasons_zh")})
