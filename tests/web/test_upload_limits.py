"""A body sent in chunks (no Content-Length) to the editors' upload route,
over real HTTP (uvicorn), the real app: the sender's sign-in is checked
before the body is read, so an anonymous client gets its 401 at once and
nobody holds its 40 MB in memory; an editor's upload over the limit is
still a Swedish 413."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from served import Served

from assistant.web.app import create_app
from assistant.web.routes.editors import UPLOAD_BYTES

PROXY = "127.0.0.2"
EDITOR = b"X-Remote-User: erik\r\nX-Remote-Groups: Redaktion\r\n"


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("upload-limits")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), editor_groups=("Redaktion",),
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       gradio_cache=tmp / "gradio-cache")
    server = Served(create_app(shipped, settings), settings).start()
    yield server
    server.stop()


def _chunked(served, source: str, extra: bytes = b"") -> socket.socket:
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", served.port))
    s.sendall(b"POST /api/articles?dry_run=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra +
              b"Content-Type: multipart/form-data; boundary=grans\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    return s


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n" % len(data) + data + b"\r\n"


def _answer(s: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 40:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_an_anonymous_upload_in_chunks_is_refused_before_its_body_is_read(served):
    s = _chunked(served, "127.0.0.3")
    try:
        s.sendall(_chunk(b"--grans\r\n" + b"a" * 65536))  # and no more: the rest never comes
        start = time.monotonic()
        head = s.recv(200)  # before: nothing until 40 MB had come (or the body time-out)
    finally:
        s.close()
    assert head.startswith(b"HTTP/1.1 401"), head
    assert time.monotonic() - start < 3


def test_an_editors_upload_in_chunks_is_capped_and_a_small_one_passes(served):
    s = _chunked(served, PROXY, EDITOR)
    try:
        s.sendall(_chunk(b"--grans\r\nContent-Disposition: form-data; name=\"files\"; "
                         b"filename=\"stor.txt\"\r\nContent-Type: text/plain\r\n\r\n"))
        piece, sent = _chunk(b"a" * (1 << 20)), 0
        try:
            while sent <= UPLOAD_BYTES:
                s.sendall(piece)
                sent += 1 << 20
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed
        answer = _answer(s)
    finally:
        s.close()
    assert answer.startswith(b"HTTP/1.1 413") and "för stor".encode() in answer, answer[:300]
    body = (b"--grans\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n"
            b"Content-Type: text/markdown\r\n\r\n# Samverkan i V\xc3\xa5rg\xc3\xa5rda\n\n" +
            "Socialtjänsten och äldreomsorgen samverkar. ".encode() * 40 +
            b"\r\n--grans--\r\n")
    s = _chunked(served, PROXY, EDITOR)
    try:
        s.sendall(_chunk(body[:100]) + _chunk(body[100:]) + b"0\r\n\r\n")
        answer = _answer(s)
    finally:
        s.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[-700:]
