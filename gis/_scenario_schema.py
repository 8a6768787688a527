"""The scenario file schema: every key, its type and its range; one-line errors with the line.

Errors are :class:`~gis.errors.ScenarioError` ``"file: line N, key 'x': problem"``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from typing import Any

from ._yaml_lines import LinedDocument
from .errors import ScenarioError

Path_ = tuple[str, ...]

#: Every top-level key of a scenario file and what it holds (shown in errors and the docs).
KEYS: dict[str, str] = {
    "name": "text (required)",
    "base": "'embedded' or a project folder relative to the file (required)",
    "description": "text",
    "source": "text: where the figures come from",
    "notes": "text",
    "total_gfa_m2": "number > 0",
    "shares": "use -> % of GFA, or use -> {gfa_m2: number}",
    "use_zones": "use -> [zone, ...] or {zone: weight}",
    "zone_height": "zone -> {mpd: number} or {storeys: whole number}",
    "max_plot_ratio": "number > 0",
    "site_coverage": "number 0-1, or zone -> number 0-1",
    "floor_to_floor_m": "number > 0",
    "min_share_pct": "use -> % (0-100)",
    "max_share_pct": "use -> % (0-100)",
    "indicators": "{gfa_per_job_m2: {use: number > 0 or null}, talent_flat_m2: number > 0}",
    "zone_rules": "list of {scope, name, limit, value, source}: set a limit of the zone rules",
}
REQUIRED = ("name", "base")
INDICATOR_KEYS = ("gfa_per_job_m2", "talent_flat_m2")


class Context:
    """Where errors point: the file and, when the text was YAML, the line of every key."""

    def __init__(self, source: str, doc: LinedDocument | None = None) -> None:
        self.source = source
        self.doc = doc

    def error(self, path: Path_, problem: str) -> ScenarioError:
        parts = []
        if self.doc is not None:
            parts.append(f"line {self.doc.line(path)}")
        if path:
            parts.append(f"key '{'.'.join(path)}'")
        return ScenarioError(problem, source=self.source, where=", ".join(parts) or None)


def _found(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"{str(v).lower()} (true/false)"
    if isinstance(v, str):
        return f"text '{v}'"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list | tuple):
        return "a list"
    return f"{type(v).__name__} {v!r}"


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def text(ctx: Context, path: Path_, v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ctx.error(path, f"expected text, found {_found(v) if v != '' else 'empty text'}")
    return v.strip()


def number(ctx: Context, path: Path_, v: Any, *, lo: float = 0.0, hi: float | None = None,
           positive: bool = False, whole: bool = False) -> float:
    """A finite number in range: negative numbers, text and true/false are refused."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ctx.error(path, f"expected a number, found {_found(v)}")
    if not math.isfinite(v):
        raise ctx.error(path, f"expected a finite number, found {v}")
    if v < 0 and lo >= 0:
        raise ctx.error(path, f"must not be negative, found {v:g}")
    if positive and v <= 0:
        raise ctx.error(path, f"must be greater than 0, found {v:g}")
    if v < lo:
        raise ctx.error(path, f"must be at least {lo:g}, found {v:g}")
    if hi is not None and v > hi:
        raise ctx.error(path, f"must be at most {hi:g}, found {v:g}")
    if whole and float(v) != int(v):
        raise ctx.error(path, f"expected a whole number, found {v:g}")
    return float(v)


