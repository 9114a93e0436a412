"""A user's 2FA life as a state machine: off → enrolling → on → locked.

:data:`TRANSITIONS` is the diagram's source and is checked against the
portal by the tests (each transition is driven and its end state read back
with :func:`state_of`); :func:`diagram_png` draws it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

STATES = ("off", "enrolling", "on", "locked")


@dataclass(frozen=True)
class Transition:
    """One arrow: ``source`` --event--> ``target``, and the requirement it serves."""

    source: str
    event: str
    target: str
    requirement: str


TRANSITIONS = (
    Transition("off", "switch ON: new secret, QR", "enrolling", "ENR-2"),
    Transition("enrolling", "switch ON again: new secret", "enrolling", "ENR-2"),
    Transition("enrolling", "wrong code + Update", "enrolling", "ENR-4"),
    Transition("enrolling", "switch OFF", "off", "ENR-4"),
    Transition("enrolling", "right code + Update: backup codes", "on", "ENR-5"),
    Transition("on", "app, SMS or backup code; remembered device", "on", "LOG-2"),
    Transition("on", "too many failures", "locked", "LOG-4"),
    Transition("locked", "lock ends", "on", "LOG-4"),
    Transition("on", "turn off (re-auth) or support reset", "off", "BAK-2"),
)


def state_of(portal, login: str) -> str:
    """The user's state: "locked" while 2FA is on and the account is
    throttled, else "off", "enrolling" or "on". (Wrong passwords can throttle
    a user with 2FA off too; the diagram follows the 2FA life.)

    Raises:
        InputTypeError: ``portal`` is not a :class:`~twofa_sim.portal.Portal`
            or ``login`` not text.
        UnknownUserError: no such user.
    """
    from .errors import InputTypeError
    from .portal import Portal

    if not isinstance(portal, Portal):
        raise InputTypeError(f"state_of needs a Portal, not {type(portal).__name__}")
    status = portal.status(login)
    return "locked" if status.locked_for > 0 and status.two_factor == "on" else status.two_factor


_POSITIONS = {"off": (0.0, 0.0), "enrolling": (4.0, 0.0), "on": (8.0, 0.0), "locked": (8.0, -2.6)}

#: Where each state's self-transitions are listed: (x, y, horizontal alignment).
_LOOP_LABELS = {"enrolling": (4.0, 1.45, "center"), "on": (8.6, 0.0, "left")}

#: How each arrow is drawn: (curvature, label position). Loops are listed above their state.
_ARROWS = {
    ("off", "enrolling"): (-0.35, (2.0, 0.85)),
    ("enrolling", "off"): (-0.35, (2.0, -0.85)),
    ("enrolling", "on"): (-0.35, (6.0, 0.85)),
    ("on", "off"): (-0.45, (3.6, -2.0)),
    ("on", "locked"): (-0.45, (9.3, -1.3)),
    ("locked", "on"): (-0.45, (7.1, -1.75)),
}


def diagram_png() -> bytes:
    """The state diagram as PNG bytes (matplotlib, drawn from :data:`TRANSITIONS`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    fig, ax = plt.subplots(figsize=(11, 5), dpi=100)
    ax.set_xlim(-1.0, 13.0)
    ax.set_ylim(-3.3, 2.4)
    ax.axis("off")
    for name, (x, y) in _POSITIONS.items():
        ax.text(x, y, name, ha="center", va="center", fontsize=13, zorder=3,
                bbox=dict(boxstyle="round,pad=0.5", fc="#ffebe9" if name == "locked" else "#ddf4ff", ec="#57606a"))
    loops: dict[str, list[str]] = {}
    for t in TRANSITIONS:
        if t.source == t.target:
            loops.setdefault(t.source, []).append(f"↺ {t.event} ({t.requirement})")
            continue
        bend, (lx, ly) = _ARROWS[(t.source, t.target)]
        ax.add_patch(FancyArrowPatch(_POSITIONS[t.source], _POSITIONS[t.target], connectionstyle=f"arc3,rad={bend}",
                                     arrowstyle="-|>", mutation_scale=14, shrinkA=30, shrinkB=30, color="#57606a"))
        ax.text(lx, ly, f"{t.event}\n({t.requirement})", ha="center", va="center", fontsize=8.5,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none"))
    for state, events in loops.items():
        x, y, align = _LOOP_LABELS[state]
        ax.text(x, y, "\n".join(events), ha=align, va="bottom" if align == "center" else "center",
                fontsize=8.5, color="#24292f")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
