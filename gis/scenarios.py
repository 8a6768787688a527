"""Planning scenarios: a base project plus overrides, read from YAML, evaluated and compared.

A scenario file (``layers/scenarios/*.yaml`` for the built-ins)::

    name: ai-30pct
    description: AI & data science / dry labs & offices take 30%, taken from wet labs
    base: embedded                 # or a project folder (with manifest.yaml), relative to the file
    total_gfa_m2: 1000000
    shares: {wet_lab_mfg: 44, dry_lab_office: 30}        # or use: {gfa_m2: 300000}
    use_zones: {dry_lab_office: [ai_data, batch1_dev]}   # or {zone: weight}
    zone_height: {ai_data: {mpd: 150}}                   # or {storeys: 20}
    max_plot_ratio: 2.5
    site_coverage: 0.45                                  # or per zone
    floor_to_floor_m: 4.5
    min_share_pct: {wet_lab_mfg: 40}
    max_share_pct: {commercial_mixed: 15}
    indicators: {gfa_per_job_m2: {dry_lab_office: 25}, talent_flat_m2: 45}

Uses not named under ``shares`` keep their base share; a total that no longer adds up to 100% is
reported by the validation (``table.shares_sum``), not hidden. Files are read with a safe,
line-aware loader: every schema error is one :class:`~gis.errors.ScenarioError` line
``"file: line N, key 'x': problem"``.

**Indicators are assumptions** (no source in the seeds gives them): jobs = Σ GFA / GFA per job
(:data:`DEFAULT_GFA_PER_JOB_M2`), talent flats = talent-housing GFA /
:data:`DEFAULT_TALENT_FLAT_M2`.
For context only: the Town Planning Board (Feb 2024) expects about 165,000 jobs and about
50,000–54,000 flats in the whole San Tin Technopole (627 ha), not in the Loop.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _scenario_schema as schema
from ._fs import sha256_file, sha256_text
from ._project import EMBEDDED, Project, load_project
from ._yaml_lines import load_with_lines
from .errors import InputError, ScenarioError

#: GFA per job by use, m² (ASSUMPTION: planning-type figures, no source in the seeds; a use
#: mapped to None counts no jobs). Override per scenario under ``indicators.gfa_per_job_m2``.
DEFAULT_GFA_PER_JOB_M2: dict[str, float | None] = {
    "wet_lab_mfg": 50.0,       # wet labs, pilot plants, advanced manufacturing
    "dry_lab_office": 30.0,    # dry labs and offices
    "uir": 40.0,               # university-industry-research base (teaching + labs)
    "talent_housing": None,    # homes and visitor rooms: not counted as workplaces
    "commercial_mixed": 40.0,  # shops, dining, services, mixed use
}
#: Average GFA of a talent flat, m² (ASSUMPTION; the use also holds visitor rooms, so the
#: flat count is an upper bound).
DEFAULT_TALENT_FLAT_M2 = 50.0
INDICATOR_NOTES = {
    "jobs": "assumption: GFA per job by use (m²) " + ", ".join(
        f"{u} {v:g}" if v else f"{u} none" for u, v in DEFAULT_GFA_PER_JOB_M2.items())
        + " unless the scenario sets indicators.gfa_per_job_m2; context: about 165,000 jobs "
          "for the whole San Tin Technopole (Town Planning Board, Feb 2024)",
    "talent_flats": f"assumption: talent_housing GFA / {DEFAULT_TALENT_FLAT_M2:g} m² per flat "
                    "(upper bound: the use includes visitor accommodation) unless the scenario "
                    "sets indicators.talent_flat_m2; context: about 50,000-54,000 flats for the "
                    "whole San Tin Technopole (Town Planning Board, Feb 2024)",
}
_FIELDS = ("name", "base", "description", "source", "notes", "total_gfa_m2", "shares",
           "use_zones", "zone_height", "max_plot_ratio", "site_coverage", "floor_to_floor_m",
           "min_share_pct", "max_share_pct", "indicators", "zone_rules")


@dataclass(eq=False)
class Scenario:
    """A base project plus overrides (see the module docstring for the file format).

    Build one with :meth:`from_yaml` (or :meth:`from_dict`), which check the schema and that every
    use and zone named exists in the base project.
    """

    name: str
    base: str = EMBEDDED
    description: str = ""
    source: str = ""
    notes: str = ""
    total_gfa_m2: float | None = None
    shares: dict[str, Any] = field(default_factory=dict)
    use_zones: dict[str, dict[str, float]] = field(default_factory=dict)
    zone_height: dict[str, dict[str, float]] = field(default_factory=dict)
    max_plot_ratio: float | None = None
    site_coverage: float | dict[str, float] | None = None
    floor_to_floor_m: float | None = None
    min_share_pct: dict[str, float] = field(default_factory=dict)
    max_share_pct: dict[str, float] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)
    zone_rules: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None
    _sha256: str | None = field(default=None, repr=False)
    _project: Project | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read and check a scenario file (safe loader; errors name the line and key).

        Raises
        ------
        ScenarioError
            Unreadable file, invalid YAML, a refused tag, an unknown key (closest suggested), a
            wrong type or range, a missing ``name``/``base``, a bad base, an unknown use or zone.
        """
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise ScenarioError("file not found", source=p) from None
        except OSError as exc:
            raise ScenarioError(f"cannot read ({exc.strerror})", source=p) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"not UTF-8 text (byte {exc.start})", source=p) from None

        def fail(problem: str, line: int | None, key: tuple[str, ...]) -> ScenarioError:
            parts = [f"line {line}" if line else "", f"key '{'.'.join(key)}'" if key else ""]
            return ScenarioError(problem, source=p, where=", ".join(x for x in parts if x) or None)

        doc = load_with_lines(text, str(p), fail)
        sc = cls._build(doc.data, schema.Context(str(p), doc), p.parent, path=p)
        sc._sha256 = sha256_file(p)
        return sc

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base_dir: str | os.PathLike[str] | None = None,
                  source: str = "<scenario>") -> Scenario:
        """A scenario from a mapping with the keys of a scenario file (same checks, no lines)."""
        return cls._build(data, schema.Context(source), Path(base_dir or Path.cwd()))

    @classmethod
    def _build(cls, data: Any, ctx: schema.Context, base_dir: Path,
               path: Path | None = None) -> Scenario:
        f = schema.parse_fields(data, ctx)
        if f["base"] != EMBEDDED:
            folder = (base_dir / f["base"]).resolve()
            if not (folder / "manifest.yaml").is_file():
                what = "is not a folder" if not folder.is_dir() else "has no manifest.yaml"
                raise ctx.error(("base",), f"base '{f['base']}' ({folder}) {what}; use "
                                           "'embedded' or a project folder like layers/")
            f["base"] = str(folder)
        sc = cls(**f, path=path)
        try:
            project = sc.project
        except InputError as exc:
            raise ctx.error(("base",), f"cannot load the base project ({exc})") from None
        schema.check_names(f, project.use_ids, project.zone_ids, ctx)
        return sc

    # ------------------------------------------------------------------ identity
    @property
    def project(self) -> Project:
        """The base project's layers and tables (loaded once)."""
        if self._project is None:
            self._project = load_project(self.base)
        return self._project

    @property
    def sha256(self) -> str:
        """SHA-256 of the scenario file's bytes (of its canonical JSON when built in code)."""
        if self._sha256 is None:
            data = {k: getattr(self, k) for k in _FIELDS}
            self._sha256 = sha256_text(json.dumps(data, sort_keys=True, default=str))
        return self._sha256

    def inputs(self) -> dict[str, dict[str, str]]:
        """``label -> {source, sha256}`` for the scenario file and every file of its base."""
        out = {"scenario": {"source": str(self.path or "<scenario>"), "sha256": self.sha256}}
        out.update(self.project.hashes())
        return out

    # ------------------------------------------------------------------ the allocation
    def total(self) -> float:
        """Total GFA, m²: ``total_gfa_m2``, else the sum when every use is given in m², else
        the base project's total."""
        if self.total_gfa_m2 is not None:
            return float(self.total_gfa_m2)
        given = {u: v for u, v in self.shares.items() if isinstance(v, dict)}
        if given and set(given) >= set(self.project.use_ids):
            return float(sum(v["gfa_m2"] for v in given.values()))
        return float(self.project.total_gfa_m2)

    def table(self) -> pd.DataFrame:
        """The allocation: ``use_id, use, name_zh, share_pct, gfa_m2`` (one row per use)."""
        base = self.project.table
        total = self.total()
        share, gfa = [], []
        for rec in base.itertuples(index=False):
            v = self.shares.get(rec.use_id)
            if isinstance(v, dict):
                gfa.append(v["gfa_m2"])
                share.append(100.0 * v["gfa_m2"] / total)
            else:
                pct = float(rec.share_pct if v is None else v)
                share.append(pct)
                gfa.append(pct / 100.0 * total)
        df = pd.DataFrame({"use_id": base.use_id, "use": base.name_en, "name_zh": base.name_zh,
                           "share_pct": share, "gfa_m2": gfa})
        df.attrs["source"] = str(self.path or f"<scenario {self.name}>")
        return df

    def mapping(self) -> pd.DataFrame:
        """The use → zone mapping with this scenario's ``use_zones`` replacing a use's rows."""
        uz = self.project.use_zones
        uz = uz.assign(weight=uz.get("weight", 1.0))
        keep = uz[~uz.use_id.isin(list(self.use_zones))][["use_id", "zone_id", "weight"]]
        new = [{"use_id": u, "zone_id": z, "weight": w}
               for u, zones in self.use_zones.items() for z, w in zones.items()]
        return pd.concat([keep, pd.DataFrame(new, columns=keep.columns)], ignore_index=True)

    def to_rules(self, **extra: Any):
        """The :class:`gis.validation.Rules` of this scenario (``extra`` overrides fields)."""
        from .validation import Rules

        mpd = {z: h["mpd"] for z, h in self.zone_height.items() if "mpd" in h}
        storeys = {z: int(h["storeys"]) for z, h in self.zone_height.items() if "storeys" in h}
        kw = dict(total_gfa_m2=self.total(), max_plot_ratio=self.max_plot_ratio,
                  site_coverage=self.site_coverage, floor_to_floor_m=self.floor_to_floor_m,
                  zone_height_mpd=mpd or None, zone_storeys=storeys or None,
                  min_share_pct=dict(self.min_share_pct) or None,
                  max_share_pct=dict(self.max_share_pct) or None)
        kw.update(extra)
        return Rules(**kw)

    def envelope(self):
        """The :class:`gis.envelope.Envelope` this scenario is checked against (as validate).

        Each zone's capacity is its tightest known limit under the zone rules
        (:meth:`zone_rule_set`), exactly as :func:`gis.validate` computes it.
        """
        from ._capacity import zone_limits

        r, p = self.to_rules(), self.project
        zones = p.zones
        return zone_limits(zones, p.bands, self.mapping(), site=p.site, rules=r,
                           limits=self.zone_rule_set().zone_limits(zones),
                           use_ids=p.use_ids).env

    def validate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`gis.validate` for this scenario's base and mapping."""
        p = self.project
        if p.folder is None:
            return {"use_zones": self.mapping() if self.use_zones else None}
        return {"site": p.site, "zones": p.zones, "bands": p.bands, "use_zones": self.mapping()}

    def evaluate(self):
        """Validate this scenario's allocation (:func:`gis.validate`).

        The report's ``summary`` also holds ``scenario``, ``jobs`` and ``talent_flats``; its
        ``inputs`` the SHA-256 of the scenario file and of every file of the base project.
        """
        from .validation import validate

        report = validate(self.table(), rules=self.to_rules(), zone_rules=self.zone_rule_set(),
                          **self.validate_kwargs())
        ind = self.indicator_values()
        report.summary.update(scenario=self.name, jobs=ind["jobs"],
                              talent_flats=ind["talent_flats"])
        report.inputs.update(self.inputs())
        return report

    def zone_rule_set(self):
        """The shipped zone rules with this scenario's ``zone_rules`` applied, each labelled."""
        from .rules import load_zone_rules

        zr = load_zone_rules()
        for r in self.zone_rules:
            zr = zr.override(r["scope"], r["name"], r["limit"], r["value"],
                             f"{r['source']} (scenario {self.name})")
        return zr

    # ------------------------------------------------------------------ indicators
    def indicator_values(self, gfa_m2: Sequence[float] | None = None) -> dict[str, Any]:
        """Jobs and talent flats of this allocation (or of ``gfa_m2`` by use): ASSUMPTIONS.

        Returns ``jobs``, ``talent_flats``, ``jobs_by_use`` and ``notes`` (the assumptions).
        """
        uses = self.project.use_ids
        gfa = np.asarray(self.table().gfa_m2 if gfa_m2 is None else gfa_m2, dtype=float)
        dens = self.job_densities()
        by_use = {u: (g / dens[u] if dens.get(u) else 0.0)
                  for u, g in zip(uses, gfa, strict=True)}
        flat = float(self.indicators.get("talent_flat_m2", DEFAULT_TALENT_FLAT_M2))
        housing = sum(g for u, g in zip(uses, gfa, strict=True) if u == "talent_housing")
        return {"jobs": float(sum(by_use.values())), "talent_flats": housing / flat,
                "jobs_by_use": by_use, "notes": dict(INDICATOR_NOTES)}

    def job_densities(self) -> dict[str, float | None]:
        """GFA per job by use, m² (defaults overridden by ``indicators.gfa_per_job_m2``)."""
        dens = {u: DEFAULT_GFA_PER_JOB_M2.get(u) for u in self.project.use_ids}
        dens.update(self.indicators.get("gfa_per_job_m2", {}))
        return dens


