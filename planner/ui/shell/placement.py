"""Where the window opens: its first size on a screen, and kept inside the screen."""

from __future__ import annotations

# Title bar and frame the window manager adds around the window (not known before showing).
FRAME_ALLOWANCE = (8, 40)
SMALL_SCREEN = (1366, 768)


def small_screen(width: int, height: int) -> bool:
    """A laptop or projector screen on which the window opens maximised."""
    return width <= SMALL_SCREEN[0] and height <= SMALL_SCREEN[1]


def first_rect(avail: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The window's first size on a screen with this available area: 1280×800 at most,
    nine tenths of the area at most, centred."""
    ax, ay, aw, ah = avail
    w = min(1280, aw * 9 // 10)
    h = min(800, ah * 9 // 10)
    return ax + (aw - w) // 2, ay + (ah - h) // 2, w, h


def inside(rect: tuple[int, int, int, int],
           avail: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``rect`` (the window without its frame) shrunk and moved to lie, with its frame,
    inside the screen's available area."""
    x, y, w, h = rect
    ax, ay, aw, ah = avail
    fw, fh = FRAME_ALLOWANCE
    w = max(1, min(w, aw - fw))
    h = max(1, min(h, ah - fh))
    x = min(max(x, ax + fw // 2), ax + aw - fw // 2 - w)
    y = min(max(y, ay + fh - fw // 2), ay + ah - fw // 2 - h)
    return x, y, w, h
