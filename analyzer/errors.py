"""Exit codes and the one error type that means "the user's input or usage is wrong"."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of every archgov command."""

    OK = 0
    GATE_FAILED = 1
    USAGE = 2
    INTERNAL = 3


class UserError(Exception):
    """Bad usage or input: printed as one line, exit code 2, never a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message
