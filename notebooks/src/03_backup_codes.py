# %% [markdown]
# # 3 · Backup codes
#
# Backup codes stand in for the app when the phone is lost or broken
# (**BAK-1**). How many there are, what they look like, regenerating them,
# and what happens when they run out are policy settings (**BAK-2**).
#
# * **Try it yourself**: Alice's phone is broken. Log in as
#   `alice@example.com` / `correct horse battery staple` with one of the
#   backup codes printed below; once you are signed in, the **Backup codes**
#   section appears: watch its count and generate a new set (it asks for the
#   password).
# * **Walk-through**: the same, to the last code and beyond, driven from code.

# %%
import pandas as pd

from twofa_sim import SEED_PORTAL
from twofa_sim.checks import check, summary
from twofa_sim.demo import Demo
from twofa_sim.policy import BACKUP_ALPHABET, Exhaustion
from twofa_sim.ui import BackupCodesPage, LoginPage, backup_workbench, show_frames_as_regions

SEED = 2603
pd.set_option("display.max_colwidth", None)  # show requirement statements whole
show_frames_as_regions()  # every table below: a named region the keyboard can scroll sideways

# %% [markdown]
# ## Try it yourself
#
# The simulated Alice wrote her codes down at enrolment; here they are.

# %%
person = Demo.create(seed=SEED, enrolled=True)
print("\n".join(person.backup_codes))
backup_workbench(person)

# %% [markdown]
# ## Walk-through
#
# ### BAK-2 · What the codes look like
#
# Ten codes of ten symbols, shown in two groups of five (the policy's
# `backup_code_count`, `backup_code_length` and `backup_code_group`). The
# symbols leave out look-alikes (0/O, 1/I/L, 5), and every code holds a letter
# so it is never mistaken for an app code.
#
# The codes were shown once, at enrolment. The portal keeps only salted hashes
# (a storage test, `tests/test_requirements.py`, checks the stored values):
# here, the Backup codes section shows none of them, and neither the
# portal's view of Alice's account nor the audit trail holds one.

# %%
story = Demo.create(seed=SEED, enrolled=True)
page = LoginPage(story.portal, story.browser)
codes_page = BackupCodesPage(story.portal, story.login)
page.on_action(codes_page.refresh)
policy = story.portal.policy  # the portal's rules: how many codes, how long, when to warn...
codes = story.backup_codes


def groups_ok(code):
    """Symbols in groups of ``backup_code_group`` joined by hyphens, the last group possibly shorter."""
    groups = code.split("-")
    return all(len(g) == policy.backup_code_group for g in groups[:-1]) and 0 < len(groups[-1]) <= policy.backup_code_group


def nowhere_shown(secret_codes):
    """None of ``secret_codes`` in the Backup codes section, the account view or the audit trail."""
    places = [codes_page.count.value, codes_page.low_warning.value, codes_page.codes_box.value,
              repr(story.portal.view(story.login)), story.portal.audit.to_frame().to_string()]
    return not any(c in place or c.replace("-", "") in place for c in secret_codes for place in places)


check("BAK-2", len(codes) == policy.backup_code_count, f"{policy.backup_code_count} codes per set")
check("BAK-2", all(len(c.replace("-", "")) == policy.backup_code_length and groups_ok(c) for c in codes),
      f"{policy.backup_code_length} symbols in groups of {policy.backup_code_group}")
check("BAK-2", all(ch in BACKUP_ALPHABET for c in codes for ch in c.replace("-", "")), "unambiguous symbols")
check("BAK-2", all(any(ch.isalpha() for ch in c) for c in codes), "never all digits")
check("BAK-2", codes_page.backup_codes == () and nowhere_shown(codes),
      "shown once at enrolment: not on the page, in the account view or in the audit trail")
print(codes_page.count_text)


# %%
def log_in_with(code):
    """A time step later, sign in with Alice's password and ``code``; show the page."""
    story.clock.advance(policy.period)
    page.type_password(story.login, story.password)
    page.type_code(code)
    print(page.describe())


# %% [markdown]
# ### BAK-1 · Lose the phone, sign in with a backup code
#
# Typed the way people do (lower case, a space instead of the hyphen), the
# code works. Typed again, it is refused, and the page says it was already
# used.

# %%
log_in_with(codes[0].lower().replace("-", " "))
check("BAK-1", page.step == "signed in" and codes_page.remaining == policy.backup_code_count - 1,
      "a backup code signs in; one fewer is left")
