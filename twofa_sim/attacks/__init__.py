"""Attack simulations for security reviewers, run against the real portal
under any policy, each with the analytic value beside the simulated one.

==================================  =====================================================
module                              attack
==================================  =====================================================
:mod:`.guessing`                    online guessing of app, SMS and backup codes
:mod:`.denial`                      lockout as denial of service
:mod:`.replay`                      replay of an observed code; real-time phishing relay
:mod:`.remembered`                  theft of a remembered-device token
:mod:`.sim_swap`                    SIM swap / SMS interception
==================================  =====================================================

Each function builds fresh, seeded worlds (time from the virtual clock,
randomness from :class:`~twofa_sim.entropy.SeededEntropy`), so the same
seed gives the same tables. Long runs keep audit counts, not events
(:class:`~twofa_sim.audit.AuditTrail` with ``keep_events=False``).
"""

from ._world import HORIZONS, _policy, _positive
from .denial import lockout_denial
from .guessing import guessing_by_preset, guessing_table, online_guessing
from .remembered import remembered_token_theft
from .replay import relay_table, replay_same_code, replay_table
from .sim_swap import sim_swap

__all__ = ["HORIZONS", "guessing_by_preset", "guessing_table", "lockout_denial", "online_guessing", "relay_table",
           "remembered_token_theft", "replay_same_code", "replay_table", "sim_swap"]
