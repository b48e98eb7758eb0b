"""The CSRF token of an unsafe request, read without holding a whole body in memory.

Scripts and the dashboard's JavaScript send it as the ``X-CSRF-Token`` header: no body is read.
HTML forms send it as the ``csrf_token`` field:

- an URL-encoded form (``/login``, ``/logout``) is read whole — its route's body limit is small;
- a multipart form (``/upload``) is read only until its ``csrf_token`` part has ended, at most
  ``MULTIPART_PREFIX`` bytes: the token must come before the file (the upload form puts it first).

What was read is handed to the route again by :func:`replay`, followed by the rest of the stream.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from starlette.types import Message, Receive

CSRF_HEADER = "x-csrf-token"
FIELD = "csrf_token"
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
#: The most of a multipart body read to find the token field.
MULTIPART_PREFIX = 64 * 1024

_BOUNDARY = re.compile(r'boundary="?([^";,]{1,200})"?', re.IGNORECASE)
_NAME = re.compile(r'(?:^|;)\s*name="?([^";\r\n]*)"?', re.IGNORECASE)


def _multipart_field(prefix: bytes, boundary: bytes) -> tuple[str | None, bool]:
    """(the token, whether the prefix decides it): the ``csrf_token`` part's value if it is complete."""
    delimiter = b"--" + boundary
    pos = prefix.find(delimiter)
    while pos >= 0:
        start = pos + len(delimiter)
        if prefix[start:start + 2] == b"--":
            return None, True  # the closing delimiter: no such field
        head_end = prefix.find(b"\r\n\r\n", start)
        if head_end < 0:
            return None, False
        value_end = prefix.find(b"\r\n" + delimiter, head_end + 4)
        if value_end < 0:
            return None, False
        headers = prefix[start:head_end].decode("latin-1")
        disposition = next((h.split(":", 1)[1] for h in headers.split("\r\n")
                            if h.lower().startswith("content-disposition:")), "")
        found = _NAME.search(disposition)
        if found is not None and found.group(1) == FIELD:
            return prefix[head_end + 4:value_end].decode("utf-8", "replace"), True
        pos = value_end + 2
    return None, False


async def form_token(content_type: str, receive: Receive) -> tuple[str | None, list[Message], bool]:
    """(the form's token, the messages read, whether the body was read to its end)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    boundary_match = _BOUNDARY.search(content_type)
    if kind == MULTIPART and boundary_match is None:
        return None, [], False
    read: list[Message] = []
    body = bytearray()
    more = True
    while more:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            return None, read, True
        body += message.get("body", b"")
        more = bool(message.get("more_body", False))
        if kind == MULTIPART:
            assert boundary_match is not None
            token, decided = _multipart_field(bytes(body), boundary_match.group(1).encode("latin-1"))
            if decided:
                return token, read, not more
            if len(body) > MULTIPART_PREFIX:
                return None, read, False
    if kind == URLENCODED:
        try:
            values = parse_qs(body.decode("latin-1"), keep_blank_values=True, max_num_fields=1000).get(FIELD)
        except ValueError:  # too many fields
            values = None
        return (values[0] if values else None), read, True
    return None, read, True


def replay(read: list[Message], receive: Receive) -> Receive:
    """A ``receive`` giving back the messages already read, then the rest of the stream."""
    pending = list(read)

    async def again() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return again
