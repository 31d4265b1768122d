"""Chat bubbles found from pixels, and their text made readable for Tesseract.

A page of chat is a background with bubbles on it: regions of one colour, distinct
from the page's, that hang from one side of the page (a sent bubble leaves a wide
margin on its left, a received one on its right). Nothing here knows a messenger's
colours or words: a bubble is found by its shape and its flat colour alone.

Why the OCR stage needs this: Tesseract binarises a page with one global threshold.
White text on a saturated bubble (blue, green) on a dark page has no grey level that
separates it from both the bubble and the page: the bubble of a rendered iMessage
screen came out black on black, and a WhatsApp bubble of mid grey was read as
nothing. `whiten` repaints each bubble as ink on white by colour distance (a pixel
far from both the bubble's colour and the page's is ink), whatever the colours.

`find` returns the bubbles' boxes in the image's pixels; `ingest.ocr.stage` records
them in `OcrPage.settings["bubbles"]`, where the reader finds the text of one bubble
(`ingest.read.chat`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

# The page is averaged into cells of 1/`CELLS` of its width (8 px on a 750 px
# screen); each cell then takes the median of its `WINDOW` x `WINDOW`
# neighbourhood per channel, so text inside a bubble (a minority of any window)
# vanishes and each bubble is left as one flat colour.
CELLS = 48
WINDOW = 5
# Two cells belong to one region when no channel differs by more than this.
SAME_COLOUR = 6
# A bubble's colour differs from the page's by at least this (max channel).
DISTINCT = 12
# A bubble fills most of its box (rounded corners and a tail cost little), is
# 30-92% of the page wide, at least `MIN_HEIGHT` of the page's width high (three
# lines of text), and its margins to the page's edges differ by `MIN_SKEW` of the
# page width: it hangs from one side, where an app's card or a bar sits centred
# or spans the page.
MIN_FILL = 0.75
MIN_WIDTH = 0.3
MAX_WIDTH = 0.92
MIN_HEIGHT = 0.12
MIN_SKEW = 0.05
# The page's colour shows left and right of a bubble along this share of its rows.
FRAMED = 0.8
EDGE_CELLS = 3
# Of the pixels in a bubble's box, `FLAT_SHARE` are within `FLAT_TOLERANCE` of its
# colour (JPEG noise stays well inside it).
FLAT_SHARE = 0.5
FLAT_TOLERANCE = 24
# The pixels along a bubble's outline painted plain (its soft, blended edge).
EDGE_PX = 3
# Ink strength: a colour distance of `NOISE` is no ink (JPEG ringing around glyphs),
# one of 128 + `NOISE` or more full ink.
NOISE = 16
INK_GAIN = 2


@dataclass(frozen=True)
class Bubble:
    """A bubble's box in the image's pixels and its flat colour."""

    left: int
    top: int
    right: int
    bottom: int
    colour: tuple[int, int, int]

    def box(self) -> list[int]:
        """`[left, top, right, bottom]`, as recorded in `OcrPage.settings`."""
        return [self.left, self.top, self.right, self.bottom]


@dataclass(frozen=True)
class _Region:
    cells: int  # the cells between its leftmost and rightmost on each row
    left: int
    top: int
    right: int
    bottom: int
    colour: tuple[int, int, int]


def find(img: Image.Image) -> tuple[list[Bubble], tuple[int, int, int]]:
    """The bubbles of a page (top to bottom) and the page's background colour."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    cell = max(1, rgb.width // CELLS)
    small = rgb.reduce(cell)  # a box average, cheaper than resize
    size = small.size
    flat = Image.merge("RGB", [c.filter(ImageFilter.MedianFilter(WINDOW)) for c in small.split()])
    page = _page_colour(flat)
    # A margin of cells: the median rounds a bubble's corners and edges inwards, and
    # a box too wide costs nothing (`whiten` keeps to the bubble's own outline).
    bubbles = [
        Bubble(
            max(0, (r.left - 2) * cell),
            max(0, (r.top - 1) * cell),
            min(rgb.width, (r.right + 2) * cell),
            min(rgb.height, (r.bottom + 1) * cell),
            r.colour,
        )
        for r in _regions(flat, page)
        if _is_bubble(r, size) and _flat_inside(rgb, r, cell, page)
    ]
    return sorted(bubbles, key=lambda b: (b.top, b.left)), page


