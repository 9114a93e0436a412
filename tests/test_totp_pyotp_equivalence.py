"""twofa_sim.otp agrees with pyotp (the reference implementation) for any
secret, time, digits, period and algorithm; and the simulated authenticator
app shows exactly the code the portal expects."""

import base64
import hashlib
from datetime import datetime, timezone

import pyotp
from hypothesis import given, settings
from hypothesis import strategies as st

from twofa_sim import AEGIS, AuthenticatorApp, DeviceClock, Outcome, Portal
from twofa_sim.entropy import SeededEntropy
from twofa_sim.otp import hotp, time_step, totp
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.secret import SharedSecret, new_secret

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}

#: pyotp accepts datetimes up to the end of year 9999 UTC.
LAST_SECOND = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc).timestamp())

seeded_secrets = st.builds(
    new_secret,
    st.integers(0, 2**63 - 1).map(SeededEntropy),
    st.integers(16, 64).map(lambda n: n * 8),
)
raw_secrets = st.binary(min_size=16, max_size=64).map(lambda b: SharedSecret(base64.b32encode(b).decode()))
secrets = st.one_of(seeded_secrets, raw_secrets)
times = st.one_of(
    st.integers(0, LAST_SECOND),
    st.integers(1_500_000_000, 2_100_000_000),
    st.floats(0, 4_000_000_000, allow_nan=False, allow_infinity=False),
)
digits = st.integers(6, 10)
periods = st.one_of(st.just(30), st.integers(1, 120))
algorithms = st.sampled_from(sorted(DIGESTS))


def aware(epoch: float) -> datetime:
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)


@given(secret=secrets, t=times, digits=digits, period=periods, algorithm=algorithms)
def test_totp_equals_pyotp_at_aware_utc_datetime(secret, t, digits, period, algorithm):
    reference = pyotp.TOTP(secret.base32, digits=digits, digest=DIGESTS[algorithm], interval=period)
    assert totp(secret.key, t, period, digits, algorithm) == reference.at(aware(t))


@given(secret=secrets, counter=st.integers(0, 2**63 - 1), digits=digits, algorithm=algorithms)
def test_hotp_equals_pyotp_counter(secret, counter, digits, algorithm):
    reference = pyotp.HOTP(secret.base32, digits=digits, digest=DIGESTS[algorithm])
    assert hotp(secret.key, counter, digits, algorithm) == reference.at(counter)


@given(t=st.integers(0, LAST_SECOND), period=periods)
def test_time_step_equals_pyotp_timecode(t, period):
    assert time_step(t, period) == pyotp.TOTP(pyotp.random_base32(), interval=period).timecode(aware(t))


@settings(max_examples=40)
@given(seed=st.integers(0, 2**32), start=st.integers(0, 4_000_000_000), digits=digits,
       period=periods, algorithm=algorithms, phone_offset=st.integers(-300, 300))
def test_authenticator_app_shows_the_code_the_portal_expects(seed, start, digits, period, algorithm, phone_offset):
    policy = SEED_PORTAL.replace(digits=digits, period=period, algorithm=algorithm)
    portal = Portal.simulated(seed=seed, start=start, policy=policy)
    portal.add_user("alice", "pw", "Alice")
    enrolment = portal.start_enrolment("alice")
    app = AuthenticatorApp(DeviceClock(portal.clock, phone_offset), AEGIS)
    app.scan(enrolment.uri)
    secret = enrolment.provisioning.secret
    phone_time = max(0, start + phone_offset)
    assert app.code() == totp(secret.key, phone_time, period, digits, algorithm)
    assert app.step() == time_step(phone_time, period)
    if phone_offset == 0:
        # the portal itself takes the app's code as its expected value
        assert portal.confirm_enrolment("alice", app.code()).outcome is Outcome.OK
