"""A screenshot that sits inside a larger picture, found by its shape.

People re-share screenshots: as a social-app story (the screenshot scaled down onto a
gradient canvas with rounded corners and a shadow, sometimes photographed again with
the story viewer's user name, age and `Send message` field around it), pasted on a
coloured backdrop, shown in a phone-mirror window on a desktop, or padded with wide
letterbox bars. Read as a whole, such a picture costs OCR on the empty backdrop, and
whatever is printed on the backdrop (`gym.sam 23h`) is read as the screenshot's text.

A frame is a large axis-aligned rectangle whose border differs sharply from a backdrop
that is smooth (uniform, a gradient, a soft shadow): walking in from the picture's left
edge along one row, the first sharp colour step is the frame's left border, and walking
in from the right edge, the last one is its right border. A frame is a long run of rows
that agree on both borders (rounded corners move them inwards for a few rows). The same
walk over columns finds a frame with bars above and below it. Nothing here knows a
social app, its colours or its words.

A frame is only taken when cropping to it loses nothing but the backdrop: beside the
frame the backdrop shows no steps at all, and above and below it only in bands at the
picture's top and bottom edges (where a viewer draws its chrome), and only for a frame
centred between its side margins. So an app's own card inside an ordinary screenshot,
with the title above it, is not a frame.

Work is done on a copy reduced to about `GRID` cells along its longer side (a few ms).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PIL import Image, ImageChops

# The picture is box-averaged to about this many cells along its longer side.
GRID = 480
# Neighbouring cells differing by more than this (largest channel) are a sharp step:
# a frame's border. A gradient, a blurred shadow and JPEG noise change far less
# from one cell to the next.
STEP = 14
# A frame is at least this share of the picture's width and height, and of its area
# (a phone screenshot in a landscape picture is narrow but tall).
MIN_WIDTH = 0.25
MIN_HEIGHT = 0.4
MIN_AREA = 0.2
# Of its rows (or columns) between the first and last that agree on its borders, this
# share agree: a row of the screenshot whose edge colour happens to match the
# backdrop's does not split the frame.
MIN_AGREE = 0.9
# A row that agrees puts each border within this many cells of the frame's.
BORDER_SLACK = 1
# Rounded corners: the end rows of a frame may have borders up to this share of its
# width inwards.
CORNER = 0.08
# A step this many cells or more outside the frame's border, on one of its rows, is
# something beside the frame (nearer, it is the border's blur or JPEG ringing).
BESIDE = BORDER_SLACK + 2
# The backdrop beside the frame is at least this share of the picture wide on either
# side: an ordinary screenshot has no such margin of empty page at both sides of
# everything it shows, while a story leaves 5% or more.
MIN_MARGIN = 0.03
# Steps outside the frame's rows are allowed only in bands of this share of the
# picture's height at its top and bottom edge (a story viewer's user name and age,
# progress bar, message field), and only when the frame is centred: its side margins
# differ by at most `CENTRED` of the picture's width.
CHROME_BAND = 0.15
CENTRED = 0.03


Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Frame:
    """The screenshot's rectangle in the picture's pixels (right and bottom exclusive),
    the pieces of backdrop inside it (its rounded corners) and the colour of its edge."""

    left: int
    top: int
    right: int
    bottom: int
    corners: tuple[Box, ...] = ()
    fill: tuple[int, int, int] = (255, 255, 255)

    def box(self) -> list[int]:
        """`[left, top, right, bottom]`, as recorded in `OcrPage.settings["frame"]`."""
        return [self.left, self.top, self.right, self.bottom]


@dataclass(frozen=True)
class _Span:
    """A frame on the reduced grid, scanned along rows: `start`/`end` are its first and
    past-last cell across a row, `first`/`last` its first and last row, and `corners`
    the rows whose borders lie inside `start`/`end` near its ends, with their own
    first and past-last cell (row, first, past-last); `fill` is its edge's colour."""

    start: int
    end: int
    first: int
    last: int
    corners: tuple[tuple[int, int, int], ...] = ()
    fill: tuple[int, int, int] = (255, 255, 255)


