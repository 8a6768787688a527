r"""Safe YAML with line numbers: every key of a document maps to the line it is on.

The document is composed into nodes with PyYAML's safe loader first, so that

* a tag that would build a Python object (``!!python/object``, ``!!python/name`` ...) or any
  other non-standard tag is refused with the line and key it is on, before anything is built;
* a key written twice is refused (PyYAML would silently keep the last one);
* every key path (``("shares", "wet_lab_mfg")``) is recorded with its 1-based line.

>>> doc = load_with_lines("name: x\nshares:\n  uir: 5\n", "s.yaml")
>>> doc.data["shares"]["uir"], doc.line(("shares", "uir"))
(5, 3)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from gis.config import ENV, current, refuse

#: The tags of YAML's core schema that the safe loader builds (plain data only).
#: libyaml's own maximum of nested flow collections (its scanner refuses deeper input).
PARSER_MAX_DEPTH = 1000

SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "map",
        "seq",
        "timestamp",
        "binary",
        "omap",
        "pairs",
        "set",
        "merge",
        "value",
    )
)

Path_ = tuple[str, ...]
ErrorFactory = Callable[[str, int | None, Path_], Exception]
#: ``top_key(key) -> problem or None``: checks each key of the top-level mapping as it is read.
KeyCheck = Callable[[str], str | None]


class EarlyKeyError(Exception):
    """A top-level key refused while the file was read (see ``top_key`` of
    :func:`load_with_lines`): the problem, its line, the key and where in the text it starts.
    """

    def __init__(self, problem: str, line: int, key: str, index: int) -> None:
        super().__init__(problem)
        self.problem, self.line, self.key, self.index = problem, line, key, index


@dataclass
class LinedDocument:
    """A parsed YAML document and the line of every key path in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    start_line: int = 1

    def line(self, path: Path_) -> int:
        """The line a key path is on.

        Parameters
        ----------
        path
            Keys (and list positions as text) from the top, e.g. ``("shares", "uir")``.

        Returns
        -------
        int
            Its line, else that of its nearest recorded parent, else the document's first.
        """
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.start_line


def _tag_text(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def _tag_problem(tag: str) -> str:
    """Why the tag ``tag`` is refused, in one line (a Python tag is named as one)."""
    what = "a Python tag is not allowed" if "python/" in tag else "it is not allowed"
    return (
        f"tag '{_tag_text(tag)}': {what} (scenario files are read with a safe loader that "
        "builds plain data only)"
    )


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], fail: ErrorFactory) -> None:
    """Refuse unsafe tags and duplicate keys; record the line of every key path."""
    if node.tag not in SAFE_TAGS:
        raise fail(_tag_problem(node.tag), node.start_mark.line + 1, path)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in SAFE_TAGS:
                raise fail(_tag_problem(key_node.tag), key_node.start_mark.line + 1, path)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise fail(f"key written twice (first on line {seen[key]})", line, (*path, key))
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, fail)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault((*path, str(i)), item.start_mark.line + 1)
            _walk(item, (*path, str(i)), lines, fail)


def _events(text: str, fail: ErrorFactory, max_depth: int) -> Iterator[yaml.Event]:
    """The parser's events; the parser's own nesting maximum is refused as our depth limit.

    libyaml (0.2.5 and the builds in PyYAML >= 6.0.3 wheels) stops at 1,000 levels of flow
    nesting with a scanner error, sometimes before the event at our own (lower) limit is
    reached, because the scanner reads ahead. Both are the same refusal to the user.
    """
    try:
        yield from yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" not in str(exc.problem or ""):
            raise
        mark = exc.problem_mark
        raise fail(
            f"nested deeper than the limit of {max_depth:,} (found over {PARSER_MAX_DEPTH:,} "
            f"levels, where the YAML parser itself stops); set {ENV['max_yaml_depth'][0]} to "
            "raise it",
            mark.line + 1 if mark else None,
            (),
        ) from None


