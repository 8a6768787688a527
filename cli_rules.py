"""The figures an allocation is checked against (``validate``: the fields of :class:`gis.Rules`)
and ``--strict`` (``validate``, ``scenarios check``, ``compare``). With ``cli.py`` and
``cli_options.py``, the CLI room: it imports only the public ``gis`` and ``maps`` APIs."""

from __future__ import annotations

from cli_options import opt, options

#: The :class:`gis.Rules` fields the options below set.
RULE_NAMES = (
    "total_gfa_m2",
    "max_plot_ratio",
    "site_coverage",
    "floor_to_floor_m",
    "share_tol_pct",
    "gfa_tol_frac",
    "plausible_plot_ratio",
)
rule_options = options(
    opt("--total-gfa", "total_gfa_m2", type=float, help="Expected total GFA in m² (or total row)."),
    opt("--max-plot-ratio", type=float, help="Maximum gross plot ratio of the site."),
    opt("--site-coverage", type=float, help="Site coverage for every zone (0-1)."),
    opt(
        "--floor-to-floor", "floor_to_floor_m", type=float, help="Storey height, m (≈5.1, §3.1.4)."
    ),
    opt(
        "--share-tol",
        "share_tol_pct",
        default=0.5,
        help="Tolerance on the sum of shares, % points.",
    ),
    opt(
        "--gfa-tol",
        "gfa_tol_frac",
        default=0.005,
        help="Tolerance on GFA sums and rows (of total).",
    ),
    opt(
        "--plausible-plot-ratio",
        "plausible_plot_ratio",
        default=10.0,
        help="A zone's plot ratio above this is a warning (an assumption: no source states one).",
    ),
)
strict_option = opt(
    "--strict", is_flag=True, help="FAIL on any partial result (exit 1), for scripts."
)
