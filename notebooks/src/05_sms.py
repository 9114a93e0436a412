# %% [markdown]
# # 5 · Codes by SMS
#
# Instead of the app, Alice can have a code texted to the cell phone on her
# profile and type it into the same field (**SMS-1**). The login page offers
# **Send SMS Code** only when a cell phone is on file (**SMS-2**), and the
# number is fixed on the Team page (**SMS-3**).
#
# The SMS network is simulated: each text takes a random few seconds (or
# much longer), some are lost, and nothing reaches the phone until the
# portal's clock passes its delivery time. Every text is counted and priced.
#
# * **Try it yourself**: open **Team** from the menu, edit your row, pick
#   Italy and type `312 345 6789` (Alice's real phone), press **Save** (with
#   the code on her phone: 2FA is on). Then log in below as
#   `alice@example.com` / `correct horse battery staple`, press **Send SMS
#   Code**, press **+30 s** until the text arrives, and type its code. (Time
#   moves only when you press a clock button, and the app's code works once:
#   press **+30 s** before using it again.)
# * **Walk-through**: the same, and what goes wrong, driven from code.

# %%
import pandas as pd
from IPython.display import display

from twofa_sim.checks import check, summary
from twofa_sim.demo import Demo
from twofa_sim.ui import InboxPanel, LoginPage, PhonePanel, TeamPage, show_frames_as_regions, sms_workbench

SEED = 2605
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## Try it yourself

# %%
person = Demo.create(seed=SEED, enrolled=True)
sms_workbench(person)

# %% [markdown]
# ## Walk-through
#
# Alice enrolled her app yesterday; her profile has no cell phone yet. Her
# phone's number is +39 312 345 6789.

# %%
story = Demo.create(seed=SEED, enrolled=True)
team = TeamPage(story.portal, story.login)
page = LoginPage(story.portal, story.browser)
phone = PhonePanel(story.app)
inbox = InboxPanel(story.portal.gateway, story.phone_number)
policy = story.portal.policy  # the portal's rules: code lifetime, resend cooldown, send limits...


def log_in():
    """After the resend cooldown (a minute), sign out if needed, then type Alice's login and password and press Log In."""
    story.clock.advance(policy.sms_resend_cooldown_seconds)
    page.type_password(story.login, story.password)


def save_number(country, typed, code=None):
    """After the resend cooldown (a new number gets a confirmation text) and at least a time step (an app
    code works once), edit Alice's row on the Team page and press Save."""
    story.clock.advance(max(policy.period, policy.sms_resend_cooldown_seconds))
    team.edit.click()
    team.country.value, team.cell_phone.value = country, typed
    team.code.value = code if code is not None else phone.code
    team.save.click()
    print(f"Saving {typed} with {country} picked: {team.message} {team.warning}".strip())


def confirm_number(code):
    """Type the code from the confirmation text into the Team page and press Confirm number."""
    team.confirm_code.value = code
    team.confirm.click()
    print(f"Confirming with the texted code: {team.message}")


def wait_for_text():
    """Advance the clock 30 s at a time until a new text arrives (at most 10 minutes)."""
    before = len(inbox.texts)
    for _ in range(20):
        if len(inbox.texts) > before:
            return inbox.texts[-1]
        story.clock.advance(30)
    return None


def in_runs(results, what):
    """``results`` (one per press) as a table of runs: which presses (1 first) gave which result."""
    runs = []
    for number, result in enumerate(results, 1):
        if runs and runs[-1][1] == result:
            runs[-1][0][1] = number
        else:
            runs.append([[number, number], result])
    return pd.DataFrame({what: [f"{a}" if a == b else f"{a} to {b}" for (a, b), _ in runs],
                         "result": [result for _, result in runs]})


# %% [markdown]
# ### SMS-2 · No cell phone, no Send SMS Code button

# %%
log_in()
check("SMS-2", page.step == "code" and not page.sms_button_shown, "no button without a cell phone on file")
print(f"{page.describe()} Send SMS Code is {'shown' if page.sms_button_shown else 'not shown'}.")

# %% [markdown]
# ### SMS-3 · The Team page refuses numbers that can't receive a code
#
# The number is parsed with the country picked from the list. A fixed line,
# a number with letters, or one that is not a valid number is refused with a
# reason, and the stored number stays as it was.

# %%
save_number("IT", "02 1234 5678")
check("SMS-3", "fixed line" in team.message and story.portal.status(story.login).cell_phone == "",
      "an Italian fixed line is refused and nothing is stored")
save_number("GB", "0800 FLOWERS")
check("SMS-3", "letters" in team.message, "letters are refused")
save_number("GB", "+44 7700 900123")
check("SMS-3", "not a valid phone number" in team.message, "an invalid number is refused")
print("Alice's row:", team.row_text())

