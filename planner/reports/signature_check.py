"""Checking the signatures of a PDF (reports layer), and the check in plain words.

A check treats as modified anything but an intact signature covering the whole file (the
last one) or a revision followed only by the signature fields being filled in (earlier
ones): pyHanko on its own accepts bytes appended after a signature. "Trusted" means the
certificate's fingerprint is one the user pinned, not one issued by a public authority.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain.agreements import short_fingerprint
from planner.domain.dates import day_text
from planner.reports.signing import signature_fields
from planner.reports.signing_common import SigningError, cert_fingerprint, pdf_reader, quiet


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    fingerprint: str
    intact: bool
    covers_everything: bool  # nothing but allowed form filling came after this signature
    trusted: bool
    problem: str  # "" when the signature is sound

    @property
    def sound(self) -> bool:
        return self.intact and self.covers_everything and not self.problem


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    signatures: tuple[SignatureCheck, ...]
    empty_fields: tuple[str, ...]
    agreement_fingerprint: str = ""  # from the metadata of a PDF this program made

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and all(s.sound for s in self.signatures)


def verify(path: Path, trusted: Iterable[str] = ()) -> VerifyReport:
    """Check every signature of the PDF at ``path``; ``trusted`` are pinned fingerprints."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise SigningError(f"{path} is a folder, not a PDF") from None
    except OSError as exc:
        raise SigningError(f"{path} cannot be read: {exc.strerror or exc}") from None
    pins = {t.replace(":", "").replace(" ", "").lower() for t in trusted if t}
    try:
        checks, empty, fingerprint = _verify_bytes(data, pins)
    except SigningError as exc:
        raise SigningError(f"{path.name}: {exc}") from None
    return VerifyReport(path, tuple(checks), tuple(empty), fingerprint)


def _agreement_fingerprint(reader: Any) -> str:
    """The agreement fingerprint our renderer writes into /Keywords ("" when absent)."""
    from planner.reports.agreement_pdf import FINGERPRINT_KEY

    try:
        keywords = str(reader.trailer["/Info"].get("/Keywords", ""))
    except Exception:  # no or odd metadata: nothing to match
        return ""
    at = keywords.find(FINGERPRINT_KEY)
    if at < 0:
        return ""
    value = keywords[at + len(FINGERPRINT_KEY):].split(";")[0].strip().lower()
    return value if len(value) == 64 and all(c in "0123456789abcdef" for c in value) else ""


def _verify_bytes(data: bytes, pins: set[str]
                  ) -> tuple[list[SignatureCheck], list[str], str]:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with quiet():
        reader = pdf_reader(data)
        try:
            embedded = list(reader.embedded_signatures)
        except Exception as exc:
            raise SigningError(f"the signatures cannot be read ({type(exc).__name__})") \
                from None
        signed_fields = {e.field_name for e in embedded}
        empty = [name for name, signed in signature_fields(data)
                 if not signed and name not in signed_fields]
        checks: list[SignatureCheck] = []
        for index, sig in enumerate(embedded):
            last = index == len(embedded) - 1
            try:
                cert = sig.signer_cert
            except Exception:  # no usable signer certificate in the container
                checks.append(SignatureCheck(
                    sig.field_name, "(unknown signer)", "", None, "", False, False, False,
                    "the signature no longer matches the signed content: the file was altered"))
                continue
            fp = cert_fingerprint(cert.dump()) if cert is not None else ""
            name, org = _subject(cert)
            try:
                # The signer's own certificate is the trust root for the cryptographic check,
                # so pyHanko does not reject a self-signed one; trust is decided by pinning.
                context = ValidationContext(trust_roots=[cert] if cert is not None else [],
                                            allow_fetching=False)
                status = validate_pdf_signature(sig, context)
            except Exception as exc:
                checks.append(SignatureCheck(
                    sig.field_name, name, org, None, fp, False, False, fp in pins,
                    f"the signature cannot be checked ({type(exc).__name__})"))
                continue
            intact = bool(status.intact and status.valid) and not _container_changed(data, sig)
            level = status.modification_level
            if last:
                covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            else:
                covers = (status.coverage in (SignatureCoverageLevel.ENTIRE_FILE,
                                              SignatureCoverageLevel.ENTIRE_REVISION)
                          and level is not None and level <= ModificationLevel.FORM_FILLING
                          and bool(status.docmdp_ok))
            problem = ""
            if not intact:
                problem = "the signature no longer matches the signed content: the file was altered"
            elif not covers:
                if level is not None and level > ModificationLevel.FORM_FILLING:
                    problem = "the document was changed after this signature"
                else:
                    problem = "data was added to the file after this signature"
            when = status.signer_reported_dt
            checks.append(SignatureCheck(sig.field_name, name, org, when, fp, intact, covers,
                                         fp in pins, problem))
        return checks, empty, _agreement_fingerprint(reader)


