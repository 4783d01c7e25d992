"""The hash that Dask and Spark partitions compare customer ids by (_labels.text_hashes): checked against the
documented formula written out in plain Python, one label at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cxscore._labels import text_buffers, text_hashes

MASK = (1 << 64) - 1


def reference_hash(label: str) -> int:
    """The formula of _core.text_hashes' docstring, word by word in Python integers."""
    data = label.encode()
    h = (len(data) * 0x9E3779B97F4A7C15) & MASK
    for first in range(0, len(data), 8):
        word = int.from_bytes(data[first:first + 8].ljust(8, b"\0"), "little")
        mixed = ((h ^ word) * 0xFF51AFD7ED558CCD) & MASK
        h = mixed ^ (mixed >> 29)
    h ^= h >> 30
    h = (h * 0xBF58476D1CE4E5B9) & MASK
    h ^= h >> 27
    h = (h * 0x94D049BB133111EB) & MASK
    return h ^ (h >> 31)


def test_labels_of_every_length_around_a_word_hash_as_the_formula_says():
    labels = ["", "C", "C0000001", "C00000012", "é€", "x" * 15, "y" * 16, "z" * 17, "\0", "\0\0"]
    assert text_hashes(*text_buffers(labels)).tolist() == [reference_hash(label) for label in labels]


def test_a_labels_hash_depends_on_its_bytes_alone():
    # Padding with zeros must not make "a" and "a\0" equal: the length is mixed in first.
    hashes = text_hashes(*text_buffers(["a", "a\0", "ab", "a"]))
    assert hashes[0] == hashes[3]
    assert len(set(hashes[:3].tolist())) == 3
    offsets, text = text_buffers(["zz", "a", "ab"])
    assert text_hashes(offsets[1:], text).tolist() == hashes[[0, 2]].tolist()  # wherever its bytes lie


@given(st.lists(st.text(max_size=40), max_size=30))
def test_any_text_hashes_as_the_formula_says(labels):
    hashes = text_hashes(*text_buffers(labels))
    assert hashes.dtype == np.uint64
    assert hashes.tolist() == [reference_hash(label) for label in labels]
