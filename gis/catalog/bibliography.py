"""The documents a report cites, by title: ``layers/bibliography.yaml`` maps the seed file names
and the Board's plan numbers that sources name (``004_281f81e4466a18af.txt §3.1.4``,
``geometry: S/LMCL/2``) to titles, publishers and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from gis.config import layers_dir

__all__ = ["Document", "cited_documents"]

_SEED = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
_PLAN = re.compile(r"\bS/[A-Z][A-Z-]*/\d+\b")


@dataclass(frozen=True)
class Document:
    """One entry of a bibliography.

    Parameters
    ----------
    key
        The seed's file name or the plan's number, as sources cite it.
    title_en, title_zh
        The document's title.
    publisher, date
        Who published it and when (as far as the document says).
    identified
        How the title was found when the document has no title page (else empty).
    """

    key: str
    title_en: str
    title_zh: str
    publisher: str
    date: str
    identified: str = ""


@cache
def _catalogue() -> dict[str, Document]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(
        (layers_dir() / "bibliography.yaml").read_text(encoding="utf-8")
    )
    return {
        str(key): Document(key=str(key), **{k: str(v) for k, v in entry.items()})
        for part in ("seeds", "plans")
        for key, entry in (data.get(part) or {}).items()
    }


def cited_documents(texts: list[str]) -> list[Document]:
    """The documents ``texts`` cite (seed file names, plan numbers), each once, in the order of
    first citation ("§" without a file name cites the Park Development Outline, as the manifest
    says); a citation the catalogue does not know becomes a document titled by it.

    Parameters
    ----------
    texts
        Source strings of checks, findings and layers.

    Returns
    -------
    list of Document
    """
    known = _catalogue()
    seen: dict[str, Document] = {}
    section_sign = next(iter(known), "")  # "§" alone cites the first seed (the Outline)
    for text in texts:
        keys = [*_SEED.findall(str(text)), *_PLAN.findall(str(text))]
        if "§" in str(text) and not _SEED.search(str(text)):
            keys.insert(0, section_sign)
        for key in keys:
            if key not in seen:
                seen[key] = known.get(key) or Document(key, key, key, "not catalogued", "undated")
    return list(seen.values())
