"""Shared secrets: importing setup keys, legacy 80-bit keys, fresh secrets,
and a repr that never shows the key."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim.entropy import SeededEntropy
from twofa_sim.errors import InputTypeError, SecretError
from twofa_sim.secret import SharedSecret, import_secret, new_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
LEGACY_80_BIT = "JBSWY3DPEHPK3PXP"  # 10 bytes, as GitHub used to issue


@pytest.mark.parametrize("typed", [
    RFC_SECRET,
    RFC_SECRET.lower(),
    "gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
    " GEZDGNBVGY3TQOJQ\tGEZDGNBVGY3TQOJQ\n",
    RFC_SECRET + "========",
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ=",
])
def test_import_accepts_spaces_lower_case_and_padding(typed):
    secret = import_secret(typed)
    assert secret.key == b"12345678901234567890"
    assert secret.base32 == RFC_SECRET
    assert secret.bits == 160 and not secret.legacy


def test_padded_base32_of_odd_length_key_imports():
    text = base64.b32encode(b"0123456789abcdefX").decode()  # 17 bytes, padded with '='
    assert "=" in text
    assert import_secret(text).key == b"0123456789abcdefX"


def test_80_bit_secret_refused_unless_legacy_allowed():
    with pytest.raises(SecretError, match="80 bits"):
        import_secret(LEGACY_80_BIT)
    secret = import_secret(LEGACY_80_BIT, allow_legacy=True)
    assert secret.legacy is True and secret.bits == 80
    assert "legacy" in repr(secret)


def test_128_bit_secret_is_not_legacy():
    secret = import_secret(base64.b32encode(bytes(range(16))).decode())
    assert secret.bits == 128 and secret.legacy is False


@pytest.mark.parametrize("bad", ["", "   ", "GEZDGNBV1", "GEZDGNBV0", "GEZD-GNBV", "ÄBCDEFGH", "="])
def test_import_refuses_what_is_not_base32(bad):
    with pytest.raises(SecretError):
        import_secret(bad, allow_legacy=True)


@pytest.mark.parametrize("bad", [None, 123, b"GEZDGNBV"])
def test_import_refuses_non_text(bad):
    with pytest.raises(InputTypeError):
        import_secret(bad)


@pytest.mark.parametrize("bits", [80, 120, 127, 130, 0, -8, True])
def test_new_secret_refuses_short_or_odd_sizes(bits):
    with pytest.raises(SecretError):
        new_secret(SeededEntropy(1), bits)


def test_new_secret_is_reproducible_from_the_seed_and_differs_between_seeds():
    assert new_secret(SeededEntropy(7)) == new_secret(SeededEntropy(7))
    assert new_secret(SeededEntropy(7)) != new_secret(SeededEntropy(8))
    assert new_secret(SeededEntropy(7), 256).bits == 256


@given(seed=st.integers(0, 2**63 - 1), bits=st.integers(16, 64).map(lambda n: n * 8))
def test_repr_and_str_never_show_the_secret(seed, bits):
    secret = new_secret(SeededEntropy(seed), bits)
    assert secret.bits == bits and len(secret.key) == bits // 8
    for shown in (repr(secret), str(secret), f"{secret}", repr([secret]), repr({"s": secret})):
        assert secret.base32 not in shown
        assert secret.base32.lower() not in shown
        assert secret.key.hex() not in shown
        assert "hidden" in shown


@given(key=st.binary(min_size=1, max_size=80))
def test_base32_round_trip(key):
    secret = SharedSecret(base64.b32encode(key).decode())
    assert secret.key == key
    assert "=" not in secret.base32
    assert import_secret(secret.base32, allow_legacy=True) == secret


@pytest.mark.parametrize("text", ["A" * 26, "A" * 32, "7" * 32])
def test_one_byte_repeated_is_no_secret(text):
    """Found by a try-out: 26 A's (an all-zero key) was enrolled as a known secret."""
    with pytest.raises(SecretError):
        import_secret(text)
