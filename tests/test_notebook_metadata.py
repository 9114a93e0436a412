"""Every committed notebook names its kernel, so JupyterLab opens it without
asking and without marking it modified, and has a source it is built from."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
BUILT = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(BUILT) >= 10


@pytest.mark.parametrize("notebook", BUILT, ids=lambda p: p.stem)
def test_notebook_names_the_python3_kernel(notebook):
    metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    assert metadata.get("kernelspec", {}).get("name") == "python3", "rebuild it: python3 dev.py notebooks"
    assert metadata["kernelspec"]["language"] == "python"


@pytest.mark.parametrize("notebook", BUILT, ids=lambda p: p.stem)
def test_notebook_is_built_from_a_source(notebook):
    assert (NOTEBOOKS / "src" / f"{notebook.stem}.py").exists()
