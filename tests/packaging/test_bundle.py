"""Smoke test of the built desktop bundle (slow; ``make package && make package-test``).

Runs the frozen ``planner`` the way a user would: the sample, the integrity check, offscreen
screenshots, every export, signing and verifying, the window opening the plan in the user
data folder, and (on Linux) install.sh. ``make test`` skips it: PLANNER_BUNDLE names the
bundle folder and only ``make package-test`` sets it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner import APP_ID

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_ENV = os.environ.get("PLANNER_BUNDLE", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BUNDLE_ENV, reason="bundle smoke test: run by make package-test"),
]

EXE_NAME = "planner.exe" if sys.platform == "win32" else "planner"


@pytest.fixture(scope="module")
def bundle() -> Path:
    folder = Path(BUNDLE_ENV)
    if not folder.is_absolute():
        folder = ROOT / folder
    exe = folder / EXE_NAME
    if not exe.is_file():
        pytest.fail(f"{exe} does not exist: run `make package` first")
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private home folder, so the bundle never touches the real user's files."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PLANNER_", "XDG_")) and k not in ("APPDATA", "LOCALAPPDATA")}
    env.update(HOME=str(home), USERPROFILE=str(home), QT_QPA_PLATFORM="offscreen",
               PLANNER_SETTINGS=str(home / "settings.ini"))
    env.update(extra)
    return env


def run(bundle: Path, home: Path, *args: str, timeout: float = 180,
        **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / EXE_NAME), *args], capture_output=True, text=True,
                          timeout=timeout, env=_env(home, **env), cwd=home)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def sample(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio, written by the bundle itself."""
    home = tmp_path_factory.mktemp("home")
    db = tmp_path_factory.mktemp("plan") / "sample.sqlite"
    out = ok(run(bundle, home, "demo", "--db", str(db)))
    assert "Sample portfolio written" in out and db.is_file()
    return db