# ---------------------------------------------------------------------- built-ins
def scenarios_dir() -> Path:
    """The folder of the built-in scenarios (``layers/scenarios``)."""
    from .catalog import layers_dir

    return layers_dir() / "scenarios"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def list_scenarios() -> pd.DataFrame:
    """The built-in scenarios: name, description, base, total GFA, file and SHA-256."""
    rows = []
    for name in builtin_names():
        sc = Scenario.from_yaml(scenarios_dir() / f"{name}.yaml")
        rows.append({"name": name, "description": sc.description, "base": sc.base,
                     "total_gfa_m2": sc.total(), "file": str(sc.path), "sha256": sc.sha256})
    cols = ["name", "description", "base", "total_gfa_m2", "file", "sha256"]
    return pd.DataFrame(rows, columns=cols).set_index("name")


def load_scenario(spec: Scenario | str | os.PathLike[str]) -> Scenario:
    """A :class:`Scenario`, a built-in name (``"table-3-1"``) or the path of a scenario file."""
    if isinstance(spec, Scenario):
        return spec
    p = Path(spec)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return Scenario.from_yaml(p)
    names = builtin_names()
    if str(spec) in names:
        return Scenario.from_yaml(scenarios_dir() / f"{spec}.yaml")
    import difflib

    close = difflib.get_close_matches(str(spec), names, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ScenarioError(f"unknown scenario '{spec}'{hint}; built-ins: {', '.join(names)}; or "
                        "give the path of a .yaml scenario file")


def compare(scenarios: Iterable[Scenario | str | os.PathLike[str]],
            against: Scenario | str | os.PathLike[str] | None = None) -> pd.DataFrame:
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


def comparison(scenarios: Iterable[Scenario | str | os.PathLike[str]],
               against: Scenario | str | os.PathLike[str] | None = None):
    """Like :func:`compare`, but the :class:`gis._compare.Comparison` (reports, tables, charts
    and maps are written from it by :func:`gis.write_comparison`)."""
    from ._compare import build_comparison

    items = [load_scenario(s) for s in scenarios]
    if not items:
        raise InputError("compare needs at least one scenario")
    ref = None if against is None else load_scenario(against)
    if ref is not None and not any(_same(ref, s) for s in items):
        items.insert(0, ref)
    ref = items[0] if ref is None else next(s for s in items if _same(ref, s))
    return build_comparison(items, ref)


def write_comparison(scenarios: Any, path: str | os.PathLike[str], fmt: str | None = None,
                     **options: Any) -> Path:
    """Compare scenarios and write the report (markdown, html, csv, json or xlsx) atomically.

    See :func:`gis._compare_report.write_comparison` for the options (``against``, ``force``,
    ``charts``, ``maps``, ``page_filter``, ``maps_dir``).
    """
    from ._compare_report import write_comparison as _write

    return _write(scenarios, path, fmt, **options)


def _same(a: Scenario, b: Scenario) -> bool:
    return a is b or (a.name == b.name and a.sha256 == b.sha256)


__all__ = ["Scenario", "compare", "comparison", "write_comparison", "list_scenarios",
           "load_scenario", "scenarios_dir", "DEFAULT_GFA_PER_JOB_M2", "DEFAULT_TALENT_FLAT_M2",
           "INDICATOR_NOTES"]
