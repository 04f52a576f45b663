"""packaging/linux/install.sh, run for real on a bundle-shaped folder (no PyInstaller needed):
the command is `partnership-planner`, nothing the installer did not create is overwritten or
removed, an uninstall takes away exactly what it put there, and plan files get their type."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from planner import APP_ID, PLAN_MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """An unpacked bundle as build_bundle.py lays it out, with a stand-in program."""
    folder = tmp_path / "partnership-planner"
    data = folder / "_internal"
    (data / "share" / "applications").mkdir(parents=True)
    (data / "share" / "metainfo").mkdir(parents=True)
    (data / "share" / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / f"{APP_ID}.desktop", data / "share" / "applications")
    shutil.copy(LINUX / f"{APP_ID}.metainfo.xml", data / "share" / "metainfo")
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", data / "share" / "mime" / "packages")  # as the spec puts it
    shutil.copytree(ROOT / "resources" / "icons", data / "planner_resources" / "icons")
    program = folder / "planner"
    program.write_text("#!/bin/sh\necho stand-in \"$@\"\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    shutil.copy(LINUX / "install.sh", folder / "install.sh")
    return folder


def install(bundle: Path, prefix: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(bundle / "install.sh"), "--prefix", str(prefix), *extra],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(prefix.parent)})


def test_the_command_is_partnership_planner_and_the_menu_entry_opens_plans(
        bundle: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "my prefix"  # a space in the folder's name
    done = install(bundle, prefix)
    assert done.returncode == 0, done.stderr
    command = prefix / "bin" / "partnership-planner"
    assert subprocess.run([str(command), "x"], capture_output=True, text=True).stdout == "stand-in x\n"
    assert not (prefix / "bin" / "planner").exists()  # GNOME Planner's name stays free
    desktop = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    target = prefix / "lib" / "partnership-planner"
    assert f'Exec="{target}/planner" %f\n' in desktop
    assert f"MimeType={PLAN_MIME_TYPE};\n" in desktop
    assert (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").exists()
    assert (prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").exists()


def test_a_file_the_installer_did_not_create_is_never_overwritten(
        bundle: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "usr"
    (prefix / "bin").mkdir(parents=True)
    theirs = prefix / "bin" / "partnership-planner"
    theirs.write_text("someone else's program\n")
    done = install(bundle, prefix)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"install.sh: {theirs} is already there and was not installed by Partnership "
        "Planner; nothing was changed (move it away, or choose another --prefix)")
    assert theirs.read_text() == "someone else's program\n"
    assert not (prefix / "lib").exists() and not (prefix / "share").exists()


def test_reinstall_replaces_its_own_files_and_uninstall_removes_only_them(
        bundle: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "usr"
    assert install(bundle, prefix).returncode == 0
    assert install(bundle, prefix).returncode == 0  # its own files: replaced, not refused
    neighbour = prefix / "share" / "applications" / "gnome-planner.desktop"
    neighbour.write_text("[Desktop Entry]\n")
    (prefix / "bin" / "planner").write_text("GNOME Planner\n")
    done = install(bundle, prefix, "--uninstall")
    assert done.returncode == 0, done.stderr
    left = sorted(str(p.relative_to(prefix)) for p in prefix.rglob("*") if p.is_file())
    assert [p for p in left if not _system_cache(p)] == [
        "bin/planner", "share/applications/gnome-planner.desktop"]
    assert (prefix / "bin" / "planner").read_text() == "GNOME Planner\n"
    assert not (prefix / "lib" / "partnership-planner").exists()


def _system_cache(path: str) -> bool:
    """The indexes the desktop's own tools rebuild (update-desktop-database,
    update-mime-database, gtk-update-icon-cache): theirs, not the installer's."""
    return (path == "share/applications/mimeinfo.cache" or path.endswith("icon-theme.cache")
            or (path.startswith("share/mime/") and not path.startswith("share/mime/packages/")))


def test_an_install_of_version_0_1_0_is_upgraded_and_its_planner_link_removed(
        bundle: Path, tmp_path: Path) -> None:
    """0.1.0's installer kept no list and linked `planner`: its files are known by name."""
    prefix = tmp_path / "usr"
    target = prefix / "lib" / "partnership-planner"
    shutil.copytree(bundle, target)
    (prefix / "bin").mkdir(parents=True)
    (prefix / "bin" / "planner").symlink_to(target / "planner")
    (prefix / "share" / "applications").mkdir(parents=True)
    (prefix / "share" / "applications" / f"{APP_ID}.desktop").write_text("old\n")
    done = install(bundle, prefix)
    assert done.returncode == 0, done.stderr
    assert not (prefix / "bin" / "planner").is_symlink()
    assert (prefix / "bin" / "partnership-planner").is_symlink()
    assert "MimeType=" in (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()


@pytest.mark.skipif(shutil.which("update-mime-database") is None or shutil.which("gio") is None,
                    reason="needs update-mime-database and gio (Debian: shared-mime-info, "
                           "libglib2.0-bin)")
def test_a_plan_file_is_recognised_by_its_content(tmp_path: Path) -> None:
    """With the type registered, a file manager calls a plan a plan, whatever its name, and
    another SQLite database still an SQLite database."""
    import sqlite3

    from planner.store.database import Store

    data = tmp_path / "data"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", data / "mime" / "packages" / f"{APP_ID}.xml")
    subprocess.run(["update-mime-database", str(data / "mime")], check=True, timeout=120,
                   capture_output=True)
    plan = tmp_path / "board plan.backup"  # any name
    Store.open(plan, create=True).close()
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()

    def kind(path: Path) -> str:
        out = subprocess.run(["gio", "info", "-a", "standard::content-type", str(path)],
                             capture_output=True, text=True, timeout=60, check=True,
                             env={**os.environ, "XDG_DATA_HOME": str(data)}).stdout
        return out.strip().splitlines()[-1].split(": ")[1]

    assert kind(plan) == PLAN_MIME_TYPE
    assert kind(other) == "application/vnd.sqlite3"
