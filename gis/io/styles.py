r"""Map style files: their schema and reader (the maps apply them; ``technopole map --style``).

A style file is YAML with one ``layers`` mapping: layer key (an embedded name as given to
``--layer``, or a file's stem) -> how to draw it. This module checks the file's shape against
:data:`SCHEMA` with ``jsonschema`` and keeps the line of every key, so that the maps can report a
bad colour or an unknown layer on the line it is on (colours are checked where they are drawn).

>>> doc = read_style_text("layers:\n  loop.zones:\n    fill_opacity: 0.3\n", "s.yaml")
>>> doc.layers["loop.zones"], doc.line(("layers", "loop.zones"))
({'fill_opacity': 0.3}, 2)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from gis.errors import InputError
from gis.io.schema_messages import first_problem
from gis.io.yaml_lines import load_with_lines

__all__ = ["SCHEMA", "StyleDocument", "check_style", "read_style", "read_style_text"]

KeyPath = tuple[str, ...]

_TEXT = {"type": "string", "pattern": r"\S", "x-expected": "text"}
_COLOUR = {"type": "string", "pattern": r"\S", "x-expected": "a colour (a name or #rrggbb)"}
_NUMBER = {"type": "number"}
_BY = {
    "type": "object",
    "x-expected": "{by: field, values: {value: colour}} or {by: field, ramp: [colours]}",
    "properties": {
        "by": _TEXT,
        "values": {
            "type": "object",
            "minProperties": 1,
            "x-count": "expected at least one value: colour",
            "additionalProperties": _COLOUR,
        },
        "ramp": {"type": "array", "items": _COLOUR, "x-expected": "a list of colours"},
        "min": _NUMBER,
        "max": _NUMBER,
        "default": _COLOUR,
    },
    "required": ["by"],
    "additionalProperties": False,
}
_LEGEND = {
    "type": "object",
    "properties": {
        "title": _TEXT,
        "entries": {"type": "object", "additionalProperties": _TEXT},
        "hide": {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
        "show": {"type": "boolean"},
    },
    "additionalProperties": False,
}
LAYER_KEYS = {
    "colour": {"if": {"type": "string"}, "then": _COLOUR, "else": _BY},
    "fill_opacity": {"type": "number", "minimum": 0, "maximum": 1},
    "line_colour": _COLOUR,
    "line_width": {"type": "number", "minimum": 0, "maximum": 20},
    "labels": {"type": "boolean"},
    "label_field": _TEXT,
    "legend": _LEGEND,
    "visible": {"type": "boolean"},
    "order": {"type": "integer"},
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "layers": {
            "type": "object",
            "minProperties": 1,
            "x-count": "expected at least one layer",
            "description": "a mapping of layer -> style",
            "x-expected": "a mapping of layer -> style",
            "additionalProperties": {
                "type": "object",
                "properties": LAYER_KEYS,
                "additionalProperties": False,
            },
        }
    },
    "required": ["layers"],
    "additionalProperties": False,
}
"""The JSON Schema (draft 2020-12) of a style file; every key is described in the README."""

_VALIDATOR = Draft202012Validator(SCHEMA)


@dataclass
class StyleDocument:
    """A checked style file: the style of each layer and the line of every key.

    Attributes
    ----------
    layers
        Layer key -> its style (the keys of :data:`LAYER_KEYS`).
    source
        The file (or ``"<style>"`` for a mapping given in Python).
    lines
        Key path -> line (empty for a mapping given in Python).
    """

    layers: dict[str, dict[str, Any]]
    source: str = "<style>"
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int:
        """The line of ``path`` (its nearest parent's when it has none; 0 when unknown).

        Parameters
        ----------
        path
            Keys from the top of the file, e.g. ``("layers", "loop.zones", "colour")``.

        Returns
        -------
        int
        """
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 0)

    def error(self, path: KeyPath, problem: str) -> InputError:
        """The one-line error ``"file: line N, key 'a.b': problem"`` to raise.

        Parameters
        ----------
        path
            Keys from the top of the file.
        problem
            What was expected and what was found.

        Returns
        -------
        InputError
        """
        parts = [f"line {self.line(path)}" if self.line(path) else "", f"key '{'.'.join(path)}'"]
        return InputError(problem, source=self.source, where=", ".join(p for p in parts if p))


def read_style_text(text: str, source: str = "<style>") -> StyleDocument:
    """Check the YAML ``text`` of a style file; see :func:`read_style`.

    Parameters
    ----------
    text
        YAML.
    source
        The file name for messages.

    Returns
    -------
    StyleDocument
    """

    def fail(problem: str, line: int | None, key: KeyPath) -> InputError:
        parts = [f"line {line}" if line else "", f"key '{'.'.join(key)}'" if key else ""]
        return InputError(problem, source=source, where=", ".join(p for p in parts if p) or None)

    doc = load_with_lines(text, source, fail)
    return check_style(doc.data, source, doc.lines)


def check_style(
    data: Any, source: str = "<style>", lines: dict[KeyPath, int] | None = None
) -> StyleDocument:
    """Check parsed style data (a file's, or a mapping given in Python) against :data:`SCHEMA`.

    Parameters
    ----------
    data
        The parsed style.
    source
        Where it came from, for messages.
    lines
        Key path -> line, when it was read from a file.

    Returns
    -------
    StyleDocument

    Raises
    ------
    InputError
        The problem on the earliest line, naming the file, line and key.
    """
    doc = StyleDocument({}, source, dict(lines or {}))
    problem = first_problem(_VALIDATOR, data, doc.line)
    if problem is not None:
        raise doc.error(*problem)
    doc.layers = {str(k): dict(v) for k, v in data["layers"].items()}
    return doc


def read_style(path: str | os.PathLike[str]) -> StyleDocument:
    """Read and check a style file (YAML, safe loader, UTF-8).

    Parameters
    ----------
    path
        The ``.yaml`` file.

    Returns
    -------
    StyleDocument

    Raises
    ------
    InputError
        Unreadable file, invalid YAML, or a key or value the schema refuses: one line naming the
        file, the line and the key.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found" if not p.exists() else "not a regular file", source=p)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=p) from None
    return read_style_text(text, str(p))
