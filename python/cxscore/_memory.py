"""The freed memory cxscore keeps for its next call (cxscore/retained_memory.hpp in the core)."""

from __future__ import annotations

from typing import Optional

from . import _core


def release_memory(limit: Optional[int] = None) -> int:
    """Gives back to the system the large blocks (columns, scratch of 2 MB and more) that cxscore freed and keeps
    for reuse; returns the bytes given back. ``limit`` sets how many bytes are kept from now on (0: none).

    Reusing them spares the next call, with columns of about the same sizes, the cost of fresh pages (found, mapped
    and zeroed by the kernel on first touch): an interpreter scores again and again. By default up to a sixteenth
    of the machine's memory is kept, at most 1 GiB. Kept blocks are the kernel's to take back whenever memory is
    short (MADV_FREE, Linux; elsewhere nothing is kept), but they count in the process's resident memory until then.

    >>> import cxscore
    >>> cxscore.release_memory() >= 0
    True
    """
    given_back = _core.release_retained_memory()
    if limit is not None:
        if limit < 0:
            raise ValueError(f"limit must be a number of bytes, 0 or more, not {limit}")
        _core.set_retained_memory_limit(limit)
    return given_back
