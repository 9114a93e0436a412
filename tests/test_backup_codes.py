"""Backup codes: shape, normalised entry, one use each, regeneration revokes
the old set, remaining count."""

import re

import pytest

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.factors.base import Context
from twofa_sim.normalise import Typed
from twofa_sim.entropy import SeededEntropy
from twofa_sim.factors.backup import BackupCodes
from twofa_sim.policy import BACKUP_ALPHABET
from twofa_sim.presets import KEYCLOAK, SEED_PORTAL

START = 1_767_603_600


def enrolled(policy=SEED_PORTAL, seed=31):
    return enrol_with_app(Portal.simulated(seed=seed, start=START, policy=policy))


def test_codes_are_formatted_and_never_all_digits():
    for seed in range(20):
        _, codes = BackupCodes.generate(SeededEntropy(seed), SEED_PORTAL, START)
        assert len(codes) == 10 and len(set(codes)) == 10
        for code in codes:
            assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code), code
            raw = code.replace("-", "")
            assert set(raw) <= set(BACKUP_ALPHABET)
            assert not raw.isdigit()
            assert not set("015OIL") & set(raw)


def test_an_all_digit_draw_is_drawn_again():
    class Rigged:
        """Entropy whose first ten draws are all digit symbols."""
        def __init__(self):
            self.inner, self.calls = SeededEntropy(0), 0

        def randbelow(self, n):
            self.calls += 1
            return BACKUP_ALPHABET.index("7") if self.calls <= 6 else self.inner.randbelow(n)

        def token_bytes(self, n):
            return self.inner.token_bytes(n)

    _, codes = BackupCodes.generate(Rigged(), SEED_PORTAL.replace(backup_code_count=1, backup_code_length=6), START)
    assert codes != ["777777"] and not codes[0].replace("-", "").isdigit()


def test_keycloak_shape():
    _, codes = BackupCodes.generate(SeededEntropy(3), KEYCLOAK, START)
    assert len(codes) == 12 and all(re.fullmatch(r"(\w{4}-){2}\w{4}", c) for c in codes)


@pytest.mark.parametrize("form", [str, str.lower, lambda c: c.replace("-", ""), lambda c: " " + c.replace("-", "  ") + "\n",
                                  lambda c: c.lower().replace("-", " - ")])
def test_typed_forms_are_accepted(form):
    user = enrolled()
    result = user.login_with(form(user.backup_codes[3]))
    assert (result.outcome, result.reason, result.factor) == (Outcome.OK, Reason.ACCEPTED, "backup")
    assert "9 backup codes left" in result.message


def test_each_code_works_once():
    user = enrolled()
    code = user.backup_codes[0]
    assert user.login_with(code).outcome is Outcome.OK
    again = user.login_with(code.lower())
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.ALREADY_USED)
    assert again.message == "That backup code was already used: each one works once. Enter another backup code."
    assert "already used" not in user.login_with("ZZZZZ-ZZZZZ").message  # a wrong code is only wrong
    assert user.portal.status(LOGIN).backup_remaining == 9


def test_remaining_count_and_last_code():
    policy = SEED_PORTAL.replace(backup_code_count=3)
    user = enrolled(policy)
    messages = [user.login_with(code).message for code in user.backup_codes]
    assert [m.split("You have ")[1] for m in messages] == ["2 backup codes left.", "1 backup code left.",
                                                           "0 backup codes left."]
    assert user.portal.status(LOGIN).backup_remaining == 0
    result = user.login_with("ABCDE-FGHJK")
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.NO_CODES_LEFT)


def test_wrong_shape_is_malformed_not_counted():
    user = enrolled()
    for typed in ("ABCD-EFGH", "ABCDE-FGHJK-M", "ABCDE-FGHJ0", "hello!"):
        result = user.login_with(typed)
        assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.BAD_FORMAT), typed
    assert user.portal.status(LOGIN).consecutive_failures == 0


def test_wrong_code_of_the_right_shape_is_counted():
    user = enrolled()
    result = user.login_with("ABCDE-FGHJK")
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
    assert user.portal.status(LOGIN).consecutive_failures == 1


def test_regeneration_revokes_the_old_set():
    user = enrolled()
    assert user.login_with(user.backup_codes[0]).outcome is Outcome.OK
    result = user.portal.regenerate_backup_codes(LOGIN, password=PASSWORD)
    assert result.ok and len(result.backup_codes) == 10
    assert "old ones no longer work" in result.message
    status = user.portal.status(LOGIN)
    assert (status.backup_remaining, status.backup_total) == (10, 10)
    event = [e for e in user.portal.audit if e.action == "backup.regenerate"][-1]
    assert dict(event.details)["revoked_unused"] == 9
    for old in user.backup_codes[1:3]:
        assert user.login_with(old).reason is Reason.WRONG_CODE
    assert user.login_with(result.backup_codes[1]).outcome is Outcome.OK


def test_backup_code_works_without_the_phone_on_any_browser():
    user = enrolled()
    result = user.portal.login(LOGIN, PASSWORD, user.backup_codes[9], Browser("internet-cafe"))
    assert result.signed_in and result.factor == "backup"


def test_codes_are_stored_hashed():
    backup, codes = BackupCodes.generate(SeededEntropy(4), SEED_PORTAL, START)
    assert repr(backup) == "BackupCodes(10 of 10 unused, hashed)"
    stored = " ".join(backup.stored())
    assert all(c.replace("-", "") not in stored and c not in stored for c in codes)
    assert backup.verify(Typed.of(codes[0].lower()), Context(START, SEED_PORTAL, SeededEntropy(0))).accepted
    assert backup.remaining == 9
