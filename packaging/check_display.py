"""Before `make run` on Linux: are the X libraries Qt's xcb platform plugin needs installed?

Qt's own message when one is missing ("Could not load the Qt platform plugin "xcb" … no Qt
platform plugin could be initialized") names none of them. This asks the dynamic linker
(``ldd``) which libraries of PySide6's xcb plugin are missing and prints the one command that
installs them (Debian/Ubuntu ``apt-get``, Fedora ``dnf``). Exit 1 if any is missing; 0
otherwise, and always off Linux, without a display, or with another Qt platform chosen.
Plain Python: it must run when Qt cannot.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

# soname prefix -> (Debian package, Fedora package)
PACKAGES = {
    "libxcb-cursor.so": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-xkb.so": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon-x11.so": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-shape.so": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so": ("libxcb-randr0", "libxcb"),
    "libxcb-xfixes.so": ("libxcb-xfixes0", "libxcb"),
    "libxcb-sync.so": ("libxcb-sync1", "libxcb"),
    "libxcb-shm.so": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so": ("libxcb-render0", "libxcb"),
    "libxcb-xinput.so": ("libxcb-xinput0", "libxcb"),
    "libxcb-util.so": ("libxcb-util1", "xcb-util"),
    "libxcb.so": ("libxcb1", "libxcb"),
    "libX11-xcb.so": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so": ("libx11-6", "libX11"),
    "libEGL.so": ("libegl1", "libglvnd-egl"),
    "libGL.so": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so": ("libdbus-1-3", "dbus-libs"),
}


def missing_libraries(qt_dir: Path) -> list[str]:
    """Sonames the xcb plugin and its Qt library need and the linker cannot find."""
    missing: list[str] = []
    for lib in (qt_dir / "plugins" / "platforms" / "libqxcb.so",
                qt_dir / "lib" / "libQt6XcbQpa.so.6", qt_dir / "lib" / "libQt6Gui.so.6"):
        if not lib.is_file():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True,
                             check=False).stdout
        for name in re.findall(r"^\s*(\S+) => not found", out, flags=re.MULTILINE):
            if name not in missing:
                missing.append(name)
    return missing


def install_line(missing: list[str]) -> str:
    debian: list[str] = []
    fedora: list[str] = []
    for name in missing:
        pkg = next((p for prefix, p in PACKAGES.items() if name.startswith(prefix)), None)
        deb, fed = pkg if pkg else (name, name)
        debian += [deb] if deb not in debian else []
        fedora += [fed] if fed not in fedora else []
    if shutil.which("dnf") and not shutil.which("apt-get"):
        return "sudo dnf install " + " ".join(fedora)
    return "sudo apt-get install " + " ".join(debian)


def main() -> int:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform.split(":")[0] not in ("", "xcb") \
            or not (os.environ.get("DISPLAY") or platform == "xcb") or not shutil.which("ldd"):
        return 0
    spec = find_spec("PySide6")
    if spec is None or spec.origin is None:
        return 0
    missing = missing_libraries(Path(spec.origin).parent / "Qt")
    if not missing:
        return 0
    print("Partnership Planner needs a few X libraries that are not installed "
          f"({', '.join(missing)}). Install them with:\n\n    {install_line(missing)}\n",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
