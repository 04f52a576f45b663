"""A team database's refusal to connect, in plain words (store layer).

libpq says why a connection failed in its own terms ("connection failed: connection to
server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user
…"). A person opening a plan needs what went wrong and what to check: the password, the
database's name, the user name, whether the server runs. Only the refusals a person can
act on are put in other words; anything else is kept as the server said it.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url

from planner.store import naming
from planner.store.errors import PasswordWanted, StoreError

# (what libpq says, what a person reads); {database}, {host} and {port} come from the URL.
_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"password authentication failed",
     "the server refused the password for this user name. Check the password (the one "
     "typed, in the system keyring, or in your password file ~/.pgpass) and the user name"),
    (r"no password supplied|fe_sendauth",
     "the server asks for a password and none was given. Type it in File › Connect to "
     "Team Database…, or put it in your password file (~/.pgpass)"),
    (r"database \S+ does not exist",
     "the server has no database “{database}”. Check its name (the server's administrator "
     "creates it, once)"),
    (r"role \S+ does not exist|role \(your user name\) does not exist",
     "the server has no user of that name. Check the user name (the server's "
     "administrator creates it, once)"),
    (r"Connection refused",
     "no server answers on port {port} of {host} (the connection was refused). Check "
     "that the server is running, and the host and port"),
    (r"could not translate host name|Name or service not known|nodename nor servname",
     "the host name “{host}” is not known. Check it, and that this computer is on the "
     "network"),
    (r"no pg_hba\.conf entry",
     "the server does not let this user in from this computer. Ask its administrator "
     "(pg_hba.conf)"),
    (r"permission denied for database",
     "this user may not open the database “{database}”. Ask the plan's owner to let you in "
     "(planner team --member)"),
)



def revision_problem(revision: str | None, head: str) -> str:
    """What `planner check` says of a schema it cannot read; an empty database said
    "schema revision is None, expected 0008"."""
    if revision is None:
        return ("it holds no plan yet: an empty database (copy a plan into it with planner "
                "copy, or open it in the window to start one)")
    return f"schema revision is {revision}, expected {head}"


def plain(reason: str, url: str) -> str:
    """``reason`` (libpq's words, already free of the user name) for a person, as a
    sentence."""
    parts = make_url(url)
    for pattern, words in _REFUSALS:
        if re.search(pattern, reason, re.IGNORECASE):
            reason = words.format(database=parts.database or "",
                                  host=parts.host or "localhost", port=parts.port or 5432)
            break
    return reason if reason.endswith((".", "?")) else reason + "."


_ABOUT_PASSWORD = re.compile(r"password authentication failed|no password supplied|"
                             r"fe_sendauth", re.IGNORECASE)


def about_password(said: str) -> bool:
    """Whether libpq's refusal ``said`` is about the password (wanted, or refused)."""
    return _ABOUT_PASSWORD.search(said) is not None


def refused(said: str, url: str) -> StoreError:
    """What a refused connection to ``url`` raises: libpq's words ``said`` (free of the
    user name) in plain ones; a PasswordWanted when they are about the password."""
    kind = PasswordWanted if about_password(said) else StoreError
    return kind(f"Cannot open {naming.shown(url)}: {plain(said, url)}")
