"""Personal records on one exercise: heaviest, most reps, best estimated 1RM, longest hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backchain.domain.log import SetKind
from backchain.domain.records import (
    RECORD_WORDS,
    Bests,
    Performance,
    RecordKind,
    records_over,
)
from backchain.domain.strength import has_estimated_1rm
from backchain.knowledge import Catalog

LOAD = RecordKind.LOAD
REPS = RecordKind.REPS
E1RM = RecordKind.E1RM
HOLD = RecordKind.HOLD


def lifted(reps: int, load_kg: float, kind: SetKind = SetKind.WORKING) -> Performance:
    """A set of ``reps`` at ``load_kg``."""
    return Performance(reps=reps, load_kg=load_kg, duration_s=None, kind=kind)


def body_weight(reps: int) -> Performance:
    """A set of ``reps`` with no load."""
    return Performance(reps=reps, load_kg=None, duration_s=None)


def hold(seconds: float, load_kg: float | None = None) -> Performance:
    """A hold of ``seconds``."""
    return Performance(reps=None, load_kg=load_kg, duration_s=seconds)


def broken_by(*sets: Performance, estimable: bool = True) -> list[tuple[RecordKind, ...]]:
    """What each set broke, walking them in order."""
    bests = Bests(estimable=estimable)
    return [bests.add(done) for done in sets]


def test_the_first_set_breaks_nothing_but_sets_the_bests() -> None:
    bests = Bests(estimable=True)
    assert bests.add(lifted(5, 100.0)) == ()
    assert bests.heaviest_kg == 100.0
    assert bests.best_e1rm_kg == pytest.approx(116.6667, abs=1e-4)
    assert bests.reps_at_load == {100.0: 5}
    assert bests.sets_seen == 1


def test_a_heavier_set_is_a_load_record() -> None:
    assert broken_by(lifted(5, 100.0), lifted(3, 102.5)) == [(), (LOAD,)]


def test_a_heavier_set_that_also_promises_a_bigger_max_breaks_both() -> None:
    assert broken_by(lifted(5, 100.0), lifted(5, 105.0)) == [(), (LOAD, E1RM)]


def test_a_tie_breaks_nothing() -> None:
    assert broken_by(lifted(5, 100.0), lifted(5, 100.0)) == [(), ()]
    assert broken_by(hold(60), hold(60.0)) == [(), ()]
    assert broken_by(body_weight(12), body_weight(12)) == [(), ()]


def test_a_hair_heavier_is_not_heavier() -> None:
    # 100 kg typed in pounds comes back 100.005 kg: the same load, not a record.
    assert broken_by(lifted(5, 100.0), lifted(5, 100.005)) == [(), ()]
    assert broken_by(lifted(5, 100.0), lifted(5, 100.02)) == [(), (LOAD, E1RM)]


def test_the_second_set_at_a_new_heaviest_load_is_not_a_record_again() -> None:
    session = [lifted(5, 100.0), lifted(5, 110.0), lifted(5, 110.0), lifted(4, 110.0)]
    assert broken_by(*session) == [(), (LOAD, E1RM), (), ()]


def test_more_reps_at_the_same_load_is_a_reps_record() -> None:
    assert broken_by(lifted(5, 100.0), lifted(6, 100.0)) == [(), (REPS, E1RM)]


def test_more_reps_at_a_lighter_load_is_no_record_while_a_heavier_set_has_more() -> None:
    # 8 at 90 kg: never done 8 at 90 kg, but 10 were done at 100 kg.
    assert broken_by(lifted(10, 100.0), lifted(8, 90.0)) == [(), ()]


def test_more_reps_than_ever_at_this_load_or_heavier_is_a_reps_record() -> None:
    # 8 at 90 kg beats every set at 90 kg or more (5 at 100 kg); the 10 at 80 kg is lighter.
    sets = [lifted(10, 80.0), lifted(5, 100.0), lifted(8, 90.0)]
    assert broken_by(*sets, estimable=False) == [(), (LOAD,), (REPS,)]


def test_a_first_set_at_a_new_load_is_a_load_record_not_a_reps_one() -> None:
    assert broken_by(lifted(3, 60.0), lifted(12, 62.5), estimable=False) == [(), (LOAD,)]


def test_the_estimated_max_counts_only_where_it_means_something() -> None:
    # 95 kg x 8 estimates 120.3 kg, above 100 kg x 5's 116.7 kg (and 8 reps at 95 kg
    # or more were never done).
    assert broken_by(lifted(5, 100.0), lifted(8, 95.0)) == [(), (REPS, E1RM)]
    assert broken_by(lifted(5, 100.0), lifted(8, 95.0), estimable=False) == [(), (REPS,)]
    bests = Bests(estimable=False)
    bests.add(lifted(5, 100.0))
    assert bests.best_e1rm_kg is None


def test_estimable_is_the_strength_modules_verdict(catalog: Catalog) -> None:
    bench = catalog.exercises["bench_press"]
    crunch = catalog.exercises["cable_crunch"]
    sets = [lifted(5, 60.0), lifted(10, 55.0)]
    _, bench_records = records_over(enumerate(sets), estimable=has_estimated_1rm(bench))
    _, crunch_records = records_over(enumerate(sets), estimable=has_estimated_1rm(crunch))
    assert bench_records == {1: (REPS, E1RM)}
    assert crunch_records == {1: (REPS,)}


def test_too_many_reps_estimate_no_max() -> None:
    # 90 kg x 15 would "estimate" 135 kg: far too many reps to say anything about a
    # single. The estimate's own limit (10 reps by default) holds below the cap of 12.
    assert broken_by(lifted(5, 100.0), lifted(15, 90.0)) == [(), (REPS,)]
    assert broken_by(lifted(5, 100.0), lifted(12, 90.0)) == [(), (REPS,)]
    assert broken_by(lifted(5, 100.0), lifted(10, 90.0)) == [(), (REPS, E1RM)]


def test_warmups_are_ignored() -> None:
    warmup = lifted(5, 140.0, SetKind.WARMUP)
    bests = Bests(estimable=True)
    assert bests.add(warmup) == ()
    assert bests.sets_seen == 0
    assert bests.heaviest_kg is None
    assert bests.add(lifted(5, 100.0)) == ()
    assert bests.add(warmup) == ()
    assert bests.heaviest_kg == 100.0


@pytest.mark.parametrize("kind", [SetKind.DROP, SetKind.FAILURE, SetKind.WORKING])
def test_drop_and_failure_sets_count(kind: SetKind) -> None:
    assert broken_by(lifted(5, 100.0), lifted(8, 100.0, kind)) == [(), (REPS, E1RM)]


def test_a_missed_attempt_lifted_nothing() -> None:
    bests = Bests(estimable=True)
    bests.add(lifted(5, 100.0))
    assert bests.add(lifted(0, 120.0)) == ()
    assert bests.heaviest_kg == 100.0
    assert bests.add(lifted(1, 110.0)) == (LOAD,)


def test_a_longer_hold_is_a_hold_record() -> None:
    assert broken_by(hold(45), hold(30), hold(50)) == [(), (), (HOLD,)]


def test_holds_are_not_reps_and_reps_are_not_holds() -> None:
    # A set with reps and a time (a timed set of reps) is not a hold.
    timed_reps = Performance(reps=10, load_kg=None, duration_s=90.0)
    assert broken_by(hold(60), timed_reps, hold(61)) == [(), (), (HOLD,)]
    bests = Bests(estimable=False)
    bests.add(hold(60))
    assert bests.most_reps is None
    assert bests.reps_at_load == {}


def test_a_weighted_hold_can_be_the_heaviest_and_the_longest() -> None:
    assert broken_by(hold(40, 10.0), hold(45, 20.0), estimable=False) == [(), (LOAD, HOLD)]


def test_body_weight_reps_are_compared_with_body_weight_sets() -> None:
    sets = [body_weight(8), body_weight(10), lifted(5, 10.0), body_weight(9), body_weight(11)]
    assert broken_by(*sets, estimable=False) == [(), (REPS,), (), (), (REPS,)]


def test_loaded_reps_are_not_compared_with_body_weight_reps() -> None:
    # Weighted pull-ups: 6 with 10 kg is not "more reps" than 12 without,
    # and 7 with 10 kg beats the loaded 6.
    sets = [body_weight(12), lifted(6, 10.0), lifted(7, 10.0)]
    assert broken_by(*sets, estimable=False) == [(), (), (REPS,)]


def test_each_kind_needs_an_earlier_best_of_its_kind() -> None:
    # The first loaded set after body-weight sets, the first hold after sets of reps:
    # bests to start from, nothing beaten.
    assert broken_by(body_weight(10), lifted(5, 10.0), hold(30)) == [(), (), ()]


def test_broken_does_not_add_the_set() -> None:
    bests = Bests(estimable=True)
    bests.add(lifted(5, 100.0))
    assert bests.broken(lifted(5, 110.0)) == (LOAD, E1RM)
    assert bests.broken(lifted(5, 110.0)) == (LOAD, E1RM)
    assert bests.heaviest_kg == 100.0
    assert bests.sets_seen == 1


def test_records_over_a_history_names_the_sets_that_broke_something() -> None:
    history = [
        ("mon-1", lifted(5, 100.0)),
        ("mon-w", lifted(5, 120.0, SetKind.WARMUP)),
        ("mon-2", lifted(5, 100.0)),
        ("thu-1", lifted(6, 100.0)),
        ("thu-2", lifted(3, 105.0)),
    ]
    bests, broken = records_over(history, estimable=True)
    assert broken == {"thu-1": (REPS, E1RM), "thu-2": (LOAD,)}
    assert bests.heaviest_kg == 105.0
    assert bests.reps_at_load == {100.0: 6, 105.0: 3}
    assert bests.sets_seen == 4


def test_the_bests_as_json() -> None:
    bests, _ = records_over(
        enumerate([lifted(5, 102.5), lifted(8, 80.0), lifted(6, 80.0), hold(30)]),
        estimable=True,
    )
    data = json.loads(json.dumps(bests.to_dict()))
    assert data == {
        "estimable": True,
        "heaviest_kg": 102.5,
        "best_e1rm_kg": pytest.approx(119.5833, abs=1e-4),
        "longest_hold_s": 30.0,
        "most_reps": None,
        "reps_at_load": [[80.0, 8], [102.5, 5]],
        "sets_seen": 4,
    }


def test_loads_are_keyed_to_the_hundredth() -> None:
    bests = Bests(estimable=False)
    bests.add(lifted(5, 100.0))
    bests.add(lifted(6, 100.001))
    assert bests.reps_at_load == {100.0: 6}


def test_badge_words() -> None:
    assert RECORD_WORDS == {
        LOAD: "Heaviest",
        REPS: "Most reps",
        E1RM: "Best est. 1RM",
        HOLD: "Longest hold",
    }


sets_strategy = st.lists(
    st.builds(
        Performance,
        reps=st.none() | st.integers(min_value=0, max_value=20),
        load_kg=st.none() | st.sampled_from([0.0, 20.0, 40.0, 60.0, 60.005, 80.0, 100.0]),
        duration_s=st.none() | st.sampled_from([20.0, 30.0, 45.0]),
        kind=st.sampled_from(SetKind),
    ),
    max_size=30,
)


@given(sets_strategy, st.booleans())
def test_a_set_breaks_a_record_only_by_beating_the_bests_before_it(
    sets: list[Performance], estimable: bool
) -> None:
    bests = Bests(estimable=estimable)
    for done in sets:
        before = (bests.heaviest_kg, bests.best_e1rm_kg, bests.longest_hold_s, bests.most_reps)
        kinds = bests.add(done)
        heaviest, e1rm, longest, most = before
        assert len(set(kinds)) == len(kinds)
        if done.kind is SetKind.WARMUP:
            assert kinds == ()
        if LOAD in kinds:
            assert heaviest is not None and bests.heaviest_kg == done.load_kg
            assert bests.heaviest_kg > heaviest + 0.01
        if E1RM in kinds:
            assert estimable and e1rm is not None
            assert bests.best_e1rm_kg is not None and bests.best_e1rm_kg > e1rm + 0.01
        if HOLD in kinds:
            assert longest is not None and bests.longest_hold_s == done.duration_s
            assert bests.longest_hold_s > longest
        if REPS in kinds and not done.loaded:
            assert most is not None and bests.most_reps == done.reps
    # Replaying the same sets again breaks nothing: every best is already there.
    assert all(bests.add(done) == () for done in sets)


@given(sets_strategy, st.booleans())
def test_records_over_is_adding_the_sets_one_by_one(
    sets: list[Performance], estimable: bool
) -> None:
    bests = Bests(estimable=estimable)
    expected = {i: kinds for i, done in enumerate(sets) if (kinds := bests.add(done))}
    final, broken = records_over(enumerate(sets), estimable=estimable)
    assert broken == expected
    assert final == bests