def _check_size(text: str, fail: ErrorFactory, top_key: KeyCheck | None = None) -> None:
    """Refuse a document past :class:`gis.config.Limits` before composing any node.

    One pass over the parser's events (flat, no recursion) counts aliases, nesting depth and
    the values the document would hold with every alias expanded, and refuses an alias used
    inside the very node it names (a recursive document). ``top_key`` checks each key of the
    top-level mapping as soon as it is read, so that a file of many unknown keys fails at the
    first one instead of after the whole file is built.
    """
    lim = current()
    if len(text) > lim.max_yaml_bytes:
        raise fail(
            refuse("scenario file is larger than", len(text), "max_yaml_bytes", None).problem,
            None,
            (),
        )
    sizes: dict[str, int] = {}  # anchor -> values once expanded
    stack: list[list[Any]] = [[None, 0]]  # open collections: [anchor, values so far]
    aliases = 0
    root_keys, next_is_key = False, True  # the top-level mapping's keys and values alternate
    for event in _events(text, fail, lim.max_yaml_depth):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.CollectionStartEvent):
            root_keys = root_keys or (len(stack) == 1 and isinstance(event, yaml.MappingStartEvent))
            stack.append([event.anchor, 1])
            if len(stack) - 1 > lim.max_yaml_depth:
                raise fail(
                    refuse("nested deeper than", len(stack) - 1, "max_yaml_depth", None).problem,
                    line,
                    (),
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None  # an alias always names its anchor (*name)
            aliases += 1
            if any(open_anchor == event.anchor for open_anchor, _ in stack):
                raise fail(
                    f"alias '*{event.anchor}' refers to the node it is in (a recursive document)",
                    line,
                    (),
                )
            if aliases > lim.max_yaml_aliases:
                raise fail(
                    refuse("more aliases than", aliases, "max_yaml_aliases", None).problem, line, ()
                )
            anchor, size = None, sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
            mark = event.start_mark
            if top_key and mark and root_keys and len(stack) == 2 and next_is_key:
                if event.tag is not None and event.tag not in ("!", *SAFE_TAGS):  # a tag as key
                    raise fail(_tag_problem(event.tag), mark.line + 1, ())
                problem = top_key(event.value)
                if problem:
                    raise EarlyKeyError(problem, mark.line + 1, event.value, mark.index)
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if len(stack) == 2:
            next_is_key = not next_is_key
        stack[-1][1] += size
        total = sum(n for _, n in stack)
        if total > lim.max_yaml_nodes:
            raise fail(
                refuse("more values (aliases expanded) than", total, "max_yaml_nodes").problem,
                line,
                (),
            )


@contextlib.contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while a document is built: plain data holds no cycles
    (a recursive alias is refused first), and its full passes over a growing heap of new
    nodes made the time to read a large file grow faster than its size.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_with_lines(
    text: str,
    source: str,
    fail: ErrorFactory | None = None,
    top_key: KeyCheck | None = None,
    *,
    sized: bool = False,
) -> LinedDocument:
    """Parse one YAML document safely, recording the line of every key.

    Parameters
    ----------
    text
        The YAML text.
    source
        Its file name, for messages.
    fail
        ``fail(problem, line, key_path) -> Exception`` builds the error to raise (default:
        :class:`ValueError` naming the line).
    top_key
        ``top_key(key) -> problem or None`` checks each top-level key as it is read: a refused
        key raises :class:`EarlyKeyError` there, before the rest of the file is parsed.
    sized
        The text (the start of a file read before) is known to be within the limits.

    Returns
    -------
    LinedDocument
        The data (plain Python types) and the line of every key path.

    Raises
    ------
    Exception
        From ``fail``: a YAML syntax error, an unsafe tag, a duplicate key or several documents.
    """
    fail = fail or (lambda problem, line, path: ValueError(f"{source}: line {line}: {problem}"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    with _no_cycle_collector():
        try:
            try:
                if not sized:
                    _check_size(text, fail, top_key)
                node = loader.get_single_node()
            except yaml.composer.ComposerError as exc:
                line = exc.problem_mark.line + 1 if exc.problem_mark else None
                raise fail(str(exc.problem or exc).splitlines()[0], line, ()) from None
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                line = mark.line + 1 if mark else None
                what = exc.problem or exc.context or "invalid YAML"
                raise fail(f"not valid YAML ({what})", line, ()) from None
            except yaml.YAMLError as exc:  # reader errors (bad characters)
                raise fail(f"not valid YAML ({str(exc).splitlines()[0]})", None, ()) from None
            if node is None:
                return LinedDocument(data=None)
            lines: dict[Path_, int] = {}
            _walk(node, (), lines, fail)
            try:
                data = loader.construct_document(node)
            except yaml.MarkedYAMLError as exc:  # e.g. a malformed timestamp or binary value
                mark = exc.problem_mark or exc.context_mark
                raise fail(
                    f"not valid YAML ({exc.problem or exc})", mark.line + 1 if mark else None, ()
                ) from None
            return LinedDocument(data=data, lines=lines, start_line=node.start_mark.line + 1)
        finally:
            loader.dispose()
