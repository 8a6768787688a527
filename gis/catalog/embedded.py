"""What the embedded project provides by default, built from its layers and tables: the
envelope of Loop Phase 1 and the shipped zone rules.

The planning models (:mod:`gis.planning`) take their data as arguments; this module gives them
the embedded project's, so that the models never read the catalog themselves.
"""

from __future__ import annotations

import os
from typing import Any

from gis.catalog import layers as catalog
from gis.planning.envelope import Envelope, build_envelope
from gis.planning.zone_rules import DEFAULT_RULES, ZoneRules, read_zone_rules

__all__ = ["as_zone_rules", "default_envelope", "load_zone_rules"]


def default_envelope(**overrides: Any) -> Envelope:
    """The envelope of the embedded Loop Phase 1: zones, height bands, Table 3.1's uses.

    Parameters
    ----------
    **overrides
        Fields of :class:`EnvelopeOptions` (``site_coverage=0.4``, ``zone_storeys=...``).

    Returns
    -------
    Envelope

    Examples
    --------
    >>> env = default_envelope()
    >>> round(float(env.site_area_m2 / 10_000))
    43
    """
    phases = catalog.load_layer("loop.phases")
    return build_envelope(
        catalog.load_layer("loop.zones"),
        catalog.load_layer("loop.height_bands"),
        catalog.load_table("loop.use_zones"),
        site=phases[phases.phase == 1],
        use_ids=list(catalog.load_table("loop.gfa_phase1").use_id),
        **overrides,
    )


def load_zone_rules(name_or_path: str | os.PathLike[str] | None = None) -> ZoneRules:
    """The shipped rules (``loop.zone_rules``, the default), another embedded table, or a file.

    Parameters
    ----------
    name_or_path
        An embedded table's name or a zone rules file (default: ``loop.zone_rules``).

    Returns
    -------
    ZoneRules

    Raises
    ------
    InputError
        A file that cannot be read, or a line that is not a valid rule.
    """
    name = DEFAULT_RULES if name_or_path is None else name_or_path
    tables = catalog.manifest().get("tables", {})
    if isinstance(name, str) and name in tables:
        return read_zone_rules(catalog.layers_dir() / tables[name]["file"])
    return read_zone_rules(name)


def as_zone_rules(value: ZoneRules | str | os.PathLike[str] | None) -> ZoneRules:
    """A :class:`ZoneRules` from rules, a name or path, or ``None`` (the shipped rules)."""
    if isinstance(value, ZoneRules):
        return value
    return load_zone_rules(value)
