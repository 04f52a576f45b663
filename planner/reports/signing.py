"""Digital signatures on agreement PDFs (reports layer): identities, PAdES signing, checking.

Offline signing is PAdES B-B with pyHanko: no timestamp authority, no revocation checks. An
identity is a PKCS#12 file (imported, or a self-signed one made here and protected by a
passphrase). Partners trust each other by exchanging certificate SHA-256 fingerprints out of
band, so "trusted" here means "pinned", not "issued by a public authority".

The first signature certifies the document and allows form filling only, so the partner can
countersign in the second pre-made field. A check treats as modified anything but an intact
signature covering the whole file (the last one) or a revision followed only by the
signature fields being filled in (earlier ones): pyHanko on its own accepts bytes appended
after a signature. pyHanko's own messages and tracebacks never reach the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.atomic import WriteFailed, write_bytes
from planner.domain.agreements import short_fingerprint
from planner.domain.dates import day_text

KEY_FILE_SUFFIX = ".p12"


# pyHanko imports cryptography's DSA key class (to read old DSA signatures), and recent
# cryptography releases print a CryptographyDeprecationWarning for that on every `planner
# verify` or signed export. We never make DSA keys and the user can do nothing about it:
# ignore that one notice, and only when pyHanko's own modules cause it.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko(\.|$)")


class SigningError(Exception):
    """A problem with an identity or a PDF that the user can read and act on."""


@dataclass(frozen=True)
class IdentityInfo:
    path: Path
    name: str
    organisation: str
    role: str
    fingerprint: str  # SHA-256 of the certificate (DER), lowercase hex
    not_after: dt.datetime
    self_signed: bool


@dataclass(frozen=True)
class FieldSpec:
    name: str
    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class StampInfo:
    """What the visible signature shows: the typed name, role, and the drawn strokes."""

    name: str
    role: str = ""
    organisation: str = ""
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()


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


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
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


# --------------------------------------------------------------------------- identities


def cert_fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def create_identity(path: Path, name: str, organisation: str, role: str, passphrase: str,
                    *, valid_days: int = 3 * 365, email: str = "") -> IdentityInfo:
    """A new self-signed signing identity (P-256 key) in a PKCS#12 file under ``passphrase``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    if len(passphrase) < 8:
        raise SigningError("Choose a passphrase of at least 8 characters.")
    if path.exists():
        raise SigningError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise SigningError(f"The folder {path.parent} does not exist.")
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name[:64])]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if role:
        attrs.append(x509.NameAttribute(NameOID.TITLE, role[:64]))
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email[:128]))
    subject = x509.Name(attrs)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8")[:64], key, cert, None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    try:
        write_bytes(path, blob, private=True)  # 0600 from the start: it holds a private key
    except WriteFailed as exc:  # one line naming the file
        raise SigningError(str(exc)) from None
    return describe(path, cert, self_signed=True)


def describe(path: Path, cert: Any, *, self_signed: bool | None = None) -> IdentityInfo:
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    def attr(oid: Any) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    der = cert.public_bytes(serialization.Encoding.DER)
    return IdentityInfo(
        path=path, name=attr(NameOID.COMMON_NAME), organisation=attr(NameOID.ORGANIZATION_NAME),
        role=attr(NameOID.TITLE), fingerprint=cert_fingerprint(der),
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject if self_signed is None else self_signed)


