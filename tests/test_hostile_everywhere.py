"""Hostile input everywhere: every public callable of ``twofa_sim`` outside
``ui/`` answers every hostile value in every parameter with a typed error (a
:class:`~twofa_sim.errors.TwofaSimError`) or a normal answer: never another
exception, never a hang, and a refusal changes nothing.

The callables are found by introspection (module functions, classes and
their public methods, in every public module of the package; a module
whose name starts with "_" is a package's internals), so a new one is swept
as soon as it exists. Each call runs under a watchdog: one that takes longer
than :data:`CALL_LIMIT_SECONDS` fails the test. After a refusal the world's
portal (which has an enrolled user) must hold the same audit trail length and
every user the same status. Simulations run small (:data:`SMALL`), and the
targets are spread over a few forked worker processes.

What is not swept, and why, is in :data:`EXCLUDED` and :data:`SKIPPED`.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import math
import pkgutil
import threading
import time
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest

import twofa_sim
from sms_support import save_cell_phone
from twofa_sim.errors import TwofaSimError

ROOT = Path(__file__).resolve().parent.parent
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
LOGIN = "alice@example.com"
PASSWORD = "correct horse battery staple"
NAME = "Alice Example"
START = 1_767_603_600  # Monday 2026-01-05 09:00:00 UTC

#: A call that takes longer than this (seconds) counts as a hang. Most calls
#: answer in milliseconds; the margin is for a machine busy with other work
#: (a call still running after the limit is a hang whatever the machine's load).
CALL_LIMIT_SECONDS = 15.0

#: The hostile corpus: (label, factory). A factory, so that no call can
#: change the value the next call receives.
HOSTILE: list[tuple[str, typing.Callable[[], object]]] = [
    ("None", lambda: None),
    ("True", lambda: True),
    ("0", lambda: 0),
    ("-1", lambda: -1),
    ("1.5", lambda: 1.5),
    ("2**31-1", lambda: 2**31 - 1),
    ("10**100", lambda: 10**100),
    ("10**400", lambda: 10**400),
    # beyond Python's 4300-digit limit on turning an int into text: a message must not try
    ("10**5000", lambda: 10**5000),
    ("-10**5000", lambda: -10**5000),
    ("1e308", lambda: 1e308),
    ("nan", lambda: math.nan),
    ("inf", lambda: math.inf),
    ("-inf", lambda: -math.inf),
    ("bytes", lambda: b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("empty text", lambda: ""),
    ("10**6 characters", lambda: "7" * 10**6),
    ("NUL", lambda: "alice\x00@example.com"),
    ("lone surrogate", lambda: "alice\ud800"),
    ("bidi override", lambda: "\u202ealice@example.com"),
    ("zero-width space", lambda: "alice\u200b@example.com"),
    ("emoji", lambda: "🔐"),
    ("markup", lambda: "<script>alert(1)</script>"),
    ("list", lambda: ["alice@example.com"]),
    ("dict", lambda: {"alice": 1}),
    ("object", lambda: object()),
    # what a notebook passes from a DataFrame or an array: NumPy's scalars
    ("np.int64(5)", lambda: _np().int64(5)),
    ("np.int64(-1)", lambda: _np().int64(-1)),
    ("np.uint64(2**64-1)", lambda: _np().uint64(2**64 - 1)),
    ("np.float64(1.5)", lambda: _np().float64(1.5)),
    ("np.float64(nan)", lambda: _np().float64("nan")),
    ("np.float32(30)", lambda: _np().float32(30)),
    ("np.bool_(True)", lambda: _np().bool_(True)),
    ("np.array([5])", lambda: _np().array([5])),
]


def _np():
    import numpy

    return numpy

_RECORD = ("a plain record (dataclass) the engine fills in and hands out; it stores what it is given "
           "and nothing reads it as input")
_ENGINE = ("engine internals: called only by the Portal's services with the engine's own records "
           "(User, Context, Typed, Verdict, Policy) and values the Portal has already checked")
_MESSAGES = "message wording: called only by the Guard with a Reason and numbers the engine computed"

#: Callables not swept, each with the reason (the one list of exclusions).
EXCLUDED: dict[str, str] = {
    # tools that run something else
    "trace_plugin.pytest_runtest_call": "a pytest hook: pytest calls it with its own item object",
    "trace_plugin.pytest_sessionfinish": "a pytest hook: pytest calls it with its own session object",
    "traceability.checks_in_tests": "runs the whole requirement test suite in a pytest subprocess (minutes)",
    "traceability.checks_in_notebooks": "reads the project's executed notebooks for the overview notebook, "
                                        "which passes the notebooks folder",
    "traceability.table": "joins the two dicts checks_in_notebooks and checks_in_tests return (overview notebook)",
    "traceability.trace": "runs the requirement tests in a pytest subprocess, for the build tooling",
    "traceability.to_json": "writes the two dicts trace returns as the committed table's text (build tooling)",
    "traceability.read": "reads the committed table for the overview notebook, which passes its path",
    # plain records
    **{name: _RECORD for name in (
        "app.AppScreen", "attempts.OpenAttempt", "audit.AuditEvent", "demo.Demo",
        "gateway.SmsMessage", "lifecycle.Transition", "otp.Derivation", "outcomes.Verdict", "phone.CellPhone",
        "results.ActionResult", "results.LoginAttempt", "results.LoginResult",
        "results.UserStatus", "user.User", "views.AccountView",
        "factors.remembered.RememberedDevice", "guard.Refusal", "normalise.Typed",
        "factors.backup.BackupCodes", "app.CodeWorking", "outbox.Notice", "review.Review", "standards.Rule",
        "population.simulate.PopulationResult")},
    # the scenario loader's and runner's records (frozen dataclasses the loader and the runner fill in;
    # run() and describe_input() check that they get one)
    **{name: "a plain record (frozen dataclass) the scenario loader or runner fills in and hands out"
       for name in ("scenarios.format.Scenario", "scenarios.format.Step", "scenarios.format.User",
                    "scenarios.format.Expectation", "scenarios.nodes.Located", "scenarios.runner.RunResult",
                    "scenarios.adapter.Observed")},
    **{name: "a plain record (frozen dataclass) the conformance run fills in and hands out; compare(), "
             "report_of() and conform() check what they are given"
       for name in ("conformance.compare.Comparison", "conformance.report.ConformanceReport",
                    "conformance.targets.Target")},
    # engine internals (each takes the engine's own records or pre-checked values)
    **{name: _ENGINE for name in (
        "accounts.Accounts.check_password", "accounts.Accounts.set_password",
        "attempts.Attempts.open", "attempts.Attempts.closed", "attempts.Attempts.finish",
        "code_field.route", "code_field.verify", "code_field.check",
        "factors.backup.BackupCodes.generate", "factors.backup.BackupCodes.issue",
        "factors.backup.BackupCodes.mark_used", "factors.backup.BackupCodes.verify", "factors.backup.format_code",
        "factors.backup.is_low", "factors.backup.low_stock_warning", "factors.backup.page_warning",
        "factors.remembered.RememberedDevice.row", "factors.remembered.RememberedDevices.issue",
        "factors.remembered.RememberedDevices.verify",
        "factors.sms.SmsCodes.issue", "factors.sms.SmsCodes.mark_used", "factors.sms.SmsCodes.verify",
        "factors.totp.TotpDevice.acceptance", "factors.totp.TotpDevice.candidate_steps",
        "factors.totp.TotpDevice.verify", "factors.totp.TotpDevice.mark_used",
        "guard.Guard.gate", "guard.Guard.judge", "guard.Guard.record", "guard.Guard.say",
        "otp.HotpKey.matching_checked", "otp.step_of",
        "guard.Refusal.login_result", "guard.Refusal.action_result",
        "reauth.Reauthentication.check", "reauth.proofs", "reauth.required_proof",
        "sms_limits.SmsLimits", "sms_limits.SmsLimits.from_policy", "sms_limits.SmsLimits.check",
        "sms_limits.SmsLimits.record", "sms_limits.SmsLimits.record_refusal",
        "sms_limits.SmsLimits.sends_in_window",
        "sms_sending.can_get_sms", "sms_sending.masked",
        "throttle.Throttle.record_failure", "throttle.Throttle.record_refusal",
        "views.AccountView.proof", "views.account_view", "views.remember_label",
        "phone.region_of")},
    "sms_sending.SmsSending.text_code": "engine records: takes the engine's own User, CellPhone, SmsCodes and "
                                        "Context with the user's lock held; called only by SmsSending.send "
                                        "and CellPhoneSettings (checked here through Portal.send_sms_code "
                                        "and Portal.set_cell_phone)",
    **{name: _MESSAGES for name in ("messages.say", "messages.message_for", "messages.wait_text",
                                    "messages.duration_text")},
}

#: Parameters not swept, each with the reason: ``(callable, parameter) -> reason``.
SKIPPED: dict[tuple[str, str], str] = {
    **{key: "a file name to write: any text names a file, which the sweep would create in the working folder; "
            "tests/test_conformance.py and test_conformance_cli.py check unwritable and ill-typed paths"
       for key in (("conformance.report.ConformanceReport.write_html", "path"),
                   ("conformance.cli.run_command", "html"))},
    ("checks.check", "condition"): "the condition is what the check asserts: a falsy one raises "
                                   "AssertionError by design (a requirement not met), any value is accepted",
}


#: Small settings for parameters that have a default, used whenever another
#: parameter is swept: simulations run small (the sweep is about arguments).
SMALL: dict[tuple[str, str], typing.Callable[[], object]] = {
    ("review.review", "acceptance"): lambda: False,
    ("attacks.guessing.guessing_by_preset", "presets"): lambda: {"seed portal": _seed_policy()},
    ("attacks.guessing.guessing_by_preset", "horizons"): lambda: [60.0],
    ("attacks.guessing.guessing_table", "horizons"): lambda: [60.0],
    ("attacks.replay.relay_table", "delays"): lambda: (0, 30),
    ("attacks.replay.replay_table", "delays"): lambda: (0, 30),
    ("attacks.denial.lockout_denial", "days"): lambda: 0.01,
    ("attacks.guessing.online_guessing", "hours"): lambda: 0.01,
    ("attacks.sim_swap.sim_swap", "hours"): lambda: 1.0,
    ("sweeps.windows.window_acceptance", "offsets"): lambda: [0, 30],
    ("sweeps.windows.window_acceptance", "delays"): lambda: [0],
}


def _seed_policy():
    from twofa_sim.presets import SEED_PORTAL

    return SEED_PORTAL


# --------------------------------------------------------------------------- the world

@dataclass
class World:
    """A portal with Alice enrolled (app, backup codes, a cell phone) and her browser."""

    portal: object
    app: object
    browser: object
    backup_codes: tuple[str, ...]

    def snapshot(self) -> tuple:
        portal = self.portal
        return len(portal.audit), tuple(portal.status(login) for login in portal.users())


def make_world() -> World:
    from twofa_sim import AEGIS, AuthenticatorApp, Browser, DeviceClock, Portal

    portal = Portal.simulated(seed=7, start=START)
    portal.add_user(LOGIN, PASSWORD, NAME)
    start = portal.start_enrolment(LOGIN, secret=RFC_SECRET)
    app = AuthenticatorApp(DeviceClock(portal.clock), AEGIS)
    app.scan(start.uri)
    confirmed = portal.confirm_enrolment(LOGIN, app.code())
    portal.clock.advance(60)
    assert confirmed.ok
    portal.gateway.configure(loss_rate=0.0)
    save_cell_phone(portal, LOGIN, "IT", "312 345 6789", PASSWORD, app.code())
    portal.clock.advance(60)
    return World(portal, app, Browser("alice-laptop"), confirmed.backup_codes)


def _provisioning():
    from twofa_sim.provisioning import Provisioning
    from twofa_sim.secret import import_secret

    return Provisioning(import_secret(RFC_SECRET), "Client Portal", LOGIN)


def _png(w: World) -> bytes:
    from twofa_sim.provisioning import build_uri
    from twofa_sim.qr import render_png

    return render_png(build_uri(_provisioning()), box_size=2)


def _user(w: World):
    return w.portal.user(LOGIN)


def _context(w: World):
    from twofa_sim.factors.base import Context

    return Context(w.portal.clock.now(), w.portal.policy, w.portal.entropy)


def _attempt(w: World):
    return w.portal.begin_login(LOGIN, PASSWORD, w.browser).attempt


#: Receivers for methods: class name -> factory(world).
RECEIVERS: dict[str, typing.Callable[[World], object]] = {
    "Portal": lambda w: w.portal,
    "AuthenticatorApp": lambda w: w.app,
    "DeviceClock": lambda w: w.app.clock,
    "VirtualClock": lambda w: w.portal.clock,
    "AuditTrail": lambda w: w.portal.audit,
    "AuditEvent": lambda w: w.portal.audit[-1],
    "SmsGateway": lambda w: w.portal.gateway,
    "SmsMessage": lambda w: w.portal.gateway.send("+393123456789", "Your code", "123456"),
    "SmsLimits": lambda w: w.portal.sms_limits,
    "Accounts": lambda w: w.portal._accounts,
    "Enrolment": lambda w: w.portal._enrolment,
    "SignIn": lambda w: w.portal._sign_in,
    "AccountSettings": lambda w: w.portal._settings,
    "CellPhoneSettings": lambda w: w.portal._phone,
    "SmsSending": lambda w: w.portal._sms,
    "Guard": lambda w: w.portal._guard,
    "Reauthentication": lambda w: w.portal._settings._reauth,
    "Attempts": lambda w: w.portal._sign_in._attempts,
    "Throttle": lambda w: _user(w).throttle,
    "TotpDevice": lambda w: _user(w).totp,
    "BackupCodes": lambda w: _user(w).backup,
    "RememberedDevices": lambda w: _user(w).remembered,
    "SmsCodes": lambda w: _user(w).sms,
    "AccountView": lambda w: w.portal.view(LOGIN),
    "UserStatus": lambda w: w.portal.status(LOGIN),
    "EnrolmentStart": lambda w: _enrolment_start(),
    "Policy": lambda w: w.portal.policy,
    "AppProfile": lambda w: w.app.profile,
    "Demo": lambda w: _demo(),
    "Outbox": lambda w: w.portal.outbox,
    "Notice": lambda w: _notice(),
    "EngineAdapter": lambda w: _engine_adapter(),
    "Belongings": lambda w: _belongings(w),
    "Fields": lambda w: _fields(),
    "Scenario": lambda w: _scenario(),
    "RunResult": lambda w: _run_result(),
    "DjangoAdapter": lambda w: _django_adapter(),
    "ConformanceReport": lambda w: _conformance_report(),
    "Comparison": lambda w: _comparison(),
    "Target": lambda w: _target(),
}

#: A tiny scenario: one enrolled user with a cell phone, two steps.
TINY_SCENARIO = f"""\
name: tiny
start: {START}
users:
  - login: {LOGIN}
    password: {PASSWORD}
    secret: {RFC_SECRET}
    enrolled: true
    cell_phone: {{country: IT, number: "312 345 6789"}}
