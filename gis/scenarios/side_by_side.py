"""Scenarios side by side: :func:`compare` (a long table), :func:`comparison` and the
:class:`Comparison` it returns (the data behind every comparison report).

:mod:`maps.comparison.compare` renders a :class:`Comparison` (HTML with charts and diff maps,
Markdown, CSV, JSON, XLSX, PDF).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.errors import InputError
from gis.scenarios.builtins import load_scenario

if TYPE_CHECKING:
    from gis.scenarios.scenario import Scenario

SECTIONS = ("use", "site", "zone", "validation", "indicator")
SECTION_TITLES = {
    "use": "GFA and share by use",
    "site": "Site: total GFA, gross plot ratio, capacity",
    "zone": "Capacity use by zone (utilisation = GFA / capacity; above 1 is over capacity)",
    "validation": "Validation",
    "indicator": "Indicators (ASSUMPTIONS: see notes)",
}
DELTA = "Δ "

__all__ = ["Comparison", "SECTIONS", "SECTION_TITLES", "DELTA", "build_comparison"]


@dataclass
class Comparison:
    """Evaluated scenarios and their comparison table.

    Attributes
    ----------
    scenarios, reports
        The scenarios and their :class:`~gis.report.ValidationReport`, in column order.
    labels
        Column names (scenario names, made unique with ``#2``... when they repeat).
    reference
        Index of the scenario the deltas are taken against.
    frame
        The long table returned by :func:`gis.compare`.
    """

    scenarios: list[Any]
    reports: list[Any]
    labels: list[str]
    reference: int
    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter (drawn by the renderer :mod:`gis.display` finds)."""
        from gis.display import html

        return html(self)

    @property
    def ref_label(self) -> str:
        """The label of the reference scenario."""
        return self.labels[self.reference]

    def others(self) -> list[int]:
        """The positions of every scenario but the reference.

        Returns
        -------
        list of int
        """
        return [i for i in range(len(self.labels)) if i != self.reference]

    def section(self, name: str) -> pd.DataFrame:
        """The rows of one section (``use``, ``site``, ``zone``, ``validation``, ``indicator``).

        Parameters
        ----------
        name
            One of :data:`SECTIONS`.

        Returns
        -------
        pandas.DataFrame
            ``item``, ``measure``, one column per scenario and the deltas.
        """
        df = self.frame[self.frame.section == name].drop(columns="section")
        return df.reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of a report: the sections, then ``issues`` and ``inputs``.

        Returns
        -------
        dict
            Table name -> DataFrame.
        """
        out = {s: self.section(s) for s in SECTIONS}
        out["issues"] = self.issues()
        out["inputs"] = self.inputs_frame()
        return out

    def issues(self) -> pd.DataFrame:
        """Errors and warnings of each scenario: scenario, check, severity, message.

        Returns
        -------
        pandas.DataFrame
        """
        rows = [
            {"scenario": lab, "check": i.check, "severity": i.severity, "message": i.message}
            for lab, rep in zip(self.labels, self.reports, strict=True)
            for i in rep.issues
            if i.severity != "info"
        ]
        return pd.DataFrame(rows, columns=["scenario", "check", "severity", "message"])

    def inputs_frame(self) -> pd.DataFrame:
        """One row per input file of each scenario: label, path and SHA-256.

        Returns
        -------
        pandas.DataFrame
            ``scenario, input, source, sha256``.
        """
        rows = [
            {"scenario": lab, "input": k, "source": v.get("source"), "sha256": v.get("sha256")}
            for lab, sc in zip(self.labels, self.scenarios, strict=True)
            for k, v in sc.inputs().items()
        ]
        return pd.DataFrame(rows, columns=["scenario", "input", "source", "sha256"])

    def notes(self) -> list[str]:
        """The indicator assumptions, each scenario's notes and the geometry caveat.

        Returns
        -------
        list of str
        """
        from gis.scenarios.indicators import INDICATOR_NOTES

        out = [f"{k}: {v}" for k, v in INDICATOR_NOTES.items()]
        out += [
            f"{lab}: {sc.notes}"
            for lab, sc in zip(self.labels, self.scenarios, strict=True)
            if sc.notes
        ]
        out.append(
            "geometry: the embedded layers are schematic (placed and sized to the stated "
            "figures, not official boundaries)"
        )
        return out

    def zone_utilisation(self) -> pd.DataFrame:
        """``zone_id x label`` utilisation (capacity use) as floats.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``zone_id``, one column per scenario label.
        """
        z = self.section("zone")
        z = z[z.measure == "utilisation"].set_index("item")[self.labels]
        return z.astype(float)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}#{seen[n]}")
    return out


def _rows(sc: Any, rep: Any) -> dict[tuple[str, str, str], Any]:
    table = sc.table().set_index("use_id")
    s = rep.summary
    out: dict[tuple[str, str, str], Any] = {}
    for use, r in table.iterrows():
        out[("use", str(use), "gfa_m2")] = float(r.gfa_m2)
        out[("use", str(use), "share_pct")] = float(r.share_pct)
    out[("site", "total", "gfa_m2")] = float(s["total_gfa_m2"])
    out[("site", "site", "area_m2")] = float(s["site_area_m2"])
    out[("site", "total", "gross_plot_ratio")] = float(s["gross_plot_ratio"])
    out[("site", "envelope", "capacity_m2")] = float(s.get("capacity_m2", np.nan))
    out[("site", "envelope", "utilisation")] = float(s.get("utilisation", np.nan))
    for zid, r in rep.zones.iterrows():
        out[("zone", str(zid), "capacity_m2")] = float(r.capacity_m2)
        out[("zone", str(zid), "utilisation")] = float(r.utilisation)
    out[("validation", "status", "")] = rep.verdict
    out[("validation", "errors", "count")] = len(rep.errors)
    out[("validation", "warnings", "count")] = len(rep.warnings)
    out[("validation", "failed checks", "")] = ", ".join(sorted({i.check for i in rep.errors}))
    out[("indicator", "jobs", "count (assumption)")] = float(s["jobs"])
    out[("indicator", "talent_flats", "count (assumption)")] = float(s["talent_flats"])
    out[("indicator", "residents", "count (assumption)")] = float(s.get("residents", np.nan))
    for item in ("need", "provided", "shortfall"):  # HKPSG: open space in all
        value = float(s.get(f"open_space_{item}_m2", np.nan))
        out[("indicator", f"open_space_{item}", "area_m2")] = value
    return out


def _delta(a: Any, b: Any) -> Any:
    if isinstance(a, str) or isinstance(b, str):
        return "" if a == b else f"{a or '(none)'} → {b or '(none)'}"
    if a is None or b is None:
        return np.nan
    return b - a


def build_comparison(items: list[Any], ref: Any, strict: bool = False) -> Comparison:
    """Evaluate ``items`` and tabulate them with deltas against ``ref`` (one of ``items``);
    ``strict``: a partial result is a FAIL.
    """
    reports = [sc.evaluate(strict=strict) for sc in items]
    labels = _unique([sc.name for sc in items])
    k = next(i for i, sc in enumerate(items) if sc is ref)
    per = [_rows(sc, rep) for sc, rep in zip(items, reports, strict=True)]
    keys: list[tuple[str, str, str]] = []
    for section in SECTIONS:  # keep the order: sections, then first appearance
        for rows in per:
            keys += [key for key in rows if key[0] == section and key not in keys]
    data: dict[str, list[Any]] = {
        "section": [k_[0] for k_ in keys],
        "item": [k_[1] for k_ in keys],
        "measure": [k_[2] for k_ in keys],
    }
    for lab, rows in zip(labels, per, strict=True):
        data[lab] = [rows.get(key) for key in keys]
    for i, lab in enumerate(labels):
        if i != k:
            data[DELTA + lab] = [_delta(per[k].get(key), per[i].get(key)) for key in keys]
    frame = pd.DataFrame(data)
    for col in frame.columns[3:]:
        if frame[col].map(lambda v: isinstance(v, str)).any():
            frame[col] = frame[col].astype(object)
    frame.attrs.update(
        scenarios=labels,
        reference=labels[k],
        inputs={lab: sc.inputs() for lab, sc in zip(labels, items, strict=True)},
    )
    comp = Comparison(scenarios=items, reports=reports, labels=labels, reference=k, frame=frame)
    frame.attrs["notes"] = comp.notes()
    return comp


def compare(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    against: Scenario | str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Compare scenarios side by side, with deltas against the first (or ``against``).

    Parameters
    ----------
    scenarios
        :class:`Scenario` objects, built-in names or scenario files (at least one).
    against
        The reference for the deltas: one of ``scenarios`` (by object, name or path) or another
        scenario (then evaluated and shown first). Default: the first.

    Returns
    -------
    pandas.DataFrame
        Long table: ``section`` (use, site, zone, validation, indicator), ``item``, ``measure``,
        one column per scenario and one ``Δ <name>`` column (scenario - reference) per other
        scenario. ``attrs`` hold ``scenarios``, ``reference``, ``inputs`` (SHA-256 of every
        input file per scenario) and ``notes`` (the indicator assumptions).
    """
    return comparison(scenarios, against).frame


def comparison(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    against: Scenario | str | os.PathLike[str] | None = None,
    strict: bool = False,
    provision: Any = None,
) -> Comparison:
    """Like :func:`compare`, but the :class:`gis.Comparison` (reports, tables, charts
    and maps are written from it by :func:`maps.write_comparison`).

    Parameters
    ----------
    scenarios
        :class:`Scenario` objects, built-in names or scenario files (at least one).
    against
        The reference for the deltas (see :func:`compare`). Default: the first.
    strict
        Any partial result makes a scenario's report FAIL (as ``validate --strict``).
    provision
        Planning parameters (:class:`gis.Provision`) for every scenario, under each one's own
        ``provision:`` key: their validations then hold the provision checks.

    Returns
    -------
    gis.Comparison

    Raises
    ------
    InputError
        No scenario given; ScenarioError for a scenario that cannot be read.
    """
    items = [load_scenario(s) for s in scenarios]
    if not items:
        raise InputError("compare needs at least one scenario")
    ref = None if against is None else load_scenario(against)
    if ref is not None and not any(_same(ref, s) for s in items):
        items.insert(0, ref)
    ref = items[0] if ref is None else next(s for s in items if _same(ref, s))
    if provision is not None:  # the same object for ref and its item, so _same still holds
        from dataclasses import replace

        new = {
            id(s): replace(s, provision=dict(provision.override(s.provision, s.name).data))
            for s in items
        }
        items, ref = [new[id(s)] for s in items], new[id(ref)]
    return build_comparison(items, ref, strict)


def _same(a: Scenario, b: Scenario) -> bool:
    return a is b or (a.name == b.name and a.sha256 == b.sha256)
