"""The scenario file schema as a JSON Schema (draft 2020-12), checked with ``jsonschema``.

:data:`SCHEMA` states every key, its type and its range; :func:`read_document` reads a file
with the line of every key; :func:`gis.scenarios.fields.parse_fields` validates a parsed file
against the schema and turns the first problem (the one on the earliest line) into one
:class:`~gis.errors.ScenarioError` ``"file: line N, key 'x': problem"`` that states what was
expected and what was found. Two rules are our own keywords: ``x-finite`` (no NaN or infinity)
and ``x-weight`` (a use → zone weight, :func:`gis.planning.capacity.weight_problem`).
What the schema cannot know, the uses and zones of the base project,
:func:`gis.scenarios.fields.check_names` checks after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from gis.errors import ScenarioError
from gis.fs import not_a_file
from gis.io.schema_messages import first_problem, unknown_key_problem
from gis.io.yaml_lines import EarlyKeyError, LinedDocument, load_with_lines
from gis.people.parameters import SCHEMA as PROVISION_SCHEMA
from gis.planning.capacity import weight_problem

Path_ = tuple[str, ...]


#: The keys of one scenario zone rule (as the columns of a zone rules file).
RULE_KEYS = ("scope", "name", "limit", "value", "source")


def _num(**bounds: Any) -> dict[str, Any]:
    return {"type": "number", "x-finite": True, **bounds}


_TEXT = {"type": "string", "pattern": r"\S", "x-expected": "text"}
_OPTIONAL_TEXT = {"type": ["string", "null"], "pattern": r"^$|\S", "x-expected": "text"}
_POSITIVE = _num(exclusiveMinimum=0)
_PCT = _num(minimum=0, maximum=100)
_FRACTION = _num(minimum=0, maximum=1)


def _per_key(what: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "x-expected": f"a mapping of {what}", "additionalProperties": value}


_SHARE = {
    "if": {"type": "object"},
    "then": {
        "type": "object",
        "properties": {"gfa_m2": _num(minimum=0)},
        "additionalProperties": False,
        "required": ["gfa_m2"],
        "x-expected": "{gfa_m2: number}",
    },
    "else": _PCT,
}
_ZONES_OF_USE = {
    "if": {"type": "array"},
    "then": {
        "type": "array",
        "items": _TEXT,
        "minItems": 1,
        "uniqueItems": True,
        "x-empty": "expected at least one zone",
    },
    "else": {
        "type": "object",
        "x-expected": "a list of zones or {zone: weight}",
        "additionalProperties": {"type": "number", "x-weight": True},
    },
}
_HEIGHT = {
    "type": "object",
    "x-expected": "a mapping of mpd or storeys",
    "properties": {"mpd": _POSITIVE, "storeys": _num(minimum=0, multipleOf=1)},
    "additionalProperties": False,
    "minProperties": 1,
    "maxProperties": 1,
    "x-count": "expected exactly one of {mpd: number} or {storeys: whole number}",
}

#: The scenario file format (JSON Schema, draft 2020-12); ``description`` says it in words.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "technopole scenario",
    "type": "object",
    "x-expected": "a scenario file is a mapping of keys (name, base, ...)",
    "required": ["name", "base"],
    "additionalProperties": False,
    "properties": {
        "name": {**_TEXT, "description": "text (required)"},
        "base": {
            **_TEXT,
            "description": "'embedded' or a project folder relative to the file (required)",
        },
        "description": {**_OPTIONAL_TEXT, "description": "text"},
        "source": {**_OPTIONAL_TEXT, "description": "text: where the figures come from"},
        "notes": {**_OPTIONAL_TEXT, "description": "text"},
        "total_gfa_m2": {**_POSITIVE, "description": "number > 0"},
        "shares": {
            **_per_key("use: share", _SHARE),
            "description": "use -> % of GFA, or use -> {gfa_m2: number}",
        },
        "use_zones": {
            **_per_key("use: zones", _ZONES_OF_USE),
            "description": "use -> [zone, ...] or {zone: weight above 0, at most 1}",
        },
        "zone_height": {
            **_per_key("zone: height", _HEIGHT),
            "description": "zone -> {mpd: number} or {storeys: whole number}",
        },
        "max_plot_ratio": {**_POSITIVE, "description": "number > 0"},
        "site_coverage": {
            "if": {"type": "object"},
            "then": _per_key("zone: coverage", _FRACTION),
            "else": _FRACTION,
            "description": "number 0-1, or zone -> number 0-1",
        },
        "floor_to_floor_m": {**_POSITIVE, "description": "number > 0"},
        "min_share_pct": {**_per_key("use: %", _PCT), "description": "use -> % (0-100)"},
        "max_share_pct": {**_per_key("use: %", _PCT), "description": "use -> % (0-100)"},
        "indicators": {
            "type": "object",
            "x-expected": "a mapping of indicator settings",
            "additionalProperties": False,
            "properties": {
                "gfa_per_job_m2": _per_key(
                    "use: m² per job", {"anyOf": [{"type": "null"}, _POSITIVE]}
                ),
                "talent_flat_m2": _POSITIVE,
            },
            "description": "{gfa_per_job_m2: {use: number > 0 or null}, talent_flat_m2: "
            "number > 0}",
        },
        "provision": {
            **PROVISION_SCHEMA,
            "x-expected": "a mapping of planning parameters (standards, population)",
            "description": "planning parameters over layers/provision.yaml (standards, "
            "population: see README 'People and provision')",
        },
        "zone_rules": {
            "type": "array",
            "x-expected": "a list of {scope, name, limit, value, source}",
            "items": {
                "type": "object",
                "required": list(RULE_KEYS),
                "additionalProperties": False,
                "x-expected": "a mapping of scope, name, limit, value, source",
                "properties": {
                    "scope": _TEXT,
                    "name": _TEXT,
                    "limit": _TEXT,
                    "value": {"anyOf": [{"type": "null"}, _num()]},
                    "source": _TEXT,
                },
            },
            "description": "list of {scope, name, limit, value, source}: set a limit of the "
            "zone rules (value null empties it)",
        },
    },
}
#: Every top-level key of a scenario file and what it holds (shown in errors and the docs).
KEYS: dict[str, str] = {k: v["description"] for k, v in SCHEMA["properties"].items()}
REQUIRED = tuple(SCHEMA["required"])


def _finite(
    validator: Any, on: bool, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if not on or isinstance(instance, bool) or not isinstance(instance, int | float):
        return
    try:
        finite = math.isfinite(instance)
    except OverflowError:  # an integer beyond any float
        finite = False
    if not finite:
        shown = instance if isinstance(instance, float) else f"{str(instance)[:12]}..."
        yield ValidationError(f"expected a finite number, found {shown}")


def _weight(
    validator: Any, on: bool, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    problem = weight_problem(instance) if on and validator.is_type(instance, "number") else None
    if problem:
        yield ValidationError(problem)


_Validator = validators.extend(Draft202012Validator, {"x-finite": _finite, "x-weight": _weight})
_VALIDATOR = _Validator(SCHEMA)


class Context:
    """Where errors point: the file and, when the text was YAML, the line of every key."""

    def __init__(self, source: str, doc: LinedDocument | None = None) -> None:
        self.source = source
        self.doc = doc

    def line(self, path: Path_) -> int:
        """The line a key path is on.

        Parameters
        ----------
        path
            Keys from the top of the file.

        Returns
        -------
        int
            Its line (:meth:`LinedDocument.line`), or 0 without a YAML document.
        """
        return self.doc.line(path) if self.doc is not None else 0

    def error(self, path: Path_, problem: str) -> ScenarioError:
        """The one-line error ``"file: line N, key 'a.b': problem"``.

        Parameters
        ----------
        path
            Keys from the top of the file (empty: the whole file).
        problem
            What is wrong: what was expected and what was found.

        Returns
        -------
        ScenarioError
            To raise.

        Examples
        --------
        >>> str(Context("s.yaml").error(("shares", "uir"), "must be at most 100, found 120"))
        "s.yaml: key 'shares.uir': must be at most 100, found 120"
        """
        parts = []
        if self.doc is not None:
            parts.append(f"line {self.doc.line(path)}")
        if path:
            parts.append(f"key '{'.'.join(path)}'")
        return ScenarioError(problem, source=self.source, where=", ".join(parts) or None)


def read_document(path: Path) -> LinedDocument:
    """Read a scenario file as YAML with the line of every key (safe loader).

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    LinedDocument

    Raises
    ------
    ScenarioError
        Missing or unreadable file, not UTF-8, invalid YAML, a refused tag or a key written
        twice: naming the line and key where there is one.
    """
    if not_a_file(path):  # a pipe would block the read for ever
        raise ScenarioError(str(not_a_file(path)), source=path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError("file not found", source=path) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read ({exc.strerror})", source=path) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (byte {exc.start})", source=path) from None

    def fail(problem: str, line: int | None, key: Path_) -> ScenarioError:
        parts = [f"line {line}" if line else "", f"key '{'.'.join(key)}'" if key else ""]
        return ScenarioError(problem, source=path, where=", ".join(x for x in parts if x) or None)

    try:
        return load_with_lines(text, str(path), fail, top_key=unknown_top_key)
    except EarlyKeyError as early:
        raise _earliest(text[: early.index], early, fail) from None


def _earliest(before: str, early: EarlyKeyError, fail: Any) -> ScenarioError:
    """The unknown key found while reading, unless the text before it already holds a problem
    (on an earlier line, so reported first: the rule of :func:`first_problem`).
    """
    try:
        doc = load_with_lines(before, "", fail, sized=True)
        found = first_problem(_VALIDATOR, _str_keys(doc.data), doc.line, skip=("required",))
    except ScenarioError:  # a flow mapping cut in two, say: the key is what was found
        found = None
    if found is not None and isinstance(doc.data, dict):
        return fail(found[1], doc.line(found[0]), found[0])
    return fail(early.problem, early.line, (early.key,))


def unknown_top_key(key: str) -> str | None:
    """The problem with a top-level key of a scenario file, or None when :data:`SCHEMA` knows
    it (``<<``, a YAML merge, is left to the loader).
    """
    if key in KEYS or key == "<<":
        return None
    return unknown_key_problem(key, list(KEYS))


def _str_keys(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _str_keys(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_str_keys(x) for x in v]
    return v
