"""Checks that the dependency lists kept in several files agree.

pyproject.toml is the source of truth; environment.yml (conda) must name the
same packages, and constraints.txt must pin each of them.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"
CONSTRAINTS = ROOT / "constraints.txt"

# Entries of environment.yml that are not project dependencies.
CONDA_TOOLING = {"python", "pip"}

# Dependencies conda-forge does not carry: environment.yml installs them with pip.
PIP_ONLY = {"axe-playwright-python"}


def normalise(name: str) -> str:
    """PEP 503 normalised form of a package name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """Package name of a requirement string, without extras, versions or markers."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"cannot read a package name from {requirement!r}"
    return normalise(match.group(1))


def pyproject_dependencies() -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    requirements += project.get("optional-dependencies", {}).get("dev", [])
    return {requirement_name(r) for r in requirements}


def environment_dependencies() -> tuple[set[str], list[str]]:
    """Read environment.yml's dependencies list.

    Returns the conda package names and the raw entries of the nested pip list.
    This reader handles only the simple layout this project's file uses: a
    top-level ``dependencies:`` key holding ``- name`` items and one ``- pip:``
    item with its own indented list.
    """
    conda: set[str] = set()
    pip: list[str] = []
    in_dependencies = False
    in_pip = False
    pip_indent = 0
    for raw in ENVIRONMENT.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if indent == 0:
            in_dependencies = text == "dependencies:"
            in_pip = False
            continue
        if not in_dependencies:
            continue
        assert text.startswith("- "), f"unexpected line in dependencies: {raw!r}"
        item = text[2:].strip()
        if in_pip and indent > pip_indent:
            pip.append(item)
            continue
        in_pip = False
        if item == "pip:":
            in_pip = True
            pip_indent = indent
            continue
        # Conda match specs: "name", "name>=1.0", "name=1.0", "name 1.0".
        conda.add(normalise(re.split(r"[\s=<>!]", item, maxsplit=1)[0]))
    return conda, pip


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        if sep:
            pins[normalise(name.strip())] = version.strip()
    return pins


def test_environment_yml_names_the_same_packages_as_pyproject():
    expected = pyproject_dependencies()
    conda, pip = environment_dependencies()
    assert CONDA_TOOLING <= conda, f"environment.yml should list {sorted(CONDA_TOOLING)}"
    listed = (conda - CONDA_TOOLING) | {requirement_name(p) for p in pip if p in PIP_ONLY}
    missing = sorted(expected - listed)
    extra = sorted(listed - expected)
    assert not missing and not extra, (
        "environment.yml and pyproject.toml (core + dev) disagree: "
        f"missing from environment.yml: {missing}; not in pyproject.toml: {extra}"
    )
    assert pip[-1:] == ["-e ."] and set(pip[:-1]) <= PIP_ONLY, \
        f"environment.yml pip list should be {sorted(PIP_ONLY)} then '-e .', got {pip}"


def test_every_dependency_is_pinned_in_constraints():
    pins = constraint_pins()
    unpinned = sorted(pyproject_dependencies() - pins.keys())
    assert not unpinned, (
        f"not pinned with == in constraints.txt: {unpinned}; run: python3 dev.py freeze"
    )


def test_constraints_do_not_pin_the_project_or_packaging_tools():
    pinned = set(constraint_pins())
    forbidden = sorted(pinned & {"twofa-sim", "pip", "setuptools", "wheel"})
    assert not forbidden, f"constraints.txt should not pin {forbidden}"
