"""Team database passwords in the system keyring (store layer).

The planner never writes a password to its settings or logs. A password for a team
database comes, in this order, from what the user typed for this connection, from libpq's
own password file (~/.pgpass) or PGPASSWORD, which libpq reads itself when the URL names no
password, or else, when the server asks for a password these do not give, from the system
keyring (macOS Keychain, Windows Credential Locker, the Secret Service on Linux) when the
user asked the planner to remember it there (``planner.services.plans.open_team_plan``).

Keyring entries are filed under the service ``SERVICE`` with the account
``user@host:port/database``, so ``planner --db postgresql+psycopg://user@host/db`` and
File › Connect to Team Database… find the same entry. A computer without a usable keyring
(a headless server, CI, keyring's "fail" or "null" backend) simply has no saved password:
the lookup returns nothing and never raises; remembering raises ``KeyringUnavailable``
with a sentence the user can read. ``keyring`` is imported only here and only when a
server asks for a password, so opening a plan file, or a server that needs none from the
keyring, costs nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

from planner.store.errors import StoreError

SERVICE = "Partnership Planner"
DEFAULT_PORT = 5432


class KeyringUnavailable(StoreError):
    """The password could not be kept in the system keyring (the message says why)."""


def account(url: str) -> str | None:
    """The keyring account of a database server URL, ``user@host:port/database``.

    None for a plan file (SQLite) or a URL without a user name.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" or not parsed.username:
        return None
    host = parsed.host or "localhost"
    return f"{parsed.username}@{host}:{parsed.port or DEFAULT_PORT}/{parsed.database or ''}"


def _backend() -> Any | None:
    """The keyring backend in use, or None when none can keep a password."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation or configuration: treat as none
        return None
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    return backend


def saved_password(url: str) -> str | None:
    """The password the keyring holds for this server URL; None when it holds none, the URL
    is a plan file or names no user, or no keyring can be used. Never raises."""
    name = account(url)
    if name is None:
        return None
    backend = _backend()
    if backend is None:
        return None
    try:
        password = backend.get_password(SERVICE, name)
    except Exception:  # a locked or unreachable keyring is a keyring without the entry
        return None
    return password if isinstance(password, str) and password else None


def with_saved_password(url: str) -> str:
    """``url`` with the keyring's password added when it names none; else unchanged (then
    libpq looks in the user's password file)."""
    parsed = make_url(url)
    if parsed.password:
        return url
    password = saved_password(url)
    if password is None:
        return url
    return parsed.set(password=password).render_as_string(hide_password=False)


def asks_for_password(url: str) -> bool:
    """Whether the server of ``url`` asks for a password that the URL, PGPASSWORD and
    ~/.pgpass do not give: a connection opened and closed to see. False when it cannot be
    reached at all (opening the plan then says why)."""
    import psycopg

    from planner.store.postgres import libpq_conninfo
    from planner.store.refusals import about_password

    try:
        psycopg.connect(libpq_conninfo(url), connect_timeout=10).close()
    except psycopg.Error as exc:
        return about_password(str(exc))
    return False


def remember_password(url: str) -> str:
    """Keep the password named in ``url`` in the system keyring; returns the account name.

    Raises KeyringUnavailable when the URL holds no password or no keyring can keep it.
    The message never contains the password.
    """
    parsed = make_url(url)
    name = account(url)
    password = parsed.password
    if name is None or not password:
        raise KeyringUnavailable("There is no password to remember: type it in the "
                                 "Password box first.")
    password = str(password)
    backend = _backend()
    if backend is None:
        raise KeyringUnavailable(
            "No system keyring is available on this computer, so the password was not "
            "remembered. Type it again next time, or put it in your PostgreSQL password "
            "file (~/.pgpass).")
    try:
        backend.set_password(SERVICE, name, password)
        kept = backend.get_password(SERVICE, name)
    except Exception as exc:
        reason = str(exc).replace(password, "•••") or type(exc).__name__
        raise KeyringUnavailable(f"The system keyring did not keep the password ({reason}). "
                                 "Type it again next time, or put it in your PostgreSQL "
                                 "password file (~/.pgpass).") from None
    if kept != password:
        raise KeyringUnavailable("The system keyring did not keep the password. Type it again "
                                 "next time, or put it in your PostgreSQL password file "
                                 "(~/.pgpass).")
    return name
