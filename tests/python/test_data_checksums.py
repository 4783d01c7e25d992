"""The real data the tests read are the files tests/data/README.md describes: each file's SHA-256 (of the
uncompressed content, as the README's command computes it) equals the one its table lists, and every file of
tests/data is in that table."""

from __future__ import annotations

import gzip
import hashlib
import re

import pytest

from conftest import ROOT

DATA = ROOT / "tests" / "data"


def listed_checksums() -> dict[str, str]:
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", (DATA / "README.md").read_text(), flags=re.M)
    return dict(rows)


def test_every_data_file_is_listed_with_a_checksum():
    files = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"}
    assert files == set(listed_checksums())


@pytest.mark.parametrize("name", sorted(listed_checksums()))
def test_a_data_file_has_its_listed_checksum(name):
    path = DATA / name
    content = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == listed_checksums()[name]
