"""People, jobs and provision: residents and workers of an allocation, and the HKPSG facilities
they need, checked against the land the plan provides.

- :mod:`~gis.people.parameters`: the planning parameters as data (``layers/provision.yaml``,
  overridden by ``--provision FILE`` or a scenario's ``provision:`` key)
- :mod:`~gis.people.population`: residents (with a range) and workers from GFA by use
- :mod:`~gis.people.provision`: demand against supply measured on the plan's zones
"""

from __future__ import annotations

from gis.people.parameters import STANDARD_IDS, Provision, load_provision
from gis.people.population import People, people_of
from gis.people.provision import ProvisionResult, check_provision, provision_supply

__all__ = [
    "STANDARD_IDS",
    "People",
    "Provision",
    "ProvisionResult",
    "check_provision",
    "load_provision",
    "people_of",
    "provision_supply",
]
