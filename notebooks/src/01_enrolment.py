# %% [markdown]
# # 1 · Turning on two-factor authentication
#
# This notebook specifies how a portal user turns on two-factor authentication
# (2FA) with an authenticator app: requirements **ENR-1** to **ENR-5**.
#
# * **Try it yourself** gives you the portal's 2-Factor Auth page beside a
#   simulated phone. Click through it.
# * **Walk-through** tells the same story step by step. Its cells drive a
#   second copy of the portal and phone from code, show what you would see (the
#   QR code, the phone's screen, the messages) and check it against the
#   requirements. Every check names the requirement it proves.
#
# Time is simulated: the portal's clock only moves when you press a clock
# button, so every run gives the same secrets, codes and tables.

# %%
import pandas as pd
from IPython.display import display

from twofa_sim import GOOGLE_AUTHENTICATOR, SEED_PORTAL
from twofa_sim.checks import check, summary
from twofa_sim.demo import Demo
from twofa_sim.provisioning import parse_uri
from twofa_sim.qr import decode_png
from twofa_sim.ui import (LiveModeSwitch, PhonePanel, PngWithAlt, PortalShell, TwoFactorPage, enrolment_workbench,
                          show_frames_as_regions)

SEED = 2026
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## Try it yourself
#
# You are signed in as Alice. Open **2-Factor Auth** from the menu under your
# name, flip the switch to ON, press **Scan QR code** on the phone, type the
# phone's code into *Authentication code* and press **Update**. Move the
# phone's clock with the slider to see what a wrong clock does.

# %%
person = Demo.create(seed=SEED)
enrolment_workbench(person)

# %% [markdown]
# ## Walk-through
#
# The walk-through uses its own portal and phone, built from the same seed, so
# nothing it does touches the widgets above.

# %%
story = Demo.create(seed=SEED)
pages = {}
shell = PortalShell(story.portal, story.login,
                    {"2-Factor Auth": lambda: pages.setdefault("2fa", TwoFactorPage(story.portal, story.login))})
phone = PhonePanel(story.app, lambda: pages["2fa"].qr_png)
policy = story.portal.policy  # the portal's rules: code length, time step, backup codes...
story.portal.status(story.login).to_frame()

# %% [markdown]
# ### ENR-1 · Open 2-Factor Auth from the menu under your name
#
# The menu is labelled with the user's name; picking **2-Factor Auth** opens a
# page whose switch shows OFF.

# %%
page = shell.go_to("2-Factor Auth")
check("ENR-1", shell.menu.description == "Alice Example", "the menu is under the user's own name")
check("ENR-1", page.switch.description == "OFF" and page.state == "off", "the switch shows OFF")
print(f"The menu under {shell.menu.description} opened {shell.menu.value}; its switch shows {page.switch.description}.")

# %% [markdown]
# ### ENR-2 · Switch ON: a QR code with a fresh secret
#
# Turning the switch ON starts enrolment. The page shows a QR code holding a
# provisioning URI (`otpauth://totp/...`) with a fresh random secret, the
# portal as issuer and the user as account. Below is the QR code as the
# page shows it, and what an app reads from it (everything but the secret).

# %%
page.switch.value = True
first_qr = page.qr_png
uri = decode_png(first_qr)  # read the image back, as a phone's camera would
info = parse_uri(uri)
check("ENR-2", page.switch.description == "ON" and page.visible()["qr"], "the switch shows ON and a QR code appears")
check("ENR-2", uri.startswith("otpauth://totp/Client%20Portal:alice%40example.com?"), "issuer:account label")
check("ENR-2", info.issuer == "Client Portal" and info.account == "alice@example.com", "issuer and account")
check("ENR-2", info.secret.bits == policy.secret_bits, f"a {policy.secret_bits}-bit secret")
check("ENR-2", (info.digits, info.period) == (policy.digits, policy.period), "the policy's code length and time step")
display(PngWithAlt(first_qr, f"QR code to scan: adds {info.account} at {info.issuer} to an authenticator app"))
print("The page says:", page.message)
pd.DataFrame({"what the app reads": ["issuer", "account", "code length", "time step", "algorithm", "secret"],
              "value": [info.issuer, info.account, f"{info.digits} digits", f"{info.period} s", info.algorithm,
                        f"{info.secret.bits} bits (not shown)"]})

# %% [markdown]
# Flipping the switch OFF and ON again before confirming draws a *new* secret:
# the old QR code stops working.

# %%
phone.scan()  # the phone scans the first QR code...
old_code = phone.code
page.switch.value = False
page.switch.value = True
check("ENR-2", page.qr_png != first_qr and parse_uri(decode_png(page.qr_png)).secret != info.secret,
      "a new enrolment draws a new secret")
page.code.value = old_code
page.update.click()
check("ENR-4", page.state == "enrolling" and page.message.startswith("That code didn't work"),
      "a code from the abandoned QR code is refused")
print("The page says:", page.message)

# %% [markdown]
# ### ENR-3 · The app scans the QR code and shows a 6-digit code
#
# The phone scans the QR code on screen. The app lists the account and shows
# its current code, which changes every 30 seconds. The code is exactly what
# RFC 6238 gives for the secret in the QR image, and another user's code is
# different.

