"""Guard against PySide6 builds that leak references to None on void calls (6.12 on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_ten_thousand_void_qt_calls_keep_none_alive() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for n in range(10_000):
        obj.setObjectName(f"n{n % 7}")
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references"
