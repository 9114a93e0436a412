"""The conformance panel: pick scenario files, press Run, and read where a
real implementation differs from what the files expect.

The panel decides nothing: the files are listed by
:func:`twofa_sim.scenarios.cli.scenario_files`, every verdict comes from
:func:`twofa_sim.conformance.conform`, and the tables shown are the report's
own (:meth:`~twofa_sim.conformance.ConformanceReport.scenarios` and
:meth:`~twofa_sim.conformance.ConformanceReport.findings`), with each file
named by its file name alone.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..conformance import DIFFERS, ConformanceReport, conform
from ..conformance.targets import target_named
from ..errors import InputTypeError
from ..scenarios.cli import SUFFIXES, scenario_files
from ..scenarios.errors import ScenarioError
from .common import PAGE_LAYOUT, Screen, heading, stable_model_id, styled
from .live_message import MessageBox
from .style import ROOT_CLASS
from .table_regions import frame_label, region_html

#: The findings table's columns (the report's frame has more: time, actor, browser, verdict);
#: ``step`` counts from 0 as a scenario file's error messages do (``steps[6]``), ``line`` is its line.
FINDING_COLUMNS = ["file", "step", "line", "action", "input", "expected", "engine", "target", "clause", "detail"]
#: The columns :func:`steps_of` gives: every step of one file, with its verdict.
STEP_COLUMNS = ["step", "line", "action", "input", "expected", "engine", "target", "verdict", "clause", "detail"]


def named(frame):
    """``frame`` (a report's DataFrame) with its ``file`` column cut to each
    file's name (``../scenarios/x.yaml`` → ``x.yaml``); a new DataFrame."""
    return frame.assign(file=[Path(f).name for f in frame["file"]])


def steps_of(report: ConformanceReport, name: str):
    """The steps of the scenario file called ``name`` (its file name, such as
    ``"replay_same_step.yaml"``) in ``report``: a DataFrame, one row per
    step, columns :data:`STEP_COLUMNS`.

    Raises:
        InputTypeError: ``report`` is not a ConformanceReport, or no file of
            the report has that name.
    """
    if not isinstance(report, ConformanceReport):
        raise InputTypeError(f"report must be a ConformanceReport (from conform), got {type(report).__name__}")
    frame = named(report.frame)
    if not isinstance(name, str) or name not in set(frame["file"]):
        shown = name[:60] if isinstance(name, str) else type(name).__name__
        names = ", ".join(dict.fromkeys(frame["file"]))
        raise InputTypeError(f"no scenario file {shown!r} in the report; it has {names}")
    return frame[frame["file"] == name][STEP_COLUMNS].reset_index(drop=True)


def _as_region(frame) -> str:
    """``frame`` as the panel shows it: its HTML table (cells escaped) in a
    named region that scrolls sideways from the keyboard
    (:func:`~twofa_sim.ui.table_regions.region_html`), so in a narrow window
    a wide table scrolls on its own rather than the whole panel."""
    return region_html(frame.to_html(index=False, escape=True), frame_label(frame))


class ConformancePanel(Screen):
    """Run scenario files on the engine and on a target from widgets; works in JupyterLab and Voila.

    Args:
        folder: the folder holding the scenario files (its ``*.yaml`` and
            ``*.yml`` files are offered, sorted by name), or one scenario
            file (``.yaml`` or ``.yml``), offered alone; a str or Path, a
            relative one read from the working folder (a notebook's own).
        chosen: names of offered files selected at first (none by default).
        target: a name in :data:`~twofa_sim.conformance.TARGETS`.

    Raises:
        InputTypeError: ``folder`` is not a path, ``chosen`` not a list of
            file names, or a name is not an offered file.
        ScenarioError: ``folder`` does not exist, is a folder holding no
            ``.yaml`` file, or is a file whose name does not end in
            ``.yaml`` or ``.yml``.
        UnknownTargetError: no target has that name.
    """

    def __init__(self, folder: str | Path, chosen: list[str] | tuple[str, ...] = (), target: str = "django") -> None:
        if not isinstance(folder, (str, Path)) or not str(folder).strip():
            raise InputTypeError("folder must be a folder of scenario files (str or Path)")
        if isinstance(chosen, str) or not isinstance(chosen, (list, tuple)) \
                or not all(isinstance(name, str) for name in chosen):
            raise InputTypeError("chosen must be a list of scenario file names (text)")
        self.target = target_named(target)
        if Path(folder).is_file() and Path(folder).suffix not in SUFFIXES:
            raise ScenarioError(str(folder)[:80], 1, "", "is neither a folder nor a .yaml scenario file")
        self._paths = {path.name: path for path in scenario_files([str(folder)])}
        unknown = [name for name in chosen if name not in self._paths]
        if unknown:
            raise InputTypeError(f"no scenario file {unknown[0][:60]!r} in {str(folder)[:80]!r}")
        self.report: ConformanceReport | None = None
        self.files = styled(w.SelectMultiple(options=list(self._paths), value=tuple(chosen), rows=10,
                                             description="Scenario files", style={"description_width": "initial"},
                                             layout=w.Layout(width="440px")), "twofa-conformance-files")
        self.run_button = styled(w.Button(description="Run", button_style="primary"), "twofa-conformance-run")
        self.message_box = styled(MessageBox(), "twofa-conformance-message")
        self.counts_box = styled(w.HTML(), "twofa-conformance-counts")
        self.findings_box = styled(w.HTML(), "twofa-conformance-findings")
        self.run_button.on_click(self.guarded(self.run))
        model_id = stable_model_id("conformance-panel")  # a notebook showing the panel re-runs to the same bytes
        super().__init__([heading(f"Scenario files against {self.target.title}"), self.files, self.run_button,
                          self.message_box, self.counts_box, self.findings_box],
                         layout=w.Layout(**{**PAGE_LAYOUT, "width": "auto"}), model_id=model_id)
        self.add_class(ROOT_CLASS)  # the portal's own widgets: what the accessibility check scopes to

    def run(self) -> None:
        """Press Run: the selected files, in the folder's order, on the engine and on the target.

        Raises:
            ScenarioError: a selected file is malformed (the button shows it as the message).
        """
        self.report = None
        self.counts_box.value = self.findings_box.value = ""
        if not self.files.value:
            self._say("Pick at least one scenario file, then press Run.", "warning")
            return
        chosen = [str(path) for name, path in self._paths.items() if name in self.files.value]  # the folder's order
        self._say(f"Running {len(chosen)} file(s) on the engine and on {self.target.title}…", "info")
        self.report = conform(chosen, self.target.name)
        self.counts_box.value = "<b>Verdicts per scenario</b>" + _as_region(self.counts_table)
        findings = self.findings_table
        self.findings_box.value = ("<b>Where the target differs</b>" + _as_region(findings)
                                   if len(findings) else "<b>Where the target differs</b><p>Nowhere: every judged "
                                                         "step conforms or is not supported.</p>")
        kind = "error" if not self.report.engine_passed else "warning" if len(findings) else "ok"
        self._say(self.report.summary(), kind)

    def __repr__(self) -> str:
        # What a reader without a kernel (a code host) sees in place of the widgets; ipywidgets
        # cuts a widget's text after 110 characters.
        return "<ConformancePanel: live widgets. Run this notebook in JupyterLab or Voila (dev.py lab or app).>"

    @property
    def counts_table(self):
        """The verdict counts per scenario the panel shows (the report's
        :meth:`~twofa_sim.conformance.ConformanceReport.scenarios`, files by
        name); an empty DataFrame before Run."""
        import pandas as pd

        return pd.DataFrame() if self.report is None else named(self.report.scenarios())

    @property
    def findings_table(self):
        """The steps where the target differs, as the panel shows them
        (columns :data:`FINDING_COLUMNS`, files by name); an empty DataFrame before Run."""
        import pandas as pd

        if self.report is None:
            return pd.DataFrame(columns=FINDING_COLUMNS)
        return named(self.report.findings())[FINDING_COLUMNS]

    @property
    def differing_files(self) -> list[str]:
        """The names of the files with at least one step that differs, in the
        order run (empty before Run)."""
        table = self.counts_table
        return [] if self.report is None else list(table[table[DIFFERS] > 0]["file"])
