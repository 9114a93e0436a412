# %% [markdown]
# # 4 · Remember this device for 30 days
#
# Ticking **Remember this device for 30 days** at login means the same
# browser is not asked for a code again for 30 days (**REM-1**). Other
# browsers are still asked, and a password change, turning 2FA off and on,
# regenerating backup codes or revoking the device end it early (**REM-2**).
#
# The portal gives the browser a random token and keeps only its SHA-256
# fingerprint, bound to the user and the browser; it is valid while
# `now < issued + 30 days`.
#
# * **Try it yourself**: log in on the laptop with the box ticked, sign out,
#   log in again (no code). Press **+30 days**. Try the tablet, revoke the
#   device, change the password. Time moves only when you press a clock
#   button, and each code works once: press **+30 s** before using the
#   phone's code a second time.
# * **Walk-through**: every case, driven from code.

# %%
import pandas as pd

from twofa_sim import AuthenticatorApp, Browser, DeviceClock
from twofa_sim.checks import check, summary
from twofa_sim.demo import Demo
from twofa_sim.ui import (BackupCodesPage, DevicesPage, LoginPage, PasswordPage, TwoFactorPage, remember_workbench,
                          show_frames_as_regions)

SEED = 2604
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## Try it yourself

# %%
person = Demo.create(seed=SEED, enrolled=True)
remember_workbench(person)

# %% [markdown]
# ## Walk-through

# %%
story = Demo.create(seed=SEED, enrolled=True)
laptop = LoginPage(story.portal, story.browser)
devices = DevicesPage(story.portal, story.login)
policy = story.portal.policy  # the portal's rules: the time step, what ends a remembered device...
REMEMBER = story.portal.view(story.login).remember_seconds  # how long "Remember this device" lasts
DAY = 86_400
print(f"{laptop.remember.description}: {REMEMBER:,} s")


def log_in(page, remember=False, login=None, password=None):
    """A time step later, sign in on ``page``; type the phone's code if asked."""
    story.clock.advance(policy.period)
    page.type_password(login or story.login, password or story.password)
    asked = page.step == "code"
    if asked:
        page.type_code(story.app.code(), remember)
    devices.refresh()
    print(f"{page.browser.browser_id}, {'asked for a code' if asked else 'no code asked'}: {page.describe()}")
    return asked


# %% [markdown]
# ### REM-1 · Tick the box, come back later
#
# After 29 days the laptop signs in with the password alone. At 30 days the
# token has expired and a code is asked again.

# %%
check("REM-1", log_in(laptop, remember=True), "the first login asks for a code")
story.clock.advance(REMEMBER - DAY - 2 * policy.period)
check("REM-1", not log_in(laptop), "29 days later: no code asked")
story.clock.advance(DAY)
check("REM-1", log_in(laptop), "30 days after ticking the box: a code is asked")
story.portal.devices_frame(story.login)

# %% [markdown]
# The token is valid while `now < issued + 30 days`: the last second it works
# is `issued + 30 days − 1 s`. A fresh world shows the exact boundary.

# %%
edge = Demo.create(seed=SEED, enrolled=True)
first = edge.portal.login(edge.login, edge.password, edge.app.code(), edge.browser, remember=True)
issued = edge.clock.now()
edge.clock.set(issued + REMEMBER - 1)
at_last_second = edge.portal.begin_login(edge.login, edge.password, edge.browser)
edge.clock.set(issued + REMEMBER)
at_expiry = edge.portal.begin_login(edge.login, edge.password, edge.browser)
check("REM-1", at_last_second.signed_in and not at_expiry.signed_in, "accepted at issued + 30 d − 1 s, refused at issued + 30 d")
print(f"At issued + 30 d − 1 s: {at_last_second.reason.value}. At issued + 30 d: {at_expiry.outcome.value}.")

# %% [markdown]
# ### REM-2 · Other browsers and other users are still asked
#
# The laptop is remembered again. Alice's tablet still gets the code step. Bob,
# signing in on Alice's laptop, is asked too: the token belongs to Alice.

# %%
log_in(laptop, remember=True)
tablet = LoginPage(story.portal, Browser("alice-tablet"))
check("REM-2", log_in(tablet), "another browser is asked for a code")
story.portal.add_user("bob@example.com", "bob's password", "Bob Example")
bob_app = AuthenticatorApp(DeviceClock(story.clock))
bob_app.scan(story.portal.start_enrolment("bob@example.com").qr_png())
story.portal.confirm_enrolment("bob@example.com", bob_app.code())
story.clock.advance(policy.period)
laptop.type_password("bob@example.com", "bob's password")
check("REM-2", laptop.step == "code", "another user on the same browser is asked for a code")
print(f"Bob on alice-laptop: {laptop.describe()}")
check("REM-2", not log_in(laptop), "Alice on her laptop is still remembered")

# %% [markdown]
# ### REM-2 · What ends a remembered device early
#
# Each of these ends every remembered device of Alice's (policy switches, all
# on by default): a password change, turning 2FA off and on again, and
# regenerating the backup codes. After each, the laptop is asked for a code.

# %%
password_page = PasswordPage(story.portal, story.login)
password_page.current.value, password_page.new.value = story.password, "a new long passphrase"
password_page.change.click()
story.password = "a new long passphrase"
print(password_page.message)
check("REM-2", log_in(laptop, remember=True), "after a password change, a code is asked")

# %% [markdown]
# Turning 2FA off removes the second factor, so it asks for the second factor
# as well as the password (the policy's `disable_reauth`): Alice types a code
# from her app. The password alone is refused.

# %%
settings = TwoFactorPage(story.portal, story.login)
settings.switch.value = False
settings.password.value = story.password
settings.confirm_off.click()
print("With the password alone:", settings.message)
check("REM-2", story.portal.status(story.login).two_factor == "on", "the password alone does not turn 2FA off")
story.clock.advance(policy.period)
settings.password.value, settings.reauth_code.value = story.password, story.app.code()
settings.confirm_off.click()
print(settings.message)
check("REM-2", story.portal.status(story.login).two_factor == "off", "password and app code turn 2FA off")
settings.switch.value = True
story.app.scan(settings.qr_png)
story.clock.advance(policy.period)
settings.code.value = story.app.code()
settings.update.click()
settings.saved.click()
check("REM-2", story.portal.status(story.login).two_factor == "on", "2FA is on again")
check("REM-2", log_in(laptop, remember=True), "after 2FA off and on, a code is asked")

# %%
codes_page = BackupCodesPage(story.portal, story.login)
codes_page.password.value = story.password
codes_page.generate.click()
codes_page.saved.click()
print(codes_page.message)
check("REM-2", log_in(laptop, remember=True), "after regenerating backup codes, a code is asked")

# %% [markdown]
# ### REM-2 · List the remembered devices and revoke one
#
# The tablet is remembered as well now. Alice revokes the laptop from the list;
# the laptop is asked for a code, the tablet is not.

# %%
log_in(tablet, remember=True)
devices.refresh()
active = [row["device"] for row in devices.rows if row["state"] == "active"]
devices.device.value = active[0]
devices.revoke.click()
print(devices.message)
check("REM-2", log_in(laptop), "the revoked laptop is asked for a code")
check("REM-2", not log_in(tablet), "the tablet is still remembered")
story.portal.devices_frame(story.login)

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * Tick the box on both browsers, then change the password: both are asked.
# * Set `forget_on_password_change=False` in the policy
#   (`SEED_PORTAL.replace(...)`) and see the devices survive.
