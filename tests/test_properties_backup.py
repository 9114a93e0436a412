"""Property: through Portal.login, each backup code works exactly once, in any
order and whatever form it is typed in; the remaining count follows."""

from hypothesis import given, settings
from hypothesis import strategies as st

from support import enrol_with_app
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600

FORMS = {
    "as shown": lambda c: c,
    "lower case": str.lower,
    "no hyphen": lambda c: c.replace("-", ""),
    "spaced": lambda c: " ".join(c.replace("-", "")) + "\n",
    "hyphen as space": lambda c: c.replace("-", " ").lower(),
}


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 5), data=st.data())
def test_each_backup_code_works_exactly_once(seed, count, data):
    policy = SEED_PORTAL.replace(backup_code_count=count, lockout_failures=0)
    user = enrol_with_app(Portal.simulated(seed=seed, start=START, policy=policy))
    uses = data.draw(st.lists(st.tuples(st.integers(0, count - 1), st.sampled_from(sorted(FORMS))),
                              min_size=1, max_size=2 * count + 2))
    used = set()
    for i, (index, form) in enumerate(uses):
        user.clock.advance(1)
        typed = FORMS[form](user.backup_codes[index])
        result = user.portal.login(user.login, user.password, typed, Browser(f"browser-{i}"))
        if index in used:
            assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.ALREADY_USED)
        else:
            assert (result.outcome, result.factor) == (Outcome.OK, "backup")
            used.add(index)
        assert user.portal.status(user.login).backup_remaining == count - len(used)
    # every code not yet used still works, once
    for index in set(range(count)) - used:
        assert user.login_with(user.backup_codes[index], Browser("last")).outcome is Outcome.OK
    assert user.portal.status(user.login).backup_remaining == 0
