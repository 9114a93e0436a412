"""The error a conformance run raises when its target cannot run here: :class:`TargetUnavailable`."""

from __future__ import annotations

from ..errors import TwofaSimError


class TargetUnavailable(TwofaSimError):
    """The target system cannot run in this process: its packages are not
    installed (``pip install 'twofa-sim[conformance]'``), or Django is already
    configured here for another project (Django's settings are process-wide;
    run the check in a process of its own)."""


class ReportError(TwofaSimError):
    """A conformance report that cannot be written where it was asked to be
    (a missing folder, no permission, a name the system refuses)."""
