"""Scenario files against a real implementation: where it conforms, where it differs.

* :mod:`.targets`: the systems a run can target (``django``: django-two-factor-auth
  with django-otp) and the preset describing each;
* :mod:`.django_target`: its scenario adapter, driving the package in-process
  through Django's test client (the optional extra ``twofa-sim[conformance]``);
* :mod:`.compare`: one scenario on the engine and on the target, a verdict per step;
* :mod:`.report`: :func:`conform` and the :class:`ConformanceReport` (a DataFrame,
  text tables, an HTML page);
* :mod:`.versions`: the installed packages' versions; :mod:`.errors`:
  :class:`TargetUnavailable`.

``python -m twofa_sim conform --target django scenarios/`` prints the report.
Nothing here imports Django until a world is opened.
"""

from .compare import CONFORMS, DIFFERS, INFO, NOT_SUPPORTED, VERDICTS, Comparison, compare, verdict
from .errors import TargetUnavailable
from .report import ConformanceReport, conform
from .targets import TARGETS, Target

__all__ = ["CONFORMS", "DIFFERS", "INFO", "NOT_SUPPORTED", "VERDICTS", "Comparison", "compare", "verdict",
           "TargetUnavailable", "ConformanceReport", "conform", "TARGETS", "Target"]
