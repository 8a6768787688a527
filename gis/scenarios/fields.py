"""From a scenario file checked against :data:`~gis.scenarios.schema.SCHEMA` to the fields of
a :class:`~gis.scenarios.Scenario`: :func:`parse_fields` validates and normalises them,
:func:`check_names` checks the uses and zones they name against the base project.
"""

from __future__ import annotations

from typing import Any

from gis.errors import did_you_mean
from gis.io.schema_messages import first_problem
from gis.scenarios.schema import _VALIDATOR, REQUIRED, RULE_KEYS, Context, Path_, _str_keys


def _floats(m: dict[str, Any]) -> dict[str, Any]:
    return {k: None if x is None else float(x) for k, x in m.items()}


def parse_fields(data: Any, ctx: Context) -> dict[str, Any]:
    """Check a parsed scenario against :data:`SCHEMA`; return the normalised fields.

    Parameters
    ----------
    data
        The parsed file (a mapping when valid).
    ctx
        Where errors point.

    Returns
    -------
    dict
        One entry per field of :class:`gis.scenarios.Scenario`: texts stripped, numbers as
        floats, ``use_zones`` lists as ``{zone: 1.0}``, absent mappings empty.

    Raises
    ------
    ScenarioError
        The problem on the earliest line: its key path, what was expected and what was found.
    """
    data = _str_keys(data)
    problem = first_problem(_VALIDATOR, data, ctx.line)
    if problem is not None:
        raise ctx.error(*problem)
    get = data.get
    out: dict[str, Any] = {k: data[k].strip() for k in REQUIRED}
    out.update({k: (get(k) or "").strip() for k in ("description", "source", "notes")})
    for k in ("total_gfa_m2", "max_plot_ratio", "floor_to_floor_m"):
        out[k] = None if get(k) is None else float(get(k))
    cov = get("site_coverage")
    out["site_coverage"] = (
        _floats(cov) if isinstance(cov, dict) else (None if cov is None else float(cov))
    )
    out["shares"] = {
        u: _floats(v) if isinstance(v, dict) else float(v) for u, v in (get("shares") or {}).items()
    }
    out["use_zones"] = {
        u: dict.fromkeys(v, 1.0) if isinstance(v, list) else _floats(v)
        for u, v in (get("use_zones") or {}).items()
    }
    out["zone_height"] = {z: _floats(h) for z, h in (get("zone_height") or {}).items()}
    for k in ("min_share_pct", "max_share_pct"):
        out[k] = _floats(get(k) or {})
    ind = dict(get("indicators") or {})
    if "gfa_per_job_m2" in ind:
        ind["gfa_per_job_m2"] = _floats(ind["gfa_per_job_m2"])
    if "talent_flat_m2" in ind:
        ind["talent_flat_m2"] = float(ind["talent_flat_m2"])
    out["indicators"] = ind
    out["provision"] = dict(get("provision") or {})
    out["zone_rules"] = _zone_rules(ctx, get("zone_rules") or [])
    return out


def check_names(
    fields: dict[str, Any], use_ids: list[str], zone_ids: list[str], ctx: Context
) -> None:
    """Every use and zone a scenario names must exist in its base project.

    Parameters
    ----------
    fields
        As returned by :func:`parse_fields`.
    use_ids, zone_ids
        The uses and zones of the base project.
    ctx
        Where errors point.

    Raises
    ------
    ScenarioError
        An unknown use or zone (with the closest name), or a minimum share above the maximum.
    """

    def known(path: Path_, name: str, names: list[str], what: str) -> None:
        if name not in names:
            raise ctx.error(
                path,
                f"unknown {what} '{name}'"
                f"{did_you_mean(name, names, cutoff=0.5)}; the base has "
                f"{', '.join(names)}",
            )

    for key in ("shares", "use_zones", "min_share_pct", "max_share_pct"):
        for use in fields[key]:
            known((key, use), use, use_ids, "use")
    for use in fields["indicators"].get("gfa_per_job_m2", {}):
        known(("indicators", "gfa_per_job_m2", use), use, use_ids, "use")
    for use, zones in fields["use_zones"].items():
        for i, zone in enumerate(zones):
            path = (
                ("use_zones", use, str(i))
                if ctx.doc and ("use_zones", use, str(i)) in ctx.doc.lines
                else ("use_zones", use, zone)
            )
            known(path, zone, zone_ids, "zone")
    for zone in fields["zone_height"]:
        known(("zone_height", zone), zone, zone_ids, "zone")
    for i, rule in enumerate(fields.get("zone_rules", [])):
        if rule["scope"] == "id":
            known(("zone_rules", str(i)), rule["name"], zone_ids, "zone")
    if isinstance(fields["site_coverage"], dict):
        for zone in fields["site_coverage"]:
            known(("site_coverage", zone), zone, zone_ids, "zone")
    lo, hi = fields["min_share_pct"], fields["max_share_pct"]
    for use in lo:
        if use in hi and lo[use] > hi[use]:
            raise ctx.error(
                ("min_share_pct", use),
                f"minimum {lo[use]:g}% is above the maximum {hi[use]:g}% of max_share_pct",
            )


