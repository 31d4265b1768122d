"""Reading the file field out of a multipart body in chunks, with the size limit."""

from __future__ import annotations

import pytest

from ingest.sources.upload_form import FileFieldReader, FormError, TooLarge, boundary_of

pytestmark = pytest.mark.unit

CT = "multipart/form-data; boundary=BOUND"


def body(*parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out += f"--BOUND\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + b"--BOUND--\r\n"


def read(raw: bytes, *, limit: int = 1000, chunk: int = 7) -> tuple[str, bytes]:
    reader = FileFieldReader(CT, field_name="file", limit=limit)
    for i in range(0, len(raw), chunk):
        reader.feed(raw[i : i + chunk])
    part = reader.result()
    return part.filename, part.data


def test_the_file_field_is_found_among_others_whatever_the_chunking() -> None:
    payload = bytes(range(256)) + b"\r\n--BOUNDARY-lookalike\r\n"
    raw = body(("note", None, b"hello"), ("file", "../../etc/passwd.png", payload))
    for chunk in (1, 3, 64, len(raw)):
        assert read(raw, chunk=chunk) == ("../../etc/passwd.png", payload)


def test_a_file_over_the_limit_stops_the_reading() -> None:
    with pytest.raises(TooLarge):
        read(body(("file", "a.png", b"x" * 1001)), limit=1000)
    assert read(body(("file", "a.png", b"x" * 1000)), limit=1000)[1] == b"x" * 1000


def test_a_body_over_the_limit_plus_overhead_stops_the_reading() -> None:
    with pytest.raises(TooLarge):
        read(body(("other", None, b"y" * 200_000)), limit=10)


def test_missing_field_and_incomplete_body() -> None:
    with pytest.raises(FormError, match="no 'file'"):
        read(body(("other", "a.png", b"x")))
    with pytest.raises(FormError, match="incomplete"):
        read(b'--BOUND\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc')


@pytest.mark.parametrize(
    "ctype", [None, "image/png", "multipart/form-data", "text/plain; boundary=x"]
)
def test_not_a_multipart_form(ctype: str | None) -> None:
    with pytest.raises(FormError):
        boundary_of(ctype)
