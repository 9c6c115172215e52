"""A broken knowledge-base entry fails loading with its file, line, entry and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from backchain.errors import KnowledgeError
from backchain.knowledge import default_data_dir, load_catalog

METHOD = "exercises/method.toml"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    source = Path(str(default_data_dir()))
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return target


Edit = Callable[[str], str]


def broken(data: Path, relative: str, edit: Edit) -> KnowledgeError:
    path = data / relative
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit must change the file"
    path.write_text(after, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_catalog(data)
    return caught.value


def line_of(data: Path, relative: str, needle: str) -> int:
    lines = (data / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_the_untouched_copy_loads(data_copy: Path) -> None:
    assert len(load_catalog(data_copy).exercises) >= 100


def test_bad_value_names_file_line_entry_and_field(data_copy: Path) -> None:
    def edit(text: str) -> str:
        start = text.index('id = "prone_thigh_extension"')
        head, tail = text[:start], text[start:]
        return head + tail.replace("reps = [10, 20]", 'reps = "abc"', 1)

    error = broken(data_copy, METHOD, edit)
    [problem] = error.problems
    assert problem.file == METHOD
    assert problem.entry == "exercise 'prone_thigh_extension'"
    assert problem.field.startswith("prescription.reps")
    assert problem.line == line_of(data_copy, METHOD, 'reps = "abc"')
    assert re.search(
        rf"{METHOD}:\d+: exercise 'prone_thigh_extension': prescription\.reps", str(error)
    )


def test_unknown_muscle_is_reported(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace(
            'primary_muscles = ["hamstrings"]', 'primary_muscles = ["hamstring"]', 1
        ),
    )
    [problem] = error.problems
    assert (problem.entry, problem.field) == ("exercise 'lying_leg_curl'", "primary_muscles")
    assert "unknown muscle group 'hamstring'" in problem.message


def test_misspelt_field_is_rejected(data_copy: Path) -> None:
    error = broken(data_copy, METHOD, lambda t: t.replace("breathing = [", "breathin = [", 1))
    fields = {p.field for p in error.problems}
    assert "breathin" in fields  # the unknown key
    assert "breathing" in fields  # and the now-missing required one


def test_unknown_cross_references_are_reported(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace('harder = ["nordic_hamstring_curl"]', 'harder = ["nordic_curl_x"]', 1),
    )
    [problem] = error.problems
    assert problem.field == "progression.harder"
    assert "nordic_curl_x" in problem.message


def test_unknown_source_condition_and_equipment(data_copy: Path) -> None:
    def edit(text: str) -> str:
        text = text.replace('sources = ["s000", "coombs_garbutt_2002", "acsm_2009"]',
                            'sources = ["s999"]', 1)  # fmt: skip
        text = written_in(text, "stiff_leg_deadlift", 'contraindications = ["bad_back"]')
        return text.replace('equipment = ["leg_curl_machine"]', 'equipment = ["leg_curler"]', 1)

    error = broken(data_copy, METHOD, edit)
    assert [(p.entry, p.field) for p in error.problems] == [
        ("exercise 'lying_leg_curl'", "equipment"),
        ("exercise 'lying_leg_curl'", "sources"),
        ("exercise 'stiff_leg_deadlift'", "contraindications"),
        # the dumbbell variant extends the barbell lift and inherits the bad tag
        ("exercise 'stiff_leg_deadlift_dumbbell'", "contraindications"),
    ]


def written_in(text: str, exercise_id: str, line: str) -> str:
    """The file with the exercise's empty contraindications replaced by ``line``."""
    head, tail = text.split(f'id = "{exercise_id}"\n', 1)
    return head + f'id = "{exercise_id}"\n' + tail.replace("contraindications = []", line, 1)


def test_a_written_contraindication_the_traits_already_give_is_refused(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: written_in(t, "prone_thigh_extension", 'contraindications = ["wrist_pain"]'),
    )
    assert [(p.entry, p.field) for p in error.problems] == [
        ("exercise 'prone_thigh_extension'", "contraindications")
    ]
    assert "already follows from the traits" in error.problems[0].message


def test_variant_of_cannot_be_set_by_hand(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace(
            'id = "hip_thrust"', 'id = "hip_thrust"\nvariant_of = "glute_bridge"', 1
        ),
    )
    assert [(p.entry, p.field) for p in error.problems] == [("exercise 'hip_thrust'", "variant_of")]


def test_duplicate_alias_across_exercises(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace('"Prone Leg Curl",', '"Prone Leg Curl",\n  "Hip Thrust (Barbell)",', 1),
    )
    [problem] = error.problems
    assert (problem.entry, problem.field) == ("exercise 'barbell_hip_thrust'", "aliases")
    assert "'Hip Thrust (Barbell)' already names exercise 'lying_leg_curl'" in problem.message


def test_extends_an_unknown_exercise(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace('extends = "stiff_leg_deadlift"', 'extends = "stiff_legs"', 1),
    )
    assert [(p.entry, p.field) for p in error.problems] == [
        ("exercise 'stiff_leg_deadlift_dumbbell'", "extends")
    ]


def test_posterior_chain_cannot_be_set_by_hand(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace(
            'id = "lying_leg_curl"', 'id = "lying_leg_curl"\nposterior_chain = true', 1
        ),
    )
    assert any(p.field == "posterior_chain" for p in error.problems)


def test_reversed_range_is_rejected(data_copy: Path) -> None:
    error = broken(
        data_copy,
        METHOD,
        lambda t: t.replace("height_cm = [35, 50]", "height_cm = [50, 35]", 1),
    )
    assert any("range minimum 50" in p.message for p in error.problems)


def test_toml_syntax_error_names_the_file(data_copy: Path) -> None:
    error = broken(
        data_copy, "rules.toml", lambda t: t.replace('id = "R-HQ-SETS"', 'id = "R-HQ-SETS', 1)
    )
    assert error.problems[0].file == "rules.toml"
    assert error.problems[0].field == "syntax"


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    def edit(text: str) -> str:
        return text.replace('load_type = "machine"', 'load_type = "robot"', 1).replace(
            'laterality = "unilateral"', 'laterality = "sideways"', 1
        )

    error = broken(data_copy, METHOD, edit)
    assert len(error.problems) >= 2
