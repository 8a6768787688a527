"""Zone rules as data: the limits a zone (or a whole site) may not exceed, each with its source.

A rules file is a CSV with one limit a line (``#`` lines at the top are comments)::

    scope,name,limit,value,source
    site,loop.phases/phase1,max_height_mpd,208,004_281f81e4466a18af.txt §3.1.4
    family,OU,max_plot_ratio,5,"S/LMCL/2 Notes, OU (R&D) para. 2"
    id,ai_data,max_site_coverage,0.2,assumption (schematic model)

``scope`` says what ``name`` is: ``site`` (a site by its name, e.g. ``loop.phases/phase1``),
``id`` (a ``zone_id``), ``label`` (an OZP ``zone_label`` such as ``R(A)3``) or ``family``
(``OU``, ``R(A)``, ``G/IC`` ...). ``limit`` is one of :data:`LIMITS`. A limit no source states is
left out (or its value left empty): validation then reports that check as not run. A source
that starts with ``assumption`` is allowed and every report labels it so. Where several rules
give a zone the same limit, the most specific wins: ``id`` over ``label`` over ``family``.

>>> import gis
>>> rules = gis.load_zone_rules()
>>> rules.site_limits("loop.phases/phase1")["max_height_mpd"].value
208.0
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gis.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

LIMITS: dict[str, str] = {
    "max_plot_ratio": "maximum plot ratio (GFA / zone area)",
    "max_gfa_m2": "maximum GFA in m²",
    "max_site_coverage": "maximum site coverage (0-1)",
    "max_height_mpd": "maximum building height in mPD",
    "max_storeys": "maximum number of storeys",
}
SCOPES = ("site", "id", "label", "family")
ZONE_SCOPES = ("family", "label", "id")  # least to most specific
DEFAULT_RULES = "loop.zone_rules"
_SUBNUMBER = re.compile(r"^(.*?)(?:\(\d+\)|\d+)$")


@dataclass(frozen=True)
class ZoneRule:
    """One limit; ``scope`` / ``name`` say what it applies to; ``value`` None when unstated."""

    scope: str
    name: str
    limit: str
    value: float | None
    source: str
    line: int | None = None

    @property
    def assumption(self) -> bool:
        """True when the source is an assumption rather than a stated figure."""
        return self.source.strip().lower().startswith("assumption")


@dataclass
class ZoneRules:
    """A set of :class:`ZoneRule` read from a file (or built in code).

    Attributes
    ----------
    rules
        The rules in file order; rules with an empty value are kept (they document a gap).
    source, sha256
        Where they came from, to trace a report to its rules.
    """

    rules: list[ZoneRule] = field(default_factory=list)
    source: str | None = None
    sha256: str | None = None

    def known(self) -> list[ZoneRule]:
        """The rules that state a value.

        Returns
        -------
        list of ZoneRule
        """
        return [r for r in self.rules if r.value is not None]

    def site_limits(self, site_name: str | None) -> dict[str, ZoneRule]:
        """The limits of the site called ``site_name`` (scope ``site``), by limit name.

        Parameters
        ----------
        site_name
            The site's name (``attrs['name']`` of its layer).

        Returns
        -------
        dict
            Limit name -> :class:`ZoneRule`.
        """
        return {r.limit: r for r in self.known() if r.scope == "site" and r.name == site_name}

    def site_gaps(self, site_name: str | None) -> dict[str, str]:
        """Limits of the site that a line names with no value: limit -> why (its source text).

        Parameters
        ----------
        site_name
            The site's name (``attrs['name']`` of its layer).

        Returns
        -------
        dict
            Limit name -> the source text saying why it is unknown.
        """
        return {
            r.limit: r.source
            for r in self.rules
            if r.scope == "site" and r.name == site_name and r.value is None and r.source
        }

    def zone_limits(self, zones: gpd.GeoDataFrame) -> pd.DataFrame:
        """Each zone's limits: one row per zone (by ``zone_id``), per limit a value and a source.

        Zones are matched by ``zone_id`` (scope ``id``), ``zone_label`` (``label``) and
        ``family`` (or the label less its sub-number, ``R(A)3`` → ``R(A)``). A rule with no
        value empties the limit and puts its source in ``{limit}_gap``: why it is unknown.

        Parameters
        ----------
        zones
            The zones (``zone_id`` or ``id``, ``zone_label``, ``family``).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``zone_id``: per limit ``{limit}``, ``{limit}_source`` and ``{limit}_gap``.
        """
        keys = _zone_keys(zones)
        cols = [c for lim in LIMITS for c in (lim, f"{lim}_source", f"{lim}_gap")]
        out = pd.DataFrame(index=pd.Index(keys["id"], name="zone_id"), columns=cols, dtype=object)
        for scope in ZONE_SCOPES:
            for r in self.rules:
                if r.scope != scope:
                    continue
                hit = (keys[scope].fillna("").str.casefold() == r.name.casefold()).to_numpy()
                known = r.value is not None
                out.loc[hit, r.limit] = r.value if known else np.nan
                out.loc[hit, f"{r.limit}_source"] = r.source if known else None
                out.loc[hit, f"{r.limit}_gap"] = None if known else (r.source or None)
        for lim in LIMITS:
            out[lim] = pd.to_numeric(out[lim], errors="coerce")
        return out

    def override(
        self, scope: str, name: str, limit: str, value: float | None, source: str
    ) -> ZoneRules:
        """A copy with one limit set (raised, lowered, added or emptied), explicitly sourced.

        Parameters
        ----------
        scope, name, limit
            Which limit (as the columns of a zone rules file).
        value
            The new value (None empties the limit).
        source
            Where the value comes from.

        Returns
        -------
        ZoneRules

        Raises
        ------
        InputError
            An unknown scope or limit, or a value out of range.
        """
        new = _rule(scope, name, limit, value, source, self.source, None)
        kept = [
            r
            for r in self.rules
            if (r.scope, r.name.casefold(), r.limit) != (scope, name.casefold(), limit)
        ]
        return replace(self, rules=[*kept, new])

    def to_frame(self) -> pd.DataFrame:
        """The rules as a DataFrame (scope, name, limit, value, source, assumption).

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame(
            [
                {
                    "scope": r.scope,
                    "name": r.name,
                    "limit": r.limit,
                    "value": r.value,
                    "source": r.source,
                    "assumption": r.assumption,
                }
                for r in self.rules
            ],
            columns=["scope", "name", "limit", "value", "source", "assumption"],
        )


