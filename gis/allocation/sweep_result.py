"""What :func:`gis.sweep` returns: :class:`SweepResult`, its counts, the constraints that
bind, the frontier and (when kept) every sample, and how to write them as CSV or Parquet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gis.errors import InputError


@dataclass
class SweepResult:
    """What a sweep found.

    Attributes
    ----------
    n, n_feasible
        Allocations evaluated, and how many were valid.
    constraints
        One row per constraint: ``label``, ``violated`` (draws breaking it), ``violated_pct``,
        ``worst`` (invalid draws where it is broken the most, by load / limit) and
        ``tightest_feasible`` (valid draws where it is the closest to its limit).
    frontier
        Per bin of ``frontier_use``'s share: ``n``, ``n_feasible``, ``max_feasible_total_gfa_m2``
        (largest total drawn that was valid) and ``max_total_gfa_m2`` (the largest total any split
        drawn in the bin can hold, with that split's shares ``share_<use>_pct``).
    samples
        One row per allocation (``share_<use>_pct``, ``total_gfa_m2``, ``feasible``, ``binding``:
        the constraint with the largest load / limit, ``max_total_gfa_m2``), when kept.
    params, inputs
        The arguments (seed, method, ...) and the SHA-256 of every input file.
    """

    n: int
    n_feasible: int
    use_ids: list[str]
    constraints: pd.DataFrame
    frontier: pd.DataFrame
    frontier_use: str
    samples: pd.DataFrame | None = None
    params: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def feasible_share(self) -> float:
        """Fraction of the allocations that were valid."""
        return self.n_feasible / self.n if self.n else float("nan")

    @property
    def binding_most_often(self) -> str | None:
        """The constraint broken by the most draws (None when every draw was valid)."""
        v = self.constraints["violated"]
        return str(v.idxmax()) if len(v) and v.max() > 0 else None

    @property
    def tightest_feasible(self) -> str | None:
        """Among valid draws, the constraint most often the closest to its limit."""
        t = self.constraints["tightest_feasible"]
        return str(t.idxmax()) if len(t) and t.max() > 0 else None

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter (drawn by the renderer :mod:`gis.display` finds)."""
        from gis.display import html

        return html(self)

    def summary(self) -> dict[str, Any]:
        """Headline figures, JSON-ready.

        Returns
        -------
        dict
            Counts, the feasible %, the constraints binding most often and tightest among the
            valid (names and labels), and the scalar parameters.
        """
        lab = self.constraints["label"]
        b, t = self.binding_most_often, self.tightest_feasible
        return {
            "n": self.n,
            "n_feasible": self.n_feasible,
            "feasible_pct": 100.0 * self.feasible_share,
            "binding_most_often": b,
            "binding_most_often_label": lab.get(b) if b else None,
            "tightest_feasible": t,
            "tightest_feasible_label": lab.get(t) if t else None,
            **{k: v for k, v in self.params.items() if not isinstance(v, dict)},
        }

    def write(
        self, path: str | os.PathLike[str], what: str = "samples", *, force: bool = True
    ) -> Path:
        """Write ``samples``, ``frontier`` or ``constraints`` as CSV or Parquet, atomically.

        Parameters
        ----------
        path
            A ``.csv`` or ``.parquet`` file; Parquet files carry the parameters and input
            hashes as metadata (key ``technopole.sweep``).
        what
            ``"samples"`` (needs ``keep=True``), ``"frontier"`` or ``"constraints"``.
        force
            Replace an existing file.

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        InputError
            Nothing to write as ``what``, or another suffix.
        OutputError
            The file exists and ``force`` is False.
        """
        from gis.fs import atomic_path

        df = {
            "samples": self.samples,
            "frontier": self.frontier,
            "constraints": self.constraints,
        }.get(what)
        if df is None:
            raise InputError(
                f"nothing to write as '{what}'"
                + (
                    " (the sweep was run with keep=False)"
                    if what == "samples"
                    else "; expected samples, frontier or constraints"
                )
            )
        suffix = Path(path).suffix.lower()
        if suffix not in (".csv", ".parquet"):
            raise InputError(
                f"write sweep results as .csv or .parquet, not '{suffix}'", source=str(path)
            )
        with atomic_path(path, force=force) as tmp:
            if suffix == ".csv":
                df.to_csv(tmp, index=df.index.name is not None)
            else:
                import json

                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(df, preserve_index=df.index.name is not None)
                meta = dict(table.schema.metadata or {})
                meta[b"technopole.sweep"] = json.dumps(
                    {"params": self.params, "inputs": self.inputs}, default=str
                ).encode()
                pq.write_table(table.replace_schema_metadata(meta), tmp)
        return Path(path)
