"""Strong's header in the app's language: the translations known by name, and every
other language read by the place of its columns in Strong's layouts."""

from __future__ import annotations

from datetime import datetime

import pytest

from backchain.domain.log import ParsedLog, SetKind
from backchain.errors import ImportFailed
from backchain.importers import detect_format, parse_text, strong

# A real German export header (iOS, the classic layout); jjaju/statlift's columns.json
# names the same columns, and "Workout-Dauer" for the duration on Android.
GERMAN = "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,Sekunden,Notizen,Workout-Notizen,RPE\n"
# A French header as another project's tests of a Strong importer write it.
FRENCH = "Date,Nom de l'entraînement,Durée,Nom de l'exercice,Ordre de la série,Poids,Réps,Distance,Secondes,RPE,Notes\n"


def test_the_real_german_header_is_read_by_name() -> None:
    log = parse_text(
        GERMAN
        + '2025-08-23 17:51:23,"Ganzkörper",2h 23min,"Chest Press (Machine)",1,50.0,12.0,0,0.0,"","Erstes Training",\n'
        + '2025-08-23 17:51:23,"Ganzkörper",2h 23min,"Chest Press (Machine)",Ruhezeit,0,0.0,0,120.0,,,\n'
        + '2025-08-23 17:51:23,"Ganzkörper",2h 23min,"Chest Press (Machine)",2,55.0,10.0,0,0.0,,,8\n'
        + '2025-08-23 17:51:23,"Ganzkörper",2h 23min,"Push Up",1,0,15.0,0,0.0,"",,\n',
        source="strong.csv",
        unit="kg",
    )
    assert (log.format, log.rows, log.set_count, log.warnings) == ("strong", 4, 3, ())
    (workout,) = log.workouts
    assert (workout.title, workout.duration_s, workout.notes) == (
        "Ganzkörper",
        (2 * 60 + 23) * 60.0,
        "Erstes Training",
    )
    first, second, push_up = workout.sets
    assert (first.load_kg, first.reps, first.rpe) == (50.0, 12, None)
    assert (second.load_kg, second.reps, second.rpe, second.set_index) == (55.0, 10, 8.0, 2)
    assert (push_up.load_kg, push_up.reps) == (0.0, 15)


def test_a_german_error_names_the_german_column() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_text(
            GERMAN + "2025-08-23 17:51:23,Beine,1h,Kniebeuge,1,80,viele,0,0,,,\n",
            source="t.csv",
            unit="kg",
        )
    assert str(caught.value) == "t.csv:2: Wiederh.: reps must be a whole number, got 'viele'"


def test_the_german_android_layout_with_unit_columns_whose_names_are_not_known() -> None:
    header = "Datum;Workout-Name;Name der Übung;Reihenfolge festlegen;Gewicht;Gewichtseinheit;Wiederh.;RPE;Entfernung;Entfernungseinheit;Sekunden;Notizen;Workout-Notizen;Workout-Dauer\n"
    log = parse_text(
        header
        + "2023-05-02 07:10:00;Beine;Kniebeuge (Langhantel);W;40;kg;10;;;;0;;Montag;1h 5m\n"
        + '2023-05-02 07:10:00;Beine;Kniebeuge (Langhantel);1;"82,5";kg;5;8;;;0;tief;;1h 5m\n'
        + "2023-05-02 07:10:00;Beine;Laufband;1;;;;;2,5;km;900;;;1h 5m\n",
        source="training.csv",
    )
    (workout,) = log.workouts
    assert (workout.title, workout.duration_s, workout.notes) == ("Beine", 3900.0, "Montag")
    warmup, working, run = workout.sets
    assert (warmup.kind, warmup.load_kg, warmup.reps) == (SetKind.WARMUP, 40.0, 10)
    assert (working.load_kg, working.rpe, working.notes) == (82.5, 8.0, "tief")
    assert (run.distance_m, run.duration_s) == (2500.0, 900.0)
    assert len(log.warnings) == 1
    assert "'Gewichtseinheit', 'Entfernungseinheit'" in log.warnings[0]
    assert "unit columns with the duration last" in log.warnings[0]


def test_the_french_header_is_read_by_name() -> None:
    log = parse_text(
        FRENCH
        + "2025-01-01 10:00:00,Full Body,60m,Squat,1,100,5,0,0,8,\n"
        + "2025-01-01 10:00:00,Full Body,60m,Squat,2,100,5,0,0,8.5,lourd\n",
        source="f.csv",
        unit="kg",
    )
    assert log.warnings == ()
    first, second = log.workouts[0].sets
    assert (first.load_kg, first.reps, first.rpe, log.workouts[0].duration_s) == (
        100.0,
        5,
        8.0,
        3600.0,
    )
    assert (second.rpe, second.notes) == (8.5, "lourd")


