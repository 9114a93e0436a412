# %% [markdown]
# # 2 · Logging in with a code
#
# This notebook specifies the login page once two-factor authentication is on:
# password, then the code from the app (**LOG-1** to **LOG-4**), a backup code
# instead of the app (**BAK-1**), and "Remember this device for 30 days"
# (**REM-1**, **REM-2**).
#
# * **Try it yourself**: Alice turned 2FA on yesterday. Log in as
#   `alice@example.com` with password `correct horse battery staple` and the
#   code on her phone. Try a wrong code, the same code twice, a phone clock
#   that is off, and the remember box with the clock buttons.
# * **Walk-through**: the same story driven from code on a second copy, with
#   what the page shows and a check of each requirement.

# %%
import pandas as pd
from IPython.display import display

from twofa_sim import Browser
from twofa_sim.checks import check, summary
from twofa_sim.demo import Demo
from twofa_sim.sweeps import clock_offset_sweep
from twofa_sim.ui import LoginPage, PhonePanel, UnderTheHood, login_workbench, show_frames_as_regions

SEED = 2602
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## Try it yourself

# %%
person = Demo.create(seed=SEED, enrolled=True)
login_workbench(person)

# %% [markdown]
# ## Walk-through
#
# A second world from the same seed: Alice enrolled yesterday at 09:00 UTC and
# wrote her backup codes down.

# %%
story = Demo.create(seed=SEED, enrolled=True)
page = LoginPage(story.portal, story.browser)
phone = PhonePanel(story.app)
policy = story.portal.policy  # the portal's rules: code length, time step, window, lockout...
WRONG = "0" * policy.digits  # a code of the right shape; if it is ever the phone's, "1..." is used instead


def log_in(password=story.password):
    """Start over on the login page with Alice's login and ``password``."""
    page.type_password(story.login, password)


def enter(code, remember=False):
    """Type a code (and tick the remember box) and show what the page says."""
    page.type_code(code, remember)
    print(page.describe())


print(f"Portal time: {story.clock.datetime():%Y-%m-%d %H:%M:%S} UTC. The phone shows {phone.code}.")

# %% [markdown]
# ### LOG-1 · Login and password
#
# A wrong password is refused with a message that does not say which part was
# wrong. The right one leads to the code step.

# %%
log_in("wrong password")
check("LOG-1", page.step == "password" and page.message == "The login or password is incorrect.", "wrong password refused")
print(page.describe())
log_in()
check("LOG-1", page.step == "code", "the right password leads to the code step")
print(page.describe())

# %% [markdown]
# ### LOG-2 · The code from the app
#
# With 2FA on, the page asks for the authentication code. Alice types what her
# phone shows.

# %%
check("LOG-2", page.step == "code" and page.message.startswith("Enter the authentication code"), "a code is asked for")
enter(phone.code)
check("LOG-2", page.step == "signed in" and page.signed_in_as == story.login, "the app's code signs Alice in")

# %% [markdown]
# ### Under the hood: how that code was made
#
# The panel beside the phone shows, for the phone's current time, every stage
# of RFC 6238: the time step, the counter bytes, the HMAC, the truncation
# offset, the four bytes taken and the modulo that gives the code; and which
# steps the portal would accept right now. The step Alice just used is now
# "already used".

# %%
hood = UnderTheHood(story.portal, story.login, story.app)
check("LOG-2", hood.derivation.code == phone.code, "the derivation ends in the code on the phone")
check("LOG-4", [r["why"] for r in hood.acceptance if r["offset"] == 0] == ["already used"], "the used step is closed")
display(pd.DataFrame(hood.stages, columns=["stage", "value"]))
pd.DataFrame(hood.acceptance)

# %% [markdown]
# ### LOG-4 · Wrong, already used and expired codes
#
# Each is refused and Alice stays signed out. A wrong code is just wrong; a
# used code says it was already used and to wait for the next one in the app
# (the usual case: signing in right after enrolment with the same code). The
# audit trail records the exact reason.

# %%
log_in()
used = phone.code
enter(WRONG if used != WRONG else "1" * policy.digits)
wrong_message = page.message
check("LOG-4", page.step == "code" and page.signed_in_as is None, "a wrong code is refused")
enter(used)
check("LOG-4", page.step == "code" and "already used" in page.message and "next code in your app" in page.message,
      "a used code is refused, saying so and what to do")
print(page.message)
story.portal.audit.to_frame(last=2)

# %% [markdown]
# A minute later, a phone whose clock is 90 seconds behind shows a code that
# expired three steps ago: refused. 30 seconds behind is within the
# look-around window (one step either way), and that step was never used:
# accepted.

