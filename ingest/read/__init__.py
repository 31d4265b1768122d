"""The reader: pure functions from an `OcrPage` to a `SessionDraft`.

May import `ingest.ocr` and `schema` only; no I/O beyond what `files` asks of OCR.

Module map (a page's path through the reader, top to bottom):

* `files` - the entry point: bytes -> OCR (`ingest.ocr`) -> `detect.parse_page`.
* `detect` - scores the page with every layout of the registry, parses with the best
  app (generic when no app is convincing); a page of chat is first cut down to the
  text of its bubble (`chat`), which is then detected and read like any page.
* `registry` - THE list of app modules (`APPS`). Adding an app = one line here plus
  one new module; see docs/adding-an-app.md.
* `vocabulary` - the words the engine knows (chrome, summary labels, column headers,
  warm-up badges) and set-row hooks; `BASE` plus each app's `VOCABULARY`.
* The engine, shared by every table-like app (Strong, Hevy, Japanese, generic):
  - `structure` - what each row is by its shape: chrome (bars, buttons, chat stamps),
    summary stats, column headers (which give cells their meaning: `SET KG REPS`,
    `PREVIOUS`, `1RM`), notes and rest timers.
  - `rows` - classifies every visual row (structure first, then the set grammar) and
    reads one set line in any known form (`parse_set_line`).
  - `set_text`, `common` - the set grammar: OCR spellings to one canonical set text,
    numbers, units, durations, distances, dates (`2025年3月12日` too).
  - `assemble` - rows to exercises: an exercise is the name-like row above a run of
    set rows; notes under a name are notes; the title from the page's head.
  - `generic` - the engine's pipeline (`parse_with`) and the generic layout.
  - `names` - exercise names as shown, cleaned of OCR debris.
  - `findings` - findings as data: `needs_review` and `confidence` are one function
    each over them; the human sentences are rendered from them.
* Repairs (each returns what it changed; the engine turns that into findings):
  `exercise_repairs` (the table of set repairs across one exercise: `repairs`,
  `garbled_weights`, `set_types`), `widths` (readings chosen by printed width),
  `columns` (badge column), `date_repairs`.
* Apps: `strong` (+ `strong_repairs`, `strong_one_rm_rows`: its 1RM column),
  `hevy`, `japanese` (words and a set-row hook only), `notes` (+ `notes_repairs`:
  shorthand typed in a notes app), `fleek` (+ `fleek_*`, `hangul`: a Korean app whose
  cells are checked against its own totals).
"""
