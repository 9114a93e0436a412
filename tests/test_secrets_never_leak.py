"""After a full scenario, no secret shows anywhere a person or a log could
see it: not the key, not a typed code, not a backup code, not a remembered
token. Checked in the audit table (text and HTML), the devices table, and
the repr of every object the portal hands out. Then what the portal stores
for backup and SMS codes is checked on the stored values: salted hashes
only, and no plain code anywhere in the user record."""

import pytest

import twofa_sim.factors.backup
from sms_support import alice_with_phone, newest_code
from sms_support import sign_in as sms_sign_in
from storage_check import storage_findings
from twofa_sim import AEGIS, AuthenticatorApp, Browser, DeviceClock, Outcome, Portal, Reason
from twofa_sim.browser import REMEMBER_COOKIE
from twofa_sim.otp import hotp, time_step, totp

START = 1_767_603_600
LOGIN, PASSWORD = "alice@example.com", "correct horse battery staple"


def scenario():
    """Enrol, sign in many ways, use and regenerate backup codes, remember and
    revoke a device, fail, get locked, turn 2FA off and on again. Returns
    the portal, everything it handed out, and every secret involved."""
    portal = Portal.simulated(seed=1234, start=START)
    phone = DeviceClock(portal.clock)
    app = AuthenticatorApp(phone, AEGIS)
    laptop, cafe = Browser("alice-laptop"), Browser("internet-cafe")
    secrets, typed, handed_out = set(), [], []

    def sign_in(code, browser=laptop, remember=False):
        typed.append(code)
        result = portal.login(LOGIN, PASSWORD, code, browser, remember)
        handed_out.append(result)
        return result

    portal.add_user(LOGIN, PASSWORD, "Alice")
    first = portal.start_enrolment(LOGIN)           # abandoned QR: its secret must not leak either
    secrets.add(first.provisioning.secret.base32)
    enrolment = portal.start_enrolment(LOGIN)
    app.scan(enrolment.qr_png())
    secret = enrolment.provisioning.secret
    secrets.add(secret.base32)
    typed.append(app.code())
    confirmed = portal.confirm_enrolment(LOGIN, app.code())
    assert confirmed.ok
    handed_out += [first, enrolment, confirmed]
    backup = list(confirmed.backup_codes)

    portal.clock.advance(30)
    assert sign_in(app.code(), remember=True).signed_in
    assert sign_in(app.code()).reason is Reason.REMEMBERED_DEVICE      # cookie, no code needed
    assert sign_in(app.code(), cafe).reason is Reason.REPLAYED
    wrong = f"{(int(app.code()) + 500_001) % 10**6:06d}"
    assert wrong not in {hotp(secret.key, time_step(portal.clock.now(), 30) + k) for k in (-1, 0, 1)}
    assert sign_in(wrong, cafe).reason is Reason.WRONG_CODE
    assert sign_in(backup[0].lower(), cafe).signed_in
    assert sign_in(backup[0], cafe).reason is Reason.ALREADY_USED
    assert sign_in(backup[1].replace("-", ""), cafe).signed_in
    assert sign_in(app.code()[:5], cafe).outcome is Outcome.MALFORMED
    token = laptop.cookie(REMEMBER_COOKIE, LOGIN)
    secrets.add(token)
    handed_out.append(portal.revoke_device(LOGIN, "device-1"))

    regenerated = portal.regenerate_backup_codes(LOGIN, password=PASSWORD)
    handed_out.append(regenerated)
    backup += list(regenerated.backup_codes)
    portal.clock.advance(30)
    phone.set_offset(30)                              # phone a step ahead
    assert sign_in(app.code(), cafe, remember=True).signed_in
    secrets.add(cafe.cookie(REMEMBER_COOKIE, LOGIN))
    library = Browser("library-pc")
    for _ in range(10):
        sign_in("000000" if app.code() != "000000" else "999999", library)
    assert sign_in(app.code(), library).outcome is Outcome.LOCKED
    assert sign_in(app.code(), cafe).outcome is Outcome.LOCKED       # even the remembered browser

    portal.clock.advance(600)
    disabled = portal.disable_two_factor(LOGIN, password=PASSWORD, code=backup[-1])
    assert disabled.ok
    again = portal.start_enrolment(LOGIN)
    secrets.add(again.provisioning.secret.base32)
    handed_out += [disabled, again]

    for code in backup:
        secrets.update({code, code.replace("-", ""), code.lower()})
    secrets.update(c.strip() for c in typed)
    objects = handed_out + [
        portal, portal.user(LOGIN), app, laptop, cafe, secret, enrolment.provisioning.secret,
        portal.user(LOGIN).remembered, portal.user(LOGIN).pending,
    ]
    return portal, objects, secrets, (enrolment, confirmed)