# %%
story.clock.advance(2 * policy.period)
phone.offset.value = -3 * policy.period
enter(phone.code)
check("LOG-4", page.step == "code", "a code three steps old is refused")
phone.offset.value = -policy.period
enter(phone.code)
check("LOG-2", page.step == "signed in", "a code one step old is accepted")
phone.offset.value = 0

# %% [markdown]
# The same question for many phone clocks at once: each row is a fresh world in
# which Alice logs in 15 s into a time step with her phone's clock that far
# off.

# %%
half_steps = (-8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6)  # phone clock offsets, in half time steps
sweep = clock_offset_sweep([h * policy.period // 2 for h in half_steps], policy=policy)
within_window = sweep["steps off"].between(-policy.window_back, policy.window_forward)
check("LOG-4", ((sweep.outcome == "ok") == within_window).all(), "accepted exactly when the phone is within the window")
sweep

# %% [markdown]
# ### BAK-1 · A backup code instead of the phone
#
# Alice's phone is broken. She types one of the backup codes she saved, as
# people do: lower case, with a space. It works once; the second time it is
# refused, and the page says it was already used.

# %%
story.clock.advance(policy.period)
log_in()
backup = story.backup_codes[0].lower().replace("-", " ")
enter(backup)
left = policy.backup_code_count - 1
check("BAK-1", page.step == "signed in" and f"{left} backup codes left" in page.message, "a backup code signs in; one fewer left")
log_in()
enter(backup)
check("BAK-1", page.step == "code" and "already used" in page.message, "the same backup code is refused the second time")
print(page.message)
check("BAK-1", story.portal.view(story.login).backup_remaining == left, "one code used, the rest remain")

# %% [markdown]
# ### LOG-3 and REM-1 · Remember this device for 30 days
#
# With the box ticked, the same browser is not asked for a code again for 30
# days: after 29 days it signs in with the password alone, after 30 it asks
# again.

# %%
view = story.portal.view(story.login)
check("LOG-3", page.remember.description == view.remember_label, "the remember box is on the code step")
print(page.remember.description)
enter(phone.code, remember=True)
check("LOG-3", page.step == "signed in", "signed in with the box ticked")
DAY = 86_400
story.clock.advance(view.remember_seconds - DAY)
log_in()
print(page.describe())
check("REM-1", page.step == "signed in", "29 days later the same browser needs no code")
story.clock.advance(DAY)
log_in()
print(page.describe())
check("REM-1", page.step == "code", "30 days after ticking the box, a code is asked again")

# %% [markdown]
# ### REM-2 · Other browsers are still asked
#
# Remembering is per browser. Alice ticks the box on her laptop again (the
# first line below); a second browser still gets the code step.

# %%
enter(phone.code, remember=True)
other = LoginPage(story.portal, Browser("alice-phone-browser"))
other.type_password(story.login, story.password)
check("REM-2", other.step == "code", "another browser is asked for a code")
print(other.describe())
story.portal.devices_frame(story.login)

# %% [markdown]
# ### The code step expires
#
# A code must follow the password within 10 minutes (the policy's
# `login_step_seconds`); after that the page starts over.

# %%
story.clock.advance(policy.login_step_seconds)
other.type_code(phone.code)
check("LOG-4", other.step == "password" and "took too long" in other.message, "a late code step starts over")
print(other.describe())

# %% [markdown]
# ### Throttling: ten wrong codes lock the account for ten minutes
#
# Guessing is stopped per account: after ten wrong codes even the right one is
# refused until the lock ends. Entering the password again does not reset the
# count.

# %%
other.type_password(story.login, story.password)
for attempt in range(policy.lockout_failures):
    if attempt == policy.lockout_failures // 2:  # start over halfway: the count carries on
        other.type_password(story.login, story.password)
    other.type_code(WRONG if phone.code != WRONG else "1" * policy.digits)
print(other.describe())
other.type_code(phone.code)
check("LOG-4", other.step == "code" and other.message.startswith("Too many failed attempts"), "locked: even the right code is refused")
view = story.portal.view(story.login)
check("LOG-4", view.locked and view.locked_for <= policy.lockout_seconds, "the account view shows the lock")
print(f"The account is {view.lock_text}.")
story.clock.advance(view.locked_for)
other.type_password(story.login, story.password)
other.type_code(phone.code)
check("LOG-4", other.step == "signed in", "after ten minutes, password and the right code work again")
story.portal.audit.to_frame(last=6)

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * Set the phone's clock offset to +30 s and log in: accepted, one step
#   ahead, and the portal learns that drift (django-otp style). Then set
#   +60 s, press **+30 s** and log in again: still accepted, because the
#   window now centres one step ahead. The under-the-hood panel shows it move.
# * Tick the remember box, then press **+30 days** on the clock: the next
#   login asks for a code again.
# * Type ten wrong codes: the tenth refusal says the account is locked for ten
#   minutes, and even the right code is refused until then.
