"""Typed UI preferences over a QSettings handed in (ui layer). Plan data never lives here."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

RECENT_MAX = 8


class Settings:
    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        value = self._s.value(key, default)
        try:
            return int(value) if isinstance(value, (int, float, str)) else default
        except ValueError:
            return default

    # Recent files ---------------------------------------------------------------
    @property
    def recent_files(self) -> list[str]:
        value = self._s.value("files/recent", [])
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            return []
        return [v for v in value if isinstance(v, str)]

    def add_recent(self, path: str) -> None:
        items = [path] + [p for p in self.recent_files if p != path]
        self._s.setValue("files/recent", items[:RECENT_MAX])

    def remove_recent(self, path: str) -> None:
        self._s.setValue("files/recent", [p for p in self.recent_files if p != path])

    @property
    def last_file(self) -> str:
        return self._str("files/last")

    @last_file.setter
    def last_file(self, value: str) -> None:
        self._s.setValue("files/last", value)

    # Window -----------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def last_view(self) -> str:
        return self._str("window/view", "dashboard")

    @last_view.setter
    def last_view(self, value: str) -> None:
        self._s.setValue("window/view", value)

    # Generic typed access for views' own preferences (zoom level, filters) ----------
    def get_str(self, key: str, default: str = "") -> str:
        return self._str(f"views/{key}", default)

    def get_int(self, key: str, default: int) -> int:
        return self._int(f"views/{key}", default)

    def set_value(self, key: str, value: str | int | float | bool) -> None:
        self._s.setValue(f"views/{key}", value)

    def sync(self) -> None:
        self._s.sync()
