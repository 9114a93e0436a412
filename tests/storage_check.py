"""Checks on what the portal stores for one-time codes (backup codes, SMS
codes): each stored item must be a salted hash that verifies its code and
holds no trace of it, and no plain code may sit anywhere in the user record.

The checks look at stored values, not at reprs (a repr can hide what is
stored). Each returns a list of findings; an empty list means nothing leaked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from twofa_sim.hashing import verify_value

_HASH = re.compile(r"pbkdf2_sha256\$[1-9][0-9]*\$[0-9a-f]{32,}\$[0-9a-f]{64}")


def forms(code: str) -> set[str]:
    """The ways ``code`` may be written, lower-cased for comparing: as shown
    and without hyphens."""
    return {code.lower(), code.replace("-", "").lower()}


def checked_form(code: str) -> str:
    """The form the portal checks a code in: no hyphens, upper case."""
    return code.replace("-", "").upper()


def stored_code_findings(stored: Sequence[str], codes: Sequence[str], what: str) -> list[str]:
    """Findings for stored items that are not hashes of their codes.

    ``stored[i]`` is what is kept for ``codes[i]``. Each must look like a
    salted PBKDF2 hash, verify the code, and not contain it in any case,
    with or without hyphens.
    """
    findings = []
    if len(stored) != len(codes):
        findings.append(f"{what}: {len(stored)} stored item(s) for {len(codes)} code(s)")
    for i, (item, code) in enumerate(zip(stored, codes)):
        where = f"{what}[{i}]"
        if not isinstance(item, str) or not _HASH.fullmatch(item):
            findings.append(f"{where} is not a salted PBKDF2 hash")
        elif not verify_value(checked_form(code), item):
            findings.append(f"{where} does not verify its code")
        if isinstance(item, str) and any(form in item.lower() for form in forms(code)):
            findings.append(f"{where} contains its code")
    return findings


def plain_code_findings(root: object, codes: Iterable[str], name: str = "user") -> list[str]:
    """Paths in the object graph from ``root`` where a plain code shows up.

    Walks ``vars()`` of objects (and ``__slots__``), dict keys and values,
    and the items of lists, tuples and sets, recursively. Strings and bytes
    are searched for every form of every code (any case, with or without
    hyphens); integers are compared with all-digit codes (leading zeros
    restored).
    """
    wanted = {form for code in codes for form in forms(code)}
    digit_codes = {code for code in codes if code.isdigit()}
    findings: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root, name)]
    while stack:
        obj, path = stack.pop()
        if isinstance(obj, (bool, float, complex)) or obj is None:
            continue
        if isinstance(obj, int):
            if any(str(obj).zfill(len(code)) == code for code in digit_codes):
                findings.append(f"{path} holds a code as a number")
            continue
        if isinstance(obj, (str, bytes, bytearray)):
            text = obj if isinstance(obj, str) else bytes(obj).decode("latin-1")
            if any(form in text.lower() for form in wanted):
                findings.append(f"{path} holds a plain code")
            continue
        if id(obj) in seen or isinstance(obj, type) or callable(obj):
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            for key, value in obj.items():
                stack.append((key, f"{path} key {key!r}"))
                stack.append((value, f"{path}[{key!r}]"))
        elif isinstance(obj, (list, tuple, set, frozenset)) or type(obj).__name__ == "deque":
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(obj))
        else:
            attributes = dict(vars(obj)) if hasattr(obj, "__dict__") else {}
            for slot in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, slot):
                    attributes[slot] = getattr(obj, slot)
            stack.extend((value, f"{path}.{key}") for key, value in attributes.items())
    return findings


def storage_findings(user, backup_codes: Sequence[str] = (), sms_codes: Sequence[str] = ()) -> list[str]:
    """Every finding for one user record: its stored backup-code and SMS-code
    hashes (``sms_codes`` oldest first, the codes the portal still keeps),
    and plain codes anywhere in the record."""
    findings = []
    if backup_codes:
        findings += stored_code_findings(user.backup.stored(), backup_codes, "backup.stored()")
    if sms_codes:
        findings += stored_code_findings(user.sms.stored(), sms_codes, "sms.stored()")
    return findings + plain_code_findings(user, [*backup_codes, *sms_codes])
