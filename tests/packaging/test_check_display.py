"""`make run` names the X libraries Qt's xcb plugin lacks, with the one command that
installs them, instead of Qt's "could not load the Qt platform plugin" (issue 17)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "check_display.py"


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_display", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_minimal_debian_desktop_is_told_the_one_apt_get_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    check = _module()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(check.shutil, "which", lambda name: f"/usr/bin/{name}"
                        if name in ("ldd", "apt-get") else None)
    monkeypatch.setattr(check, "missing_libraries", lambda qt: [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert check.main() == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in err
    assert "platform plugin" not in err


def test_fedora_gets_dnf_and_nothing_missing_says_nothing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    check = _module()
    monkeypatch.setattr(check.shutil, "which", lambda name: f"/usr/bin/{name}"
                        if name in ("ldd", "dnf") else None)
    assert check.install_line(["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]) == \
        "sudo dnf install xcb-util-cursor libxkbcommon-x11"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(check, "missing_libraries", lambda qt: [])
    assert check.main() == 0
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no X needed at all
    monkeypatch.setattr(check, "missing_libraries", lambda qt: ["libxcb-cursor.so.0"])
    assert check.main() == 0
    assert capsys.readouterr().err == ""


def test_this_machines_pyside6_is_read_by_the_linker() -> None:
    check = _module()
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    qt = Path(spec.origin).parent / "Qt"
    if not (qt / "plugins" / "platforms" / "libqxcb.so").is_file():
        pytest.skip("no xcb plugin in this PySide6")
    assert isinstance(check.missing_libraries(qt), list)
