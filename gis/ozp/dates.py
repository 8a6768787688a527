"""Plans by date: which plan supersedes which.

A statutory plan is replaced by a later plan of the same area: a new number of the same plan
(``S/YL-ST/8`` by ``S/YL-ST/9``: same family code ``S/YL-ST``, a later gazette date or a higher
number), or a new plan drawn over it (the 2024 San Tin Technopole OZP over ``S/YL-ST/8``).
:func:`supersessions` finds both among plans read together, from their numbers, their
gazette (``PUB_DATE``, else approval ``APRV_DATE``) dates and the overlap of their areas;
:func:`recorded_supersession` gives what ``layers/manifest.yaml`` records (``superseded_by:``)
for a plan whose successor is not available as data.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gis.ozp.plan import Plan

__all__ = [
    "MIN_SHARE",
    "plan_family",
    "recorded_supersession",
    "superseded_plans",
    "superseded_text",
    "supersession_attrs",
    "supersessions",
]

MIN_SHARE = 0.05
"""A later plan of another family supersedes an earlier one in part when their plan areas
overlap by at least this share of the earlier plan's area (less is a shared edge, not a
replacement)."""


def plan_family(plan_no: str) -> str:
    """The plan's family code: its number less the amendment number.

    >>> plan_family("S/YL-ST/8"), plan_family("S/H15/33"), plan_family("DPA/NE-TKL/1")
    ('S/YL-ST', 'S/H15', 'DPA/NE-TKL')
    """
    return re.sub(r"/\d+[A-Z]?$", "", str(plan_no).strip().upper())


def _number(plan_no: str) -> int:
    found = re.search(r"/(\d+)[A-Z]?$", str(plan_no))
    return int(found[1]) if found else -1


def _date(plan: Plan) -> str | None:
    return plan.pub_date or plan.aprv_date


def supersessions(
    plans: list[Plan],
    areas_m2: dict[str, float] | None = None,
    overlaps: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Which plan supersedes which among ``plans``.

    Parameters
    ----------
    plans
        The plans read together.
    areas_m2
        Plan number -> plan area (m², EPSG:2326), for the share of an overlap.
    overlaps
        Overlaps between plans (records ``plan_a``, ``plan_b``, ``area_m2``, as
        :func:`gis.ozp.overlaps` gives them in ``by_plans``).

    Returns
    -------
    list of dict
        ``plan_no``, ``superseded_by``, ``how`` (``same plan, later number`` or ``overlapping
        plan area, later date``), ``date``, ``by_date`` and ``overlap_pct`` (of the earlier
        plan's area; None for the same plan).
    """
    out: list[dict[str, Any]] = []
    by_no = {p.plan_no: p for p in plans}
    families: dict[str, list[Plan]] = {}
    for plan in plans:
        families.setdefault(plan_family(plan.plan_no), []).append(plan)
    for group in families.values():
        ordered = sorted(group, key=lambda p: (_date(p) or "", _number(p.plan_no)))
        for old, new in zip(ordered, ordered[1:], strict=False):
            out.append(_record(old, new, "same plan, later number", None))
    for rec in overlaps or []:
        a, b = by_no.get(rec["plan_a"]), by_no.get(rec["plan_b"])
        if a is None or b is None or plan_family(a.plan_no) == plan_family(b.plan_no):
            continue
        if not (_date(a) and _date(b)) or _date(a) == _date(b):
            continue
        old, new = (a, b) if str(_date(a)) < str(_date(b)) else (b, a)
        area = (areas_m2 or {}).get(old.plan_no)
        share = rec["area_m2"] / area if area else None
        if share is not None and share >= MIN_SHARE:
            out.append(_record(old, new, "overlapping plan area, later date", 100 * share))
    return out


def _record(old: Plan, new: Plan, how: str, share: float | None) -> dict[str, Any]:
    return {
        "plan_no": old.plan_no,
        "superseded_by": new.plan_no,
        "how": how,
        "date": _date(old),
        "by_date": _date(new),
        "overlap_pct": None if share is None else round(share, 1),
    }


