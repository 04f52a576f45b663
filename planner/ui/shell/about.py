"""The About text (ui layer): version, Qt version and the licences of bundled fonts."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version

from planner import APP_NAME, __version__
from planner.paths import resources_dir


def font_licences() -> list[tuple[str, str]]:
    """(font file names, first line of licence) for each licence in resources/fonts."""
    folder = resources_dir() / "fonts"
    found = []
    for licence in sorted(folder.glob("*LICENSE*")) + sorted(folder.glob("*OFL*")):
        family = licence.stem.split("-", 1)[1] if "-" in licence.stem else ""
        fonts = sorted(p.name for p in folder.glob(f"{family}*.ttf"))  # LICENSE-DejaVu: DejaVu*
        first = [line for line in licence.read_text(encoding="utf-8", errors="replace")
                 .splitlines() if line.strip() and not line.startswith("Format:")]
        found.append((", ".join(fonts), first[0] if first else licence.name))
    return found


def about_text() -> str:
    parts = [f"<h3>{APP_NAME} {__version__}</h3>",
             "<p>Screen partnership opportunities, keep a register of where partners also "
             "compete, agree and sign protocols, and pace the work in small dated steps.</p>",
             f"<p>Qt for Python {pyside_version}.</p>"]
    licences = font_licences()
    if licences:
        parts.append("<p><b>Bundled fonts</b></p><ul>")
        for fonts, licence in licences:
            parts.append(f"<li>{html.escape(fonts)}: {html.escape(licence)}</li>")
        parts.append("</ul>")
    return "".join(parts)
