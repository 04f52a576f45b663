"""Typed UI preferences over a QSettings handed in (ui layer). Plan data never lives here."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

RECENT_MAX = 8


def _key(text: str) -> str:
    """A settings key from a screen's name ("\\\\.\\DISPLAY1 1920x1080": no separators)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


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
    # Remembered per screen (its name and size): a laptop's window is not put back at the
    # projector's size, nor the other way round.
    def geometry_for(self, screen: str) -> QByteArray | None:
        value = self._s.value(f"window/screens/{_key(screen)}") if screen else None
        if not isinstance(value, QByteArray):
            value = self._s.value("window/geometry")  # the last one, on any screen
        return value if isinstance(value, QByteArray) else None

    def set_geometry_for(self, screen: str, value: QByteArray) -> None:
        if screen:
            self._s.setValue(f"window/screens/{_key(screen)}", value)
        self._s.setValue("window/geometry", value)

    @property
    def geometry(self) -> QByteArray | None:
        return self.geometry_for("")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.set_geometry_for("", value)

    @property
    def theme(self) -> str:
        """View › Theme: "system" (the desktop's light or dark), "light" or "dark"."""
        value = self._str("window/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("window/theme", value)

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