def test_no_secret_in_tables_or_reprs():
    portal, objects, secrets, _ = scenario()
    # a TotpDevice and a BackupCodes set that are live
    user = portal.user(LOGIN)
    assert user.pending is not None and user.totp is None

    audit = portal.audit.to_frame()
    devices = portal.devices_frame(LOGIN)
    assert len(audit) > 20 and len(devices) == 2
    texts = {
        "audit text": audit.to_string(),
        "audit html": audit.to_html(),
        "devices text": devices.to_string(),
        "devices html": devices.to_html(),
        "audit events": repr(list(portal.audit)),
    }
    for obj in objects:
        texts[f"repr {type(obj).__name__} {id(obj)}"] = repr(obj)
    assert {"Portal", "User", "TotpDevice", "RememberedDevices", "Browser", "EnrolmentStart", "ActionResult",
            "LoginResult", "AuthenticatorApp", "SharedSecret"} <= {type(o).__name__ for o in objects}

    assert len(secrets) > 40 and all(len(s) >= 5 for s in secrets)
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"a secret ({len(secret)} chars) shows in {where}"


def test_reprs_of_an_enrolled_user():
    portal, _, secrets, (enrolment, confirmed) = scenario()
    # BackupCodes and TotpDevice of an enrolled user (the scenario ends enrolling again)
    enrolled = Portal.simulated(seed=99, start=START)
    enrolled.add_user("bob", "pw", "Bob")
    start = enrolled.start_enrolment("bob")
    result = enrolled.confirm_enrolment("bob", totp(start.provisioning.secret.key, START))
    bob = enrolled.user("bob")
    shown = repr(bob.backup) + repr(bob.totp) + repr(bob) + repr(result) + repr(enrolled)
    for code in result.backup_codes:
        assert code not in shown and code.replace("-", "") not in shown
    assert start.provisioning.secret.base32 not in shown
    assert "hashed" in repr(bob.backup) and "secret hidden" in repr(bob.totp)


def test_the_secret_is_reachable_deliberately():
    """The checks above are not vacuous: the secrets exist and can be read on purpose."""
    _, _, _, (enrolment, confirmed) = scenario()
    assert enrolment.provisioning.secret.base32 in enrolment.uri
    assert len(confirmed.backup_codes) == 10


# ------------------------------------------------------------------ storage
# What the portal keeps for one-time codes, checked on the stored values
# themselves: a repr can hide a plain code that is stored.

def codes_stored_by_alice(before_sending=lambda: None):
    """Alice enrolled (backup codes shown once) with two SMS codes sent to
    her phone; returns her user record and the codes she was shown.
    ``before_sending`` runs once her phone is confirmed."""
    demo = alice_with_phone(seed=31)
    before_sending()
    attempt = sms_sign_in(demo)
    sms = []
    for _ in range(2):
        assert demo.portal.send_sms_code(attempt).ok
        sms.append(newest_code(demo))
        demo.clock.advance(demo.portal.policy.sms_resend_cooldown_seconds)
    return demo.portal.user(demo.login), list(demo.backup_codes), sms


def test_backup_and_sms_codes_are_stored_as_salted_hashes():
    user, backup, sms = codes_stored_by_alice()
    assert len(backup) == 10 and len(sms) == 2 and len(set(sms)) == 2
    assert len(user.backup.stored()) == 10 and len(user.sms.stored()) == 2
    assert storage_findings(user, backup, sms) == []


def test_the_storage_check_reports_a_plain_backup_code_anywhere_in_the_record():
    user, backup, sms = codes_stored_by_alice()
    user.pending_phone = {"last": [backup[3].lower()]}   # tucked away, lower case, in a nested container
    assert storage_findings(user, backup, sms) == ["user.pending_phone['last'][0] holds a plain code"]


def test_the_storage_check_reports_an_sms_code_kept_as_a_number():
    user, backup, sms = codes_stored_by_alice()
    user.pending_phone = int(sms[-1])
    assert storage_findings(user, backup, sms) == ["user.pending_phone holds a code as a number"]


@pytest.mark.parametrize("factor", ["backup", "sms"])
def test_the_storage_check_fails_on_plain_text_storage(monkeypatch, factor):
    """With storage patched to keep the codes themselves, the check reports
    every stored item and every place the plain codes sit."""
    def store_plain():
        monkeypatch.setattr(f"twofa_sim.factors.{factor}.hash_value", lambda value, entropy, cost: value)

    if factor == "backup":
        store_plain()  # before enrolment draws the backup codes
    user, backup, sms = codes_stored_by_alice(before_sending=store_plain)
    codes = backup if factor == "backup" else sms
    findings = storage_findings(user, backup, sms)
    for i in range(len(codes)):
        assert f"{factor}.stored()[{i}] is not a salted PBKDF2 hash" in findings
        assert f"{factor}.stored()[{i}] contains its code" in findings
    plain = [f for f in findings if f.endswith("holds a plain code")]
    assert len(plain) == len(codes) and all(f.startswith(f"user.{factor}.") for f in plain)


def test_the_storage_check_fails_on_a_hash_of_something_else(monkeypatch):
    """A well-formed hash that does not verify the code (here: of the code
    with a pepper the portal would not know at check time) is reported."""
    real = twofa_sim.factors.backup.hash_value
    monkeypatch.setattr("twofa_sim.factors.backup.hash_value",
                        lambda value, entropy, cost: real(value + "pepper", entropy, cost))
    user, backup, sms = codes_stored_by_alice()
    assert storage_findings(user, backup, sms) == [f"backup.stored()[{i}] does not verify its code" for i in range(10)]
