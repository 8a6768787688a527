"""docs/notebooks/example.ipynb runs, shows every result as offline HTML, and is committed with
no outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "example.ipynb"


def test_committed_notebook_has_no_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    folder = tmp_path_factory.mktemp("nb")
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return [
        "".join(o.get("data", {}).get("text/html", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    ]


def test_example_notebook_runs_and_shows_html(executed: list[str]) -> None:
    html = "\n".join(executed)
    assert "Validation report" in html and "驗證報告" in html
    assert "Comparison against baseline-540k" in html and "allocations" in html
    assert "Allocation" in html


def test_the_notebook_map_needs_no_network(executed: list[str]) -> None:
    maps_html = [h for h in executed if "leaflet" in h.lower()]
    assert maps_html
    assert all("cdn.jsdelivr" not in h and "unpkg.com" not in h for h in maps_html)
