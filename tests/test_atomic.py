"""Outputs are written whole or not at all, with the mode any new file of the user's gets."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner import atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "register.csv"
    atomic.write_bytes(out, b"a,b\n")
    assert out.read_bytes() == b"a,b\n"
    assert _mode(out) == 0o644  # not mkstemp's 0600: a colleague may read an export
    os.umask(0o077)
    atomic.write_bytes(out, b"c,d\n")
    assert _mode(out) == 0o600


def test_a_private_file_is_never_readable_by_others(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "me.p12"
    atomic.write_bytes(out, b"key", private=True)
    assert _mode(out) == 0o600


def test_a_writer_that_fails_leaves_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    out.write_bytes(b"last week's pack")
    with pytest.raises(RuntimeError), atomic.replacing(out) as temp:
        temp.write_bytes(b"half a pa")
        raise RuntimeError("the renderer gave up")
    assert out.read_bytes() == b"last week's pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf"]


def test_a_disk_error_names_the_file_and_what_was_kept(tmp_path: Path) -> None:
    out = tmp_path / "timeline.pdf"
    out.write_bytes(b"the old timeline")
    with pytest.raises(atomic.WriteFailed) as caught, atomic.replacing(out):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == (f"Could not write “{out}”: the disk is full; the previous "
                                 "file is unchanged.")
    assert out.read_bytes() == b"the old timeline"
    new = tmp_path / "new.pdf"
    with pytest.raises(atomic.WriteFailed, match="nothing was written"), atomic.replacing(new):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.pdf"]


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(atomic.WriteFailed) as caught:
        atomic.write_text(tmp_path / "gone" / "x.json", "{}")
    assert str(caught.value) == (f"Could not write “{tmp_path / 'gone' / 'x.json'}”: its "
                                 "folder does not exist; nothing was written.")


def test_writing_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    link = tmp_path / "calendar.ics"
    link.symlink_to(real)
    atomic.write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_leftovers_of_a_killed_export_are_cleared_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "timeline.png"
    (tmp_path / ".timeline.png.partial-0badf00d").write_bytes(b"half a picture")
    atomic.write_bytes(out, b"picture")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.png"]
