"""A profile out of bounds is told in a lifter's words, not the validator's."""

from __future__ import annotations

import pytest

from backchain.errors import ProfileError
from backchain.services.profile_changes import validated


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"days": 9}, "days", "days: must be at most 6"),
        ({"minutes": 5}, "minutes", "minutes: must be at least 20"),
    ],
)
def test_a_profile_out_of_bounds_is_told_in_plain_words(
    data: dict[str, int], field: str, words: str
) -> None:
    with pytest.raises(ProfileError) as refused:
        validated(data)
    assert refused.value.field == field
    assert str(refused.value) == words
    assert "Input should" not in str(refused.value)