# %% [markdown]
# A number written in international form names its own country and wins over
# the list, which follows it: with `+` and a calling code, or with the picked
# country's own international call prefix (`00` in Italy). Saving a number
# does not put it to use yet: the portal texts a confirmation code to it, and
# the number is used only once that code is typed back on the Team page.

# %%
save_number("IT", "0044 7400 123456")
check("SMS-3", team.country.value == "GB" and "unconfirmed +44 7400 123456" in team.row_text(),
      "0044 (Italy's international prefix) names the UK: it wins over Italy and the list follows")
check("SMS-3", team.confirming and story.portal.view(story.login).cell_phone == "",
      "the new number waits for its confirmation code")

# %% [markdown]
# That is not Alice's phone either. She saves her Italian number, but makes a
# typo: it is a valid Italian mobile number, just not hers. The confirmation
# code goes to that stranger's phone, her own inbox stays empty, and so the
# number is never confirmed: no sign-in code can ever be sent there.

# %%
save_number("IT", "312 345 6798")
view = story.portal.view(story.login)
check("SMS-3", view.pending_cell_phone == "+39 312 345 6798" and view.cell_phone == "",
      "saved for Italy, waiting for confirmation, shown in international form")
check("SMS-3", wait_for_text() is None and inbox.texts == [], "the confirmation text never reaches Alice")
receipts = story.portal.gateway.receipts_frame()
check("SMS-3", receipts.iloc[-1]["to"] == "+393123456798", "the text is addressed in E.164 to the number typed")
log_in()
check("SMS-2", not page.sms_button_shown, "no Send SMS Code while no number is confirmed")
print("Alice's row:", team.row_text())
receipts

# %% [markdown]
# Alice fixes the number on the Team page (2FA is on, so she proves it is her
# with the code from her app). This time the confirmation text reaches her
# phone; she types its code back and the number is confirmed.

# %%
save_number("IT", "312 345 6789")
confirmation = wait_for_text()
print("The text that arrived:", confirmation)
check("SMS-3", confirmation is not None and "confirm this number" in confirmation, "the confirmation text arrives")
confirm_number(inbox.codes[-1])
check("SMS-3", not team.confirming and team.row_text().endswith("+39 312 345 6789"), "the number is confirmed")

# %% [markdown]
# ### SMS-1 · Send SMS Code texts the confirmed number
#
# Now the login page shows **Send SMS Code**, and the text goes to Alice's
# confirmed phone.

# %%
log_in()
check("SMS-2", page.sms_button_shown, "the button appears once a cell phone is confirmed")
page.send_sms.click()
text = wait_for_text()
print(page.describe())
print("The text that arrived:", text)
check("SMS-1", text is not None and "Client Portal code:" in text, "the text arrives")
code = inbox.codes[-1]  # the code the text carries, as Alice reads it
check("SMS-1", len(code) == policy.sms_code_digits and code in text, f"a {policy.sms_code_digits}-digit code")
page.code.value = code
page.log_in.click()
print(page.describe())
check("SMS-1", page.step == "signed in", "the texted code signs Alice in through the same field")
story.portal.audit.to_frame(last=4)

# %% [markdown]
# The audit trail says which factor signed her in (`sms`), and never holds the
# code itself.

# %%
check("SMS-1", story.portal.audit[-1].factor == "sms", "the audit trail records the factor")
check("SMS-1", all(code not in str(e.details) for e in story.portal.audit), "no code in the audit trail")

# %% [markdown]
# ### A text delayed past its code's lifetime
#
# On a congested network a text takes six minutes: a minute longer than its
# code lives (the policy's `sms_code_seconds`). It still shows in the inbox,
# but the portal refuses its code as expired and offers a resend. The network
# recovers, Alice presses **Send SMS Code** again, and the new code works.
#
# The network's conditions are the world's, not the portal's: they change
# through `gateway.configure(...)`, which returns the settings before the
# change, so they can be put back.

# %%
gateway = story.portal.gateway
before = gateway.configure(median_delay_seconds=policy.sms_code_seconds + 60, delay_spread=0.0)
print(f"The network slows down: texts take {gateway.settings.median_delay_seconds:g} s (median; it was "
      f"{before.median_delay_seconds:g} s), and codes live {policy.sms_code_seconds} s.")
log_in()
page.send_sms.click()
print(page.describe())
late = wait_for_text()
page.code.value = inbox.codes[-1]
page.log_in.click()
print(page.describe())
check("LOG-4", page.message == "That code has expired. Press Send SMS Code to get a new one.", "expired, with a resend offered")
gateway.configure(median_delay_seconds=before.median_delay_seconds, delay_spread=before.delay_spread)
print("The network is back as it was." if gateway.settings == before else "The network is still slow.")
page.send_sms.click()
fresh = wait_for_text()
page.code.value = inbox.codes[-1]
page.log_in.click()
check("SMS-1", page.step == "signed in", "the resent code works")
print(page.describe())

