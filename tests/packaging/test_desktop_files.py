"""Desktop integration files: one application id everywhere, icons made from the SVG.

Fast; part of ``make test``. The freedesktop validators run when they are installed
(Debian: desktop-file-utils, appstream) and are skipped otherwise.
"""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planner import APP_ID, APP_NAME, PLAN_MIME_TYPE, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / f"{APP_ID}.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _script_name() -> str:
    """The command installed on a system: `partnership-planner` (GNOME Planner owns `planner`,
    which stays only inside the project's venv), both running the same entry point."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"]
    assert scripts == {"planner": "planner.cli:main", "partnership-planner": "planner.cli:main"}
    return "partnership-planner"


def test_app_id_is_reverse_dns() -> None:
    # AppStream and Flatpak rules: at least three parts, letters/digits/underscores, no dashes.
    assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){2,}", APP_ID)


def test_desktop_file_names_the_id_icon_and_command() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == f"{_script_name()} %f"  # a plan opened from the file manager
    assert entry["TryExec"] == _script_name()
    assert entry["MimeType"] == f"{PLAN_MIME_TYPE};"
    assert entry["Terminal"] == "false"


def test_metainfo_names_the_same_id_everywhere() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("provides/binary") == _script_name()
    assert root.findtext("provides/mediatype") == PLAN_MIME_TYPE
    shots = root.findall("screenshots/screenshot")
    assert len(shots) >= 3 and all(s.findtext("caption") for s in shots)
    for shot in shots:  # each picture is one the README shows, from docs/screenshots
        name = shot.findtext("image").rsplit("/", 1)[1]  # type: ignore[union-attr]
        assert (ROOT / "docs" / "screenshots" / name).exists(), name
    releases = [r.get("version") for r in root.iterfind("releases/release")]
    assert releases and releases[0] == __version__, "add a <release> for the new version"


def test_mime_type_matches_what_the_store_writes() -> None:
    """The magic in the shared-mime-info file is the id a plan's header carries."""
    from planner import PLAN_FILE_ID

    root = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = root.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == PLAN_MIME_TYPE
    inner = kind.find("m:magic/m:match/m:match", ns)
    assert inner is not None and inner.get("offset") == "68"
    assert int(inner.get("value", ""), 16) == PLAN_FILE_ID


def test_qt_application_and_settings_use_the_id(qapp: object,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.app import application, qsettings

    monkeypatch.delenv("PLANNER_SETTINGS", raising=False)
    app = application()
    assert app.desktopFileName() == APP_ID
    assert qsettings().organizationName() == APP_ID
    assert not app.windowIcon().isNull()


def test_install_script_and_spec_use_the_id() -> None:
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert f"APP_ID={APP_ID}\n" in script
    spec = (ROOT / "packaging" / "pyinstaller" / "planner.spec").read_text(encoding="utf-8")
    assert "from planner import APP_ID" in spec and "bundle_identifier=APP_ID" in spec


def test_png_sizes_exist_with_their_sizes() -> None:
    for size in PNG_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size), png


def test_windows_and_macos_icons_hold_pngs() -> None:
    ico = (ICONS / f"{APP_ID}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    first_offset = struct.unpack("<I", ico[6 + 12:6 + 16])[0]
    assert ico[first_offset:first_offset + 4] == b"\x89PNG"
    icns = (ICONS / f"{APP_ID}.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_pngs_are_drawn_from_the_svg(qapp: object) -> None:
    """The committed 48 px icon matches a fresh rendering (re-run packaging/make_icons.py)."""
    from PySide6.QtGui import QImage

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    fresh = QImage.fromData(make_icons.render(SVG, 48))
    stored = QImage(str(make_icons.png_path(48)))
    assert fresh.size() == stored.size()
    different = sum(fresh.pixel(x, y) != stored.pixel(x, y) for x in range(48) for y in range(48))
    # Another Qt version may antialias a few edge pixels differently; a changed drawing
    # changes hundreds.
    assert different < 48 * 48 // 20, "the PNGs are stale: run packaging/make_icons.py"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (Debian: desktop-file-utils)")
def test_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli is not installed (Debian: appstream)")
def test_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database is not installed (Debian: shared-mime-info)")
def test_mime_file_is_accepted_by_update_mime_database(tmp_path: Path) -> None:
    (tmp_path / "packages").mkdir()
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", tmp_path / "packages" / f"{APP_ID}.xml")
    result = subprocess.run(["update-mime-database", "-V", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    assert PLAN_MIME_TYPE in (tmp_path / "types").read_text()
