# %% [markdown]
# # 6 · A security reviewer's analysis
#
# The seed portal's article says nothing about clock drift, replayed codes or
# guessing. This notebook measures them on the simulated portal, under the
# seed portal's policy and under the presets of other well-known systems, so
# a reviewer can see what each choice buys and costs. Every figure comes from
# logging in through the real portal code, not from a formula alone.
#
# * **Drift and typing delay**: how often an honest user is refused.
# * **Replay**: what happens to a code used twice (shoulder-surfing, a
#   phishing relay).
# * **Online guessing**: how many guesses a day each throttle lets through,
#   and the attacker's chance.

# %%
import pandas as pd

pd.set_option("display.max_colwidth", None)  # show requirement statements whole

from twofa_sim.attacks import online_guessing, replay_same_code
from twofa_sim.checks import check, summary
from twofa_sim.presets import PRESETS, PYOTP_BARE, SEED_PORTAL
from twofa_sim.sweeps import acceptance_grid

# %% [markdown]
# ## Drift and typing delay
#
# Alice reads the code on her phone and submits it a few seconds later; her
# phone's clock may be off. Each cell is the percentage of 30 logins accepted,
# one for each second of a time step. With the seed portal's window of one
# step either way, a correct phone is always accepted, even 16 s after reading
# the code. A phone 30 s behind starts to fail as the typing delay grows (its
# code is already a step old when read). A phone 60 s ahead is two steps off,
# so it fails at once, but the longer Alice types, the more often the portal
# has moved into the next step by then, and the code falls inside the window.

# %%
step = SEED_PORTAL.period
seed_grid = acceptance_grid(SEED_PORTAL, offsets=[k * step for k in (-2, -1, 0, 1, 2)])
check("LOG-4", (seed_grid.loc[0] == 100).all(), "a correct phone is always accepted, whatever the typing delay")
check("LOG-4", (seed_grid.loc[-2 * step] == 0).all() and (seed_grid.loc[2 * step, 0] == 0), "two steps off is refused")
seed_grid

# %% [markdown]
# With no window at all (pyotp's default, `valid_window=0`), the same honest
# user is refused whenever the step changes while she types: about a quarter
# of the time at an 8 s delay. Of the 30 logins (one per second of a step), a
# code read in the last 8 seconds of its step arrives in the next step, so
# `period − 8` of `period` are accepted.

# %%
bare_grid = acceptance_grid(PYOTP_BARE)
DELAY = 8
kept = round(100 * (PYOTP_BARE.period - DELAY) / PYOTP_BARE.period)
check("LOG-4", bare_grid.loc[0, DELAY] == kept,
      f"window 0: {100 - kept} % of honest logins refused at a {DELAY} s delay")
bare_grid

# %% [markdown]
# ## Replay: the same code twice
#
# Someone who sees Alice's code (over her shoulder, or through a phishing
# page relaying it) submits it again five seconds later. RFC 6238 §5.2 says
# the second use must be refused. Every preset with replay protection does;
# pyotp used bare accepts it.

# %%
replays = pd.DataFrame.from_dict({name: replay_same_code(policy) for name, policy in PRESETS.items()}, orient="index")
check("LOG-4", replays.loc["seed portal", "second"] == "refused", "the seed portal refuses a replayed code")
check("LOG-4", replays.loc["pyotp bare", "second"] == "ok", "without replay protection the replay gets in")
replays

# %% [markdown]
# ## Online guessing for a day
#
# An attacker who already has the password guesses 6-digit codes for 24
# hours, one a second at most, waiting out every lock. The table counts the
# guesses each policy really lets through and the chance that one of them
# would have been right. NIST SP 800-63B §5.2.2 allows at most 100
# consecutive failures; the Keycloak preset keeps one fixed 60 s lock where
# Keycloak lengthens it, so its figure is an upper bound.

# %%
HOURS, PER_SECOND = 24, 1.0
guessing = pd.DataFrame.from_dict({name: online_guessing(policy, hours=HOURS, per_second=PER_SECOND)
                                   for name, policy in PRESETS.items()}, orient="index")
lock_cycles = HOURS * 3600 / SEED_PORTAL.lockout_seconds  # at most one lockout per lockout period
most = round(lock_cycles * SEED_PORTAL.lockout_failures)
check("LOG-4", guessing.loc["seed portal", "guesses"] <= most,
      f"{SEED_PORTAL.lockout_failures} failures, then a {SEED_PORTAL.lockout_seconds} s lock: at most {most:,} guesses a day")
check("LOG-4", guessing.loc["pyotp bare", "guesses"] == HOURS * 3600 * PER_SECOND, "no throttling: every guess gets through")
guessing

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * `acceptance_grid(SEED_PORTAL.replace(window_back=0))`: a look-behind of
#   zero refuses codes typed just as the step changes.
# * `online_guessing(SEED_PORTAL.replace(backoff_seconds=1))`: exponential
#   backoff (django-otp) on top of the lockout.
# * `online_guessing(SEED_PORTAL.replace(digits=8))`: what two more digits do.
