"""The reader: pure functions from an `OcrPage` to a `SessionDraft`.

May import `ingest.ocr` and `schema` only; no I/O beyond what `files` asks of OCR.

Module map (a page's path through the reader, top to bottom):

* `files` - the entry point: bytes -> OCR (`ingest.ocr`) -> `detect.parse_page`.
* `detect` - icons and dashes spelled by their box (`ingest.ocr.shapes`), scores the page
  with every layout of the registry, parses with the best app (generic when none is
  convincing); a chat page is first cut down to its bubble's text (`chat`), read alike.
* `sheet` - a log kept as a spreadsheet (one row per set, the exercise in a column): read
  through its header's columns before any layout is scored.
* `registry` - THE list of app modules (`APPS`). Adding an app = one line here plus
  one new module; see docs/adding-an-app.md.
* `vocabulary` - the words the engine knows (chrome, summary labels, column headers,
  warm-up badges) and set-row hooks; `BASE` plus each app's `VOCABULARY`.
* The engine, shared by every table-like app (Strong, Hevy, Japanese, generic):
  - `structure` - what each row is by its shape: chrome (bars, buttons, chat stamps, a centred
    title bar, a back-arrow bar at the top), summary stats (also garbled labels over
    a row of values), column headers (which give cells their meaning: `SET KG REPS`, `PREVIOUS`,
    `1RM`), notes and rest timers. `header_words` matches header words through OCR's garbles and
    gives an unreadable one the role of its place; `cells` reads a row's cells through its
    header (badges by column, marks between columns dropped); `placeholders` drops an
    in-workout table's unticked rows: those printed in grey (from OCR's ink contrast) with a
    note, an unticked last row told by its shape alone with a doubt.
  - `rows` - classifies every visual row (structure first, then the set grammar) and
    reads one set line in any known form (`parse_set_line`; `letter_guesses` are the
    guesses a reading took, `one_rm` the 1RM column's evidence about reps).
  - `set_text`, `common` - the set grammar: OCR spellings to one canonical set text,
    numbers, units, durations, distances, dates (`2025年3月12日` too).
  - `transposed` - a row of weights over a row of reps, paired by x: one set per column
    (a lost cell leaves a hole in its own column, never a shift).
  - `assemble` - rows to exercises: an exercise is the name-like row above a run of
    set rows; notes under a name are notes; the title from the page's head.
  - `generic` - the engine's pipeline (`parse_with`) and the generic layout.
  - `names` - exercise names as shown, cleaned of OCR debris.
  - `findings` - findings as data: `needs_review` and `confidence` are one function
    each over them; the human sentences are rendered from them.
* Repairs (each returns what it changed; the engine turns that into findings):
  `exercise_repairs` (the table of set repairs across one exercise: `repairs`,
  `garbled_weights`, `set_types`), `columns` (badge column), `date_repairs`,
  `cjk_dates` (a `年月日` date read unsure or as no date: doubted), `lost_units` (reps
  whose `回` OCR damaged, read by width).
* Doubts over the whole draft (`detect.page_doubts`): `name_doubts` (a Latin name among CJK
  names, a misread name word, stray marks, a value or open bracket ending it, an icon column
  stripped, a time word as title), `set_doubts` (few reps read from an unsure digit, a distance no
  person covers in its time, an assisted weight with no `-`, sets the summary does not count).
* Apps: `strong` (its 1RM column tells its screens), `hevy`, `japanese` (words and a set-row
  hook only), `notes` (shorthand typed in a notes app; `set_lists`: sets listed one by one, an
  `x` OCR lost put back), `fleek` (a Korean app whose sets are a transposed table, held against
  its totals; `fleek_names` + `hangul`: its vocabulary and Hangul names read from OCR's syllables).
"""
