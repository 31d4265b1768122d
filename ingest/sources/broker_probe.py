"""Quick "is it up?" probes for Redis, answered now rather than after client-side retries.

Celery's producer retries a refused connection for several seconds before it
gives up; the watcher and the API ask Redis first so that a broker outage is
a fast, clear `BrokerUnavailable` and nothing is recorded for a file that
cannot be queued anyway.
"""

from __future__ import annotations

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from schema.errors import BrokerUnavailable


def redis_probe(url: str) -> redis.Redis[bytes]:
    """A Redis client that fails fast: 1 s to connect, 2 s to answer, no retries."""
    return redis.Redis.from_url(
        url, socket_connect_timeout=1, socket_timeout=2, retry=Retry(NoBackoff(), 0)
    )


def ping_redis(client: redis.Redis[bytes]) -> None:
    """PING, or raise BrokerUnavailable with the reason."""
    try:
        client.ping()
    except redis.RedisError as exc:
        raise BrokerUnavailable("Redis is unreachable", detail=str(exc)) from exc
