"""A progress bar on standard error for the long calls of the pandas API (``progress=True``): tqdm's when tqdm is
installed, else a line of the same form, redrawn in place on a terminal and written whole (at most once a second,
and the last) elsewhere. Never on standard output, so what a program prints is the same with or without it."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Optional, TextIO


class ProgressBar:
    """``total`` steps of ``unit`` (bytes are shown in kB, MB, ...), labelled ``description``; ``update(n)`` adds n,
    ``set(n)`` sets the count; ``close()`` ends the line. A context manager."""

    def __init__(self, total: float, description: str, unit: str = "it", file: Optional[TextIO] = None) -> None:
        self._file = file if file is not None else sys.stderr
        self._total, self._description, self._unit = total, description, unit
        self._count = 0.0
        self._tqdm = _tqdm(total, description, unit, self._file)
        self._terminal = _is_terminal(self._file)
        self._start = self._drawn = time.perf_counter()
        self._width = 0
        self._open = False
        self._stage = ""

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def count(self) -> float:
        return self._count

    def stage(self, text: str) -> None:
        """What is being done now, shown after the counts (tqdm's postfix)."""
        self._stage = text
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(text)
        else:
            self._drawn = time.perf_counter()
            self._draw(self.text(self._drawn - self._start))

    def set(self, count: float) -> None:
        self.update(count - self._count)

    def update(self, n: float) -> None:
        self._count += n
        if self._tqdm is not None:
            self._tqdm.update(n)
            return
        now = time.perf_counter()
        done = self._count >= self._total
        if not done and now - self._drawn < (0.1 if self._terminal else 1.0):
            return
        self._drawn = now
        self._draw(self.text(now - self._start))

    def text(self, elapsed: float) -> str:
        """The line: description, percentage, bar, count of total, elapsed < remaining, rate (tqdm's form)."""
        share = min(1.0, self._count / self._total) if self._total else 1.0
        bar = "#" * int(share * 20)
        rate = self._count / elapsed if elapsed > 0 else 0.0
        remaining = (self._total - self._count) / rate if rate > 0 else 0.0
        return (f"{self._description}: {share:4.0%}|{bar:<20}| {_amount(self._count, self._unit)}/"
                f"{_amount(self._total, self._unit)} [{_clock(elapsed)}<{_clock(remaining)}, "
                f"{_amount(rate, self._unit)}{self._unit}/s]" + (f" {self._stage}" if self._stage else ""))

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None
        elif self._open:
            self._file.write("\n")
            self._file.flush()
            self._open = False

    def _draw(self, text: str) -> None:
        if self._terminal:
            self._file.write("\r" + text + " " * max(0, self._width - len(text)))
            self._width = len(text)
            self._open = True
        else:
            self._file.write(text + "\n")
        self._file.flush()


@contextlib.contextmanager
def steps_shown(shown: bool, description: str, steps: list[str]) -> Iterator[Callable[[], None]]:
    """A bar of ``steps`` done one after the other (each named while it runs); what it gives marks the one
    running as done. Not ``shown``: the mark does nothing."""
    if not shown:
        yield lambda: None
        return
    with ProgressBar(len(steps), description, "steps") as bar:
        bar.stage(steps[0])

        def done() -> None:
            bar.update(1)
            if bar.count < len(steps):
                bar.stage(steps[int(bar.count)])

        yield done


def batches_shown(batches: Iterable[Any], rows: int, source: str, shown: bool) -> Iterator[Any]:
    """The record batches of a file of ``rows`` rows, a bar of the rows read drawn as they pass (``shown``)."""
    if not shown:
        yield from batches
        return
    with ProgressBar(rows, f"reading {os.path.basename(source)}", "rows") as bar:
        for batch in batches:
            yield batch
            bar.update(batch.num_rows)


def _tqdm(total: float, description: str, unit: str, file: TextIO) -> Any:
    """tqdm's bar when tqdm is installed (bytes scaled to kB, MB, ...), else None."""
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:
        return None
    return tqdm(total=total, desc=description, unit=unit, unit_scale=unit == "B", file=file, leave=True)


def _is_terminal(file: TextIO) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


def _amount(n: float, unit: str) -> str:
    """``n`` of ``unit`` without the unit, as tqdm writes it: bytes in k, M, G (powers of 1000), anything else
    counted with thousands separated."""
    if unit == "B":
        for scale, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if n >= scale:
                return f"{n / scale:.1f}{prefix}"
        return f"{n:.0f}"
    return f"{n:,.0f}"


def _clock(seconds: float) -> str:
    minutes, s = divmod(int(seconds), 60)
    return f"{minutes:02d}:{s:02d}"
