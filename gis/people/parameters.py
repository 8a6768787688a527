"""Planning parameters: provision standards and population figures, as data.

The shipped file ``layers/provision.yaml`` holds every standard (value, unit, per how many
persons, minimum size, source and status: ``standard``, ``illustrative`` or ``assumption``) and
the population parameters (GFA per flat, persons per flat with their range, GFA per job by use,
age shares). A user file (``--provision FILE``) or a scenario's ``provision:`` key overrides any
part of it; both are checked against :data:`SCHEMA` and a problem is one line naming the key.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from gis.config import layers_dir
from gis.errors import InputError
from gis.io.schema_messages import first_problem
from gis.io.yaml_lines import load_with_lines
from gis.registry import PROVISION_CHECKS

__all__ = ["SCHEMA", "STANDARD_IDS", "Provision", "load_provision"]

#: The standards technopole checks (one registry check ``provision.<id>`` each).
STANDARD_IDS = tuple(PROVISION_CHECKS)
_NUM = {"type": "number", "exclusiveMinimum": 0}
_NUM_OR_NULL = {"anyOf": [{"type": "null"}, _NUM]}
_STATUS = {"enum": ["standard", "illustrative", "assumption"]}
_TEXT = {"type": "string", "pattern": r"\S"}
_STANDARD = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name_en": _TEXT,
        "name_zh": _TEXT,
        "value": _NUM_OR_NULL,
        "unit": {"enum": ["ha", "m2", "facility", "classroom", "place"]},
        "per_persons": _NUM,
        "per_persons_max": _NUM_OR_NULL,
        "min_size_m2": _NUM_OR_NULL,
        "needs_age": _TEXT,
        "supply": {"enum": ["open_space", "facility"]},
        "status": _STATUS,
        "source": _TEXT,
    },
}
_FIGURE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "value": _NUM_OR_NULL,
        "low": _NUM_OR_NULL,
        "high": _NUM_OR_NULL,
        "status": _STATUS,
        "source": _TEXT,
    },
}
#: The provision file format (JSON Schema, draft 2020-12): every key optional in an override.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "standards": {
            "type": "object",
            "propertyNames": {"enum": list(STANDARD_IDS)},
            "additionalProperties": _STANDARD,
        },
        "supply": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "families": {"type": "array", "items": _TEXT},
                    "values": {"type": "array", "items": _TEXT},
                },
            },
        },
        "population": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "residential_uses": {"type": "array", "items": _TEXT},
                "gfa_per_flat_m2": _FIGURE,
                "persons_per_flat": _FIGURE,
                "homes": {"anyOf": [{"type": "null"}, _FIGURE]},
                "gfa_per_job_m2": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "status": _STATUS,
                        "source": _TEXT,
                        "by_use": {"type": "object", "additionalProperties": _NUM_OR_NULL},
                    },
                },
                "age_share_pct": {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            {"type": "null"},
                            {"type": "number", "minimum": 0, "maximum": 100},
                        ]
                    },
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)


@dataclass(frozen=True)
class Provision:
    """The planning parameters in force (the shipped file, then each override in turn).

    Attributes
    ----------
    data
        The merged mapping (``standards``, ``supply``, ``population``), as in the file.
    sources
        The files (or ``scenario <name>``) merged, shipped file first.
    """

    data: Mapping[str, Any]
    sources: tuple[str, ...]

    @property
    def standards(self) -> dict[str, dict[str, Any]]:
        """Each standard's mapping by id, in :data:`STANDARD_IDS` order."""
        s = self.data.get("standards", {})
        return {k: s[k] for k in STANDARD_IDS if k in s}

    @property
    def population(self) -> dict[str, Any]:
        """The population parameters (``gfa_per_flat_m2``, ``persons_per_flat``, ...)."""
        return dict(self.data.get("population", {}))

    @property
    def supply(self) -> dict[str, dict[str, list[str]]]:
        """What supplies each kind of land (``open_space``, ``gic``) on the plan's zones."""
        return dict(self.data.get("supply", {}))

    def override(self, more: Mapping[str, Any] | None, source: str) -> Provision:
        """These parameters with ``more`` merged over them (checked against :data:`SCHEMA`).

        Parameters
        ----------
        more
            A mapping in the provision file's format (any part of it); None: no change.
        source
            Where it comes from, for error messages and :attr:`sources`.

        Returns
        -------
        Provision
        """
        if not more:
            return self
        _check(more, source)
        return Provision(_merge(self.data, more), (*self.sources, source))


def _merge(base: Mapping[str, Any], more: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for k, v in more.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _check(data: Any, source: str, line: Any = None) -> None:
    found = first_problem(_VALIDATOR, data, line or (lambda _path: 0))
    if found is not None:
        path, problem = found
        ln = (line or (lambda _p: 0))(path)
        where = ", ".join(
            x for x in (f"line {ln}" if ln else "", f"key '{'.'.join(path)}'" if path else "") if x
        )
        raise InputError(problem, source=source, where=where or None)


def _read(path: Path) -> tuple[Any, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read as UTF-8 text ({exc})", source=path) from None

    def fail(problem: str, line: int | None, key: tuple[str, ...]) -> InputError:
        parts = [f"line {line}" if line else "", f"key '{'.'.join(key)}'" if key else ""]
        return InputError(problem, source=path, where=", ".join(p for p in parts if p) or None)

    doc = load_with_lines(text, str(path), fail)
    if not isinstance(doc.data, dict):
        raise InputError("expected a mapping (standards, supply, population)", source=path)
    return doc.data, doc.line


def load_provision(
    path: str | Path | None = None, scenario: Mapping[str, Any] | None = None
) -> Provision:
    """The planning parameters: the shipped ``layers/provision.yaml``, a user file over it,
    then a scenario's ``provision:`` mapping over both.

    Parameters
    ----------
    path
        A user provision file (``--provision``), in the shipped file's format; any part of it.
    scenario
        A scenario's ``provision:`` mapping.

    Returns
    -------
    Provision

    Raises
    ------
    InputError
        A file that cannot be read or does not fit :data:`SCHEMA` (one line naming the key).

    Examples
    --------
    >>> p = load_provision()
    >>> p.standards["open_space_district"]["min_size_m2"]
    10000
    """
    shipped = layers_dir() / "provision.yaml"
    data, line = _read(shipped)
    _check(data, str(shipped), line)
    out = Provision(data, (str(shipped),))
    if path is not None:
        more, line = _read(Path(path))
        _check(more, str(path), line)
        out = Provision(_merge(out.data, more), (*out.sources, str(path)))
    return out.override(scenario, "scenario provision")
