"""Pick a site: a whole layer, one feature of it (``layer/id``), a filter, or zones by label.

>>> from gis.catalog import select_site
>>> select_site("loop.phases/phase2").attrs["name"]
'loop.phases/phase2'
>>> len(select_site("santin.parcels", where="land_use == 'i_and_t'")) > 0
True
"""

from __future__ import annotations

import operator
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.errors import InputError, LayerError

if TYPE_CHECKING:
    import geopandas as gpd

_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
_CLAUSE = re.compile(
    r"""^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|<=|>=|<|>)\s*
                          ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[-+]?\d+(?:\.\d+)?)\s*$""",
    re.X,
)
WHERE_HELP = "write column == 'value' or column >= number, joined by 'and'"


def _load(spec: str, crs: Any = None) -> gpd.GeoDataFrame:
    # the public loader: it may know more than the catalog (e.g. official plans, "tpb:S/LMCL/2")
    from gis.catalog import layers as catalog
    from gis.catalog.layers import load_layer

    return load_layer(spec, crs=None if catalog.is_embedded(spec) else crs)


def _feature(spec: str, crs: Any = None) -> gpd.GeoDataFrame:
    """``layer/id``: the feature of ``layer`` whose id (``id``, id field, ``zone_id``) is ``id``."""
    from gis.catalog import layers as catalog

    try:
        return _load(spec, crs)
    except LayerError as whole:
        if "/" not in spec:
            raise
        layer, fid = spec.rsplit("/", 1)
        try:
            gdf = _load(layer, crs)
        except LayerError:
            raise whole from None
    fields = [f for f in ("id", "zone_id", "ZONE_LABEL", "zone_label") if f in gdf.columns]
    if catalog.is_embedded(layer):
        idf = str(catalog.layer_info(layer).get("id_field") or "")
        fields = [idf, *[f for f in fields if f != idf]] if idf in gdf.columns else fields
    for f in fields:
        hit = gdf[gdf[f].astype(str) == fid]
        if len(hit):
            out = hit.copy()
            out.attrs.update(gdf.attrs, name=spec, whole_layer=False)
            return out
    known = ", ".join(str(v) for v in gdf[fields[0]].astype(str).head(12)) if fields else ""
    raise InputError(
        f"no feature with id '{fid}'" + (f" (ids: {known})" if known else ""),
        source=f"site '{spec}'",
    )


def _literal(text: str) -> Any:
    if text[0] in "'\"":
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return float(text)


#: ``and`` between clauses, never inside a quoted value (an even number of quotes follows it).
_AND = re.compile(r"""\s+and\s+(?=(?:[^'"]*'[^']*'|[^'"]*"[^"]*")*[^'"]*$)""")


def _clauses(where: str) -> list[str]:
    """The ``and``-joined clauses of ``where``; quoted strings are values, whatever they hold.

    >>> _clauses("spuse_en == 'Research and Development' and area > 1")
    ["spuse_en == 'Research and Development'", 'area > 1']
    """
    return _AND.split(where.strip())


def filter_where(gdf: gpd.GeoDataFrame, where: str, site: str) -> gpd.GeoDataFrame:
    """Rows of ``gdf`` where every ``column OP literal`` clause holds (no other syntax)."""
    mask = np.ones(len(gdf), dtype=bool)
    for clause in _clauses(where):
        m = _CLAUSE.match(clause)
        if not m:
            raise InputError(
                f'--where "{where}": cannot read "{clause.strip()}" ({WHERE_HELP})',
                source=f"site '{site}'",
            )
        col, op, lit = m.group(1), m.group(2), _literal(m.group(3))
        if col not in gdf.columns:
            cols = ", ".join(c for c in gdf.columns if c != gdf.geometry.name)
            raise InputError(
                f'--where "{where}": no column "{col}" (columns: {cols})', source=f"site '{site}'"
            )
        values = gdf[col]
        if isinstance(lit, float):
            values = pd.to_numeric(values, errors="coerce")
        else:
            values = values.astype(str).str.strip()
        mask &= _OPS[op](values, lit).fillna(False).to_numpy(bool)
        if not mask.any():
            seen = ", ".join(map(str, list(dict.fromkeys(gdf[col].astype(str)))[:12]))
            raise InputError(
                f'--where "{where}" selects no feature ({col} holds: {seen})',
                source=f"site '{site}'",
            )
    return gdf[mask]


