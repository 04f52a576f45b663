"""The wheel works on its own: built, installed in a fresh venv, and run there (packaging).

Part of ``make test`` (about 20-30 s). ``pip wheel`` builds from a copy of just what the build
reads (pyproject.toml, README.md, planner/, resources/), so a file the program needs at run
time but the wheel leaves out fails here: in particular the fonts, templates, style sheet and
icons of resources/, installed as the package ``planner_resources``. The fresh venv reuses the
dependencies already installed for the running interpreter through a ``.pth`` file naming
their site-packages (lines of a .pth only extend sys.path, so the editable install's finder
in that site-packages, itself started by a .pth, stays off) and gets the wheel alone, with
--no-deps. The test then checks that ``planner`` really comes from the fresh venv, and runs
``planner demo``, ``planner export agreement`` and ``planner screenshot`` (offscreen) there.
"""

from __future__ import annotations

import os
import shutil
import site
import sqlite3
import struct
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_INPUTS = ("pyproject.toml", "README.md", "planner", "resources")
SIZE = (1024, 768)  # one of the layout sizes (DESIGN.md); the window may not go smaller


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]  # type: ignore[no-any-return]


def test_every_package_is_in_the_wheel_list() -> None:
    """pyproject.toml lists the packages (a renamed resources/ rules out packages.find): a
    package added under planner/ and not listed there would be missing from the wheel."""
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    on_disk = {".".join(folder.relative_to(ROOT).parts)
               for folder in [ROOT / "planner", *(ROOT / "planner").rglob("*")]
               if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))}
    missing = sorted(on_disk - listed)
    assert not missing, (f"add {', '.join(missing)} to [tool.setuptools] packages in "
                         "pyproject.toml, or the wheel leaves them out")
    gone = sorted(name for name in listed - on_disk if name != "planner_resources")
    assert not gone, f"[tool.setuptools] packages names folders that do not exist: {gone}"
    assert _setuptools()["package-dir"] == {"planner_resources": "resources"}


def _run(command: list[str | Path], *, env: dict[str, str] | None = None, cwd: Path,
         timeout: float = 120) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            env=env, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, (f"{' '.join(map(str, command))}: exit {result.returncode}\n"
                                    f"{result.stdout}\n{result.stderr}")
    return result.stdout


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
          "--disable-pip-version-check", "-w", out, source], cwd=out, timeout=300)
    (found,) = out.glob("partnership_planner-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed and the running interpreter's dependencies."""
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=folder)
    python = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=folder).strip())
    ours = [p for p in dict.fromkeys([*site.getsitepackages(), sysconfig.get_path("purelib"),
                                      sysconfig.get_path("platlib")]) if Path(p).is_dir()]
    (purelib / "_running_interpreter_deps.pth").write_text("\n".join(ours) + "\n",
                                                            encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
          "--no-index", "--quiet", "--disable-pip-version-check", wheel], cwd=folder)
    return folder


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PLANNER_", "PYTHON", "XDG_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", PLANNER_DATA_DIR=str(home / "data"),
               PLANNER_SETTINGS=str(home / "settings.ini"))
    return env


def test_the_wheel_holds_the_resources(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("planner_resources/__init__.py", "planner_resources/fonts/DejaVuSans.ttf",
                     "planner_resources/fonts/LICENSE-DejaVu.txt",
                     "planner_resources/styles/app.qss", "planner_resources/templates/agreement.toml",
                     "planner/py.typed", "planner/store/migrations/script.py.mako"):
        assert required in names, f"{required} is not in {wheel.name}"
    assert not any("__pycache__" in name for name in names)


def test_installed_wheel_runs_demo_export_and_screenshot(venv: Path, tmp_path: Path) -> None:
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    planner = bindir / "planner"
    env = _env(tmp_path)
    where = _run([bindir / "python", "-c",
                  "import planner, planner_resources\n"
                  "from planner.paths import resources_dir\n"
                  "print(planner.__file__); print(planner_resources.__file__); "
                  "print(resources_dir())"], env=env, cwd=tmp_path).splitlines()
    for line in where:  # the wheel's copy, not the checkout's editable install
        assert Path(line).resolve().is_relative_to(venv.resolve()), where

    db = tmp_path / "sample.sqlite"
    assert "Sample portfolio written" in _run([planner, "demo", "--db", db], env=env,
                                              cwd=tmp_path)
    with sqlite3.connect(db) as connection:
        (agreement,) = connection.execute("SELECT min(id) FROM agreement").fetchone()
    pdf = tmp_path / "agreement.pdf"
    _run([planner, "export", "agreement", "--db", db, "--id", agreement, "--out", pdf],
         env=env, cwd=tmp_path)
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(text.split()) > 50, text[:500]
    fonts = {str(font.get("/BaseFont", "")) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()
             for font in [font.get_object()]}
    assert any("DejaVu" in font for font in fonts), fonts  # the bundled fonts were found

    png = tmp_path / "timeline.png"
    _run([planner, "screenshot", "--db", db, "--view", "timeline", "--out", png,
          "--size", f"{SIZE[0]}x{SIZE[1]}"], env=env, cwd=tmp_path)
    assert _png_size(png) == SIZE