steps:
  - after: 60
    action: password
    expect: {{outcome: accepted, reason: code required}}
  - action: code
    input: app
    expect: {{outcome: accepted}}
"""
_CACHE: dict[str, object] = {}


def _scenario():
    from twofa_sim.scenarios import loads

    if "scenario" not in _CACHE:
        _CACHE["scenario"] = loads(TINY_SCENARIO, "tiny.yaml")
    return _CACHE["scenario"]


def _run_result():
    from twofa_sim.scenarios import run
    from twofa_sim.scenarios.engine_adapter import EngineAdapter

    return run(_scenario(), EngineAdapter())


def _located():
    from twofa_sim.scenarios.nodes import parse

    return parse("name: tiny\nafter: 30\nitems: [a, b]\nwhen: 2026-01-05T09:00:00Z\n", "tiny.yaml")


def _fields():
    from twofa_sim.scenarios.nodes import Fields

    return Fields(_located(), "tiny.yaml", ("name", "after", "items", "when"))


def _engine_adapter():
    """The engine adapter with a small world: Alice enrolled, her phone confirmed, a sign-in open."""
    from twofa_sim.scenarios.engine_adapter import EngineAdapter

    return _small_world(EngineAdapter(), "seed portal")


def _small_world(adapter, preset: str):
    """``adapter`` with a world under ``preset``: Alice enrolled (the RFC 6238
    secret), her phone registered, a sign-in open in her laptop."""
    adapter.open_world(preset, {}, START, 7, {"loss_rate": 0.0})
    adapter.add_user(LOGIN, PASSWORD, NAME, RFC_SECRET, 0.0, 0.0)
    adapter.set_cell_phone(LOGIN, "IT", "312 345 6789", PASSWORD)
    adapter.enrol(LOGIN)
    adapter.set_time(START + 60)
    adapter.password(LOGIN, "alice-laptop", PASSWORD)
    return adapter


def _django_adapter():
    """The django-two-factor-auth adapter with a small world: Alice enrolled
    (the RFC 6238 secret), her phone registered, a sign-in open in her laptop.
    Built holding the project's lock, so a call the watchdog left running
    cannot open another world half way."""
    from twofa_sim.conformance.django_target import DjangoAdapter
    from twofa_sim.conformance.django_target._project import lock
    from twofa_sim.presets import DJANGO_OTP

    with lock():
        return _small_world(DjangoAdapter(), DJANGO_OTP.name)


#: The tiny scenario with a lockout, which the django target cannot be
#: configured to: a comparison of it runs the engine only (the sweep is about
#: arguments; the adapter's own methods drive Django).
UNSUPPORTED_SCENARIO = TINY_SCENARIO.replace("start:", "policy: {overrides: {lockout_failures: 3}}\nstart:")
UNSUPPORTED_FILE = ROOT / "scenarios" / "lockout_and_unlock.yaml"


def _unsupported_scenario():
    from twofa_sim.scenarios import loads

    if "unsupported" not in _CACHE:
        _CACHE["unsupported"] = loads(UNSUPPORTED_SCENARIO, "tiny-lockout.yaml")
    return _CACHE["unsupported"]


def _target():
    from twofa_sim.conformance.targets import TARGETS

    return TARGETS["django"]


def _comparison():
    """The tiny lockout scenario on the engine and on django-two-factor-auth (once per process)."""
    from twofa_sim.conformance.compare import compare

    if "comparison" not in _CACHE:
        _CACHE["comparison"] = compare(_unsupported_scenario(), _target())
    return _CACHE["comparison"]


def _conformance_report():
    from twofa_sim.conformance.report import report_of

    return report_of([_comparison()], _target())


def _subparsers():
    import argparse

    return argparse.ArgumentParser(prog="sweep").add_subparsers(dest="command")


def _belongings(w: World):
    from twofa_sim.scenarios.belongings import Belongings

    return Belongings(w.portal.clock, 0.0, 0.0, RFC_SECRET)


def _population():
    from twofa_sim.population import TYPICAL

    return TYPICAL.replace(users=2, sms_share=0.5)


def _population_run(preset: str = "seed portal"):
    """Two users for half a day under ``preset`` (once per process and preset)."""
    from twofa_sim.population import simulate_population
    from twofa_sim.presets import PRESETS

    key = f"population run: {preset}"
    if key not in _CACHE:
        _CACHE[key] = simulate_population(PRESETS[preset], _population(), 0.5, seed=11, path="fast")
    return _CACHE[key]


def _notice():
    from twofa_sim.outbox import Notice

    return Notice(START, LOGIN, "password_changed")


def _small_grid():
    import pandas as pd

    return pd.DataFrame([[100, 90], [80, 0]], index=[0, 30], columns=[0, 10])


def _window_table():
    import pandas as pd

    return pd.DataFrame({"window": ["0", "0", "one step", "one step"], "phone offset (s)": [0, 30, 0, 30],
                         "typing delay (s)": [0, 0, 0, 0], "accepted (%)": [100, 0, 100, 100]})


def _timelines():
    from twofa_sim.presets import SEED_PORTAL
    from twofa_sim.review import guessing_timeline

    return {"seed portal": guessing_timeline(SEED_PORTAL)}


def _tiny_file() -> str:
    path = ROOT / "scenarios" / "window_one_step_back.yaml"
    return str(path)


def _step_item():
    from twofa_sim.scenarios.nodes import parse

    return parse("action: code\ninput: app\nexpect: {outcome: accepted}\n", "tiny.yaml")


def _enrolment_start():
    from twofa_sim.provisioning import build_uri
    from twofa_sim.results import EnrolmentStart

    p = _provisioning()
    return EnrolmentStart(LOGIN, p, build_uri(p))


def _demo():
    from twofa_sim.demo import Demo

    return Demo.create(seed=5)


def _valid_value(w: World, qualname: str, name: str):
    """A valid value for parameter ``name`` of ``qualname``."""
    tables = w.__dict__.get("_tables")
    if tables is None:  # built once per world: the sweep asks for thousands of values
        tables = w.__dict__["_tables"] = _value_tables(w)
    special, by_name = tables
    if (qualname, name) in special:
        return special[(qualname, name)]()
    if name in by_name:
        return by_name[name]()
    raise LookupError(f"no valid value for parameter {name!r} of {qualname}: add one to the sweep's tables, "
                      "or list the parameter in SKIPPED with the reason")


def _adapter_values(adapter: str) -> dict:
    """Valid values for the scenario adapter protocol's methods, as a scenario
    file gives them (plain values), for the adapter class named ``adapter``."""
    values = {(m, "browser"): (lambda: "alice-laptop")
              for m in ("password", "code", "sign_in", "sign_out", "send_sms", "revoke_device")}
    values.update({
        ("code", "value"): lambda: 0.0,
        ("confirm_cell_phone", "value"): lambda: "123456",
        ("set_cell_phone", "number"): lambda: "312 345 6789",
        ("change_cell_phone", "number"): lambda: "07400 123465",
        ("change_cell_phone", "country"): lambda: "GB",
        ("set_time", "epoch"): lambda: START + 120,
        ("add_user", "login"): lambda: "bob@example.com",
    })
    return {(f"{adapter}.{method}", param): value for (method, param), value in values.items()}


def _value_tables(w: World):
    """(special, by_name): factories of valid values by (callable, parameter) and by parameter name."""
    from twofa_sim import AEGIS, Browser, DeviceClock, SeededEntropy, VirtualClock
    from twofa_sim.audit import AuditEvent
    from twofa_sim.hashing import SIMULATION_COST, hash_value
    from twofa_sim.normalise import Typed
    from twofa_sim.outcomes import Outcome, Reason
    from twofa_sim.presets import SEED_PORTAL
    from twofa_sim.errors import ProvisioningURIError

    special = {
        # Simulations run with small sizes: the sweep is about arguments, not about the simulation.
        ("attacks.online_guessing", "hours"): lambda: 0.01,
        ("sweeps.clock_offset.clock_offset_sweep", "offsets"): lambda: [0],
        ("sweeps.acceptance.acceptance_grid", "offsets"): lambda: [0],
        ("sweeps.acceptance.acceptance_grid", "delays"): lambda: [0],
        ("traceability.checks_in_notebooks", "notebooks"): lambda: ROOT / "notebooks",
        ("hashing.verify_value", "stored"): lambda: hash_value("pw", SeededEntropy(1), SIMULATION_COST),
        ("normalise.require_visible_text", "error"): lambda: ProvisioningURIError,
        ("gateway.SmsGateway.send", "to"): lambda: "+393123456789",
        ("gateway.SmsGateway.inbox", "number"): lambda: "+393123456789",
        ("phone.region_of", "e164"): lambda: "+393123456789",
        ("audit.AuditTrail.record", "event"): lambda: AuditEvent(START, LOGIN, "user.create", "ok", "accepted"),
        ("audit.AuditTrail.add", "time"): lambda: START,
        ("audit.AuditTrail.add", "user"): lambda: LOGIN,
        ("audit.AuditTrail.add", "outcome"): lambda: "ok",
        ("audit.AuditTrail.add", "reason"): lambda: "accepted",
        ("lifecycle.Transition", "event"): lambda: "switch ON",
        ("portal.Portal.revoke_device", "device_id"): lambda: "device-1",
        ("account_settings.AccountSettings.revoke_device", "device_id"): lambda: "device-1",
        ("clock.DeviceClock", "reference"): lambda: VirtualClock(START),
        # a SharedSecret, so that the sweep reaches the checks after the secret's
        **{(q, "secret"): (lambda: _provisioning().secret) for q in ("provisioning.Provisioning",
                                                                    "factors.totp.TotpDevice")},
        ("app.AuthenticatorApp", "clock"): lambda: DeviceClock(VirtualClock(START)),
        ("app.AuthenticatorApp.scan", "image_or_uri"): lambda: _png(w),
        ("qr.decode_png", "png"): lambda: _png(w),
        ("qr.decode_image", "image"): lambda: __import__("PIL.Image").Image.new("L", (40, 40), 255),
        ("app.AppProfile", "algorithms"): lambda: frozenset({"SHA1"}),
        ("app.AppProfile", "digits"): lambda: frozenset({6}),
        ("app.AppProfile", "periods"): lambda: None,
        ("app.AppProfile", "source"): lambda: "a test",
        ("sms_sending.SmsSending", "limits"): lambda: w.portal.sms_limits,
        ("clock.check_seconds", "limit"): lambda: 3600.0,
        ("otp.matching_steps", "code"): lambda: "123456",
        ("accounts.Accounts.add", "login"): lambda: "bob@example.com",
        ("cell_phone.CellPhoneSettings", "sms"): lambda: w.portal._sms,
        ("sms_sending.SmsSending.text_code", "user"): lambda: _user(w),
        ("sms_sending.SmsSending.text_code", "phone"): lambda: _user(w).cell_phone,
        ("sms_sending.SmsSending.text_code", "codes"): lambda: _user(w).sms,
        ("sms_sending.SmsSending.text_code", "action"): lambda: "sms.send",
        ("sms_sending.SmsSending.text_code", "template"): lambda: "{issuer} code: {code}. It expires in {lifetime}.",
        ("plots.acceptance_heatmap", "grid"): lambda: _small_grid(),
        ("plots.acceptance_heatmap", "title"): lambda: "acceptance",
        ("plots.guessing_chart", "timelines"): lambda: _timelines(),
        ("plots.window_heatmap", "table"): lambda: _window_table(),
        ("entropy.derived_seed", "salt"): lambda: 7,
        # values the rules refuse for their range (the bound is (6, 10)) or their type, so that the sweep
        # reaches the message each builds from its other parameters
        ("bounds.check_whole", "value"): lambda: 5,
        ("bounds.check_number", "value"): lambda: 5.5,
        ("bounds.check_flag", "value"): lambda: "yes",
        ("executors.run_pieces", "function"): lambda: repr,
        ("executors.run_pieces", "pieces"): lambda: [1, "two"],
        ("guard.Guard.notify", "kind"): lambda: "password_changed",
        ("outbox.Outbox.send", "notice"): lambda: _notice(),
        # the scenario package: plain values, as a scenario file gives them
        **_adapter_values("scenarios.engine_adapter.EngineAdapter"),
        ("scenarios.belongings.Belongings", "portal_clock"): lambda: VirtualClock(START),
        ("scenarios.belongings.Belongings.typed", "value"): lambda: 0.0,
        ("scenarios.belongings.Belongings.typed", "inbox"): lambda: [],
        ("scenarios.belongings.sms_code", "message"): lambda: w.portal.gateway.send("+393123456789", "Your code",
                                                                                    "123456"),
        ("scenarios.nodes.parse", "source"): lambda: TINY_SCENARIO,
        ("scenarios.loader.loads", "source"): lambda: TINY_SCENARIO,
        ("scenarios.loader.load", "path"): lambda: _tiny_file(),
        ("scenarios.nodes.Fields", "located"): lambda: _located(),
        ("scenarios.nodes.Fields", "allowed"): lambda: ("name", "after", "items", "when"),
        **{(f"scenarios.nodes.Fields.{m}", "key"): (lambda: "after")
           for m in ("fail", "child", "get", "has", "require", "text", "choice", "number", "boolean", "mapping",
                     "sequence")},
        ("scenarios.nodes.Fields.choice", "choices"): lambda: ("tiny", "small"),
        ("scenarios.nodes.Fields.fail", "problem"): lambda: "is wrong",
        ("scenarios.nodes.Fields.mapping", "allowed"): lambda: ("a",),
        ("scenarios.steps.read_step", "item"): lambda: _step_item(),
        ("scenarios.steps.read_step", "users"): lambda: _scenario().users,
        ("scenarios.steps.read_step", "moment"): lambda: (lambda fields, key, default: default),
        ("scenarios.runner.check_reasons", "adapter"): lambda: _engine_adapter(),
        ("scenarios.runner.run", "adapter"): lambda: _engine_adapter(),
        ("scenarios.cli.scenario_files", "paths"): lambda: [_tiny_file()],
        ("scenarios.cli.main", "argv"): lambda: ["run", _tiny_file()],
        # the conformance package: the engine adapter's values for the django-two-factor-auth adapter
        **_adapter_values("conformance.django_target.adapter.DjangoAdapter"),
        ("conformance.django_target.adapter.DjangoAdapter.open_world", "preset"): lambda: "django-otp 1.7.0",
        ("conformance.django_target.adapter.international", "number"): lambda: "312 345 6789",
        ("conformance.compare.compare", "target"): lambda: _target(),
        ("conformance.compare.compare", "scenario"): lambda: _unsupported_scenario(),
        ("conformance.report.report_of", "target"): lambda: _target(),
        ("conformance.report.report_of", "comparisons"): lambda: [_comparison()],
        ("conformance.report.conform", "scenarios"): lambda: _unsupported_scenario(),
        ("conformance.report.conform", "target"): lambda: "django",
        ("conformance.compare.verdict", "expected"): lambda: ("accepted", None),
        ("conformance.compare.verdict", "engine"): lambda: "accepted (accepted)",
        ("conformance.compare.verdict", "target"): lambda: "accepted (accepted)",
        ("conformance.targets.target_named", "name"): lambda: "django",
        ("conformance.versions.package_versions", "distributions"): lambda: ("Django",),
        ("conformance.cli.add_command", "commands"): lambda: _subparsers(),
        ("conformance.cli.run_command", "paths"): lambda: [str(UNSUPPORTED_FILE)],
        # a population run: two users for half a day
        ("population.simulate.simulate_population", "population"): lambda: _population(),
        ("population.simulate.simulate_population", "days"): lambda: 0.5,
        # a population run's tables: that run, and the same users under another policy
        **{(f"population_tables.{f}", "result"): (lambda: _population_run())
           for f in ("summary_table", "costs_table", "failures_table")},
        ("population_tables.comparison_table", "first"): lambda: _population_run(),
        ("population_tables.comparison_table", "second"): lambda: _population_run("pyotp bare"),
    }
    by_name = {
        "login": lambda: LOGIN,
        "password": lambda: PASSWORD,
        "old_password": lambda: PASSWORD,
        "new_password": lambda: "a new passphrase",
        "name": lambda: NAME,
        "code": lambda: w.app.code(),
        "browser": lambda: w.browser,
        "browser_id": lambda: "alice-laptop",
        "attempt": lambda: _attempt(w),
        "remember": lambda: False,
        "agent": lambda: "sam",
        "identity_verified": lambda: True,
        "ticket": lambda: "T-1",
        "country": lambda: "IT",
        "region": lambda: "IT",
        "typed": lambda: "312 345 6789",
        "device_id": lambda: "device-1",
        "margin": lambda: 2,
        "secret": lambda: RFC_SECRET,
        "clock": lambda: VirtualClock(START),
        "entropy": lambda: SeededEntropy(3),
        "policy": lambda: SEED_PORTAL,
        "issuer": lambda: "Client Portal",
        "account": lambda: LOGIN,
        "gateway": lambda: None,
        "profile": lambda: AEGIS,
        "seed": lambda: 11,
        "start": lambda: START,
        "epoch": lambda: START,
        "phone_time": lambda: START,
        "now": lambda: w.portal.clock.now(),
        "seconds": lambda: 30,
        "offset": lambda: 30.0,
        "ppm": lambda: 10.0,
        "listener": lambda: (lambda now: None),
        "label": lambda: None,
        "uri": lambda: f"otpauth://totp/Client%20Portal:alice?secret={RFC_SECRET}",
        "allow_legacy": lambda: False,
        "text": lambda: "123 456",
        "value": lambda: "correct horse",
        "what": lambda: "code",
        "max_chars": lambda: 100,
        "token": lambda: "a" * 32,
        "cost": lambda: SIMULATION_COST,
        "iterations": lambda: 1000,
        "base32": lambda: RFC_SECRET,
        "legacy": lambda: False,
        "bits": lambda: 160,
        "provisioning": lambda: _provisioning(),
        "box_size": lambda: 2,
        "border": lambda: 4,
        "key": lambda: b"12345678901234567890",
        "counter": lambda: 1,
        "digits": lambda: 6,
        "period": lambda: 30,
        "algorithm": lambda: "SHA1",
        "steps": lambda: [1, 2],
        "n": lambda: 16,
        "mu": lambda: 0.0,
        "sigma": lambda: 1.0,
        "alphabet": lambda: "ABC",
        "length": lambda: 8,
        "bound": lambda: (6, 10),
        "last": lambda: 5,
        "user": lambda: None,
        "price": lambda: 0.05,
        "prices": lambda: None,
        "body": lambda: "Your code",
        "to": lambda: "+393123456789",
        "number": lambda: "+393123456789",
        "what_if": lambda: None,
        "settings": lambda: __import__("twofa_sim.gateway").gateway.GatewaySettings(),
        "offsets": lambda: [0],
        "delays": lambda: [0],
        "into_step": lambda: 15.0,
        "hours": lambda: 0.01,
        "per_second": lambda: 1.0,
        "enrolled": lambda: False,
        "p": lambda: _provisioning(),
        "portal": lambda: w.portal,
        "requirement": lambda: "ENR-1",
        "condition": lambda: True,
        "where": lambda: "sweep",
        "notebooks": lambda: ROOT / "notebooks",
        "skip": lambda: ("00_overview.ipynb",),
        "tests": lambda: {},
        "requirements": lambda: {"ENR-1": "x"},
        "raw": lambda: "ABCDEFGHIJ",
        "group": lambda: 5,
        "remaining": lambda: 3,
        "reason": lambda: Reason.ACCEPTED,
        "outcome": lambda: Outcome.OK,
        "action": lambda: "login.password",
        "facts": lambda: {},
        "wait": lambda: 0.0,
        "app_only": lambda: False,
        "two_factor_on": lambda: True,
        "e164": lambda: "+393123456789",
        "international": lambda: "+39 312 345 6789",
        "context": lambda: _context(w),
        "stored": lambda: hash_value("pw", SeededEntropy(1), SIMULATION_COST),
        "png": lambda: _png(w),
        "image_or_uri": lambda: _png(w),
        "accounts": lambda: w.portal._accounts,
        "attempts": lambda: w.portal._sign_in._attempts,
        "guard": lambda: w.portal._guard,
        "reauth": lambda: w.portal._settings._reauth,
        "audit": lambda: w.portal.audit,
        "check_password": lambda: w.portal._accounts.check_password,
        "login_step_seconds": lambda: 600,
        "limits": lambda: {"number": 5},
        # the scenario package's parameters
        "path": lambda: "tiny.yaml",
        "preset": lambda: "seed portal",
        "overrides": lambda: {},
        "network": lambda: {"loss_rate": 0.0},
        "offset_seconds": lambda: 0.0,
        "drift_ppm": lambda: 0.0,
        "source": lambda: "app",
        "form": lambda: "as shown",
        "old": lambda: PASSWORD,
        "new": lambda: "a new passphrase",
        "code_source": lambda: "",
        "target": lambda: "app",
        "scenario": lambda: _scenario(),
        "step": lambda: _scenario().steps[1],
        "index": lambda: 0,
        "adapter": lambda: _engine_adapter(),
    }
    return special, by_name


# --------------------------------------------------------------------------- discovery

@dataclass(frozen=True)
class Target:
    qualname: str               # "portal.Portal.add_user", "portal.Portal" (the constructor), "qr.render_png"
    owner: type | None          # the class, for methods and constructors
    attribute: str | None       # the method's name; None for a constructor or a function
    function: typing.Callable


def _modules():
    for info in pkgutil.walk_packages(twofa_sim.__path__, "twofa_sim."):
        if info.name.startswith("twofa_sim.ui") or info.name.rsplit(".", 1)[-1].startswith("_"):
            continue  # the widgets, and private modules (a package's internals, reached through its public API)
        yield importlib.import_module(info.name)


def _is_sweepable_class(obj: type) -> bool:
    if issubclass(obj, (BaseException, enum.Enum)):
        return False  # exceptions take any message; Enum lookups are Python's own
    return not getattr(obj, "_is_protocol", False)  # an interface, not something to call


def public_callables() -> list[Target]:
    found: dict[str, Target] = {}
    for module in _modules():
        short = module.__name__.removeprefix("twofa_sim.")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(obj):
                if not _is_sweepable_class(obj):
                    continue
                found[f"{short}.{name}"] = Target(f"{short}.{name}", obj, None, obj)
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(member) or isinstance(member, (classmethod, staticmethod)):
                        found[f"{short}.{name}.{attr}"] = Target(f"{short}.{name}.{attr}", obj, attr, member)
            elif callable(obj) and inspect.isfunction(inspect.unwrap(obj)):
                found[f"{short}.{name}"] = Target(f"{short}.{name}", None, None, obj)
    return [found[k] for k in sorted(found)]


def _parameters(target: Target) -> list[inspect.Parameter]:
    function = target.function
    if isinstance(function, (classmethod, staticmethod)):
        function = function.__func__
    signature = inspect.signature(function)
    params = list(signature.parameters.values())
    if target.owner is not None and target.attribute is not None and not isinstance(target.function, staticmethod):
        params = params[1:]  # self or cls
    return params


def _bound(target: Target, w: World):
    """The thing to call: a function, a class, or a method bound to a valid receiver."""
    if target.attribute is None:
        return target.function
    member = target.function
    if isinstance(member, (classmethod, staticmethod)):
        return getattr(target.owner, target.attribute)
    owner = target.owner.__name__
    receiver = RECEIVERS[owner](w) if owner in RECEIVERS else _construct(target.owner, w)
    return getattr(receiver, target.attribute)


def _construct(cls: type, w: World):
    target = Target(cls.__name__, cls, None, cls)
    kwargs = {p.name: _valid_value(w, f"{cls.__module__.removeprefix('twofa_sim.')}.{cls.__name__}", p.name)
              for p in _parameters(target)
              if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return cls(**kwargs)


# --------------------------------------------------------------------------- the watchdog

def run_with_watchdog(call: typing.Callable[[], object], limit: float = CALL_LIMIT_SECONDS):
    """``("ok", value)``, ``("raised", exception)`` or ``("hang", None)`` when
    ``call`` has not finished within ``limit`` seconds (it is left running in
    a daemon thread; the test fails)."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - every exception is judged by the caller
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        return "hang", None
    if "error" in box:
        return "raised", box["error"]
    return "ok", box.get("value")


