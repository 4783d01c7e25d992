"""pandas edge cases: whatever shape the caller's frame has, the numbers are those of the plain frame."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import cxscore
from cxscore._columns import ROLES
from cxscore._rows import prepare_checked

MAP = {"touchpoints": [{"name": "web", "promise": 3, "owner": "ecommerce"},
                       {"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48,
                        "owner": "logistics"}]}
MODEL = cxscore.Model(half_life_days=30, peak_end=0.25)


def plain_events() -> pd.DataFrame:
    return pd.DataFrame({
        "customer": ["ann", "ann", "bob", "cat", "bob"],
        "touchpoint": ["web", "delivery", "web", "delivery", "delivery"],
        "time": pd.to_datetime(["2026-01-01T10:00", "2026-01-03T12:30", "2026-01-02T00:00", "2026-01-05T00:00",
                               "2026-01-09T00:00"]),
        "experience": [4.0, 72.0, 2.0, 30.0, 50.0],
    })


def assert_same_scores(a: cxscore.ScoreResult, b: cxscore.ScoreResult) -> None:
    pd.testing.assert_frame_equal(a.customers.sort_index()[["score", "index", "events"]],
                                  b.customers.sort_index()[["score", "index", "events"]],
                                  check_index_type=False, check_categorical=False, rtol=0, atol=1e-15)
    pd.testing.assert_frame_equal(a.touchpoints, b.touchpoints, rtol=0, atol=1e-15)
    assert a.summary == b.summary


@pytest.fixture(scope="module")
def expected() -> cxscore.ScoreResult:
    return cxscore.score(plain_events(), MAP, MODEL)


def test_empty_frame_gives_an_empty_result():
    events = plain_events().iloc[:0]
    result = cxscore.score(events, MAP, MODEL)
    assert result.customers.empty
    assert (result.touchpoints["count"] == 0).all()
    assert result.summary["customers"] == 0 and result.summary["brand_score"] is None
    assert np.isnan(result.brand_index)


def test_categorical_ids_with_unused_categories(expected):
    events = plain_events()
    events["customer"] = pd.Categorical(events["customer"], categories=["zoe", "ann", "bob", "cat", "yan"])
    events["touchpoint"] = pd.Categorical(events["touchpoint"], categories=["moon", "web", "delivery"])
    result = cxscore.score(events, MAP, MODEL)
    assert result.customers.index.tolist() == ["ann", "bob", "cat"]  # category order, unused ones left out
    assert_same_scores(result, expected)


@pytest.mark.parametrize("categories", [
    pd.Index(["zoe", "ann", "", "bob", "cat"], dtype=object),
    pd.Index(["zoe", "ann", "", "bob", "cat"], dtype="str"),
])
def test_an_empty_category_is_a_missing_customer_id_whatever_the_categories_dtype(expected, categories):
    # As a blank cell in a file: strict names the row, lenient leaves it out and scores the rest as if absent.
    events = pd.concat([plain_events(), plain_events().iloc[[0]].assign(customer="")], ignore_index=True)
    events["customer"] = pd.Categorical(events["customer"], categories=categories)
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, MODEL)
    assert (caught.value.row, caught.value.column) == (5, "customer")  # the frame's index label
    lenient = cxscore.score(events, MAP, MODEL, lenient=True)
    assert lenient.rejected.index.tolist() == [5] and lenient.rejected["column"].tolist() == ["customer"]
    assert lenient.customers.index.tolist() == ["ann", "bob", "cat"]
    pd.testing.assert_frame_equal(lenient.customers[["score", "index", "events"]],
                                  expected.customers[["score", "index", "events"]], check_index_type=False, rtol=0,
                                  atol=1e-15)
    pd.testing.assert_frame_equal(lenient.touchpoints, expected.touchpoints, rtol=0, atol=1e-15)
    assert {**lenient.summary, "rejected_rows": 0} == expected.summary


def test_empty_text_labels_are_those_numpy_finds_equal_to_the_empty_str():
    labels = np.array(["x", "", np.str_(""), b"", None, 0, " ", np.str_("y")], dtype=object)
    assert cxscore._core.empty_text_labels(labels).tolist() == (labels == "").tolist()
    assert cxscore._core.empty_text_labels(labels[::2]).tolist() == (labels[::2] == "").tolist()
    assert cxscore._core.empty_text_labels(np.array(["a", None, b""], dtype=object)) is None
    with pytest.raises(ValueError, match="object array"):
        cxscore._core.empty_text_labels(np.array(["a", ""]))


def test_integer_ids_dense_and_sparse(expected):
    sparse = {"ann": 10**12, "bob": -5, "cat": 2**40}
    unsigned = {name: id + 5 for name, id in sparse.items()}  # uint64 ids cross as int64 when they fit
    for ids, dtype in (({"ann": 7, "bob": 3, "cat": 5}, np.int64), (sparse, np.int64), (unsigned, np.uint64)):
        events = plain_events()
        events["customer"] = events["customer"].map(ids).astype(dtype)
        result = cxscore.score(events, MAP, MODEL)
        assert result.customers.index.tolist() == sorted(ids.values())
        by_name = result.customers.rename(index={v: k for k, v in ids.items()})
        pd.testing.assert_series_equal(by_name["score"].sort_index(), expected.customers["score"].sort_index(),
                                       check_index_type=False, rtol=0, atol=1e-15)


def test_nat_is_a_bad_time():
    events = plain_events()
    events.loc[2, "time"] = pd.NaT
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, MODEL)
    assert (caught.value.row, caught.value.column) == (2, "time")
    assert cxscore.score(events, MAP, MODEL, lenient=True).rejected.index.tolist() == [2]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_datetime_units_and_time_zones(expected, unit):
    events = plain_events()
    events["time"] = events["time"].astype(f"datetime64[{unit}]")
    assert_same_scores(cxscore.score(events, MAP, MODEL), expected)
    events["time"] = events["time"].dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo")
    assert_same_scores(cxscore.score(events, MAP, MODEL), expected)


def test_times_as_epoch_seconds_and_iso_text(expected):
    events = plain_events()
    seconds = events["time"].astype("datetime64[ns]").astype(np.int64) / 1e9
    assert_same_scores(cxscore.score(events.assign(time=seconds), MAP, MODEL), expected)
    text = events["time"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert_same_scores(cxscore.score(events.assign(time=text), MAP, MODEL), expected)


def test_non_default_index_and_column_order(expected):
    events = plain_events()
    events.index = pd.Index([50, 40, 30, 20, 10], name="event_id")
    events = events[["experience", "time", "touchpoint", "customer"]]
    assert_same_scores(cxscore.score(events, MAP, MODEL), expected)


def test_renamed_columns_and_other_numeric_dtypes(expected):
    events = plain_events().rename(columns={"customer": "case_id", "touchpoint": "activity", "experience": "value"})
    events["value"] = events["value"].astype(np.float32)
    events["extra"] = "ignored"
    result = cxscore.score(events, MAP, MODEL, customer="case_id", touchpoint="activity", experience="value")
    assert_same_scores(result, expected)


@pytest.mark.parametrize("ids", ["dense integers", "categorical with unused categories"])
def test_customers_listed_without_events_count_so_whatever_the_events_ids_name(ids):
    # Integer ids 0..9 with events for 0, 2, 5 and 9 only (the core numbers a dense range by the ids
    # themselves), or a categorical whose categories name customers without events: the customers frame's
    # rows for 1 and 7 name nobody who has events, as pandas counts it.
    events = pd.DataFrame({"customer": [0, 2, 5, 9, 2], "touchpoint": ["web"] * 5,
                           "time": pd.date_range("2026-01-01", periods=5, freq="D", tz="UTC"),
                           "experience": [4.0, 3.0, 5.0, 2.0, 4.0]})
    if ids != "dense integers":
        events["customer"] = pd.Categorical(events["customer"], categories=range(10))
    customers = pd.DataFrame({"customer": [0, 1, 2, 7, 9], "weight": [1.0, 2.0, 1.0, 3.0, 1.0]})
    without = (~customers["customer"].isin(events["customer"].astype(int))).sum()
    result = cxscore.score(events, MAP, MODEL, customers)
    assert without == 2
    assert result.summary["customers_file_rows_without_events"] == without
    assert sorted(result.customers.index.astype(int)) == [0, 2, 5, 9]


def test_string_and_nullable_dtypes(expected):
    events = plain_events()
    events["customer"] = events["customer"].astype("string")
    events["touchpoint"] = events["touchpoint"].astype("string")
    events["experience"] = events["experience"].astype("Float64")
    assert_same_scores(cxscore.score(events, MAP, MODEL), expected)


def test_customers_frame_by_index_with_segments():
    customers = pd.DataFrame({"weight": [2.0, 1.0, 0.5], "segment": ["gold", None, "gold"]},
                             index=pd.Index(["ann", "bob", "dan"], name="customer"))
    result = cxscore.score(plain_events(), MAP, MODEL, customers)
    c = result.customers
    assert c.loc["ann", "weight"] == 2.0 and c.loc["ann", "segment"] == "gold"
    assert c.loc["bob", "segment"] == "unassigned" and c.loc["cat", "weight"] == 1.0
    assert result.summary["customers_file_rows_without_events"] == 1  # dan
    # The segments table adds up to the touchpoints table (every encounter is in one segment).
    assert result.segments["count"].sum() == result.touchpoints["count"].sum() == 5
    assert result.segments["contribution"].sum() == pytest.approx(result.brand_score, abs=1e-15)


def test_float64_columns_cross_without_a_copy():
    events = plain_events()
    events["expectation"] = np.nan
    events["time"] = events["time"].astype("datetime64[ns]").astype(np.int64) / 1e9
    result = cxscore.score(events, MAP, MODEL)
    used = result._raw["input_addresses"]
    for column in ("time", "experience", "expectation"):
        assert used[column] == events[column].to_numpy().ctypes.data, column
    assert result._raw["gil_released_while_scoring"]  # other Python threads run meanwhile


def test_as_of_time_for_recency_decay():
    events = plain_events()
    latest = cxscore.score(events, MAP, MODEL)
    later = cxscore.score(events, MAP, MODEL, as_of="2026-03-01")
    # Equal for one-encounter customers (their only weight cancels), different for the others.
    assert later.customers.loc["cat", "score"] == pytest.approx(latest.customers.loc["cat", "score"], abs=1e-15)
    assert later.customers.loc["ann", "score"] != latest.customers.loc["ann", "score"]
    with pytest.raises(cxscore.InputError, match="after the as-of time"):
        cxscore.score(events, MAP, MODEL, as_of=pd.Timestamp("2026-01-04", tz="UTC"))


def test_thread_count_changes_no_number():
    # 3000 customers span several of the core's blocks; sorted and shuffled rows take its two paths.
    sim = cxscore.simulate(customers=3000, seed=5)
    shuffled = sim.events.sample(frac=1.0, random_state=1)
    for events in (sim.events, shuffled):
        one = cxscore.score(events, sim.journey_map, sim.model, sim.customers, threads=1)
        for threads in (2, 4, None):
            other = cxscore.score(events, sim.journey_map, sim.model, sim.customers, threads=threads)
            pd.testing.assert_frame_equal(one.customers, other.customers, check_exact=True)
            pd.testing.assert_frame_equal(one.touchpoints, other.touchpoints, check_exact=True)
            pd.testing.assert_frame_equal(one.segments, other.segments, check_exact=True)
            assert one.summary == other.summary
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="threads must be"):
            cxscore.score(sim.events, sim.journey_map, sim.model, threads=bad)


def test_a_dimension_column_counts_only_through_its_weights(expected):
    # With every dimension weighing 1 the column is not even converted, and the numbers are those without
    # it; a weight other than 1 changes the customers with two or more dimensions among their rows, and no
    # one else (a customer's score is a weighted mean: one weight for all their rows cancels).
    events = plain_events().assign(dimension=pd.Categorical(["speed", None, "speed", "care", "care"]))
    assert_same_scores(cxscore.score(events, MAP, MODEL), expected)
    ones = cxscore.Model(half_life_days=30, peak_end=0.25, dimension_weights={"speed": 1.0, "care": 1.0})
    with_ones = cxscore.score(events, MAP, ones)
    assert with_ones.summary["model"]["dimension_weights"] == {"care": 1.0, "speed": 1.0}
    with_ones.summary["model"] = expected.summary["model"]  # the rest is the same, to the bit
    assert_same_scores(with_ones, expected)
    half = cxscore.score(events, MAP, cxscore.Model(half_life_days=30, peak_end=0.25,
                                                    dimension_weights={"care": 0.5}))
    assert half.customers.loc["bob", "score"] != expected.customers.loc["bob", "score"]  # speed + care
    for alone in ("ann", "cat"):  # ann: speed + none (weight 1 each); cat: care only
        assert half.customers.loc[alone, "score"] == pytest.approx(expected.customers.loc[alone, "score"], abs=1e-15)


def test_a_model_without_times_scores_datetimes_unconverted_with_the_same_numbers():
    # No decay and no peak-end: the datetime column is only checked for NaT, never converted to seconds,
    # and the scores are those of the same events with their times given as epoch seconds.
    timeless = cxscore.Model(preset="prospect")
    assert not timeless.reads_time and MODEL.reads_time
    events = plain_events()
    roles = {role: role for role in ROLES}
    prepared, _ = prepare_checked(events, cxscore.JourneyMap.from_json(MAP), roles, times=False)
    assert prepared.columns["time"] is None
    as_seconds = events.assign(time=events["time"].astype("datetime64[ns]").astype(np.int64) / 1e9)
    assert_same_scores(cxscore.score(events, MAP, timeless), cxscore.score(as_seconds, MAP, timeless))
    events.loc[3, "time"] = pd.NaT  # still a bad row, named as before
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, timeless)
    assert (caught.value.row, caught.value.column) == (3, "time")
    assert cxscore.score(events, MAP, timeless, lenient=True).rejected.index.tolist() == [3]


def test_categorical_touchpoints_and_dimensions_are_read_in_place_with_the_same_numbers():
    # A categorical of int8 codes crosses as its own codes and a table from code to the core's code: the
    # categories in another order than the map's, a dimension with missing and blank rows, and the numbers
    # those of the same frame as text, to the bit; the strict and lenient errors name the same rows.
    weighted = cxscore.Model(half_life_days=30, peak_end=0.25, dimension_weights={"care": 0.5, "speed": 2.0})
    text = plain_events().assign(dimension=["speed", None, " ", "care", "care"])
    events = text.assign(touchpoint=pd.Categorical(text["touchpoint"], categories=["delivery", "web"]),
                         dimension=pd.Categorical(text["dimension"], categories=["care", " ", "speed"]))
    prepared, _ = prepare_checked(events, cxscore.JourneyMap.from_json(MAP), {role: role for role in ROLES})
    assert prepared.columns["touchpoint"].dtype == np.uint8 and prepared.columns["dimension"].dtype == np.uint8
    assert prepared.columns["touchpoint_table"][:2].tolist() == [1, 0]  # delivery, web -> map codes 1, 0
    assert prepared.columns["dimension_table"][[0, 1, 2, 255]].tolist() == [0, -1, 2, -1]  # " " and missing: none
    result = cxscore.score(events, MAP, weighted)
    used = result._raw["input_addresses"]
    assert used["touchpoint"] == events["touchpoint"].array.codes.ctypes.data
    assert used["dimension"] == events["dimension"].array.codes.ctypes.data
    assert_same_scores(result, cxscore.score(text, MAP, weighted))
    # A bad row: the same error either way, and lenient mode drops the same row.
    for frame in (events, text):
        bad = frame.copy()
        bad.loc[2, "experience"] = 9.0  # web is rated 1-5
        with pytest.raises(cxscore.InputError, match="outside the scale") as e:
            cxscore.score(bad, MAP, weighted)
        assert e.value.row == 2 and e.value.column == "experience"
        lenient = cxscore.score(bad, MAP, weighted, lenient=True)
        assert lenient.rejected.index.tolist() == [2] and lenient.summary["rejected_rows"] == 1
        lenient.summary["rejected_rows"] = 0  # the rest is that of the frame without the row
        assert_same_scores(lenient, cxscore.score(text.drop(index=2), MAP, weighted))


def test_categorical_touchpoints_missing_or_off_the_map_are_named_as_before():
    # Such a column is converted as before (its rows need naming): strict names the row, lenient drops it.
    for categories, value in ((["web", "delivery"], None), (["web", "delivery", "moon"], "moon")):
        events = plain_events()
        events["touchpoint"] = pd.Categorical(events["touchpoint"], categories=categories)
        events.loc[3, "touchpoint"] = value
        with pytest.raises(cxscore.InputError, match="touchpoint") as e:
            cxscore.score(events, MAP, MODEL)
        assert e.value.row == 3 and e.value.column == "touchpoint"
        assert cxscore.score(events, MAP, MODEL, lenient=True).rejected.index.tolist() == [3]


def test_read_events_gives_utc_datetimes_for_iso_text_whatever_the_string_dtype(tmp_path):
    # pandas 3 reads text as its string dtype, not object: the times must be parsed all the same.
    path = tmp_path / "events.csv"
    path.write_text("customer,touchpoint,time,experience\n"
                    "ann,web,2026-01-01T10:00:00Z,4\nann,delivery,2026-01-03T12:30:00.5Z,72\n")
    events = cxscore.read_events(path)
    assert events["time"].dtype == pd.DatetimeTZDtype("ns", "UTC")
    assert events["time"].dt.day.tolist() == [1, 3]
    assert events["time"].iloc[1] == pd.Timestamp("2026-01-03T12:30:00.5", tz="UTC")
    assert cxscore.score(events, MAP, MODEL).summary["events"] == 2


@pytest.mark.parametrize("time_zone", [None, "UTC"])
def test_read_events_reads_parquet_with_categorical_labels_and_utc_times(tmp_path, time_zone):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    events = plain_events()
    events["time"] = events["time"].dt.tz_localize(time_zone)  # naive times are taken as UTC
    path = tmp_path / "events.data"  # the magic bytes say Parquet, not the name
    pq.write_table(pa.Table.from_pandas(events, preserve_index=False), path)
    read = cxscore.read_events(path)
    for role in ("customer", "touchpoint"):
        assert isinstance(read[role].dtype, pd.CategoricalDtype)
        assert read[role].astype(str).tolist() == events[role].tolist()
    assert str(read["time"].dt.tz) == "UTC"
    assert (read["time"] == plain_events()["time"].dt.tz_localize("UTC")).all()
    assert_same_scores(cxscore.score(read, MAP, MODEL), cxscore.score(plain_events(), MAP, MODEL))
    events.loc[3, "experience"] = 1e9  # beyond delivery's scale: the error names the row as pyarrow counts it
    pq.write_table(pa.Table.from_pandas(events, preserve_index=False), path)
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(cxscore.read_events(path), MAP, MODEL)
    assert (caught.value.file, caught.value.row, caught.value.column) == (str(path), 3, "experience")


def test_read_events_types_a_parquet_files_text_times_as_the_same_csvs(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    def both(times):
        frame = pd.DataFrame({"customer": ["ann", "ann"], "touchpoint": ["web", "delivery"], "time": times,
                              "experience": [4.0, 72.0]})
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "events.parquet")
        frame.to_csv(tmp_path / "events.csv", index=False)
        return (cxscore.read_events(tmp_path / "events.parquet")["time"],
                cxscore.read_events(tmp_path / "events.csv")["time"])

    parquet, csv = both(["2026-01-01T10:00:00+02:00", "2026-01-03 12:30:00.5"])  # an offset, then none (UTC)
    assert parquet.dtype == csv.dtype == pd.DatetimeTZDtype("ns", "UTC")
    assert parquet.tolist() == csv.tolist() == [pd.Timestamp("2026-01-01T08:00:00", tz="UTC"),
                                                pd.Timestamp("2026-01-03T12:30:00.5", tz="UTC")]
    assert parquet.dt.day.tolist() == [1, 3]
    for kept in (["2026-01-01", "last tuesday"], ["2026-01-01", None], ["2026-01-01", "3000-01-01"]):
        parquet, csv = both(kept)  # a cell that is not a time (or not one of datetime64[ns]): all kept as text
        assert not pd.api.types.is_datetime64_any_dtype(parquet.dtype), kept
        assert not pd.api.types.is_datetime64_any_dtype(csv.dtype), kept
        assert parquet.tolist()[0] == "2026-01-01"


def test_read_events_keeps_epoch_seconds_numeric_and_unparsable_text_as_written(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("customer,touchpoint,time,experience\nann,web,1767261600,4\nann,web,1767268800.5,5\n")
    assert cxscore.read_events(path)["time"].tolist() == [1767261600, 1767268800.5]
    assert pd.api.types.is_float_dtype(cxscore.read_events(path)["time"].dtype)
    path.write_text("customer,touchpoint,time,experience\nann,web,2026-01-01,4\nann,web,last tuesday,5\n")
    times = cxscore.read_events(path)["time"]
    assert not pd.api.types.is_datetime64_any_dtype(times.dtype)
    assert times.tolist() == ["2026-01-01", "last tuesday"]
    # ISO 8601 beyond datetime64[ns]'s years (1677-2262) is kept as written rather than mis-converted.
    path.write_text("customer,touchpoint,time,experience\nann,web,2026-01-01T00:00:00Z,4\nann,web,2300-01-01,5\n")
    assert cxscore.read_events(path)["time"].tolist() == ["2026-01-01T00:00:00Z", "2300-01-01"]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
@pytest.mark.parametrize("compressed", [False, True])
def test_read_events_reads_files_as_people_have_them_the_same_as_the_plain_csv(tmp_path, separator, compressed):
    # A European spreadsheet's export (;), a tab-separated file, a gzip'd CSV: the header shows the separator.
    import gzip

    text = "\n".join(separator.join(fields) for fields in
                     [["customer", "touchpoint", "time", "experience"],
                      ["ann", "web", "2026-01-01T10:00:00Z", "4.5"],
                      ["bob", "delivery", "2026-01-03T12:30:00Z", "72"]]) + "\n"
    path = tmp_path / "events.txt"  # the contents, not the name, say what the file is
    path.write_bytes(gzip.compress(text.encode()) if compressed else text.encode())
    read = cxscore.read_events(path)
    assert read.columns.tolist() == ["customer", "touchpoint", "time", "experience"]
    assert read["customer"].tolist() == ["ann", "bob"]
    assert read["experience"].tolist() == [4.5, 72.0]
    assert read["time"].tolist() == [pd.Timestamp("2026-01-01T10:00:00Z"), pd.Timestamp("2026-01-03T12:30:00Z")]


@pytest.mark.parametrize(("content", "says"), [
    (b"PK\x03\x04" + bytes(60), "zip archive (an Excel .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0" + bytes(60), "Excel 97-2003 workbook"),
    (b"\xff\xfec\x00u\x00", "UTF-16"),
    (b"", "the file is empty"),
    (b"customer,touchpoint,customer\n", "duplicate column in the header"),
])
def test_read_events_refuses_what_is_not_csv_text_naming_what_it_saw(tmp_path, content, says):
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(cxscore.InputError, match=re.escape(says)) as caught:
        cxscore.read_events(path)
    assert caught.value.file == str(path)


def test_read_events_types_each_column_as_the_core_reads_it(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("customer,touchpoint,time,experience,expectation,dimension,note\n"
                    "ann,web,2026-01-03T12:30:00.123456789Z,4,,speed,first visit\n"
                    "bob,delivery,2026-01-04T08:00:00+02:00,72,48,,\n"
                    "ann,delivery,2026-01-05,30,,speed,\"said \"\"late\"\"\"\n")
    read = cxscore.read_events(path)
    for role in ("customer", "touchpoint", "dimension"):  # each label stored once; the codes cross to the core
        assert isinstance(read[role].dtype, pd.CategoricalDtype), role
    assert read["customer"].tolist() == ["ann", "bob", "ann"]
    assert read["dimension"].tolist() == ["speed", "", "speed"]
    assert read["time"].dtype == pd.DatetimeTZDtype("ns", "UTC")
    assert read["time"].tolist() == [pd.Timestamp("2026-01-03T12:30:00.123456789Z"),
                                     pd.Timestamp("2026-01-04T06:00:00Z"), pd.Timestamp("2026-01-05T00:00:00Z")]
    assert read["experience"].dtype == np.float64 and read["experience"].tolist() == [4.0, 72.0, 30.0]
    assert np.isnan(read["expectation"].iloc[0]) and read["expectation"].iloc[1] == 48.0
    assert pd.api.types.is_string_dtype(read["note"].dtype)
    assert read["note"].tolist() == ["first visit", "", 'said "late"']
    # The same numbers as the frame pandas reads from the same file.
    plain = pd.read_csv(path, dtype={"customer": str, "touchpoint": str, "dimension": str}, keep_default_na=False,
                        na_values={"expectation": [""]})
    plain["time"] = pd.to_datetime(plain["time"], utc=True, format="ISO8601").astype("datetime64[ns, UTC]")
    assert_same_scores(cxscore.score(read, MAP, MODEL), cxscore.score(plain, MAP, MODEL))


def test_read_events_names_the_row_and_column_of_a_cell_that_is_not_utf8(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b"customer,touchpoint,time,experience\nann,web,2026-01-01,4\nb\xe9a,web,2026-01-02,4\n")
    with pytest.raises(cxscore.InputError, match="UTF-8") as caught:
        cxscore.read_events(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (str(path), 3, "customer")


def test_read_events_gives_the_same_frame_read_in_any_number_of_chunks(tmp_path):
    rng = np.random.default_rng(5)
    n = 40_000
    frame = pd.DataFrame({"customer": [f"c{k}" for k in rng.integers(0, 3000, n)],
                          "touchpoint": rng.choice(["web", "delivery"], n),
                          "time": pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 10**15, n)),
                          "experience": rng.integers(1, 6, n).astype(float)})
    path = tmp_path / "events.csv"
    frame.to_csv(path, index=False)
    whole = cxscore._core.read_csv_columns(str(path), ["customer", "touchpoint"], "time", chunks=1)
    for chunks in (2, 16):
        parts = cxscore._core.read_csv_columns(str(path), ["customer", "touchpoint"], "time", chunks=chunks)
        assert [(name, kind) for name, kind, *_ in parts] == [(name, kind) for name, kind, *_ in whole]
        for (_, _, *a), (_, _, *b) in zip(whole, parts):
            assert all(np.array_equal(x, y) for x, y in zip(a, b))
    read = cxscore.read_events(path)
    assert read["customer"].tolist() == frame["customer"].tolist()
    assert (read["time"] == frame["time"]).all()
