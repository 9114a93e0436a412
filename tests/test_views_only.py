"""Pages and notebook cells show what the engine says: they read
``portal.view`` / ``status`` / ``acceptance``, never the engine's mutable
records, and leave phone numbers to ``twofa_sim.phone``."""

import re
from pathlib import Path

import pytest

from twofa_sim.demo import Demo
from twofa_sim.ui import (backup_workbench, enrolment_workbench, login_workbench, remember_workbench,
                          sms_workbench)
from twofa_sim.user import User

ROOT = Path(__file__).resolve().parent.parent
WATCHED = [*sorted((ROOT / "twofa_sim" / "ui").glob("*.py")), *sorted((ROOT / "notebooks" / "src").glob("*.py"))]


def hits(pattern: str, paths) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_files_are_there():
    assert len(WATCHED) > 20


def test_no_page_or_notebook_reads_the_engines_user_record():
    assert hits(r"\.user\(", WATCHED) == []


def test_no_page_or_notebook_parses_phone_numbers_itself():
    assert hits(r"phonenumbers", WATCHED) == []


def test_only_phone_py_imports_phonenumbers():
    package = [p for p in sorted((ROOT / "twofa_sim").rglob("*.py")) if p.name != "phone.py"]
    assert hits(r"^\s*(import|from)\s+phonenumbers", package) == []


def widget_attributes(widget, seen=None):
    """Every object reachable from a screen's own attributes (not ipywidgets internals)."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    values = getattr(widget, "__dict__", {}).values() if not isinstance(widget, (str, bytes)) else ()
    for value in list(values) + list(getattr(widget, "children", ()) or ()):
        if isinstance(value, dict):
            items = list(value.values())
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            items = [value]
        for item in items:
            if type(item).__module__.startswith(("twofa_sim.ui", "ipywidgets")) or isinstance(item, User):
                yield from widget_attributes(item, seen)


@pytest.mark.parametrize("build", [enrolment_workbench, login_workbench, backup_workbench, remember_workbench,
                                   sms_workbench])
def test_no_screen_holds_a_user_record(build):
    demo = Demo.create(seed=81, enrolled=build is not enrolment_workbench)
    bench = build(demo)
    for shell in [s for s in bench.screens.values() if hasattr(s, "go_to")]:
        for entry in shell.menu.options:
            shell.go_to(entry)
    assert not [obj for obj in widget_attributes(bench) if isinstance(obj, User)]
