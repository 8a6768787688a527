r"""Self-contained folium maps: every script, stylesheet and image inlined from ``maps/_vendor``.

folium writes ``<script src="https://cdn...">`` and ``<link href="https://cdn...">`` tags into the
page head (``Map.default_js`` / ``default_css`` and each ``JSCSSMixin`` element's own lists, added
while the map is rendered). :func:`inline_assets` takes the rendered page and replaces each such
tag by the vendored file's contents, copied unchanged from npm tarballs (``_vendor/README.md``):

* Leaflet, Leaflet.fullscreen and leaflet-measure (JS and CSS) are always inlined when folium asks
  for them; jQuery only when the page's own script uses it (``$(...)``, ``$.ajax``, ``jQuery``).
* Images a stylesheet points at (``url(images/layers.png)``) become ``data:`` URIs; Leaflet's
  default marker icons are handed to ``L.Icon.Default`` as ``data:`` URIs.
* Bootstrap, Font Awesome, glyphicons and awesome-markers (folium adds them to every map; they only
  serve ``folium.Icon`` markers) are left out. A page that uses ``L.AwesomeMarkers`` is refused.
* ``</script`` inside inlined JavaScript is written ``<\/script`` (``</style`` in CSS
  ``<\/style``).

Finally the page is checked: any remaining remote script, stylesheet, tile layer or ``url()`` raises
:class:`OfflineError`, naming it, instead of writing a page that would silently reach the network.
:class:`OfflineFigure` is a branca ``Figure`` whose ``render`` does all this, so ``Map.save``,
``_repr_html_`` (Jupyter) and :func:`maps.save_map` all give the offline page.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import Figure

from gis.errors import TechnopoleError

from ._fonts import embed_cjk_font

__all__ = [
    "OfflineError",
    "OfflineFigure",
    "inline_assets",
    "offline_html",
    "stable_ids",
    "VENDOR_DIR",
]

VENDOR_DIR = Path(__file__).parent / "_vendor"


class OfflineError(TechnopoleError, RuntimeError):
    """An offline map would need the network (an asset with no vendored copy, or network tiles)."""


@dataclass(frozen=True)
class _Asset:
    kind: str  # "js" or "css"
    file: str  # relative to _vendor/
    url: re.Pattern[str]  # which of folium's URLs it stands for
    conditional: bool = False  # inline only when the page needs it (jQuery)


_VERSION = r"(?:@[^/]+)?"
_ASSETS: tuple[_Asset, ...] = (
    _Asset("js", "leaflet/leaflet.js", re.compile(rf"/leaflet{_VERSION}/dist/leaflet\.js$")),
    _Asset("css", "leaflet/leaflet.css", re.compile(rf"/leaflet{_VERSION}/dist/leaflet\.css$")),
    _Asset(
        "js",
        "leaflet.fullscreen/Control.FullScreen.js",
        re.compile(rf"/leaflet\.fullscreen{_VERSION}/Control\.FullScreen(?:\.min)?\.js$"),
    ),
    _Asset(
        "css",
        "leaflet.fullscreen/Control.FullScreen.css",
        re.compile(rf"/leaflet\.fullscreen{_VERSION}/Control\.FullScreen(?:\.min)?\.css$"),
    ),
    _Asset(
        "js",
        "leaflet-measure/leaflet-measure.min.js",
        re.compile(rf"/leaflet-measure{_VERSION}/dist/leaflet-measure(?:\.min)?\.js$"),
    ),
    _Asset(
        "css",
        "leaflet-measure/leaflet-measure.css",
        re.compile(rf"/leaflet-measure{_VERSION}/dist/leaflet-measure(?:\.min)?\.css$"),
    ),
    _Asset(
        "js",
        "jquery/jquery.min.js",
        re.compile(r"/jquery-3[\d.]*(?:\.min)?\.js$|/jquery@3[^/]*/dist/jquery(?:\.min)?\.js$"),
        conditional=True,
    ),
)

# folium adds these to every Map; they only serve folium.Icon markers (see module docstring).
_DROPPED = re.compile(
    r"bootstrap|fontawesome|font-awesome|glyphicons|awesome-markers|awesome\.rotate", re.I
)

# The exact tags branca's JavascriptLink / CssLink write.
_LINK_TAG = re.compile(
    r'<script src="(?P<js>[^"]+)"></script>|<link rel="stylesheet" href="(?P<css>[^"]+)"\s*/?>'
)
_USES_JQUERY = re.compile(r"(?<![\w$.])\$\s*[(.]|\bjQuery\b")
# Stylesheets of the page (a <style> block or a style="..." attribute): user text lives in
# script data and markup, never here, so a name that mentions url(https://...) is not an asset.
_STYLE_PARTS = re.compile(
    r"<style\b[^>]*>(?P<block>.*?)</style>|\bstyle\s*=\s*(?P<q>[\"'])"
    r"(?P<attr>.*?)(?P=q)",
    re.I | re.S,
)
_CSS_REMOTE = (
    (re.compile(r"""url\(\s*['"]?(?:https?:)?//""", re.I), "a CSS url() to the network"),
    (re.compile(r"@import", re.I), "a CSS @import"),
)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<ref>[^'")]+)\1\s*\)""")

# What would still reach the network after inlining (checked on folium's page, not vendored code).
_REMOTE = (
    (re.compile(r"<script\b[^>]*\bsrc\s*=", re.I), "a <script src=...>"),
    (re.compile(r"<link\b[^>]*\bhref\s*=", re.I), "a <link href=...>"),
    (re.compile(r"""L\.tileLayer(?:\.wms)?\(\s*["'](?:https?:)?//""", re.I), "network map tiles"),
    (
        re.compile(
            r"""<(?:img|iframe|video|audio|source)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//""", re.I
        ),
        "a remote image or frame",
    ),
    (re.compile(r"L\.AwesomeMarkers"), "folium.Icon markers (awesome-markers is not vendored)"),
)


@cache
def _read(file: str) -> str:
    return (VENDOR_DIR / file).read_text(encoding="utf-8")


@cache
def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def _inline_css(file: str) -> str:
    """The stylesheet with each relative ``url()`` replaced by a data: URI."""
    folder = (VENDOR_DIR / file).parent

    def repl(m: re.Match[str]) -> str:
        ref = m["ref"].strip()
        if ref.startswith(("data:", "#")):
            return m[0]
        target = (folder / ref).resolve()
        if not target.is_file() or VENDOR_DIR.resolve() not in target.parents:
            raise OfflineError(f"{file}: url({ref}) has no vendored file in {folder}")
        return f'url("{_data_uri(target)}")'

    css = _CSS_URL.sub(repl, _read(file))
    return re.sub(r"</style", r"<\\/style", css, flags=re.I)


@cache
def _inline_js(file: str) -> str:
    js = _read(file)
    js = re.sub(r"</script", r"<\\/script", js, flags=re.I)
    return js.replace("<!--", "<\\!--")


@cache
def _icon_defaults() -> str:
    """Script that points Leaflet's default marker icons at data: URIs (no images/ folder)."""
    img = VENDOR_DIR / "leaflet" / "images"
    return (
        "<script>L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({"
        f"iconUrl:'{_data_uri(img / 'marker-icon.png')}',"
        f"iconRetinaUrl:'{_data_uri(img / 'marker-icon-2x.png')}',"
        f"shadowUrl:'{_data_uri(img / 'marker-shadow.png')}'"
        "});</script>"
    )


def _asset_for(url: str, kind: str) -> _Asset | None:
    for asset in _ASSETS:
        if asset.kind == kind and asset.url.search(url):
            return asset
    return None


def inline_assets(html: str) -> str:
    """Return the rendered folium page ``html`` with every asset inlined (see module docstring).

    Raises
    ------
    OfflineError
        When the page asks for a script or stylesheet with no vendored copy, uses network tiles,
        remote images or ``folium.Icon`` markers.
    """
    head_end = html.find("</head>")
    if head_end < 0:
        raise OfflineError("not a folium page: no </head> found")
    head, rest = html[:head_end], html[head_end:]
    page_script = _LINK_TAG.sub("", head) + rest
    needs_jquery = bool(_USES_JQUERY.search(page_script))
    problems = [what for pattern, what in _REMOTE if pattern.search(page_script)]
    styles = " ".join(m["block"] or m["attr"] or "" for m in _STYLE_PARTS.finditer(page_script))
    problems += [what for pattern, what in _CSS_REMOTE if pattern.search(styles)]
    unknown: list[str] = []

    def repl(m: re.Match[str]) -> str:
        kind, url = ("js", m["js"]) if m["js"] else ("css", m["css"])
        asset = _asset_for(url, kind)
        if asset is None:
            if not _DROPPED.search(url):
                unknown.append(url)
            return ""
        if asset.conditional and not needs_jquery:
            return ""
        if kind == "css":
            return f"<style>/* {asset.file} */\n{_inline_css(asset.file)}\n</style>"
        extra = _icon_defaults() if asset.file == "leaflet/leaflet.js" else ""
        return f"<script>/* {asset.file} */\n{_inline_js(asset.file)}\n</script>{extra}"

    head = _LINK_TAG.sub(repl, head)
    if unknown:
        problems.append("no vendored copy of " + ", ".join(unknown))
    if problems:
        raise OfflineError("offline map would use the network: " + "; ".join(problems))
    return head + rest


def stable_ids(html: str, m: object) -> str:
    """``html`` with the random element ids of ``m``'s page (``map_1dfe...``) numbered in order of
    first appearance, so the same map gives the same bytes on every run.

    Only ids of the page's own elements are renamed (found by walking the element tree), never
    text that merely looks like one; the elements take their new ids, so ``get_name()`` still
    names them in the page.
    """
    root: Any = m.get_root() if hasattr(m, "get_root") else m
    elements, stack = [], [root]
    while stack:
        el = stack.pop()
        if isinstance(getattr(el, "_id", None), str):
            elements.append(el)
        stack += list(getattr(el, "_children", {}).values())
    found = {el._id for el in elements if re.fullmatch(r"[0-9a-f]{32}", el._id) and el._id in html}
    order = sorted(found, key=html.index)
    names = {old: f"{n:032x}" for n, old in enumerate(order, start=1)}
    if not names:
        return html
    for el in elements:  # m.get_name() keeps naming the map in the page
        el._id = names.get(el._id, el._id)
    return re.sub("|".join(order), lambda mt: names[mt[0]], html)


class StableFigure(Figure):
    """A branca Figure whose page names its elements in order (:func:`stable_ids`), not by
    random ids: an online page (assets from the network) is the same bytes on every run too.
    """

    def render(self, **kwargs: object) -> str:
        return embed_cjk_font(stable_ids(super().render(**kwargs), self))


def online_html(m: object) -> str:
    """Render a folium Map as a page that loads its assets from the network, with stable ids."""
    root = m.get_root()  # type: ignore[attr-defined]
    return embed_cjk_font(stable_ids(root.render(), root))


class OfflineFigure(Figure):
    """A branca Figure that renders to a self-contained page (see :func:`inline_assets`).

    Attach a map with ``OfflineFigure().add_child(m)``; ``m.save(...)``, ``m._repr_html_()`` and
    ``m.get_root().render()`` then give the offline page.
    """

    def render(self, **kwargs: object) -> str:
        return embed_cjk_font(stable_ids(inline_assets(super().render(**kwargs)), self))


def offline_html(m: object) -> str:
    """Render a folium Map (or any element in a Figure) as a self-contained HTML page.

    Parameters
    ----------
    m
        A folium map, or any element whose root is a branca Figure.

    Returns
    -------
    str
        The page, with every script, stylesheet and image inlined.
    """
    root = m.get_root()  # type: ignore[attr-defined]
    if isinstance(root, OfflineFigure):
        return root.render()
    return embed_cjk_font(stable_ids(inline_assets(root.render()), root))