# Strong's column names in other languages have not been found in public material.
# These stand-ins (plain translations, not claims about what Strong writes) make
# sure that a header in any language, any script, is read by the place of its
# columns: date, workout name, duration, exercise, set order, weight, reps,
# distance, seconds, notes, workout notes, weight unit, distance unit, workout #.
WORDS = {
    "Spanish": "Fecha|Nombre del entrenamiento|Duración|Nombre del ejercicio|Orden de serie|Peso|Repeticiones|Distancia|Segundos|Notas|Notas del entrenamiento|Unidad de peso|Unidad de distancia|Entrenamiento nº",
    "Italian": "Data|Nome allenamento|Durata|Nome esercizio|Ordine serie|Peso|Ripetizioni|Distanza|Secondi|Note|Note allenamento|Unità di peso|Unità di distanza|Allenamento n.",
    "Portuguese": "Data|Nome do treino|Duração|Nome do exercício|Ordem da série|Peso|Repetições|Distância|Segundos|Notas|Notas do treino|Unidade de peso|Unidade de distância|Treino nº",
    "Dutch": "Datum|Trainingsnaam|Duur|Oefeningnaam|Setvolgorde|Gewicht|Herhalingen|Afstand|Seconden|Notities|Trainingsnotities|Gewichtseenheid|Afstandseenheid|Training nr.",
    "Russian": "Дата|Название тренировки|Длительность|Название упражнения|Порядок подхода|Вес|Повторы|Расстояние|Секунды|Заметки|Заметки тренировки|Единица веса|Единица расстояния|Тренировка №",
    "Japanese": "日付|ワークアウト名|時間|種目名|セット順|重量|回数|距離|秒|メモ|ワークアウトメモ|重量単位|距離単位|ワークアウト番号",
    "Chinese": "日期|训练名称|时长|动作名称|组序|重量|次数|距离|秒|备注|训练备注|重量单位|距离单位|训练编号",
    "Korean": "날짜|운동 이름|시간|종목 이름|세트 순서|무게|횟수|거리|초|메모|운동 메모|무게 단위|거리 단위|운동 번호",
    "Polish": "Data|Nazwa treningu|Czas trwania|Nazwa ćwiczenia|Kolejność serii|Ciężar|Powtórzenia|Dystans|Sekundy|Notatki|Notatki z treningu|Jednostka ciężaru|Jednostka dystansu|Trening nr",
    "Turkish": "Tarih|Antrenman adı|Süre|Egzersiz adı|Set sırası|Ağırlık|Tekrar|Mesafe|Saniye|Notlar|Antrenman notları|Ağırlık birimi|Mesafe birimi|Antrenman no",
    "Swedish": "Datum|Passnamn|Längd|Övningsnamn|Setordning|Vikt|Reps|Distans|Sekunder|Anteckningar|Passanteckningar|Viktenhet|Distansenhet|Pass nr",
}


def words(language: str) -> dict[str, str]:
    keys = (
        "date title duration exercise order weight reps distance seconds notes "
        "workout_notes weight_unit distance_unit number"
    ).split()
    return dict(zip(keys, WORDS[language].split("|"), strict=True))


def classic(language: str) -> str:
    w = words(language)
    names = ["date", "title", "duration", "exercise", "order", "weight", "reps", "distance",
             "seconds", "notes", "workout_notes"]  # fmt: skip
    return ",".join([*(w[name] for name in names), "RPE"]) + "\n"


def with_units(language: str) -> str:
    w = words(language)
    names = ["date", "title", "exercise", "order", "weight", "weight_unit", "reps", "RPE",
             "distance", "distance_unit", "seconds", "notes", "workout_notes"]  # fmt: skip
    return ";".join(w.get(name, name) for name in names) + "\n"


def numbered(language: str) -> str:
    w = words(language)
    cells = [w["number"], w["date"], w["title"], f"{w['duration']} (sec)", w["exercise"],
             w["order"], f"{w['weight']} (kg)", w["reps"], "RPE", f"{w['distance']} (meters)",
             w["seconds"], w["notes"], w["workout_notes"]]  # fmt: skip
    return ";".join(f'"{cell}"' for cell in cells) + "\n"


def check(log: ParsedLog) -> None:
    assert log.format == "strong"
    (workout,) = log.workouts
    assert workout.started_at == datetime(2024, 1, 8, 18, 5)
    assert workout.title == "Legs"
    warmup, squat, plank = workout.sets
    assert (warmup.kind, warmup.set_index, warmup.load_kg, warmup.reps) == (
        SetKind.WARMUP,
        1,
        60.0,
        8,
    )
    assert (squat.kind, squat.set_index, squat.load_kg, squat.reps, squat.rpe) == (
        SetKind.WORKING,
        2,
        100.0,
        5,
        8.5,
    )
    assert (plank.duration_s, plank.load_kg or 0.0) == (60.0, 0.0)
    assert len(log.warnings) == 1
    assert "read by their place in Strong's" in log.warnings[0]


