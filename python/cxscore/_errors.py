"""The error cxscore raises for bad input, wherever the input came from."""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Bad input: a value, a row, a file or a parameter that cxscore refuses.

    The message names the source (a file, or ``events DataFrame``), the row (the file's row, or the
    frame's index label), the column and the value; the same parts are attributes.

    >>> import cxscore
    >>> try:
    ...     cxscore.Model(alpha=2)
    ... except cxscore.InputError as e:
    ...     print(e.column, e.value)
    alpha 2
    """

    def __init__(self, message: str, *, file: str = "", row: Any = 0, column: str = "", value: str = "",
                 reason: str = "") -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason

    @classmethod
    def at(cls, file: str, row: Any, column: str, value: Any, reason: str) -> InputError:
        """The error with its message made by :func:`describe` from the same parts."""
        return cls(describe(file, row, column, value, reason), file=file, row=row, column=column, value=str(value),
                   reason=reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (str(self), self.file, self.row, self.column, self.value, self.reason))


def _rebuild(message: str, file: str, row: Any, column: str, value: str, reason: str) -> InputError:
    return InputError(message, file=file, row=row, column=column, value=value, reason=reason)


def describe(file: str, row: Any, column: str, value: Any, reason: str) -> str:
    """The message of an InputError, in the same form as the C++ core's."""
    return f"{file}, row {row!s}, column '{column}', value '{value!s}': {reason}"
