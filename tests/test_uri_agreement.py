"""Provisioning URIs and secrets: the label's optional space after the colon,
non-ASCII secrets, and build_uri and parse_uri agreeing on every input."""

from urllib.parse import quote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from twofa_sim.errors import InputTypeError, ProvisioningURIError, SecretError, TwofaSimError
from twofa_sim.provisioning import MAX_URI_CHARS, Provisioning, build_uri, parse_uri
from twofa_sim.secret import MAX_SECRET_BITS, MIN_SECRET_BITS, SharedSecret, import_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
SECRET = import_secret(RFC_SECRET)


# --- A: optional spaces after the label's colon --------------------------------------------------

def test_a_space_after_the_labels_colon_is_not_part_of_the_account():
    uri = f"otpauth://totp/Example%20Co%3A%20alice%40example.com?secret={RFC_SECRET}&issuer=Example%20Co"
    parsed = parse_uri(uri)
    assert parsed.account == "alice@example.com" and parsed.issuer == "Example Co"
    plain = parse_uri(f"otpauth://totp/Example%20Co:alice%40example.com?secret={RFC_SECRET}&issuer=Example%20Co")
    assert parsed == plain and parsed.label == plain.label  # a re-scan replaces, never adds, the account


@given(spaces=st.integers(0, 5), encoded=st.booleans())
def test_any_number_of_spaces_after_the_colon_reads_the_same_account(spaces, encoded):
    gap = ("%20" if encoded else " ") * spaces
    parsed = parse_uri(f"otpauth://totp/Example:{gap}alice?secret={RFC_SECRET}")
    assert parsed.account == "alice"


def test_an_account_with_a_leading_space_cannot_be_built():
    with pytest.raises(ProvisioningURIError):
        Provisioning(SECRET, "Example", " alice")


# --- B: non-ASCII letters are not base32 ---------------------------------------------------------

def test_sharp_s_is_not_base32():
    assert ("ß" * 16).upper() == "SS" * 16  # what used to slip through
    with pytest.raises(SecretError):
        import_secret("ß" * 16)
    with pytest.raises(SecretError):
        parse_uri(f"otpauth://totp/Example:alice?secret={quote('ß' * 16)}")
    with pytest.raises(SecretError):
        parse_uri(f"otpauth://totp/Example:alice?secret={'ß' * 16}")


@given(st.text(min_size=1, max_size=60).filter(lambda s: not s.isascii()))
@example("ß" * 16)
@example("ﬀ" * 16)
@example(RFC_SECRET + "\u200b")
@example(RFC_SECRET + "\ud800")
def test_any_non_ascii_text_is_refused_as_a_secret(text):
    with pytest.raises(SecretError):
        import_secret(text)
    with pytest.raises(SecretError):
        import_secret(text, allow_legacy=True)
    with pytest.raises(SecretError):
        SharedSecret(text)


@given(key=st.binary(min_size=MIN_SECRET_BITS // 8, max_size=MAX_SECRET_BITS // 8).filter(lambda k: len(set(k)) > 1), lower=st.booleans(),
       padded=st.booleans(), grouped=st.booleans())
def test_any_ascii_base32_of_128_bits_or_more_round_trips(key, lower, padded, grouped):
    import base64

    text = base64.b32encode(key).decode("ascii")
    canonical = text.rstrip("=")
    typed = text if padded else canonical
    if grouped:
        typed = " ".join(typed[i:i + 4] for i in range(0, len(typed), 4))
    if lower:
        typed = typed.lower()
    secret = import_secret(typed)
    assert secret.key == key and secret.base32 == canonical and not secret.legacy


# --- C: build_uri and parse_uri agree ------------------------------------------------------------

def test_a_lone_surrogate_in_the_label_is_refused_by_both():
    with pytest.raises(ProvisioningURIError):
        parse_uri(f"otpauth://totp/A:b\ud800?secret={RFC_SECRET}")
    with pytest.raises(ProvisioningURIError):
        build_uri(Provisioning(SECRET, "A", "b\ud800"))


def test_an_issuer_given_only_as_a_parameter_rebuilds_within_the_limit_or_is_refused():
    fits = parse_uri(f"otpauth://totp/alice?secret={RFC_SECRET}&issuer=Example%20Co")
    assert parse_uri(build_uri(fits)) == fits
    # An issuer that fits once but not twice (label and parameter) is refused when read.
    issuer = "%F0%9F%94%90" * 200  # 200 emoji: 2,400 characters encoded
    uri = f"otpauth://totp/alice?secret={RFC_SECRET}&issuer={issuer}"
    assert len(uri) < MAX_URI_CHARS
    with pytest.raises(ProvisioningURIError):
        parse_uri(uri)


def test_period_must_be_a_whole_number_of_seconds_the_parser_reads():
    for period in (True, 1.5, 121, 3600, 0):
        with pytest.raises(TwofaSimError):
            build_uri(Provisioning(SECRET, "Example", "alice", period=period))
    with pytest.raises(InputTypeError):
        build_uri("otpauth://totp/Example:alice")


# Pieces that real and hostile URIs are made of.
NAMES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Example Co", "alice@example.com", " alice", "a b", "A/B", "ß", "😀", "<b>x</b>",
                     "\u202eevil", "a\u200bb", "a\x00b", "\ud800", "é", ":", " ", "%", "+", "#", "?", "&"]),
)
ENCODED = st.one_of(NAMES.map(lambda s: quote(s, safe="", errors="surrogatepass")), NAMES,
                    st.sampled_from(["%ED%A0%80", "%FF", "%20%20x", "%3A", "%"]))