def _page_colour(flat: Image.Image) -> tuple[int, int, int]:
    """The colour of the page's left and right edges (per channel median): what bubbles
    hang on, and never a bubble's own (a bubble keeps a margin on both sides)."""
    edges = flat.crop((0, 0, 1, flat.height)).tobytes()
    edges += flat.crop((flat.width - 1, 0, flat.width, flat.height)).tobytes()
    return _median_colour(edges, list(range(len(edges) // 3)))


def _is_bubble(region: _Region, grid: tuple[int, int]) -> bool:
    """A flat region that fills its box, hangs from one side of the page and is tall
    enough for a few lines (see the constants)."""
    width = region.right - region.left
    height = region.bottom - region.top
    skew = abs(region.left - (grid[0] - region.right))
    return (
        region.cells >= MIN_FILL * width * height
        and MIN_WIDTH * grid[0] <= width <= MAX_WIDTH * grid[0]
        and height >= MIN_HEIGHT * grid[0]
        and skew >= MIN_SKEW * grid[0]
    )


def _flat_inside(rgb: Image.Image, region: _Region, cell: int, page: tuple[int, int, int]) -> bool:
    """Most pixels of the region's box are its colour, nearer to it than to the page's:
    a bubble's own background, not the grey that averaging a dense block of dark text
    on white leaves."""
    box = (region.left * cell, region.top * cell, region.right * cell, region.bottom * cell)
    tolerance = min(FLAT_TOLERANCE, _distance(region.colour, page) // 2)
    same = _close(_distance_image(rgb.crop(box), region.colour), tolerance)
    return same.histogram()[255] >= FLAT_SHARE * same.width * same.height


def _regions(flat: Image.Image, page: tuple[int, int, int]) -> list[_Region]:
    """Connected regions of one colour (4-neighbours no more than `SAME_COLOUR` apart)
    among the cells that are not the page's colour. The colour tests run in Pillow;
    Python only walks bytes."""
    width, height = flat.size
    near_page = _close(_distance_image(flat, page), DISTINCT).tobytes()
    right = _close(_shift_difference(flat, 1, 0), SAME_COLOUR + 1).tobytes()
    down = _close(_shift_difference(flat, 0, 1), SAME_COLOUR + 1).tobytes()
    colours = flat.tobytes()
    seen = bytearray(near_page)  # non-zero: the page's colour, or already in a region
    smallest = MIN_FILL * MIN_WIDTH * MIN_HEIGHT * width * width  # cells of the least bubble
    found: list[_Region] = []
    for seed in range(width * height):
        if seen[seed]:
            continue
        seen[seed] = 1
        queue, members = deque([seed]), []
        rows: dict[int, tuple[int, int]] = {}
        while queue:
            i = queue.popleft()
            members.append(i)
            x, y = i % width, i // width
            low, high = rows.get(y, (x, x))
            rows[y] = (min(low, x), max(high, x))
            steps = (
                (x + 1 < width and right[i], i + 1),
                (x > 0 and right[i - 1], i - 1),
                (y + 1 < height and down[i], i + width),
                (y > 0 and down[i - width], i - width),
            )
            for joined, j in steps:
                if joined and not seen[j]:
                    seen[j] = 1
                    queue.append(j)
        if len(members) >= smallest / 2:  # text holes: a bubble may show half its cells
            region = _region(rows, _median_colour(colours, members))
            if _framed(region, near_page, width):
                found.append(region)
    return found


def _region(rows: dict[int, tuple[int, int]], colour: tuple[int, int, int]) -> _Region:
    """A region from its extent on each row; `cells` counts the holes its text leaves."""
    left = min(low for low, _ in rows.values())
    right = max(high for _, high in rows.values()) + 1
    cells = sum(high - low + 1 for low, high in rows.values())
    return _Region(cells, left, min(rows), right, max(rows) + 1, colour)


def _framed(region: _Region, near_page: bytes, width: int) -> bool:
    """The page shows beside the region on both sides, within `EDGE_CELLS` of it, along
    `FRAMED` of its rows: a bubble on the page, not a piece of a wider card or striped
    row. (An edge blends bubble and page into cells of neither colour.)"""
    if region.left < 1 or region.right >= width:
        return False
    beside = 0
    for y in range(region.top, region.bottom):
        row = near_page[y * width : (y + 1) * width]
        beside += any(row[max(0, region.left - EDGE_CELLS) : region.left])
        beside += any(row[region.right : region.right + EDGE_CELLS])
    return beside >= 2 * FRAMED * (region.bottom - region.top)


def _median_colour(colours: bytes, members: list[int]) -> tuple[int, int, int]:
    """Per channel, the median over a region's cells (`colours`: the grid's RGB bytes)."""
    middle = len(members) // 2
    red, green, blue = (sorted(colours[3 * i + k] for i in members)[middle] for k in range(3))
    return (red, green, blue)


def _close(distance: Image.Image, limit: int) -> Image.Image:
    """255 where a distance image is under `limit`, else 0."""
    return distance.point(lambda v: 255 if v < limit else 0)


def _shift_difference(flat: Image.Image, dx: int, dy: int) -> Image.Image:
    """Per cell, the largest channel difference to its neighbour `dx`, `dy` away."""
    moved = ImageChops.offset(flat, -dx, -dy)
    red, green, blue = ImageChops.difference(flat, moved).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def _distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return max(abs(p - q) for p, q in zip(a, b, strict=False))


def whiten(img: Image.Image, bubbles: list[Bubble], page: tuple[int, int, int]) -> Image.Image:
    """`img` with every bubble repainted in the page's polarity (a copy; `img` is kept).

    Inside the bubble's outline (`_spans`) a pixel's ink is its colour distance to the
    bubble's colour, times `INK_GAIN`: dark ink on white on a light page, light ink on
    black on a dark one, so that preprocessing (`images.ink_on_white`) treats the
    bubble as it treats the page around it, however coarse its view of the two. Around
    the outline, within `EDGE_PX`, the page's plain colour: the soft edge between
    bubble and page read as `|` or `“` beside the text.
    """
    if not bubbles:
        return img
    rgb = img.convert("RGB")  # a copy even when already RGB, with the image's info
    rgb.format = img.format  # preprocessing treats JPEG noise by the format
    dark_page = sum(page) < 3 * 128
    plain = 0 if dark_page else 255
    for bubble in bubbles:
        box = (bubble.left, bubble.top, bubble.right, bubble.bottom)
        crop = rgb.crop(box)
        distance = _distance_image(crop, bubble.colour)
        if dark_page:
            ink = distance.point(lambda v: min(255, INK_GAIN * max(0, v - NOISE)))
        else:
            ink = distance.point(lambda v: max(0, 255 - INK_GAIN * max(0, v - NOISE)))
        spans = _spans(distance)
        if not spans:
            continue
        top, bottom = max(0, min(spans) - EDGE_PX), min(crop.height, max(spans) + 1 + EDGE_PX)
        crop.paste((plain, plain, plain), (0, top, crop.width, bottom))
        crop.paste(ink.convert("RGB"), (0, 0), _inside(spans, crop.size))
        rgb.paste(crop, box)
    return rgb


def _spans(distance: Image.Image) -> dict[int, tuple[int, int]]:
    """The bubble in its box: on each pixel row that shows its colour, the first and
    last pixel of it (text keeps a padding from the edge, so all between is inside)."""
    same = _close(distance, FLAT_TOLERANCE).tobytes()
    width = distance.width
    spans: dict[int, tuple[int, int]] = {}
    for y in range(distance.height):
        row = same[y * width : (y + 1) * width]
        first = row.find(255)
        if first >= 0:
            spans[y] = (first + EDGE_PX, row.rfind(255) - EDGE_PX)
    return spans


def _inside(spans: dict[int, tuple[int, int]], size: tuple[int, int]) -> Image.Image:
    """A mask (255 = inside) of the spans."""
    width, height = size
    rows = []
    for y in range(height):
        first, last = spans.get(y, (0, -1))
        if last < first:
            rows.append(bytes(width))
            continue
        rows.append(bytes(first) + b"\xff" * (last + 1 - first) + bytes(width - last - 1))
    return Image.frombytes("L", size, b"".join(rows))


def _distance_image(crop: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """Per pixel, the largest channel difference to `colour` (an 'L' image)."""
    flat = Image.new("RGB", crop.size, colour)
    red, green, blue = ImageChops.difference(crop, flat).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)
