"""The real systems a conformance run can target, and the preset that describes each.

A target names its adapter (imported only when a run needs it), the policy
preset both the engine and the target run a scenario under (so they are
compared like for like), and the packages whose versions a report states.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..errors import InputTypeError, TwofaSimError
from ..presets import DJANGO_OTP


@dataclass(frozen=True)
class Target:
    """A real implementation the scenario files can run against.

    Attributes:
        name: the name on the command line (``--target django``).
        title: what reports call it.
        preset: the name of the :data:`~twofa_sim.presets.PRESETS` entry
            describing the target; a scenario's own preset is replaced by it.
        adapter: ``module:Class`` of its scenario adapter.
        distributions: the packages whose versions a report states.
    """

    name: str
    title: str
    preset: str
    adapter: str
    distributions: tuple[str, ...]

    def adapter_class(self) -> type:
        """The adapter's class (its module imported now; Django itself is
        imported only when a world is opened)."""
        module, _, cls = self.adapter.partition(":")
        return getattr(importlib.import_module(module), cls)

    def make_adapter(self):
        """A new adapter for the target."""
        return self.adapter_class()()

    def judged_reasons(self) -> frozenset[str]:
        """The reasons the target's adapter reads from the flow (compared
        with the engine's); its other reasons are only shown."""
        return frozenset(getattr(self.adapter_class(), "judged_reasons", ()))


#: The targets by name.
TARGETS: dict[str, Target] = {
    "django": Target(
        name="django",
        title="django-two-factor-auth with django-otp",
        preset=DJANGO_OTP.name,
        adapter="twofa_sim.conformance.django_target.adapter:DjangoAdapter",
        distributions=("Django", "django-two-factor-auth", "django-otp", "django-formtools",
                       "django-phonenumber-field", "phonenumbers", "time-machine"),
    ),
}


class UnknownTargetError(TwofaSimError):
    """No conformance target has that name."""


def target_named(name: str) -> Target:
    """The target called ``name`` (a key of :data:`TARGETS`).

    Raises:
        UnknownTargetError: no target has that name.
        InputTypeError: ``name`` is not text.
    """
    if not isinstance(name, str):
        raise InputTypeError(f"a target's name must be text, got {type(name).__name__}")
    if name not in TARGETS:
        raise UnknownTargetError(f"unknown target {name[:40]!r}; one of {', '.join(TARGETS)}")
    return TARGETS[name]
