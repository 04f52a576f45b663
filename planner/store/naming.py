"""How a plan is named to a person (store layer): a file by its path, a team database by its
name and server, never by the user name or password its URL holds.

One place for every message, title and printed line that names a plan: the window's title
and status bar, ``planner check`` and ``copy``, the store's refusals, the export refusals.
Those are read over shoulders, shown on projectors, pasted into emails and kept in logs.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url

from planner.store.engine import database_url, sqlite_path


def shown(target: str | Path, *, capital: bool = False) -> str:
    """A plan's name fit for a message: a file's path in quotes, or a team database's name
    and its server ("the team database “plan” on db.example.org:5433"); ``capital``: for
    the start of a sentence or a title ("The team database …")."""
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        return f"“{path}”"
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/")) or "(the default database)"
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or "this computer"
    text = f"the team database “{name}” on {host}{f':{port}' if port else ''}"
    return text[0].upper() + text[1:] if capital else text


def private(text: str, *urls: str) -> str:
    """``text`` with what the ``urls`` say of who connects taken out: the URL itself (even
    with its password masked, it names the user) becomes :func:`shown`, and the server's
    own words about the user name ("role "alice" does not exist") leave the name out."""
    for url in urls:
        if "://" not in url or sqlite_path(url) is not None:
            continue
        for form in {url, make_url(url).render_as_string(hide_password=True)}:
            text = text.replace(form, shown(url))
        parts = urlsplit(url)
        if parts.username:
            text = text.replace(f'"{unquote(parts.username)}"', "(your user name)")
    return text