SECRETS = st.one_of(st.just(RFC_SECRET), st.just(RFC_SECRET.lower()), st.just("JBSWY3DPEHPK3PXP"),
                    st.just("%C3%9F" * 16), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567= ", max_size=60))
PARAM = st.one_of(
    st.tuples(st.just("secret"), SECRETS),
    st.tuples(st.just("issuer"), ENCODED),
    st.tuples(st.sampled_from(["digits", "period"]),
              st.one_of(st.integers(-2, 200).map(str), st.sampled_from(["", "6.0", "٦", "True", "0030"]))),
    st.tuples(st.sampled_from(["algorithm", "ALGORITHM"]), st.sampled_from(["SHA1", "sha256", "SHA512", "MD5", ""])),
    st.tuples(st.text(max_size=5), st.text(max_size=5)),
)


@st.composite
def uris(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=80))
    scheme = draw(st.sampled_from(["otpauth", "OTPAUTH", "http"]))
    kind = draw(st.sampled_from(["totp", "TOTP", "hotp"]))
    label = draw(ENCODED)
    if draw(st.booleans()):
        label = draw(ENCODED) + draw(st.sampled_from([":", "%3A", ": ", ":%20"])) + label
    params = draw(st.lists(PARAM, max_size=6))
    if draw(st.integers(0, 3)):
        params.insert(draw(st.integers(0, len(params))), ("secret", draw(SECRETS)))
    query = "&".join(f"{k}={v}" for k, v in params)
    return f"{scheme}://{kind}/{label}?{query}"


@settings(max_examples=400)
@given(uri=uris(), allow_legacy=st.booleans())
@example(uri=f"otpauth://totp/A:b\ud800?secret={RFC_SECRET}", allow_legacy=False)
@example(uri=f"otpauth://totp/alice?secret={RFC_SECRET}&issuer=" + "%F0%9F%94%90" * 200, allow_legacy=False)
@example(uri=f"otpauth://totp/Example%20Co%3A%20alice?secret={RFC_SECRET}", allow_legacy=False)
@example(uri=f"otpauth://totp/alice?secret={RFC_SECRET}&issuer=", allow_legacy=False)
def test_whatever_parse_uri_accepts_build_uri_writes_back_the_same(uri, allow_legacy):
    try:
        parsed = parse_uri(uri, allow_legacy=allow_legacy)
    except TwofaSimError:
        return
    rebuilt = build_uri(parsed)
    assert len(rebuilt) <= MAX_URI_CHARS
    assert parse_uri(rebuilt, allow_legacy=allow_legacy) == parsed


ANY = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                st.binary(max_size=4), NAMES, st.text(max_size=300), st.lists(st.integers(), max_size=2))


@settings(max_examples=400)
@given(issuer=st.one_of(NAMES, ANY), account=st.one_of(NAMES, ANY), digits=st.one_of(st.integers(4, 12), ANY),
       period=st.one_of(st.integers(0, 130), ANY),
       algorithm=st.one_of(st.sampled_from(["SHA1", "SHA256", "SHA512", "sha1"]), ANY),
       secret=st.one_of(st.just(SECRET), ANY))
@example(issuer="Example Co", account="alice", digits=6, period=True, algorithm="SHA1", secret=SECRET)
@example(issuer="Example Co", account="alice", digits=6, period=1.5, algorithm="SHA1", secret=SECRET)
@example(issuer="😀" * 200, account="a", digits=6, period=30, algorithm="SHA1", secret=SECRET)
@example(issuer=["x"], account="a", digits=6, period=30, algorithm=["SHA1"], secret=SECRET)
def test_whatever_build_uri_refuses_it_refuses_with_a_typed_error(issuer, account, digits, period, algorithm, secret):
    try:
        uri = build_uri(Provisioning(secret, issuer, account, digits, period, algorithm))
    except TwofaSimError:
        return
    assert parse_uri(uri, allow_legacy=True) == Provisioning(secret, issuer, account, digits, period, algorithm)
