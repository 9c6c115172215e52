"""What the web pages and the terminal both say in words: ranges, tempos,
doses and citations (``3-4 x 10-15 reps per side, rest 60-90 s, 2-3x a week``).

Example::

    >>> fmt_range((10, 15))
    '10-15'
"""

from __future__ import annotations

from collections.abc import Sequence

from backchain.knowledge.models import Prescription, Source

__all__ = [
    "describe_prescription",
    "describe_tempo",
    "fmt_range",
    "item_dose",
    "short_citation",
    "tempo_digits",
]


def tempo_digits(tempo: Sequence[float | None] | None) -> str:
    """A planned rep's tempo as lifting-pause-lowering seconds: ``2-1-3``; "" for none."""
    if not tempo:
        return ""
    return "-".join(f"{second or 0:g}" for second in tempo)


def item_dose(
    sets: int | None,
    reps: int | None,
    reps_min: int | None,
    reps_max: int | None,
    hold_s: float | None,
    *,
    dash: str = "–",
) -> tuple[str, str]:
    """A planned item's dose and its rep range (only when the range is wider):
    ``("3 × 10", "8–12")``, ``("2 × 30 s", "")``."""
    count = sets or 1
    if hold_s is not None:
        return f"{count} × {hold_s:g} s", ""
    shown = f"{count} × {reps if reps is not None else '?'}"
    wider = reps_min is not None and reps_max is not None and reps_min != reps_max
    return shown, f"{reps_min}{dash}{reps_max}" if wider else ""


def fmt_range(pair: tuple[float, float] | None, unit: str = "") -> str:
    """``(10, 15)`` -> ``10-15``; ``(3, 3)`` -> ``3``; numbers without a useless ``.0``."""
    if pair is None:
        return "-"
    low, high = (f"{v:g}" for v in pair)
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"


def describe_tempo(prescription: Prescription) -> str:
    """Tempo as the lifter reads it: seconds up, hold, down."""
    tempo = prescription.tempo
    if tempo is None:
        return "steady hold"
    return (
        f"{fmt_range(tempo.concentric_s, ' s')} up · {fmt_range(tempo.pause_s, ' s')} hold · "
        f"{fmt_range(tempo.eccentric_s, ' s')} down"
    )


def describe_prescription(prescription: Prescription) -> str:
    """``3-4 x 10-15 reps per side, rest 60-90 s, 2-3x a week``."""
    dose = (
        f"{fmt_range(prescription.reps)} reps"
        if prescription.reps
        else f"{fmt_range(prescription.hold_s)} s hold"
    )
    side = " per side" if prescription.per_side else ""
    return (
        f"{fmt_range(prescription.sets)} x {dose}{side}, rest {fmt_range(prescription.rest_s)} s, "
        f"{fmt_range(prescription.frequency_per_week)}x a week"
    )


def short_citation(source: Source) -> str:
    """``S000: <title>`` for a seed, ``Tyler 2001`` for a paper."""
    if source.kind == "seed":
        return f"{source.id.upper()}: {source.title}"
    author = source.authors[0].split()[0] if source.authors else source.title
    return f"{author} {source.year}" if source.year else author
