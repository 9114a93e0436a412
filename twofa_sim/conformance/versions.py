"""The versions of the packages a conformance report rests on, as installed.

Read from the installed distributions' metadata (``importlib.metadata``),
never from a module attribute or the clock, so the same environment gives
the same report.
"""

from __future__ import annotations

from importlib import metadata

from ..errors import InputTypeError

#: What a report shows for a package that is not installed.
MISSING = "not installed"


def package_versions(distributions: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
    """``(name, version)`` for ``twofa-sim`` and each of ``distributions``, in that order.

    Raises:
        InputTypeError: ``distributions`` is not a list of texts.
    """
    if isinstance(distributions, str) or not isinstance(distributions, (list, tuple)) \
            or not all(isinstance(d, str) for d in distributions):
        raise InputTypeError("distributions must be a list of package names (text)")
    found = []
    for name in ("twofa-sim", *distributions):
        try:
            found.append((name, metadata.version(name)))
        except (metadata.PackageNotFoundError, ValueError):
            found.append((name, MISSING))
    return tuple(found)