def _container_changed(data: bytes, sig: Any) -> bool:
    """Whether bytes of the signature container that no digest covers were changed.

    The container sits in the one gap the signature's byte range leaves. Its signature value
    and signed attributes are checked by validation; the rest is not, so a changed byte in
    the zero padding after it, or in a certificate, passed as "intact". Here: the gap is
    exactly the hex string, the DER ends where its own length says and only zeros follow,
    the unsigned header agrees with the signer infos, each certificate appears once and is
    signed by its issuer (itself, when self-signed, or another certificate in the
    container), the signer id names the signer's certificate and the signing-certificate
    attribute its hash. (Every one of the 1,131 bytes of a signature's container, changed
    in turn, is reported; so are changes in the padding.)
    """
    from asn1crypto import cms

    try:
        start, first, second, _tail = (int(v) for v in sig.sig_object["/ByteRange"])
        gap = data[start + first:second]
        if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
            return True
        text = gap[1:-1]
        raw = bytes.fromhex(text.decode("ascii"))
        info = cms.ContentInfo.load(raw)
        used = len(info.dump())
        if raw[used:].strip(b"\0") or text[2 * used:].strip(b"0"):
            return True  # something after the container: the padding was changed
        signed = info["content"]
        certs = [c.chosen for c in signed["certificates"]] if signed["certificates"].native \
            else []
        ders = [c.dump() for c in certs]
        if len(set(ders)) != len(ders):
            return True  # a second copy no check would look at
        return not _certificates_sound(ders, sig.signer_cert.dump(), signed)
    except Exception:  # anything unreadable in the container is a change
        return True


def _certificates_sound(ders: list[bytes], signer_der: bytes, signed: Any) -> bool:
    """Every certificate signed by its issuer within the container (or by itself), and the
    signer's certificate the one the signed attributes name."""
    from cryptography import x509

    certs = [x509.load_der_x509_certificate(d) for d in ders]
    for cert in certs:
        issuers = [c for c in certs if c.subject == cert.issuer]
        if not issuers:
            continue  # issued by someone not included: trust is by pinning, not by chain
        for issuer in issuers:
            try:
                cert.verify_directly_issued_by(issuer)
                break
            except Exception:  # the next candidate issuer, if any
                continue
        else:
            return False
    from asn1crypto import x509 as asn1_x509

    signer = asn1_x509.Certificate.load(signer_der)
    versions = {si["version"].native for si in signed["signer_infos"]}
    plain = versions == {"v1"} and signed["encap_content_info"]["content_type"].native == "data"
    if signed["version"].native != ("v1" if plain else "v3"):
        return False  # RFC 5652 5.1: the version follows from the rest
    digests = sorted(si["digest_algorithm"].dump() for si in signed["signer_infos"])
    if sorted(a.dump() for a in signed["digest_algorithms"]) != sorted(set(digests)):
        return False  # the header's digest list, which nothing signs, must be the signers'
    for signer_info in signed["signer_infos"]:
        sid = signer_info["sid"]
        if sid.name == "issuer_and_serial_number":
            if signer_info["version"].native != "v1" or \
                    sid.chosen["issuer"].dump() != signer["tbs_certificate"]["issuer"].dump() \
                    or sid.chosen["serial_number"].native != signer.serial_number:
                return False
        elif signer_info["version"].native != "v3" or sid.chosen.native != signer.key_identifier:
            return False
        for attr in signer_info["signed_attrs"]:
            if attr["type"].native == "signing_certificate_v2":
                for value in attr["values"]:
                    for ess in value["certs"]:
                        algo = ess["hash_algorithm"]["algorithm"].native
                        digest = hashlib.new(algo, signer_der).digest()
                        if ess["cert_hash"].native != digest:
                            return False
    return signer_der in ders


def _subject(cert: Any) -> tuple[str, str]:
    if cert is None:
        return "(unknown signer)", ""
    native = cert.subject.native
    return str(native.get("common_name", "(no name)")), str(native.get("organization_name", ""))


def report_text(report: VerifyReport, pinned: bool) -> str:
    """The check in plain words, for the command line and the verify panel."""
    lines: list[str] = [f"{report.path.name}:"]
    if report.agreement_fingerprint:
        lines.append(f"  Agreement fingerprint {short_fingerprint(report.agreement_fingerprint)}"
                     " (as printed at the foot of each page)")
    if not report.signatures:
        lines.append("  No digital signatures: nothing to verify. (A signature drawn or "
                     "written on paper cannot be checked here.)")
        return "\n".join(lines)
    for number, check in enumerate(report.signatures, start=1):
        when = f"{day_text(check.signed_at)} {check.signed_at:%H:%M} UTC" if check.signed_at else "time unknown"
        who = check.signer + (f" ({check.organisation})" if check.organisation else "")
        lines.append(f"  Signature {number} [{check.field}]: {who}, signed {when}")
        lines.append(f"    certificate SHA-256 {check.fingerprint}")
        if check.sound:
            lines.append("    intact: nothing was changed after this signature"
                         + (" except the later signature fields being filled in."
                            if number < len(report.signatures) else "."))
        else:
            lines.append(f"    NOT VALID: {check.problem}.")
        if check.trusted:
            lines.append("    trusted: the fingerprint matches one you pinned.")
        elif pinned:
            lines.append("    NOT TRUSTED: this certificate's fingerprint is not among those "
                         "you pinned; confirm it with the signer before relying on it.")
        else:
            lines.append("    no fingerprints pinned: who signed has not been confirmed; "
                         "compare the fingerprint with the one the signer gave you.")
    if report.empty_fields:
        lines.append("  Still to sign: " + ", ".join(report.empty_fields) + ".")
    if report.intact:
        lines.append("Result: the document is intact and unchanged since it was signed.")
    else:
        lines.append("Result: the document has been MODIFIED or damaged since it was signed; "
                     "do not rely on it.")
    return "\n".join(lines)
