"""technopole's committee-paper options: the title block of a report (``validate``, ``compare``)
from ``--title``, ``--reference``, ``--author``, ``--organisation``, ``--date``, ``--purpose``
and/or a header file (``--header paper.yaml``; the options override the file). With ``cli.py``
and ``cli_options.py``, the CLI room: it imports only the public ``gis`` and ``maps`` APIs."""

from __future__ import annotations

from typing import Any

import cli_options as o
import maps
from cli_options import opt

__all__ = ["paper_options", "header"]

o.EXAMPLES["validate"] = (
    *o.EXAMPLES["validate"],
    "validate --header docs/examples/validation_paper.yaml --reference 'TPC 3/2026' "
    "--out paper.pdf --force",
)
o.EXAMPLES["compare"] = (
    *o.EXAMPLES["compare"],
    "compare table-3-1 ai-30pct --header docs/examples/comparison_paper.yaml --out paper.xlsx "
    "--force",
)

NAMES = ("title", "reference", "author", "organisation", "date", "purpose")

#: The title block of a paper (report or comparison).
paper_options = o.options(
    opt("--title", help="Paper title (default: Validation report / the scenarios compared)."),
    opt("--reference", metavar="TEXT", help="Paper reference number, e.g. 'TPC 12/2026'."),
    opt("--author", metavar="TEXT", help="Who prepared the paper."),
    opt("--organisation", metavar="TEXT", help="For which organisation."),
    opt("--date", metavar="YYYY-MM-DD", help="Date on the paper [default: today]."),
    opt("--purpose", metavar="TEXT", help="One or two sentences: what the paper is for."),
    opt(
        "--header",
        "header_file",
        type=o.FILE,
        help="YAML file with title, reference, author, organisation, date, purpose "
        "(options override it).",
    ),
)


def header(kw: dict[str, Any]) -> Any:
    """Take the :data:`paper_options` out of ``kw`` and return the paper's header
    (:class:`maps.PaperHeader`); a bad ``--date`` or header file stops with exit code 2."""
    given = {name: kw.pop(name) for name in NAMES}
    return maps.paper_header(kw.pop("header_file"), **given)
