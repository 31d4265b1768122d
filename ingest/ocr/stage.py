"""The OCR stage for one file's bytes: validate, preprocess, choose languages, run.

`ingest.ocr.tesseract` is the tesseract boundary (one read per call); this module
decides which calls to make. English is read over the whole page once. When
that pass shows signs of another script, only rows are read again, as crops
in one batched run with that language alone: the lines English could not
read (names, titles) and the number rows it was unsure of; confidently read
rows keep their English reading, and no region is read twice.

Why not a second full-page pass with `eng+kor`, as before: on 10 rendered
Fleek screens bare tesseract used 0.33 s of CPU per page with eng, 0.44 s
with kor (which misreads the numbers and Latin labels) and 0.62 s with
eng+kor; eng and then eng+kor cost ~1.3x that. The names (~5 rows) and the
few unsure number rows (~3 rows) read as crops keep the stage under bare
`eng+kor`, and Fleek screens fully right went from 88% to 94.5% (110 fresh
renders), because a row read alone is read better. A tesseract run's start
costs what its models cost to load (CPU for a one-line crop: kor 0.09 s,
eng 0.33 s, jpn 0.33 s, eng+kor 0.45 s, eng+jpn 0.6 s): the unsure rows no
longer take a run of their own with `eng+lang`, which made Japanese screens
1.28x bare `eng+jpn`. (The warm engine, `ingest.ocr.warm_engine`, now pays each
language's load once per worker.)
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from ingest.ocr import bubbles, enlarged_names, frames, grain, photo
from ingest.ocr.cjk_digits import REREAD_LANGUAGES, reread_digits
from ingest.ocr.images import load_image, preprocess
from ingest.ocr.ink import word_contrast
from ingest.ocr.languages import (
    SCRIPT_OF,
    doubtful_rows,
    foreign_script_signals,
    korean_first,
    merge_rescued,
    merge_title,
    pick_auto_languages,
    rescue_candidates,
    script_confirmed,
    script_letters,
    script_lines,
    title_area,
    weak_signal,
)
from ingest.ocr.lost_rows import lost_bands, merge_lost
from ingest.ocr.rows import line_box, lines_box, merge_rows, row_box
from ingest.ocr.split_rows import join_split_lines
from ingest.ocr.table_rows import fitted_reread, unsure_table_rows
from ingest.ocr.tesseract import ocr_crops, ocr_image, tesseract_info
from schema.models import OcrLine, OcrPage
from schema.settings import Settings

# Pixels of margin around a line crop: tesseract needs some white around
# the glyphs, and the eng pass's boxes can clip tall Hangul syllables.
_CROP_PAD = 10
_EXIF_ORIENTATION = 0x0112


def ocr_bytes(data: bytes, settings: Settings) -> OcrPage:
    """The OCR stage for one file's bytes: validate, preprocess, choose languages, run.

    `settings.ocr_languages` (English) reads the page. Only when that pass
    shows signs of non-Latin text are the installed
    `settings.ocr_auto_languages` tried, one at a time (kor, then jpn), on
    the lines English could not read and its unsure number rows, until one's
    script comes back with good confidence. A script language that is always on
    (`LIFTLENS_OCR_LANGUAGES=eng+kor`) reads the page in one pass, and its
    doubtful name lines are read again with that language alone. On a Latin page,
    the table rows it read unsurely are read again as crops in one run
    (`_reread_table_rows`; `settings["table_rows_reread"]`: how many were replaced).

    A screenshot inside a larger picture is read alone (`_find_screen`): the page is
    the frame, and `settings["frame"]` says where it sat in the picture. A turned
    photo of a phone's screen is squared up first (`settings["photo"]`).
    """
    img = load_image(
        data, max_bytes=settings.max_upload_bytes, max_pixels=settings.max_image_pixels
    )
    img, found = _find_screen(img)
    # Measured before bubbles are repainted: the grain is the picture's, not ours.
    grain_level = None if found else grain.grain_level(img)
    img, bubbles = _whiten_bubbles(img)
    # A photo read whole (no screen found in it) is read with local thresholding: a
    # global one turns the grain of the surface around the screen into lines of debris
    # (8 such round-4 photos: fully right 2 -> 4, of them sent to review 1 -> 3; wrong,
    # all flagged, 6 -> 4; OCR CPU 1.06x -> 0.69x bare). On the 37 squared-up screens it
    # was mixed (3 wrong read right or reviewed, 2 right read wrong): not used there.
    local_threshold = grain_level is not None and grain_level > grain.GRAINY
    prepared, steps = preprocess(img)
    upright_width, upright_height = steps["upright_size"]
    deadline = time.perf_counter() + settings.ocr_timeout_s

    def remaining() -> float:
        return max(0.1, deadline - time.perf_counter())

    page = ocr_image(
        prepared,
        languages=settings.ocr_languages,
        timeout_s=remaining(),
        psm=settings.ocr_psm,
        command=settings.tesseract_cmd,
        local_threshold=local_threshold,
    )
    auto: dict[str, Any] = {"tried": []}
    started = time.perf_counter()
    page = _choose_languages(page, prepared, settings, remaining, auto)
    table: dict[str, Any] = {}
    if page.languages == settings.ocr_languages:  # no script re-read: a Latin page
        table = _reread_table_rows(page, prepared, settings, remaining())
    page.millis += round((time.perf_counter() - started) * 1000)
    words = [w for line in page.lines for w in line.words]
    page.mean_conf = round(sum(w.conf for w in words) / len(words), 2) if words else 0.0
    page.settings.update(preprocess=steps, auto_languages=auto, bubbles=bubbles, **table)
    page.settings.update(found, grain=grain_level)
    return _to_original_scale(page, (upright_width, upright_height), prepared)


def _find_screen(img: Image.Image) -> tuple[Image.Image, dict[str, Any]]:
    """The screen to read in a picture, and what was done to find it.

    A turned photo of a phone's screen is squared up (`ingest.ocr.photo`; `photo`: the
    screen's corners in the picture's pixels, its turn and the picture's size), then a
    screenshot inside a larger picture (a story, a pasted or letterboxed screenshot:
    `ingest.ocr.frames`) is cut out (`frame`: its box in the picture's pixels and the
    picture's size). Nothing outside is read, and the page's words are in the screen's
    pixels. A photo turned by its EXIF tag is left alone, as for bubbles.
    """
    done: dict[str, Any] = {}
    if img.getexif().get(_EXIF_ORIENTATION, 1) != 1:
        return img, done
    if (squared := photo.straighten(img)) is not None:
        img, done["photo"] = squared
    if (found := frames.screenshot(img)) is not None:
        done["frame"] = {"box": found[1], "picture_size": list(img.size)}
        img = found[0]
    return img, done


def _whiten_bubbles(img: Image.Image) -> tuple[Image.Image, list[list[int]]]:
    """The image with its chat bubbles repainted as ink on white, and the bubbles' boxes
    (`ingest.ocr.bubbles`). A photo turned by its EXIF tag is left alone: screenshots
    are upright, and the boxes are recorded in upright pixels."""
    if img.getexif().get(_EXIF_ORIENTATION, 1) != 1:
        return img, []
    found, page_colour = bubbles.find(img)
    return bubbles.whiten(img, found, page_colour), [b.box() for b in found]


def _choose_languages(
    page: OcrPage,
    prepared: Image.Image,
    settings: Settings,
    remaining: Callable[[], float],
    auto: dict[str, Any],
) -> OcrPage:
    """The page with its script-language rows re-read, when it needs another script.

    See `ocr_bytes`; what was tried and why is written into `auto`.
    """
    installed = tesseract_info(settings.tesseract_cmd).languages
    extras = pick_auto_languages(settings.ocr_languages, settings.ocr_auto_languages, installed)
    needed, auto["reason"] = foreign_script_signals(page) if extras else (False, "none configured")
    always = settings.ocr_languages.split("+")
    confirmed = next(
        (lang for lang in always if lang in SCRIPT_OF and script_confirmed(page, lang)), None
    )
    if confirmed:
        indexes = rescue_candidates(page, confirmed)
        auto.update(_rescue(page, prepared, confirmed, indexes, settings, remaining()))
    elif needed:
        english = join_split_lines(page)
        indexes = script_lines(english)
        # A second language is probed first (the first is the likely one), and so is
        # the first after a weak signal: a probe costs the model's load and 4 rows.
        weak = weak_signal(page, len(indexes))
        for lang in korean_first(english, extras):
            probe = weak or bool(auto["tried"])
            if probe and not _probe(english, prepared, lang, indexes, settings, remaining()):
                auto.setdefault("probed_out", []).append(lang)
                continue
            auto["tried"].append(lang)
            trial = english.model_copy(update={"lines": list(english.lines)})
            rows = [i for i in doubtful_rows(english, SCRIPT_OF[lang]) if i not in indexes]
            done = _rescue(trial, prepared, lang, indexes, settings, remaining(), rows=rows)
            if script_confirmed(trial, lang):
                trial.languages = f"{settings.ocr_languages}+{lang}"
                auto.update(done)
                if lang in REREAD_LANGUAGES:
                    auto.update(_reread_digits(trial, prepared, lang, settings, remaining()))
                return trial
    return page


# A language tried after another came back without its script reads only the lines
# English read worst, this many, before it reads them all.
PROBE_LINES = 4


def _probe(
    page: OcrPage,
    img: Image.Image,
    lang: str,
    indexes: list[int],
    settings: Settings,
    timeout_s: float,
) -> bool:
    """Whether `lang` reads its script with confidence on the `PROBE_LINES` lines of
    `indexes` that English read worst.

    Once a first script language found nothing, the page is most likely in no other
    script either (English debris such as a grey cell read 'aS 1:15', or icons); on a
    rendered Hevy screen the second full re-read (36 rows with kor) cost as much CPU as
    the page pass. The probe costs the model's load and a few rows, each cropped to its
    own box (`line_box`); where it finds the script, the full re-read follows as before.
    The first language is probed too after a weak signal (`weak_signal`): two lines of
    a story's debris made chat and notes screens re-read 11-26 rows with jpn.
    """
    worst = sorted(indexes, key=lambda i: page.lines[i].conf)[:PROBE_LINES]
    if not worst:
        return False
    boxes = [line_box(page.lines[i], _CROP_PAD, img.width, img.height) for i in worst]
    read = _read_crops(img, boxes, lang, settings, timeout_s)
    probe = page.model_copy(update={"lines": [line for lines in read for line in lines]})
    return script_confirmed(probe, lang)


def _rescue(
    page: OcrPage,
    img: Image.Image,
    lang: str,
    indexes: list[int],
    settings: Settings,
    timeout_s: float,
    *,
    rows: list[int] | None = None,
) -> dict[str, Any]:
    """Read the lines at `indexes`, the `rows` and the title band again with `lang` alone,
    in one run (psm 7).

    Read alone with kor, short Korean names come back at confidence ~93 where a
    mixed-language read saw English ('스쿼트' as 'AWE', '바벨 컬' as '바벨 24'). The big
    bold title above the date ('등', '복근') is often lost by the page pass; its band
    read alone as one line comes back right, and rides in the same run; when it reads
    no confident script, the band's own rows are read instead (`lines_box`). Lines are
    replaced only where the re-read is better (`merge_rescued`, `merge_title`). The
    names of a Japanese page ride in it a second time, enlarged (`enlarged_names`).

    `rows` are the number rows the page pass was unsure of (`doubtful_rows`): once
    `lang`'s script is confirmed, each (and each line still unsure after the rescue)
    replaces its line where its median confidence is higher (`merge_rows`): '22.5
    17.5' misread as '22.5 liso' on a Korean screen comes back right. They ride in the
    same run: a run of their own with `eng+lang` cost 0.4-0.9 s of CPU per page.
    """
    area = title_area(page, img.width, img.height)
    in_title = set(area[1]) if area else set()
    indexes = [i for i in indexes if i not in in_title]
    extra = [i for i in rows or [] if i not in in_title and i not in indexes]
    reread = [*indexes, *extra]
    boxes = [row_box(page.lines[i], _CROP_PAD, img.width, img.height) for i in reread]
    tight = lines_box(page, area[1], _CROP_PAD, img.width, img.height) if area else None
    lost = lost_bands(page, img, _CROP_PAD)
    boxes.extend(lost)
    if area:
        boxes.append(area[0])
    if not boxes:
        return {"rescued_lines": 0, "title_reread": False}
    names = enlarged_names.name_rows(page, indexes) if lang in enlarged_names.LANGUAGES else []
    big = enlarged_names.enlarged(img, [boxes[reread.index(i)] for i in names])
    results = _read_crops(img, boxes, lang, settings, timeout_s, extra=[c for c, _ in big])
    enlarged = {i: (b[1], r) for i, b, r in zip(names, big, results[len(boxes) :], strict=True)}
    results = results[: len(boxes)]
    found = [((b[0], b[1]), lines) for b, lines in zip(lost, results[len(reread) :], strict=False)]
    # zip stops at the re-read lines; the title band's result, if any, is the last.
    read = {
        i: ((box[0], box[1]), lines) for i, box, lines in zip(reread, boxes, results, strict=False)
    }
    named = {i: read[i] for i in indexes}
    done: dict[str, Any] = {"rescued_lines": merge_rescued(page, lang, named)}
    if rows is not None and script_confirmed(page, lang):
        # The unsure rows, and the lines whose re-read was not confident
        # enough to rescue them ('懸垂', read 'Sees' at 7 by English), take
        # the re-read wherever it is more confident.
        doubtful = [i for i in doubtful_rows(page, SCRIPT_OF[lang]) if i in read]
        done["reread_rows"] = merge_rows(page, {i: read[i] for i in doubtful})
    done["names_enlarged"] = enlarged_names.merge_names(page, enlarged)
    done["title_reread"] = False
    if area:
        reader = functools.partial(_read_crops, img, languages=lang, settings=settings)
        done.update(_merge_title_band(page, lang, area, tight, results[-1], reader, timeout_s))
    # Last: the lost rows take their places among the lines, which moves the indexes.
    done["lost_rows"] = merge_lost(page, SCRIPT_OF[lang], found)
    return done


def _merge_title_band(
    page: OcrPage,
    lang: str,
    area: tuple[tuple[int, int, int, int], list[int]],
    tight: tuple[int, int, int, int] | None,
    title: list[OcrLine],
    reader: Callable[..., list[list[OcrLine]]],
    timeout_s: float,
) -> dict[str, Any]:
    """Merge the title band's re-read (`title`) into `page`; what was done, for the settings.

    A band with wide white margins can read as debris ('그' at 0) where the
    rows the page pass found in it (`tight`), read alone, give '복근 등' at 97.
    Rare, so those are read in a run of their own rather than beside every band.
    """
    done: dict[str, Any] = {}
    band = area[0]
    if tight and not script_letters(lang, title):
        band, title = tight, reader([tight], timeout_s=timeout_s)[0]
        done["title_rows_read"] = True
    done["title_reread"] = merge_title(page, lang, area[1], (band[0], band[1]), title)
    return done


def _reread_digits(
    page: OcrPage, img: Image.Image, lang: str, settings: Settings, timeout_s: float
) -> dict[str, Any]:
    """The digit runs of `lang`'s rows read again with the Latin languages (`cjk_digits`)."""
    latin = "+".join(x for x in settings.ocr_languages.split("+") if x not in SCRIPT_OF)
    command = settings.tesseract_cmd
    return reread_digits(
        page, img, SCRIPT_OF[lang], languages=latin or "eng", timeout_s=timeout_s, command=command
    )


def _reread_table_rows(
    page: OcrPage, img: Image.Image, settings: Settings, timeout_s: float
) -> dict[str, Any]:
    """A Latin page's unsure table rows (`unsure_table_rows`) read again as crops, in one
    run; each replaces its line where it still reads as a table row (`fitted_reread`)
    with a higher median confidence."""
    rows = unsure_table_rows(page)
    if not rows:
        return {}
    boxes = [row_box(page.lines[i], _CROP_PAD, img.width, img.height) for i in rows]
    read = _read_crops(img, boxes, settings.ocr_languages, settings, timeout_s)
    crops = {
        i: ((b[0], b[1]), fitted_reread(page.lines[i], lines, b[1]))
        for i, b, lines in zip(rows, boxes, read, strict=True)
    }
    return {"table_rows_reread": merge_rows(page, crops)}


def _read_crops(
    img: Image.Image,
    boxes: list[tuple[int, int, int, int]],
    languages: str,
    settings: Settings,
    timeout_s: float,
    extra: list[Image.Image] | None = None,
) -> list[list[OcrLine]]:
    """The lines read from each box of `img`, then from each `extra` image, all in one
    tesseract run (psm 7)."""
    crops = [img.crop(box) for box in boxes] + (extra or [])
    command = settings.tesseract_cmd
    return ocr_crops(crops, languages=languages, timeout_s=timeout_s, command=command)


def _to_original_scale(page: OcrPage, size: tuple[int, int], prepared: Image.Image) -> OcrPage:
    """Boxes in the uploaded image's pixels, whatever scaling preprocess applied, and each
    word's ink contrast measured on the page OCR read (`ingest.ocr.ink`), in one pass."""
    width, height = size
    fx, fy = (width / page.width, height / page.height) if page.width else (1.0, 1.0)
    page.lines = [
        OcrLine(
            words=tuple(
                w.model_copy(
                    update={
                        "left": round(w.left * fx),
                        "top": round(w.top * fy),
                        "width": round(w.width * fx),
                        "height": round(w.height * fy),
                        "contrast": word_contrast(w, prepared),
                    }
                )
                for w in line.words
            )
        )
        for line in page.lines
    ]
    page.width, page.height = width, height
    return page
