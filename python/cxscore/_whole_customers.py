"""Which customers an input partition holds whole, so that an engine moves only the others.

Every analysis that reads a customer's whole journey needs partitions holding whole customers. Data are often
stored sorted or clustered by customer, so that most customers already lie whole in one input partition and
only those at the partitions' boundaries are split; time-ordered data split nearly every customer. An engine
therefore keys each input partition (:func:`keyed_partition`: each row's place in the input in ``ORDER``, its
customer's code among the partition's customers, and each customer's 64-bit hash and row count), gathers the
hashes and counts, small whatever the partition's size, and finds the hashes present in two or more partitions
(:func:`split_customers`). A partition keeps the rows of its other customers in place (:func:`whole_rows`) and
cuts the rows of the split ones into pieces by customer hash (:func:`split_pieces`), as many as fill about an
input partition each: one when they are few. Piece j of every partition joins one partition, one with the
fewest rows of whole customers (:func:`split_partitions`), so that there are as many partitions as in the input,
each holding whole customers, its columns those of the input's partitions (pieces are slices of them). An engine
that cannot hand pieces to given partitions (Spark) tells the split customers' rows by their ids' hashes alone
(:func:`split_hashes`, :func:`of_split_customers`) and repartitions them by customer. When the split customers
hold most rows (data in time order), an engine whose shuffle moves every row about as fast (Dask's task shuffle)
shuffles them all by customer instead.

The hashes are pandas' (``hash_pandas_object``: SipHash with a fixed key over the values, so the same in every
process). Two customers with one hash only make a customer count as split, which moves its rows, never its
result. Each row keeps its ORDER wherever it goes, so a partition's rows in input order, its errors and its
accounting are the same whichever partition holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _partitions


@dataclass
class KeyedPartition:
    """An input partition ready to be split: its rows with their ORDER, each row's customer code, and per
    customer code its hash and its number of rows."""

    events: pd.DataFrame                  # the partition's rows, ORDER the last column
    codes: np.ndarray                     # each row's customer code (intp), an index into hashes and rows
    hashes: np.ndarray                    # uint64, one per customer code
    rows: np.ndarray                      # int64, the rows of each customer code


def customer_keys(ids: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(each row's customer code, per code its 64-bit hash, per code its rows) of a column of customer ids."""
    # A missing id is a customer of its own here (it is a bad row, reported wherever it lands).
    codes, uniques = pd.factorize(ids, use_na_sentinel=False)
    hashes = pd.util.hash_pandas_object(pd.Series(uniques), index=False).to_numpy(dtype=np.uint64)
    return codes, hashes, np.bincount(codes, minlength=len(hashes)).astype(np.int64)


def keyed_partition(part: pd.DataFrame, number: int, customer: str, engine: str) -> KeyedPartition:
    """Input partition ``number`` keyed for :func:`split_customers` (``engine`` names the caller in errors)."""
    keyed = part.copy(deep=False)
    keyed[_partitions.ORDER] = _partitions.order_keys(number, 0, len(part), engine)
    return KeyedPartition(keyed, *customer_keys(part[customer]))


def customer_counts(keyed: KeyedPartition) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, rows) of a keyed partition's customers: what the client gathers of it."""
    return keyed.hashes, keyed.rows


@dataclass
class Split:
    """Which customers of each input partition are split, and how many rows each partition keeps and hands on."""

    flags: list[np.ndarray]               # per partition, per customer code: True for a split customer
    whole: np.ndarray                     # per partition, its rows of whole customers
    split: np.ndarray                     # per partition, its rows of split customers


def split_customers(counts: list[tuple[np.ndarray, np.ndarray]]) -> Split:
    """The split customers of every partition, from each partition's customer_counts in partition order: the
    hashes present more than once over all partitions (within one partition only when two ids share a hash)."""
    hashes = np.concatenate([h for h, _ in counts]) if counts else np.zeros(0, dtype=np.uint64)
    _, inverse, seen = np.unique(hashes, return_inverse=True, return_counts=True)
    bounds = np.cumsum([len(h) for h, _ in counts])[:-1]
    flags = np.split(seen[inverse] > 1, bounds) if counts else []
    split = np.array([int(rows[f].sum()) for (_, rows), f in zip(counts, flags)], dtype=np.int64)
    whole = np.array([int(rows.sum()) for _, rows in counts], dtype=np.int64) - split
    return Split(flags, whole, split)


def split_hashes(split: Split, counts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The hashes of the split customers, sorted: what tells a row of a split customer by its id's hash alone."""
    hashes = [h[f] for (h, _), f in zip(counts, split.flags)]
    return np.unique(np.concatenate(hashes)) if hashes else np.zeros(0, dtype=np.uint64)


def of_split_customers(ids: pd.Series, hashes: np.ndarray) -> np.ndarray:
    """Whether each id's customer is split, ``hashes`` being :func:`split_hashes`."""
    codes, own, _ = customer_keys(ids)
    found = np.minimum(np.searchsorted(hashes, own), max(len(hashes) - 1, 0))
    return (hashes[found] == own)[codes] if len(hashes) else np.zeros(len(codes), dtype=bool)


def whole_rows(keyed: KeyedPartition, flags: np.ndarray) -> pd.DataFrame:
    """The rows of the partition's whole customers, in input order, with their ORDER."""
    if not flags.any():
        return keyed.events
    kept = np.flatnonzero(~flags[keyed.codes])
    if len(kept) and kept[-1] - kept[0] + 1 == len(kept):  # one run of rows, as in data sorted by customer
        return keyed.events.iloc[kept[0]:kept[-1] + 1]     # a slice: no copy of the columns
    return keyed.events.iloc[kept]


def split_pieces(keyed: KeyedPartition, flags: np.ndarray, count: int) -> tuple[pd.DataFrame, ...]:
    """The rows of the partition's split customers, with their ORDER, in ``count`` pieces by customer hash: piece
    j of every partition together hold the whole of each of their customers."""
    rows = np.flatnonzero(flags[keyed.codes])
    piece = (keyed.hashes % np.uint64(count))[keyed.codes[rows]]
    by_piece = rows[np.argsort(piece, kind="stable")]  # each piece's rows together, in input order
    bounds = np.searchsorted(np.sort(piece), np.arange(count + 1, dtype=np.uint64))
    return tuple(keyed.events.take(by_piece[bounds[j]:bounds[j + 1]]) for j in range(count))


def split_partitions(split: Split) -> np.ndarray:
    """The partitions that take in the split customers' rows, one a piece: as many pieces as hold about as many
    rows each as an input partition on average (at most one a partition; none for no split rows), each joining
    one of the partitions with the fewest rows of whole customers, so that every partition holds about its share."""
    total = int(split.split.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp)
    average = max(1, -(-int(split.whole.sum() + total) // len(split.split)))
    return np.argsort(split.whole, kind="stable")[:-(-total // average)]
