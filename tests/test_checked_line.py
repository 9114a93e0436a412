"""Run All twice in one live kernel gives the same ``checked:`` line.

JupyterLab sends each cell's id with every run; the record of checks keys
cells by it, so a cell that runs again keeps its number and replaces the
checks it recorded before. Driven here through a real kernel with the ids
in the request metadata, as JupyterLab sends them.
"""

from __future__ import annotations

import pytest

from twofa_sim.checks import RAN, _CellNumbers

CELLS = [
    ("import-cell", "from twofa_sim.checks import check, summary"),
    ("prose-cell", "x = 1"),
    ("enr-cell", "check('ENR-1', True, 'first')\ncheck('ENR-2', True, 'second')"),
    ("log-cell", "check('ENR-1', True, 'again')"),
    ("summary-cell", "_ = summary()"),
]


def _run(client, cell_id: str, code: str) -> str:
    """Execute ``code`` as cell ``cell_id``; return its stdout."""
    msg = client.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                  "user_expressions": {}, "allow_stdin": False,
                                                  "stop_on_error": True}, metadata={"cellId": cell_id})
    client.shell_channel.send(msg)
    out = []
    while True:
        reply = client.get_iopub_msg(timeout=30)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        kind = reply["msg_type"]
        if kind == "stream":
            out.append(reply["content"]["text"])
        elif kind == "error":
            raise AssertionError("\n".join(reply["content"]["traceback"]))
        elif kind == "status" and reply["content"]["execution_state"] == "idle":
            return "".join(out)


@pytest.fixture(scope="module")
def kernel():
    jupyter_client = pytest.importorskip("jupyter_client")
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run_all(client) -> str:
    return [_run(client, cell_id, code) for cell_id, code in CELLS][-1]


def test_run_all_twice_prints_the_same_checked_line(kernel):
    first = _run_all(kernel)
    second = _run_all(kernel)
    assert first.strip() == "checked: ENR-1 @ cell 3, cell 4 | ENR-2 @ cell 3"
    assert second == first


def test_a_cell_run_again_replaces_its_checks_and_keeps_its_number():
    numbers = _CellNumbers()

    class Shell:
        class events:  # noqa: N801 - shaped like IPython's EventManager
            @staticmethod
            def register(name, callback):
                assert name == "pre_run_cell"

    class Info:
        def __init__(self, cell_id):
            self.cell_id = cell_id

    from twofa_sim.checks import Ran

    before = list(RAN)
    try:
        numbers.attach(Shell, "a")
        numbers.starting(Info("b"))
        assert numbers.current == 2
        RAN.append(Ran("ENR-1", "x", "cell 2"))
        numbers.starting(Info("c"))
        assert numbers.current == 3
        numbers.starting(Info("b"))  # b runs again: same number, its old check is gone
        assert numbers.current == 2
        assert [r for r in RAN if r.where == "cell 2"] == []
        numbers.starting(Info(None))  # a runner that names no cells counts on
        assert numbers.current == 4
    finally:
        RAN[:] = before
