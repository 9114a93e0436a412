"""Second factors: the authenticator app (TOTP), SMS codes, backup codes and
remembered devices. Each implements the one interface in
:mod:`twofa_sim.factors.base`: ``verify(typed, context) -> Verdict`` and
``issue(context)``."""

from .base import Context, Factor

__all__ = ["Context", "Factor"]
