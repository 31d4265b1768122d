"""`liftlens parse FILE...`: OCR and parse screenshots without a database."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.cli.context import console as err_console
from ingest.cli.context import settings_from
from ingest.cli.exit_codes import ExitCode
from ingest.read.files import parse_file
from schema.settings import Settings

HELP = """\
OCR and parse workout screenshots; no database needed.

With --json, prints one JSON object per file, one per line, in the order the
files were given (the contract in docs/architecture.md): layout, performed_on,
title, exercises with their sets, confidence, needs_review, warnings. A file that
cannot be read (not an image, truncated, too large, animated...) still gets
its line, with "error" and "error_type" fields, and the command goes on.

Without --json, prints a readable summary per file, with progress on stderr.

Files are parsed in parallel (--jobs, one per core by default; tesseract runs
single-threaded), and results still come out in input order.

Exit code: 0 if every file parsed, 1 if any file had an error.
"""


def parse_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Screenshots: PNG, JPEG, WebP, BMP, static GIF or single-page TIFF.",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file per line on stdout.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANGS",
            help="Tesseract languages, e.g. 'eng' or 'eng+kor'. Given, they are always used and "
            "no extra language is added automatically. Default: LIFTLENS_OCR_LANGUAGES, plus "
            "LIFTLENS_OCR_AUTO_LANGUAGES when the text looks non-Latin.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, help="Files parsed in parallel (0 = one per CPU core)."
        ),
    ] = 0,
) -> None:
    """OCR and parse workout screenshots; no database needed."""
    settings = settings_from(ctx)
    if lang is not None:
        settings = settings.model_copy(update={"ocr_languages": lang, "ocr_auto_languages": ""})
    workers = jobs or _cores()
    out = Console(highlight=False, soft_wrap=True)
    show_progress = len(files) > 1 and (not as_json or sys.stderr.isatty())
    failed = 0
    with _progress(show_progress, len(files)) as advance:
        for result in _results(files, settings, workers):
            if "error" in result:
                failed += 1
            if as_json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                _print_summary(out, result)
            advance()
    if failed:
        raise typer.Exit(ExitCode.PARTIAL)


def _results(files: list[Path], settings: Settings, workers: int) -> Iterator[dict[str, Any]]:
    """Parse results in input order; in a small process pool when it can help."""
    if workers <= 1 or len(files) <= 1:
        for path in files:
            yield _safe_parse(path, settings)
        return
    # Tesseract runs single-threaded (see ingest.ocr.tesseract), so one file per core
    # uses the machine; map() yields in input order as results arrive.
    with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
        yield from pool.map(_safe_parse, files, [settings] * len(files))


def _safe_parse(path: Path, settings: Settings) -> dict[str, Any]:
    """parse_file, with any unexpected failure turned into the file's error line."""
    try:
        return parse_file(path, settings)
    except Exception as exc:  # a bug must cost one file, not the whole run
        return {
            "file": str(path),
            "error": f"internal error: {exc}",
            "error_type": type(exc).__name__,
        }


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr (or nothing); yields a callable that advances it."""
    if not enabled:
        yield lambda: None
        return
    bar = Progress(
        TextColumn("parsing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("parse", total=total)
    with bar:
        yield lambda: bar.advance(task)


def _print_summary(out: Console, result: dict[str, Any]) -> None:
    """A readable block for one file's result."""
    name = result["file"]
    if "error" in result:
        out.print(f"[bold]{name}[/bold]: [red]{result['error_type']}[/red] {result['error']}")
        return
    exercises = result["exercises"]
    head = (
        f"[bold]{name}[/bold]: layout [cyan]{result['layout']}[/cyan], "
        f"date {result['performed_on'] or '?'}, "
        f"{len(exercises)} exercise(s), confidence {result['confidence']:.2f}"
    )
    if result.get("title"):
        head += f", title {result['title']!r}"
    if result.get("needs_review"):
        head += " [yellow](needs review)[/yellow]"
    out.print(head)
    if exercises:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("exercise")
        table.add_column("sets")
        for ex in exercises:
            table.add_row(ex["raw_name"], "  ".join(_set_text(s) for s in ex["sets"]) or "-")
        out.print(table)
    for warning in result["warnings"]:
        out.print(f"  [yellow]warning:[/yellow] {warning}")


def _set_text(s: dict[str, Any]) -> str:
    """A compact human form of one set, e.g. '60 kg×8', 'W 20 kg×10', '10 reps'."""
    parts: list[str] = []
    if s.get("weight") is not None:
        weight = s["weight"]
        shown = f"{weight:g}" if isinstance(weight, float) else str(weight)
        reps = f"×{s['reps']}" if s.get("reps") is not None else ""
        parts.append(f"{shown} {s.get('unit') or ''}".strip() + reps)
    elif s.get("reps") is not None:
        parts.append(f"{s['reps']} reps")
    if s.get("distance") is not None:
        parts.append(f"{s['distance']:g} {s.get('distance_unit') or ''}".strip())
    if s.get("duration_s") is not None:
        minutes, seconds = divmod(int(s["duration_s"]), 60)
        parts.append(f"{minutes}:{seconds:02d}")
    text = " ".join(parts) or "?"
    if s.get("is_warmup"):
        text = "W " + text
    if s.get("rpe") is not None:
        text += f" @{s['rpe']:g}"
    return text


def _cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def register(app: typer.Typer) -> None:
    """Add `parse` to the root app."""
    app.command("parse", help=HELP)(parse_command)
