"""examples/notebooks/quickstart.ipynb runs from top to bottom (nbclient), so it never rots."""

from __future__ import annotations

import pytest
from conftest import REPO

NOTEBOOK = REPO / "examples" / "notebooks" / "quickstart.ipynb"


def test_the_quickstart_notebook_runs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 3, "the price and The Pie, the fee sweep, the heatmap"
