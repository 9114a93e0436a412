"""Normalising what people type into the code field (twofa_sim.normalise)
and how the single code field routes it (twofa_sim.code_field)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim.code_field import route
from twofa_sim.factors.backup import BackupCodes
from twofa_sim.normalise import (INVISIBLE_CATEGORIES, MAX_INPUT_CHARS, Typed, invisible_characters,
                                 normalise_backup_code, normalise_code)


class _Named:
    """A stand-in factor: routing only looks at which factors fit."""

    def __init__(self, name):
        self.name = name


APP, SMS = _Named("totp"), _Named("sms")
BACKUP = BackupCodes([], 10, 0.0)  # a set's shape (10 symbols) is all routing asks of it
DIGITS, MALFORMED = "digits", "malformed"
from twofa_sim.errors import InputTypeError, TwofaSimError
from twofa_sim.normalise import MAX_INPUT_CHARS, normalise_backup_code, normalise_code
from twofa_sim.outcomes import Reason


@pytest.mark.parametrize("typed", [
    "123456", " 123456", "123456 ", "123 456", "12 34 56", "\t123456\n", " 123456\n", "\r\n123\t456\r\n",
    "123\u00a0456",        # no-break space
    "\u200b123456",        # zero-width space
    "123\u200b456\u200b",
    "123-456",             # one grouping hyphen
    "123\u2013456",        # en dash as the hyphen
    "\uff11\uff12\uff13\uff14\uff15\uff16",  # full-width digits
    "\u0661\u0662\u0663\u0664\u0665\u0666",  # Arabic-Indic digits
    "\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6",  # Persian digits
    "\uff11\uff12\uff13 - \u0664\u0665\u0666",
])
def test_typed_variants_normalise_to_ascii_digits(typed):
    assert normalise_code(typed) == "123456"


@pytest.mark.parametrize("typed, expected", [
    ("123--456", "123--456"),   # two hyphens: not a single grouping hyphen
    ("12-34-56", "12-34-56"),
    ("-123456", "-123456"),     # a leading hyphen is not grouping
    ("123456-", "123456-"),
    ("", ""),
    (" \t\n", ""),
    ("12a456", "12a456"),
])
def test_what_normalisation_leaves_alone(typed, expected):
    assert normalise_code(typed) == expected


@pytest.mark.parametrize("bad", [123456, 12.0, None, b"123456", ["123456"]])
def test_non_text_raises_input_type_error(bad):
    with pytest.raises(InputTypeError) as info:
        normalise_code(bad)
    assert isinstance(info.value, TwofaSimError) and isinstance(info.value, TypeError)
    with pytest.raises(InputTypeError):
        normalise_backup_code(bad)
    with pytest.raises(InputTypeError):
        Typed.of(bad)


@pytest.mark.parametrize("typed", ["abcde-fghjk", "ABCDEFGHJK", " abcde fghjk\n", "ABC-DE-FGHJK", "abcde\u2010fghjk"])
def test_backup_code_normalisation(typed):
    assert normalise_backup_code(typed) == "ABCDEFGHJK"


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=12),
       blanks=st.lists(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u200b"]), max_size=4))
def test_blanks_anywhere_are_removed(digits, blanks):
    typed = digits
    for i, blank in enumerate(blanks):
        cut = (i * 7) % (len(typed) + 1)
        typed = typed[:cut] + blank + typed[cut:]
    assert normalise_code(typed) == digits


@pytest.mark.parametrize("typed, kind, reason", [
    ("005924", DIGITS, None),
    ("005 924", DIGITS, None),
    ("\u0660\u0660\u0665\u0669\u0662\u0664", DIGITS, None),
    ("5924", MALFORMED, Reason.WRONG_LENGTH),
    ("05924", MALFORMED, Reason.WRONG_LENGTH),
    ("0059245", MALFORMED, Reason.WRONG_LENGTH),
    ("", MALFORMED, Reason.EMPTY),
    ("   ", MALFORMED, Reason.EMPTY),
    ("1" * (MAX_INPUT_CHARS + 1), MALFORMED, Reason.BAD_FORMAT),
    ("ABCDE-FGHJK", BACKUP, None),
    ("abcde fghjk", BACKUP, None),
    ("12345a", MALFORMED, Reason.BAD_FORMAT),  # not a backup code's shape: malformed before any factor
    ("ABCDE-FGHJ1", MALFORMED, Reason.BAD_FORMAT),  # 1 is not in the backup alphabet
])
def test_code_field_routing(typed, kind, reason):
    routing = route(Typed.of(typed), APP, 6, backup=BACKUP)
    if kind == DIGITS:
        assert routing.factors == (APP,) and Typed.of(typed).code == "005924"
    if kind == BACKUP:
        assert routing.factors == (BACKUP,)
    if reason is None:
        assert routing.verdict is None
    else:
        assert routing.factors == () and routing.verdict.reason is reason and routing.verdict.malformed


def test_routing_follows_the_app_code_length():
    assert route(Typed.of("12345678"), APP, 8).factors == (APP,)
    assert route(Typed.of("12345678"), APP, 6).malformed


def test_routing_tries_each_factor_whose_length_fits():
    assert route(Typed.of("123456"), APP, 6, SMS, 6).factors == (APP, SMS)
    assert route(Typed.of("12345678"), APP, 6, SMS, 8).factors == (SMS,)
    assert route(Typed.of("1234567"), APP, 6, SMS, 8).malformed


def test_letters_go_nowhere_where_no_backup_code_is_asked():
    routing = route(Typed.of("12345a"), APP, 6)
    assert routing.malformed and routing.verdict.reason is Reason.NOT_DIGITS


@given(text=st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=127))))
def test_invisible_characters_are_every_control_format_and_surrogate_code_point(text):
    expected = list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text
                                  if unicodedata.category(ch) in INVISIBLE_CATEGORIES))
    assert invisible_characters(text) == expected


@given(text=st.one_of(st.text(), st.text(alphabet="0123456789 -\u0660\uff11\u200b", max_size=12)))
def test_plain_digits_are_read_as_the_general_rules_read_them(text):
    typed = Typed.of(text)
    assert typed.raw == text
    if len(text) <= MAX_INPUT_CHARS:
        assert (typed.code, typed.backup) == (normalise_code(text), normalise_backup_code(text))