def mapping(ctx: Context, path: Path_, v: Any, what: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a mapping of {what}, found {_found(v)}")
    return {str(k): val for k, val in v.items()}


def _per_key(ctx: Context, path: Path_, v: Any, what: str,
             check: Callable[[Path_, Any], Any]) -> dict[str, Any]:
    return {k: check((*path, k), val) for k, val in mapping(ctx, path, v, what).items()}


def _share(ctx: Context, path: Path_, v: Any) -> float | dict[str, float]:
    if isinstance(v, dict):
        m = mapping(ctx, path, v, "gfa_m2")
        for k in m:
            if k != "gfa_m2":
                raise ctx.error((*path, k), f"unknown key '{k}'{_suggest(k, ['gfa_m2'])}; "
                                            "expected {gfa_m2: number}")
        if not m:
            raise ctx.error(path, "expected {gfa_m2: number}, found an empty mapping")
        return {"gfa_m2": number(ctx, (*path, "gfa_m2"), m["gfa_m2"])}
    return number(ctx, path, v, hi=100.0)


def _zones_of_use(ctx: Context, path: Path_, v: Any) -> dict[str, float]:
    if isinstance(v, list):
        if not v:
            raise ctx.error(path, "expected at least one zone, found an empty list")
        out: dict[str, float] = {}
        for i, z in enumerate(v):
            zid = text(ctx, (*path, str(i)), z)
            if zid in out:
                raise ctx.error((*path, str(i)), f"zone '{zid}' listed twice")
            out[zid] = 1.0
        return out
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a list of zones or {{zone: weight}}, found {_found(v)}")
    return _per_key(ctx, path, v, "zone: weight", lambda p, w: number(ctx, p, w))


def _height(ctx: Context, path: Path_, v: Any) -> dict[str, float]:
    m = mapping(ctx, path, v, "mpd or storeys")
    keys = list(m)
    if len(keys) != 1 or keys[0] not in ("mpd", "storeys"):
        bad = next((k for k in keys if k not in ("mpd", "storeys")), None)
        if bad is not None:
            raise ctx.error((*path, bad), f"unknown key '{bad}'"
                            f"{_suggest(bad, ['mpd', 'storeys'])}; expected mpd or storeys")
        raise ctx.error(path, "expected exactly one of {mpd: number} or {storeys: whole number}")
    if keys[0] == "mpd":
        return {"mpd": number(ctx, (*path, "mpd"), m["mpd"], positive=True)}
    return {"storeys": number(ctx, (*path, "storeys"), m["storeys"], whole=True)}


def _coverage(ctx: Context, path: Path_, v: Any) -> float | dict[str, float]:
    if isinstance(v, dict):
        return _per_key(ctx, path, v, "zone: coverage",
                        lambda p, c: number(ctx, p, c, hi=1.0))
    return number(ctx, path, v, hi=1.0)


def _indicators(ctx: Context, path: Path_, v: Any) -> dict[str, Any]:
    m = mapping(ctx, path, v, "indicator settings")
    out: dict[str, Any] = {}
    for k, val in m.items():
        p = (*path, k)
        if k == "gfa_per_job_m2":
            out[k] = _per_key(ctx, p, val, "use: m² per job",
                              lambda q, x: None if x is None else number(ctx, q, x, positive=True))
        elif k == "talent_flat_m2":
            out[k] = number(ctx, p, val, positive=True)
        else:
            raise ctx.error(p, f"unknown key '{k}'{_suggest(k, list(INDICATOR_KEYS))}; "
                               f"expected one of {', '.join(INDICATOR_KEYS)}")
    return out


def parse_fields(data: Any, ctx: Context) -> dict[str, Any]:
    """Check a parsed scenario's keys and types; return the normalised fields.

    ``use_zones`` lists become ``{zone: 1.0}``; numbers become floats.
    """
    if not isinstance(data, dict):
        raise ctx.error((), f"a scenario file is a mapping of keys (name, base, ...), found "
                            f"{_found(data)}")
    data = {str(k): v for k, v in data.items()}
    for key in data:
        if key not in KEYS:
            raise ctx.error((key,), f"unknown key{_suggest(key, list(KEYS))}; expected one of "
                                    f"{', '.join(KEYS)}")
    for key in REQUIRED:
        if key not in data:
            raise ctx.error((key,), f"missing required key ({KEYS[key]})")

    def num(key: str, **kw: Any) -> float | None:
        return number(ctx, (key,), data[key], **kw) if key in data else None

    def per_use(key: str, check: Callable[[Path_, Any], Any], what: str) -> dict[str, Any]:
        return _per_key(ctx, (key,), data[key], what, check) if key in data else {}

    out: dict[str, Any] = {k: text(ctx, (k,), data[k]) for k in ("name", "base")}
    for k in ("description", "source", "notes"):
        out[k] = text(ctx, (k,), data[k]) if data.get(k) not in (None, "") else ""
    out["total_gfa_m2"] = num("total_gfa_m2", positive=True)
    out["max_plot_ratio"] = num("max_plot_ratio", positive=True)
    out["floor_to_floor_m"] = num("floor_to_floor_m", positive=True)
    out["site_coverage"] = (_coverage(ctx, ("site_coverage",), data["site_coverage"])
                            if "site_coverage" in data else None)
    out["shares"] = per_use("shares", lambda p, v: _share(ctx, p, v), "use: share")
    out["use_zones"] = per_use("use_zones", lambda p, v: _zones_of_use(ctx, p, v), "use: zones")
    out["zone_height"] = per_use("zone_height", lambda p, v: _height(ctx, p, v), "zone: height")
    for k in ("min_share_pct", "max_share_pct"):
        out[k] = per_use(k, lambda p, v: number(ctx, p, v, hi=100.0), "use: %")
    out["indicators"] = (_indicators(ctx, ("indicators",), data["indicators"])
                         if "indicators" in data else {})
    out["zone_rules"] = (_zone_rules(ctx, ("zone_rules",), data["zone_rules"])
                         if "zone_rules" in data else [])
    return out


def check_names(fields: dict[str, Any], use_ids: list[str], zone_ids: list[str],
                ctx: Context) -> None:
    """Every use and zone a scenario names must exist in its base project."""

    def known(path: Path_, name: str, names: list[str], what: str) -> None:
        if name not in names:
            raise ctx.error(path, f"unknown {what} '{name}'{_suggest(name, names)}; "
                                  f"the base has {', '.join(names)}")

    for key in ("shares", "use_zones", "min_share_pct", "max_share_pct"):
        for use in fields[key]:
            known((key, use), use, use_ids, "use")
    for use in fields["indicators"].get("gfa_per_job_m2", {}):
        known(("indicators", "gfa_per_job_m2", use), use, use_ids, "use")
    for use, zones in fields["use_zones"].items():
        for i, zone in enumerate(zones):
            path = (("use_zones", use, str(i)) if ctx.doc and ("use_zones", use, str(i))
                    in ctx.doc.lines else ("use_zones", use, zone))
            known(path, zone, zone_ids, "zone")
    for zone in fields["zone_height"]:
        known(("zone_height", zone), zone, zone_ids, "zone")
    for i, rule in enumerate(fields.get("zone_rules", [])):
        if rule["scope"] == "id":
            known(("zone_rules", str(i)), rule["name"], zone_ids, "zone")
    if isinstance(fields["site_coverage"], dict):
        for zone in fields["site_coverage"]:
            known(("site_coverage", zone), zone, zone_ids, "zone")
    for key in ("min_share_pct",):
        lo, hi = fields["min_share_pct"], fields["max_share_pct"]
        for use in lo:
            if use in hi and lo[use] > hi[use]:
                raise ctx.error((key, use), f"minimum {lo[use]:g}% is above the maximum "
                                            f"{hi[use]:g}% of max_share_pct")


RULE_KEYS = ("scope", "name", "limit", "value", "source")


def _zone_rules(ctx: Context, path: Path_, v: Any) -> list[dict[str, Any]]:
    """Explicit zone-rule overrides: each names its limit and its source (value null empties it)."""
    from .errors import InputError
    from .rules import _rule

    if not isinstance(v, list):
        raise ctx.error(path, f"expected a list of {{{', '.join(RULE_KEYS)}}}, found {_found(v)}")
    out = []
    for i, item in enumerate(v):
        p = (*path, str(i))
        m = mapping(ctx, p, item, ", ".join(RULE_KEYS))
        for k in m:
            if k not in RULE_KEYS:
                raise ctx.error((*p, k), f"unknown key '{k}'{_suggest(k, list(RULE_KEYS))}")
        missing = [k for k in RULE_KEYS if k not in m]
        if missing:
            raise ctx.error(p, f"missing {', '.join(missing)} (a rule says its limit and source)")
        value = None if m["value"] is None else number(ctx, (*p, "value"), m["value"])
        try:
            _rule(str(m["scope"]), str(m["name"]), str(m["limit"]), value,
                  text(ctx, (*p, "source"), m["source"]), None, None)
        except InputError as exc:
            raise ctx.error(p, exc.problem) from None
        out.append({k: (value if k == "value" else str(m[k])) for k in RULE_KEYS})
    return out

