"""Build the one-folder desktop bundle with PyInstaller, and optionally pack it (packaging).

    .venv/bin/python packaging/build_bundle.py            # dist/partnership-planner/
    .venv/bin/python packaging/build_bundle.py --archive  # ... and a .tar.gz / .zip beside it

The same command works on Windows and macOS (``.venv\\Scripts\\python`` on Windows); PyInstaller
builds for the system it runs on. On Linux the bundle also gets ``install.sh``, which puts the
program, its menu entry and its icons under ~/.local. Prints the build time and the bundle's
size; ``make package`` runs this.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pyinstaller" / "planner.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "partnership-planner"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from planner import __version__

    return __version__


def build(clean: bool) -> float:
    """Run PyInstaller on the spec; returns the wall time in seconds."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    started = time.perf_counter()
    try:
        subprocess.run(command, cwd=ROOT, check=True)
    except FileNotFoundError:
        raise SystemExit("build_bundle: Python not found") from None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"build_bundle: PyInstaller failed (exit {exc.returncode})") from None
    return time.perf_counter() - started


def add_installer() -> None:
    if sys.platform.startswith("linux"):
        target = BUNDLE / "install.sh"
        shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", target)
        target.chmod(0o755)


def archive() -> Path:
    """dist/partnership-planner-<version>-<system>-<machine>.tar.gz (zip on Windows)."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"partnership-planner-{version()}-{system}-{platform.machine().lower()}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=DIST, base_dir=BUNDLE.name))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--archive", action="store_true", help="also pack the bundle for sharing")
    p.add_argument("--no-clean", action="store_true",
                   help="reuse PyInstaller's cache in build/ (faster rebuilds)")
    args = p.parse_args(argv)
    os.chdir(ROOT)
    seconds = build(clean=not args.no_clean)
    if not (BUNDLE / ("planner.exe" if sys.platform == "win32" else "planner")).is_file():
        raise SystemExit(f"build_bundle: PyInstaller finished but {BUNDLE} has no planner")
    add_installer()
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
    print(f"Bundle: {BUNDLE.relative_to(ROOT)} — {human(folder_size(BUNDLE))} in {files} files,"
          f" built in {seconds:.0f} s")
    if args.archive:
        packed = archive()
        print(f"Archive: {packed.relative_to(ROOT)} — {human(packed.stat().st_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
