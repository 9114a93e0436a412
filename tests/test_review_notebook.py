"""Notebook 06 runs headless for other presets with papermill (its cell tagged
``parameters`` takes ``PRESET`` and ``OVERRIDES``), and shows each preset's
findings as the policy check gives them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from twofa_sim.policy_check import check_policy
from twofa_sim.presets import PRESETS

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_security_review.ipynb"


def _printed(notebook) -> str:
    return "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []) if output.get("output_type") == "stream")


@pytest.mark.parametrize("preset", ["Keycloak 26", "GitLab (self-managed)"])
def test_notebook_06_reviews_another_preset_headless(preset, tmp_path):
    papermill = pytest.importorskip("papermill")
    executed = papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                          parameters={"PRESET": preset, "OVERRIDES": {}}, progress_bar=False,
                                          cwd=str(NOTEBOOK.parent))
    text = _printed(executed)
    assert f"reviewing: {preset}" in text
    shown = re.search(r"^findings: (.*)$", text, re.M).group(1)
    expected = ", ".join(check_policy(PRESETS[preset])["rule"]) or "none"
    assert shown == expected
