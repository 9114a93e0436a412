"""Provisioning URIs (otpauth://totp/...): building, parsing, percent-encoding
and refusing what an app could misread."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim.entropy import SeededEntropy
from twofa_sim.errors import AmbiguousLabelError, InputTypeError, ProvisioningURIError, SecretError
from twofa_sim.provisioning import Provisioning, build_uri, parse_uri
from twofa_sim.secret import import_secret, new_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
SECRET = import_secret(RFC_SECRET)
GOOD = f"otpauth://totp/Example%20Co:alice%40example.com?secret={RFC_SECRET}&issuer=Example%20Co"


def test_issue_example_uri():
    uri = build_uri(Provisioning(SECRET, "Example Co", "alice@example.com"))
    assert "otpauth://totp/Example%20Co:alice%40example.com?" in uri
    assert "issuer=Example%20Co" in uri
    assert f"secret={RFC_SECRET}" in uri
    assert "+" not in uri
    assert uri == (f"otpauth://totp/Example%20Co:alice%40example.com?secret={RFC_SECRET}"
                   "&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30")


def test_slash_is_percent_encoded():
    uri = build_uri(Provisioning(SECRET, "A/B", "c/d"))
    assert uri.startswith("otpauth://totp/A%2FB:c%2Fd?")
    assert "issuer=A%2FB" in uri
    parsed = parse_uri(uri)
    assert (parsed.issuer, parsed.account) == ("A/B", "c/d")


# Any non-empty text a label may hold: no colon, no leading space (dropped after the
# label's colon), no control, format or surrogate character (which UTF-8 cannot encode).
names = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs"), blacklist_characters=":"),
                min_size=1, max_size=100).filter(lambda s: not s.startswith(" "))


@given(issuer=names, account=names, seed=st.integers(0, 2**32), digits=st.integers(6, 10),
       period=st.integers(1, 120), algorithm=st.sampled_from(["SHA1", "SHA256", "SHA512"]))
def test_build_then_parse_round_trips(issuer, account, seed, digits, period, algorithm):
    original = Provisioning(new_secret(SeededEntropy(seed)), issuer, account, digits, period, algorithm)
    uri = build_uri(original)
    assert parse_uri(uri) == original
    path = urlsplit(uri).path
    assert path.count(":") == 1           # exactly the label separator
    assert "/" not in path[1:]            # a "/" in a name is %2F
    if "/" in issuer + account:
        assert "%2F" in uri
    assert uri.isascii() and " " not in uri


@pytest.mark.parametrize("issuer, account", [("Ex:ample", "alice"), ("Example", "alice:admin"), (":", "x")])
def test_colon_in_issuer_or_account_is_ambiguous(issuer, account):
    with pytest.raises(AmbiguousLabelError):
        build_uri(Provisioning(SECRET, issuer, account))


def test_empty_account_refused():
    with pytest.raises(ProvisioningURIError):
        build_uri(Provisioning(SECRET, "Example", ""))


def test_no_issuer_builds_a_label_of_the_account_alone():
    uri = build_uri(Provisioning(SECRET, "", "alice"))
    assert uri.startswith("otpauth://totp/alice?") and "issuer=" not in uri
    assert parse_uri(uri) == Provisioning(SECRET, "", "alice")


def test_surrogate_names_refused():
    with pytest.raises(ProvisioningURIError):
        build_uri(Provisioning(SECRET, "Ex\udc80", "alice"))


def test_parse_fills_key_uri_defaults():
    parsed = parse_uri(GOOD)
    assert parsed == Provisioning(SECRET, "Example Co", "alice@example.com", 6, 30, "SHA1")
    assert parsed.label == "Example Co:alice@example.com"


def test_parse_reads_parameters_in_any_case_and_order():
    uri = f"otpauth://totp/alice?period=60&Algorithm=sha256&digits=8&SECRET={RFC_SECRET.lower()}&foo=bar"
    parsed = parse_uri(uri)
    assert (parsed.digits, parsed.period, parsed.algorithm) == (8, 60, "SHA256")
    assert parsed.issuer == "" and parsed.account == "alice" and parsed.label == "alice"
    assert parsed.secret == SECRET


def test_parse_takes_issuer_from_label_when_parameter_missing():
    parsed = parse_uri(f"otpauth://totp/Example%20Co:alice?secret={RFC_SECRET}")
    assert parsed.issuer == "Example Co"


@pytest.mark.parametrize("uri", [
    f"http://totp/Example:alice?secret={RFC_SECRET}",
    f"otpauth:/totp/Example:alice?secret={RFC_SECRET}",
    f"otpauth://hotp/Example:alice?secret={RFC_SECRET}&counter=0",
    "otpauth://totp/Example:alice?issuer=Example",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&digits=5",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&digits=11",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&digits=six",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&digits=-6",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&period=0",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&algorithm=MD5",
    f"otpauth://totp/Example:alice?secret={RFC_SECRET}&issuer=Other",
    f"otpauth://totp/Example:?secret={RFC_SECRET}",
    "",
])
def test_bad_uris_raise_provisioning_uri_error(uri):
    with pytest.raises(ProvisioningURIError) as info:
        parse_uri(uri)
    assert not isinstance(info.value, AmbiguousLabelError)


def test_two_colons_in_label_is_ambiguous():
    with pytest.raises(AmbiguousLabelError):
        parse_uri(f"otpauth://totp/Example:alice:admin?secret={RFC_SECRET}")
    with pytest.raises(AmbiguousLabelError):  # an encoded colon is still a colon
        parse_uri(f"otpauth://totp/Example:alice%3Aadmin?secret={RFC_SECRET}")


def test_bad_or_short_secret_in_uri():
    with pytest.raises(SecretError):
        parse_uri("otpauth://totp/Example:alice?secret=NOT-BASE32!")
    with pytest.raises(SecretError):
        parse_uri("otpauth://totp/Example:alice?secret=")
    with pytest.raises(SecretError):
        parse_uri("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP")
    assert parse_uri("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP", allow_legacy=True).secret.legacy


def test_non_text_uri():
    with pytest.raises(InputTypeError):
        parse_uri(b"otpauth://totp/x?secret=" + RFC_SECRET.encode())
