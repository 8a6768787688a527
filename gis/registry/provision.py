"""The checks of provision: residents' needs (HKPSG) against the land the plan provides.

Listed only when provision was asked for (``--people`` or ``--provision``); each is then in the
checklist, run or not run with its reason: no provision check passes when its population or
its supply is unknown (the earned-PASS rule).
"""

from __future__ import annotations

from gis.registry._core import CONTEXT, INPUTS, QUESTIONS, _check

QUESTIONS["provision"] = (
    "does the plan provide the open space and facilities its residents need (HKPSG); asked "
    "only with --people or --provision, and never the only reason for INCOMPLETE"
)
INPUTS["provision"] = "provision not asked for (--people or --provision)"
INPUTS["residents"] = "no residents known: {residents_why}"
CONTEXT["residents_why"] = "no residential GFA or homes, or no flat figures"

_SRC_OS = "HKPSG Chapter 4 (summary)"
_SRC_REC = "HKPSG Chapter 4, Table 6"
_SRC_EDU = "HKPSG Chapter 3, Table 4"
_WHAT = {
    "open_space_district": (
        "district open space (1 m² per person, spaces of 1 ha or more)",
        _SRC_OS,
    ),
    "open_space_local": ("local open space (1 m² per person, spaces of 500 m² or more)", _SRC_OS),
    "open_space_total": ("open space in all (2 m² per person; 2.5 m² as a scenario)", _SRC_OS),
    "childrens_playground": ("children's playground (400 m² per 5,000 persons)", _SRC_REC),
    "sports_ground": ("sports ground (1 per 200,000-250,000 persons)", _SRC_REC),
    "swimming_pool": ("swimming pool complex (1 per 287,000 persons)", _SRC_REC),
    "kindergarten_places": ("kindergarten places (250 full-day per 1,000 aged 3-5)", _SRC_EDU),
    "primary_classrooms": ("primary classrooms (1 per 25.5 persons aged 6-11)", _SRC_EDU),
    "secondary_classrooms": ("secondary classrooms (1 per 40 persons aged 12-17)", _SRC_EDU),
}
#: The check id of each provision standard of ``layers/provision.yaml``.
PROVISION_CHECKS: dict[str, str] = {
    sid: _check(
        f"provision.{sid}",
        "error",
        "provision",
        f"{what}: the residents' need against the supply measured on the plan's zones",
        listed=True,
        applies=("provision",),
        needs=("residents", "zones"),
        source=src,
        question="provision",
        core=sid.startswith("open_space"),
    )  # fmt: skip
    for sid, (what, src) in _WHAT.items()
}
