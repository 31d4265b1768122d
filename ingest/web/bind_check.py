"""Where the API may listen: loopback freely, anywhere else only with a token.

Kept apart from `ingest.web.app` so that `liftlens api` refuses a bad `--host`
before FastAPI and the web modules are imported.
"""

from __future__ import annotations

import ipaddress

from schema.errors import ConfigError


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other host name may resolve to a public interface


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond loopback without a token (ConfigError with what to do)."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to serve the API on {host} without a token: set LIFTLENS_API_TOKEN "
            "(clients then send 'Authorization: Bearer <token>'), or listen on 127.0.0.1"
        )