@pytest.fixture
def plan(sample: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "plan.sqlite"
    shutil.copy2(sample, copy)
    yield copy


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_demo_then_check_says_sound(bundle: Path, plan: Path, home: Path) -> None:
    assert ok(run(bundle, home, "check", "--db", str(plan))).strip() == f"{plan}: sound"


def test_failures_are_one_readable_line(bundle: Path, home: Path) -> None:
    result = run(bundle, home, "check", "--db", str(home / "missing.sqlite"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("view", ["dashboard", "timeline", "conflicts", "screening"])
def test_screenshot_renders_a_picture(bundle: Path, plan: Path, home: Path, view: str,
                                      qapp: object) -> None:
    from PySide6.QtGui import QImage

    png = home / f"{view}.png"
    ok(run(bundle, home, "screenshot", "--db", str(plan), "--view", view, "--out", str(png),
           "--size", "1000x700"))
    image = QImage(str(png))
    # A view may need more room than asked for (its minimum size wins); never less.
    assert image.width() >= 1000 and image.height() >= 700
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
    assert len(colours) > 10, "the picture is blank"


def test_exports_read_back(bundle: Path, plan: Path, home: Path) -> None:
    from openpyxl import load_workbook

    agreement, timeline, pack = home / "agreement.pdf", home / "timeline.pdf", home / "pack.pdf"
    ok(run(bundle, home, "export", "agreement", "--db", str(plan), "--id", "1",
           "--out", str(agreement)))
    assert "Protocol agreement" in _pdf_text(agreement)
    ok(run(bundle, home, "export", "timeline", "--db", str(plan), "--out", str(timeline)))
    assert "Shared sixth-form curriculum" in _pdf_text(timeline).replace("\n", " ")
    ok(run(bundle, home, "export", "boardpack", "--db", str(plan), "--out", str(pack)))
    assert "Riverbend Learning Trust" in _pdf_text(pack)

    ics, xlsx, png = home / "plan.ics", home / "register.xlsx", home / "timeline.png"
    ok(run(bundle, home, "export", "timeline", "--db", str(plan), "--out", str(ics)))
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    ok(run(bundle, home, "export", "timeline", "--db", str(plan), "--out", str(png)))
    assert png.read_bytes()[:4] == b"\x89PNG"
    ok(run(bundle, home, "export", "register", "--db", str(plan), "--out", str(xlsx)))
    sheet = load_workbook(xlsx).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) > 1


def test_sign_and_verify_an_agreement(bundle: Path, plan: Path, home: Path) -> None:
    from planner.services.agreements import mark_agreed
    from planner.services.identities import create_identity
    from planner.store.database import Store

    with Store.open(plan) as store:
        mark_agreed(store, 1)
    identity = create_identity(home / "ids", "Asha Patel", "Riverbend Learning Trust",
                               "Chief Executive", "correct horse battery")
    signed = home / "signed.pdf"
    ok(run(bundle, home, "export", "agreement", "--db", str(plan), "--id", "1", "--sign",
           "--identity", str(identity.path), "--signatory", "Margaret Ellison", "--out", str(signed),
           PLANNER_PASSPHRASE="correct horse battery"))
    report = ok(run(bundle, home, "verify", str(signed)))
    assert "Asha Patel" in report and "intact" in report


def test_window_opens_the_plan_in_the_user_data_folder(bundle: Path, home: Path) -> None:
    """With no --db the bundle opens <user data folder>/plan.sqlite, as `make run` does."""
    asked = subprocess.run(
        [sys.executable, "-c", "from planner.paths import default_db_path; print(default_db_path())"],
        capture_output=True, text=True, timeout=60, env=_env(home), cwd=ROOT)
    expected = Path(ok(asked).strip())
    assert expected.is_relative_to(home)
    expected.parent.mkdir(parents=True)
    ok(run(bundle, home, "demo", "--db", str(expected)))

    started = run(bundle, home, PLANNER_STARTUP_PROBE="1")
    stages = [line.split()[0] for line in ok(started).splitlines() if line.strip()]
    assert stages == ["first-paint", "data-visible"]
    settings = (home / "settings.ini").read_text(encoding="utf-8")
    assert f"last={expected}" in settings
    # The automatic backup on opening lands beside the plan, in the same folder.
    assert list((expected.parent / "backups").rglob("plan-*.sqlite"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="install.sh is for Linux")
def test_install_script_puts_menu_entry_icons_and_command_in_place(bundle: Path,
                                                                   home: Path) -> None:
    prefix = home / "my apps"  # a space in the path, as in many home folders
    script = bundle / "install.sh"
    result = subprocess.run(["sh", str(script), "--prefix", str(prefix)], capture_output=True,
                            text=True, timeout=300, env=_env(home))
    ok(result)
    installed = prefix / "lib" / "partnership-planner" / "planner"
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert f'Exec="{installed}" %f' in text and f"Icon={APP_ID}" in text
    assert (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").is_file()  # plan files
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        ok(subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                          text=True, timeout=60))
    link = prefix / "bin" / "partnership-planner"  # `planner` is GNOME Planner's
    assert link.resolve() == installed.resolve()
    assert not (prefix / "bin" / "planner").exists()
    assert "usage: planner" in ok(subprocess.run([str(link), "--help"], capture_output=True,
                                                 text=True, timeout=120, env=_env(home)))

    ok(subprocess.run(["sh", str(script), "--prefix", str(prefix), "--uninstall"],
                      capture_output=True, text=True, timeout=120, env=_env(home)))
    assert not installed.exists() and not desktop.exists() and not link.exists()
    assert not (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").exists()


# ------------------------------------------------------------------ schema upgrades, team database


def _revision(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_a_new_plan_gets_the_newest_schema(bundle: Path, home: Path, tmp_path: Path) -> None:
    """Every revision script travels with the bundle: a new plan ends at the newest one."""
    from planner.store.migrations import HEAD, KNOWN_REVISIONS

    assert KNOWN_REVISIONS[-1] == HEAD
    db = tmp_path / "new.sqlite"
    ok(run(bundle, home, "demo", "--db", str(db)))
    assert _revision(db) == HEAD
    assert ok(run(bundle, home, "check", "--db", str(db))).strip() == f"{db}: sound"


# A meeting as version 0.1.0 (schema 0001) wrote it: no "confidential" column yet.
_PLAN_OF_0_1_0 = (
    "INSERT INTO opportunity (row_version, title, stage, tier, source, purpose, goals, we_give, "
    "we_get, relational_context, route, trust_stance, trust_note, lead_division, "
    "boundary_spanners, rests_on_funding, rests_on_endorsement, est_ceo_hours_per_month, "
    "est_staff_hours_per_month, est_cost, est_income, notes) VALUES (1, 'Joint bid', "
    "'pursued', '', '', '', '', '[]', '[]', '', '', '', '', '', '[]', 0, 0, 0, 0, 0, 0, '')",
    "INSERT INTO meeting (row_version, opportunity_id, kind, held_on, state, attendees, "
    "ceo_hours, staff_hours, decisions, notes) VALUES (1, 1, 'review', '2026-09-01', 'held', "
    "'[]', 1, 0, 'Go ahead', 'From 0.1.0')",
    "INSERT INTO meeting_action (row_version, meeting_id, text, owner) "
    "VALUES (1, 1, 'Write to the trust', 'Ana')",
)


def test_a_plan_of_version_0_1_0_is_upgraded_by_the_bundle(bundle: Path, home: Path,
                                                          tmp_path: Path) -> None:
    """The bundled program runs the later revisions from its own files (not the source tree)."""
    import sqlite3

    from planner.store.engine import make_engine
    from planner.store.migrations import HEAD
    from planner.store.migrations.runner import upgrade

    db = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        for statement in _PLAN_OF_0_1_0:
            conn.execute(statement)
    assert _revision(db) == "0001"
    # check only reads: it says an upgrade is due and leaves the file as it was ...
    assert ok(run(bundle, home, "check", "--db", str(db))).strip() == (
        f"{db}: sound; this plan uses schema 0001: it will be upgraded to {HEAD} (with a "
        "backup first) when it is opened in the program")
    assert _revision(db) == "0001"
    # ... and the first command that opens the plan for work upgrades it.
    assert "Screening report" in ok(run(bundle, home, "report", "--db", str(db)))
    assert _revision(db) == HEAD
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT notes, confidential FROM meeting").fetchall() == [
            ("From 0.1.0", 0)]
    # As on every upgrade of a plan file, the 0001 file was kept first.
    assert [_revision(b) for b in tmp_path.glob("old-before-upgrade-*.sqlite")] == ["0001"]


# A keyring backend that the bundled program loads through keyring's own configuration file
# (keyringrc.cfg, "keyring-path"): it reports, from inside the frozen program, which keyring
# was asked for what and whether the system keyrings' backends could be imported there.
_PROBE = '''
import json, os, sys
from importlib import metadata

from keyring.backend import KeyringBackend

REPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.json")


def _usable(load):
    """'' when the backend is usable here, else why not (its own words)."""
    try:
        load().priority
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def _secret_service():
    from keyring.backends import SecretService
    return SecretService.Keyring


def _windows():
    from keyring.backends import Windows
    return Windows.WinVaultKeyring


def _macos():
    from keyring.backends import macOS
    return macOS.Keyring


class Keyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        report = {
            "asked": [service, username],
            "frozen": bool(getattr(sys, "frozen", False)),
            "entry_points": sorted(ep.name for ep in
                                   metadata.entry_points(group="keyring.backends")),
            "SecretService": _usable(_secret_service),
            "Windows": _usable(_windows),
            "macOS": _usable(_macos),
        }
        for name in ("secretstorage", "jeepney", "win32ctypes"):
            try:
                __import__(name)
                report[name] = ""
            except Exception as exc:
                report[name] = f"{type(exc).__name__}: {exc}"
        with open(REPORT, "w", encoding="utf-8") as out:
            json.dump(report, out)
        return "probe-s3cret"

    def set_password(self, service, username, password):
        raise NotImplementedError

    def delete_password(self, service, username):
        raise NotImplementedError
'''


def test_a_server_url_asks_the_keyring_and_fails_in_one_line(bundle: Path, home: Path) -> None:
    """The bundled program looks the password up in the system keyring when the server asks
    for one (its backends are bundled and importable), and a refusal is one readable line,
    not a traceback."""
    import json

    env = {"LOCALAPPDATA": str(home / "AppData" / "Local")}  # keyring's folder on Windows
    asked = subprocess.run(
        [sys.executable, "-c", "from keyring.util.platform_ import config_root; "
         "print(config_root())"], capture_output=True, text=True, timeout=60,
        env=_env(home, **env), cwd=ROOT)
    config = Path(ok(asked).strip())
    assert config.is_relative_to(home)
    probe = home / "probe"
    probe.mkdir()
    (probe / "planner_probe_keyring.py").write_text(_PROBE, encoding="utf-8")
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text(
        f"[backend]\ndefault-keyring = planner_probe_keyring.Keyring\nkeyring-path = {probe}\n",
        encoding="utf-8")

    from tests.fake_pg import password_asking_server

    with password_asking_server() as server:  # the keyring is asked when a server asks
        url = f"postgresql+psycopg://nobody@127.0.0.1:{server.port}/x"
        result = run(bundle, home, "check", "--db", url, **env)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"planner: Cannot open the team database “x” on 127.0.0.1:{server.port}: ")
    assert "nobody" not in lines[0] and "refused" in lines[0].lower()
    assert "probe-s3cret" not in result.stderr + result.stdout
    assert server.given == ["probe-s3cret"]  # the keyring's answer reached the server

    report = json.loads((probe / "report.json").read_text(encoding="utf-8"))
    assert report["frozen"] and report["asked"] == ["Partnership Planner",
                                                    f"nobody@127.0.0.1:{server.port}/x"]
    # keyring finds its backends through its package metadata: it must be in the bundle.
    assert {"SecretService", "Windows", "macOS"} <= set(report["entry_points"])
    if sys.platform.startswith("linux"):
        assert report["secretstorage"] == report["jeepney"] == ""
        # Importable; here it may only lack a D-Bus session (a server, CI), never a module.
        assert "required" not in report["SecretService"], report["SecretService"]
    elif sys.platform == "win32":
        assert report["win32ctypes"] == "" and report["Windows"] == ""
    elif sys.platform == "darwin":
        assert report["macOS"] == ""


@pytest.mark.postgresql
def test_a_team_database_is_made_and_checked_by_the_bundle(bundle: Path, home: Path,
                                                          pg_server: str) -> None:
    """psycopg and its compiled libpq travel with the bundle: a real server plan works."""
    from planner.store.migrations import HEAD
    from tests import pg

    url = pg.new_database(pg_server, migrated=False)
    try:
        ok(run(bundle, home, "demo", "--db", url))
        from planner.services.copying import shown

        said = ok(run(bundle, home, "check", "--db", url)).strip()
        assert said == f"{shown(url, capital=True)}: sound"  # never the user name
        assert "postgres@" not in said
        import psycopg

        with psycopg.connect(pg._libpq(url)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert row is not None and row[0] == HEAD
    finally:
        pg.drop_database(url)