def screenshot(img: Image.Image) -> tuple[Image.Image, list[int]] | None:
    """The screenshot inside `img` and its box in `img`'s pixels, or None when `img` is
    the screenshot. A frame found inside the frame is taken too: a device's bezel
    (a flat dark band) around the screen on a backdrop."""
    outer = find(img)
    if outer is None:
        return None
    shot, box = cut(img, outer), outer.box()
    inner = find(shot)
    if inner is not None:
        shot = cut(shot, inner)
        box = [box[0] + inner.left, box[1] + inner.top, box[0] + inner.right, box[1] + inner.bottom]
    return shot, box


def cut(img: Image.Image, frame: Frame) -> Image.Image:
    """The frame's part of `img`, its rounded corners painted in its edge colour: the
    backdrop there would touch the first and last lines of text (a status bar) and
    be read with them."""
    cropped = img.convert("RGB").crop((frame.left, frame.top, frame.right, frame.bottom))
    for left, top, right, bottom in frame.corners:
        box = (left - frame.left, top - frame.top, right - frame.left, bottom - frame.top)
        cropped.paste(frame.fill, box)
    cropped.format = img.format  # preprocessing treats JPEG noise by the format
    return cropped


def find(img: Image.Image) -> Frame | None:
    """The screenshot's frame in `img`, or None when the picture is the screenshot."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    cell = max(1, max(rgb.size) // GRID)
    small = rgb.reduce(cell) if cell > 1 else rgb
    span = _scan(small)
    if span is not None:
        return _in_pixels(span, cell, rgb.size, across=False)
    across = _scan(small.transpose(Image.Transpose.TRANSPOSE))
    # Bars above and below: the screenshot spans the picture's width (a narrower run
    # of columns is a bar drawn over a picture, such as a viewer's progress bar).
    if across is None or across.first > 0 or across.last + 1 < small.width:
        return None
    return _in_pixels(across, cell, rgb.size, across=True)


def _in_pixels(span: _Span, cell: int, size: tuple[int, int], *, across: bool) -> Frame:
    """The span on the grid as a frame in the picture's pixels (`across`: the span was
    found on the transposed grid). The border cells blend frame and backdrop: the
    frame keeps to the cells wholly inside; a corner row's backdrop is painted up to
    and with its blended cell."""
    inset = 1 if cell > 1 else 0
    box = (
        (span.start + inset) * cell,
        (span.first + inset) * cell,
        (span.end - inset) * cell,
        (span.last + 1 - inset) * cell,
    )
    corners: list[Box] = []
    for row, first, end in span.corners:
        top, bottom = max(box[1], row * cell), min(box[3], (row + 1) * cell)
        if top < bottom:
            corners.append((box[0], top, max(box[0], (first + 1) * cell), bottom))
            corners.append((min(box[2], (end - 1) * cell), top, box[2], bottom))
    if across:
        box = (box[1], box[0], box[3], box[2])
        corners = [(c[1], c[0], c[3], c[2]) for c in corners]
    width, height = size
    left, top, right, bottom = box
    clipped = (min(width, left), min(height, top), min(width, right), min(height, bottom))
    return Frame(*clipped, corners=tuple(corners), fill=span.fill)


def _scan(small: Image.Image) -> _Span | None:
    """The frame found by walking each row in from both sides (see the module's text)."""
    width, height = small.size
    margin = max(2, MIN_MARGIN * width)
    if width < 2 * margin + 4 or height < 4:
        return None
    borders = _row_borders(small)
    start = _mode([b[0] for b in borders if b])
    end = _mode([b[1] for b in borders if b])
    if start is None or end is None or end - start < MIN_WIDTH * width:
        return None
    if start < margin or width - end < margin:
        return None
    rows = _agreeing_rows(borders, start, end)
    if rows is None:
        return None
    first, last = _with_corners(borders, rows, start, end)
    rows_in = last + 1 - first
    if rows_in < MIN_HEIGHT * height or rows_in * (end - start) < MIN_AREA * width * height:
        return None
    span = _Span(start, end, first, last)
    if not _backdrop_only_outside(borders, span, width):
        return None
    # The frame's edge colour: the cell inside its left border halfway down.
    edge = small.getpixel((start + 1, (first + last) // 2))
    fill = (edge[0], edge[1], edge[2]) if isinstance(edge, tuple) else (255, 255, 255)
    return _Span(start, end, first, last, _corner_rows(borders, span), fill)


def _row_borders(small: Image.Image) -> list[tuple[int, int] | None]:
    """Per row of the grid, the first cell after the first sharp step from the left and
    the cell past the last one from the right (None: a row with no step)."""
    width, height = small.size
    moved = small.crop((1, 0, width, height))
    kept = small.crop((0, 0, width - 1, height))
    red, green, blue = ImageChops.difference(moved, kept).split()
    biggest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    steps = biggest.point(lambda v: 255 if v > STEP else 0).tobytes()
    span = width - 1
    borders: list[tuple[int, int] | None] = []
    for y in range(height):
        first = steps.find(255, y * span, (y + 1) * span)
        if first < 0:
            borders.append(None)
            continue
        last = steps.rfind(255, y * span, (y + 1) * span)
        # A step between cells x and x + 1: the frame starts at x + 1 and, on the
        # right, ends after x.
        borders.append((first - y * span + 1, last - y * span + 1))
    return borders


def _mode(values: list[int]) -> int | None:
    """The value most often within `BORDER_SLACK` of the others (None if no values)."""
    if not values:
        return None
    counts = Counter(values)
    return max(
        counts,
        key=lambda v: sum(counts[v + d] for d in range(-BORDER_SLACK, BORDER_SLACK + 1)),
    )


def _agrees(border: tuple[int, int] | None, start: int, end: int) -> bool:
    return (
        border is not None
        and abs(border[0] - start) <= BORDER_SLACK
        and abs(border[1] - end) <= BORDER_SLACK
    )


def _agreeing_rows(
    borders: list[tuple[int, int] | None], start: int, end: int
) -> tuple[int, int] | None:
    """The first and last row of the longest stretch in which `MIN_AGREE` of the rows
    put their borders at `start` and `end` (a row that disagrees ends a stretch once
    the share would fall under it)."""
    best: tuple[int, int] | None = None
    first, agreed = -1, 0
    for y, border in enumerate(borders):
        if _agrees(border, start, end):
            if first < 0:
                first, agreed = y, 0
            agreed += 1
            if best is None or y - first > best[1] - best[0]:
                best = (first, y)
        elif first >= 0 and agreed < MIN_AGREE * (y + 1 - first):
            first = -1
    return best


def _with_corners(
    borders: list[tuple[int, int] | None], rows: tuple[int, int], start: int, end: int
) -> tuple[int, int]:
    """`rows` grown over the rounded corners, by at most `CORNER` of the frame's width:
    rows whose steps all lie between its borders (the curve's end rows show only a
    short piece of the edge)."""
    reach = max(1, round(CORNER * (end - start)))

    def corner(border: tuple[int, int] | None) -> bool:
        return border is not None and start - BESIDE < border[0] <= border[1] < end + BESIDE

    first, last = rows
    for _ in range(reach):
        if first == 0 or not corner(borders[first - 1]):
            break
        first -= 1
    for _ in range(reach):
        if last + 1 >= len(borders) or not corner(borders[last + 1]):
            break
        last += 1
    return first, last


def _corner_rows(
    borders: list[tuple[int, int] | None], span: _Span
) -> tuple[tuple[int, int, int], ...]:
    """The rows near the frame's ends whose borders lie inside its own, by at most
    `CORNER` of its width: (row, first cell, past-last cell) of each."""
    reach = max(1, round(CORNER * (span.end - span.start)))
    rows = {*range(span.first, span.first + reach), *range(span.last + 1 - reach, span.last + 1)}
    found = []
    for y in sorted(rows):
        border = borders[y]
        if border is None or not (span.start < border[0] or border[1] < span.end):
            continue
        first = min(max(border[0], span.start), span.start + reach)
        end = max(min(border[1], span.end), span.end - reach)
        found.append((y, first, end))
    return tuple(found)


def _backdrop_only_outside(borders: list[tuple[int, int] | None], span: _Span, width: int) -> bool:
    """Whether cropping to the frame drops only backdrop: no step beside it, none above
    or below it or, for a centred frame, only in the chrome bands at the picture's
    edges."""
    height = len(borders)
    beside = (
        b
        for b in borders[span.first : span.last + 1]
        if b and (b[0] < span.start - BESIDE or b[1] > span.end + BESIDE)
    )
    if any(beside):
        return False
    outside = [y for y in range(height) if (y < span.first or y > span.last) and borders[y]]
    if not outside:
        return True
    margins = (span.start, width - span.end)
    if abs(margins[0] - margins[1]) > max(BORDER_SLACK + 1, CENTRED * width):
        return False
    band = CHROME_BAND * height
    return all(y < band or y >= height - band for y in outside)
