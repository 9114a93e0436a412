"""A pytest plugin recording which requirement checks each test ran.

Loaded with ``-p twofa_sim.trace_plugin`` by
:func:`twofa_sim.traceability.checks_in_tests`; writes requirement → test
ids as JSON to the file named by ``TWOFA_TRACE_OUT``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .checks import RAN, context
from .traceability import OUT_ENV

_BY_REQUIREMENT: dict[str, list[str]] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Run the test inside :func:`~twofa_sim.checks.context` and note the checks it passed."""
    start = len(RAN)
    with context(item.nodeid):
        result = yield
    for ran in RAN[start:]:
        ids = _BY_REQUIREMENT.setdefault(ran.requirement, [])
        if item.nodeid not in ids:
            ids.append(item.nodeid)
    return result


def pytest_sessionfinish(session, exitstatus):
    """Write requirement → test ids as JSON to the file named by ``TWOFA_TRACE_OUT``."""
    out = os.environ.get(OUT_ENV)
    if out:
        Path(out).write_text(json.dumps(_BY_REQUIREMENT, indent=1, sort_keys=True))
