"""The portal flow's requirements, in this project's words.

Each ID is checked by notebook cells and tests through
:func:`twofa_sim.checks.check`; the overview's traceability table is built
from this list and the checks that actually ran.
"""

REQUIREMENTS: dict[str, str] = {
    "ENR-1": "A signed-in user reaches the 2-Factor Auth page from the menu under their own name.",
    "ENR-2": "The page shows an OFF switch; turning it ON starts enrolment and shows a QR code of an "
             "otpauth://totp/ provisioning URI with a fresh random secret, the portal as issuer and "
             "the user as account.",
    "ENR-3": "An authenticator app scans the QR code, lists the account and shows its current 6-digit "
             "code; different users get different codes.",
    "ENR-4": "The user types the app's code and presses Update; only a correct code turns 2FA on, and "
             "a wrong one lets the user try again.",
    "ENR-5": "On success the portal shows a warning and the backup codes, once; it keeps only what it "
             "needs to check them.",
    "LOG-1": "The user signs in with login and password.",
    "LOG-2": "With 2FA on, the login page also asks for an authentication code, typed from the app.",
    "LOG-3": "A 'Remember this device for 30 days' box can be ticked before Log In.",
    "LOG-4": "A wrong, expired or already used code is refused with a clear message and the user "
             "stays signed out.",
    "SMS-1": "Instead of the app, the user can get a code by SMS to the cell phone on their profile "
             "and type it into the same field.",
    "SMS-2": "The Send SMS Code button is shown only when the user has a cell phone number on file.",
    "SMS-3": "The user fixes a missing or wrong number on the Team page: country code from a list, "
             "area code and number in Cell Phone, Save.",
    "BAK-1": "A backup code stands in for the app's code at login; each backup code works once.",
    "BAK-2": "How many backup codes, their format, regeneration and what happens when they run out "
             "are policy settings.",
    "REM-1": "With the box ticked, the same browser is not asked for a code again for 30 days.",
    "REM-2": "Other browsers are still asked; password change, 2FA off and on, revoking the device "
             "and regenerating backup codes end a remembered device early (policy, on by default).",
}
