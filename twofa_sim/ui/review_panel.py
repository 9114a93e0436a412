"""The security reviewer's panel: pick a preset, turn the main knobs, press
Analyse, and read the findings against the standards, honest users'
acceptance as a heatmap, and online guessing over time.

The panel decides nothing: the policy is built by :func:`twofa_sim.review.policy_of`
(which validates it) and every figure comes from :func:`twofa_sim.review.review`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..plots import acceptance_heatmap, guessing_chart
from ..presets import PRESETS
from ..review import KNOBS, Review, policy_of, review
from .common import PAGE_LAYOUT, Screen, button, heading, stable_model_id, styled
from .images import img_html
from .live_message import MessageBox
from .style import ROOT_CLASS

LABELS = {"window_back": "Window back (steps)", "window_forward": "Window forward (steps)",
          "lockout_failures": "Lockout after (failures)", "lockout_seconds": "Lockout for (s)",
          "code_failure_cap": "Cap on code guesses", "digits": "Code digits"}


class ReviewPanel(Screen):
    """Steer a policy review from widgets; works in JupyterLab and Voila.

    Args:
        preset: the preset selected at first.
        acceptance: also compute the acceptance heatmap (about a second).
    """

    def __init__(self, preset: str = "seed portal", acceptance: bool = True) -> None:
        style = {"description_width": "initial"}
        self._acceptance = acceptance
        self.review: Review | None = None
        self.preset = styled(w.Dropdown(options=list(PRESETS), value=preset, description="Preset", style=style),
                             "twofa-review-preset")
        self.knobs = {name: styled(w.BoundedIntText(min=low, max=high, description=LABELS[name], style=style),
                                   f"twofa-review-{name.replace('_', '-')}") for name, (low, high) in KNOBS.items()}
        self.drift_learning = styled(w.Checkbox(description="Drift learning", indent=False), "twofa-review-drift")
        self.analyse = button("Analyse", "twofa-review-analyse", tone="primary")
        self.message_box = styled(MessageBox(), "twofa-review-message")
        self.findings_box = styled(w.HTML(), "twofa-review-findings")
        self.guessing_box = styled(w.HTML(), "twofa-review-guessing")
        self.heatmap = styled(w.HTML(), "twofa-review-heatmap")
        self.chart = styled(w.HTML(), "twofa-review-chart")
        self.preset.observe(lambda change: self._load(change["new"]), names="value")
        self.analyse.on_click(self.guarded(self.run))
        controls = w.VBox([self.preset, *self.knobs.values(), self.drift_learning, self.analyse])
        super().__init__([heading("Review a policy"), controls, self.message_box, self.findings_box,
                          w.HBox([self.heatmap, self.chart]), self.guessing_box], layout=w.Layout(**PAGE_LAYOUT),
                         model_id=stable_model_id("review-panel"))  # a notebook showing it re-runs to the same bytes
        self.add_class(ROOT_CLASS)  # the portal's own widgets: what the accessibility check scopes to
        self._load(preset)

    def overrides(self) -> dict:
        """The knobs that differ from the selected preset."""
        base = PRESETS[self.preset.value]
        changed = {name: box.value for name, box in self.knobs.items() if box.value != getattr(base, name)}
        if self.drift_learning.value != base.drift_learning:
            changed["drift_learning"] = self.drift_learning.value
        return changed

    def run(self) -> None:
        """Press Analyse: review the preset with the knobs as set."""
        policy = policy_of(self.preset.value, **self.overrides())
        self.review = review(policy, acceptance=self._acceptance)
        findings = self.review.findings
        self.findings_box.value = ("<b>Findings</b>" + findings.to_html(index=False, escape=True)
                                   if len(findings) else "<b>Findings</b><p>None: the policy meets every rule checked.</p>")
        self.guessing_box.value = "<b>Online guessing</b>" + self.review.guessing.to_html(index=False)
        if self.review.acceptance is not None:
            self.heatmap.value = img_html(acceptance_heatmap(self.review.acceptance, html.escape(policy.name)),
                                          f"Heatmap of honest sign-ins accepted under {policy.name}, by phone clock "
                                          "offset and typing delay")
        self.chart.value = img_html(guessing_chart({policy.name: self.review.guessing}),
                                    f"Chart of online guessing success over time under {policy.name}; "
                                    "the figures are in the table below")
        self._say(f"Reviewed {policy.name}: {len(findings)} finding(s).", "info")

    @property
    def rules_found(self) -> list[str]:
        """The rule ids of the last review's findings (empty before Analyse)."""
        return [] if self.review is None else list(self.review.findings["rule"])

    def _load(self, preset: str) -> None:
        base = PRESETS[preset]
        for name, box in self.knobs.items():
            box.value = getattr(base, name)
        self.drift_learning.value = base.drift_learning