def _zone_keys(zones: gpd.GeoDataFrame) -> dict[str, pd.Series]:
    idx = zones.reset_index(drop=True)
    zid = (
        idx["zone_id"]
        if "zone_id" in idx
        else idx.get("id", pd.Series([str(i + 1) for i in range(len(idx))]))
    )
    label = idx.get("zone_label", idx.get("ZONE_LABEL", pd.Series([None] * len(idx))))
    label = label.astype(object).where(label.notna(), None)
    if "family" in idx:
        fam = idx["family"].astype(object)
    else:
        fam = label.map(lambda s: _family_of(s) if isinstance(s, str) else None)
    return {
        "id": zid.astype(str),
        "label": label.astype(str).where(label.notna()),
        "family": fam.astype(str).where(fam.notna()),
    }


def _family_of(label: str) -> str:
    m = _SUBNUMBER.match(label.strip())
    return m.group(1) if m and m.group(1) else label.strip()


def _rule(
    scope: str,
    name: str,
    limit: str,
    value: object,
    source: str,
    file: str | None,
    line: int | None,
) -> ZoneRule:
    where = f"line {line}" if line else None
    if scope not in SCOPES:
        raise InputError(
            f"scope must be one of {', '.join(SCOPES)}, found {scope!r}", source=file, where=where
        )
    if limit not in LIMITS:
        raise InputError(
            f"limit must be one of {', '.join(LIMITS)}, found {limit!r}", source=file, where=where
        )
    if not str(name).strip():
        raise InputError("name is empty", source=file, where=where)
    num = _number(value, limit, file, where)
    if num is not None and not str(source or "").strip():
        raise InputError(
            f"{limit} {num:g} for {scope} '{name}' has no source (give a Notes "
            "paragraph, a seed section, or 'assumption ...')",
            source=file,
            where=where,
        )
    return ZoneRule(scope, str(name).strip(), limit, num, str(source or "").strip(), line)


def _number(value: object, limit: str, file: str | None, where: str | None) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    try:
        num = float(str(value).replace(",", "").strip())
    except ValueError:
        raise InputError(
            f"{limit} must be a number, found {value!r}", source=file, where=where
        ) from None
    if not np.isfinite(num) or num < 0 or (limit == "max_site_coverage" and num > 1):
        bound = "from 0 to 1" if limit == "max_site_coverage" else "zero or more"
        raise InputError(f"{limit} must be {bound}, found {value!r}", source=file, where=where)
    return num


def read_zone_rules(path: str | os.PathLike[str]) -> ZoneRules:
    """Read a rules CSV (see the module docstring); one-line :class:`InputError` on a bad line.

    Parameters
    ----------
    path
        The CSV file; leading lines starting with ``#`` are comments.

    Returns
    -------
    ZoneRules
    """
    from gis.fs import not_a_file, sha256_file

    p = Path(path)
    if not p.is_file():
        raise InputError(not_a_file(p) or "rules file not found", source=p)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError("rules file is not UTF-8 text", source=p) from None
    skip = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")), len(lines)
    )
    try:
        df = pd.read_csv(io.StringIO("\n".join(lines[skip:])), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"not a readable CSV ({str(exc).splitlines()[0]})", source=p) from None
    missing = {"scope", "name", "limit", "value", "source"} - set(df.columns)
    if missing:
        raise InputError(
            f"rules need columns scope, name, limit, value, source; missing "
            f"{', '.join(sorted(missing))}",
            source=p,
        )
    rules = [
        _rule(r.scope.strip(), r.name, r.limit.strip(), r.value, r.source, str(p), skip + 2 + i)
        for i, r in enumerate(df.itertuples(index=False))
    ]
    return ZoneRules(rules=rules, source=str(p), sha256=sha256_file(p))
