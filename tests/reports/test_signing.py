"""Digital signatures: sign, countersign, tamper detection, bad identities, plain reports."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import agreements as svc
from planner.services import identities
from planner.services.changes import ValidationError
from planner.store.database import Store
from tests.services.test_agreements import NAMES, link_conflict, make_plan

PASS_A = "correct horse A"
PASS_B = "correct horse B"


@pytest.fixture
def signed(store: Store, tmp_path: Path) -> dict[str, object]:
    """An agreed agreement signed by the first signatory, and both identities."""
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    a = identities.create_identity(tmp_path, NAMES["polish"], "Northfield Learning Trust",
                                   "Chief executive", PASS_A)
    b = identities.create_identity(tmp_path, NAMES["greek"], "Łódź Technika", "Director", PASS_B)
    first = tmp_path / "signed-once.pdf"
    result = svc.export_agreement_pdf(store, plan.agreement_id, first, sign=True,
                                      identity=a.path, passphrase=PASS_A)
    return {"plan": plan, "a": a, "b": b, "first": first, "result": result}


def test_one_signature_validates_intact(signed: dict[str, object], store: Store) -> None:
    a = signed["a"]
    assert isinstance(a, identities.Identity)
    ok, text = svc.verify_text(signed["first"], [a.fingerprint])  # type: ignore[arg-type]
    assert ok, text
    assert NAMES["polish"] in text and a.fingerprint in text
    assert "trusted" in text and "Still to sign: Signature2" in text
    fingerprint = svc.get_agreement(store, signed["plan"].agreement_id).fingerprint  # type: ignore[attr-defined]
    assert svc.verify_details(signed["first"], [])[2] == fingerprint  # type: ignore[arg-type]
    assert "This is version 1" in svc.match_text(store, fingerprint)
    plan = signed["plan"]
    detail = svc.get_agreement(store, plan.agreement_id)  # type: ignore[attr-defined]
    assert detail.state == "partly_signed"
    assert detail.signatories[0].signature.cert_fingerprint == a.fingerprint


def test_countersignature_validates_and_first_stays_valid(signed: dict[str, object],
                                                          store: Store, tmp_path: Path) -> None:
    a, b, plan = signed["a"], signed["b"], signed["plan"]
    second = tmp_path / "signed-twice.pdf"
    people = svc.get_agreement(store, plan.agreement_id).signatories  # type: ignore[attr-defined]
    result = svc.countersign_pdf(store, signed["first"], second, b.path,  # type: ignore[arg-type, attr-defined]
                                 PASS_B, signatory_id=people[1].id)
    assert result.signed_field == "Signature2"
    report = svc.verify_pdf(second, [a.fingerprint, b.fingerprint])  # type: ignore[attr-defined]
    assert [s.sound for s in report.signatures] == [True, True]
    assert all(s.trusted for s in report.signatures)
    assert report.intact and not report.empty_fields
    assert svc.get_agreement(store, plan.agreement_id).state == "signed"  # type: ignore[attr-defined]
    # The first file is untouched by the countersignature (a new file was written).
    assert svc.verify_pdf(signed["first"]).intact  # type: ignore[arg-type]


def test_second_fresh_signing_is_refused(signed: dict[str, object], store: Store,
                                         tmp_path: Path) -> None:
    b, plan = signed["b"], signed["plan"]
    with pytest.raises(ValidationError, match="Countersign that file"):
        svc.export_agreement_pdf(store, plan.agreement_id, tmp_path / "again.pdf",  # type: ignore[attr-defined]
                                 sign=True, identity=b.path, passphrase=PASS_B)  # type: ignore[attr-defined]


def test_cli_signs_with_identity_and_env_passphrase(store: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    a = identities.create_identity(tmp_path, NAMES["polish"], "Us", "CEO", PASS_A)
    db = str(store.path)
    store.close()
    out = tmp_path / "cli-signed.pdf"
    monkeypatch.setenv("PLANNER_PASSPHRASE", PASS_A)
    assert main(["export", "agreement", "--db", db, "--id", str(plan.agreement_id), "--out",
                 str(out), "--sign", "--identity", str(a.path)]) == 0
    assert main(["verify", str(out), "--trust", a.fingerprint]) == 0
    assert main(["verify", str(out), "--trust", "ff" * 32]) == 1


def test_untrusted_but_intact_is_said_plainly(signed: dict[str, object]) -> None:
    ok, text = svc.verify_text(signed["first"], ["00" * 32])  # type: ignore[arg-type]
    assert not ok
    assert "NOT TRUSTED" in text and "intact" in text
    ok, text = svc.verify_text(signed["first"], [])  # type: ignore[arg-type]
    assert ok and "not been confirmed" in text


def test_one_changed_byte_is_reported_as_tampered(signed: dict[str, object],
                                                   tmp_path: Path) -> None:
    data = bytearray(Path(signed["first"]).read_bytes())  # type: ignore[arg-type]
    where = data.find(b"stream") + 40  # inside the first page's content, in the signed range
    data[where] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    ok, text = svc.verify_text(bad, [])
    assert not ok and "MODIFIED" in text
    assert "Traceback" not in text


def test_appended_update_that_alters_a_page_is_reported(signed: dict[str, object],
                                                        tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data = Path(signed["first"]).read_bytes()  # type: ignore[arg-type]
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    # A red box painted over page 1 in a new revision: the signed bytes stay untouched.
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(
        stream_data=b"q 1 0 0 rg 100 100 200 200 re f Q")))
    out = io.BytesIO()
    writer.write(out)
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(out.getvalue())
    ok, text = svc.verify_text(bad, [])
    assert not ok
    assert "changed after this signature" in text and "MODIFIED" in text


def test_bytes_appended_after_eof_are_reported(signed: dict[str, object],
                                               tmp_path: Path) -> None:
    bad = tmp_path / "appended.pdf"
    bad.write_bytes(Path(signed["first"]).read_bytes() + b"\n% extra\n")  # type: ignore[arg-type]
    ok, text = svc.verify_text(bad, [])
    assert not ok and "added to the file" in text


def test_wrong_passphrase_corrupt_and_expired_identities(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    a = identities.create_identity(tmp_path, "Ann", "Us", "CEO", PASS_A)
    out = tmp_path / "x.pdf"
    with pytest.raises(ValidationError, match=r"passphrase .* not correct"):
        svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True, identity=a.path,
                                 passphrase="wrong passphrase")
    corrupt = tmp_path / "corrupt.p12"
    corrupt.write_bytes(b"this is not a key file")
    with pytest.raises(ValidationError, match="not a PKCS"):
        svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True, identity=corrupt,
                                 passphrase=PASS_A)
    expired = _expired_identity(tmp_path / "old.p12")
    with pytest.raises(ValidationError, match="expired"):
        svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True, identity=expired,
                                 passphrase=PASS_A)
    with pytest.raises(ValidationError, match="does not exist"):
        svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True,
                                 identity=tmp_path / "missing.p12", passphrase=PASS_A)
    assert not out.exists()
    with pytest.raises(ValidationError, match="at least 8"):
        identities.create_identity(tmp_path, "Ann", "Us", "CEO", "short")


def test_draft_cannot_be_signed_into_a_pdf(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    a = identities.create_identity(tmp_path, "Ann", "Us", "CEO", PASS_A)
    with pytest.raises(ValidationError, match="agreed"):
        svc.export_agreement_pdf(store, plan.agreement_id, tmp_path / "x.pdf", sign=True,
                                 identity=a.path, passphrase=PASS_A)


def test_identities_are_listed_from_their_cards(tmp_path: Path) -> None:
    a = identities.create_identity(tmp_path, NAMES["arabic"], "مؤسسة", "", PASS_A)
    listed = identities.list_identities(tmp_path)
    assert [i.fingerprint for i in listed] == [a.fingerprint]
    assert listed[0].name == NAMES["arabic"] and not listed[0].expired


def test_cli_verify_and_export_exit_codes(signed: dict[str, object], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(signed["first"])]) == 0
    capsys.readouterr()
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello")
    assert main(["verify", str(not_pdf)]) == 1
    err = capsys.readouterr().err
    assert "not a PDF" in err and "Traceback" not in err
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_cli_export_agreement(store: Store, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    plan = make_plan(store)
    db = str(store.path)
    store.close()
    out = tmp_path / "a.pdf"
    assert main(["export", "agreement", "--db", db, "--id", str(plan.agreement_id),
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["export", "agreement", "--db", db, "--id", str(plan.agreement_id),
                 "--out", str(tmp_path / "missing" / "a.pdf")]) != 0
    assert main(["export", "agreement", "--db", db, "--id", str(plan.agreement_id),
                 "--out", str(out), "--sign", "--identity", str(tmp_path / "x.p12"),
                 "--passphrase", "whatever1"]) == 1
    err = capsys.readouterr().err
    assert "agreed" in err and "Traceback" not in err


def _expired_identity(path: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Old Key")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"old", key, cert, None, serialization.BestAvailableEncryption(PASS_A.encode())))
    return path


def test_pyhanko_says_nothing_of_its_own(signed: dict[str, object],
                                         caplog: pytest.LogCaptureFixture,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    data = Path(signed["first"]).read_bytes()  # type: ignore[arg-type]
    bad = Path(signed["first"]).with_name("bad.pdf")  # type: ignore[arg-type]
    at = data.find(b"/Contents <") + len(b"/Contents <") + 400  # inside the signature itself
    digit = b"1" if data[at:at + 1] != b"1" else b"2"
    bad.write_bytes(data[:at] + digit + data[at + 1:])
    for path in (signed["first"], bad):
        ok, text = svc.verify_text(path, ["ab" * 32])  # type: ignore[arg-type]
        assert not ok and text
    truncated = bad.with_name("truncated.pdf")
    truncated.write_bytes(data[:-300])
    with pytest.raises(ValidationError, match="damaged"):
        svc.verify_text(truncated, [])
    assert not [r for r in caplog.records if r.name.startswith("pyhanko")]
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_drawn_signatures_can_be_made_digital_afterwards(store: Store, tmp_path: Path) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    people = svc.get_agreement(store, plan.agreement_id).signatories
    for person in people:
        svc.record_signature(store, person.id, person.name, [[[0, 0], [9, 9]]])
    assert svc.get_agreement(store, plan.agreement_id).state == "signed"
    a = identities.create_identity(tmp_path, NAMES["polish"], "Us", "CEO", PASS_A)
    out = tmp_path / "upgraded.pdf"
    svc.export_agreement_pdf(store, plan.agreement_id, out, sign=True, identity=a.path,
                             passphrase=PASS_A, signatory_id=people[0].id)
    detail = svc.get_agreement(store, plan.agreement_id)
    assert detail.state == "signed" and detail.signatories[0].signature.digital  # type: ignore[union-attr]
    assert detail.signatories[0].signature.strokes  # type: ignore[union-attr]  # kept
    assert svc.verify_pdf(out).intact


def test_the_command_line_signs_for_nobody_the_identity_does_not_name(
        store: Store, tmp_path: Path) -> None:
    """Found with the real program: 'planner export agreement --sign' with a partner's
    identity ("ريتشارد تان", not written as any signatory's name) signed the first
    signatory's field: the PDF's stamp said our chief executive, the plan recorded her
    signature as digital and pinned the partner's certificate to her, so a later check
    "confirmed" her as the signer. Now it is refused in one line, nothing written or
    recorded, until --signatory says who signs; the plan is reopened by each process."""
    from tests.journeys.conftest import run_planner

    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    theirs = identities.create_identity(tmp_path, "ريتشارد تان", "Łódź Technika", "Director",
                                        PASS_B)
    path = store.path
    assert path is not None
    store.close()
    out = tmp_path / "signed.pdf"
    sign = ("export", "agreement", "--db", str(path), "--id", str(plan.agreement_id),
            "--out", str(out), "--sign", "--identity", str(theirs.path),
            "--passphrase", PASS_B)
    done = run_planner(*sign)
    assert done.returncode == 1 and not out.exists(), done.stderr
    assert done.stderr.count("\n") == 1 and "“ريتشارد تان”" in done.stderr, done.stderr
    assert f"“{NAMES['polish']}”" in done.stderr and "--signatory" in done.stderr
    with Store.open(path) as reopened:
        detail = svc.get_agreement(reopened, plan.agreement_id)
        assert not any(p.signature for p in detail.signatories)
        assert not any(p.pinned_fingerprint for p in detail.signatories)
    done = run_planner(*sign, "--signatory", "nobody")
    assert done.returncode == 2 and "is not a signatory" in done.stderr and not out.exists()
    done = run_planner(*sign, "--signatory", NAMES["greek"])
    assert done.returncode == 0, done.stderr
    with Store.open(path) as reopened:
        first, second = svc.get_agreement(reopened, plan.agreement_id).signatories
        assert first.signature is None
        assert second.signature is not None and second.signature.digital
        assert second.signature.cert_fingerprint == theirs.fingerprint
        assert not second.pinned_fingerprint  # the certificate names someone else
