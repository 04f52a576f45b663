"""Signing identities kept in the user data folder (services layer).

An identity is a PKCS#12 file protected by a passphrase; beside it a small JSON card holds
the public facts (name, organisation, certificate fingerprint, expiry) so the program can
list identities without asking for every passphrase. The folder is always a parameter: the
application passes its user data folder, tests a temporary one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from planner.atomic import WriteFailed, write_bytes, write_text
from planner.domain.file_names import file_stem
from planner.services import validate
from planner.services.changes import ValidationError

SUBFOLDER = "identities"


@dataclass(frozen=True)
class Identity:
    path: Path
    name: str
    organisation: str
    role: str
    fingerprint: str
    expires: dt.date
    self_signed: bool

    @property
    def expired(self) -> bool:
        return self.expires < dt.datetime.now(dt.UTC).date()


def identities_dir(data_dir: Path) -> Path:
    return data_dir / SUBFOLDER


def _card(path: Path) -> Path:
    return path.with_suffix(".json")


def _from_info(info: object) -> Identity:
    from planner.reports.signing_identity import IdentityInfo

    assert isinstance(info, IdentityInfo)
    return Identity(info.path, info.name, info.organisation, info.role, info.fingerprint,
                    info.not_after.date(), info.self_signed)


def _write_card(identity: Identity) -> None:
    card = {"name": identity.name, "organisation": identity.organisation,
            "role": identity.role, "fingerprint": identity.fingerprint,
            "expires": identity.expires.isoformat(), "self_signed": identity.self_signed}
    try:
        write_text(_card(identity.path), json.dumps(card, ensure_ascii=False, indent=1))
    except WriteFailed as exc:
        raise ValidationError(str(exc), "folder") from None


def create_identity(data_dir: Path, name: str, organisation: str, role: str,
                    passphrase: str, *, valid_days: int = 3 * 365) -> Identity:
    """Make a self-signed identity for a signatory, protected by ``passphrase``."""
    from planner.reports.signing_common import SigningError
    from planner.reports.signing_identity import create_identity as make

    name = validate.name(name, "The signatory's name", field="name")
    organisation = validate.text(organisation, "The organisation", field="organisation",
                                 max_len=validate.NAME_MAX)
    role = validate.text(role, "The role", field="role", max_len=validate.NAME_MAX)
    folder = identities_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"Cannot create the folder {folder}: {exc.strerror or exc}.",
                              "folder") from None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{file_stem(name, 'identity', limit=40)}-{stamp}.p12"
    try:
        info = make(path, name, organisation, role, passphrase, valid_days=valid_days)
    except SigningError as exc:
        raise ValidationError(str(exc), "passphrase") from None
    identity = _from_info(info)
    _write_card(identity)
    return identity


def import_identity(data_dir: Path, source: Path, passphrase: str) -> Identity:
    """Check a PKCS#12 file opens with ``passphrase`` and copy it into the identities folder."""
    from planner.reports.signing_common import SigningError
    from planner.reports.signing_identity import identity_info

    try:
        info = identity_info(source, passphrase)
    except SigningError as exc:
        raise ValidationError(str(exc), "identity") from None
    folder = identities_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{file_stem(info.name, 'identity', limit=40)}-{info.fingerprint[:8]}.p12"
    if target.resolve() != source.resolve():
        try:  # a private key: readable by its owner only from the first byte
            write_bytes(target, source.read_bytes(), private=True)
        except WriteFailed as exc:
            raise ValidationError(str(exc), "folder") from None
    identity = _from_info(info)
    identity = Identity(target, identity.name, identity.organisation, identity.role,
                        identity.fingerprint, identity.expires, identity.self_signed)
    _write_card(identity)
    return identity


def open_identity(path: Path, passphrase: str) -> Identity:
    """The identity in ``path`` after checking the passphrase (and that it has not expired)."""
    from planner.reports.signing_common import SigningError
    from planner.reports.signing_identity import identity_info

    try:
        return _from_info(identity_info(path, passphrase))
    except SigningError as exc:
        raise ValidationError(str(exc), "identity") from None


def list_identities(data_dir: Path) -> list[Identity]:
    """Identities in the folder, newest first, read from their cards (no passphrase needed)."""
    folder = identities_dir(data_dir)
    found: list[Identity] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.p12"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            card = json.loads(_card(path).read_text(encoding="utf-8"))
            found.append(Identity(path, str(card["name"]), str(card.get("organisation", "")),
                                  str(card.get("role", "")), str(card["fingerprint"]),
                                  dt.date.fromisoformat(str(card["expires"])),
                                  bool(card.get("self_signed", True))))
        except (OSError, ValueError, KeyError):
            continue  # a file without a readable card is skipped, not fatal
    return found
