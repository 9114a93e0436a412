"""Cell phone numbers: parsed, validated and stored with the phonenumbers library.

The Team page's Cell Phone is a country (ISO 3166 region, picked from a list)
plus the number as typed. It is stored in E.164 (``+393123456789``) and shown
in international form (``+39 312 345 6789``). Only numbers that can receive
SMS are accepted: mobile numbers, and "fixed line or mobile" ones with a
warning (some countries don't tell them apart).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import TwofaSimError
from .normalise import fold_digits, require_text


class PhoneNumberError(TwofaSimError):
    """A cell phone number that can't be saved; the message says why.

    Attributes:
        kind: a short, non-identifying reason for the audit trail ("letters",
            "unparsable", "invalid", "no country", "extension", "empty",
            "country", or the number type, e.g. "fixed line").
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


#: What may stand between the digits of a typed number (besides white space).
PUNCTUATION = "+\uff0b-\u2010\u2011\u2012\u2013()./#"

#: Number types that can receive SMS codes.
SMS_CAPABLE = {"MOBILE", "FIXED_LINE_OR_MOBILE"}


@dataclass(frozen=True)
class CellPhone:
    """A saved cell phone number.

    Attributes:
        region: ISO 3166-1 alpha-2 region the number belongs to ("IT").
        e164: the stored form ("+393123456789").
        international: the display form ("+39 312 345 6789").
        number_type: phonenumbers' type name ("MOBILE", "FIXED_LINE_OR_MOBILE").
        warning: a caution to show, or "".
    """

    region: str
    e164: str
    international: str
    number_type: str
    warning: str = ""


@lru_cache(maxsize=1)
def region_choices() -> tuple[tuple[str, str], ...]:
    """The country list: ``("Italy (+39)", "IT")`` pairs sorted by country name.

    Names come from Babel's English territory names; regions and calling
    codes from phonenumbers.
    """
    import phonenumbers
    from babel import Locale

    names = Locale("en").territories
    rows = [(names.get(r, r), phonenumbers.country_code_for_region(r), r) for r in phonenumbers.SUPPORTED_REGIONS]
    return tuple((f"{name} (+{code})", region) for name, code, region in sorted(rows, key=lambda row: (row[0], row[2])))


def parse_cell_phone(region: str, typed: str) -> CellPhone:
    """Parse what the user typed into Cell Phone with the country picked.

    A number written in international form names its own country and wins
    over ``region``: with ``+`` and a calling code, or with the selected
    country's own international call prefix (``00`` in Italy, ``011`` in
    the United States, as phonenumbers knows them). A ``00`` number with the
    United States selected is not international there and is refused.
    Non-ASCII digits (Arabic-Indic, Persian, full-width) are accepted.

    Raises:
        PhoneNumberError: letters in the number (checked before the parser,
            which would turn vanity letters into digits or drop trailing
            junk), unparsable text, a number not valid for its region, or a
            number that can't receive SMS (fixed line, toll free, VoIP: NIST
            SP 800-63B §5.1.3.3 asks for a number tied to a physical device).
        InputTypeError: a non-string argument.
    """
    import phonenumbers

    require_text(region, "country")
    typed = fold_digits(require_text(typed, "cell phone number")).strip()
    if not typed:
        raise PhoneNumberError("Enter the cell phone number.", "empty")
    if any(unicodedata.category(ch).startswith("L") for ch in typed):
        raise PhoneNumberError("A phone number can't contain letters; type digits only.", "letters")
    if any(not (ch.isdigit() or ch in PUNCTUATION or ch.isspace()) for ch in typed):
        raise PhoneNumberError("A phone number holds digits, spaces and + - ( ) . / only (and # before an extension).", "symbols")
    plus = typed.startswith(("+", "\uff0b"))
    if not plus and region not in phonenumbers.SUPPORTED_REGIONS:
        raise PhoneNumberError(f"Pick a country from the list (got {region!r}).", "country")
    try:
        number = phonenumbers.parse(typed, None if plus else region, keep_raw_input=True)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError("That doesn't look like a phone number.", "unparsable") from exc
    source = phonenumbers.CountryCodeSource
    international = number.country_code_source in (source.FROM_NUMBER_WITH_PLUS_SIGN, source.FROM_NUMBER_WITH_IDD)
    if number.extension:
        raise PhoneNumberError("Enter the number without an extension: texts can't reach one.", "extension")
    number_region = phonenumbers.region_code_for_number(number)
    valid = phonenumbers.is_valid_number(number) if international else phonenumbers.is_valid_number_for_region(number, region)
    if not valid or number_region is None:
        where = "" if international else f" in {dict((r, n) for n, r in region_choices()).get(region, region)}"
        raise PhoneNumberError(f"That is not a valid phone number{where}.", "invalid")
    if number_region not in phonenumbers.SUPPORTED_REGIONS:  # "001": satellite and other global services
        raise PhoneNumberError("Numbers without a country (satellite or global services) can't be used; "
                               "enter a mobile number of a country in the list.", "no country")
    kind = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if kind not in SMS_CAPABLE:
        plain = kind.replace("_", " ").lower()
        raise PhoneNumberError(f"{shown} is a {plain} number, which can't receive SMS codes. Enter a mobile number.",
                               plain)
    warning = ("In this country fixed-line and mobile numbers look alike: make sure this number can receive SMS."
               if kind == "FIXED_LINE_OR_MOBILE" else "")
    return CellPhone(number_region, e164, shown, kind, warning)


def region_of(e164: str) -> str:
    """The ISO region of a stored E.164 number ("" when unknown).

    Also reads a number being typed with ``+`` and a calling code
    (``"+44 7400 123456"`` → ``"GB"``), so a form's country list can follow it.

    Raises:
        InputTypeError: ``e164`` is not text.
    """
    import phonenumbers

    require_text(e164, "phone number")
    if len(e164) > 64:  # longer than any number being typed
        return ""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None)) or ""
    except phonenumbers.NumberParseException:
        return ""


def international_form(e164: str) -> str:
    """The display form of a stored E.164 number: ``+393123456789`` →
    ``+39 312 345 6789``; the text unchanged when it is not a number.

    Raises:
        InputTypeError: ``e164`` is not text.
    """
    import phonenumbers

    require_text(e164, "phone number")
    if len(e164) > 64:
        return e164
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def named_region(region: str, typed: str) -> str:
    """The country a number being typed names itself, or "".

    A number with ``+`` and a calling code, or with ``region``'s own
    international call prefix (``0044 ...`` with Italy selected), names its
    country, so a form's country list can follow it as it is typed (the
    same rule :func:`parse_cell_phone` applies on saving).
    """
    import phonenumbers

    if not isinstance(region, str) or not isinstance(typed, str):
        return ""
    text = fold_digits(typed).strip()
    plus = text.startswith(("+", "\uff0b"))
    if not plus and region not in phonenumbers.SUPPORTED_REGIONS:
        return ""
    try:
        number = phonenumbers.parse(text, None if plus else region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return ""
    source = phonenumbers.CountryCodeSource
    if number.country_code_source not in (source.FROM_NUMBER_WITH_PLUS_SIGN, source.FROM_NUMBER_WITH_IDD):
        return ""
    return phonenumbers.region_code_for_number(number) or ""
