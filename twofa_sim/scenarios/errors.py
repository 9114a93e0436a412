"""The one error a scenario file can cause: :class:`ScenarioError`."""

from __future__ import annotations

from ..errors import TwofaSimError


class ScenarioError(TwofaSimError):
    """A scenario file that cannot be used, located by file, line and field.

    The message reads ``scenarios/x.yaml:12: steps[3].expect.outcome: must be
    one of accepted, refused, locked, expired (got 'ok')``.

    Attributes:
        path: the file as named by the caller.
        line: 1-based line in the file.
        field: the field's path (``steps[3].expect.outcome``; "" for the whole file).
        problem: what is wrong, for a person.
    """

    def __init__(self, path: str, line: int, field: str, problem: str) -> None:
        self.path, self.line, self.field, self.problem = path, line, field, problem
        where = f"{path}:{line}: " + (f"{field}: " if field else "")
        super().__init__(where + problem)
