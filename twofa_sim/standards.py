"""The rules the policy check applies, each with its severity and the clause
it rests on, written once (:mod:`twofa_sim.policy_check` applies them).

Severities are the project's decision, in this order:

* ``high``: a requirement of the standard is broken, or online guessing or
  replay succeeds in practice;
* ``medium``: a requirement is broken where an attacker needs more than the
  password (a signed-in session, the SMS channel, the database);
* ``low``: a recommendation (SHOULD) is not followed;
* ``info``: worth knowing, not a breach.

Clause numbers, and where each was read:

* NIST SP 800-63B-4 (final, July 2025): read in the usnistgov/800-63-4
  repository, ``_sp800-63b/2_aal.md`` (§2.1.3 AAL1 reauthentication,
  overall timeout SHOULD be no more than 30 days; §2.2.3 AAL2, SHOULD be
  no more than 24 hours, inactivity 1 hour), ``_sp800-63b/3_authenticators.md``
  (§3.1.2.1 look-up secrets at least six decimal digits or equivalent;
  §3.1.2.2 look-up secrets stored hashed, salted with a password hashing
  scheme under 112 bits; §3.1.3.2 out-of-band authentication invalid unless
  completed within 10 minutes, at least six decimal digits; §3.1.3.3 PSTN; §3.1.4.1
  OTP key at least 112 bits; §3.1.4.2 an OTP accepted only once; §3.2.1
  browser cookies count only at AAL1; §3.2.2 no more than 100 consecutive
  failed attempts; §3.2.9 restricted authenticators: offer an unrestricted
  alternative) and ``_sp800-63b/4_events.md`` (§4.1.2.1 binding a new
  authenticator needs authentication at the account's highest AAL, or the
  new one's if lower; §4.2.1.1 saved recovery codes at least 64 bits,
  stored hashed). Sub-section numbers follow the order of the headings and
  the document's own cross-references (for example "Sec. 3.2.2", "Sec.
  3.1.3.3", "Sec. 3.2.9").
* NIST SP 800-63B rev 3 (2017), where a preset's source cites it: §4.2.3
  (AAL2 reauthentication every 12 hours, 30 minutes idle) read in the
  usnistgov/800-63-3 text, §5.1.3.2 "Out-of-Band Verifiers" by its heading
  in the rev 3 text (sec5_authenticators), §5.1.3.3 (PSTN) and §5.2.2
  (rate limiting) as OWASP ASVS 5.0 links them.
* OWASP ASVS 5.0: read in the OWASP/ASVS repository,
  ``5.0/en/0x15-V6-Authentication.md`` (V6.5.1 single use, V6.5.2 hashing
  of look-up secrets under 112 bits, V6.5.4 at least 20 bits, V6.5.5 OOB
  10 minutes and TOTP 30 seconds, V6.6.1 PSTN only beside stronger
  methods) and ``5.0/en/0x16-V7-Session-Management.md`` (V7.5.1
  re-authentication before changing MFA configuration).
* RFC 4226 §4 (R6: "The length of the shared secret MUST be at least 128
  bits. This document RECOMMENDs a shared secret length of 160 bits.") and
  RFC 6238 §5.2 ("We RECOMMEND that at most one time step is allowed as the
  network delay"; "The verifier MUST NOT accept the second attempt of the
  OTP"): read as quoted, with their section numbers, from the RFC Editor
  text (rfc-editor.org/rfc/rfc4226, rfc6238).
* OWASP Multifactor Authentication Cheat Sheet, section "When to Require
  MFA" (disabling MFA): read in OWASP/CheatSheetSeries
  ``cheatsheets/Multifactor_Authentication_Cheat_Sheet.md``; it has no
  numbered requirements, so the section title is cited.
* A daily cap on SMS sends has no numbered requirement that was found:
  the rule cites NIST SP 800-63B-4 §3.1.3.2, whose limit on messages sent
  is written for push notifications, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Severities from the most to the least serious.
SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True)
class Rule:
    """One rule of the policy check.

    Attributes:
        id: a short id, used as the ``rule`` column of findings.
        severity: one of :data:`SEVERITIES`.
        clause: the clause(s) of the standard it rests on.
        checks: what it checks, in plain words.
    """

    id: str
    severity: str
    clause: str
    checks: str


NIST4 = "NIST SP 800-63B-4"

#: Every rule, in the order findings are listed within a severity.
RULES: tuple[Rule, ...] = (
    Rule("replay-allowed", "high", f"{NIST4} §3.1.4.2; RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.1",
         "an app code can be accepted twice (replay_protection off)"),
    Rule("failures-over-100", "high", f"{NIST4} §3.2.2 (rev 3 §5.2.2)",
         "more than 100 consecutive failed codes are possible within 30 days at one guess a second "
         "(no cap, or a cap over 100, and throttling that lets that many through)"),
    Rule("secret-under-128-bits", "high", f"RFC 4226 §4 (R6); {NIST4} §3.1.4.1 (112 bits)",
         "the TOTP secret is shorter than 128 bits (a described attribute: the engine refuses it)"),
    Rule("backup-codes-plaintext", "high", f"{NIST4} §3.1.2.2 and §4.2.1.1; OWASP ASVS 5.0 V6.5.2",
         "backup codes are stored in plaintext (a described attribute)"),
    Rule("backup-codes-under-20-bits", "high", f"{NIST4} §3.1.2.1; OWASP ASVS 5.0 V6.5.4",
         "a backup code carries under 20 bits (symbols × log2 of the alphabet size)"),
    Rule("window-wider-than-one-step", "medium", "RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.5",
         "the look-around window is more than one step behind or ahead"),
    Rule("backup-codes-unsalted", "medium", f"{NIST4} §3.1.2.2; OWASP ASVS 5.0 V6.5.2",
         "backup codes under 112 bits are stored with an unsalted hash (a described attribute)"),
    Rule("sms-code-over-10-minutes", "medium", f"{NIST4} §3.1.3.2 (rev 3 §5.1.3.2); OWASP ASVS 5.0 V6.5.5",
         "an SMS code stays valid more than 10 minutes"),
    Rule("sms-code-under-6-digits", "medium", f"{NIST4} §3.1.3.2 (rev 3 §5.1.3.2); OWASP ASVS 5.0 V6.5.4",
         "an SMS code has fewer than 6 digits"),
    Rule("sms-only-second-factor", "medium", f"{NIST4} §3.2.9 and §3.1.3.3 (rev 3 §5.1.3.3); OWASP ASVS 5.0 V6.6.1",
         "SMS, a restricted authenticator, is the only second factor (a described attribute)"),
    Rule("disable-2fa-without-code", "medium",
         "OWASP ASVS 5.0 V7.5.1; OWASP MFA Cheat Sheet \"When to Require MFA\"",
         "turning 2FA off does not ask for a second-factor code (disable_reauth)"),
    Rule("remember-device-over-30-days", "low", f"{NIST4} §2.1.3 and §3.2.1",
         "\"Remember this device\" lasts more than 30 days"),
    Rule("no-daily-sms-cap", "low", f"{NIST4} §3.1.3.2 (a limit on messages sent, written there for push)",
         "no daily cap on SMS sends per number or per account"),
    Rule("window-one-step-each-way", "info", "RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.5",
         "a window of exactly one step each way: allowed, but a code lives 90 s, and with drift learning "
         "up to twice the window is accepted at once"),
    Rule("lockout-locks-out-the-owner", "info",
         f"{NIST4} §3.2.2 (rev 3 §5.2.2: measures so an attacker cannot lock out the legitimate user)",
         "a lockout locks the account for its owner too (and the simulated portal's answer to a locked account "
         "tells that the login exists)"),
    Rule("simulation-only", "info", "twofa_sim Policy.simulation_only",
         "the policy allows code lengths no real portal uses; it is not a real portal's"),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}


def rules_frame():
    """The rule table as a pandas DataFrame, one row per rule, columns
    ``id``, ``severity``, ``clause``, ``checks`` (for notebook 06)."""
    import pandas as pd

    return pd.DataFrame([vars(rule) for rule in RULES], columns=["id", "severity", "clause", "checks"])
