"""Executable requirement checks: ``check("ENR-3", condition, "what")``.

Notebooks and tests assert through :func:`check`, which cites the
requirement ID in the failure message and records every check that ran, so
traceability comes from what was executed, not from comments.
"""

from __future__ import annotations

from collections import Counter

from .requirements import REQUIREMENTS

#: Every check that ran in this process, in order: (requirement ID, what).
RAN: list[tuple[str, str]] = []


def check(requirement: str, condition: object, what: str) -> None:
    """Assert ``condition`` for ``requirement`` and record that it ran.

    Args:
        requirement: an ID from :data:`~twofa_sim.requirements.REQUIREMENTS`.
        condition: must be truthy.
        what: the expectation in plain words (shown on failure).

    Raises:
        KeyError: ``requirement`` is not a known ID.
        AssertionError: ``condition`` is falsy; the message names the ID.
    """
    if requirement not in REQUIREMENTS:
        raise KeyError(f"unknown requirement ID {requirement!r}")
    if not condition:
        raise AssertionError(f"{requirement} not met: {what}")
    RAN.append((requirement, what))


def summary():
    """A pandas DataFrame: each requirement ID, its text and how many checks passed here."""
    import pandas as pd

    counts = Counter(req for req, _ in RAN)
    rows = [{"requirement": req, "checks passed": counts[req], "statement": text}
            for req, text in REQUIREMENTS.items() if counts[req]]
    return pd.DataFrame(rows, columns=["requirement", "checks passed", "statement"])
