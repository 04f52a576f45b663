"""The committed form modules match their Designer sources (regenerate with `make forms`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import build_forms  # noqa: E402


def test_every_form_is_compiled_and_up_to_date() -> None:
    sources = sorted((ROOT / "forms").glob("*.ui"))
    assert sources, "forms/ holds the Designer sources"
    stale = [ui.name for ui in sources
             if not build_forms.target(ui).exists()
             or build_forms.target(ui).read_text(encoding="utf-8") != build_forms.compile_form(ui)]
    assert stale == [], f"run `make forms`: {stale}"
