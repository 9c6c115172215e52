"""A window of chosen weeks (the last weeks that hold training): the weeks between
them count for nothing, and its checks read the same as the same training done
in consecutive weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backchain.domain.audit import AuditWindow, audit
from backchain.knowledge import Catalog
from tests.unit.test_audit import QUADS_OVER_HAMS, weekly

OLD = [date(2023, 3, 6) + timedelta(weeks=k) for k in range(3)]
NOW = date(2026, 11, 30)


def test_chosen_weeks_make_a_window_with_gaps_and_consecutive_ones_none() -> None:
    gapped = AuditWindow.of_weeks([*OLD, NOW + timedelta(days=3)])
    assert gapped.gapped and gapped.week_count == 4
    assert gapped.mondays == [*OLD, NOW]
    assert gapped.contains(OLD[1] + timedelta(days=6)) and not gapped.contains(date(2024, 1, 1))
    whole = AuditWindow.of_weeks(reversed(OLD))
    assert not whole.gapped and whole == AuditWindow(OLD[0], OLD[-1])
    # A rule window takes the window's own weeks, then the calendar's before them.
    assert gapped.weeks_ending(NOW, 4) == [*OLD, NOW]
    assert gapped.weeks_ending(NOW, 6) == [
        OLD[0] - timedelta(weeks=2),
        OLD[0] - timedelta(weeks=1),
        *OLD,
        NOW,
    ]
    assert whole.weeks_ending(OLD[-1], 4) == [OLD[0] - timedelta(weeks=1), *OLD]
    with pytest.raises(ValueError, match="distinct and in order"):
        AuditWindow(OLD[0], NOW, (OLD[0], OLD[2], OLD[1], NOW))


def test_a_window_with_gaps_audits_its_weeks_as_if_they_were_consecutive(
    catalog: Catalog,
) -> None:
    gapped = AuditWindow.of_weeks([*OLD, NOW])
    consecutive = AuditWindow.ending(NOW, 4)
    far = audit(catalog, weekly(QUADS_OVER_HAMS, gapped.mondays), gapped)
    near = audit(catalog, weekly(QUADS_OVER_HAMS, consecutive.mondays), consecutive)
    assert far.totals == near.totals
    assert [w.muscles for w in far.weeks] == [w.muscles for w in near.weeks]
    for mine, theirs in zip(far.checks, near.checks, strict=True):
        assert (mine.key, mine.status, mine.value) == (theirs.key, theirs.status, theirs.value)
    assert far.check("R-HQ-SETS").status.value == "imbalance"
    # Sets in the weeks between are not the window's.
    between = weekly(QUADS_OVER_HAMS, [date(2024, 6, 3)])
    assert audit(catalog, between, gapped).totals.sets == 0
