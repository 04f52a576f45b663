"""The window's sample and New plan appear whole or not at all, like `planner demo`."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.store.database import StoreError
from planner.ui.shell.main_window import MainWindow


def test_a_sample_that_fails_half_way_leaves_no_plan(
        window_factory, errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from planner.services import sample

    real = sample._sign_memorandum

    def fail(*args: object, **kwargs: object) -> None:
        raise StoreError("The disk holding the plan is full: the last change was not saved.")

    monkeypatch.setattr(sample, "_sign_memorandum", fail)
    window: MainWindow = window_factory()
    window.open_sample()
    assert errors and "full" in errors[0]
    assert window.store is None
    assert list(window.data_dir.iterdir()) == []  # no unsigned sample left to open later

    monkeypatch.setattr(sample, "_sign_memorandum", real)
    window.open_sample()
    assert window.store is not None and window.store.path is not None
    assert window.store.path.name == "sample-portfolio.sqlite"
    assert [p.name for p in window.data_dir.iterdir() if "partial" in p.name] == []


def test_a_new_plan_is_made_beside_its_name_and_opened(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory()
    target = tmp_path / "plans" / "ours.sqlite"
    target.parent.mkdir()
    assert window.open_path(target, create=True)
    assert window.store is not None and window.store.path == target
    assert window.store.check() == []
    assert [p.name for p in target.parent.iterdir() if "partial" in p.name] == []