log_in_with(codes[0])
check("BAK-1", page.step == "code" and page.message.startswith("That backup code was already used"),
      "a used code is refused, saying so")
print("The page says:", page.message)
story.portal.audit.to_frame(last=3)

# %% [markdown]
# ### BAK-2 · Running low
#
# With two codes left (the policy's `backup_low_warning`) the login page and
# the Backup codes section warn Alice.

# %%
low = policy.backup_low_warning
for code in codes[1:policy.backup_code_count - low]:
    log_in_with(code)
check("BAK-2", codes_page.remaining == low and codes_page.low_stock, "a low-stock warning on the page")
check("BAK-2", codes_page.low_stock_text == story.portal.view(story.login).backup_warning, "the page's warning is the portal's")
check("BAK-2", f"Only {low} backup codes left" in page.warning, "the login page warns too")
print(codes_page.count_text)
print(codes_page.low_stock_text)

# %% [markdown]
# ### BAK-2 · Regenerate: the old set stops working
#
# Generating a new set asks for the password and shows the new codes once. An
# unused code from the old set no longer works.

# %%
codes_page.password.value = story.password
codes_page.generate.click()
new_codes = codes_page.backup_codes
print(codes_page.message)
check("BAK-2", len(new_codes) == policy.backup_code_count and not set(new_codes) & set(codes), "a fresh set is shown")
codes_page.saved.click()
check("BAK-2", codes_page.backup_codes == () and nowhere_shown(new_codes), "the new codes are shown once")
log_in_with(codes[-1])
check("BAK-2", page.step == "code", "an unused code of the old set is refused")
log_in_with(new_codes[0])
check("BAK-1", page.step == "signed in", "a code of the new set works")

# %% [markdown]
# ### BAK-2 · Running out entirely
#
# Alice uses every code of the new set. The last one still signs her in, with
# a warning: under this portal's policy (`backup_exhausted = support reset`)
# a user with no codes and no phone can only ask support.

# %%
for code in new_codes[1:]:
    log_in_with(code)
check("BAK-2", codes_page.remaining == 0 and "only support can reset" in page.warning, "the last code warns")
log_in_with(new_codes[-1])
check("BAK-1", page.step == "code", "with no codes left, nothing stands in for the phone")

# %% [markdown]
# Support resets two-factor authentication, only after verifying Alice's
# identity. Both the refusal and the reset are audited, with the agent and the
# ticket. Alice then signs in with her password alone and must enrol again.

# %%
refused = story.portal.support_reset(story.login, agent="sam@support", identity_verified=False, ticket="T-1042")
print(refused.message)
check("BAK-2", not refused.ok, "no reset without identity verification")
reset = story.portal.support_reset(story.login, agent="sam@support", identity_verified=True, ticket="T-1042")
print(reset.message)
check("BAK-2", reset.ok and story.portal.status(story.login).two_factor == "off", "support turns 2FA off")
page.type_password(story.login, story.password)
check("BAK-2", page.step == "signed in", "Alice signs in with her password and must enrol again")
story.portal.audit.to_frame(last=4)

# %% [markdown]
# ### Another policy: a new set at the last code
#
# Under `backup_exhausted = regenerate at last use` (Keycloak's behaviour),
# signing in with the last code shows a new set at once.

# %%
keycloak_like = Demo.create(seed=SEED, enrolled=True,
                            policy=SEED_PORTAL.replace(backup_exhausted=Exhaustion.REGENERATE))
other = LoginPage(keycloak_like.portal, keycloak_like.browser)
for code in keycloak_like.backup_codes:
    keycloak_like.clock.advance(keycloak_like.portal.policy.period)
    other.type_password(keycloak_like.login, keycloak_like.password)
    other.type_code(code)
print(other.message)
print("\n".join(other.backup_codes))
count = keycloak_like.portal.policy.backup_code_count
check("BAK-2", len(other.backup_codes) == count and keycloak_like.portal.view(keycloak_like.login).backup_remaining == count,
      "the last code brings a new set, shown on the login page")

# %% [markdown]
# ## Requirements checked in this notebook

# %%
summary()

# %% [markdown]
# ## What to try next
#
# * Press **Generate new codes** with a wrong password: refused, and the
#   refusal counts toward the lockout (an empty field is not counted).
# * Type a backup code with the wrong number of symbols: it is refused as
#   malformed and does not count.
