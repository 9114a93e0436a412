"""The product team's panel: pick a policy preset, a population and its
size, press Run, and read how many users fail at the first try, get locked
out, need support or cost SMS money; pick a second preset to see both side
by side for the same users.

The panel decides nothing: every figure is
:func:`~twofa_sim.population.simulate_population`'s (through its fast path,
which gives the engine's answer to every sign-in), laid out by
:mod:`twofa_sim.population_tables`. A run here is small, so a click answers
within a couple of seconds; larger runs are for code
(``benchmarks/population_fast.py`` runs a million users).
"""

from __future__ import annotations

import html
import re

import ipywidgets as w

from ..bounds import whole
from ..entropy import check_seed
from ..errors import InputTypeError, SimulationError
from ..population import POPULATIONS, simulate_population
from ..population_tables import (COST_FIGURES, SUMMARY_FIGURES, comparison_table, costs_table, failures_table,
                                 summary_table)
from ..presets import PRESETS
from ..review import policy_of
from .common import PAGE_LAYOUT, Screen, button, heading, show, shown, stable_model_id, styled, table_html
from .live_message import MessageBox
from .style import ROOT_CLASS

#: Users a run here may have (a million: ``benchmarks/population_fast.py``).
USERS_RANGE = (1, 2000)
#: Days a run here may last.
DAYS_RANGE = (1, 30)
#: Seeds the box takes.
SEED_RANGE = (0, 2**31 - 1)
#: The "Compare with" choice that runs one preset only.
NO_COMPARISON = ""

#: The tables the panel shows, by name: what :meth:`PopulationPanel.rows` reads.
TABLES = ("summary", "failures", "costs", "comparison")

_CAPTIONS = {"summary": "Sign-ins and failures", "failures": "Failures by reason", "costs": "Costs",
             "comparison": "Side by side"}


def _whole(value: object, name: str, low: int, high: int) -> int:
    counted = whole(value)
    if counted is None:
        raise InputTypeError(f"{name} must be a whole number (int), not {type(value).__name__}")
    if not low <= counted <= high:
        raise SimulationError(f"{name} must be from {low:,} to {high:,} in this panel")
    return counted


def _choice(value: object, name: str, choices) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be text, not {type(value).__name__}")
    if value not in choices:
        raise SimulationError(f"unknown {name} {value[:40]!r}; choose from {', '.join(choices)}")
    return value


def _cell(value: object) -> str:
    """A figure as the panel shows it: thousands separated, nothing rounded further."""
    return html.escape(format(value, ",") if isinstance(value, (int, float)) else str(value))


def _figures_html(frame, label: str) -> str:
    headers = [frame.index.name or "", *map(str, frame.columns)]
    rows = [[html.escape(str(figure)), *(_cell(v) for v in values)] for figure, values in
            zip(frame.index, frame.itertuples(index=False))]
    return table_html(headers, rows, label)


def _failures_html(frame, label: str) -> str:
    if not len(frame):
        return "<p>The portal refused nothing.</p>"
    rows = [[_cell(v) for v in values] for values in frame.itertuples(index=False)]
    return table_html(list(frame.columns), rows, label)


