"""Tesseract as a library (libtesseract's C API through ctypes), read exactly as the CLI reads.

`Engines` keeps initialised engines, one per language string, and turns the bytes of
an image file (the grayscale BMP or multi-page TIFF `ingest.ocr.tesseract` writes)
into the TSV that `tesseract FILE stdout -l LANGS --psm N -c tessedit_do_invert=0 tsv`
prints, byte for byte: the same init (the `tsv` config, the same variables), the file
decoded by Leptonica as the CLI decodes it (a TIFF page by page, so each keeps the
resolution the CLI sees), the header line, then each page's `GetTSVText(page)`. The
adaptive classifier and document dictionary are cleared before every file, so a read
does not depend on the files read before it, as in a fresh process.

Only `ingest.ocr.engine_server` (a child process) uses this module: a crash in the
library must not take the Celery worker down with it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections import OrderedDict
from collections.abc import Sequence

LIBRARIES = ("libtesseract.so.5", "liblept.so.5")
DEBIAN_PACKAGES = "libtesseract5 liblept5"
# The header line TessTsvRenderer writes before the first page.
TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext\n"
)
# Engines kept initialised; each costs its models' memory (eng ~30 MB, jpn ~50 MB,
# eng+jpn ~65 MB resident) and a least recently used one is ended past this.
MAX_ENGINES = 4
_OEM_DEFAULT = 3
# Variables the CLI is given (`ingest.ocr.tesseract._TESS_CONFIG`); set at init, as
# the CLI's `-c` are.
_VARIABLES = {"tessedit_do_invert": "0"}
# Variables a read may set (`-c NAME=VALUE` on the CLI), with the value every other
# read gets back: an engine keeps its variables from one read to the next.
PER_READ = {"thresholding_method": "0"}
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*")


class LibraryMissing(RuntimeError):
    """libtesseract or Leptonica could not be loaded."""


class EngineError(RuntimeError):
    """The library refused a request (a language that would not load, an unreadable image)."""


def _load(name: str) -> ctypes.CDLL:
    try:
        return ctypes.CDLL(name)
    except OSError as exc:
        found = ctypes.util.find_library(name.removeprefix("lib").split(".so")[0])
        if found is None:
            raise LibraryMissing(f"{name} not found; install: {DEBIAN_PACKAGES}") from exc
        return ctypes.CDLL(found)


def _bind() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    """The two libraries with the signatures of the functions used here."""
    tess, lept = (_load(name) for name in LIBRARIES)
    p, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    cpp = ctypes.POINTER(c)
    signatures = {
        (tess, "TessBaseAPICreate"): ([], p),
        (tess, "TessBaseAPIInit4"): ([p, c, c, i, cpp, i, cpp, cpp, ctypes.c_size_t, i], i),
        (tess, "TessBaseAPISetPageSegMode"): ([p, i], None),
        (tess, "TessBaseAPISetVariable"): ([p, c, c], i),
        (tess, "TessBaseAPISetImage2"): ([p, p], None),
        (tess, "TessBaseAPIRecognize"): ([p, p], i),
        (tess, "TessBaseAPIGetTsvText"): ([p, i], p),
        (tess, "TessBaseAPIClearAdaptiveClassifier"): ([p], None),
        (tess, "TessBaseAPIClear"): ([p], None),
        (tess, "TessBaseAPIEnd"): ([p], None),
        (tess, "TessBaseAPIDelete"): ([p], None),
        (tess, "TessDeleteText"): ([p], None),
        (tess, "TessVersion"): ([], c),
        (lept, "pixReadMem"): ([c, ctypes.c_size_t], p),
        (lept, "pixReadMemFromMultipageTiff"): (
            [c, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)],
            p,
        ),
        (lept, "pixDestroy"): ([ctypes.POINTER(p)], None),
    }
    for (lib, name), (args, result) in signatures.items():
        func = getattr(lib, name)
        func.argtypes, func.restype = args, result
    return tess, lept


def _strings(values: Sequence[str]) -> ctypes.Array[ctypes.c_char_p]:
    return (ctypes.c_char_p * max(1, len(values)))(*(v.encode() for v in values))


class Engines:
    """Initialised engines by language string; `tsv` reads one image file's bytes."""

    def __init__(self) -> None:
        self._tess, self._lept = _bind()
        self._engines: OrderedDict[str, int] = OrderedDict()

    @property
    def version(self) -> str:
        """The library's version, e.g. '5.3.0'."""
        return bytes(self._tess.TessVersion()).decode()

    def tsv(
        self, data: bytes, languages: str, psm: int, variables: dict[str, str] | None = None
    ) -> str:
        """The CLI's TSV output for the image file `data` read with `languages`, `psm` and
        `variables` (names of `PER_READ`; the others keep their default)."""
        handle = self._engine(languages)
        self._tess.TessBaseAPISetPageSegMode(handle, psm)
        given = variables or {}
        if unknown := set(given) - set(PER_READ):
            raise EngineError(f"variables not settable per read: {sorted(unknown)}")
        for name, default in PER_READ.items():
            value = given.get(name, default)
            if not self._tess.TessBaseAPISetVariable(handle, name.encode(), value.encode()):
                raise EngineError(f"tesseract refused {name}={value}")
        self._tess.TessBaseAPIClearAdaptiveClassifier(handle)
        pages = []
        try:
            for number, pix in enumerate(self._pixes(data)):
                try:
                    self._tess.TessBaseAPISetImage2(handle, pix)
                    if self._tess.TessBaseAPIRecognize(handle, None) < 0:
                        raise EngineError(f"recognition failed on page {number + 1}")
                    pages.append(self._page_tsv(handle, number))
                finally:
                    self._lept.pixDestroy(ctypes.byref(ctypes.c_void_p(pix)))
        finally:
            self._tess.TessBaseAPIClear(handle)
        return TSV_HEADER + "".join(pages)

    def close(self) -> None:
        """End every engine."""
        while self._engines:
            self._end(self._engines.popitem()[1])

    def _page_tsv(self, handle: int, number: int) -> str:
        text = self._tess.TessBaseAPIGetTsvText(handle, number)
        if not text:
            raise EngineError(f"no TSV for page {number + 1}")
        try:
            return ctypes.string_at(text).decode("utf-8", "replace")
        finally:
            self._tess.TessDeleteText(text)

    def _pixes(self, data: bytes) -> list[int]:
        """The images in `data`: each page of a TIFF, else the one image."""
        if not data.startswith(_TIFF_MAGIC):
            pix = self._lept.pixReadMem(data, len(data))
            if not pix:
                raise EngineError("the image could not be decoded")
            return [pix]
        pixes: list[int] = []
        offset = ctypes.c_size_t(0)
        while True:
            pix = self._lept.pixReadMemFromMultipageTiff(data, len(data), ctypes.byref(offset))
            if pix:
                pixes.append(pix)
            if not pix or offset.value == 0:
                break
        if not pixes:
            raise EngineError("the TIFF could not be decoded")
        return pixes

    def _engine(self, languages: str) -> int:
        if languages in self._engines:
            self._engines.move_to_end(languages)
            return self._engines[languages]
        handle = self._tess.TessBaseAPICreate()
        names, values = list(_VARIABLES), list(_VARIABLES.values())
        configs = ["tsv"]
        failed = self._tess.TessBaseAPIInit4(
            handle,
            None,
            languages.encode(),
            _OEM_DEFAULT,
            _strings(configs),
            len(configs),
            _strings(names),
            _strings(values),
            len(names),
            0,
        )
        if failed:
            self._tess.TessBaseAPIDelete(handle)
            raise EngineError(f"tesseract could not load the languages {languages!r}")
        self._engines[languages] = handle
        while len(self._engines) > MAX_ENGINES:
            self._end(self._engines.popitem(last=False)[1])
        return int(handle)

    def _end(self, handle: int) -> None:
        self._tess.TessBaseAPIEnd(handle)
        self._tess.TessBaseAPIDelete(handle)
