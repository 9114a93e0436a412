"""A population run's contract: typed errors on bad input, the same tables
for the same seed and for any executor, summaries without a per-login
table, the per-region SMS limit lifted and reported, and the population's
own rules (presets, validation, secrets and codes)."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pandas as pd
import pytest

from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.otp import hotp
from twofa_sim.population import CARELESS, POPULATIONS, TYPICAL, Population, PopulationResult, simulate_population
from twofa_sim.presets import SEED_PORTAL

SMALL = TYPICAL.replace(users=40, hand_set_share=0.2, far_off_share=0.05, sms_share=0.3, phone_loss_per_month=0.5,
                        repeat_share=0.2)


def same(a: PopulationResult, b: PopulationResult) -> None:
    if a.logins is None or b.logins is None:
        assert a.logins is None and b.logins is None
    else:
        pd.testing.assert_frame_equal(a.logins, b.logins)
    pd.testing.assert_frame_equal(a.users, b.users)
    assert a.summary == b.summary


# ------------------------------------------------------------------ the model

def test_presets_are_valid_populations():
    assert POPULATIONS == {"typical": TYPICAL, "careless": CARELESS}
    assert CARELESS.far_off_share > TYPICAL.far_off_share and CARELESS.backup_kept_share < TYPICAL.backup_kept_share


def test_replace_validates_and_renames():
    changed = TYPICAL.replace(users=5, sms_share=0.3)
    assert changed.users == 5 and changed.name == "typical (modified)"
    assert changed.replace(users=6).name == "typical (modified)"
    assert TYPICAL.replace(name="mine").name == "mine"
    with pytest.raises(SimulationError, match="unknown population field"):
        TYPICAL.replace(colour="blue")


@pytest.mark.parametrize("field, value, error", [
    ("users", 0, SimulationError), ("users", 10**400, SimulationError), ("users", 1.5, InputTypeError),
    ("users", True, InputTypeError), ("hand_set_share", 1.5, SimulationError),
    ("far_off_share", math.nan, SimulationError), ("sms_share", "a lot", InputTypeError),
    ("typing_median_seconds", math.inf, SimulationError), ("sign_ins_per_day", 0.0, SimulationError),
    ("sign_ins_per_day", 1e300, SimulationError), ("max_tries", 0, SimulationError),
    ("sms_sends", 2.0, InputTypeError), ("drift_ppm_sd", -1.0, SimulationError), ("name", 3, InputTypeError),
    ("name", "x" * 201, SimulationError),
])
def test_bad_population_values_are_typed_errors(field, value, error):
    with pytest.raises(error, match=field if field != "name" else "name"):
        Population(**{field: value})


def test_phone_shares_may_not_add_up_to_more_than_everyone():
    with pytest.raises(SimulationError, match="add up to more than 1"):
        Population(hand_set_share=0.7, far_off_share=0.4)
    with pytest.raises(SimulationError, match="far_off_min_seconds"):
        Population(far_off_min_seconds=600.0, far_off_max_seconds=300.0)


def test_secrets_and_codes_are_the_package_s_own():
    from twofa_sim.population._keys import Hotp, base32, secret_key
    from twofa_sim.secret import import_secret

    for algorithm, bits in (("SHA1", 160), ("SHA256", 256), ("SHA512", 4096)):
        key = secret_key(9, 123, 2, bits)
        assert len(key) == bits // 8 and import_secret(base32(key)).key == key
        assert secret_key(9, 123, 3, bits) != key and secret_key(9, 124, 2, bits) != key
        codes = Hotp(key, algorithm, 8)
        for counter in (0, 1, 59_000_000, 2**40):
            assert str(codes.value(counter)).zfill(8) == hotp(key, counter, 8, algorithm)


def test_a_piece_s_codes_are_each_user_s_current_secret_s_even_when_kept():
    """Codes a piece computes in batches, and keeps per user (one per place
    step % KEPT), are the codes of the user's current secret: asked again,
    for steps that share a place, and after a new secret."""
    import numpy as np

    from twofa_sim.population._keys import KEPT, PieceCodes, secret_key

    codes = PieceCodes(seed=5, lo=100, n=4, bits=160, algorithm="SHA1", digits=6)

    def expected(user, version, steps):
        key = secret_key(5, 100 + user, version, 160)
        return [int(hotp(key, s, 6, "SHA1")) for s in steps]

    steps = np.array([59_000_000, 59_000_001, 59_000_000 + KEPT, 59_000_000], dtype=np.int64)
    for versions in ([0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 2]):  # by user; then users 1 and 3 enrol anew
        users = np.array([3, 3, 3, 1], dtype=np.int64)
        got = codes.values(users, np.array([versions[u] for u in users]), steps)
        want = [expected(u, versions[u], [s])[0] for u, s in zip(users.tolist(), steps.tolist())]
        assert got.tolist() == want


def test_rows_are_ordered_by_time_within_a_sign_in_whatever_the_recording_order():
    import numpy as np

    from twofa_sim.population._records import CODE, OK, PASSWORD, REFUSED, Ledger

    ledger = Ledger(users=2, hours=1, start=0.0)
    one = np.array([1])
    ledger.row(one, np.array([1]), np.array([20.0]), CODE, 0, 1, 3, np.array([OK]), 0)
    ledger.row(np.array([0, 1]), np.array([1, 1]), np.array([5.0, 10.0]), PASSWORD, 0, 0, 1, OK, 0)
    ledger.row(one, np.array([1]), np.array([15.0]), CODE, 0, 1, 3, np.array([REFUSED]), 0)
    rows = ledger.row_arrays()
    assert rows["user"].tolist() == [0, 1, 1, 1]
    assert rows["time"].tolist() == [5.0, 10.0, 15.0, 20.0]
    assert rows["step"].tolist() == [PASSWORD, PASSWORD, CODE, CODE]
    assert rows["outcome"].tolist() == [OK, OK, REFUSED, OK]


# ----------------------------------------------------------------- bad input

@pytest.mark.parametrize("changes, error", [
    ({"policy": "seed portal"}, InputTypeError), ({"population": {"users": 3}}, InputTypeError),
    ({"days": 0}, SimulationError), ({"days": math.nan}, SimulationError), ({"days": 10**9}, SimulationError),
    ({"days": True}, InputTypeError), ({"days": "30"}, InputTypeError), ({"seed": -1}, SimulationError),
    ({"seed": 2**63}, SimulationError), ({"seed": 1.0}, InputTypeError), ({"executor": object()}, InputTypeError),
    ({"path": "slow"}, SimulationError), ({"path": 2}, InputTypeError), ({"per_login": 1}, InputTypeError),
    ({"sms_price": -0.01}, SimulationError), ({"sms_price": math.inf}, SimulationError),
    ({"hash_cost": "cheap"}, InputTypeError),
])
def test_bad_arguments_are_typed_errors(changes, error):
    arguments = {"policy": SEED_PORTAL, "population": SMALL, "days": 1.0, "seed": 1, **changes}
    with pytest.raises(error):
        simulate_population(**arguments)


# --------------------------------------------------------------- determinism

@pytest.mark.parametrize("path", ["engine", "fast"])
def test_the_same_seed_gives_identical_tables_and_another_seed_others(path):
    first = simulate_population(SEED_PORTAL, SMALL, 4.0, 21, path=path)
    same(first, simulate_population(SEED_PORTAL, SMALL, 4.0, 21, path=path))
    other = simulate_population(SEED_PORTAL, SMALL, 4.0, 22, path=path)
    assert not first.users.equals(other.users)
    assert first.path == path and first.seed == 21 and first.days == 4.0 and first.population is SMALL


def test_a_run_without_the_per_login_table_has_the_same_users_and_summary():
    full = simulate_population(SEED_PORTAL, SMALL, 4.0, 3, path="fast")
    lean = simulate_population(SEED_PORTAL, SMALL, 4.0, 3, path="fast", per_login=False)
    assert lean.logins is None and full.logins is not None
    pd.testing.assert_frame_equal(full.users, lean.users)
    assert full.summary == lean.summary


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 15 users, so a small population is several pieces."""
    from twofa_sim.population import _events

    monkeypatch.setattr(_events, "BLOCK_USERS", 15)


