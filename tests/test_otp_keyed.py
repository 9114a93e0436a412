"""The HMAC keyed once (RFC 2104 §4's implementation note) gives the values
HMAC gives: :class:`twofa_sim.otp.HotpKey` against :func:`hmac.digest`, the
RFC 4226 and RFC 6238 vectors, and :func:`matching_steps`."""

from __future__ import annotations

import hmac
import struct

import pytest
from hypothesis import given, strategies as st

from test_otp_vectors import KEYS, RFC4226_KEY, RFC4226_VALUES, RFC6238_VECTORS
from twofa_sim.errors import InputTypeError, PolicyError, SecretError
from twofa_sim.otp import MAX_COUNTER, MAX_KEY_BYTES, HotpKey, explain, hotp, matching_steps, time_step

ALGORITHMS = ("SHA1", "SHA256", "SHA512")


@pytest.mark.parametrize("counter, expected", list(enumerate(RFC4226_VALUES)))
def test_rfc4226_appendix_d(counter, expected):
    assert HotpKey(RFC4226_KEY).value(counter) == expected


@pytest.mark.parametrize("t, algorithm, expected", RFC6238_VECTORS)
def test_rfc6238_appendix_b(t, algorithm, expected):
    assert HotpKey(KEYS[algorithm], 8, algorithm).value(time_step(t, 30)) == expected


@given(key=st.binary(min_size=1, max_size=MAX_KEY_BYTES), counter=st.integers(0, MAX_COUNTER),
       digits=st.integers(3, 10), algorithm=st.sampled_from(ALGORITHMS))
def test_every_key_length_gives_hmacs_values(key, counter, digits, algorithm):
    """Keys shorter than, as long as and longer than the hash's block (hashed first)."""
    keyed = HotpKey(key, digits, algorithm)
    assert keyed.value(counter) == hotp(key, counter, digits, algorithm) == explain(key, counter, digits, algorithm).code
    mac = hmac.digest(key, struct.pack(">Q", counter), algorithm.lower())
    assert explain(key, counter, digits, algorithm).digest == mac


@given(key=st.binary(min_size=1, max_size=80), first=st.integers(0, 2**40), digits=st.integers(3, 10),
       algorithm=st.sampled_from(ALGORITHMS), pick=st.integers(0, 4), junk=st.text(max_size=12))
def test_matching_finds_exactly_the_steps_whose_value_was_typed(key, first, digits, algorithm, pick, junk):
    steps = [first + k for k in (0, 1, 2, 3, 4)]
    keyed = HotpKey(key, digits, algorithm)
    code = keyed.value(steps[pick])
    expected = [s for s in steps if hotp(key, s, digits, algorithm) == code]
    assert steps[pick] in expected
    assert keyed.matching(code, steps) == keyed.matching_checked(code, steps) == expected
    assert matching_steps(key, code, steps, digits, algorithm) == expected
    assert keyed.matching(junk, steps) == matching_steps(key, junk, steps, digits, algorithm)


def test_a_wrong_shape_matches_nothing_and_bad_values_are_typed_errors():
    keyed = HotpKey(RFC4226_KEY)
    assert keyed.matching("٧٥٥٢٢٤", [0]) == []  # not ASCII (the code field folds such digits first)
    assert keyed.matching("0755224", [0]) == []  # a code of another length
    with pytest.raises(PolicyError):
        keyed.value(-1)
    with pytest.raises(PolicyError):
        keyed.matching("755224", [0, MAX_COUNTER + 1])
    with pytest.raises(InputTypeError):
        keyed.matching(755224, [0])
    with pytest.raises(SecretError):
        HotpKey(b"")
    with pytest.raises(PolicyError):
        HotpKey(RFC4226_KEY, 11)


def test_the_key_never_shows():
    keyed = HotpKey(b"a secret key, 20 b!!")
    assert "secret" not in repr(keyed) and "hidden" in repr(keyed)
    assert not hasattr(keyed, "__dict__")  # nothing but the two keyed hash states and the settings
