"""A stand-in for a PostgreSQL server that asks every connection for its password (tests).

It speaks just enough of the server's side of the protocol for libpq: it declines SSL and
GSS encryption, asks for a password in clear, notes what it was given, and refuses it
("password authentication failed", SQLSTATE 28P01), as a server that checks passwords does
when the password is wrong. No test server, no network: 127.0.0.1 on a free port.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

_ENCRYPTION_REQUESTS = (80877103, 80877104)  # SSLRequest, GSSENCRequest


@dataclass
class PasswordAsker:
    port: int
    given: list[str] = field(default_factory=list)  # the passwords libpq sent, in order
    connections: int = 0


def _read(conn: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _serve_one(conn: socket.socket, asker: PasswordAsker) -> None:
    conn.settimeout(5)
    while True:  # the startup message, after any requests for encryption (declined)
        length, code = struct.unpack("!II", _read(conn, 8))
        if code in _ENCRYPTION_REQUESTS:
            conn.sendall(b"N")
            continue
        _read(conn, length - 8)
        break
    conn.sendall(b"R" + struct.pack("!II", 8, 3))  # AuthenticationCleartextPassword
    try:
        kind = _read(conn, 1)
    except (ConnectionError, OSError):
        return  # libpq had no password to give: it hangs up
    length = struct.unpack("!I", _read(conn, 4))[0]
    body = _read(conn, length - 4)
    if kind == b"p":
        asker.given.append(body.rstrip(b"\0").decode("utf-8", "replace"))
    fields = b"SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"nobody\"\0\0"
    conn.sendall(b"E" + struct.pack("!I", len(fields) + 4) + fields)


@contextlib.contextmanager
def password_asking_server() -> Iterator[PasswordAsker]:
    """A server on 127.0.0.1 (``asker.port``) that asks each connection for its password
    and refuses whatever it is given."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    asker = PasswordAsker(listener.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            asker.connections += 1
            with conn, contextlib.suppress(ConnectionError, OSError, struct.error):
                _serve_one(conn, asker)

    thread = threading.Thread(target=serve, name="fake-pg", daemon=True)
    thread.start()
    try:
        yield asker
    finally:
        stop.set()
        thread.join(5)
        listener.close()
