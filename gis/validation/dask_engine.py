"""The geometry checks of a large set of zones on Dask (``gis.validate(engine="dask")``).

The zones are sorted on the Hilbert distance of each feature's centre (the key of
dask-geopandas' ``spatial_shuffle(by="hilbert")``) and cut into spatially compact partitions,
sent to the workers as one dask-geopandas frame; each partition is checked by a worker:

1. validity, area and the part outside the site of every feature (no neighbours needed);
2. overlaps: each partition with a *halo*, the features of the other partitions that meet one
   of its features, so a pair across two partitions is found by a partition holding one of them.
   GEOS coverage validation (:func:`gis.validation.coverage.suspect_features`) is local: a
   feature's status depends only on the features that meet it, which are all in its
   partition or its halo, so the same pairs are intersected as in memory, oriented
   ``(lower, higher)`` position so each intersection is the same geometry;
3. the union of each partition (coverage union of its clean features with its suspects),
   merged on the client into the union of the zones for the gap.

The client builds the findings from the gathered arrays with the in-memory engine's messages:
same findings, same order. The gap area differs from the in-memory one by floating-point noise
only (the union is merged in another order); every other number is computed from the same
geometry by the same GEOS call. dask, dask-geopandas and distributed are imported here only.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from gis.errors import InputError
from gis.report import Issue
from gis.validation.coverage import Coverage, _hk, _problem_frame, measure_coverage
from gis.validation.geometry_checks import (
    _containment,
    _gaps,
    _invalid,
    _overlaps,
    _partition_issues,
    _stated_areas,
    check_geometry,
    invalid_issues,
    outside_issues,
    require_areas,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.validation.inputs import Rules

ENGINES = ("memory", "dask")
INSTALL_HINT = "install technopole[scale] (dask[distributed], dask-geopandas)"
#: Features per partition when the number of partitions is not given.
FEATURES_PER_PARTITION = 20_000
#: How long to try reaching a scheduler given by address.
SCHEDULER_TIMEOUT = "10s"


def geometry_engine(
    engine: str, scheduler: Any = None, workers: int | None = None
) -> Callable[..., tuple[list[Issue], Any]]:
    """The geometry checks of ``engine``: :func:`check_geometry_dask` on ``scheduler`` (or a
    local cluster of ``workers``) for ``"dask"``; an unknown engine, or a scheduler or workers
    without the dask engine, is refused in one line.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine '{engine}': expected one of {', '.join(ENGINES)}")
    if engine == "memory":
        if scheduler is not None or workers is not None:
            raise InputError("a Dask scheduler or workers need the dask engine (--engine dask)")
        return check_geometry
    return functools.partial(check_geometry_dask, scheduler=scheduler, workers=workers)


def _import_dask() -> tuple[Any, Any]:
    try:
        import dask_geopandas
        import distributed
    except ImportError as exc:
        raise InputError(
            f"the dask engine needs {exc.name or 'dask'}, which is not installed: {INSTALL_HINT}"
        ) from None
    return dask_geopandas, distributed


