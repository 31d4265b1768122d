"""The bind job: decide each distinct normalised name once, apply to all rows in bulk.

A run, in one transaction:

1. Take a transaction-level advisory lock; if another run holds it, return a
   skipped report at once (the next scheduled run catches up, so waiting
   would only stack runs up behind a long one).
2. Make sure the catalogue version the matcher uses is loaded in the database.
   When the name normaliser changed since the last run (or on a full run),
   re-normalise the stored names first (`workers.names.renormalise`), so that
   every name is decided as the current normaliser writes it.
3. Choose the names to decide:
   * full (`full=True`, no earlier run, or the catalogue or normaliser version
     changed since the last run): every distinct name;
   * otherwise the names of rows no run has decided yet (`bound_method IS
     NULL`), plus, when an operator changed an alias or an ignore since the
     last run, the changed names and the names the catalogue alone did not
     settle (unmapped and fuzzy ones);
   * nothing to decide and nothing changed: skip, without scoring.
4. Score the names with `Matcher.match_many`; operator mappings and ignores
   are enforced here as well, so they win whatever the matcher says.
5. COPY the decisions into a temp table and apply them with one UPDATE that
   touches only rows whose key or method changes, recording a binding event
   per changed row in the same statement.
6. Record the run in `bind_runs` with a snapshot (rows total / bound) for the
   report's chart.

Every decided row remembers its method: `unmapped`, `ambiguous` and
`ignored` rows keep `alias_key` NULL but are not undecided, so an incremental run never scores
the same unmapped name again until something that could change it happens.
`raw_name` is never written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Literal

from pydantic import BaseModel

from schema.db import Connection, connect
from schema.models import MatchResult
from schema.name_norm import NORMALISER_VERSION
from schema.queries import queries
from schema.repo_aliases import ensure_catalogue, operator_overrides
from workers.names.catalogue import Catalogue, load_catalogue
from workers.names.matcher import Matcher, tokens_of
from workers.names.renormalise import normaliser_changed, renormalise_stored_names

# Any constant works; every bind run in every process must use the same one.
BIND_LOCK_ID = 0x11F7B17D
# Names scored per match_many call: small enough for a lively progress bar.
SCORE_BATCH = 2_000
# A run changing this many rows vacuums the table right after (see run_bind).
VACUUM_AFTER_ROWS = 50_000

Progress = Callable[[str, int, int], None]
BindMode = Literal["incremental", "full"]


class BindReport(BaseModel):
    """What one bind run did (or why it did nothing)."""

    mode: BindMode
    catalogue_version: str
    names_decided: int = 0
    rows_changed: int = 0
    skipped: bool = False
    reason: str = ""
    seconds: float = 0.0
    run_id: int | None = None
    vacuumed: bool = False
    # Rows whose stored name_norm was rewritten by a changed normaliser before deciding.
    names_renormalised: int = 0


class Decision(BaseModel):
    """How one normalised name binds."""

    name_norm: str
    alias_key: str | None
    score: float
    method: str


class _Plan(BaseModel):
    mode: BindMode
    reason: str
    names: list[str]
    operator_change_id: int


def decide(
    names: Iterable[str],
    match_many: Callable[[list[str]], Mapping[str, MatchResult]],
    overrides: Mapping[str, str],
    ignored: set[str],
    *,
    progress: Progress | None = None,
) -> list[Decision]:
    """Decide every name (pure apart from calling the matcher), in batches for progress.

    Ignores beat operator mappings, which beat the matcher: whatever the
    matcher returns, an ignored name gets no key and an operator-mapped name
    gets the operator's key. An `ambiguous` name stays unbound and keeps its
    method, so the report can tell it from an unknown one.
    """
    todo = list(names)
    decisions: list[Decision] = []
    for start in range(0, len(todo), SCORE_BATCH):
        batch = todo[start : start + SCORE_BATCH]
        results = match_many(batch)
        for name in batch:
            result = results[name]
            key, method, score = result.alias_key, result.method, float(result.score)
            if name in ignored:
                key, method = None, "ignored"
            elif name in overrides:
                key, method = overrides[name], "operator"
            elif key is None and method not in ("ignored", "unmapped", "ambiguous"):
                method = "unmapped"
            decisions.append(Decision(name_norm=name, alias_key=key, score=score, method=method))
        if progress is not None:
            progress("scoring", min(start + SCORE_BATCH, len(todo)), len(todo))
    return decisions


def run_bind(
    conn_or_url: Connection | str,
    *,
    full: bool = False,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
) -> BindReport:
    """Run the bind job once (see the module docstring); returns what it did.

    With a URL the job opens and closes its own connection. With a connection
    the run is one `conn.transaction()`: committed on return if no transaction
    was open, otherwise a savepoint the caller commits. `catalogue` defaults to
    the shipped one.

    After a run that changed at least `VACUUM_AFTER_ROWS` rows, the table is
    vacuumed and analysed at once (when the connection is in autocommit mode,
    as an owned one is), rather than whenever autovacuum gets to it: until
    then every index scan wades through the old row versions, which made
    the next skip-check take seconds instead of milliseconds.
    """
    started = time.perf_counter()
    cat = catalogue if catalogue is not None else load_catalogue()
    owned: AbstractContextManager[Connection]
    if isinstance(conn_or_url, str):
        owned = connect(conn_or_url, autocommit=True)
    else:
        owned = nullcontext(conn_or_url)
    with owned as conn:
        with conn.transaction():
            report = _run_locked(conn, cat, full=full, progress=progress, started=started)
        if report.rows_changed >= VACUUM_AFTER_ROWS and conn.autocommit:
            if progress is not None:
                progress("vacuum", 0, 1)
            conn.execute(queries("bind")["vacuum"])
            report.vacuumed = True
            if progress is not None:
                progress("vacuum", 1, 1)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _run_locked(
    conn: Connection,
    catalogue: Catalogue,
    *,
    full: bool,
    progress: Progress | None,
    started: float,
) -> BindReport:
    q = queries("bind")
    version = catalogue.version
    locked = conn.execute(q["try_lock"], {"lock_id": BIND_LOCK_ID}).fetchone()
    if not locked or not locked["locked"]:
        return BindReport(
            mode="full" if full else "incremental",
            catalogue_version=version,
            skipped=True,
            reason="another bind run holds the lock",
        )
    ensure_catalogue(conn, catalogue)
    last = conn.execute(q["last_run"]).fetchone()
    renormalised = 0
    if full or normaliser_changed(last):
        renormalised = renormalise_stored_names(conn)
    plan = _plan(conn, version, full=full, last=last)
    if plan is None:
        return BindReport(
            mode="incremental",
            catalogue_version=version,
            skipped=True,
            reason="no new names and nothing changed",
        )
    run_id = _start_run(conn, plan, version)
    overrides, ignored = operator_overrides(conn)
    # An operator alias naming a retired key binds to the key that replaced it.
    overrides = {name: catalogue.current_key(key) for name, key in overrides.items()}
    matcher = Matcher(catalogue, extra_aliases=overrides, ignored=ignored)
    decisions = decide(plan.names, matcher.match_many, overrides, ignored, progress=progress)
    if progress is not None:
        progress("applying", 0, 1)
    rows_changed = apply_decisions(conn, decisions, version, run_id)
    if progress is not None:
        progress("applying", 1, 1)
    _finish_run(conn, run_id, len(decisions), rows_changed, time.perf_counter() - started)
    return BindReport(
        mode=plan.mode,
        catalogue_version=version,
        names_decided=len(decisions),
        rows_changed=rows_changed,
        reason=plan.reason,
        run_id=run_id,
        names_renormalised=renormalised,
    )


def _plan(
    conn: Connection, version: str, *, full: bool, last: Mapping[str, Any] | None
) -> _Plan | None:
    """Which names this run decides, and why (`last`: the last finished run); None: nothing."""
    q = queries("bind")
    high_water_row = conn.execute(q["operator_change_high_water"]).fetchone()
    high_water = int(high_water_row["id"]) if high_water_row else 0

    def names(query: str, params: Mapping[str, object] | None = None) -> list[str]:
        return [str(r["name_norm"]) for r in conn.execute(queries("bind")[query], params)]

    reason = ""
    if full:
        reason = "full re-bind requested"
    elif last is None:
        reason = "first run"
    elif last["catalogue_version"] != version:
        reason = f"catalogue version changed ({last['catalogue_version']} -> {version})"
    elif normaliser_changed(last):
        reason = f"name normaliser changed ({last['normaliser_version']} -> {NORMALISER_VERSION})"
    if reason:
        return _Plan(
            mode="full", reason=reason, names=names("all_names"), operator_change_id=high_water
        )
    assert last is not None
    operator_changed = high_water > int(last["operator_change_id"])
    found = conn.execute(q["any_undecided"]).fetchone()
    has_new = bool(found and found["found"])
    if not operator_changed and not has_new:
        return None
    todo = set(names("undecided_names")) if has_new else set()
    reasons = ["new names"] if has_new else []
    if operator_changed:
        since = {"since": int(last["operator_change_id"])}
        todo.update(_operator_affected(names("changed_names", since), names("all_names")))
        todo.update(names("unsettled_names"))
        reasons.append("operator aliases or ignores changed")
    return _Plan(
        mode="incremental",
        reason=", ".join(reasons),
        names=sorted(todo),
        operator_change_id=high_water,
    )


def _operator_affected(changed: list[str], all_names: list[str]) -> set[str]:
    """The names an operator change can re-decide: those with a changed name's tokens.

    The matcher compares names as token sets (order and noise words do not
    count), so mapping `bench press 5x5` also decides `5x5 press bench`.
    """
    wanted = {tokens_of(name) for name in changed}
    return {name for name in all_names if name in changed or tokens_of(name) in wanted}


def _start_run(conn: Connection, plan: _Plan, version: str) -> int:
    row = conn.execute(
        queries("bind")["start_run"],
        {
            "mode": plan.mode,
            "catalogue_version": version,
            "operator_change_id": plan.operator_change_id,
            "reason": plan.reason,
            "normaliser_version": NORMALISER_VERSION,
        },
    ).fetchone()
    assert row is not None
    return int(row["id"])


def apply_decisions(conn: Connection, decisions: list[Decision], version: str, run_id: int) -> int:
    """Apply decisions to every row of their names in one statement; returns rows changed.

    Must run inside a transaction (the scratch table is dropped on commit).
    """
    q = queries("bind")
    conn.execute(q["tune_session"])
    conn.execute(q["create_decisions"])
    with conn.cursor() as cur, cur.copy(q["copy_decisions"]) as copy:
        for d in decisions:
            copy.write_row((d.name_norm, d.alias_key, d.score, d.method))
    conn.execute(q["index_decisions"])
    # Temp tables are never auto-analysed; without statistics the planner
    # guesses the join badly for both 1,000 and 50,000 names.
    conn.execute(q["analyze_decisions"])
    cur = conn.execute(q["apply_decisions"], {"catalogue_version": version, "run_id": run_id})
    return max(cur.rowcount, 0)


def _finish_run(
    conn: Connection, run_id: int, names_decided: int, rows_changed: int, seconds: float
) -> None:
    q = queries("bind")
    snap = conn.execute(q["snapshot"]).fetchone()
    assert snap is not None
    conn.execute(
        q["finish_run"],
        {
            "id": run_id,
            "names_decided": names_decided,
            "rows_changed": rows_changed,
            "rows_total": snap["rows_total"],
            "rows_bound": snap["rows_bound"],
            "max_exercise_id": snap["max_exercise_id"],
            "seconds": round(seconds, 3),
        },
    )