@functools.cache
def _recorded(folder: Path) -> dict[str, dict[str, Any]]:
    import yaml

    path = folder / "manifest.yaml"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    out = {}
    for name, rec in (data.get("layers") or {}).items():
        if isinstance(rec, dict) and rec.get("plan_no") and rec.get("superseded_by"):
            out[str(rec["plan_no"])] = {"layer": name, **rec["superseded_by"]}
    return out


def recorded_supersession(plan_no: str) -> dict[str, Any] | None:
    """What ``layers/manifest.yaml`` records about the plan that replaced ``plan_no``.

    Parameters
    ----------
    plan_no
        A plan number (``"S/YL-ST/8"``).

    Returns
    -------
    dict or None
        The layer's ``superseded_by`` record (``plan_en``, ``plan_zh``, ``plan_no`` when
        known, ``gazetted``, ``approved``, ``source``) with the embedded ``layer`` that holds
        the plan; None when nothing is recorded.

    Examples
    --------
    >>> recorded_supersession("S/YL-ST/8")["approved"]
    '2024-09-20'
    """
    from gis.config import layers_dir

    rec = _recorded(layers_dir()).get(str(plan_no).strip().upper())
    return None if rec is None else {k: str(v) if v is not None else None for k, v in rec.items()}


def superseded_text(rec: dict[str, Any] | None, lang: str = "en") -> str | None:
    """One line for a :func:`recorded_supersession` record (None for None).

    Parameters
    ----------
    rec
        The record.
    lang
        ``"en"``, ``"zh"`` or ``"both"``.

    Returns
    -------
    str or None

    Examples
    --------
    >>> superseded_text({"plan_en": "San Tin Technopole OZP", "approved": "2024-09-20"})
    'superseded by the San Tin Technopole OZP (approved 2024-09-20)'
    """
    if not rec:
        return None
    when = "; ".join(f"{k} {rec[k]}" for k in ("gazetted", "approved") if rec.get(k))
    number = f" {rec['plan_no']}" if rec.get("plan_no") else ""
    en = f"superseded by the {rec.get('plan_en') or 'plan'}{number}" + (
        f" ({when})" if when else ""
    )
    if lang == "en" or not rec.get("plan_zh"):
        return en
    zh = f"已由{rec['plan_zh']}{number}取代" + (
        f"（{rec['approved']} 核准）" if rec.get("approved") else ""
    )
    return zh if lang == "zh" else f"{en} / {zh}"


def supersession_attrs(plan_no: Any) -> dict[str, str]:
    """``superseded_by`` (:func:`superseded_text`, both languages) and ``superseded_source`` for
    a layer's ``attrs``; empty when ``layers/manifest.yaml`` records nothing for the plan.

    Parameters
    ----------
    plan_no
        A plan number, or None.

    Returns
    -------
    dict
    """
    rec = recorded_supersession(str(plan_no)) if plan_no else None
    if rec is None:
        return {}
    return {"superseded_by": str(superseded_text(rec, "both")), "superseded_source": rec["source"]}


def superseded_plans(
    plans: list[Plan], areas_m2: dict[str, float], overlaps: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """:func:`supersessions` among ``plans``, then what the manifest records for each of them
    (``how``: ``recorded in layers/manifest.yaml``, with its ``source``).

    Parameters
    ----------
    plans, areas_m2, overlaps
        As :func:`supersessions` takes them.

    Returns
    -------
    list of dict
    """
    found = supersessions(plans, areas_m2, overlaps)
    for plan in plans:
        rec = recorded_supersession(plan.plan_no)
        if rec is not None:
            by = " ".join(x for x in (rec.get("plan_en"), rec.get("plan_no")) if x)
            found.append(
                {
                    **_record(plan, plan, "recorded in layers/manifest.yaml", None),
                    "superseded_by": by,
                    "by_date": rec.get("gazetted") or rec.get("approved"),
                    "source": rec["source"],
                }
            )
    return found