def _load(path: Path, passphrase: str) -> tuple[Any, Any, list[Any]]:
    """Key, certificate and chain from a PKCS#12 file, with errors a person can act on."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningError(f"The identity file {path} does not exist.") from None
    except OSError as exc:
        raise SigningError(f"Cannot read the identity file {path}: {exc.strerror or exc}.") \
            from None
    if not data:
        raise SigningError(f"The identity file {path} is empty.")
    # An identity without a passphrase opens with none (and some tools write one that wants
    # an empty one); a passphrase is "not correct" only when one was given.
    tries: list[bytes | None] = [passphrase.encode("utf-8")] if passphrase else [None, b""]
    for attempt in tries:
        try:
            key, cert, chain = pkcs12.load_key_and_certificates(data, attempt)
            break
        except ValueError:
            continue
    else:
        if not _looks_like_pkcs12(data):
            raise SigningError(f"{path.name} is not a PKCS#12 identity file (.p12/.pfx), or it "
                               "is damaged.") from None
        if not passphrase:
            raise SigningError(f"{path.name} is protected by a passphrase: give it with "
                               "--passphrase or PLANNER_PASSPHRASE.") from None
        raise SigningError(f"The passphrase for {path.name} is not correct.") from None
    if key is None or cert is None:
        raise SigningError(f"{path.name} holds no private key and certificate to sign with.")
    now = dt.datetime.now(dt.UTC)
    if cert.not_valid_after_utc < now:
        raise SigningError(f"The certificate in {path.name} expired on "
                           f"{cert.not_valid_after_utc:%d %B %Y}; create or import a new "
                           "identity.")
    if cert.not_valid_before_utc > now:
        raise SigningError(f"The certificate in {path.name} is not valid until "
                           f"{cert.not_valid_before_utc:%d %B %Y}.")
    return key, cert, list(chain or [])


def _looks_like_pkcs12(data: bytes) -> bool:
    try:
        from asn1crypto import pkcs12 as asn1_pkcs12

        pfx = asn1_pkcs12.Pfx.load(data)
        _ = pfx["auth_safe"]["content_type"].native
        return True
    except Exception:  # any parse failure means "not a PKCS#12 file"
        return False


def identity_info(path: Path, passphrase: str) -> IdentityInfo:
    _key, cert, _chain = _load(path, passphrase)
    return describe(path, cert)


def _signer(path: Path, passphrase: str) -> tuple[Any, IdentityInfo]:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert, chain = _load(path, passphrase)
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    others = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
              for c in chain]
    # The chain only: pyHanko embeds the signing certificate itself, and listing it here too
    # put a second copy in every signature, which no check covered.
    others = [c for c in others if c.dump() != signing_cert.dump()]
    signer = signers.SimpleSigner(
        signing_cert=signing_cert, signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(others))  # type: ignore[no-untyped-call]
    return signer, describe(path, cert)


# --------------------------------------------------------------------------- signing


def _reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise SigningError("the file is not a PDF")
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise SigningError(f"the PDF is damaged ({exc})") from None


def signature_fields(data: bytes) -> list[tuple[str, bool]]:
    """The signature fields of a PDF: (name, already signed), in document order."""
    from pyhanko.sign import fields

    with _quiet():
        reader = _reader(data)
        try:
            return [(name, value is not None)
                    for name, value, _ref in fields.enumerate_sig_fields(reader)]
        except Exception as exc:
            raise SigningError(f"the PDF's form cannot be read ({type(exc).__name__})") \
                from None


def add_fields(data: bytes, specs: Sequence[FieldSpec]) -> bytes:
    """Add empty signature fields in one incremental update (for a PDF signed elsewhere)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    with _quiet():
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        existing = {name for name, _signed in signature_fields(data)}
        for spec in specs:
            if spec.name not in existing:
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    spec.name, on_page=spec.page, box=_int_box(spec.box)))
        out = io.BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]
        return out.getvalue()