@pytest.mark.parametrize("path", ["engine", "fast"])
def test_any_executor_gives_identical_tables(small_blocks, path):
    serial = simulate_population(SEED_PORTAL, SMALL, 3.0, 8, path=path)
    assert serial.users["user"].tolist() == list(range(SMALL.users))
    with ThreadPoolExecutor(3) as pool:
        same(serial, simulate_population(SEED_PORTAL, SMALL, 3.0, 8, executor=pool, path=path))


def test_a_process_pool_gives_identical_tables(small_blocks):
    serial = simulate_population(SEED_PORTAL, SMALL, 3.0, 8, path="fast")
    with ProcessPoolExecutor(2) as pool:
        same(serial, simulate_population(SEED_PORTAL, SMALL, 3.0, 8, executor=pool, path="fast"))


# ------------------------------------------------------ the per-region limit

def test_the_per_region_limit_is_lifted_for_every_user_and_reported():
    """Users share no limit: the region's cap changes no answer, and the
    summary says how many clock hours it would have been exceeded in."""
    busy = SMALL.replace(sms_share=1.0, remember_share=0.0, sign_ins_per_day=4.0)
    capped = simulate_population(SEED_PORTAL.replace(sms_per_region_per_hour=1), busy, 2.0, 5, path="fast")
    free = simulate_population(SEED_PORTAL.replace(sms_per_region_per_hour=0), busy, 2.0, 5, path="fast")
    pd.testing.assert_frame_equal(capped.logins, free.logins)
    assert capped.summary["sms_region_cap"] == 1 and free.summary["hours_over_region_cap"] == 0
    per_hour = capped.logins.query("step == 'send' and outcome == 'ok'")["time"]
    hours = ((per_hour - per_hour.min()) // 3600).value_counts()
    assert capped.summary["sms_busiest_hour"] >= hours.max() > 1
    assert capped.summary["hours_over_region_cap"] >= 1


def test_sms_cost_follows_the_price():
    busy = SMALL.replace(sms_share=1.0)
    cheap = simulate_population(SEED_PORTAL, busy, 2.0, 5, path="fast", sms_price=0.01)
    dear = simulate_population(SEED_PORTAL, busy, 2.0, 5, path="fast", sms_price=0.5)
    assert cheap.summary["sms_sent"] == dear.summary["sms_sent"] > 0
    assert dear.summary["sms_cost"] == round(dear.summary["sms_sent"] * 0.5, 2)
    assert (dear.users["sms_cost"] == dear.users["sms_sent"] * 0.5).all()


def test_run_pieces_refuses_what_is_not_a_function_or_pieces():
    from twofa_sim.executors import run_pieces

    assert run_pieces(abs, [-1, 2]) == [1, 2]
    for function, pieces in ((None, [1]), (abs, "12"), (abs, 5)):
        with pytest.raises(InputTypeError):
            run_pieces(function, pieces)


def test_a_preset_without_sms_sends_no_texts_and_says_so():
    from twofa_sim.population import TYPICAL, simulate_population
    from twofa_sim.presets import PRESETS, SEED_PORTAL

    without = next(p for p in PRESETS.values() if dict(p.described).get("sms_offered") is False)
    people = TYPICAL.replace(users=200, sms_share=0.5)
    run = simulate_population(without, people, days=3, seed=4, path="fast", per_login=False)
    assert run.summary["sms_offered"] is False and run.summary["sms_sent"] == 0
    assert run.population == people  # the result names the population asked for
    seed_run = simulate_population(SEED_PORTAL, people, days=3, seed=4, path="fast", per_login=False)
    assert seed_run.summary["sms_offered"] is True and seed_run.summary["sms_sent"] > 0


def test_resizing_a_population_keeps_its_name():
    from twofa_sim.population import TYPICAL

    assert TYPICAL.replace(users=10).name == TYPICAL.name
    assert TYPICAL.replace(users=10, sms_share=0.5).name.endswith("(modified)")


@pytest.mark.parametrize("path, per_login, users, days", [
    ("engine", True, 100_000, 11), ("fast", True, 1_000_000, 4), ("fast", False, 10_000_000, 11)])
def test_a_run_bigger_than_minutes_of_work_is_refused_up_front(path, per_login, users, days):
    from twofa_sim.population import TYPICAL, simulate_population
    from twofa_sim.presets import SEED_PORTAL

    with pytest.raises(SimulationError, match="user-days"):
        simulate_population(SEED_PORTAL, TYPICAL.replace(users=users), days, seed=1, path=path, per_login=per_login)