# %%
phone.scan()
check("ENR-3", "Account added: Client Portal:alice@example.com" in phone.status_text, "the app lists the account")
check("ENR-3", len(phone.code) == policy.digits and phone.code.isdigit(), f"the app shows a {policy.digits}-digit code")
import pyotp
from datetime import datetime, timezone
expected = pyotp.TOTP(parse_uri(decode_png(page.qr_png)).secret.base32, digits=policy.digits, interval=policy.period).at(
    datetime.fromtimestamp(story.clock.now(), tz=timezone.utc))
check("ENR-3", phone.code == expected, "the code is RFC 6238's for the scanned secret (pyotp)")
bob = Demo.create(seed=SEED + 1)
bob.portal.add_user("bob@example.com", "another password", "Bob")
bob.app.scan(bob.portal.start_enrolment("bob@example.com").qr_png())
check("ENR-3", bob.app.code() != phone.code, "each user's code differs")
story.app.to_frame()

# %% [markdown]
# ### ENR-4 · Type the code and press Update
#
# Only the right code turns 2FA on. A wrong code is refused and the user can
# try again: the switch stays ON, the QR code stays.

# %%
page.code.value = "1" * policy.digits if phone.code != "1" * policy.digits else "2" * policy.digits
page.update.click()
check("ENR-4", page.state == "enrolling" and page.visible()["qr"], "a wrong code leaves enrolment open")
print("A wrong code. The page says:", page.message)
page.code.value = phone.code
page.update.click()
check("ENR-4", page.state == "on" and story.portal.status(story.login).two_factor == "on", "the right code turns 2FA on")
check("ENR-4", page.switch.description == "ON" and not page.visible()["qr"], "the QR code is gone")
print("The right code. The page says:", page.message)

# %% [markdown]
# ### ENR-5 · A warning and the backup codes, shown once
#
# The page warns the user and shows the backup codes. After **I have saved
# them** they are gone for good: no page, no account view and no audit record
# holds one again. (The portal keeps only salted hashes; a storage test,
# `tests/test_requirements.py`, checks the stored values themselves.)

# %%
codes = page.backup_codes
check("ENR-5", len(codes) == policy.backup_code_count, f"{policy.backup_code_count} backup codes are shown")
check("ENR-5", all(any(ch.isalpha() for ch in c) for c in codes), "no backup code is all digits")
print("The backup codes on the page:")
for code in codes:
    print(" ", code)
page.saved.click()
check("ENR-5", page.backup_codes == () and not page.visible()["backup_codes"], "the codes are shown once")
shell.go_to("Dashboard")  # leave the page and come back
page = shell.go_to("2-Factor Auth")
check("ENR-5", page.backup_codes == () and not any(c in page.codes_box.value for c in codes), "not shown again")
view = story.portal.view(story.login)
check("ENR-5", view.backup_remaining == len(codes) and not any(c in repr(view) for c in codes),
      "the account view counts the codes and holds none")
print("The page says:", page.message)
story.portal.status(story.login).to_frame()

# %% [markdown]
# ### What the portal recorded
#
# Every action is in the audit trail. It never holds a secret or a code.

# %%
trail = story.portal.audit.to_frame()
check("ENR-5", not trail.to_string().count(codes[0]), "no backup code in the audit trail")
trail

# %% [markdown]
# ### An app that can't follow the policy fails visibly
#
# Google Authenticator on Android ignores the URI's `digits`. With a policy of
# 8-digit codes, its 6-digit code cannot finish enrolment, and the phone says
# why.

# %%
strict = Demo.create(seed=SEED, policy=SEED_PORTAL.replace(digits=8), profile=GOOGLE_AUTHENTICATOR)
strict_page = TwoFactorPage(strict.portal, strict.login)
strict_phone = PhonePanel(strict.app, lambda: strict_page.qr_png)
strict_page.switch.value = True
strict_phone.scan()
strict_page.code.value = strict_phone.code
strict_page.update.click()
check("ENR-4", strict_page.state == "enrolling" and len(strict_phone.code) < strict.portal.policy.digits,
      "a 6-digit code can't enrol an 8-digit policy")
print("The phone says:", strict_phone.status_text)
print("The page says:", strict_page.message)

# %% [markdown]
# ## Live mode: your own phone
#
# Press **Start live mode** to get a portal on real time with real
# randomness. Scan its QR code with your own authenticator app, confirm with
# the code it shows, then log in below it with `you@example.com` and the
# password `live demo password`. (Off until pressed, so the notebook re-runs
# identically.)

# %%
LiveModeSwitch()

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * Move the phone's clock 30 s ahead with the slider before typing the code:
#   the portal still accepts it (the look-around window is one 30 s step
#   either way). At 60 s ahead the phone is two steps off and the code is
#   refused.
# * Type a code with a space in the middle (`123 456`) or in Arabic-Indic
#   digits: the portal reads it the same.
# * Flip the switch OFF and ON during enrolment, then try the old code.
