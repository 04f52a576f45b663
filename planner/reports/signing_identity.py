"""Signing identities (reports layer): a PKCS#12 file made here (self-signed, protected by a
passphrase) or imported, read back with errors a person can act on, and the signer pyHanko
signs with. Partners trust each other by exchanging certificate SHA-256 fingerprints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.atomic import WriteFailed, write_bytes
from planner.reports.signing_common import SigningError, cert_fingerprint

KEY_FILE_SUFFIX = ".p12"


@dataclass(frozen=True)
class IdentityInfo:
    path: Path
    name: str
    organisation: str
    role: str
    fingerprint: str  # SHA-256 of the certificate (DER), lowercase hex
    not_after: dt.datetime
    self_signed: bool



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


def signer_for(path: Path, passphrase: str) -> tuple[Any, IdentityInfo]:
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