# --------------------------------------------------------------------------- the sweep

def sweep(targets: list[Target]) -> tuple[list[str], int]:
    """Every hostile value in every parameter of every target; returns the
    failures (one line each) and the number of calls made."""
    from twofa_sim.checks import RAN

    failures: list[str] = []
    calls = 0
    checks_before = len(RAN)  # checks swept here are not requirement checks: forget them afterwards
    try:
        _sweep_into(targets, failures)
    finally:
        del RAN[checks_before:]
    return failures, _CALLS.pop()


_CALLS: list[int] = []
_PARALLEL: list[Target] = []


def sweep_in_processes(targets: list[Target]) -> tuple[list[str], int]:
    """:func:`sweep` split over forked worker processes (one per CPU, 2 to 4),
    each taking every n-th target; a worker ends after one share, so a call
    left running after its watchdog fired ends with it. Serial where fork is
    not available."""
    import multiprocessing
    import os

    workers = max(2, min(4, os.cpu_count() or 1))
    if "fork" not in multiprocessing.get_all_start_methods():
        return sweep(targets)
    _PARALLEL[:] = targets
    for warm in WARM:  # once, before the workers fork: each inherits what it built
        warm()
    chunks = [list(range(i, len(targets), workers * 2)) for i in range(workers * 2)]
    with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
        results = pool.map(_sweep_chunk, chunks, chunksize=1)
    return sorted(f for failures, _ in results for f in failures), sum(calls for _, calls in results)


