"""Provisioning URIs read one way only. A parameter that parse_uri reads,
given twice (``digits=8&digits=6``), and a ``%`` that starts no escape of
two hex digits (``a%ZZ``, RFC 3986 §2.1) leave a URI open to two readings:
which digits would an app take, and is ``%ZZ`` three characters or a broken
escape? Both are refused with a ProvisioningURIError naming the parameter or
the label, never showing a value (the secret's least of all). Every URI
build_uri writes, and any escape of any character of it, still reads back.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, strategies as st

from twofa_sim.errors import ProvisioningURIError
from twofa_sim.provisioning import PARAMETERS, Provisioning, build_uri, parse_uri
from twofa_sim.secret import import_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
OTHER_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BASE = f"otpauth://totp/Example:alice?secret={RFC_SECRET}&issuer=Example"


# --------------------------------------------------------------------------- the example

@pytest.mark.parametrize("uri, named", [
    (BASE + "&digits=8&digits=6", "the URI gives the digits parameter more than once"),
    (f"otpauth://totp/Example:alice?secret={RFC_SECRET}&secret=AAAA", "the URI gives the secret parameter more than once"),
    (f"otpauth://totp/a%ZZ?secret={RFC_SECRET}", "the label holds a '%' that does not start an escape"),
    (f"otpauth://totp/alice?secret={RFC_SECRET}%Z", "the secret parameter holds a '%' that does not start an escape"),
])
def test_a_uri_with_two_readings_is_refused_naming_where(uri, named):
    with pytest.raises(ProvisioningURIError) as refused:
        parse_uri(uri)
    assert str(refused.value).startswith(named)
    assert RFC_SECRET not in str(refused.value) and "AAAA" not in str(refused.value)


def test_what_was_read_before_is_still_read():
    assert parse_uri(BASE + "&digits=8").digits == 8
    assert parse_uri(BASE + "&image=x&image=y").issuer == "Example"  # an unknown parameter is ignored, twice too
    assert parse_uri(f"otpauth://totp/Example%3Aalice%40example.com?secret={RFC_SECRET}").account == "alice@example.com"


# --------------------------------------------------------------------------- properties

#: Names a label can carry: visible characters (a space too, not first), no colon.
NAMES = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=":\u00a0\u3000"),
                min_size=1, max_size=12).filter(lambda s: not s[0].isspace())


@st.composite
def provisionings(draw) -> Provisioning:
    secret = import_secret(draw(st.sampled_from([RFC_SECRET, OTHER_SECRET])))
    return Provisioning(secret, draw(st.one_of(st.just(""), NAMES)), draw(NAMES), draw(st.integers(6, 10)),
                        draw(st.integers(1, 120)), draw(st.sampled_from(["SHA1", "SHA256", "SHA512"])))


def _with_parameter(uri: str, pair: str, position: int) -> str:
    head, _, query = uri.partition("?")
    pairs = query.split("&")
    pairs.insert(position % (len(pairs) + 1), pair)
    return f"{head}?{'&'.join(pairs)}"


@given(p=provisionings(), name=st.sampled_from(PARAMETERS), upper=st.booleans(), position=st.integers(0, 10),
       value=st.sampled_from(["", "6", "30", "SHA1", "Example", RFC_SECRET, OTHER_SECRET]))
def test_a_parameter_read_given_twice_is_refused_naming_it_and_no_value(p, name, upper, position, value):
    uri = build_uri(p)
    if name == "issuer" and not p.issuer:
        uri = _with_parameter(uri, "issuer=Example", 1)  # a URI without an issuer gets one first
    twice = _with_parameter(uri, f"{name.upper() if upper else name}={value}", position)
    with pytest.raises(ProvisioningURIError) as refused:
        parse_uri(twice)
    message = str(refused.value)
    assert message == f"the URI gives the {name} parameter more than once"
    assert p.secret.base32 not in message and OTHER_SECRET not in message


#: Not an escape whatever follows: "%" and a character that is not a hex digit.
ALWAYS_BAD = ["%Z", "%ZZ", "%4G", "%G4", "%%", "% 1", "%-1", "%é"]
#: Not an escape where nothing but "?", "&" or the end follows.
BAD_AT_THE_END = ["%", "%4", "%a"]


@given(p=provisionings(), part=st.sampled_from(["label", *PARAMETERS]), offset=st.integers(0, 100),
       bad=st.sampled_from(ALWAYS_BAD + BAD_AT_THE_END))
def test_a_percent_that_starts_no_escape_is_refused_naming_where(p, part, offset, bad):
    uri = build_uri(p)
    head, _, query = uri.partition("?")
    if part == "label":
        prefix = "otpauth://totp/"
        label = head[len(prefix):]
        between = [i for i in range(len(label) + 1) if "%" not in label[max(0, i - 2):i]]  # not inside an escape
        at = len(label) if bad in BAD_AT_THE_END else between[offset % len(between)]
        tampered, where = f"{prefix}{label[:at]}{bad}{label[at:]}?{query}", "the label"
    else:
        if part == "issuer" and not p.issuer:
            query += "&issuer=Example"
        pairs = query.split("&")
        index = next(i for i, pair in enumerate(pairs) if pair.partition("=")[0] == part)
        pairs[index] += bad  # after the value: never inside one of its escapes
        tampered, where = f"{head}?{'&'.join(pairs)}", f"the {part} parameter"
    with pytest.raises(ProvisioningURIError) as refused:
        parse_uri(tampered)
    message = str(refused.value)
    assert message.startswith(f"{where} holds a '%' that does not start an escape of two hex digits")
    assert p.secret.base32 not in message


@given(p=provisionings(), data=st.data())
def test_any_character_of_the_names_may_be_escaped_in_either_case(p, data):
    """Escaping more than build_uri does (any character, upper- or lower-case
    hex digits) reads back the same provisioning."""
    def escaped(name: str) -> str:
        out = []
        for ch in name:
            if data.draw(st.booleans()):
                code = quote(ch.encode("utf-8"), safe="")
                code = "".join(f"%{b:02X}" for b in ch.encode("utf-8")) if code == ch else code
                out.append(code.lower() if data.draw(st.booleans()) else code)
            else:
                out.append(quote(ch, safe=""))
        return "".join(out)

    label = f"{escaped(p.issuer)}:{escaped(p.account)}" if p.issuer else escaped(p.account)
    query = build_uri(p).partition("?")[2]
    assert parse_uri(f"otpauth://totp/{label}?{query}") == p
