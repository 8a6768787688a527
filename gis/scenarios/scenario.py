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

**Indicators are assumptions** (no source in the seeds gives them): see
:mod:`gis.scenarios.indicators` (:data:`DEFAULT_GFA_PER_JOB_M2`, :data:`DEFAULT_TALENT_FLAT_M2`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.catalog.project import EMBEDDED, Project, load_project
from gis.errors import InputError
from gis.fs import sha256_file, sha256_text
from gis.scenarios import evaluation, schema
from gis.scenarios import indicators as _indicators
from gis.scenarios.fields import check_names, fraction_shares, parse_fields
from gis.scenarios.indicators import DEFAULT_GFA_PER_JOB_M2, DEFAULT_TALENT_FLAT_M2, INDICATOR_NOTES

if TYPE_CHECKING:
    from gis.planning.envelope import Envelope
    from gis.planning.zone_rules import ZoneRules
    from gis.report import ValidationReport
    from gis.validation.inputs import Rules

_FIELDS = tuple(schema.KEYS)  # the keys of a scenario file, each a field of Scenario


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
    provision: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    _sha256: str | None = field(default=None, repr=False)
    _project: Project | None = field(default=None, repr=False)
    _fractions: float | None = field(default=None, repr=False)  # shares read as fractions: sum

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read and check a scenario file (safe loader; errors name the line and key).

        Parameters
        ----------
        path
            A ``.yaml`` scenario file; its ``base`` folder is relative to it.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            Unreadable file, invalid YAML, a refused tag, an unknown key (closest suggested), a
            wrong type or range, a missing ``name``/``base``, a bad base, an unknown use or zone.
        """
        p = Path(path)
        doc = schema.read_document(p)
        sc = cls._build(doc.data, schema.Context(str(p), doc), p.parent, path=p)
        sc._sha256 = sha256_file(p)
        return sc

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        *,
        base_dir: str | os.PathLike[str] | None = None,
        source: str = "<scenario>",
    ) -> Scenario:
        """A scenario from a mapping with the keys of a scenario file (same checks, no lines).

        Parameters
        ----------
        data
            The keys of a scenario file.
        base_dir
            Folder a project ``base`` is relative to (default: the working directory).
        source
            Name shown in errors.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            As :meth:`from_yaml`, without line numbers.

        Examples
        --------
        >>> Scenario.from_dict({"name": "x", "base": "embedded", "total_gfa_m2": 9e5}).total()
        900000.0
        """
        return cls._build(data, schema.Context(source), Path(base_dir or Path.cwd()))

    @classmethod
    def _build(
        cls, data: Any, ctx: schema.Context, base_dir: Path, path: Path | None = None
    ) -> Scenario:
        f = parse_fields(data, ctx)
        if f["base"] != EMBEDDED:
            folder = (base_dir / f["base"]).resolve()
            if not (folder / "manifest.yaml").is_file():
                what = "is not a folder" if not folder.is_dir() else "has no manifest.yaml"
                raise ctx.error(
                    ("base",),
                    f"base '{f['base']}' ({folder}) {what}; use "
                    "'embedded' or a project folder like layers/",
                )
            f["base"] = str(folder)
        sc = cls(**f, path=path)
        try:
            project = sc.project
        except InputError as exc:
            raise ctx.error(("base",), f"cannot load the base project ({exc})") from None
        check_names(f, project.use_ids, project.zone_ids, ctx)
        base = dict(zip(project.table.use_id, project.table.share_pct.astype(float), strict=True))
        sc.shares, sc._fractions = fraction_shares(sc.shares, base, ctx)
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
        """Where every input came from.

        Returns
        -------
        dict
            ``label -> {source, sha256}`` for the scenario file and every file of its base.
        """
        out = {"scenario": {"source": str(self.path or "<scenario>"), "sha256": self.sha256}}
        out.update(self.project.hashes())
        return out

    # ------------------------------------------------------------------ the allocation
    def total(self) -> float:
        """Total GFA of the allocation.

        Returns
        -------
        float
            ``total_gfa_m2``, else the sum when every use is given in m², else the base
            project's total, m².
        """
        if self.total_gfa_m2 is not None:
            return float(self.total_gfa_m2)
        given = {u: v for u, v in self.shares.items() if isinstance(v, dict)}
        if given and set(given) >= set(self.project.use_ids):
            return float(sum(v["gfa_m2"] for v in given.values()))
        return float(self.project.total_gfa_m2)

    def table(self) -> pd.DataFrame:
        """The allocation, one row per use of the base.

        Returns
        -------
        pandas.DataFrame
            ``use_id, use, name_zh, share_pct, gfa_m2``.

        Examples
        --------
        >>> from gis.scenarios import load_scenario
        >>> load_scenario("ai-30pct").table().set_index("use_id").share_pct["dry_lab_office"]
        np.float64(30.0)
        """
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
        df = pd.DataFrame(
            {
                "use_id": base.use_id,
                "use": base.name_en,
                "name_zh": base.name_zh,
                "share_pct": share,
                "gfa_m2": gfa,
            }
        )
        df.attrs["source"] = str(self.path or f"<scenario {self.name}>")
        return df

    def mapping(self) -> pd.DataFrame:
        """The use → zone mapping with this scenario's ``use_zones`` replacing a use's rows.

        Returns
        -------
        pandas.DataFrame
            ``use_id, zone_id, weight``.
        """
        uz = self.project.use_zones
        uz = uz.assign(weight=uz.get("weight", 1.0))
        keep = uz[~uz.use_id.isin(list(self.use_zones))][["use_id", "zone_id", "weight"]]
        new = [
            {"use_id": u, "zone_id": z, "weight": w}
            for u, zones in self.use_zones.items()
            for z, w in zones.items()
        ]
        return pd.concat([keep, pd.DataFrame(new, columns=keep.columns)], ignore_index=True)

    def to_rules(self, **extra: Any) -> Rules:
        """The :class:`gis.validation.Rules` of this scenario.

        Parameters
        ----------
        **extra
            Fields of ``Rules`` replacing the scenario's.

        Returns
        -------
        gis.validation.Rules
        """
        from gis.validation.inputs import Rules

        mpd = {z: h["mpd"] for z, h in self.zone_height.items() if "mpd" in h}
        storeys = {z: int(h["storeys"]) for z, h in self.zone_height.items() if "storeys" in h}
        kw: dict[str, Any] = dict(
            total_gfa_m2=self.total(),
            max_plot_ratio=self.max_plot_ratio,
            site_coverage=self.site_coverage,
            floor_to_floor_m=self.floor_to_floor_m,
            zone_height_mpd=mpd or None,
            zone_storeys=storeys or None,
            min_share_pct=dict(self.min_share_pct) or None,
            max_share_pct=dict(self.max_share_pct) or None,
        )
        kw.update(extra)
        return Rules(**kw)

    def envelope(self) -> Envelope:
        """The :class:`gis.planning.Envelope` this scenario is checked against (as validate).

        Each zone's capacity is its tightest known limit under the zone rules
        (:meth:`zone_rule_set`), exactly as :func:`gis.validate` computes it.

        Returns
        -------
        gis.planning.Envelope
        """
        return evaluation.envelope(self)

    def validate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`gis.validate` for this scenario's base and mapping.

        Returns
        -------
        dict
        """
        p = self.project
        if p.folder is None:
            return {"use_zones": self.mapping() if self.use_zones else None}
        return {"site": p.site, "zones": p.zones, "bands": p.bands, "use_zones": self.mapping()}

    def evaluate(self, strict: bool = False) -> ValidationReport:
        """Validate this scenario's allocation (:func:`gis.validate`).

        The report's ``summary`` also holds ``scenario``, ``jobs`` and ``talent_flats``; its
        ``inputs`` the SHA-256 of the scenario file and of every file of the base project.

        Parameters
        ----------
        strict
            Any partial result makes the report FAIL (as ``validate --strict``).

        Returns
        -------
        gis.ValidationReport
        """
        return evaluation.evaluate(self, strict=strict)

    def zone_rule_set(self) -> ZoneRules:
        """The shipped zone rules with this scenario's ``zone_rules`` applied, each labelled.

        Returns
        -------
        gis.planning.zone_rules.ZoneRules
        """
        return evaluation.zone_rule_set(self)

    # ------------------------------------------------------------------ indicators
    def indicator_values(self, gfa_m2: Sequence[float] | None = None) -> dict[str, Any]:
        """Jobs and talent flats of this allocation: ASSUMPTIONS (:mod:`gis.scenarios.indicators`).

        Parameters
        ----------
        gfa_m2
            GFA by use, in the order of the base's uses (default: this scenario's table).

        Returns
        -------
        dict
            ``jobs``, ``talent_flats``, ``jobs_by_use`` and ``notes`` (the assumptions).

        Examples
        --------
        >>> from gis.scenarios import load_scenario
        >>> round(load_scenario("table-3-1").indicator_values()["talent_flats"])
        2000
        """
        gfa = np.asarray(self.table().gfa_m2 if gfa_m2 is None else gfa_m2, dtype=float)
        flat = float(self.indicators.get("talent_flat_m2", DEFAULT_TALENT_FLAT_M2))
        return _indicators.indicator_values(self.project.use_ids, gfa, self.job_densities(), flat)

    def job_densities(self) -> dict[str, float | None]:
        """GFA per job by use, m² (defaults overridden by ``indicators.gfa_per_job_m2``).

        Returns
        -------
        dict
            ``use_id -> m²`` (None: the use counts no jobs).
        """
        dens = {u: DEFAULT_GFA_PER_JOB_M2.get(u) for u in self.project.use_ids}
        dens.update(self.indicators.get("gfa_per_job_m2", {}))
        return dens


__all__ = ["Scenario", "DEFAULT_GFA_PER_JOB_M2", "DEFAULT_TALENT_FLAT_M2", "INDICATOR_NOTES"]
