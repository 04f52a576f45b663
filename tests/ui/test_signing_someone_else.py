"""Signing in the window with a certificate that names somebody else.

Found with the real program: Agreements › Signatures, the first signatory chosen and a
certificate made for the partner's director: "Sign PDF digitally…" signed the first
signatory's field and remembered the director's certificate as the first signatory's own,
so every later check of her signatures "confirmed" whoever the certificate named. Now the
window asks first; "No" signs nothing, "Yes" records the signature as hers but does not
remember the certificate as hers. The plan is reopened to check what was kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.services import agreements as svc
from planner.store.database import Store
from tests.ui.test_agreements_view import PASS, _agree, _wait, plan_and_view  # noqa: F401


def test_a_certificate_naming_someone_else_is_asked_about_and_not_remembered(
        plan_and_view, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    plan, view = plan_and_view
    _agree(view, plan)
    view.show_page("signatures")
    view.sign.signatoriesList.setCurrentRow(1)
    theirs = view.create_identity(passphrase=PASS)  # the second signatory's certificate
    assert theirs is not None
    view.sign.signatoriesList.setCurrentRow(0)  # but the first signatory is chosen
    assert view.sign.identityCombo.currentData() == str(theirs.path)
    first, second = view.detail.signatories  # type: ignore[union-attr]
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    out = tmp_path / "signed.pdf"
    assert view.sign_digitally(out=out, passphrase=PASS) is None
    assert len(asked) == 1 and f"“{second.name}”" in asked[0] and f"“{first.name}”" in asked[0]
    assert not out.exists() and "Not signed" in view.sign.messageLabel.text()
    answer[0] = QMessageBox.StandardButton.Yes
    assert view.sign_digitally(out=out, passphrase=PASS) is not None
    _wait(qtbot, view)
    assert out.exists() and len(asked) == 2
    path = view.ctx.store.path
    assert path is not None
    view.window().close_plan()
    with Store.open(path) as reopened:
        signed = svc.get_agreement(reopened, plan.agreement_id).signatories[0]
        assert signed.signature is not None and signed.signature.digital
        assert signed.signature.cert_fingerprint == theirs.fingerprint  # what signed it
        assert not signed.pinned_fingerprint  # not remembered as hers


def test_a_certificate_naming_the_signatory_is_remembered_without_a_question(
        plan_and_view, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    plan, view = plan_and_view
    _agree(view, plan)
    view.show_page("signatures")
    view.sign.signatoriesList.setCurrentRow(1)
    own = view.create_identity(passphrase=PASS)
    assert own is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    assert view.sign_digitally(out=tmp_path / "signed.pdf", passphrase=PASS) is not None
    _wait(qtbot, view)
    path = view.ctx.store.path
    assert path is not None
    view.window().close_plan()
    with Store.open(path) as reopened:
        signed = svc.get_agreement(reopened, plan.agreement_id).signatories[1]
        assert signed.signature is not None and signed.signature.digital
        assert signed.pinned_fingerprint == own.fingerprint
