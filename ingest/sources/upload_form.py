"""Reading one file out of a multipart/form-data body, chunk by chunk, with a hard size limit.

Starlette's form parser spools a whole upload to disk before the handler can
look at it; here the body is parsed as it arrives and reading stops as soon as
the file (or the body as a whole) passes the limit, so an oversized upload
costs at most `limit` bytes of memory and is answered 413 at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

# Room for the multipart framing and small extra fields beside the file.
FORM_OVERHEAD_BYTES = 64 * 1024


class FormError(ValueError):
    """The body is not a multipart form with the expected file field."""


class TooLarge(FormError):
    """The file (or the body) passed the size limit; reading stopped there."""


@dataclass
class FilePart:
    """The file field's name as sent (a label only) and its bytes."""

    filename: str
    data: bytes


def boundary_of(content_type: str | None) -> bytes:
    """The multipart boundary from a Content-Type header; FormError if it is not multipart."""
    if not content_type:
        raise FormError("expected a multipart/form-data body with a 'file' field")
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise FormError("expected a multipart/form-data body with a 'file' field")
    return boundary


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str | None = None
    filename: str | None = None
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0


class FileFieldReader:
    """Feed it the body chunk by chunk; `result()` gives the file of field `field_name`.

    Only that field's bytes are kept; other fields are counted against the
    body limit and dropped.
    """

    def __init__(self, content_type: str | None, *, field_name: str, limit: int) -> None:
        self._field = field_name
        self._limit = limit
        self._body_limit = limit + FORM_OVERHEAD_BYTES
        self._received = 0
        self._part = _Part()
        self._header_field = b""
        self._header_value = b""
        self._found: FilePart | None = None
        self._ended = False
        self._parser = MultipartParser(
            boundary_of(content_type),
            {
                "on_part_begin": self._on_part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_end": self._on_end,
            },
        )

    def feed(self, chunk: bytes) -> None:
        """Parse the next piece of the body; raises TooLarge or FormError."""
        self._received += len(chunk)
        if self._received > self._body_limit:
            raise TooLarge(f"request body larger than {self._body_limit} bytes")
        try:
            self._parser.write(chunk)
        except TooLarge:
            raise
        except Exception as exc:  # the parser's own errors: a malformed body
            raise FormError(f"malformed multipart body: {exc}") from exc

    def result(self) -> FilePart:
        """The file once the whole body was fed; FormError if the field was missing."""
        if self._found is None:
            if not self._ended:
                raise FormError("incomplete multipart body")
            raise FormError(f"no '{self._field}' file field in the form")
        return self._found

    # ---- parser callbacks -----------------------------------------------------------

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._part.headers[self._header_field.strip().lower()] = self._header_value.strip()
        self._header_field = self._header_value = b""

    def _on_headers_finished(self) -> None:
        disposition = self._part.headers.get(b"content-disposition", b"")
        _, options = parse_options_header(disposition)
        name = options.get(b"name")
        filename = options.get(b"filename")
        self._part.name = name.decode("utf-8", "replace") if name is not None else None
        self._part.filename = filename.decode("utf-8", "replace") if filename is not None else None

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._part.name != self._field or self._found is not None:
            return
        self._part.size += end - start
        if self._part.size > self._limit:
            raise TooLarge(f"file larger than {self._limit} bytes")
        self._part.chunks.append(data[start:end])

    def _on_part_end(self) -> None:
        if self._part.name == self._field and self._found is None:
            self._found = FilePart(self._part.filename or "upload", b"".join(self._part.chunks))

    def _on_end(self) -> None:
        self._ended = True
