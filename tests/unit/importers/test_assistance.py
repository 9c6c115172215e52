"""A negative weight is an assisted machine's help: kept as assistance, never as load,
in every dialect that can write one."""

from __future__ import annotations

import pytest

from backchain.domain.accounting import tonnage_term
from backchain.domain.log import LoggedSet
from backchain.errors import ImportFailed
from backchain.importers import parse_text
from backchain.importers.native import COLUMNS, CSV_FORMAT

STRONG = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n"
HEVY = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_km,duration_seconds,rpe\n"
FITNOTES = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
FITBOD = "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n"

CASES = {
    "strong": (
        STRONG
        + "2024-03-04 18:00:00;Pull;Pull Up (Assisted);1;-20;kg;8;;;;0;;\n"
        + "2024-03-04 18:00:00;Pull;Pull Up (Assisted);2;-25;lbs;6;;;;0;;\n"
        + "2024-03-04 18:00:00;Pull;Row;1;60;kg;8;;;;0;;\n"
    ),
    "hevy": (
        HEVY
        + "Pull,4 Mar 2024 18:00,4 Mar 2024 19:00,,Pull Up (Assisted),,,0,normal,-44.0925,8,,,\n"
        + "Pull,4 Mar 2024 18:00,4 Mar 2024 19:00,,Pull Up (Assisted),,,1,normal,-25,6,,,\n"
        + "Pull,4 Mar 2024 18:00,4 Mar 2024 19:00,,Row,,,0,normal,132.2774,8,,,\n"
    ),
    "fitnotes": (
        FITNOTES
        + "2024-03-04,Pull Up (Assisted),Back,-20,kgs,8,,,,\n"
        + "2024-03-04,Pull Up (Assisted),Back,-25,lbs,6,,,,\n"
        + "2024-03-04,Row,Back,60,kgs,8,,,,\n"
    ),
    "fitbod": (
        FITBOD
        + "2024-03-04 18:00:00 +0000,Assisted Pull Up,8,-20,0,0,0,0,false,,1\n"
        + "2024-03-04 18:01:00 +0000,Assisted Pull Up,6,-11.33981,0,0,0,0,false,,1\n"
        + "2024-03-04 18:02:00 +0000,Barbell Row,8,60,0,0,0,0,false,,1\n"
    ),
}


@pytest.mark.parametrize(("dialect", "text"), CASES.items())
def test_negative_weights_are_assistance_not_load(dialect: str, text: str) -> None:
    log = parse_text(text, source=f"{dialect}.csv")
    assert log.format == dialect
    first, second, row = log.workouts[0].sets
    assert (first.load_kg, first.assistance_kg, first.reps) == (None, 20.0, 8)
    assert (second.load_kg, second.assistance_kg) == (None, 11.3398)
    assert (row.load_kg, row.assistance_kg) == (60.0, None)


def test_a_set_with_assistance_moves_no_tonnage() -> None:
    assisted = LoggedSet("Assisted Pull Up", 1, reps=8, assistance_kg=20.0)
    assert tonnage_term(8, assisted.load_kg) == 0.0


def test_too_much_assistance_is_refused_at_its_line_and_column() -> None:
    text = STRONG + "2024-03-04 18:00:00;Pull;Pull Up (Assisted);1;-5000;kg;8;;;;0;;\n"
    with pytest.raises(ImportFailed) as caught:
        parse_text(text, source="s.csv")
    assert (caught.value.line, caught.value.field) == (2, "Weight")
    assert "must be at most 1000 kg" in caught.value.reason


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        (
            "hevy",
            HEVY
            + "Pull,4 Mar 2024 18:00,4 Mar 2024 19:00,,Chin Up (Assisted),,,0,normal,40,7,,,\n",
        ),
        ("strong", STRONG + "2024-03-04 18:00:00;Pull;Assisted Dip;1;18;kg;8;;;;0;;\n"),
        ("fitnotes", FITNOTES + "2024-03-04,Assisted Pull Up Machine,Back,30,kgs,8,,,,\n"),
    ],
)
def test_the_weight_of_an_assisted_exercise_is_its_help_even_when_positive(
    dialect: str, text: str
) -> None:
    log = parse_text(text, source="e.csv")
    assert log.format == dialect
    (logged,) = [s for w in log.workouts for s in w.sets]
    assert logged.load_kg is None
    assert logged.assistance_kg is not None and logged.assistance_kg > 0


def test_backchains_own_files_say_which_is_which() -> None:
    header = ",".join(COLUMNS) + "\n"
    row = "1,2024-03-04T18:00:00,Pull,,,Assisted pull-up,assisted_pull_up,1,working,8,20,,,,,\n"
    log = parse_text(header + row, source="own.csv", format=CSV_FORMAT)
    (logged,) = [s for w in log.workouts for s in w.sets]
    assert (logged.load_kg, logged.assistance_kg) == (20, None)
