"""Every liftlens exception, under one base class with a `retryable` flag.

Celery retries only what is retryable; everything else marks the upload
`failed` (or `rejected` at the door) with the message as the reason.
"""

from __future__ import annotations


class LiftlensError(Exception):
    """Base of all liftlens errors. `retryable` says whether trying again may help."""

    retryable: bool = False

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        if self.detail:
            return f"{self.message}: {self.detail}"
        return self.message


class ConfigError(LiftlensError):
    """Settings are missing or invalid."""


class ServiceBinaryMissing(LiftlensError):
    """A binary for an embedded service (postgres, redis-server, tesseract) is not installed."""


class ServiceStartError(LiftlensError):
    """An embedded service did not come up."""


class DatabaseUnavailable(LiftlensError):
    """PostgreSQL could not be reached; try again later."""

    retryable = True


class BrokerUnavailable(LiftlensError):
    """Redis could not be reached; try again later."""

    retryable = True


class MigrationError(LiftlensError):
    """A migration failed to apply."""


class InputRejected(LiftlensError):
    """The input is not a usable image (corrupt, not an image, too large, animated...)."""


class OcrError(LiftlensError):
    """Tesseract failed; `detail` carries its stderr."""


class OcrTimeout(OcrError):
    """Tesseract ran past its time limit; another try may succeed on a quieter machine."""

    retryable = True


class TesseractMissing(OcrError):
    """Tesseract (or a requested language) is not installed."""


class ParseError(LiftlensError):
    """The OCR text could not be turned into a session."""


class NotFound(LiftlensError):
    """A row asked for by id does not exist."""


class UnknownAliasKey(LiftlensError):
    """An operator mapped a name to a key that is not in the catalogue."""
