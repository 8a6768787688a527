"""The scenario schema's errors in the planner's words (one problem, one line).

:func:`first_problem` runs a validator of :data:`gis.scenarios.schema.SCHEMA` and turns its
errors into ``(key path, problem)``: what was expected and what was found, the problem on the
earliest line first (the most basic first on one line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from jsonschema import ValidationError
from jsonschema.protocols import Validator

from gis.errors import did_you_mean

Path_ = tuple[str, ...]


def _found(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"{str(v).lower()} (true/false)"
    if isinstance(v, str):
        return f"text '{v}'" if v else "empty text"
    if isinstance(v, dict):
        return "a mapping" if v else "an empty mapping"
    if isinstance(v, list | tuple):
        return "a list" if v else "an empty list"
    return f"{type(v).__name__} {v!r}"


def _expected(schema: dict[str, Any]) -> str:
    kind = str(schema.get("type"))
    return schema.get("x-expected") or {"number": "a number", "object": "a mapping"}.get(kind, kind)


def unknown_key_problem(key: str, choices: list[str]) -> str:
    """``unknown key 'sharez', did you mean 'shares'?; expected one of ...``."""
    return (
        f"unknown key '{key}'{did_you_mean(key, choices, cutoff=0.5)}; "
        f"expected one of {', '.join(choices)}"
    )


def _unknown_key(path: Path_, v: dict[str, Any], schema: dict[str, Any]) -> tuple[Path_, str]:
    choices = list(schema.get("properties", {}))
    key = next(k for k in v if k not in choices)
    return (*path, key), unknown_key_problem(key, choices)


def _bound(kw: str, bound: float, v: Any) -> str:
    if kw == "minimum":
        return (
            f"must not be negative, found {v:g}"
            if bound == 0
            else f"must be at least {bound:g}, found {v:g}"
        )
    if kw == "exclusiveMinimum":
        return f"must be greater than {bound:g}, found {v:g}"
    if kw == "maximum":
        return f"must be at most {bound:g}, found {v:g}"
    return f"expected a whole number, found {v:g}"  # multipleOf 1


def _finding(err: ValidationError) -> tuple[Path_, str]:
    """One schema error as ``(key path, problem)`` in the words of the old messages."""
    path = tuple(str(p) for p in err.absolute_path)
    # The validator sets keyword, instance and schema on every error it yields.
    kw, v, bound = str(err.validator), cast(Any, err.instance), cast(Any, err.validator_value)
    schema = cast(dict[str, Any], err.schema)
    if kw == "additionalProperties":
        return _unknown_key(path, v, schema)
    if kw == "required":
        key = next(k for k in bound if k not in v)
        if not path:
            return (key,), f"missing required key ({schema['properties'][key]['description']})"
        return path, f"expected {_expected(schema)}, found {_found(v)}"
    if kw == "type":
        found = f"found {_found(v)}"
        return (
            path,
            f"{_expected(schema)}, {found}"
            if not path
            else f"expected {_expected(schema)}, {found}",
        )
    if kw == "pattern":
        return path, f"expected text, found {_found(v)}"
    if kw in ("minimum", "exclusiveMinimum", "maximum", "multipleOf"):
        return path, _bound(kw, bound, v)
    if kw in ("minProperties", "maxProperties"):
        return path, schema["x-count"]
    if kw == "minItems":
        return path, f"{schema['x-empty']}, found an empty list"
    if kw == "uniqueItems":
        i = next(i for i, x in enumerate(v) if x in v[:i])
        return (*path, str(i)), f"zone '{v[i]}' listed twice"
    if kw == "anyOf":  # a number > 0 or null: say what is wrong with the number
        sub = [e for e in err.context if e.validator != "type"]
        if sub:
            return _finding(sub[0])
        return path, f"expected a number > 0 or nothing (null), found {_found(v)}"
    return path, err.message  # our keywords: x-finite, x-weight


_ORDER = (
    "additionalProperties",
    "required",
    "type",
    "pattern",
    "x-finite",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "multipleOf",
    "x-weight",
)


def first_problem(
    validator: Validator, data: Any, line: Callable[[Path_], int], skip: tuple[str, ...] = ()
) -> tuple[Path_, str] | None:
    """The problem on the earliest line (the most basic first on one line), or None.

    Parameters
    ----------
    validator
        A validator of the scenario schema.
    data
        The parsed file.
    line
        The line of a key path (0 when unknown).
    skip
        Schema keywords whose errors are left out (``required`` for the start of a file).

    Returns
    -------
    tuple or None
        ``(key path, problem)``; None when the data is valid.
    """
    found = []
    for i, err in enumerate(validator.iter_errors(data)):
        if err.validator in skip:
            continue
        path, problem = _finding(err)
        rank = _ORDER.index(str(err.validator)) if err.validator in _ORDER else len(_ORDER)
        found.append((line(path), rank, i, path, problem))
    return min(found)[3:] if found else None
