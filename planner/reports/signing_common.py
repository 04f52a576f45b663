"""What signing, identities and the signature check share (reports layer): the error a
person can act on, pyHanko kept quiet, a PDF opened for pyHanko, a certificate's fingerprint.

Importing this module also hides one notice of pyHanko's (see below): every module that uses
pyHanko imports this one first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

# pyHanko imports cryptography's DSA key class (to read old DSA signatures), and recent
# cryptography releases print a CryptographyDeprecationWarning for that on every `planner
# verify` or signed export. We never make DSA keys and the user can do nothing about it:
# ignore that one notice, and only when pyHanko's own modules cause it.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko(\.|$)")


class SigningError(Exception):
    """A problem with an identity or a PDF that the user can read and act on."""



@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence pyHanko and its certificate validator while they work: their warnings and
    tracebacks are for developers, and the result is reported in plain words instead."""
    # Disabling a logger does not silence its children ("pyhanko.sign.validation..."),
    # whose records still reach the root logger (or Python's last-resort handler, which
    # printed a 12-line traceback on stderr): the parents stop propagating and hand every
    # record to a handler that drops it; warnings raised meanwhile are dropped too.
    names = ("pyhanko", "pyhanko_certvalidator", "fontTools")
    loggers = [logging.getLogger(n) for n in names]
    saved = [(lg.level, lg.propagate, lg.disabled) for lg in loggers]
    drop = logging.NullHandler()
    for lg in loggers:
        lg.disabled = True
        lg.propagate = False
        lg.addHandler(drop)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, (level, propagate, disabled) in zip(loggers, saved, strict=True):
            lg.removeHandler(drop)
            lg.setLevel(level)
            lg.propagate = propagate
            lg.disabled = disabled


def cert_fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def pdf_reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise SigningError("the file is not a PDF")
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise SigningError(f"the PDF is damaged ({exc})") from None
