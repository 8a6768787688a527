"""Does an allocation fit its site? The checks (table arithmetic, geometry, site and zone
limits), their registry, and :func:`validate`, which runs them into a
:class:`~gis.report.ValidationReport`.
"""

from __future__ import annotations

from gis.validation.inputs import Rules
from gis.validation.runner import validate

__all__ = [
    "Rules",
    "validate",
]
