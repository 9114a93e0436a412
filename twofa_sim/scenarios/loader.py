"""Load and check a scenario file into a :class:`~twofa_sim.scenarios.format.Scenario`.

Every problem is a :class:`~twofa_sim.scenarios.errors.ScenarioError` naming
the file, the line and the field. The policy is built once here
(``PRESETS[preset].replace(**overrides)``) so a bad setting is reported at
its own line; the scenario keeps the preset's name and the overrides as
plain values for the adapter.
"""

from __future__ import annotations

import enum
from pathlib import Path

from ..bounds import SEEDS
from ..clock import check_epoch, parse_utc
from ..errors import InputTypeError, TwofaSimError
from ..portal import DEFAULT_START
from ..presets import PRESETS, SEED_PORTAL
from .errors import ScenarioError
from .format import DEFAULT_SEED, Scenario, User
from .nodes import MAX_BYTES, Fields, Located, parse
from .steps import read_step

TOP = ("name", "description", "seed", "policy", "start", "network", "users", "steps")
USER = ("login", "password", "name", "secret", "enrolled", "cell_phone", "phone")
NETWORK = {"loss_rate": (0.0, 1.0), "median_delay_seconds": (0.001, 86_400.0), "delay_spread": (0.0, 10.0)}
#: Policy settings a file cannot set (they are not plain values).
UNSETTABLE = ("name", "hash_cost")


def load(path: str | Path) -> Scenario:
    """Read and check the scenario file at ``path``.

    Raises:
        ScenarioError: the file is missing, not a regular file (a device, a
            pipe), larger than :data:`~twofa_sim.scenarios.nodes.MAX_BYTES`,
            not UTF-8, not YAML, or breaks the format.
        InputTypeError: ``path`` is not a path.
    """
    if not isinstance(path, (str, Path)):
        raise InputTypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    shown = str(path)
    try:
        file = Path(path)
        if file.exists() and not file.is_file():
            kind = "a directory" if file.is_dir() else "not a regular file (a device or a pipe)"
            raise ScenarioError(shown, 1, "", f"is {kind}: name a .yaml scenario file")
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ScenarioError(shown, 1, "", f"is larger than {MAX_BYTES:,} bytes; a scenario file is much smaller")
        source = data.decode("utf-8")
    except ScenarioError:
        raise
    except FileNotFoundError:
        raise ScenarioError(shown, 1, "", "no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ScenarioError(shown, 1, "", f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    return loads(source, shown)


def loads(source: str, path: str = "<scenario>") -> Scenario:
    """Check the scenario text ``source``; ``path`` names it in messages.

    Raises:
        ScenarioError: as :func:`load`.
        InputTypeError: ``path`` is not text.
    """
    if not isinstance(path, str):
        raise InputTypeError(f"path must be text naming the scenario, got {type(path).__name__}")
    top = Fields(parse(source, path), path, TOP, "a mapping")
    name = top.text("name", required=True)
    description = top.text("description", "")
    seed = int(top.number("seed", DEFAULT_SEED, *SEEDS, whole=True))
    preset, overrides, policy = _policy(top)
    start = _moment(top, "start", DEFAULT_START)
    network = _network(top)
    users = tuple(_user(Fields(item, path, USER), i) for i, item in enumerate(top.sequence("users", required=True)))
    for i, user in enumerate(users):
        if any(u.login.casefold() == user.login.casefold() for u in users[:i]):
            top.fail("users", f"users[{i}] repeats the login {user.login!r}")
    steps = tuple(read_step(item, path, i, users, policy.period, _moment)
                  for i, item in enumerate(top.sequence("steps", required=True)))
    return Scenario(path, name, description, seed, preset, overrides, start, network, policy.period, users, steps)


def _policy(top: Fields):
    """The preset's name, the overrides as (name, value) pairs, and the built Policy."""
    section = top.mapping("policy", ("preset", "overrides"))
    if section is None:
        return SEED_PORTAL.name, (), SEED_PORTAL
    preset = section.choice("preset", tuple(PRESETS), SEED_PORTAL.name)
    base = PRESETS[preset]
    block = section.get("overrides")
    if block is None:
        return preset, (), base
    fields = Fields(block, top.file, tuple(k for k in base.settings() if k not in UNSETTABLE))
    overrides = []
    for key, item in block.value.items():
        value = _setting(fields, key, item, getattr(base, key))
        try:
            base.replace(**{key: value})
        except TwofaSimError as exc:
            fields.fail(key, str(exc))
        overrides.append((key, value))
    try:
        policy = base.replace(**dict(overrides))
    except TwofaSimError as exc:
        section.fail("overrides", str(exc))
    return preset, tuple(overrides), policy


def _setting(fields: Fields, key: str, item: Located, current: object) -> object:
    """A policy override as the Policy wants it: enums from their text."""
    if isinstance(current, enum.Enum):
        choices = [m.value for m in type(current)]
        text = fields.choice(key, choices)
        return type(current)(text)
    if isinstance(current, bool):
        return fields.boolean(key)
    if isinstance(current, (int, float)):
        return fields.number(key, whole=isinstance(current, int) and not isinstance(current, bool)
                             and key != "backoff_seconds")
    return fields.text(key)


def _moment(fields: Fields, key: str, default: float | None) -> float | None:
    """A time field: UTC ISO 8601 text or epoch seconds."""
    item = fields.get(key)
    if item is None:
        return default
    try:
        if isinstance(item.value, str):
            return check_epoch(parse_utc(item.value), key)
        return check_epoch(item.value, key)
    except TwofaSimError as exc:
        fields.fail(key, f"must be a UTC ISO 8601 time (2026-01-05T09:00:00Z) or epoch seconds: {exc}")


def _network(top: Fields) -> tuple[tuple[str, float], ...]:
    """SMS gateway settings; lossless by default."""
    section = top.mapping("network", tuple(NETWORK))
    values = {"loss_rate": 0.0}
    if section is not None:
        for key, (low, high) in NETWORK.items():
            value = section.number(key, None, low, high)
            if value is not None:
                values[key] = float(value)
    return tuple(sorted(values.items()))


def _user(fields: Fields, index: int) -> User:
    login = fields.text("login", required=True).strip()
    password = fields.text("password", required=True)
    name = fields.text("name", login.split("@", 1)[0].title())
    secret = fields.get("secret")
    if secret is not None:
        _check_secret(fields, secret)
    phone = fields.mapping("cell_phone", ("country", "number"))
    country = phone.text("country", required=True).strip().upper() if phone else ""
    number = phone.text("number", required=True) if phone else ""
    clock = fields.mapping("phone", ("offset_seconds", "drift_ppm"))
    offset = clock.number("offset_seconds", 0.0, -10 * 366 * 86_400, 10 * 366 * 86_400) if clock else 0.0
    drift = clock.number("drift_ppm", 0.0, -100_000, 100_000) if clock else 0.0
    return User(login, password, name, secret.text if secret is not None else None, fields.boolean("enrolled"),
                country, number, float(offset), float(drift), fields.line)


def _check_secret(fields: Fields, item: Located) -> None:
    """A fixed secret must be base32 of at least 128 bits; the message never shows it."""
    from ..secret import import_secret

    if not isinstance(item.value, str) or not item.text.strip():
        fields.fail("secret", "must be a base32 text secret")
    try:
        import_secret(item.text)
    except TwofaSimError as exc:
        problem = str(exc).replace(item.text, "(the secret)")
        fields.fail("secret", f"is not a usable TOTP secret: {problem}")

