"""RFC 4226 Appendix D and RFC 6238 Appendix B test vectors for twofa_sim.otp."""

import pytest

from twofa_sim.otp import explain, hotp, time_step, totp

RFC4226_KEY = b"12345678901234567890"
RFC4226_VALUES = ["755224", "287082", "359152", "969429", "338314",
                  "254676", "287922", "162583", "399871", "520489"]

KEYS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238 Appendix B: time -> (SHA1, SHA256, SHA512), 8 digits, 30 s steps.
RFC6238_TABLE = {
    59: ("94287082", "46119246", "90693936"),
    1111111109: ("07081804", "68084774", "25091201"),
    1111111111: ("14050471", "67062674", "99943326"),
    1234567890: ("89005924", "91819424", "93441116"),
    2000000000: ("69279037", "90698825", "38618901"),
    20000000000: ("65353130", "77737706", "47863826"),
}
RFC6238_VECTORS = [
    (t, algorithm, value)
    for t, values in RFC6238_TABLE.items()
    for algorithm, value in zip(("SHA1", "SHA256", "SHA512"), values)
]


@pytest.mark.parametrize("counter, expected", list(enumerate(RFC4226_VALUES)))
def test_rfc4226_appendix_d_hotp(counter, expected):
    assert hotp(RFC4226_KEY, counter) == expected


@pytest.mark.parametrize("t, algorithm, expected", RFC6238_VECTORS)
def test_rfc6238_appendix_b_totp(t, algorithm, expected):
    assert totp(KEYS[algorithm], t, period=30, digits=8, algorithm=algorithm) == expected


def test_rfc4226_intermediate_values_for_counter_0():
    # RFC 4226 Appendix D lists the HMAC and truncated value for count 0.
    d = explain(RFC4226_KEY, 0)
    assert d.digest.hex() == "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"
    assert d.truncated == 0x4C93CF18 == 1284755224
    assert d.code == "755224"


def test_six_digit_code_is_the_low_digits_of_the_eight_digit_one():
    for t, (sha1, _, _) in RFC6238_TABLE.items():
        assert totp(KEYS["SHA1"], t, digits=6) == sha1[-6:]


@pytest.mark.parametrize("t, step", [(0, 0), (29, 0), (29.999, 0), (30, 1), (59, 1), (1111111109, 37037036),
                                     (1111111111, 37037037), (1111111139, 37037037), (1111111140, 37037038)])
def test_time_step_boundaries(t, step):
    assert time_step(t, 30) == step