def _initials(text: str) -> str:
    """Capitals of a specified use: ``"Research and Development, ..."`` -> ``"RD..."``."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text) if w[0].isupper())


def _sub_type(inner: str, spuse_en: pd.Series, spuse_zh: pd.Series) -> np.ndarray:
    """Features whose specified use is ``inner``: its words, its Chinese, or its capitals
    (``R&D`` for "Research and Development, Education, ...").
    """
    want = inner.strip().casefold()
    letters = "".join(c for c in inner if c.isalpha()).upper()
    en = spuse_en.fillna("").astype(str)
    hit = en.str.casefold().str.contains(want, regex=False) | spuse_zh.fillna("").astype(
        str
    ).str.contains(inner.strip(), regex=False)
    if letters:
        hit |= en.map(lambda t: bool(t) and _initials(t).startswith(letters))
    return hit.to_numpy(bool)


def filter_zone(gdf: gpd.GeoDataFrame, zone: str, site: str) -> gpd.GeoDataFrame:
    """Features whose zone label (``zone_label``/``ZONE_LABEL``) or ``family`` is ``zone``, or
    one sub-type of it: ``OU(R&D)`` / ``OU(Sewage Treatment Works)`` / ``OU(生態區)`` pick the
    "Other Specified Uses" zones of that specified use (``spuse_en``/``spuse_zh``), and a
    specified use alone (``--zone "Sewage Treatment Works"``) does too. A bare label that
    covers several specified uses (``--zone OU`` on S/LMCL/2: R&D land, a sewage works and an
    ecological area) is refused with the choices; ``OU(*)`` takes them all.
    """
    from gis.planning.zone_rules import _zone_keys

    if not {"zone_label", "ZONE_LABEL", "family"} & set(gdf.columns):
        raise InputError(
            f"--zone {zone}: the site has no zone_label or family column", source=f"site '{site}'"
        )
    keys = _zone_keys(gdf)
    cols = {c.lower(): c for c in gdf.columns}
    en = gdf[cols["spuse_en"]] if "spuse_en" in cols else pd.Series([None] * len(gdf))
    zh = gdf[cols["spuse_zh"]] if "spuse_zh" in cols else pd.Series([None] * len(gdf))
    text = zone.strip()
    sub = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    label_hit = _label_hit(keys, text)
    if sub and not label_hit.any() and _label_hit(keys, sub.group(1)).any():
        hit = _label_hit(keys, sub.group(1))
        if sub.group(2).strip() != "*":
            hit = hit & _sub_type(
                sub.group(2), en.reset_index(drop=True), zh.reset_index(drop=True)
            )
    elif label_hit.any():
        hit = label_hit
        uses = list(dict.fromkeys(en[hit].dropna().astype(str)))
        if len(uses) > 1:
            picks = ", ".join(f"'{text}({_initials(u)[:2] or u})'" for u in uses)
            raise InputError(
                f"--zone {text} covers {len(uses)} specified uses ({'; '.join(uses)}): name "
                f"one (--zone {picks}) or take all with --zone '{text}(*)'",
                source=f"site '{site}'",
            )
    else:
        hit = _sub_type(text, en.reset_index(drop=True), zh.reset_index(drop=True))
    if not hit.any():
        seen = list(dict.fromkeys([*keys["label"].dropna(), *keys["family"].dropna()]))[:20]
        raise InputError(
            f"--zone {zone} selects no feature (labels and families: {', '.join(seen)})",
            source=f"site '{site}'",
        )
    return gdf[hit]


def _label_hit(keys: pd.DataFrame, zone: str) -> np.ndarray:
    want = zone.strip().casefold()
    hit = (keys["label"].fillna("").str.casefold() == want) | (
        keys["family"].fillna("").str.casefold() == want
    )
    return hit.to_numpy(bool)


def select_site(
    spec: Any, *, where: str | None = None, zone: str | None = None, crs: Any = None
) -> gpd.GeoDataFrame:
    """The site to validate: a layer, ``layer/id``, optionally filtered by ``where`` or ``zone``.

    Parameters
    ----------
    spec
        A GeoDataFrame, an embedded layer name, a file path, or ``name/id`` for one feature.
    where
        ``column == 'value'`` (also ``!=``, ``<``, ``<=``, ``>``, ``>=`` with numbers), clauses
        joined by ``and``; nothing else is accepted.
    zone
        A zone label (``OU``, ``R(A)3``) or family (``R(A)``): keeps the matching features.
    crs
        CRS to assume for a file that declares none (as in :func:`gis.load_layer`).

    Returns
    -------
    geopandas.GeoDataFrame
        The site's features (``attrs['name']`` says what was selected).

    Raises
    ------
    InputError
        Unknown feature id, an expression it cannot read, or an empty selection: one line naming
        the site and the problem.
    """
    name = spec if isinstance(spec, str) else None
    gdf = spec if hasattr(spec, "geometry") else _feature(str(spec), crs)
    name = name or gdf.attrs.get("name") or gdf.attrs.get("source") or "site"
    attrs = dict(gdf.attrs)
    parts = [name]
    if where:
        gdf = filter_where(gdf, where, name)
        parts.append(f"[{where.strip()}]")
    if zone:
        gdf = filter_zone(gdf, zone, name)
        parts.append(f"[zone {zone.strip()}]")
    if not len(gdf):
        what = " ".join(
            p
            for p in (f'--where "{where}"' if where else "", f"--zone {zone}" if zone else "")
            if p
        )
        raise InputError(f"{what or 'the layer'} selects no feature", source=f"site '{name}'")
    if where or zone:
        gdf = gdf.copy()
        gdf.attrs.update(attrs, name="".join(parts), whole_layer=False)
    return gdf
