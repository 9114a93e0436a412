"""Typed errors raised by the simulator.

Every error a caller can provoke with bad input derives from
:class:`TwofaSimError` (itself a :class:`ValueError`), carries a message fit
to show a person, and is raised before any state changes.
"""


class TwofaSimError(ValueError):
    """Base class of every error this package raises on purpose."""


class ClockError(TwofaSimError):
    """An impossible time: not a finite number, negative, or the portal clock going back."""


class ClockWentBackwards(ClockError):
    """The portal's clock was asked to move into the past (it never does)."""


class PolicyError(TwofaSimError):
    """A policy setting outside what the standards or the simulator allow."""


class SecretError(TwofaSimError):
    """A shared secret that is not valid base32, or too short for the policy."""


class ProvisioningURIError(TwofaSimError):
    """A provisioning URI (``otpauth://``) that cannot be built or parsed."""


class AmbiguousLabelError(ProvisioningURIError):
    """An issuer or account name containing a colon, which would make the
    Key URI label ``issuer:account`` ambiguous."""


class QRCodeError(TwofaSimError):
    """An image that holds no readable QR code."""


class UnknownUserError(TwofaSimError):
    """No user with that login exists."""


class UserDetailsError(TwofaSimError):
    """A user's login, password or name that can't be used (empty)."""


class DuplicateUserError(TwofaSimError):
    """A user with that login already exists."""


class EnrolmentError(TwofaSimError):
    """An enrolment action that does not fit the user's current 2FA state."""


class ReauthenticationRequired(TwofaSimError):
    """A sensitive change was asked for without the proof the policy demands."""


class SimulationError(TwofaSimError):
    """Settings of a sweep or attack simulation that make no sense (no time, no guesses)."""


class AppError(TwofaSimError):
    """The authenticator app cannot do what was asked (no such account, unreadable QR)."""


class ReadOnlyError(TwofaSimError, AttributeError):
    """A setting that is fixed for the object's life was assigned to."""


class InputTypeError(TwofaSimError, TypeError):
    """A value of the wrong type (for example a code given as an int, which
    would lose its leading zeros)."""


class UnknownRequirementError(TwofaSimError, KeyError):
    """A requirement ID that is not in :data:`~twofa_sim.requirements.REQUIREMENTS`
    (also a :class:`KeyError`, as a lookup that failed)."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""
