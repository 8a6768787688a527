"""technopole's people and provision options: ``--people`` and ``--provision FILE`` (residents,
workers and the HKPSG provision checks), applied to ``validate``. With ``cli.py``, the CLI
room: it imports only the public ``gis`` API; ``cli.py`` adds :data:`people_options` to the
commands that take them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cli_options as o
import gis
from cli_options import opt

__all__ = ["people_options"]

o.EXAMPLES["validate"] = (
    *o.EXAMPLES["validate"],
    "validate --people",
    "validate --provision docs/provision/open-space-2.5.yaml --format json",
)


def people_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--people`` and ``--provision FILE``, passed on as ``provision=`` (None: neither)."""

    @opt(
        "--people",
        is_flag=True,
        help="Residents, workers and HKPSG provision checks with the shipped planning "
        "parameters (layers/provision.yaml).",
    )
    @opt(
        "--provision",
        "provision_file",
        type=o.FILE,
        help="Planning parameters over the shipped ones (YAML: standards, population); "
        "implies --people.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, people: bool, provision_file: Path | None, **kw: Any) -> Any:
        kw["provision"] = gis.load_provision(provision_file) if provision_file or people else None
        return func(*args, **kw)

    return wrapper
