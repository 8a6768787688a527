"""The checks of a site: plot ratio, GFA and height limits, shares."""

from __future__ import annotations

from gis.registry._core import _check

# --------------------------------------------------------------------------- the site
GROSS_PLOT_RATIO = _check(
    "site.gross_plot_ratio", "info", "site", "total GFA / site area",
    source="plot ratio = GFA / site area",
)  # fmt: skip
MAX_PLOT_RATIO = _check(
    "site.max_plot_ratio", "error", "site",
    "the gross plot ratio within the site's rule or `--max-plot-ratio`", codes=(), listed=True,
    question="site",
)  # fmt: skip
PLOT_RATIO_EXCEEDED = _check(
    "site.plot_ratio_exceeded", "error", "site", "above `--max-plot-ratio` or the site's rule"
)  # fmt: skip
MAX_GFA = _check(
    "site.max_gfa_m2", "error", "site", "the total GFA within the site's rule (`--rules`)",
    codes=(), listed=True, question="site",
)  # fmt: skip
GFA_EXCEEDED = _check("site.gfa_exceeded", "error", "site", "total GFA above the site's rule")
MAX_HEIGHT = _check(
    "site.max_height_mpd", "error", "site",
    "every band, zone and row height within the site's rule (`--rules`)", codes=(), listed=True,
    question="site",
)  # fmt: skip
HEIGHT_ABOVE_LIMIT = _check(
    "site.height_above_limit", "error", "site", "a band, zone or row height above the site's rule",
)  # fmt: skip
SHARE_BELOW_MIN = _check(
    "site.share_below_min", "error", "site", "a use's share below its minimum (scenarios)",
    source="user rule",
)  # fmt: skip
SHARE_ABOVE_MAX = _check(
    "site.share_above_max", "error", "site", "a use's share above its maximum (scenarios)",
    source="user rule",
)  # fmt: skip
ROW_PLOT_RATIO = _check(
    "site.row_plot_ratio", "error", "table",
    "a row's GFA on its own site area (columns site area, plot ratio) exceeds its plot ratio",
    source="plot ratio = GFA / site area",
)  # fmt: skip
ROW_HEIGHT = _check(
    "site.row_height_above_envelope", "error", "table",
    "a row's height (mPD) is above the limit of every zone its use goes to",
    needs=("zones", "use_zones"),
)  # fmt: skip