class PopulationPanel(Screen):
    """Run a population under a preset from widgets; works in JupyterLab and Voila.

    Controls: ``preset`` and ``other`` ("Compare with"; :data:`NO_COMPARISON`
    for none) from :data:`~twofa_sim.presets.PRESETS`, ``population`` from
    :data:`~twofa_sim.population.POPULATIONS`, ``users``
    (:data:`USERS_RANGE`), ``days`` (:data:`DAYS_RANGE`), ``seed``
    (:data:`SEED_RANGE`) and the ``run_button``. The number boxes keep a
    typed value within their range, as ipywidgets' bounded boxes do.

    After a run: ``result`` (and ``other_result`` when comparing) are the
    :class:`~twofa_sim.population.PopulationResult` shown, ``tables`` the
    tables by name (:data:`TABLES`), and :meth:`rows` reads back a table as
    shown. Its widget model id comes from a per-kernel counter, so a
    notebook that displays it re-runs to the same bytes.

    Args:
        preset, other, population: the choices selected at first (``other``
            may be :data:`NO_COMPARISON`).
        users, days, seed: the numbers in the boxes at first (whole numbers,
            NumPy's integers included; the seed as
            :func:`~twofa_sim.entropy.check_seed` says, within :data:`SEED_RANGE`).

    Raises:
        InputTypeError: an argument of the wrong type.
        SimulationError: an unknown preset or population, or a number out
            of the panel's range.
    """

    def __init__(self, preset: str = "seed portal", other: str = "pyotp bare", population: str = "typical",
                 users: int = 500, days: int = 30, seed: int = 1) -> None:
        _choice(preset, "preset", list(PRESETS))
        if other != NO_COMPARISON:
            _choice(other, "preset to compare with", list(PRESETS))
        _choice(population, "population", list(POPULATIONS))
        users, days = _whole(users, "users", *USERS_RANGE), _whole(days, "days", *DAYS_RANGE)
        seed = _whole(check_seed(seed), "seed", *SEED_RANGE)
        style = {"description_width": "initial"}
        self.result = self.other_result = None
        self.tables: dict = {}
        self.preset = styled(w.Dropdown(options=list(PRESETS), value=preset, description="Preset", style=style),
                             "twofa-population-preset")
        self.other = styled(w.Dropdown(options=[("no comparison", NO_COMPARISON), *((n, n) for n in PRESETS)],
                                       value=other, description="Compare with", style=style),
                            "twofa-population-other")
        self.population = styled(w.Dropdown(options=list(POPULATIONS), value=population, description="Population",
                                            style=style), "twofa-population-population")
        self.users = styled(w.BoundedIntText(value=users, min=USERS_RANGE[0], max=USERS_RANGE[1],
                                             description="Users", style=style), "twofa-population-users")
        self.days = styled(w.BoundedIntText(value=days, min=DAYS_RANGE[0], max=DAYS_RANGE[1],
                                            description="Days", style=style), "twofa-population-days")
        self.seed = styled(w.BoundedIntText(value=seed, min=SEED_RANGE[0], max=SEED_RANGE[1],
                                            description="Seed", style=style), "twofa-population-seed")
        hint = w.HTML(f"<div class='twofa-hint'>Here {USERS_RANGE[1]:,} users for {DAYS_RANGE[1]} days at most, "
                      "so a run takes a second or two; the same seed gives the same users.</div>")
        self.run_button = button("Run", "twofa-population-run", tone="primary")
        self.message_box = styled(MessageBox(), "twofa-population-message")
        self.boxes = {name: styled(w.HTML(), f"twofa-population-{name}") for name in TABLES}
        self.run_button.on_click(self.guarded(self.run))
        controls = w.VBox([self.preset, self.other, self.population, self.users, self.days, self.seed, hint,
                           self.run_button])
        super().__init__([heading("Simulate a population"), controls, self.message_box,
                          *self.boxes.values()], layout=w.Layout(**dict(PAGE_LAYOUT, width="720px")),
                         model_id=stable_model_id("population-panel"))
        self.add_class(ROOT_CLASS)  # the portal's own widgets: what the accessibility check scopes to
        self.add_class("twofa-population-panel")
        show(self.boxes["comparison"], False)

    def run(self) -> None:
        """Press Run: simulate the population under the preset (and the one
        to compare with) and show the tables."""
        policy = policy_of(self.preset.value)
        base = POPULATIONS[self.population.value]
        population = base.replace(users=self.users.value, name=base.name)
        days, seed = self.days.value, self.seed.value
        self._say(f"Running {population.users:,} users for {days} days…", "info")
        self.run_button.disabled = True
        try:
            first = simulate_population(policy, population, days, seed, path="fast", per_login=False)
            second = (simulate_population(policy_of(self.other.value), population, days, seed, path="fast",
                                          per_login=False) if self.other.value != NO_COMPARISON else None)
        finally:
            self.run_button.disabled = False
        tables = {"summary": summary_table(first), "failures": failures_table(first), "costs": costs_table(first),
                  "comparison": comparison_table(first, second) if second is not None else None}
        self.result, self.other_result, self.tables = first, second, tables
        for name, frame in tables.items():
            under = policy.name if name != "comparison" else f"{policy.name} and {self.other.value}"
            label = f"{_CAPTIONS[name]}: {population.name} users under {under}"
            body = "" if frame is None else _failures_html(frame, label) if name == "failures" else \
                _figures_html(frame, label)
            self.boxes[name].value = f"<b>{html.escape(_CAPTIONS[name])}</b>{body}" if body else ""
        show(self.boxes["comparison"], second is not None)
        summary, costs = tables["summary"].iloc[:, 0], tables["costs"].iloc[:, 0]
        self._say(f"{policy.name}, {population.users:,} {population.name} users, {days} days: "
                  f"{_cell(summary[SUMMARY_FIGURES['first_try_failure_rate']])} % of code prompts failed at the "
                  f"first try; lockouts: {_cell(summary[SUMMARY_FIGURES['lockouts']])}; support resets: "
                  f"{_cell(summary[SUMMARY_FIGURES['support_resets']])}; SMS cost: "
                  f"{costs[COST_FIGURES['sms_cost']]:,.2f} EUR.", "ok")

    def rows(self, table: str) -> list[list[str]]:
        """The table named ``table`` (one of :data:`TABLES`) as shown: each
        row's cells as text, the header row first; [] when not shown.

        Raises:
            SimulationError: no such table.
        """
        _choice(table, "table", TABLES)
        text = self.boxes[table].value if shown(self.boxes[table]) else ""
        found = [re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", text)]
        return [[html.unescape(cell) for cell in row] for row in found]
