"""Image loading rejects bad input before decoding; preprocessing does what it reports."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.ocr.images import (
    SMALL_LINE_PX,
    TARGET_LINE_PX,
    estimate_line_height,
    load_image,
    preprocess,
    scale_factor,
)
from schema.errors import InputRejected

pytestmark = pytest.mark.unit

LIMITS = {"max_bytes": 5_000_000, "max_pixels": 40_000_000}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    """The image saved to bytes in `fmt`."""
    buf = io.BytesIO()
    img.save(buf, format=fmt, **params)
    return buf.getvalue()


def noise(size: tuple[int, int] = (200, 200)) -> Image.Image:
    """An RGB image that compresses badly, so a cut file loses real pixel data."""
    return Image.frombytes(
        "RGB", size, bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
    )


def png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims `width`x`height` (1-bit grey), with a token IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def text_image(lines: list[str], *, size: int = 40, dark: bool = False) -> Image.Image:
    """Lines of text rendered like a phone screenshot."""
    font = ImageFont.truetype(FONT, size)
    height = int(size * 1.8) * (len(lines) + 1)
    bg, fg = ((20, 20, 22), (235, 235, 235)) if dark else ((255, 255, 255), (20, 20, 20))
    img = Image.new("RGB", (size * 24, height), bg)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size // 2, int(size * 1.8) * i + size // 2), line, font=font, fill=fg)
    return img


def rejection(data: bytes, **limits: int) -> str:
    """The InputRejected message for `data`."""
    with pytest.raises(InputRejected) as info:
        load_image(data, **{**LIMITS, **limits})
    return str(info.value)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"])
def test_accepted_formats_load(fmt: str) -> None:
    img = load_image(encode(text_image(["Set 1: 60 kg"]), fmt), **LIMITS)
    assert img.width > 0
    assert img.format == fmt


def test_zero_bytes() -> None:
    assert "empty file" in rejection(b"")


def test_over_max_bytes() -> None:
    assert "too large" in rejection(encode(noise(), "PNG"), max_bytes=1000)


def test_text_file_named_png() -> None:
    assert rejection(b"Bench Press 3x8 @ 60kg\n") == "not an image (looks like a text file)"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated(fmt: str) -> None:
    data = encode(noise(), fmt)
    message = rejection(data[: len(data) // 2])
    assert f"truncated or corrupt {fmt}" in message


def test_decompression_bomb_30000_square() -> None:
    # Far above Pillow's own limit too: its DecompressionBombError must not escape.
    message = rejection(png_header(30000, 30000))
    assert message.startswith("image too large: 900000000 pixels")
    assert "decompression bomb" in message


def test_over_max_pixels_rejected_from_header() -> None:
    message = rejection(png_header(10000, 5000))
    assert "10000x5000" in message
    assert "possible decompression bomb" in message


def frames(n: int) -> list[Image.Image]:
    return [Image.new("RGB", (64, 64), (40 * i, 90, 160)) for i in range(n)]


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_animated(fmt: str) -> None:
    first, *rest = frames(3)
    data = encode(first, fmt, save_all=True, append_images=rest, duration=100, loop=0)
    message = rejection(data)
    assert f"animated {fmt}" in message
    assert "3 frames" in message


def test_multipage_tiff() -> None:
    first, *rest = frames(2)
    assert "multi-page TIFF" in rejection(encode(first, "TIFF", save_all=True, append_images=rest))


def test_ico_unsupported() -> None:
    message = rejection(encode(Image.new("RGB", (32, 32), "red"), "ICO"))
    assert message.startswith("unsupported image format ICO")


def test_pdf_and_svg_are_not_images() -> None:
    pdf = encode(Image.new("RGB", (32, 32), "white"), "PDF")
    assert rejection(pdf) == "not an image (looks like a PDF document)"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    assert rejection(svg) == "not an image (looks like SVG/XML/HTML text)"


def test_dark_mode_is_inverted() -> None:
    gray, done = preprocess(text_image(["Bench Press"], dark=True))
    assert done["inverted"] is True
    assert gray.mode == "L"
    # After inversion the background (most pixels) is light.
    hist = gray.histogram()
    assert sum(hist[128:]) > sum(hist[:128])


def test_light_mode_left_alone() -> None:
    _gray, done = preprocess(text_image(["Bench Press"], size=60))
    assert "inverted" not in done


def test_small_text_is_upscaled() -> None:
    img = text_image(["Set 1: 60 kg x 8", "Set 2: 60 kg x 8"], size=10)
    gray, done = preprocess(img)
    assert done["scale"] > 1.2
    assert gray.width > img.width


def test_retina_text_is_shrunk_to_the_target_height() -> None:
    img = text_image(["Set 1: 60 kg x 8", "Set 2: 60 kg x 8", "Bench Press"], size=60)
    gray, done = preprocess(img)
    assert done["scale"] < 0.8
    assert abs(gray.width - img.width * done["scale"]) <= 1
    assert abs(estimate_line_height(gray) - TARGET_LINE_PX) <= 3


def test_text_already_near_the_target_is_left_alone() -> None:
    _gray, done = preprocess(text_image(["Set 1: 60 kg x 8", "Bench Press"], size=30))
    assert "scale" not in done
    assert scale_factor(TARGET_LINE_PX) == 1.0
    assert scale_factor(SMALL_LINE_PX) == 1.0
    assert scale_factor(SMALL_LINE_PX - 5) > 1.2
    assert scale_factor(0) == 1.0


def pixel(gray: Image.Image, x: int, y: int) -> int:
    """The grey level at (x, y) of a single-channel image."""
    value = gray.getpixel((x, y))
    assert isinstance(value, int)
    return value


def darkest(gray: Image.Image) -> int:
    """The darkest grey level present in a single-channel image."""
    return next(level for level, count in enumerate(gray.histogram()) if count)


def test_coloured_text_on_white_comes_out_dark() -> None:
    # Orange and blue names: in plain luminance orange is a light grey (~165)
    # that binarises to white; the darkest channel makes both near black.
    font = ImageFont.truetype(FONT, 28)
    img = Image.new("RGB", (600, 300), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.text((20, 100), "W Warm-up", font=font, fill=(255, 149, 0))
    draw.text((320, 100), "Bench Press", font=font, fill=(10, 132, 255))
    gray, done = preprocess(img)
    assert "scale" not in done
    assert done["dark_share"] == 0
    assert darkest(gray.crop((20, 100, 300, 140))) < 40
    assert darkest(gray.crop((320, 100, 580, 140))) < 40
    assert pixel(gray, 5, 5) == 255


def test_dark_card_on_a_light_page_becomes_dark_text_on_light() -> None:
    font = ImageFont.truetype(FONT, 36)
    img = Image.new("RGB", (600, 900), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 300, 600, 700), fill=(28, 28, 30))
    draw.text((40, 480), "Bench Press", font=font, fill=(100, 175, 255))  # a light blue name
    draw.text((40, 100), "Squat 100kg", font=font, fill=(17, 17, 17))  # dark text on the page
    gray, done = preprocess(img)
    assert "scale" not in done
    assert 0 < done["dark_share"] < 1
    assert done["inverted_regions"] is True
    assert pixel(gray, 20, 400) > 200  # the card's background
    assert pixel(gray, 20, 200) > 200  # the page's
    assert darkest(gray.crop((40, 480, 300, 520))) < 60  # the card's text, now dark
    assert darkest(gray.crop((40, 100, 300, 140))) < 60  # the page's text, still dark


def test_large_bold_text_is_not_taken_for_a_dark_region() -> None:
    img = text_image(["8"], size=400)
    _gray, done = preprocess(img)
    assert done["dark_share"] == 0


def test_transparency_flattened_onto_white() -> None:
    img = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    gray, _done = preprocess(img)
    assert gray.getpixel((0, 0)) == 255


def test_exif_orientation_applied() -> None:
    img = text_image(["Bench Press"])
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees
    loaded = load_image(encode(img, "JPEG", exif=exif), **LIMITS)
    _gray, done = preprocess(loaded)
    assert done["exif_rotated"] is True
    assert done["upright_size"] == [img.height, img.width]


def test_line_height_of_blank_image_is_zero() -> None:
    assert estimate_line_height(Image.new("L", (100, 100), 255)) == 0


def test_16_bit_grayscale_is_stretched_not_clipped() -> None:
    # Bright background, thin dark strokes (ink, not a dark region).
    row = b"".join((60000 if x % 40 >= 3 else 1000).to_bytes(2, "little") for x in range(400))
    raw = row * 20
    loaded = load_image(encode(Image.frombytes("I;16", (400, 20), raw), "PNG"), **LIMITS)
    gray, _done = preprocess(loaded)
    assert gray.mode == "L"
    assert gray.getextrema() == (0, 255)


def test_median_filter_only_for_jpeg_input() -> None:
    img = text_image(["Set 1: 60 kg x 8"], size=40)
    loaded_jpeg = load_image(encode(img, "JPEG", quality=70), **LIMITS)
    loaded_png = load_image(encode(img, "PNG"), **LIMITS)
    _gray, done_jpeg = preprocess(loaded_jpeg)
    _gray, done_png = preprocess(loaded_png)
    assert done_jpeg["median_filter"] == 3
    assert "median_filter" not in done_png


def test_no_median_filter_on_jpeg_that_is_shrunk() -> None:
    # Area averaging while shrinking already smooths JPEG noise; a median on
    # top only thins strokes.
    img = text_image(["Set 1: 60 kg x 8", "1:25"], size=60)
    _gray, done = preprocess(load_image(encode(img, "JPEG", quality=70), **LIMITS))
    assert done["scale"] < 1
    assert "median_filter" not in done


def test_no_median_filter_on_small_jpeg_text_that_is_upscaled() -> None:
    # A 3x3 median at the small scale of a recompressed screenshot eats its
    # 1-2 px strokes ('+5' read as '*5'); Lanczos upscaling smooths enough.
    img = text_image(["Set 1: +5 kg x 8", "Set 2: +5 kg x 8"], size=11)
    _gray, done = preprocess(load_image(encode(img, "JPEG", quality=60), **LIMITS))
    assert done["scale"] > 1
    assert "median_filter" not in done


def test_white_text_in_a_blue_bubble_comes_out_dark_on_light() -> None:
    # The lightest channel of a blue bubble (10, 132, 255) is as bright as its
    # white text: read inverted it made one black block of the whole bubble.
    font = ImageFont.truetype(FONT, 28)
    img = Image.new("RGB", (700, 900), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((150, 250, 690, 650), radius=40, fill=(10, 132, 255))
    draw.text((200, 430), "Set 1: 60 kg", font=font, fill=(255, 255, 255))
    draw.text((40, 100), "How was the gym?", font=font, fill=(17, 17, 17))
    gray, done = preprocess(img)
    assert done["inverted_regions"] is True
    assert "scale" not in done
    assert pixel(gray, 400, 300) > 200  # the bubble
    assert pixel(gray, 20, 800) > 200  # the page
    assert darkest(gray.crop((200, 430, 450, 470))) < 60  # the bubble's text
    assert darkest(gray.crop((40, 100, 400, 140))) < 60  # the page's text


def test_line_height_ignores_a_vertical_edge_beside_the_text() -> None:
    # A bubble's border inked in every row must not join all lines into one.
    plain = text_image(["Set 1: 60 kg x 8"] * 8, size=30).convert("L")
    edged = plain.copy()
    ImageDraw.Draw(edged).rectangle((2, 0, 8, edged.height), fill=90)
    assert estimate_line_height(edged) == estimate_line_height(plain) > 0
