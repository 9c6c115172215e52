"""backchain's own CSV and JSON: every field survives export then import.

``LoggedSet.line`` is provenance, not training data: the writers do not store it,
the CSV reader sets the physical line in the CSV and the JSON reader sets 0. The
round trip therefore compares logs with ``line`` zeroed, and checks the CSV lines
separately.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backchain.domain import bounds
from backchain.domain.bounds import Bound
from backchain.domain.log import LoggedSet, ParsedLog, ParsedWorkout, SetKind, clean_kg
from backchain.errors import ImportFailed
from backchain.importers import native, parse_text

# Any text a log may hold (no control characters but tab and line breaks), often
# starting like a spreadsheet formula, or like one already neutralised.
text = st.tuples(
    st.sampled_from(["", "", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''+"]),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"), max_size=12
    ),
).map("".join)
some_text = text.filter(lambda value: value != "")
name = text.filter(lambda value: value.strip() != "")


def within(bound: Bound) -> st.SearchStrategy[float]:
    return st.floats(min_value=bound.low, max_value=bound.high, allow_nan=False)


logged_sets = st.builds(
    LoggedSet,
    exercise_name=name,
    set_index=st.integers(1, 50),
    kind=st.sampled_from(SetKind),
    reps=st.none() | st.integers(0, int(bounds.REPS.high)),
    load_kg=st.none() | within(bounds.LOAD_KG).map(clean_kg),
    duration_s=st.none() | within(bounds.SET_DURATION_S),
    distance_m=st.none() | within(bounds.DISTANCE_M),
    rpe=st.none() | within(bounds.RPE),
    notes=st.none() | some_text,
    line=st.just(0),
    exercise_id=st.none() | some_text,
    assistance_kg=st.none() | within(bounds.ASSISTANCE_KG).map(clean_kg),
)
workouts = st.builds(
    ParsedWorkout,
    started_at=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31)),
    title=text,
    sets=st.lists(logged_sets, max_size=4).map(tuple),
    duration_s=st.none() | within(bounds.WORKOUT_DURATION_S),
    notes=st.none() | some_text,
)
logs = st.builds(
    ParsedLog,
    format=st.just("backchain-csv"),
    rows=st.just(0),
    workouts=st.lists(workouts, max_size=4).map(tuple),
)


def without_lines(log: ParsedLog) -> tuple[ParsedWorkout, ...]:
    return tuple(
        replace(workout, sets=tuple(replace(logged, line=0) for logged in workout.sets))
        for workout in log.workouts
    )


@settings(max_examples=150, deadline=None)
@given(logs)
def test_csv_round_trip_loses_nothing(log: ParsedLog) -> None:
    written = native.write_csv(log)
    parsed = native.parse(written, source="export.csv", unit=None)
    assert parsed.format == "backchain-csv"
    assert without_lines(parsed) == log.workouts
    assert parsed.rows == sum(max(1, len(workout.sets)) for workout in log.workouts)
    lines = [logged.line for workout in parsed.workouts for logged in workout.sets]
    assert lines == sorted(lines)
    assert all(line >= 2 for line in lines)


@settings(max_examples=150, deadline=None)
@given(logs)
def test_json_round_trip_loses_nothing(log: ParsedLog) -> None:
    written = native.write_json(log)
    parsed = native.parse_json(written, source="export.json", unit=None)
    assert parsed.format == "backchain-json"
    assert parsed.workouts == log.workouts  # lines are 0 on both sides
    assert parsed.rows == log.set_count


SAMPLE = ParsedLog(
    format="strong",
    rows=4,
    workouts=(
        ParsedWorkout(
            started_at=datetime(2024, 1, 8, 18, 5),
            title=" Legs, heavy ",
            duration_s=4320.0,
            notes='felt "good"\nslept 8 h',
            sets=(
                LoggedSet("Squat (Barbell)", 1, SetKind.WARMUP, 10, 60.0, line=2),
                LoggedSet("Squat (Barbell)", 2, SetKind.WORKING, 5, 102.5, rpe=8.5, line=3),
                LoggedSet("Plank", 1, duration_s=60.0, notes="core", exercise_id="forearm_plank"),
                LoggedSet("Pull Up (Assisted)", 1, reps=8, assistance_kg=22.6796),
            ),
        ),
        ParsedWorkout(started_at=datetime(2024, 1, 9), title="Rest day", sets=()),
    ),
)


def test_the_csv_layout() -> None:
    written = native.write_csv(SAMPLE)
    header, first = written.splitlines()[:2]
    assert header == ",".join(f'"{column}"' for column in native.COLUMNS)
    assert first.startswith('1,"2024-01-08T18:05:00"," Legs, heavy ",4320.0,"felt ""good""')
    assert native.matches(native.COLUMNS)


def test_the_json_layout() -> None:
    document = json.loads(native.write_json(SAMPLE))
    assert (document["format"], document["version"]) == ("backchain", 1)
    plank = document["workouts"][0]["sets"][2]
    assert plank == {
        "exercise_name": "Plank",
        "exercise_id": "forearm_plank",
        "set_index": 1,
        "kind": "working",
        "reps": None,
        "load_kg": None,
        "assistance_kg": None,
        "duration_s": 60.0,
        "distance_m": None,
        "rpe": None,
        "notes": "core",
    }
    assert document["workouts"][1]["sets"] == []


@pytest.mark.parametrize("writer", [native.write_csv, native.write_json])
def test_both_formats_are_detected(writer: object) -> None:
    assert callable(writer)
    parsed = parse_text(writer(SAMPLE), source="export")
    assert parsed.format in ("backchain-csv", "backchain-json")
    assert [len(workout.sets) for workout in parsed.workouts] == [4, 0]
    assert parsed.workouts[0].sets[2].exercise_id == "forearm_plank"


def test_a_pound_unit_draws_a_warning_and_changes_nothing() -> None:
    parsed = native.parse(native.write_csv(SAMPLE), source="e.csv", unit="lb")
    assert parsed.workouts[0].sets[1].load_kg == 102.5
    assert parsed.warnings == ("--unit lb ignored: backchain files are always in kilograms",)


def test_a_malformed_csv_value_names_line_and_column() -> None:
    written = native.write_csv(SAMPLE)
    broken = written.replace('"working",5,', '"working","abc",')
    assert broken != written
    with pytest.raises(ImportFailed) as caught:
        native.parse(broken, source="e.csv", unit=None)
    # Each row of the first workout spans two lines: its notes hold a line break.
    assert str(caught.value) == "e.csv:4: reps: reps must be a whole number, got 'abc'"


def test_an_unknown_kind_is_refused() -> None:
    written = native.write_csv(SAMPLE).replace('"warmup"', '"easy"')
    with pytest.raises(ImportFailed, match=r"e\.csv:2: kind: kind must be one of warmup, working"):
        native.parse(written, source="e.csv", unit=None)


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (
            lambda d: d["workouts"][0]["sets"][1].update(reps="abc"),
            "workouts[0].sets[1].reps",
            "whole number",
        ),
        (
            lambda d: d["workouts"][0]["sets"][0].update(load_kg=-1),
            "workouts[0].sets[0].load_kg",
            "negative",
        ),
        (lambda d: d["workouts"][1].update(started_at="soon"), "workouts[1].started_at", "'soon'"),
        (
            lambda d: d["workouts"][0]["sets"][0].update(kind="easy"),
            "workouts[0].sets[0].kind",
            "'easy'",
        ),
        (lambda d: d.update(version=2), "version", "version 1"),
        (lambda d: d.update(format="strong"), "format", "'strong'"),
    ],
)
def test_a_malformed_json_value_names_its_element(edit: object, field: str, message: str) -> None:
    document = json.loads(native.write_json(SAMPLE))
    assert callable(edit)
    edit(document)
    with pytest.raises(ImportFailed) as caught:
        native.parse_json(json.dumps(document), source="e.json", unit=None)
    assert caught.value.field == field
    assert message in caught.value.reason


def test_broken_json_names_its_line() -> None:
    with pytest.raises(ImportFailed) as caught:
        native.parse_json(
            '{\n"format": "backchain",\n"version": 1,\n"workouts": [,]}', source="e.json", unit=None
        )
    assert caught.value.line == 4


def test_an_assisted_set_keeps_its_assistance_both_ways() -> None:
    for written, read in (
        (native.write_csv(SAMPLE), native.parse),
        (native.write_json(SAMPLE), native.parse_json),
    ):
        assisted = read(written, source="e", unit=None).workouts[0].sets[3]
        assert (assisted.load_kg, assisted.assistance_kg, assisted.reps) == (None, 22.6796, 8)


def test_files_written_before_assistance_existed_still_read() -> None:
    old_columns = [column for column in native.COLUMNS if column != "assistance_kg"]
    csv_text = (
        ",".join(old_columns) + "\n1,2024-01-08T18:05:00,Legs,,,Squat,,1,working,5,100.0,,,,\n"
    )
    (squat,) = native.parse(csv_text, source="old.csv", unit=None).workouts[0].sets
    assert (squat.load_kg, squat.assistance_kg) == (100.0, None)
    document = json.loads(native.write_json(SAMPLE))
    for workout in document["workouts"]:
        for logged in workout["sets"]:
            del logged["assistance_kg"]
    parsed = native.parse_json(json.dumps(document), source="old.json", unit=None)
    assert [s.assistance_kg for s in parsed.workouts[0].sets] == [None] * 4


def test_a_negative_assistance_is_refused() -> None:
    document = json.loads(native.write_json(SAMPLE))
    document["workouts"][0]["sets"][3]["assistance_kg"] = -5
    with pytest.raises(ImportFailed) as caught:
        native.parse_json(json.dumps(document), source="e.json", unit=None)
    assert caught.value.field == "workouts[0].sets[3].assistance_kg"
    written = native.write_csv(SAMPLE).replace(",22.6796,", ",2000.0,")
    with pytest.raises(ImportFailed) as too_much:
        native.parse(written, source="e.csv", unit=None)
    assert too_much.value.field == "assistance_kg"
    assert "must be at most 1000 kg" in too_much.value.reason
