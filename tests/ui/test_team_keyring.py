"""Team database passwords in the system keyring: remembered only when asked, found again by
File › Connect to Team Database… and by ``planner --db URL`` when the server asks for a
password, never written to the settings, the log or the title bar; a computer without a
keyring loses nothing but the convenience, and a server that needs no password from it never
wakes it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QDialog
from sqlalchemy.engine import make_url

from planner.store import credentials, refusals
from planner.store.credentials import (
    SERVICE,
    KeyringUnavailable,
    account,
    remember_password,
    with_saved_password,
)
from planner.store.database import Store
from planner.ui.shell import connect_dialog, error_hook
from planner.ui.shell.connect_dialog import ConnectDialog, TeamChoice
from planner.ui.shell.main_window import MainWindow

SECRET = "s3cret-Ünïcode/!@:"  # percent-encoding, a colon and an at sign in a password
URL = "postgresql+psycopg://chair@db.example.org:6543/team%20plan"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory (the tests never touch a real one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    """A keyring that is there but fails (a locked collection, a dead D-Bus)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password}")


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def no_ring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


# ----------------------------------------------------------------------------- lookups


def test_the_command_line_and_the_dialog_name_the_same_keyring_entry() -> None:
    dialog_url = connect_dialog.team_url("db.example.org", 5432, "planner", "chair")
    assert account(dialog_url) == "chair@db.example.org:5432/planner"
    assert account("postgresql+psycopg://chair@db.example.org/planner") == \
        "chair@db.example.org:5432/planner"
    assert account("postgresql+psycopg://chair:pw@db.example.org:6000/planner") == \
        "chair@db.example.org:6000/planner"
    assert account("sqlite:////tmp/plan.sqlite") is None
    assert account("postgresql+psycopg://db.example.org/planner") is None  # no user named


def test_a_url_without_a_password_gets_the_keyrings(ring: MemoryKeyring) -> None:
    assert with_saved_password(URL) == URL  # nothing saved yet: libpq's password file
    ring.entries[(SERVICE, "chair@db.example.org:6543/team plan")] = SECRET
    full = with_saved_password(URL)
    from sqlalchemy.engine import make_url

    assert make_url(full).password == SECRET
    assert make_url(full).database == "team plan" and make_url(full).port == 6543
    typed = "postgresql+psycopg://chair:typed@db.example.org:6543/team%20plan"
    assert with_saved_password(typed) == typed  # what the user typed wins
    assert with_saved_password("sqlite:////tmp/plan.sqlite") == "sqlite:////tmp/plan.sqlite"


def test_no_keyring_means_no_saved_password_and_a_clear_refusal(no_ring: None) -> None:
    assert with_saved_password(URL) == URL
    with pytest.raises(KeyringUnavailable, match="No system keyring is available"):
        remember_password("postgresql+psycopg://chair:pw@db.example.org/planner")


def test_a_failing_keyring_breaks_nothing_and_never_repeats_the_password() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        assert with_saved_password(URL) == URL
        with pytest.raises(KeyringUnavailable) as caught:
            remember_password(connect_dialog.team_url("db.example.org", 5432, "planner",
                                                      "chair", SECRET))
        assert "did not keep the password" in str(caught.value)
        assert "s3cret" not in str(caught.value)
    finally:
        keyring.set_keyring(previous)


# ----------------------------------------------------------------------------- the dialog