def _zone_rules(ctx: Context, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scenario zone rules (shape already checked by :data:`SCHEMA`), each checked as a line
    of a zone rules file would be: a known scope and limit, a value in range, a source.
    """
    from gis.errors import InputError
    from gis.planning.zone_rules import _rule

    out = []
    for i, m in enumerate(rules):
        value = None if m["value"] is None else float(m["value"])
        try:
            _rule(
                m["scope"].strip(),
                m["name"].strip(),
                m["limit"].strip(),
                value,
                m["source"].strip(),
                None,
                None,
            )
        except InputError as exc:
            raise ctx.error(("zone_rules", str(i)), exc.problem) from None
        out.append({k: (value if k == "value" else m[k].strip()) for k in RULE_KEYS})
    return out


#: Scenario shares all at most 1 that sum to 1 within this are read as fractions.
FRACTION_SUM_TOL = 0.02


def fraction_shares(
    shares: dict[str, Any], base_pct: dict[str, float], ctx: Context
) -> tuple[dict[str, Any], float | None]:
    """Scenario ``shares`` written as fractions read as %, or a mix of both refused.

    Parameters
    ----------
    shares
        The parsed ``shares`` (use -> % or ``{gfa_m2: ...}``).
    base_pct
        The base project's share of each use, %, for the uses ``shares`` leaves out.
    ctx
        Where errors point.

    Returns
    -------
    tuple
        ``(shares, sum)``: every % share x 100 and their sum when all are at most 1 and sum to
        1 (± :data:`FRACTION_SUM_TOL`); else ``(shares, None)`` unchanged.

    Raises
    ------
    ScenarioError
        Shares in (0, 1] beside shares above 1 whose sum (with the base shares of the uses
        left out) reading them as fractions brings nearer 100: one error naming the first use.
    """
    pct = {u: v for u, v in shares.items() if not isinstance(v, dict)}
    small = {u: v for u, v in pct.items() if 0 < v <= 1}
    if not small:
        return shares, None
    total = sum(pct.values())
    if (
        len(small) == len([v for v in pct.values() if v > 0])
        and abs(total - 1) <= FRACTION_SUM_TOL
        and any(v < 1 for v in small.values())
    ):
        return {u: v if isinstance(v, dict) else v * 100 for u, v in shares.items()}, total
    big = {u: v for u, v in pct.items() if v > 1}
    written = total + sum(p for u, p in base_pct.items() if u not in shares)
    as_fractions = written + 99 * sum(small.values())
    if big and abs(as_fractions - 100) < abs(written - 100):
        use, value = next(iter(small.items()))
        others = ", ".join(f"{u}: {v:g}" for u, v in big.items())
        also = [f"{u}: {v:g}" for u, v in small.items() if u != use]
        raise ctx.error(
            ("shares", use),
            f"{value:g} looks like a fraction beside percentages ({others})"
            + (f", as do {', '.join(also)}" if also else "")
            + f": write {value * 100:g} (shares are % of the total GFA)",
        )
    return shares, None
