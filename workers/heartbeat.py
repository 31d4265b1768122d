"""Worker heartbeats in Redis, and the reaper of tasks whose worker died.

Each worker's main process writes `liftlens:alive:<host>:<pid>` every few
seconds with a short TTL; each OCR task records which worker runs it in the
`liftlens:claims` hash. When a worker process is killed outright (kill -9, the
OOM killer), its heartbeat expires and any live worker's heartbeat thread puts
the uploads it held back on the queue within seconds, instead of waiting for
the broker's visibility timeout. A re-run is harmless: the task is idempotent
by upload id (claim only takes unfinished uploads; one session per upload).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

import psycopg
import redis

from schema import repo_uploads
from schema.db import connection
from schema.errors import LiftlensError
from schema.settings import Settings

log = logging.getLogger("liftlens.heartbeat")

CLAIMS_KEY = "liftlens:claims"
ALIVE_PREFIX = "liftlens:alive:"
BEAT_S = 2.0
ALIVE_TTL_S = 8
# A heartbeat must be missing this long, as seen by the reaper itself, before the
# worker counts as dead: a Redis that just came back has no keys for a moment.
DEAD_AFTER_S = 8.0


def worker_identity(main_pid: int | None = None) -> str:
    """`host:pid` of a worker's main process (a pool process passes its parent's pid)."""
    return f"{socket.gethostname()}:{main_pid or os.getpid()}"


def _client(redis_url: str) -> redis.Redis[bytes]:
    return redis.Redis.from_url(redis_url, socket_timeout=3, socket_connect_timeout=3)


def record_claim(redis_url: str, upload_id: int, owner: str) -> None:
    """Note that `owner` runs the task of `upload_id` (best effort: Redis may be down)."""
    try:
        _client(redis_url).hset(CLAIMS_KEY, str(upload_id), owner)
    except redis.RedisError as exc:
        log.warning("cannot record the claim of upload %s: %s", upload_id, exc)


def forget_claim(redis_url: str, upload_id: int, owner: str) -> None:
    """Drop the claim of `upload_id` if `owner` still holds it."""
    try:
        client = _client(redis_url)
        if client.hget(CLAIMS_KEY, str(upload_id)) == owner.encode():
            client.hdel(CLAIMS_KEY, str(upload_id))
    except redis.RedisError:
        pass  # a stale claim of a finished upload is dropped by the reaper


class OrphanReaper:
    """Finds claims whose owner's heartbeat has been missing for DEAD_AFTER_S."""

    def __init__(self, dead_after_s: float = DEAD_AFTER_S) -> None:
        self._dead_after_s = dead_after_s
        self._missing_since: dict[str, float] = {}

    def orphans(self, claims: dict[str, str], alive: set[str], now: float) -> list[int]:
        """Upload ids whose owner has not been alive for long enough (pure bookkeeping)."""
        owners = set(claims.values())
        for owner in list(self._missing_since):
            if owner in alive or owner not in owners:
                del self._missing_since[owner]
        found: list[int] = []
        for upload_id, owner in claims.items():
            if owner in alive:
                continue
            since = self._missing_since.setdefault(owner, now)
            if now - since >= self._dead_after_s:
                found.append(int(upload_id))
        return sorted(found)

    def check(self, client: redis.Redis[bytes], now: float) -> dict[int, str]:
        """Read claims and heartbeats from Redis; the orphaned upload ids and their owners."""
        raw = client.hgetall(CLAIMS_KEY)
        claims = {k.decode(): v.decode() for k, v in raw.items()}
        owners = sorted(set(claims.values()))
        alive_flags = client.mget([ALIVE_PREFIX + o for o in owners]) if owners else []
        alive = {o for o, flag in zip(owners, alive_flags, strict=True) if flag is not None}
        return {uid: claims[str(uid)] for uid in self.orphans(claims, alive, now)}


def requeue_orphans(
    settings: Settings,
    client: redis.Redis[bytes],
    orphans: dict[int, str],
    enqueue: Callable[[int], None],
) -> list[int]:
    """Queue again the unfinished uploads of dead workers; drop their claims."""
    assert settings.database_url is not None
    requeued: list[int] = []
    with connection(settings.database_url, autocommit=True) as conn:
        for upload_id, owner in orphans.items():
            # Another worker may have taken the upload since (a redelivered message).
            if client.hget(CLAIMS_KEY, str(upload_id)) != owner.encode():
                continue
            current = repo_uploads.get_upload(conn, upload_id)
            if current is not None and current.status in ("queued", "processing"):
                repo_uploads.requeue(conn, upload_id)
                enqueue(upload_id)
                repo_uploads.mark_enqueued(conn, upload_id)
                requeued.append(upload_id)
            client.hdel(CLAIMS_KEY, str(upload_id))
    return requeued


def run_heartbeat(
    settings: Settings, identity: str, enqueue: Callable[[int], None], stop: threading.Event
) -> None:
    """Beat every BEAT_S and re-queue the uploads of dead workers, until `stop` is set."""
    assert settings.redis_url is not None
    client = _client(settings.redis_url)
    reaper = OrphanReaper()
    while not stop.is_set():
        try:
            client.set(ALIVE_PREFIX + identity, str(time.time()), ex=ALIVE_TTL_S)
            orphans = reaper.check(client, time.monotonic())
            if orphans:
                requeued = requeue_orphans(settings, client, orphans, enqueue)
                if requeued:
                    log.warning("re-queued uploads of a dead worker: %s", requeued)
        except (redis.RedisError, psycopg.Error, LiftlensError, OSError) as exc:
            log.debug("heartbeat: %s", exc)  # a service is down; the next beat tries again
        except Exception:
            log.exception("heartbeat failed; trying again")
        stop.wait(BEAT_S)


def start_heartbeat(
    settings: Settings, identity: str, enqueue: Callable[[int], None]
) -> threading.Event:
    """Run `run_heartbeat` in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_heartbeat, args=(settings, identity, enqueue, stop), daemon=True
    )
    thread.start()
    return stop
