"""Draw backchain's app icons: three chain links, one above the other (the back
of the body as a chain), white on the app's green.

Run from the project root after changing the drawing; the PNGs it writes are
committed, so the app never needs Pillow at run time::

    .venv/bin/python scripts/draw_icons.py

It writes, into ``src/backchain/web/static/icons/``:

* ``icon-192.png``, ``icon-512.png``: the mark on a rounded green square,
  transparent corners (the manifest's "any" icons, and the page's favicon);
* ``icon-maskable-512.png``: full-bleed green, the mark inside the central
  circle that every launcher's mask keeps (radius 40% of the side);
* ``apple-touch-icon.png`` (180 px): full-bleed green, iOS rounds it itself.

Pillow comes with matplotlib (a runtime dependency); nothing here is copied
from anywhere: the shapes are rounded rectangles placed by the numbers below.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "backchain" / "web" / "static" / "icons"

GREEN = (47, 107, 79, 255)  # #2f6b4f, --accent in app.css
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
# Drawn this many times larger, then scaled down: smooth edges without an SVG renderer.
SUPERSAMPLE = 4

# The mark in a unit square (0..1), centred on (0.5, 0.5) before scaling.
LINK_WIDTH = 0.29  # a link seen face on: outer width
LINK_HEIGHT = 0.38  # and outer height
STROKE = 0.072  # the metal's thickness
TOP_LINK_Y = 0.10  # top of the upper link
BOTTOM_LINK_Y = 0.90 - LINK_HEIGHT  # top of the lower link (its bottom at 0.90)
BAR_WIDTH = 0.08  # the middle link, seen edge on
BAR_TOP = 0.31
BAR_BOTTOM = 0.69
GAP = 0.028  # the green gap where one link passes in front of another


def _box(x0: float, y0: float, x1: float, y1: float, scale: float, size: int) -> list[float]:
    """A unit-square box, shrunk by ``scale`` about the centre, in pixels."""
    return [size * (0.5 + (v - 0.5) * scale) for v in (x0, y0, x1, y1)]


def _ring(
    draw: ImageDraw.ImageDraw, top: float, scale: float, size: int, *, gap_first: bool
) -> None:
    """One link seen face on: a stadium-shaped ring (with a green gap round it
    when it passes in front of the middle link)."""
    left = 0.5 - LINK_WIDTH / 2
    right = 0.5 + LINK_WIDTH / 2
    bottom = top + LINK_HEIGHT
    if gap_first:
        outer = _box(left - GAP, top - GAP, right + GAP, bottom + GAP, scale, size)
        draw.rounded_rectangle(
            outer,
            radius=(outer[2] - outer[0]) / 2,
            outline=GREEN,
            width=round((STROKE + 2 * GAP) * scale * size),
        )
    box = _box(left, top, right, bottom, scale, size)
    draw.rounded_rectangle(
        box, radius=(box[2] - box[0]) / 2, outline=WHITE, width=round(STROKE * scale * size)
    )


def _bar(draw: ImageDraw.ImageDraw, scale: float, size: int) -> None:
    """The middle link seen edge on, in front of the lower link, with its gap."""
    left = 0.5 - BAR_WIDTH / 2
    right = 0.5 + BAR_WIDTH / 2
    gap = _box(left - GAP, BAR_TOP - GAP, right + GAP, BAR_BOTTOM + GAP, scale, size)
    draw.rounded_rectangle(gap, radius=(gap[2] - gap[0]) / 2, fill=GREEN)
    box = _box(left, BAR_TOP, right, BAR_BOTTOM, scale, size)
    draw.rounded_rectangle(box, radius=(box[2] - box[0]) / 2, fill=WHITE)


def draw_icon(size: int, *, full_bleed: bool, mark_scale: float) -> Image.Image:
    """The icon at ``size`` pixels: the background (rounded or full bleed) and
    the mark at ``mark_scale`` of the unit square."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), CLEAR)
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle([0, 0, big, big], fill=GREEN)
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=round(big * 0.22), fill=GREEN)
    # The lower link first, the middle link over it, the upper link over both.
    _ring(draw, BOTTOM_LINK_Y, mark_scale, big, gap_first=False)
    _bar(draw, mark_scale, big)
    _ring(draw, TOP_LINK_Y, mark_scale, big, gap_first=True)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write every icon the manifest and the pages name."""
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = {
        "icon-192.png": draw_icon(192, full_bleed=False, mark_scale=0.84),
        "icon-512.png": draw_icon(512, full_bleed=False, mark_scale=0.84),
        # The mark's far corners stay within the mask's circle (radius 0.4).
        "icon-maskable-512.png": draw_icon(512, full_bleed=True, mark_scale=0.76),
        "apple-touch-icon.png": draw_icon(180, full_bleed=True, mark_scale=0.72).convert("RGB"),
    }
    for name, image in wanted.items():
        image.save(OUT / name, optimize=True)
        print(f"{OUT.relative_to(ROOT) / name}: {image.width}x{image.height}")


if __name__ == "__main__":
    main()
