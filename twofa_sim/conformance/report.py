"""A conformance report: scenario files run on the engine and on a real target.

:func:`conform` runs scenarios through :func:`~twofa_sim.conformance.compare.compare`
and gathers a :class:`ConformanceReport`: a DataFrame with one row per
scenario step (expected, what the engine did, what the target did, the
verdict, the clause behind the expectation, what the target showed and
its database held), a table per scenario, the package versions, a text
table for the command line and an HTML page. Nothing in it depends on the
machine's clock: the same files and packages give the same report, byte for
byte.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..bounds import check_flag
from ..errors import InputTypeError
from ..scenarios.cli import _text_table
from ..scenarios.format import Scenario
from .compare import COLUMNS, CONFORMS, DIFFERS, INFO, MODEL_GAP, NOT_SUPPORTED, VERDICTS, Comparison, compare
from .errors import ReportError
from .targets import Target, target_named
from .versions import package_versions

#: The columns the command line prints per step (the frame has them all).
SHOWN = ["step", "line", "action", "input", "expected", "engine", "target", "verdict", "clause"]


@dataclass(frozen=True)
class ConformanceReport:
    """Scenario files on the engine and on a target.

    Attributes:
        target: what ran.
        versions: ``(package, version)`` pairs, ``twofa-sim`` first.
        comparisons: one :class:`~twofa_sim.conformance.compare.Comparison` per scenario, in order.
        frame: a pandas DataFrame, one row per step of every scenario, columns
            :data:`~twofa_sim.conformance.compare.COLUMNS`.
    """

    target: Target
    versions: tuple[tuple[str, str], ...]
    comparisons: tuple[Comparison, ...]
    frame: object

    @property
    def engine_passed(self) -> bool:
        """True when the engine meets every file under the file's own policy."""
        return all(c.engine_passed for c in self.comparisons)

    @property
    def exit_code(self) -> int:
        """The command line's exit code: 1 when the engine fails a scenario,
        else 0 (a difference in the target is a finding, not a failure)."""
        return 0 if self.engine_passed else 1

    def counts(self) -> dict[str, int]:
        """How many steps got each verdict, over every scenario."""
        verdicts = list(self.frame["verdict"])
        return {v: verdicts.count(v) for v in VERDICTS}

    def scenarios(self):
        """A DataFrame, one row per scenario: its file and name, the count of
        each verdict, whether the engine meets it under its own policy, and
        why the target could not run it ("" when it did)."""
        import pandas as pd

        rows = [{"file": c.scenario.path, "scenario": c.scenario.name, **c.counts(),
                 "engine (own policy)": "passed" if c.engine_passed else "FAILED", "note": c.note}
                for c in self.comparisons]
        return pd.DataFrame(rows, columns=["file", "scenario", *VERDICTS, "engine (own policy)", "note"])

    def findings(self):
        """The rows where the target differs (a DataFrame)."""
        return self.frame[self.frame["verdict"] == DIFFERS].reset_index(drop=True)

    def summary(self) -> str:
        """One line: scenarios, steps by verdict, and the engine's own result."""
        c = self.counts()
        engine = ("the engine meets every file" if self.engine_passed else
                  f"the engine FAILS {sum(not x.engine_passed for x in self.comparisons)} file(s)")
        gaps = int(self.frame["detail"].str.contains(MODEL_GAP, regex=False).sum()) if len(self.frame) else 0
        gap = f"; {self.target.preset} does not model the target at {gaps} step(s) (see detail)" if gaps else ""
        return (f"{len(self.comparisons)} scenario(s) on {self.target.title} under {self.target.preset}: "
                f"{c[CONFORMS]} steps conform, {c[DIFFERS]} differ, {c[NOT_SUPPORTED]} not supported, "
                f"{c[INFO]} info{gap}; {engine}")

    def text(self, details: bool = False) -> str:
        """The report as text tables, one per scenario (``details`` adds each
        step's time, actor, browser and what the target showed)."""
        details = check_flag(details, "details")
        lines = [f"target: {self.target.title}; " + ", ".join(f"{n} {v}" for n, v in self.versions), ""]
        columns = [c for c in COLUMNS if c not in ("scenario", "file")] if details else SHOWN
        for comparison in self.comparisons:
            part = self.frame[self.frame["file"] == comparison.scenario.path]
            lines.append(f"== {comparison.scenario.name} ({comparison.scenario.path})")
            if comparison.note:
                lines.append(f"   {comparison.note}")
            lines.append(_text_table(part[columns]))
            counts = comparison.counts()
            engine = "" if comparison.engine_passed else "; the engine FAILS this file under its own policy"
            lines.append(", ".join(f"{counts[v]} {v}" for v in VERDICTS) + engine)
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)

    def to_html(self, page: bool = True) -> str:
        """The report as HTML: a whole page (no script, no external resource),
        or with ``page=False`` one ``<div>`` carrying its own style, as a
        notebook shows it.

        Raises:
            InputTypeError: ``page`` is not True or False.
        """
        page = check_flag(page, "page")
        out = [f'<div class="{_CLASS}">', _STYLE,
               f"<h1>Scenario files against {html.escape(self.target.title)}</h1>",
               f"<p>{html.escape(self.summary())}</p>",
               "<p>Engine and target run each scenario under the preset that describes the target, "
               f"<b>{html.escape(self.target.preset)}</b>, with the file's own overrides; the engine also "
               "runs it under the file's own policy (the specification's check). A step <i>conforms</i> when "
               "the target does what the file expects, or what the engine does under the same policy where "
               "the expectation rests on the file's own preset. Outcomes are compared; the target's reasons "
               "are shown, not judged, except those read from the flow.</p>",
               "<h2>Versions</h2>", _table(["package", "version"], [list(v) for v in self.versions]),
               "<h2>Scenarios</h2>", _table(list(self.scenarios().columns),
                                            [list(map(str, r)) for r in self.scenarios().itertuples(index=False)])]
        columns = [c for c in COLUMNS if c not in ("scenario", "file")]
        for comparison in self.comparisons:
            part = self.frame[self.frame["file"] == comparison.scenario.path]
            out.append(f"<h2>{html.escape(comparison.scenario.name)}</h2>")
            out.append(f'<p class="file">{html.escape(comparison.scenario.path)}</p>')
            if comparison.scenario.description:
                out.append(f"<p>{html.escape(comparison.scenario.description)}</p>")
            if comparison.note:
                out.append(f'<p class="note">{html.escape(comparison.note)}</p>')
            out.append(_table(columns, [[str(v) for v in row] for row in part[columns].itertuples(index=False)],
                              verdict_at=columns.index("verdict")))
        out.append("</div>")
        body = "\n".join(out)
        if not page:
            return body
        title = html.escape(f"Conformance: {self.target.title}")
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body>\n{body}\n</body></html>\n")

    def write_html(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to ``path`` (UTF-8); returns the path.

        Raises:
            InputTypeError: ``path`` is not a path.
            ReportError: the file cannot be written there.
        """
        if not isinstance(path, (str, Path)) or not str(path).strip():
            raise InputTypeError("path must be a file path (str or Path)")
        page = self.to_html()
        try:
            path = Path(path)
            path.write_text(page, encoding="utf-8")
        except (OSError, ValueError) as exc:  # a missing folder, no permission, a NUL or a lone surrogate
            raise ReportError(f"the report cannot be written to {str(path)[:80]!r}: "
                              f"{getattr(exc, 'strerror', None) or exc}") from None
        return path

    def _repr_html_(self) -> str:
        return self.to_html(page=False)

    def __repr__(self) -> str:
        return f"ConformanceReport({self.summary()!r})"


def conform(scenarios, target: str = "django") -> ConformanceReport:
    """Run scenario files on the engine and on ``target``; returns the report.

    Args:
        scenarios: a loaded :class:`~twofa_sim.scenarios.format.Scenario`, a
            path to a ``.yaml`` file or a directory of them, or a list of these.
        target: a name in :data:`~twofa_sim.conformance.targets.TARGETS`.

    Raises:
        ScenarioError: a path that does not exist, a malformed file, or a
            file the engine cannot run under its own policy.
        TargetUnavailable: the target's packages are not installed
            (``pip install 'twofa-sim[conformance]'``), or it cannot run in this process.
        UnknownTargetError: no target has that name.
        InputTypeError: ``scenarios`` holds something else.

    Callable from a notebook cell or a widget's handler: in a thread that
    runs an event loop, the run moves to a worker thread, since Django
    refuses database calls there.
    """
    from ._off_loop import off_the_event_loop

    return off_the_event_loop(_conform, scenarios, target)


def _conform(scenarios, target: str) -> ConformanceReport:
    from ..scenarios.cli import scenario_files
    from ..scenarios.loader import load

    chosen = target_named(target)
    items = list(scenarios) if isinstance(scenarios, (list, tuple)) else [scenarios]
    if not items:
        raise InputTypeError("scenarios must name at least one scenario, file or directory")
    loaded: list[Scenario] = []
    for item in items:
        if isinstance(item, Scenario):
            loaded.append(item)
        elif isinstance(item, (str, Path)):
            loaded += [load(path) for path in scenario_files([str(item)])]
        else:
            raise InputTypeError(f"a scenario is a Scenario or a path, got {type(item).__name__}")
    return report_of([compare(scenario, chosen) for scenario in loaded], chosen)


def report_of(comparisons: list[Comparison], target: Target) -> ConformanceReport:
    """The report gathering ``comparisons`` made against ``target``.

    Raises:
        InputTypeError: ``comparisons`` is not a list of Comparisons, or ``target`` not a Target.
    """
    import pandas as pd

    if not isinstance(comparisons, (list, tuple)) or not all(isinstance(c, Comparison) for c in comparisons):
        raise InputTypeError("comparisons must be a list of Comparisons (from compare)")
    if not isinstance(target, Target):
        raise InputTypeError(f"target must be a Target (from TARGETS), got {type(target).__name__}")
    frame = pd.DataFrame([row for c in comparisons for row in c.rows], columns=COLUMNS)
    return ConformanceReport(target, package_versions(target.distributions), tuple(comparisons), frame)


#: The class of the report's ``<div>``; its style applies inside it only. Its
#: text may wrap anywhere, so a table fits a narrow window rather than
#: scrolling sideways (WCAG 2.2 SC 1.4.10, Reflow).
_CLASS = "twofa-conformance"
_STYLE = f"""<style>
.{_CLASS} {{ font-family: system-ui, sans-serif; color: #1b1b1b; overflow-wrap: anywhere; }}
.{_CLASS} table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; max-width: 100%; }}
.{_CLASS} th, .{_CLASS} td {{ border: 1px solid #c8c8c8; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }}
.{_CLASS} th {{ background: #eeeeee; }}
.{_CLASS} td.v-conforms {{ background: #dcefdc; }}
.{_CLASS} td.v-differs {{ background: #f6d5d5; font-weight: bold; }}
.{_CLASS} td.v-not-supported {{ background: #ececec; color: #4a4a4a; }}
.{_CLASS} td.v-info, .{_CLASS} p.file, .{_CLASS} p.note {{ color: #4a4a4a; }}
</style>"""


def _table(columns: list[str], rows: list[list[str]], verdict_at: int = -1) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            css = f' class="v-{value.replace(" ", "-")}"' if i == verdict_at else ""
            cells.append(f"<td{css}>{html.escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