def test_remember_is_off_by_default_and_needs_a_typed_password(
        settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ConnectDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isChecked()
    dialog.user.setText("chair")
    dialog.remember.setChecked(True)
    dialog.try_accept()
    assert "Type the password to remember" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText(SECRET)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice.remember and SECRET not in repr(choice)
    settings.sync()
    assert "s3cret" not in Path(settings._s.fileName()).read_text()
    out = Path("/tmp/helperB")
    out.mkdir(exist_ok=True)
    dialog.resize(dialog.sizeHint())
    assert dialog.grab().save(str(out / "connect-dialog.png"))


# ----------------------------------------------------------------------------- the window


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Store.open records the URL it was given and opens a plan file instead (no server);
    the server asks for a password (libpq has none in a password file here)."""
    urls: list[str] = []
    real = Store.open.__func__  # type: ignore[attr-defined]

    def fake(cls, target, *, create=False, **options):  # type: ignore[no-untyped-def]
        if "postgresql" not in str(target):
            return real(cls, target, create=create, **options)
        urls.append(str(target))
        if not make_url(str(target)).password:
            raise refusals.refused("fe_sendauth: no password supplied", str(target))
        return real(cls, tmp_path / "team.sqlite", create=True)

    monkeypatch.setattr(Store, "open", classmethod(fake))
    return urls


def _choose(monkeypatch: pytest.MonkeyPatch, choice: TeamChoice) -> None:
    monkeypatch.setattr(connect_dialog, "ask_team_database", lambda *a: choice)


def test_a_password_that_worked_is_remembered_and_used_next_time(
        window_factory, monkeypatch: pytest.MonkeyPatch, ring: MemoryKeyring,
        opened: list[str], settings, tmp_path: Path, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory()
    log = tmp_path / "logs" / "planner.log"
    error_hook.install(window, log)
    typed = connect_dialog.team_url("db.example.org", 6543, "team plan", "chair", SECRET)
    _choose(monkeypatch, TeamChoice(typed, remember=True))
    window.connect_team_database()
    assert window.store is not None and not errors
    assert ring.entries == {(SERVICE, "chair@db.example.org:6543/team plan"): SECRET}
    assert "keyring" in window.statusBar().currentMessage()
    # Next time nothing is typed: the keyring's password is used.
    window.close_plan()
    _choose(monkeypatch, TeamChoice(connect_dialog.team_url("db.example.org", 6543,
                                                            "team plan", "chair")))
    window.connect_team_database()
    assert opened[-2] == connect_dialog.team_url("db.example.org", 6543, "team plan", "chair")
    assert make_url(opened[-1]).password == SECRET
    # An unexpected failure is logged in full: still without the password.
    window.close_plan()
    monkeypatch.setattr(MainWindow, "install_store",
                        lambda self, store: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError) as caught:
        window.connect_team_database()
    sys.excepthook(caught.type, caught.value, caught.tb)
    sys.excepthook = sys.__excepthook__
    assert log.is_file()
    settings.sync()
    for path in [Path(settings._s.fileName()), *log.parent.iterdir()]:
        text = path.read_text(encoding="utf-8")
        assert "s3cret" not in text and "s3cret" not in text.replace("%", "")
    assert all("s3cret" not in e for e in errors)
    assert "s3cret" not in window.windowTitle() and "s3cret" not in \
        window.statusBar().currentMessage()


def test_without_a_keyring_remember_says_so_and_keeps_the_connection(
        window_factory, monkeypatch: pytest.MonkeyPatch, no_ring: None,
        opened: list[str], errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory()
    _choose(monkeypatch, TeamChoice(
        connect_dialog.team_url("db.example.org", 5432, "planner", "chair", SECRET),
        remember=True))
    window.connect_team_database()
    assert window.store is not None  # connected all the same
    assert len(errors) == 1 and "No system keyring is available" in errors[0]
    assert "s3cret" not in errors[0]
    # And a lookup on such a computer leaves the URL to libpq's password file.
    window.close_plan()
    bare = connect_dialog.team_url("db.example.org", 5432, "planner", "chair")
    _choose(monkeypatch, TeamChoice(bare))
    window.connect_team_database()
    assert opened[-1] == bare


def test_a_password_that_failed_is_not_remembered(
        window_factory, monkeypatch: pytest.MonkeyPatch, ring: MemoryKeyring,
        errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory()
    _choose(monkeypatch, TeamChoice(
        connect_dialog.team_url("127.0.0.1", 1, "planner", "chair", SECRET), remember=True))
    window.connect_team_database()
    assert window.store is None and len(errors) == 1
    assert "s3cret" not in errors[0]
    assert ring.entries == {}


def test_the_command_line_uses_the_keyring_password(
        ring: MemoryKeyring, opened: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    ring.entries[(SERVICE, "chair@db.example.org:5432/planner")] = SECRET
    assert main(["report", "--db", "postgresql+psycopg://chair@db.example.org/planner"]) == 0
    assert make_url(opened[-1]).password == SECRET
    out = capsys.readouterr()
    assert "s3cret" not in out.out + out.err


# ----------------------------------------------------------------------------- a real server


@pytest.fixture
def checks_passwords(pg_url: str) -> Iterator[str]:
    """A role the test server asks a password of (a line of its own first in the server's
    pg_hba.conf, which otherwise trusts this computer): its URL, without the password."""
    from tests.pg import _libpq, admin, with_user

    role = "planner_keyring_test"
    with psycopg.connect(_libpq(pg_url), autocommit=True) as conn:
        found = conn.execute("SHOW hba_file").fetchone()
    hba = Path(found[0]) if found else Path()
    if not hba.is_file() or not os.access(hba, os.W_OK):
        pytest.skip("the test server's pg_hba.conf cannot be changed from here")
    before = hba.read_text(encoding="utf-8")
    hba.write_text(f"host all {role} all scram-sha-256\n" + before, encoding="utf-8")
    admin(pg_url, f"DROP ROLE IF EXISTS {role}",
          f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{SECRET}'", "SELECT pg_reload_conf()")
    url = with_user(pg_url, role)
    try:
        deadline = time.monotonic() + 10
        while True:  # the server reads pg_hba.conf again in its own time
            try:
                psycopg.connect(_libpq(url), connect_timeout=5).close()
            except psycopg.OperationalError as exc:
                if "password" in str(exc):
                    break
            if time.monotonic() > deadline:
                pytest.fail("the test server did not start asking for the password")
            time.sleep(0.05)
        yield url
    finally:
        hba.write_text(before, encoding="utf-8")
        admin(pg_url, "SELECT pg_reload_conf()", f"DROP ROLE IF EXISTS {role}")


@pytest.mark.postgresql
def test_a_keyring_password_reaches_a_server_that_asks_for_it(
        window_factory, checks_passwords: str, monkeypatch: pytest.MonkeyPatch,
        ring: MemoryKeyring, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Nothing typed, nothing in a password file: the server asks, the keyring answers."""
    url = checks_passwords
    window: MainWindow = window_factory()
    _choose(monkeypatch, TeamChoice(url))
    window.connect_team_database()  # nothing saved yet: the server's refusal, plainly
    assert window.store is None and len(errors) == 1
    assert "asks for a password and none was given" in errors[0]
    assert "keyring was used" not in errors[0]
    ring.entries[(SERVICE, account(url) or "")] = SECRET
    window.connect_team_database()
    assert window.store is not None and len(errors) == 1
    assert make_url(window.store.url).password == SECRET
    with window.store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.info.user == make_url(url).username  # type: ignore[attr-defined]
    assert SECRET not in window.windowTitle()
    window.close_plan()
    window.start(url)  # planner --db URL
    assert window.store is not None and len(errors) == 1
    window.close_plan()


@pytest.mark.postgresql
def test_a_saved_password_that_no_longer_works_says_how_to_replace_it(
        window_factory, checks_passwords: str, monkeypatch: pytest.MonkeyPatch,
        ring: MemoryKeyring, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    url = checks_passwords
    ring.entries[(SERVICE, account(url) or "")] = "the old one"
    window: MainWindow = window_factory()
    _choose(monkeypatch, TeamChoice(url))
    window.connect_team_database()
    assert window.store is None and len(errors) == 1
    assert "refused the password" in errors[0]
    assert "saved in your system keyring was used" in errors[0]
    assert "old one" not in errors[0]
    window.start(url)  # planner --db URL
    assert len(errors) == 2 and "system keyring was used" in errors[1]
    _choose(monkeypatch, TeamChoice(with_password(url, "typed wrong")))
    window.connect_team_database()  # a password typed: no word about the keyring
    assert len(errors) == 3 and "refused the password" in errors[2]
    assert "keyring" not in errors[2].split("(")[0] and "keyring was used" not in errors[2]


def test_a_server_that_is_not_there_is_no_reason_to_blame_the_keyring(
        window_factory, monkeypatch: pytest.MonkeyPatch, ring: MemoryKeyring,
        errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A saved password, and no server on that port: the keyring is not asked, and the
    message is about the server, not about replacing the password (it said that before)."""
    bare = connect_dialog.team_url("127.0.0.1", 1, "planner", "chair")
    ring.entries[(SERVICE, account(bare) or "")] = SECRET
    asked: list[str] = []
    monkeypatch.setattr(credentials, "saved_password", lambda url: asked.append(url))
    window: MainWindow = window_factory()
    _choose(monkeypatch, TeamChoice(bare))
    window.connect_team_database()
    assert window.store is None and len(errors) == 1
    assert "no server answers on port 1" in errors[0] and "keyring" not in errors[0]
    assert asked == []


@pytest.mark.postgresql
def test_a_server_that_needs_no_password_never_wakes_the_keyring(pg_url: str) -> None:
    """The real command line on the test server (it trusts this computer): the report is
    printed and the keyring was never imported (no unlock prompt; 11 MB not spent)."""
    script = ("import sys\nfrom planner.cli import main\n"
              "code = main(['report', '--db', sys.argv[1]])\n"
              "print('KEYRING', 'keyring' in sys.modules)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, pg_url], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, PGPASSWORD=""))
    assert done.returncode == 0, done.stderr
    assert "KEYRING False" in done.stdout
    assert done.stdout.startswith("Screening report")


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def test_a_server_that_asks_for_a_password_gets_the_keyrings_and_says_it_was_used(
        ring: MemoryKeyring) -> None:
    """No test server needed: a stand-in that asks for the password and refuses it
    (tests/fake_pg.py). Nothing in the keyring: the refusal says a password is wanted.
    A password in the keyring: it is sent (once the server asked), and its refusal says
    how to replace it."""
    from planner.services import plans
    from planner.store.errors import PasswordWanted
    from tests.fake_pg import password_asking_server

    with password_asking_server() as server:
        url = f"postgresql+psycopg://nobody@127.0.0.1:{server.port}/x"
        with pytest.raises(PasswordWanted) as refused:
            plans.open_team_plan(url)
        assert "asks for a password and none was given" in str(refused.value)
        assert "keyring" not in str(refused.value) and server.given == []
        ring.entries[(SERVICE, account(url) or "")] = SECRET
        with pytest.raises(PasswordWanted) as refused:
            plans.open_team_plan(url)
        assert server.given == [SECRET]  # asked of the keyring only when the server asked
        assert "refused the password" in str(refused.value)
        assert "saved in your system keyring was used" in str(refused.value)
        assert "s3cret" not in str(refused.value)


def test_a_copy_from_a_server_that_asks_sends_the_keyrings_password(
        ring: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`planner copy` (which opens the server itself) takes the keyring's password when
    the server asks for one, as every other command does; one line when it is refused."""
    from planner.cli import main
    from tests.fake_pg import password_asking_server

    with password_asking_server() as server:
        url = f"postgresql+psycopg://nobody@127.0.0.1:{server.port}/x"
        ring.entries[(SERVICE, account(url) or "")] = SECRET
        assert main(["copy", "--db", url, "--to", str(tmp_path / "copy.sqlite")]) != 0
    assert SECRET in server.given and not (tmp_path / "copy.sqlite").exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3cret" not in err and "refused" in err