@pytest.mark.parametrize("language", WORDS)
def test_a_classic_header_in_any_language(language: str) -> None:
    text = (
        classic(language)
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Squat (Barbell)",W,60,8,0,0,"","",\n'
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Squat (Barbell)",Rest Timer,0,0,0,90,"","",\n'
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Squat (Barbell)",1,100,5,0,0,"","",8.5\n'
        + '2024-01-08 18:05:00,"Legs",1h 12m,"Plank",1,0,0,0,60,"","",\n'
    )
    assert detect_format(text, source="s.csv") == "strong"
    check(parse_text(text, source="s.csv", unit="kg"))


@pytest.mark.parametrize("language", WORDS)
def test_a_header_with_unit_columns_in_any_language(language: str) -> None:
    text = (
        with_units(language)
        + "2024-01-08 18:05:00;Legs;Squat (Barbell);W;60;kg;8;;;;0;;\n"
        + "2024-01-08 18:05:00;Legs;Squat (Barbell);1;100;kg;5;8,5;;;0;;\n"
        + "2024-01-08 18:05:00;Legs;Plank;1;;;;;;;60;;\n"
    )
    check(parse_text(text, source="s.csv"))


@pytest.mark.parametrize("language", WORDS)
def test_a_numbered_header_in_any_language(language: str) -> None:
    text = (
        numbered(language)
        + '"1";"2024-01-08 18:05:00";"Legs";"4320";"Squat (Barbell)";"W";"60";"8";"";"";"";"";""\n'
        + '"1";"2024-01-08 18:05:00";"Legs";"4320";"Squat (Barbell)";"1";"100";"5";"8.5";"";"";"";""\n'
        + '"1";"2024-01-08 18:05:00";"Legs";"4320";"Plank";"1";"";"";"";"";"60";"";""\n'
    )
    log = parse_text(text, source="s.csv")
    check(log)
    assert log.workouts[0].duration_s == 4320.0


def test_rpe_last_in_the_numbered_layout_is_told_by_the_rpe_column() -> None:
    cells = ["Nº", "Fecha", "Nombre", "Duración (sec)", "Ejercicio", "Orden", "Peso (kg)",
             "Repeticiones", "Distancia (meters)", "Segundos", "Notas", "Notas 2", "RPE"]  # fmt: skip
    text = (
        ";".join(cells)
        + "\n1;2024-01-08 18:05:00;Legs;4320;Squat;1;100;5;;;;;8\n"
        + "1;2024-01-08 18:05:00;Legs;4320;Row;1;;;2000;600;;;\n"
    )
    squat, row = parse_text(text, source="s.csv").workouts[0].sets
    assert (squat.rpe, squat.distance_m) == (8.0, None)
    assert (row.distance_m, row.duration_s) == (2000.0, 600.0)


def test_a_header_that_fits_no_layout_is_not_taken_for_strong() -> None:
    text = "Дата,Упражнение,Вес\n2024-01-08 18:05:00,Squat,100\n"
    with pytest.raises(ImportFailed, match="cannot tell which app wrote this file"):
        detect_format(text, source="x.csv")
    assert not strong.matches_layout(text, source="x.csv")


def test_first_rows_that_do_not_look_like_strong_s_are_not_read_by_position() -> None:
    # The right width, but its reps are words: no layout fits, so nothing is guessed.
    text = classic("Spanish") + "2024-01-08 18:05:00,Legs,1h,Squat,1,100,cinco,0,0,,,\n"
    assert not strong.matches_layout(text, source="x.csv")
    with pytest.raises(ImportFailed, match="required column 'Date' is missing"):
        strong.parse(text, source="x.csv", unit="kg")


def test_a_bad_value_after_the_rows_looked_at_names_the_file_s_own_column() -> None:
    good = "2024-01-08 18:05:00,Legs,1h,Squat,1,100,5,0,0,,,\n" * 30
    text = classic("Polish") + good + "2024-01-08 18:05:00,Legs,1h,Squat,2,100,pięć,0,0,,,\n"
    with pytest.raises(ImportFailed) as caught:
        parse_text(text, source="p.csv", unit="kg")
    assert str(caught.value) == "p.csv:32: Powtórzenia: reps must be a whole number, got 'pięć'"


def test_a_rest_row_in_any_language_is_not_a_set() -> None:
    text = (
        with_units("Russian")
        + "2024-01-08 18:05:00;Legs;Squat;1;100;kg;5;;;;0;;\n"
        + "2024-01-08 18:05:00;Legs;Squat;Таймер отдыха;;;;;;;90;;\n"
        + "2024-01-08 18:05:00;Legs;Squat;2;100;kg;5;;;;0;;\n"
    )
    log = parse_text(text, source="r.csv")
    assert log.rows == 3
    assert [s.set_index for s in log.workouts[0].sets] == [1, 2]
    # A word where the set order goes, on a row with a weight and reps, is still an error.
    english = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n"
    lifted = english + "2024-01-08 18:05:00;Legs;Squat;Таймер отдыха;100;kg;5;;;;0;;\n"
    with pytest.raises(ImportFailed, match=r"r\.csv:2: Set Order: set order must be a number"):
        parse_text(lifted, source="r.csv")