#: Built once in the sweep's parent process before the workers fork, so a
#: receiver slow to build the first time (a comparison run on the engine, the
#: Django project configured and migrated) is not built inside a watchdog.
WARM: tuple[typing.Callable[[], object], ...] = (lambda: _comparison(), lambda: _django_adapter())


def _sweep_chunk(indices: list[int]) -> tuple[list[str], int]:
    return sweep([_PARALLEL[i] for i in indices])


def _sweep_into(targets: list[Target], failures: list[str]) -> None:
    calls = 0
    for target in targets:
        if target.qualname in EXCLUDED:
            continue
        params = [p for p in _parameters(target) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if not params:  # nothing to be hostile with: it must still answer normally
            w = make_world()
            state, value = run_with_watchdog(lambda: _bound(target, w)())
            calls += 1
            if state != "ok" and not (state == "raised" and isinstance(value, TwofaSimError)):
                failures.append(f"{target.qualname}(): {_describe(state, value)}")
            continue
        shared = make_world()  # functions and constructors share one world per callable;
        for param in params:   # methods get a fresh receiver for each parameter
            if (target.qualname, param.name) in SKIPPED:
                continue
            w = make_world() if target.attribute is not None else shared
            try:
                function = _bound(target, w)
            except LookupError as exc:
                failures.append(f"{target.qualname}: {exc}")
                break
            for label, factory in HOSTILE:
                try:
                    kwargs = {p.name: _valid_value(w, target.qualname, p.name) for p in params
                              if p.name != param.name and p.default is inspect.Parameter.empty}
                except LookupError as exc:
                    failures.append(f"{target.qualname}: {exc}")
                    break
                kwargs.update({n: small() for (q, n), small in SMALL.items()
                               if q == target.qualname and n != param.name})
                kwargs[param.name] = factory()
                before = w.snapshot()
                state, value = run_with_watchdog(lambda: function(**kwargs))
                calls += 1
                where = f"{target.qualname}({param.name}={label})"
                if state == "hang":
                    failures.append(f"{where}: no answer within {CALL_LIMIT_SECONDS:g} s")
                    continue
                if state == "raised":
                    if not isinstance(value, TwofaSimError):
                        failures.append(f"{where}: {_describe(state, value)}")
                    elif w.snapshot() != before:
                        failures.append(f"{where}: refused with {type(value).__name__} but changed the portal")
    _CALLS.append(calls)


def _describe(state: str, value: object) -> str:
    if state == "hang":
        return f"no answer within {CALL_LIMIT_SECONDS:g} s"
    if state == "raised":
        return f"{type(value).__name__}: {str(value)[:120]}"
    return "answered"


def test_every_public_callable_answers_hostile_input_with_a_typed_error_or_normally():
    targets = public_callables()
    names = {t.qualname for t in targets}
    assert not set(EXCLUDED) - names, f"excluded callables that no longer exist: {set(EXCLUDED) - names}"
    assert not {q for q, _ in SKIPPED} - names, "skipped parameters of callables that no longer exist"
    assert not {q for q, _ in SMALL} - names, "small settings for callables that no longer exist"
    assert {"portal.Portal.add_user", "provisioning.build_uri", "qr.render_png", "hashing.HashCost"} <= names
    started = time.perf_counter()
    failures, calls = sweep_in_processes(targets)
    elapsed = time.perf_counter() - started
    swept = len(names - set(EXCLUDED))
    print(f"\nswept {swept} callables ({len(EXCLUDED)} excluded) with {len(HOSTILE)} hostile values: "
          f"{calls} calls in {elapsed:.1f} s")
    assert not failures, f"{len(failures)} untyped answers:\n" + "\n".join(failures)


# --------------------------------------------------------------------------- the harness itself

def test_the_watchdog_reports_a_hang_and_the_sweep_reports_untyped_errors():
    state, _ = run_with_watchdog(lambda: time.sleep(0.5), limit=0.05)
    assert state == "hang"
    assert run_with_watchdog(lambda: 1 + 1) == ("ok", 2)
    state, error = run_with_watchdog(lambda: {}["missing"])
    assert state == "raised" and isinstance(error, KeyError)


def test_the_sweep_finds_an_untyped_error_in_a_callable_that_has_one():
    def fragile(text):
        return text.upper()  # AttributeError on None, an untyped answer

    failures, calls = sweep([Target("example.fragile", None, None, fragile)])
    assert calls == len(HOSTILE)
    assert any("example.fragile(text=None): AttributeError" in f for f in failures)


def test_the_sweep_finds_a_refusal_that_changed_the_portal():
    def half_done(portal, login):
        portal.add_user(f"user{len(portal.users())}@example.com", "pw", "Someone")  # a change, then
        raise TwofaSimError("refused too late")                                       # the refusal

    failures, _ = sweep([Target("example.half_done", None, None, half_done)])
    assert any("example.half_done(login=None): refused with TwofaSimError but changed the portal" in f
               for f in failures)
