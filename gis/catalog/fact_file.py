"""``layers/facts.yaml``, the register of stated figures: read, checked and held as data.

Each entry states a figure (value, unit, tolerance and comparison), where it is stated (source)
and which measure of :mod:`gis.catalog.fact_measures` finds it on the embedded data (with its
keyword arguments). This module only reads and checks the file: any wrong key or type is one
:class:`~gis.errors.LayerError` naming the fact. :mod:`gis.catalog.facts` binds the measures;
the manifest names a fact where a layer or table carries a stated figure
(:func:`stated_fact`), so each figure is written once.

>>> from gis.config import layers_dir
>>> entry = next(e for e in read_fact_file(layers_dir()) if e.id == "loop.area_ha")
>>> entry.stated, entry.unit, entry.comparison, entry.relative
(87.0, 'ha', 'about', True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from gis.errors import LayerError

FACTS_FILE = "facts.yaml"
Comparison = Literal["about", "at_most", "at_least"]
COMPARISONS: tuple[str, ...] = ("about", "at_most", "at_least")
TOLERANCE_KINDS: tuple[str, ...] = ("absolute", "relative")
#: Keys every entry has, and the keys it may have.
REQUIRED = (
    "id",
    "name_en",
    "stated",
    "unit",
    "tolerance",
    "tolerance_kind",
    "comparison",
    "source",
    "measure",
)
OPTIONAL = ("name_zh", "args")
CELL_KEYS = ("table", "row", "column")


@dataclass(frozen=True)
class Fact:
    """A stated figure and the way to measure it on the embedded data.

    Attributes
    ----------
    id
        Stable identifier, e.g. ``"loop.area_ha"``.
    description
        What the figure is, in English.
    value, unit
        The stated figure.
    source
        Where the figure is stated (seed file and section, or public source).
    measure
        Returns the value found on the embedded data.
    tolerance
        Allowed difference: a fraction of ``value`` when ``relative`` else absolute, in ``unit``.
    comparison
        ``"about"``: ``|measured - value| <= tol``; ``"at_most"`` / ``"at_least"``: a bound.
    """

    id: str
    description: str
    value: float
    unit: str
    source: str
    measure: Callable[[], float] = field(repr=False, compare=False)
    tolerance: float = 0.0
    relative: bool = False
    comparison: Comparison = "about"

    def allowed(self) -> float:
        """The tolerance in the fact's unit.

        Returns
        -------
        float
        """
        return abs(self.value) * self.tolerance if self.relative else self.tolerance

    def holds(self, measured: float) -> bool:
        """Whether ``measured`` agrees with the stated figure.

        Parameters
        ----------
        measured
            The value measured on the data (None or NaN never holds).

        Returns
        -------
        bool
        """
        import math

        if measured is None or not math.isfinite(measured):
            return False
        if self.comparison == "at_most":
            return measured <= self.value + self.allowed()
        if self.comparison == "at_least":
            return measured >= self.value - self.allowed()
        return abs(measured - self.value) <= self.allowed() + 1e-9


@dataclass(frozen=True)
class TableCell:
    """A stated figure that is a cell of an embedded table (``row`` in its first column)."""

    table: str
    row: str
    column: str


@dataclass(frozen=True)
class FactEntry:
    """One entry of ``layers/facts.yaml``, checked but not yet measured."""

    id: str
    name_en: str
    stated: float | TableCell
    unit: str
    tolerance: float
    relative: bool
    comparison: Comparison
    source: str
    measure: str
    args: Mapping[str, Any] = field(default_factory=dict)
    name_zh: str | None = None

    def description(self) -> str:
        """``name_en`` with each ``{arg}`` replaced by that measure argument."""
        text = self.name_en
        for key, value in self.args.items():
            text = text.replace(f"{{{key}}}", f"{value:g}" if _is_number(value) else str(value))
        return text


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(raw: Mapping[str, Any], key: str, fail: Callable[[str], LayerError]) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise fail(f"'{key}' must be a non-empty text, found {value!r}")
    return value


def _number(raw: Mapping[str, Any], key: str, fail: Callable[[str], LayerError]) -> float:
    value = raw[key]
    if not _is_number(value):
        raise fail(f"'{key}' must be a number, found {value!r}")
    return float(value)


def _choice(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], fail: Any) -> str:
    value = raw[key]
    if value not in allowed:
        raise fail(f"'{key}' must be one of {', '.join(allowed)}, found {value!r}")
    return str(value)


def _stated(raw: Mapping[str, Any], fail: Callable[[str], LayerError]) -> float | TableCell:
    value = raw["stated"]
    if isinstance(value, dict):
        texts = all(isinstance(v, str) for v in value.values())
        if sorted(value) != sorted(CELL_KEYS) or not texts:
            raise fail(f"'stated' as a table cell needs {', '.join(CELL_KEYS)} (texts)")
        return TableCell(**value)
    return _number(raw, "stated", fail)


def _entry(raw: object, index: int, path: Path) -> FactEntry:
    fact_id = raw.get("id") if isinstance(raw, dict) else None
    where = f"fact '{fact_id}'" if isinstance(fact_id, str) else f"fact #{index + 1}"

    def fail(problem: str) -> LayerError:
        return LayerError(problem, source=path, where=where)

    if not isinstance(raw, dict):
        raise fail(f"expected a mapping of {', '.join(REQUIRED)}, found {raw!r}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise fail(f"missing {', '.join(repr(k) for k in missing)}")
    unknown = [k for k in raw if k not in REQUIRED + OPTIONAL]
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}; keys: {', '.join(REQUIRED + OPTIONAL)}")
    args = raw.get("args", {})
    if not isinstance(args, dict) or not all(isinstance(k, str) for k in args):
        raise fail(f"'args' must be a mapping of argument names to values, found {args!r}")
    tolerance = _number(raw, "tolerance", fail)
    if tolerance < 0:
        raise fail(f"'tolerance' must not be negative, found {tolerance:g}")
    name_zh = raw.get("name_zh")
    return FactEntry(
        id=_text(raw, "id", fail),
        name_en=_text(raw, "name_en", fail),
        stated=_stated(raw, fail),
        unit=_text(raw, "unit", fail),
        tolerance=tolerance,
        relative=_choice(raw, "tolerance_kind", TOLERANCE_KINDS, fail) == "relative",
        comparison=_choice(raw, "comparison", COMPARISONS, fail),  # type: ignore[arg-type]
        source=_text(raw, "source", fail),
        measure=_text(raw, "measure", fail),
        args=args,
        name_zh=None if name_zh is None else _text(raw, "name_zh", fail),
    )


@functools.cache
def _read(path: Path, stamp: tuple[int, int]) -> tuple[FactEntry, ...]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise LayerError(f"not valid YAML ({str(exc).splitlines()[0]})", source=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        raise LayerError("expected a 'facts' list", source=path)
    entries = tuple(_entry(raw, i, path) for i, raw in enumerate(data["facts"]))
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise LayerError("registered twice", source=path, where=f"fact '{e.id}'")
        seen.add(e.id)
    return entries


def read_fact_file(folder: Path) -> tuple[FactEntry, ...]:
    """The checked entries of ``folder/facts.yaml`` (read again when the file changes).

    Parameters
    ----------
    folder
        A layers folder (:func:`gis.config.layers_dir`).

    Returns
    -------
    tuple of FactEntry

    Raises
    ------
    LayerError
        The file is missing, not YAML, or an entry lacks a key or has a wrong type: one line
        naming the fact.
    """
    path = folder / FACTS_FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LayerError("the facts file is missing", source=path) from None
    return _read(path, (st.st_mtime_ns, st.st_size))


def stated_fact(fact_id: str, folder: Path) -> Fact:
    """The fact ``fact_id`` with its stated figure, to compare a measured value against.

    For the manifest's references (a layer's ``stated_area``, a table's ``stated`` totals):
    the figure must be a number, not a table cell. Its ``measure`` is not bound (measure it
    through :func:`gis.check_facts`).

    Parameters
    ----------
    fact_id
        An id of ``layers/facts.yaml``.
    folder
        The layers folder.

    Returns
    -------
    Fact

    Raises
    ------
    LayerError
        No such fact, or its stated figure is a table cell.
    """
    entries = {e.id: e for e in read_fact_file(folder)}
    entry = entries.get(fact_id)
    path = folder / FACTS_FILE
    if entry is None:
        raise LayerError(f"the manifest names fact '{fact_id}', which is not here", source=path)
    if isinstance(entry.stated, TableCell):
        problem = "a figure the manifest refers to must be a number"
        raise LayerError(problem, source=path, where=f"fact '{fact_id}'")

    def unbound() -> float:
        raise LayerError("measured by gis.check_facts()", where=f"fact '{fact_id}'")

    return Fact(
        entry.id,
        entry.description(),
        entry.stated,
        entry.unit,
        entry.source,
        unbound,
        entry.tolerance,
        entry.relative,
        entry.comparison,
    )
