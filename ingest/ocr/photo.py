"""A phone's screen in a photo of it, found by its straight edges and squared up.

People photograph a screen with another phone: the screen sits in its dark bezel on a
surface (a desk, wood, fabric), turned by a few degrees and seen slightly off-axis.
Read as it is, the surface's grain is read as lines of garbage, and a turned page's
rows run into each other. `ingest.ocr.frames` finds only axis-aligned frames.

The screen's border is four long straight edges, each a sharp step that runs along
nearly all of that side (text ends, a chat bubble's edge or a table's rule do not
run the picture's whole middle). Walking in from each side of the picture along the
rows (columns for the top and bottom) in its middle, the first few steps of each
row are its points; a vote over lines of slopes up to `MAX_SLOPE` finds the lines
that most rows of the middle cross. The outermost such line is the phone's edge (or
already the screen's, on a surface as dark as the bezel); a second line just inside
it, within a bezel's width, is the screen's edge. Each line is then fitted to its
points by least squares, so its slope is finer than the vote's.

The four lines' corners give the screen's quadrilateral, which is mapped onto an
upright rectangle (Pillow's QUAD transform: the turn and a mild perspective undone at
once). The photo is only squared up when the evidence is clear: all four edges are
found, each with nothing outside it but the phone's own edge (no text, no other
rule), off the picture's borders, at least `MIN_SIDE` of the picture apart; the
vertical edges are turned by `MIN_TURN` or more and at most one edge is square to the
picture. An upright screenshot, or a story's flat frame, is left to `frames`.

Not handled: a surface with strong straight grain along the phone (wood): its long
lines outside the phone are edges too, so the photo is left alone or, when a grain
line lies just outside the phone, the crop keeps a strip of the surface.

Work is done on a grey copy reduced to about `GRID` cells along its longer side.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

GRID = 400
# Neighbouring cells two apart differing by more than this (grey level) are a step.
# Box-averaging a cell of 4-6 px smooths grain and JPEG noise far below it.
STEP = 6
# The crop keeps this many cells inside each edge's fitted line.
INSET = 2.0
# Lines are voted over slopes (cells across per cell along) up to this: 5 degrees,
# a turn of 3 and some perspective.
MAX_SLOPE = 0.09
SLOPE_STEP = 0.005
# Points are walked from each side of the picture over its middle share of rows.
MIDDLE = (0.25, 0.75)
# At most this many steps per row from the outside (phone edge, screen edge, a spare).
STEPS_PER_ROW = 3
# A line crosses at least this share of the middle rows (each within a cell).
MIN_COVER = 0.8
# The screen's edge lies within this share of the picture inside the phone's edge.
BEZEL = 0.07
# The screen's edges keep at least this share of the picture from its borders.
MIN_MARGIN = 0.02
# The screen is at least this share of the picture across and along.
MIN_SIDE = 0.4
# The photo is squared up only when turned by at least this slope (0.25 degrees):
# below that the rows are level enough and `frames` may still cut it.
MIN_TURN = 0.0045
# A turned phone has at most one edge this near the picture's axes (a story's flat
# frame has three or four, whatever its shadow does to the fourth).
AXIS = 0.002
# Opposite edges' slopes differ by at most this (twice it for the top and bottom,
# which are short and skewed most by a mild perspective).
MAX_SKEW = 0.04

Point = tuple[float, float]


@dataclass(frozen=True)
class _Line:
    """A line `across = offset + slope * (along - centre)` on the reduced grid."""

    offset: float
    slope: float
    centre: float

    def at(self, along: float) -> float:
        return self.offset + self.slope * (along - self.centre)


@dataclass(frozen=True)
class Screen:
    """The screen's corners in the picture's pixels (top left, top right, bottom right,
    bottom left) and the turn of its rows in degrees (clockwise positive)."""

    corners: tuple[Point, Point, Point, Point]
    turn_deg: float

    def size(self) -> tuple[int, int]:
        """The upright rectangle's size: the mean length of opposite edges."""
        tl, tr, br, bl = self.corners
        width = (math.dist(tl, tr) + math.dist(bl, br)) / 2
        height = (math.dist(tl, bl) + math.dist(tr, br)) / 2
        return round(width), round(height)