@contextlib.contextmanager
def dask_client(
    scheduler: Any = None, workers: int | None = None, processes: bool = True
) -> Iterator[Any]:
    """A ``distributed.Client``: on ``scheduler`` (an address, or a Client used as it is), or
    on a local cluster of ``workers`` processes (default: the CPU count) closed on exit.
    """
    _, distributed = _import_dask()
    if scheduler is not None and hasattr(scheduler, "submit"):
        yield scheduler  # the caller's own client: neither started nor closed here
        return
    if scheduler is not None:
        try:
            client = distributed.Client(str(scheduler), timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(
                f"cannot reach the dask scheduler at {scheduler}: {reason}", where="--scheduler"
            ) from None
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            # a worker's own log (a missed heartbeat on a loaded machine, with its traceback)
            # is no message for the user: failures reach the client as exceptions
            silence_logs=logging.CRITICAL,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


# ----------------------------------------------------------------------------- on the workers
def _first_pass(part: Any, site: Any) -> dict[str, Any]:
    """Validity, area and the area outside the site of the features of one partition."""
    g = np.asarray(part.geometry.values)
    pos = part["_pos"].to_numpy()
    valid = shapely.is_valid(g)
    bad = np.flatnonzero(~valid)
    shapely.prepare(site)
    outside = np.zeros(len(g))
    out_idx = np.flatnonzero(~shapely.covers(site, g))
    outside[out_idx] = shapely.area(shapely.difference(g[out_idx], site))
    return {
        "pos": pos,
        "area": shapely.area(g),
        "outside": outside,
        "bad": pos[bad],
        "reasons": shapely.is_valid_reason(g[bad]),
        "bounds": shapely.total_bounds(g) if len(g) else None,
    }


def _second_pass(
    part: Any, halo: list[Any], box: Any, all_valid: bool, tol_m2: float, union: bool
) -> dict[str, Any]:
    """Overlapping pairs with a suspect feature of this partition, and its union."""
    g = np.asarray(part.geometry.values)
    pos = part["_pos"].to_numpy()
    ctx, ctx_pos = [g], [pos]
    for other in halo:
        og = np.asarray(other.geometry.values)
        near = np.flatnonzero(shapely.intersects(box, og))
        if len(near) and len(g):  # the halo: the features that meet one of this partition's
            near = near[np.unique(shapely.STRtree(g).query(og[near], predicate="intersects")[0])]
        ctx.append(og[near])
        ctx_pos.append(other["_pos"].to_numpy()[near])
    cg, cpos = np.concatenate(ctx), np.concatenate(ctx_pos)
    # as in memory (suspect_features): any invalid feature anywhere makes every one a suspect;
    # validity is known from the first pass, so GEOS coverage validation runs directly
    own = np.ones(len(g), dtype=bool)
    if all_valid and hasattr(shapely, "coverage_invalid_edges"):
        own = ~shapely.is_empty(shapely.coverage_invalid_edges(cg))[: len(g)]
    cand = np.flatnonzero(own)
    left, right = shapely.STRtree(cg).query(g[cand], predicate="intersects")
    left = cand[left]
    a, b = pos[left], cpos[right]
    keep = a != b
    left, right, a, b = left[keep], right[keep], a[keep], b[keep]
    swap = a > b
    lo, hi = np.where(swap, b, a), np.where(swap, a, b)
    lo_g = np.where(swap, cg[right], g[left])
    hi_g = np.where(swap, g[left], cg[right])
    _, first = np.unique(np.stack([lo, hi], axis=1), axis=0, return_index=True)
    lo, hi, lo_g, hi_g = lo[first], hi[first], lo_g[first], hi_g[first]
    inter = shapely.intersection(lo_g, hi_g)
    area = shapely.area(inter)
    big = area > tol_m2
    u = None
    if union:
        clean = shapely.coverage_union_all(g[~own]) if (~own).any() else None
        u = shapely.union_all(np.append(g[own], clean if clean is not None else []))
    return {"lo": lo[big], "hi": hi[big], "geoms": inter[big], "area": area[big], "union": u}


# ----------------------------------------------------------------------------- on the client
@dataclass
class _Measured:
    """What the workers measured of every feature, gathered in position order."""

    area: np.ndarray
    outside: np.ndarray
    bad: np.ndarray
    reasons: list[str]
    coverage: Coverage


def _partitions(n: int, client: Any, npartitions: int | None) -> int:
    if npartitions:
        return max(1, min(n, npartitions))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    return max(1, min(n, max(2 * workers, math.ceil(n / FEATURES_PER_PARTITION))))


def measure_zones(
    z: gpd.GeoDataFrame,
    site: Any,
    tol_m2: float,
    client: Any,
    *,
    union: bool = True,
    npartitions: int | None = None,
) -> _Measured:
    """Every per-feature figure and the coverage of ``z`` (EPSG:2326, fresh index) on Dask."""
    dask_geopandas, _ = _import_dask()
    import dask
    import dask.dataframe as dd

    n = len(z)
    k = _partitions(n, client, npartitions)
    # Hilbert partitions: what dask-geopandas' spatial_shuffle(by="hilbert") gives, sorted here
    # in one vectorised pass because the zones are already in this process's memory
    frame = z[[z.geometry.name]].assign(_pos=np.arange(n))
    frame.index = z.geometry.hilbert_distance().to_numpy()
    frame = frame.sort_index(kind="stable")
    cuts = np.linspace(0, n, k + 1).astype(int)
    pieces = [frame.iloc[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    # sent straight to the workers (not inside the task graph), then one dask-geopandas frame
    futures = client.scatter(pieces, hash=False)  # hashing 100k geometries costs seconds
    ddf = dask_geopandas.from_dask_dataframe(
        dd.from_delayed(futures, meta=frame.iloc[:0], verify_meta=False)
    )
    parts = ddf.to_delayed()
    site_f = client.scatter(site, broadcast=True)
    first = client.compute([dask.delayed(_first_pass)(p, site_f) for p in parts], sync=True)
    boxes = [shapely.box(*f["bounds"]) if f["bounds"] is not None else None for f in first]
    order = np.concatenate([f["pos"] for f in first])
    area = np.empty(n)
    area[order] = np.concatenate([f["area"] for f in first])
    outside = np.empty(n)
    outside[order] = np.concatenate([f["outside"] for f in first])
    bad = np.concatenate([f["bad"] for f in first]).astype(np.int64)
    reasons = [r for f in first for r in f["reasons"].tolist()]
    sort = np.argsort(bad, kind="stable")
    bad, reasons = bad[sort], [reasons[i] for i in sort]

    tree = shapely.STRtree([b if b is not None else shapely.Point() for b in boxes])
    tasks = []
    for i, (p, box) in enumerate(zip(parts, boxes, strict=True)):
        if box is None:
            continue
        near = [parts[j] for j in tree.query(box, predicate="intersects") if j != i]
        tasks.append(dask.delayed(_second_pass)(p, near, box, len(bad) == 0, tol_m2, union))
    second = client.compute(tasks, sync=True)
    lo = np.concatenate([s["lo"] for s in second]).astype(np.int64)
    hi = np.concatenate([s["hi"] for s in second]).astype(np.int64)
    geoms = np.concatenate([s["geoms"] for s in second])
    pair_area = np.concatenate([s["area"] for s in second])
    _, idx = np.unique(np.stack([lo, hi], axis=1), axis=0, return_index=True)  # sorted pairs
    u = shapely.union_all([s["union"] for s in second]) if union else None
    cov = Coverage(lo[idx], hi[idx], geoms[idx], pair_area[idx], u)
    return _Measured(area, outside, bad, reasons, cov)


def check_geometry_dask(
    site: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame | None,
    bands: gpd.GeoDataFrame | None,
    rules: Rules,
    *,
    partitions: bool = False,
    checked: Collection[str] = (),
    scheduler: Any = None,
    workers: int | None = None,
    npartitions: int | None = None,
) -> tuple[list[Issue], gpd.GeoDataFrame | None]:
    """:func:`gis.validation.geometry_checks.check_geometry` with the zones checked on Dask.

    The site and the height bands (a few features) are checked in memory as before; the
    zones' validity, stated areas, containment, overlaps and gap are measured by the workers
    (in the same pass as the areas, so ``checked``, the layers the reader has already found
    valid, saves nothing here and is accepted for the same call only).
    """
    del checked
    _import_dask()  # a missing package is said before any work
    for layer, what in ((site, "site"), (zones, "zone"), (bands, "height band")):
        if layer is not None:
            require_areas(layer, what)
    issues: list[Issue] = []
    issues += _invalid(site, "site feature", shapely.is_valid(site.geometry.values))
    issues += _stated_areas(site, "site", rules.area_tol_frac)
    s = _hk(site).union_all()
    problems = None
    if zones is not None:
        z = _hk(zones).reset_index(drop=True)
        with dask_client(scheduler, workers) as client:
            m = measure_zones(z, s, rules.overlap_tol_m2, client, npartitions=npartitions)
        same_crs = zones.crs is not None and zones.crs.equals(z.crs)  # validity as given
        issues += (
            invalid_issues(zones, "zone", m.bad, m.reasons)
            if same_crs
            else _invalid(zones, "zone", shapely.is_valid(zones.geometry.values))
        )
        issues += _stated_areas(zones, "zone", rules.area_tol_frac, m2=m.area)
        issues += outside_issues(
            z, "zone", m.outside, m.area, rules.overlap_tol_m2, rules.containment_tol_frac
        )
        issues += _overlaps(zones, m.coverage, "zone")
        gap = s.difference(m.coverage.union)
        issues += _gaps(float(s.area), float(gap.area), rules.gap_tol_frac)
        problems = _problem_frame(z, m.coverage, gap, float(s.area), rules.gap_tol_frac)
    if bands is not None:
        what = "height band"
        issues += _invalid(bands, what, shapely.is_valid(bands.geometry.values))
        issues += _stated_areas(bands, what, rules.area_tol_frac)
        b = _hk(bands).reset_index(drop=True)
        issues += _containment(s, b, what, rules.overlap_tol_m2, rules.containment_tol_frac)
        issues += _overlaps(bands, measure_coverage(b, rules.overlap_tol_m2, union=False), what)
    if partitions:
        issues += _partition_issues(rules)
    return issues, problems
