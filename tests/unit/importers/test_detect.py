"""The public API: format detection, forced formats, units and file decoding."""

from __future__ import annotations

import pytest

from backchain.errors import ImportFailed
from backchain.importers import FORMATS, detect_format, parse_file, parse_text

from .conftest import WriteExport

HEADERS = {
    "strong": "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    "hevy": "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe",
    "fitnotes": "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time",
    "fitbod": "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier",
    "backchain-csv": "workout,started_at,title,workout_duration_s,workout_notes,exercise_name,exercise_id,set_index,kind,reps,load_kg,duration_s,distance_m,rpe,notes",
}


def test_the_formats_known() -> None:
    assert FORMATS == ("strong", "hevy", "fitnotes", "fitbod", "backchain-csv", "backchain-json")


@pytest.mark.parametrize(("name", "header"), HEADERS.items())
def test_each_format_is_recognised_by_its_header(name: str, header: str) -> None:
    assert detect_format(header + "\n", source="f.csv") == name
    assert detect_format("\ufeff\r\n" + header.replace(",", ";") + "\r\n", source="f.csv") == name


def test_json_is_backchain_json() -> None:
    assert detect_format(' \n{"format": "backchain"}', source="f.json") == "backchain-json"


def test_an_unknown_header_lists_the_formats_known() -> None:
    with pytest.raises(ImportFailed) as caught:
        detect_format("when,what,how much\n1,2,3\n", source="f.csv")
    message = str(caught.value)
    assert message.startswith("f.csv:1: ")
    assert "when, what, how much" in message
    for name in FORMATS:
        assert name in message


def test_the_format_can_be_forced() -> None:
    text = HEADERS["strong"] + "\n2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n"
    assert parse_text(text, source="f.csv", format="strong", unit="kg").set_count == 1
    with pytest.raises(ImportFailed, match="the formats known are"):
        parse_text(text, source="f.csv", format="jefit", unit="kg")
    with pytest.raises(ImportFailed, match="required column"):
        parse_text(text, source="f.csv", format="hevy")


@pytest.mark.parametrize("unit", ["kg", "KG", "kgs", "lb", "lbs"])
def test_unit_spellings(unit: str) -> None:
    text = HEADERS["strong"] + "\n2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n"
    load = parse_text(text, source="f.csv", unit=unit).workouts[0].sets[0].load_kg
    assert load == (100.0 if unit.lower().startswith("k") else 45.3592)


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(ImportFailed, match="unit must be kg or lb, got 'stone'"):
        parse_text(HEADERS["fitnotes"] + "\n", source="f.csv", unit="stone")


def test_utf8_with_bom_and_emoji(write_export: WriteExport) -> None:
    text = HEADERS["strong"] + "\n2024-01-08 18:05:00,Upper ❤️‍🔥,1h,Squat,1,100,5,0,0,,,\n"
    log = parse_file(write_export(text, bom=True), unit="kg")
    assert log.workouts[0].title == "Upper ❤️‍🔥"
    assert log.warnings == ()


def test_windows_1252_is_read_with_a_warning(write_export: WriteExport) -> None:
    text = HEADERS["fitnotes"] + "\n2024-02-01,Développé couché,Chest,60,5,,,\n"
    log = parse_file(write_export(text, encoding="cp1252"))
    assert log.workouts[0].sets[0].exercise_name == "Développé couché"
    assert log.warnings[0].startswith("the file is not UTF-8")


def test_errors_name_the_path(write_export: WriteExport) -> None:
    path = write_export(HEADERS["fitnotes"] + "\n2024-02-01,Squat,Legs,60,lots,,,\n", name="my.csv")
    with pytest.raises(ImportFailed) as caught:
        parse_file(path)
    assert str(caught.value) == f"{path}:2: Reps: reps must be a whole number, got 'lots'"


def test_a_missing_file_is_an_import_error(write_export: WriteExport) -> None:
    path = write_export("x").with_name("absent.csv")
    with pytest.raises(ImportFailed, match="cannot read the file"):
        parse_file(path)


def test_an_empty_file_is_an_import_error(write_export: WriteExport) -> None:
    with pytest.raises(ImportFailed, match="empty"):
        parse_file(write_export("\n\n"))
