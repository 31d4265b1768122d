"""The tesseract boundary: TSV assembly, language signals, errors, and a few real runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.ocr.languages import foreign_script_signals
from ingest.ocr.stage import ocr_bytes
from ingest.ocr.tesseract import (
    ocr_crops,
    ocr_image,
    parse_tsv,
    parse_tsv_pages,
    require_languages,
    tesseract_info,
)
from schema.errors import OcrError, OcrTimeout, TesseractMissing
from schema.models import OcrLine, OcrPage, OcrWord
from schema.settings import Settings

pytestmark = pytest.mark.unit

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)

# Recorded from tesseract 5.3 (psm 6), with the words of the second line
# shuffled and an empty word added, as tesseract emits around icons.
RECORDED_TSV = "\n".join(
    [
        HEADER,
        "1\t1\t0\t0\t0\t0\t0\t0\t1170\t600\t-1\t",
        "2\t1\t1\t0\t0\t0\t48\t60\t700\t200\t-1\t",
        "3\t1\t1\t1\t0\t0\t48\t60\t700\t200\t-1\t",
        "4\t1\t1\t1\t1\t0\t48\t60\t520\t45\t-1\t",
        "5\t1\t1\t1\t1\t1\t48\t60\t140\t45\t96.5\tBench",
        "5\t1\t1\t1\t1\t2\t205\t60\t130\t45\t96.1\tPress",
        "5\t1\t1\t1\t1\t3\t350\t60\t218\t50\t95.9\t(Barbell)",
        "4\t1\t1\t1\t2\t0\t48\t140\t420\t45\t-1\t",
        "5\t1\t1\t1\t2\t3\t230\t140\t60\t45\t96.0\t60",
        "5\t1\t1\t1\t2\t1\t48\t140\t80\t45\t97.0\tSet",
        "5\t1\t1\t1\t2\t2\t140\t140\t40\t45\t96.0\t1:",
        "5\t1\t1\t1\t2\t5\t400\t140\t20\t45\t95.0\t \t",
        "5\t1\t1\t1\t2\t4\t300\t140\t50\t45\t96.0\tkg",
        # A block tesseract read first although it sits lower on the screen.
        "5\t1\t0\t1\t1\t1\t48\t500\t200\t40\t88.0\tlink.strong.app",
    ]
)


def render(lines: list[str], *, size: int = 40, font: str = FONT) -> Image.Image:
    """Lines of dark text on white, like a light-mode screenshot."""
    face = ImageFont.truetype(font, size)
    img = Image.new("RGB", (size * 22, int(size * 1.8) * (len(lines) + 1)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size // 2, int(size * 1.8) * i + size // 2), line, font=face, fill="black")
    return img


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_parse_tsv_groups_lines_left_to_right_top_to_bottom() -> None:
    lines = parse_tsv(RECORDED_TSV)
    assert [line.text for line in lines] == [
        "Bench Press (Barbell)",
        "Set 1: 60 kg",
        "link.strong.app",
    ]
    first = lines[0].words[0]
    assert (first.left, first.top, first.width, first.height, first.conf) == (48, 60, 140, 45, 96.5)


def test_parse_tsv_tolerates_junk() -> None:
    assert parse_tsv("") == []
    assert parse_tsv(HEADER + "\n5\t1\tx\t1\t1\t1\t0\t0\t1\t1\t90\tword\nnot a row") == []


def page_of(*lines: list[tuple[str, float]]) -> OcrPage:
    return OcrPage(
        lines=[OcrLine(words=tuple(OcrWord(text=t, conf=c) for t, c in line)) for line in lines]
    )


def test_signals_fire_on_letter_soup_lines() -> None:
    # What eng-only OCR made of a Korean screen (recorded): title, summary, names.
    page = page_of(
        [("AS", 76.0), ("OF", 89.0)],
        [("238", 96.0), ("KCAL", 94.0), ("54", 97.0), ("min", 97.0)],
        [("HA]", 47.0), ("DayA", 0.0)],
        [("MAX", 96.0), ("Weight:", 93.0), ("60kg", 93.0)],
        [("F712", 0.0)],
    )
    needed, reason = foreign_script_signals(page)
    assert needed
    assert "HA] DayA | F712" in reason


def test_signals_quiet_on_low_confidence_numbers_and_units() -> None:
    # Recorded from English screens: tight table rows read with low confidence.
    page = page_of(
        [("290", 40.0), ("Ib", 31.0), ("x13", 45.0)],
        [("Ww", 22.0), ("80", 60.0), ("lb", 58.0), ("x12", 50.0)],
        [("4", 30.0), ("+40\\lbx7", 12.0)],
        [("https://hevy.com/workout/x", 40.0)],
        [("Lmin", 20.0), ("53s", 60.0)],
    )
    assert foreign_script_signals(page)[0] is False


def test_signals_quiet_on_set_rows_garbled_around_the_unit() -> None:
    # Recorded from English generic and Hevy screens: sets written without
    # spaces, whose unit English garbled ('lb' as '|b', 'lo', 'Ib').
    page = page_of(
        [("1", 80.0), ("o65!Ibxi1l", 0.0)],
        [("2", 89.0), ("65lox1l1", 0.0)],
        [("3", 85.0), ("175\\|bx2", 31.0)],
        [("2", 70.0), ("SO0kgx7", 12.0)],
        [("5", 60.0), ("A4reps", 20.0)],
        [("1", 54.0), ("1Imin50s", 0.0)],
    )
    assert foreign_script_signals(page) == (False, "0 lines look like another script")


def test_signals_quiet_on_icons_menu_dots_and_handles() -> None:
    # Recorded eng passes of Hevy and Strong screens that used to call in
    # Korean: menu dots beside names, an avatar beside the user name, the tab
    # bar's icons, a share link's tail.
    page = page_of(
        [("Plank", 96.0), ("wes", 45.0)],
        [("Incline", 95.0), ("Bench", 97.0), ("Press", 96.0), ("(Barbell)", 96.0), ("wae", 31.0)],
        [("oO", 30.0), ("mia.trains", 60.0)],
        [("oO", 30.0), ("oO", 30.0), ("oO", 30.0)],
        [("https://link.strong.app/u0", 60.0), ("lijgc3yf", 20.0)],
    )
    assert foreign_script_signals(page) == (False, "0 lines look like another script")


def test_signals_fire_on_one_foreign_line_of_a_korean_app() -> None:
    # Recorded eng pass of a Fleek screen: its title read as '0471', one name
    # as 'Het e/a aol z' (half its words look English), another as 'a1Q4'.
    page = page_of(
        [("0471", 64.0)],
        [("190", 97.0), ("KCAL", 96.0), ("38", 95.0), ("min", 96.0)],
        [("MAX", 96.0), ("Weight:", 93.0), ("12.5kg", 93.0)],
        [("Het", 78.0), ("e/a", 47.0), ("aol", 0.0), ("z", 0.0)],
        [("Total", 96.0), ("Reps:", 97.0), ("76", 97.0)],
        [("a1Q4", 0.0)],
    )
    needed, reason = foreign_script_signals(page)
    assert needed
    assert "Korean app" in reason
    # The same line on a screen without those labels is not enough.
    assert not foreign_script_signals(page_of([("Squat", 96.0)], [("a1Q4", 0.0)]))[0]


def test_signals_fire_on_hangul_in_output() -> None:
    assert foreign_script_signals(page_of([("벤치", 80.0)]))[0]


def test_missing_tesseract_names_the_packages() -> None:
    with pytest.raises(TesseractMissing) as info:
        tesseract_info("/nonexistent/bin/tesseract")
    message = str(info.value)
    assert "tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor" in message


def test_ocr_bytes_with_missing_tesseract() -> None:
    settings = Settings(tesseract_cmd="/nonexistent/bin/tesseract")
    with pytest.raises(TesseractMissing):
        ocr_bytes(png(render(["Squat"])), settings)


def test_missing_language_names_its_package() -> None:
    info = tesseract_info()
    with pytest.raises(TesseractMissing, match="tesseract-ocr-xyz"):
        require_languages(info, "eng+xyz")


def test_info_reports_version_and_languages() -> None:
    info = tesseract_info()
    assert info.version[0].isdigit()
    assert "eng" in info.languages


def test_rendered_text_to_lines_with_boxes() -> None:
    img = render(["Bench Press (Barbell)", "Set 1: 60 kg x 8", "Set 2: 62.5 kg x 8"])
    page = ocr_image(img, languages="eng", timeout_s=30)
    assert [line.text for line in page.lines] == [
        "Bench Press (Barbell)",
        "Set 1: 60 kg x 8",
        "Set 2: 62.5 kg x 8",
    ]
    tops = [line.top for line in page.lines]
    assert tops == sorted(tops)
    for line in page.lines:
        lefts = [w.left for w in line.words]
        assert lefts == sorted(lefts)
        assert all(w.width > 0 and w.height > 0 and w.conf > 50 for w in line.words)
    assert page.mean_conf > 80
    assert page.engine_version and page.millis > 0
    assert page.settings["psm"] == 6


def test_blank_image_is_a_page_with_a_warning() -> None:
    page = ocr_image(Image.new("L", (300, 200), 255), languages="eng", timeout_s=30)
    assert page.lines == []
    assert page.warnings == ["no text found on the image (blank page?)"]


def test_timeout_is_retryable() -> None:
    with pytest.raises(OcrTimeout) as info:
        ocr_image(render(["Deadlift"] * 6), languages="eng", timeout_s=0.001)
    assert info.value.retryable


def test_tesseract_failure_carries_stderr() -> None:
    with pytest.raises(OcrError) as info:
        ocr_image(render(["Deadlift"]), languages="eng", timeout_s=30, psm=14)
    assert "Invalid PSM" in (info.value.detail or "")
    assert not info.value.retryable


def test_ocr_bytes_records_preprocessing_and_original_boxes() -> None:
    img = render(["Set 1: 60 kg x 8", "Set 2: 60 kg x 8"], size=13)
    page = ocr_bytes(png(img), Settings(ocr_auto_languages=""))
    assert page.settings["preprocess"]["scale"] > 1
    assert (page.width, page.height) == img.size
    assert all(w.right <= img.width for line in page.lines for w in line.words)
    assert page.settings["auto_languages"]["tried"] == []


@pytest.mark.skipif(not CJK_FONT.exists(), reason="Noto Sans CJK not installed")
def test_korean_screen_has_its_lines_read_again_with_korean() -> None:
    if "kor" not in tesseract_info().languages:
        pytest.skip("tesseract-ocr-kor not installed")
    img = render(
        ["가슴 이두", "2026.02.07", "벤치 프레스", "20 40 60 60", "덤벨 컬"], font=str(CJK_FONT)
    )
    page = ocr_bytes(png(img), Settings(ocr_auto_languages="kor+jpn"))
    assert page.languages == "eng+kor"
    auto = page.settings["auto_languages"]
    assert auto["tried"] == ["kor"]  # confirmed: jpn never ran
    assert auto["rescued_lines"] >= 2  # the names; the number row keeps its English reading
    assert "벤치 프레스" in page.text
    assert "20 40 60 60" in page.text


def test_parse_tsv_pages_keeps_each_image_apart() -> None:
    rows = [
        HEADER,
        "5\t1\t1\t1\t1\t1\t10\t5\t40\t20\t93.0\t스쿼트",
        "5\t2\t1\t1\t1\t1\t10\t5\t40\t20\t92.0\t풀업",
        "5\t2\t1\t1\t1\t2\t60\t5\t40\t20\t91.0\t밴드",
    ]
    pages = parse_tsv_pages("\n".join(rows))
    assert {n: [line.text for line in lines] for n, lines in pages.items()} == {
        1: ["스쿼트"],
        2: ["풀업 밴드"],
    }


def test_ocr_crops_reads_several_images_in_one_run() -> None:
    crops = [render(["Squat"]), render(["Deadlift"])]
    results = ocr_crops(crops, languages="eng", timeout_s=30)
    assert [[line.text for line in lines] for lines in results] == [["Squat"], ["Deadlift"]]


@pytest.mark.skipif(not CJK_FONT.exists(), reason="Noto Sans CJK not installed")
def test_korean_always_on_reads_once_and_still_rescues() -> None:
    if "kor" not in tesseract_info().languages:
        pytest.skip("tesseract-ocr-kor not installed")
    img = render(["가슴 이두", "2026.02.07", "스쿼트", "20 40 60 60", "풀업"], font=str(CJK_FONT))
    page = ocr_bytes(png(img), Settings(ocr_languages="eng+kor"))
    assert page.languages == "eng+kor"
    assert page.settings["auto_languages"]["tried"] == []
    assert "rescued_lines" in page.settings["auto_languages"]


def test_retina_page_is_read_shrunk_with_boxes_in_original_pixels() -> None:
    img = render(["Bench Press", "Set 1: 60 kg x 8"], size=64)
    page = ocr_bytes(png(img), Settings(ocr_auto_languages=""))
    assert page.settings["preprocess"]["scale"] < 0.8
    assert (page.width, page.height) == img.size
    bench = page.lines[0].words[0]
    assert bench.text == "Bench"
    # Drawn at x=32, y=32 with a 64 px font: the box is where the glyphs are.
    assert abs(bench.left - 32) <= 8
    assert 40 <= bench.height <= 64
