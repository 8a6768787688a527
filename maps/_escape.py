"""Escaping of user strings for map HTML: the one implementation lives in :mod:`gis._escape`.

``gis`` renders HTML reports and diff maps too, and ``gis`` never imports ``maps``; ``maps``
uses the same functions from there.
"""

from gis._escape import esc, is_missing, script_json

__all__ = ["esc", "script_json", "is_missing"]
