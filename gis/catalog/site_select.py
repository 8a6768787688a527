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
# one token of a --where expression: a quoted string (quotes hold "and", spaces, commas), a
# number, an operator, a name, or anything else (which the parser refuses)
_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<num>[-+]?\d+(?:\.\d+)?)(?![\w.])
        |(?P<op>==|!=|<=|>=|<|>)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<bad>\S))""",
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


def where_clauses(where: str) -> list[tuple[str, str, Any]] | str:
    """The ``(column, operator, value)`` clauses of a ``--where`` expression, or the text of the
    first clause it cannot read.

    A real tokenizer, not a split on ``and``: a quoted value is one value, whatever it holds
    (``spuse_en == 'Research and Development, Education, and ...'``).

    Examples
    --------
    >>> where_clauses("name == 'R and D' and plot_ratio >= 5")
    [('name', '==', 'R and D'), ('plot_ratio', '>=', 5.0)]
    >>> where_clauses("land_use == 'road' or 1")
    "land_use == 'road' or 1"
    """
    clauses: list[list[re.Match[str]]] = [[]]
    for m in _TOKEN.finditer(where):
        if m.lastgroup == "name" and m.group("name").casefold() == "and":
            clauses.append([])
        else:
            clauses[-1].append(m)
    out: list[tuple[str, str, Any]] = []
    for toks in clauses:
        kinds = [t.lastgroup for t in toks]
        if len(toks) != 3 or kinds[:2] != ["name", "op"] or kinds[2] not in ("str", "num"):
            return where[toks[0].start() : toks[-1].end()].strip() if toks else ""
        col, op, lit = (t.group(t.lastgroup or "bad") for t in toks)
        out.append((col, op, _literal(lit)))
    return out


def filter_where(gdf: gpd.GeoDataFrame, where: str, site: str) -> gpd.GeoDataFrame:
    """Rows of ``gdf`` where every ``column OP literal`` clause holds (no other syntax)."""
    clauses = where_clauses(where)
    if isinstance(clauses, str):
        raise InputError(
            f'--where "{where}": cannot read "{clauses}" ({WHERE_HELP})', source=f"site '{site}'"
        )
    mask = np.ones(len(gdf), dtype=bool)
    for col, op, lit in clauses:
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


#: Columns of a zoning plan that hold an "Other Specified Uses" zone's specified use.
SPUSE_COLUMNS = ("spuse_en", "spuse_zh", "SPUSE_ENG", "SPUSE_CHT")
_SUBTYPE = re.compile(r"^\s*(?P<base>[^()（）]+?)\s*[(（]\s*(?P<sub>.+?)\s*[)）]\s*$")


def _words(text: str) -> list[str]:
    words = re.findall(r"[0-9a-z]+", text.casefold().replace("&", " and "))
    return [w for w in words if w != "and"]


def names_use(sub: str, use: str) -> bool:
    """Whether ``sub`` names the specified use ``use``: the use itself, its first words or their
    beginnings (``R&D``, ``Sewage``), their initials (``STW``, ``EA``), or part of a Chinese use.

    Examples
    --------
    >>> rd = "Research and Development, Education, and Cultural and Creative Industries"
    >>> names_use("R&D", rd), names_use("STW", "Sewage Treatment Works"), names_use("EA", rd)
    (True, True, False)
    >>> names_use("研究與發展", "研究與發展、教育及文化與創意產業")
    True
    """
    s, u = sub.strip().casefold(), use.strip().casefold()
    if not s or not u:
        return False
    if s == u or (not s.isascii() and s in u):
        return True
    sw, uw = _words(s), _words(u)
    if not sw or not s.isascii():
        return False
    if len(sw) <= len(uw) and all(w.startswith(x) for x, w in zip(sw, uw, strict=False)):
        return True
    letters = "".join(sw)
    return len(letters) >= 2 and "".join(w[0] for w in uw).startswith(letters)


def _uses(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's specified use (English, else Chinese), "" for none."""
    out = pd.Series([""] * len(gdf), index=gdf.index, dtype=object)
    for col in reversed([c for c in SPUSE_COLUMNS if c in gdf.columns]):
        v = gdf[col].astype(object)
        ok = v.notna() & (v.astype(str).str.strip() != "")
        out = out.where(~ok, v.astype(str).str.strip())
    return out


