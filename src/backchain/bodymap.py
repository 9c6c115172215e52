"""What the body map shows, shared by the charts (``backchain report --out``) and
the web dashboard: which anatomapa surface regions stand for which muscle group,
front and back, and how high the colour scale goes.

Kept apart from :mod:`backchain.cli.charts` so that the web app draws its body map
without loading matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["BACK_REGIONS", "FRONT_REGIONS", "VIEWS", "nice_ceiling"]

# Muscle group -> anatomapa surface regions, per view. One group per region: a
# region that covers several groups shows the one a lifter sees there, and the
# rest go to the side panel rather than sharing a colour they do not have.
FRONT_REGIONS: Mapping[str, tuple[str, ...]] = {
    "anterior_deltoid": ("shoulder",),
    "pectorals": ("upper_chest", "lower_chest"),
    "biceps": ("upper_arm",),
    "forearms": ("forearm",),
    "abdominals": ("upper_abdomen", "lower_abdomen"),
    "hip_flexors": ("hip",),
    "quadriceps": ("thigh",),
    "tibialis_anterior": ("lower_leg",),
}
BACK_REGIONS: Mapping[str, tuple[str, ...]] = {
    "trapezius": ("neck",),
    "posterior_deltoid": ("shoulder",),
    "latissimus_dorsi": ("upper_back",),
    "erector_spinae": ("lower_back",),
    "triceps": ("upper_arm",),
    "forearms": ("forearm",),
    "glutes": ("buttocks",),
    "hamstrings": ("thigh",),
    "calves": ("lower_leg",),
}
# (anatomapa view, title, group -> regions), front then back.
VIEWS: tuple[tuple[str, str, Mapping[str, tuple[str, ...]]], ...] = (
    ("anterior", "Front", FRONT_REGIONS),
    ("posterior", "Back", BACK_REGIONS),
)


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at or
    above ``value``, at least 1: the top of the colour scale.

    >>> nice_ceiling(0.4), nice_ceiling(13), nice_ceiling(21)
    (1.0, 15.0, 25.0)
    """
    if value <= 1:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * power >= value - 1e-9:
            return step * power
    return 10.0 * power
