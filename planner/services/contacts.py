"""Contacts files read into people (services layer): vCard (.vcf) and CSV exports.

vCards are parsed by ``vobject`` (vCard 2.1, 3.0 and 4.0, folded lines, quoted-printable
and charset parameters). A CSV is recognised by its header: Outlook ("First Name", "Last
Name", "Company", "Job Title", "E-mail Address", "Business Phone"…), Google ("Name" or
"First Name"/"Last Name", "Organization Name", "Organization Title", "E-mail 1 - Value",
"Phone 1 - Value"…) and Apple-style exports alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from planner.services.changes import ValidationError
from planner.services.people import Contact

_MAX_BYTES = 20_000_000


def read_file(path: Path) -> list[Contact]:
    """The contacts in a .vcf or .csv file, or a ValidationError naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path.name}: cannot be read ({exc.strerror or exc}).") from exc
    if len(raw) > _MAX_BYTES:
        raise ValidationError(f"{path.name}: too large for a contacts file.")
    text = _decode(raw)
    try:
        if path.suffix.casefold() in (".vcf", ".vcard") or text.lstrip().upper().startswith(
                "BEGIN:VCARD"):
            return parse_vcards(text)
        return parse_csv(text)
    except ValidationError as exc:
        raise ValidationError(f"{path.name}: {exc.message}") from exc


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    return raw.decode("cp1252", errors="replace")  # Outlook's older exports


# --------------------------------------------------------------------------- vCard


def parse_vcards(text: str) -> list[Contact]:
    import vobject

    found: list[Contact] = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises its own ParseError and plain ValueErrors
        raise ValidationError(f"not a readable vCard file ({exc}).") from exc
    for card in cards:
        if card.name.upper() != "VCARD":
            continue
        found.append(_card_contact(card))
    if not found and "BEGIN:VCARD" not in text.upper():
        raise ValidationError("holds no vCard (BEGIN:VCARD … END:VCARD).")
    return found


def _first(card: object, name: str) -> str:
    contents = getattr(card, "contents", {})
    for line in contents.get(name, []):
        value = line.value
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, list):  # ORG is a list of units
            joined = ", ".join(v for v in value if isinstance(v, str) and v.strip())
            if joined:
                return joined
    return ""


def _card_contact(card: object) -> Contact:
    name = _first(card, "fn")
    contents = getattr(card, "contents", {})
    if not name and contents.get("n"):
        n = contents["n"][0].value
        name = " ".join(p for p in (getattr(n, "prefix", ""), getattr(n, "given", ""),
                                    getattr(n, "additional", ""), getattr(n, "family", ""),
                                    getattr(n, "suffix", "")) if isinstance(p, str) and p)
    org = _first(card, "org")
    return Contact(name=" ".join(name.split()), organisation=org,
                   role=_first(card, "title") or _first(card, "role"),
                   email=_first(card, "email"), phone=_first(card, "tel"),
                   notes=_first(card, "note"))


# --------------------------------------------------------------------------- CSV


def _pick(row: Mapping[str, str], *names: str) -> str:
    folded = {(k or "").strip().casefold(): (v or "") for k, v in row.items()}
    for name in names:
        value = folded.get(name.casefold(), "").strip()
        if value:
            return value
    return ""


def parse_csv(text: str) -> list[Contact]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(h or "").strip().casefold() for h in reader.fieldnames or []}
    known = {"name", "full name", "display name", "first name", "given name", "last name",
             "family name"}
    if not header & known:
        raise ValidationError("is not a contacts export: no Name or First Name column.")
    found = []
    for row in reader:
        name = _pick(row, "Name", "Full Name", "Display Name")
        if not name:
            name = " ".join(p for p in (
                _pick(row, "Title", "Name Prefix"), _pick(row, "First Name", "Given Name"),
                _pick(row, "Middle Name", "Additional Name"),
                _pick(row, "Last Name", "Family Name"),
                _pick(row, "Suffix", "Name Suffix")) if p)
        found.append(Contact(
            name=" ".join(name.split()),
            organisation=_pick(row, "Company", "Organization Name", "Organization 1 - Name",
                               "Organisation", "Organization"),
            role=_pick(row, "Job Title", "Organization Title", "Organization 1 - Title",
                       "Role"),
            email=_pick(row, "E-mail Address", "E-mail 1 - Value", "Email", "Email Address",
                        "E-mail"),
            phone=_pick(row, "Business Phone", "Mobile Phone", "Primary Phone",
                        "Phone 1 - Value", "Phone", "Home Phone"),
            notes=_pick(row, "Notes")))
    return [c for c in found if c.name or c.email]