def sign(data: bytes, *, field: str, identity: Path, passphrase: str, stamp: StampInfo,
         reason: str, new_fields: Sequence[FieldSpec] = (), certify: bool = False,
         ) -> tuple[bytes, IdentityInfo]:
    """Sign ``field`` of the PDF in ``data`` in an incremental update; add ``new_fields`` first.

    ``certify`` makes this the certifying (first) signature, which still lets the remaining
    fields be signed. Returns the signed bytes and the identity that signed.
    """
    from pyhanko import stamp as pstamp
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer, info = _signer(identity, passphrase)
    with _quiet():
        present = dict(signature_fields(data))
        if field not in present and not any(s.name == field for s in new_fields):
            raise SigningError(f"the PDF has no signature field {field}")
        if present.get(field):
            raise SigningError(f"the field {field} is already signed")
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        box = _field_size(writer, field, new_fields)
        for spec in new_fields:
            if spec.name not in present:
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    spec.name, on_page=spec.page, box=_int_box(spec.box)))
        when = dt.datetime.now(dt.UTC)
        with tempfile.TemporaryDirectory() as folder:
            appearance = Path(folder) / "stamp.pdf"
            appearance.write_bytes(stamp_pdf(stamp, info, when, box))
            style = pstamp.StaticStampStyle.from_pdf_file(
                str(appearance), border_width=0, background_opacity=1.0,
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MID,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    inner_content_scaling=layout.InnerScaling.STRETCH_FILL))
            meta = signers.PdfSignatureMetadata(
                field_name=field, reason=reason, name=info.name,
                certify=certify, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
                subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
            out = io.BytesIO()
            try:
                pdf_signer.sign_pdf(writer, output=out)
            except SigningError:
                raise
            except Exception as exc:
                raise SigningError(f"the PDF could not be signed ({type(exc).__name__}: "
                                   f"{str(exc)[:160]})") from None
    return out.getvalue(), info


def _int_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = box
    return round(x1), round(y1), round(x2), round(y2)


def _field_size(writer: Any, field: str, new_fields: Sequence[FieldSpec]) -> tuple[float, float]:
    """Width and height of the field's box, so the appearance fills it without distortion."""
    from pyhanko.sign import fields

    for spec in new_fields:
        if spec.name == field:
            return spec.box[2] - spec.box[0], spec.box[3] - spec.box[1]
    for name, _value, ref in fields.enumerate_sig_fields(writer):
        if name == field:
            rect = ref.get_object().get("/Rect")
            if rect is not None:
                x1, y1, x2, y2 = (float(v) for v in rect)
                if abs(x2 - x1) > 1 and abs(y2 - y1) > 1:
                    return abs(x2 - x1), abs(y2 - y1)
    return 220.0, 58.0


def stamp_pdf(stamp: StampInfo, info: IdentityInfo, when: dt.datetime,
              size: tuple[float, float]) -> bytes:
    """A one-page PDF the size of the signature box: the drawn signature and who signed."""
    from reportlab.pdfgen.canvas import Canvas

    from planner.reports.agreement_pdf import _draw, draw_strokes, fit_lines
    from planner.reports.fonts import SANS, register_fonts
    from planner.reports.pdf_meta import canvas_options
    from planner.reports.pdf_meta import stamp as stamp_meta
    from planner.reports.text_layout import draw_line

    register_fonts()
    width, height = size
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), **canvas_options())
    stamp_meta(c, f"Signature of {stamp.name}")
    c.setFillColorRGB(0.97, 0.98, 1.0)
    c.setStrokeColorRGB(0.55, 0.62, 0.75)
    c.setLineWidth(0.8)
    c.rect(0.4, 0.4, width - 0.8, height - 0.8, stroke=1, fill=1)
    if stamp.strokes:
        draw_strokes(c, stamp.strokes, (6, 16, width * 0.62, height - 4))
    else:
        c.setFillColorRGB(0.05, 0.12, 0.35)
        # The whole name, never cut: two lines if need be, then smaller.
        lines, name_size = fit_lines(stamp.name, "PP-Serif-Italic", 14, width * 0.6, 2, 5)
        top = height / 2 + (len(lines) - 1) * (name_size + 1) / 2
        for number, line in enumerate(lines):
            draw_line(c, 8, top - number * (name_size + 1), line)
    c.setFillColorRGB(0.12, 0.23, 0.37)
    right = width - 6
    _draw(c, right, height - 11, "Digitally signed", f"{SANS}-Bold", 6.6, align="right")
    _draw(c, right, height - 20, f"{day_text(when)} {when:%H:%M} UTC", SANS, 6.0, align="right")
    _draw(c, right, 13, "Certificate", SANS, 5.6, align="right")
    _draw(c, right, 5, short_fingerprint(info.fingerprint), SANS, 5.6, align="right")
    c.setFillColorRGB(0.3, 0.32, 0.36)
    lines, _ = fit_lines(stamp.name, SANS, 6.4, width * 0.55, 1, 3.5)
    draw_line(c, 8, 5, lines[0])
    c.showPage()
    c.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- checking


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

    with _quiet():
        reader = _reader(data)
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