# %% [markdown]
# ### Resending: a cooldown, and the older code stops working
#
# An hour later (so the texts so far no longer count toward the hourly send
# limit), pressing **Send SMS Code** again within a minute of the last text
# is refused, saying how long to wait. After the minute a new code is sent,
# and the first one no longer works.

# %%
story.clock.advance(3600)
log_in()
page.send_sms.click()
first = wait_for_text()
first_code = inbox.codes[-1]
page.send_sms.click()
print(page.describe())
check("SMS-1", page.message.startswith("A code was just sent"), "a resend within the cooldown is refused")
story.clock.advance(policy.sms_resend_cooldown_seconds)
page.send_sms.click()
second = wait_for_text()
second_code = inbox.codes[-1]
page.code.value = first_code
page.log_in.click()
print(f"With the older code: {page.describe()}")
check("LOG-4", page.step == "code", "the older code is refused after a resend")
page.code.value = second_code
page.log_in.click()
check("SMS-1", page.step == "signed in", "the newest code works")
check("SMS-1", first_code != second_code, "two different texts")
pd.DataFrame({"text": inbox.texts[-2:]}, index=["first", "second"])

# %% [markdown]
# ### A script pressing Send SMS Code in a loop
#
# SMS pumping: a script signs in and presses the button a second after each
# resend cooldown, a dozen times. The per-number limit (5 an hour: the
# policy's `sms_per_number_per_hour`) stops it; every stop is in the audit
# trail and the counters. (A fresh world, a day after its number was
# confirmed, so earlier texts don't count.)

# %%
pump = Demo.create(seed=SEED, enrolled=True)
pump.portal.gateway.configure(loss_rate=0.0)
pump.portal.set_cell_phone(pump.login, "IT", "312 345 6789", code=pump.app.code())
pump.clock.set(pump.portal.gateway.next_delivery())
pump.portal.confirm_cell_phone(pump.login, pump.portal.gateway.inbox(pump.phone_number)[-1].code)
pump.clock.advance(86_400)
script_page = LoginPage(pump.portal, pump.browser)
PRESSES = 12
limit = pump.portal.policy.sms_per_number_per_hour
outcomes = []
for press in range(PRESSES):
    pump.clock.advance(pump.portal.policy.sms_resend_cooldown_seconds + 1)
    script_page.type_password(pump.login, pump.password)
    script_page.send_sms.click()
    outcomes.append("sent" if script_page.message.startswith("We sent") else "stopped")
display(in_runs(outcomes, "presses"))
print("The last press. The page says:", script_page.message)
counters = pump.portal.sms_counters()
number_row = counters[(counters.limit == "number") & (counters.key == pump.phone_number)].iloc[0]
check("SMS-1", outcomes == ["sent"] * limit + ["stopped"] * (PRESSES - limit),
      "the per-number limit lets its texts through, then stops the loop")
check("SMS-1", (pump.portal.audit.to_frame().reason == "send limit reached").sum() == PRESSES - limit, "every stop is audited")
counters

# %% [markdown]
# A patient script waits out each hourly window and presses once an hour, all
# day. Hourly limits alone would let 24 texts through (and any number of days
# after). The daily caps per number and per account (the policy's
# `sms_per_number_per_day` and `sms_per_account_per_day`) stop it.

# %%
daily_cap = pump.portal.policy.sms_per_number_per_day
pump.clock.advance(86_400)
day = []
for hour in range(24):
    pump.clock.advance(3600)
    script_page.type_password(pump.login, pump.password)
    script_page.send_sms.click()
    day.append("sent" if script_page.message.startswith("We sent") else "stopped")
display(in_runs(day, "hours"))
check("SMS-1", day.count("sent") == daily_cap and day[:daily_cap] == ["sent"] * daily_cap,
      "the daily cap per number lets its texts through in a day, then stops the script")
counters = pump.portal.sms_counters()
counters[counters.window == "day"]

# %% [markdown]
# ### What it costs
#
# Every text handed to the network is billed at the price of the day it was
# sent, whether or not it arrived. The price table is the product team's to
# change: here Italy's price goes up from 0.07 to 0.09 EUR, which bills texts
# sent from now on; `what_if` re-prices every text sent so far, to estimate
# spend under the new table.

# %%
story.portal.gateway.set_price("IT", 0.09)
costs = story.portal.gateway.cost_frame()
check("SMS-1", costs.iloc[-1]["texts"] == len(story.portal.gateway), "every text is counted")
check("SMS-1", not costs.to_string().count(first_code), "no code in the cost table")
display(costs)
story.portal.gateway.cost_frame(what_if={"IT": 0.09})

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * Save a US number such as `201 555 0123`: it is accepted with a warning,
#   because US fixed-line and mobile numbers look alike.
# * Press **Send SMS Code** twice in a row and read the cooldown message.
# * Send a code, wait six minutes with **+30 s**, then type it: expired.
