# %% [markdown]
# # twofa-sim · Overview
#
# This suite specifies the two-factor authentication (2FA) of a web client
# portal, the way a hosting provider's Client Portal does it, and lets a
# product team click through it and a security reviewer probe it.
#
# **What the portal does.** A signed-in user opens *2-Factor Auth* from the
# menu under their name and flips a switch to ON. The portal shows a QR code;
# the user scans it with an authenticator app (Duo Mobile, Google
# Authenticator...), types the 6-digit code the app shows and presses
# *Update*. Two-factor authentication is then on, and the portal shows a set of
# backup codes once. From then on, logging in takes the password and a code:
# from the app, from an SMS sent to the cell phone on the user's profile, or a
# backup code. A box on the login page remembers the browser for 30 days.
#
# **How the suite is organised.**
#
# | notebook | requirements | story |
# |---|---|---|
# | [The tour](00_tour.ipynb) | ENR, LOG, REM, BAK, SMS | the seed article end to end for one Alice: 2FA on, sign out, code, remember, backup code, cell phone, SMS |
# | [01 · Enrolment](01_enrolment.ipynb) | ENR-1..5 | switch, QR code, app, Update, backup codes; live mode with your own phone |
# | [02 · Login](02_login.ipynb) | LOG-1..4, BAK-1, REM-1..2 | password and code, wrong and used codes, phone clock drift, under the hood, lockout |
# | [03 · Backup codes](03_backup_codes.ipynb) | BAK-1..2 | lose the phone, low stock, regenerate, run out, support reset |
# | [04 · Remember this device](04_remember_device.ipynb) | REM-1..2 | 29 and 30 days, other browsers and users, what ends it, revoke |
# | [05 · SMS](05_sms.ipynb) | SMS-1..3 | Team page number, Send SMS Code, delays, expiry, resend, pumping, cost |
# | [06 · Security review](06_security_review.ipynb) | LOG-4 | drift × typing delay, replay, online guessing, across presets |
# | [07 · Population](07_population.ipynb) | LOG-4, SMS-1, BAK-1, REM-1 | a population of users under a preset: failures, lockouts, support, SMS cost; two presets side by side |
# | [08 · Conformance](08_conformance.ipynb) | LOG-2, LOG-4, SMS-1, REM-1 | the scenario files on the engine and on django-two-factor-auth: where it differs, with the clause |
#
# Each notebook has fresh widgets to click (**Try it yourself**) and a
# **Walk-through** that drives a second, identical world from code and checks
# each step against its requirement. Everything runs on a simulated clock with
# seeded randomness, so every run gives the same codes and tables.

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

from twofa_sim.lifecycle import TRANSITIONS, diagram_png
from twofa_sim.presets import PRESETS
from twofa_sim.traceability import TABLE_FILE, read, table
from twofa_sim.ui import PngWithAlt, show_frames_as_regions

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## A user's 2FA life
#
# Off, enrolling, on, locked. Remembered devices and backup codes live inside
# "on": they are other ways through the code step. The diagram is drawn from
# the transition table below, and a test drives the portal through every
# arrow.

# %%
display(PngWithAlt(diagram_png(), "State diagram of a user's two-factor life: off, enrolling, on, locked, and the actions between them"))

# %%
pd.DataFrame([vars(t) for t in TRANSITIONS])

# %% [markdown]
# ## Traceability: every requirement and what checks it
#
# Computed once by the build tooling from what actually ran, and read here
# from `notebooks/traceability.json`:
#
# * **notebook cells**: the cells of the other notebooks whose
#   `check("ID", ...)` assertions passed, read from the `checked:` line each
#   notebook prints at its end (CI re-runs every notebook and compares that
#   line, so it cannot go stale);
# * **tests**: the tests marked `requirement`, run in a fresh pytest process
#   that records each `check` they pass.
#
# `python3 dev.py trace` writes the file (`python3 dev.py notebooks` does it
# before building this notebook), and a test checks it matches a fresh
# computation. A requirement with neither is a **GAP**, and the cell after
# the table fails.

# %%
trace = table(*read(ROOT / TABLE_FILE))
trace

# %%
gaps = trace[trace.status == "GAP"].requirement.tolist()
assert not gaps, f"requirements nothing checks: {gaps}"
print(f"{len(trace)} requirements, {len(gaps)} gaps")

# %% [markdown]
# ## Policies to compare
#
# Every setting is one field of a frozen `Policy`. The seed portal's defaults
# cite their sources (django-otp, Keycloak, Authelia, GitLab, NIST SP 800-63B,
# RFC 6238) in `twofa_sim/policy.py`; the presets below reproduce other
# systems' choices for comparison.

# `lockout_failures = 0` means the account is never locked (django-otp relies
# on backoff instead; bare pyotp has no throttle at all).

# %%
keys = ["window_back", "window_forward", "replay_protection", "drift_learning", "secret_bits",
        "lockout_failures", "lockout_seconds", "backoff_seconds", "backup_code_count", "backup_code_length"]
pd.DataFrame({name: {k: policy.settings()[k] for k in keys} for name, policy in PRESETS.items()})