def _naming(gdf: gpd.GeoDataFrame, sub: str) -> np.ndarray:
    """Which features have a specified use (in any language) that ``sub`` names."""
    hit = np.zeros(len(gdf), dtype=bool)
    for col in (c for c in SPUSE_COLUMNS if c in gdf.columns):
        names = gdf[col].map(lambda u: isinstance(u, str) and names_use(sub, u))
        hit |= names.to_numpy(bool)
    return hit


def _short_name(use: str, others: list[str]) -> str:
    """The shortest initials of ``use`` (``RD``, ``STW``, ``EA``) that name it and none of
    ``others``; the use itself when none do.
    """
    words = _words(use)
    for k in range(2 if len(words) > 1 else len(words) + 1, len(words) + 1):
        short = "".join(w[0] for w in words[:k]).upper()
        if not any(names_use(short, o) for o in others if o != use):
            return short
    return use


def _tally(gdf: gpd.GeoDataFrame, uses: pd.Series) -> str:
    """``use (n features, x ha)`` for each specified use of ``gdf``."""
    from gis.io.layers import area_m2

    ha = area_m2(gdf).to_numpy() / 1e4 if gdf.crs is not None else None
    parts = []
    for use in dict.fromkeys(uses):
        hit = (uses == use).to_numpy()
        size = f", {ha[hit].sum():.2f} ha" if ha is not None else ""
        n = int(hit.sum())
        parts.append(f"{use or 'none specified'} ({n} feature{'s' if n > 1 else ''}{size})")
    return "; ".join(parts)


def filter_zone(gdf: gpd.GeoDataFrame, zone: str, site: str) -> gpd.GeoDataFrame:
    """Features whose zone label (``zone_label``/``ZONE_LABEL``) or ``family`` is ``zone``.

    An "Other Specified Uses" zone is as many zones as it has specified uses (``spuse_en``):
    ``OU`` alone on a plan whose OU features have several (research and development, sewage
    treatment works, ecological area) is refused as ambiguous, naming each with its area. Name
    one as ``OU(R&D)``, ``OU(Sewage Treatment Works)``, ``OU(STW)``, ``OU（污水處理廠）`` or by
    the specified use alone (:func:`names_use`); ``OU(*)`` takes them all. A short name that
    names several specified uses is refused the same way, never widened.
    """
    from gis.planning.zone_rules import _zone_keys

    if not {"zone_label", "ZONE_LABEL", "family"} & set(gdf.columns):
        raise InputError(
            f"--zone {zone}: the site has no zone_label or family column", source=f"site '{site}'"
        )
    keys = _zone_keys(gdf)
    label, family = keys["label"].fillna("").str.casefold(), keys["family"].fillna("")
    family = family.str.casefold()

    def of(name: str) -> np.ndarray:
        want = name.strip().casefold()
        return ((label == want) | (family == want)).to_numpy()

    uses = _uses(gdf)
    hit, sub = of(zone), None
    m = _SUBTYPE.match(zone)
    if not hit.any() and m and of(m.group("base")).any():
        in_base, sub = of(m.group("base")), m.group("sub")
        hit = in_base if sub == "*" else in_base & _naming(gdf, sub)  # OU(*): every OU zone
        if not hit.any():
            raise InputError(
                f'--zone "{zone}" selects no feature (specified uses of {m.group("base")}: '
                f"{_tally(gdf[in_base], uses[in_base])})",
                source=f"site '{site}'",
            )
    elif not hit.any() and len(zone.strip()) >= 3:
        hit = _naming(gdf, zone)  # the specified use alone
    if not hit.any():
        seen = list(dict.fromkeys([*keys["label"].dropna(), *keys["family"].dropna()]))[:20]
        raise InputError(
            f"--zone {zone} selects no feature (labels and families: {', '.join(seen)})",
            source=f"site '{site}'",
        )
    if uses[hit].nunique() > 1 and sub != "*":
        base = m.group("base").strip() if m and sub else zone.strip()
        every = list(dict.fromkeys(u for u in uses if u))
        picks = ", ".join(
            f'--zone "{base}({_short_name(u, every)})"' for u in dict.fromkeys(uses[hit]) if u
        )
        raise InputError(
            f'--zone "{zone}" takes zones of {uses[hit].nunique()} specified uses: '
            f"{_tally(gdf[hit], uses[hit])}; name one ({picks}) or take them all with --zone "
            f'"{base}(*)"',
            source=f"site '{site}'",
        )
    return gdf[hit]


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
