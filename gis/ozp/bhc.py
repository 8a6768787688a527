"""Building height controls (the Board's BHC layer) as height bands.

Internal: :func:`gis.ozp.read_plan` calls :func:`bhc_to_bands`. The result has the columns of
the embedded ``loop.height_bands`` (``id``, ``height_mpd``, ``storeys``, ``name_en``,
``name_zh``, ``source``, ``accuracy``), so the envelope, validation and rasters use it unchanged:

============  ===========================================  ================  ==============
BHC_TYPE      meaning (data dictionary)                    ``height_mpd``    ``storeys``
============  ===========================================  ================  ==============
``BHCB``      maximum height in metres above Principal     the value         derived (1)
              Datum, as stipulated on the plan
``BHCS``      maximum height in storeys                    empty             the value
``BHCN``      limit stated in the Notes (no number here)   empty             empty
``NBA``       non-building area                            0 (no building)   0
============  ===========================================  ================  ==============

(1) whole storeys under the limit with the toolkit's default floor-to-floor height
(:func:`gis.planning.storeys_under`); ``storeys_derived`` says so.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np

from gis.errors import LayerError

BHC_TYPES = {
    "BHCB": ("maximum building height in mPD", "最高建築物高度（米，主水平基準上）"),
    "BHCS": ("maximum building height in storeys", "最高建築物高度（層數）"),
    "BHCN": ("building height limit stated in the Notes", "建築物高度限制載於《註釋》"),
    "NBA": ("non-building area", "非建築用地"),
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _text(raw: object) -> str:
    return "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw).strip()


def _value(raw: object, kind: str, pos: int, source: str) -> float:
    """The number in BHC_VALUE (``"100"``, ``"100mPD"``), or refuse the feature."""
    text = _text(raw)
    match = _NUMBER.search(text)
    if match is None:
        raise LayerError(
            f"BHC_TYPE {kind} needs a number in BHC_VALUE, found {text!r}",
            source=source,
            where=f"feature {pos + 1}",
        )
    return float(match.group())


def _names(kind: str, value: float | None) -> tuple[str, str]:
    if kind == "BHCB":
        return (
            f"Maximum building height {value:g} mPD",
            f"最高建築物高度：主水平基準上 {value:g} 米",
        )
    if kind == "BHCS":
        return f"Maximum building height {value:g} storeys", f"最高建築物高度：{value:g} 層"
    if kind == "BHCN":
        return "Building height limit stated in the Notes", "建築物高度限制載於《註釋》"
    return "Non-building area", "非建築用地"


def bhc_to_bands(frame: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    """Turn the Board's BHC features into height bands (see the module docstring).

    Parameters
    ----------
    frame
        The BHC layer with upper-case fields ``PLAN_NO``, ``BHC_TYPE`` and ``BHC_VALUE``.
    source
        The file it came from, for error messages.

    Raises
    ------
    LayerError
        An unknown ``BHC_TYPE``, or a ``BHCB``/``BHCS`` feature without a number.
    """
    from gis.planning.capacity import storeys_under

    rows = []
    values = frame["BHC_VALUE"] if "BHC_VALUE" in frame else [None] * len(frame)
    for pos, (raw_kind, raw_value) in enumerate(zip(frame["BHC_TYPE"], values, strict=True)):
        kind = str(raw_kind).strip().upper()
        if kind not in BHC_TYPES:
            raise LayerError(
                f"unknown BHC_TYPE {str(raw_kind)!r}; the data dictionary has "
                f"{', '.join(BHC_TYPES)}",
                source=source,
                where=f"feature {pos + 1}",
            )
        value = _value(raw_value, kind, pos, source) if kind in ("BHCB", "BHCS") else None
        height = {"BHCB": value, "NBA": 0.0}.get(kind, np.nan)
        storeys = {"BHCS": value, "NBA": 0.0}.get(kind, np.nan)
        if kind == "BHCB" and value is not None:
            storeys = float(storeys_under(value))
        name_en, name_zh = _names(kind, value)
        rows.append(
            {
                "id": f"bhc{pos + 1:03d}",
                "plan_no": str(frame["PLAN_NO"].iloc[pos]).strip(),
                "bhc_type": kind,
                "bhc_value": _text(raw_value) or None,
                "height_mpd": height,
                "storeys": storeys,
                "storeys_derived": kind == "BHCB",
                "limit_in_notes": kind == "BHCN",
                "non_building": kind == "NBA",
                "name_en": name_en,
                "name_zh": name_zh,
            }
        )
    return gpd.GeoDataFrame(rows, geometry=frame.geometry.to_numpy(), crs=frame.crs)