def straighten(img: Image.Image) -> tuple[Image.Image, dict[str, object]] | None:
    """The photographed screen in `img` squared up, and what was done (its corners in
    the picture's pixels, its turn, the picture's size), or None when `img` is not a
    turned photo of a screen."""
    screen = find(img)
    if screen is None:
        return None
    tl, tr, br, bl = screen.corners
    quad = (*tl, *bl, *br, *tr)
    upright = img.convert("RGB").transform(
        screen.size(), Image.Transform.QUAD, quad, Image.Resampling.BICUBIC
    )
    upright.format = img.format  # preprocessing treats JPEG noise by the format
    info: dict[str, object] = {
        "corners": [[round(x), round(y)] for x, y in screen.corners],
        "turn_deg": round(screen.turn_deg, 2),
        "picture_size": list(img.size),
    }
    return upright, info


def find(img: Image.Image) -> Screen | None:
    """The screen's quadrilateral in `img`, or None without clear evidence of one."""
    grey = img.convert("L")
    cell = max(1, max(grey.size) // GRID)
    small = grey.reduce(cell) if cell > 1 else grey
    small = small.filter(ImageFilter.BoxBlur(1))
    rows = _edges(small, MIN_SIDE * small.width)
    cols = _edges(small.transpose(Image.Transpose.TRANSPOSE), MIN_SIDE * small.height)
    if rows is None or cols is None:
        return None
    left, right = rows
    top, bottom = cols
    # The rows' tilt is the vertical edges' (off-axis, each corner is pulled on its
    # own, and the short top and bottom edges of a tall screen are skewed most); a
    # flat frame's edge may lean by a rounding or a shadow, but only one of them.
    turn = -(left.slope + right.slope) / 2
    slopes = (left.slope, right.slope, top.slope, bottom.slope)
    if abs(turn) < MIN_TURN or sum(abs(s) < AXIS for s in slopes) > 1:
        return None
    # Opposite edges still lean nearly alike.
    if abs(left.slope - right.slope) > MAX_SKEW or abs(top.slope - bottom.slope) > 2 * MAX_SKEW:
        return None
    # The edge's step is blurred over a cell or two: the crop keeps inside it, or the
    # bezel's last shade is read as a `|` before the first letters of each row.
    left, right = _moved(left, INSET), _moved(right, -INSET)
    top, bottom = _moved(top, INSET), _moved(bottom, -INSET)
    corners = tuple(
        _corner(vertical, horizontal, cell)
        for vertical, horizontal in ((left, top), (right, top), (right, bottom), (left, bottom))
    )
    return Screen((corners[0], corners[1], corners[2], corners[3]), math.degrees(math.atan(turn)))


def _moved(line: _Line, by: float) -> _Line:
    return _Line(line.offset + by, line.slope, line.centre)


def _corner(vertical: _Line, horizontal: _Line, cell: int) -> Point:
    """Where a vertical line (x of y) meets a horizontal one (y of x), in pixels."""
    # x = a + s*(y - cy), y = b + t*(x - cx): solve for x by fixed-point (|s*t| << 1).
    x = vertical.at(horizontal.offset)
    for _ in range(4):
        y = horizontal.at(x)
        x = vertical.at(y)
    y = horizontal.at(x)
    # A cell's value is its pixels' mean: its centre is half a cell in.
    return (x + 0.5) * cell, (y + 0.5) * cell


def _edges(small: Image.Image, min_gap: float) -> tuple[_Line, _Line] | None:
    """The screen's left and right edges in `small` (x as a function of y), or None
    when they are not found or something other than the phone lies outside them."""
    width, height = small.size
    steps = _steps(small)
    band = range(int(MIDDLE[0] * height), int(MIDDLE[1] * height))
    from_left: list[tuple[int, int]] = []
    from_right: list[tuple[int, int]] = []
    for y in band:
        runs = steps[y]
        from_left += [(x, y) for x in runs[:STEPS_PER_ROW] if x < width / 2]
        from_right += [(width - 1 - x, y) for x in runs[::-1][:STEPS_PER_ROW] if x >= width / 2]
    centre = (band.start + band.stop) / 2
    left = _screen_line(from_left, len(band), centre, width)
    right = _screen_line(from_right, len(band), centre, width)
    if left is None or right is None:
        return None
    # The right edge was found on mirrored rows: mirror it back.
    right = _Line(width - 1 - right.offset, -right.slope, centre)
    if right.offset - left.offset < min_gap or not _quiet(steps, left, right):
        return None
    # The phone lies wholly in the photo, the surface around it: a line at the
    # picture's border is a bar or a viewer's chrome.
    ends = (left.at(0), left.at(height), right.at(0), right.at(height))
    if min(ends) < MIN_MARGIN * width or max(ends) > (1 - MIN_MARGIN) * width:
        return None
    return left, right


def _quiet(steps: list[list[int]], left: _Line, right: _Line) -> bool:
    """Whether outside the two edges there is nothing but the phone's own edge: in
    `MIN_COVER` of all rows at most one step beyond each (text or a rule outside them
    means they are a card or a bubble inside a screenshot)."""
    quiet = 0
    for y, runs in enumerate(steps):
        outside_left = sum(1 for x in runs if x < left.at(y) - 2)
        outside_right = sum(1 for x in runs if x > right.at(y) + 2)
        quiet += outside_left <= 1 and outside_right <= 1
    return quiet >= MIN_COVER * len(steps)


def _steps(small: Image.Image) -> list[list[int]]:
    """Per row of `small`, the centres of its runs of sharp steps, left to right. Steps
    up and steps down are runs of their own: a bezel a few cells wide has a step down
    at the phone's edge and a step up at the screen's (or the other way round)."""
    width, height = small.size
    moved = small.crop((2, 0, width, height))
    kept = small.crop((0, 0, width - 2, height))
    span = width - 2
    found: list[list[int]] = [[] for _ in range(height)]
    for diff in (ImageChops.subtract(moved, kept), ImageChops.subtract(kept, moved)):
        data = diff.point(lambda v: 255 if v > STEP else 0).tobytes()
        for y in range(height):
            row = data[y * span : (y + 1) * span]
            x = row.find(255)
            while x >= 0:
                end = row.find(0, x)
                end = span if end < 0 else end
                # A step between cells x and x + 2 lies at x + 1.
                found[y].append((x + end - 1) // 2 + 1)
                x = row.find(255, end)
    for runs in found:
        runs.sort()
    return found


def _screen_line(
    points: list[tuple[int, int]], rows: int, centre: float, width: int
) -> _Line | None:
    """The screen's edge among the lines through `points` (x from the picture's side,
    y): the outermost long line, or the next one within a bezel's width inside it."""
    lines = _long_lines(points, rows, centre)
    if not lines:
        return None
    outer = lines[0]
    inner = [line for line in lines[1:] if line.offset - outer.offset <= BEZEL * width]
    chosen = inner[0] if inner else outer
    return _fit(points, chosen)


def _long_lines(points: list[tuple[int, int]], rows: int, centre: float) -> list[_Line]:
    """The lines crossed by `MIN_COVER` of the rows, outermost first, one per place
    (the slope that most rows cross there)."""
    best: dict[int, tuple[int, float]] = {}
    count = round(2 * MAX_SLOPE / SLOPE_STEP)
    along = [(x, y - centre) for x, y in points]
    for i in range(count + 1):
        slope = -MAX_SLOPE + i * SLOPE_STEP
        hits = Counter(round(x - slope * dy) for x, dy in along)
        for place in hits:
            # A line within a cell of `place` (a row rarely has two steps that near).
            cover = hits[place - 1] + hits[place] + hits[place + 1]
            if cover >= MIN_COVER * rows and cover > best.get(place, (0, 0.0))[0]:
                best[place] = (cover, slope)
    lines: list[_Line] = []
    for place in sorted(best):
        # Neighbouring places are one line: keep the best-covered of each cluster.
        if lines and place - lines[-1].offset <= 3:
            if best[place][0] > best[round(lines[-1].offset)][0]:
                lines[-1] = _Line(place, best[place][1], centre)
            continue
        lines.append(_Line(place, best[place][1], centre))
    return lines


def _fit(points: list[tuple[int, int]], line: _Line) -> _Line:
    """`line` refitted by least squares to the points within a cell and a half of it."""
    near = [(x, y) for x, y in points if abs(x - line.at(y)) <= 1.5]
    if len(near) < 3:
        return line
    ys = [y - line.centre for _, y in near]
    xs = [x for x, _ in near]
    mean_y, mean_x = sum(ys) / len(ys), sum(xs) / len(xs)
    spread = sum((y - mean_y) ** 2 for y in ys)
    if spread == 0:
        return line
    slope = sum((y - mean_y) * (x - mean_x) for x, y in zip(xs, ys, strict=True)) / spread
    return _Line(mean_x - slope * mean_y, slope, line.centre)
