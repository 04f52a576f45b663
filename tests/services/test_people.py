"""Partner organisations and people: add, edit, refuse a delete in use, merge, import."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.services import contacts
from planner.services import people as svc
from planner.services import screening as sc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.store.tables import Opportunity, Signatory

NAMES = ["مدرسة النور", "Zoë 🌱 Ørsted", "Robert'); DROP TABLE person;--", "Łukasz Żółw"]


def _reopen(store: Store) -> Store:
    assert store.path is not None
    store.close()
    return Store.open(store.path)


def test_names_in_any_script_survive_a_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "plan.sqlite", create=True)
    org, _c = svc.create_organisation(store, {"name": NAMES[0], "kind": "school"})
    for name in NAMES:
        svc.create_person(store, {"name": name, "organisation_id": org})
    store = _reopen(store)
    d = svc.load(store)
    assert sorted(p.name for p in d.people) == sorted(NAMES)
    assert d.organisation(org) is not None and d.organisation(org).kind == "school"  # type: ignore[union-attr]
    store.close()


def test_a_person_in_use_cannot_be_deleted_and_the_refusal_says_where(
        sample_store: Store) -> None:
    with sample_store.work() as w:
        opp = w.list(Opportunity)[0]
        signer = w.list(Signatory)[0]
    lead = opp.lead_id
    assert lead is not None
    sc.update_opportunity(sample_store, opp.id or 0, "sponsor_id", lead)
    uses = svc.uses(sample_store, "person", lead)
    assert any(u.startswith("day-to-day lead of") for u in uses)
    with pytest.raises(ValidationError, match="cannot be deleted: named as"):
        svc.delete(sample_store, "person", lead)
    assert signer is not None


def test_delete_and_put_back_keeps_the_id(store: Store) -> None:
    ident, _c = svc.create_person(store, {"name": "Amira Haddad"})
    saved, _c = svc.delete(store, "person", ident)
    assert svc.load(store).person(ident) is None
    svc.put_back(store, saved)
    assert svc.load(store).person(ident).name == "Amira Haddad"  # type: ignore[union-attr]


def test_merge_keeps_every_link_and_undoes_whole(sample_store: Store) -> None:
    with sample_store.work() as w:
        opp = next(o for o in w.list(Opportunity) if o.lead_id is not None)
    lead = opp.lead_id
    assert lead is not None
    copy, _c = svc.create_person(sample_store, {"name": "Duplicate", "email": "d@x.org"})
    sc.update_opportunity(sample_store, opp.id or 0, "lead_id", copy)
    sc.update_opportunity(sample_store, opp.id or 0, "sponsor_id", lead)
    snap, _c = svc.merge(sample_store, "person", lead, copy)
    with sample_store.work() as w:
        again = w.one(Opportunity, opp.id or 0)
    assert (again.lead_id, again.sponsor_id) == (lead, lead)
    assert svc.load(sample_store).person(copy) is None
    assert svc.load(sample_store).person(lead).email  # type: ignore[union-attr]
    svc.unmerge(sample_store, "person", snap, lead)
    with sample_store.work() as w:
        assert w.one(Opportunity, opp.id or 0).lead_id == copy
    svc.remerge(sample_store, "person", snap, lead)
    with sample_store.work() as w:
        assert w.one(Opportunity, opp.id or 0).lead_id == lead


VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:Amira Haddad
N:Haddad;Amira;;;
ORG:Riverside Academy Trust
TITLE:Head of partnerships
EMAIL;TYPE=WORK:amira@riverside.example
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Анна Петрова
ORG:Городская больница
TEL;TYPE=cell:+7 495 123 45 67
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Haddad;Amira
FN:Amira  Haddad
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Existing Person
EMAIL:existing@example.org
END:VCARD
"""


def test_a_vcard_import_skips_duplicates(store: Store, tmp_path: Path) -> None:
    svc.create_person(store, {"name": "Somebody Else", "email": "existing@example.org"})
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS, encoding="utf-8")
    found = contacts.read_file(path)
    assert [c.name for c in found][:2] == ["Amira Haddad", "Анна Петрова"]
    plan = svc.plan_import(store, found)
    assert [c.name for c in plan.add] == ["Amira Haddad", "Анна Петрова"]
    assert len(plan.skipped) == 2
    result, _c = svc.import_contacts(store, plan.add)
    d = svc.load(store)
    anna = next(p for p in d.people if p.name == "Анна Петрова")
    assert anna.organisation == "Городская больница" and anna.phone.startswith("+7")
    saved, _c = svc.unimport(store, result)
    assert "Анна Петрова" not in {p.name for p in svc.load(store).people}
    svc.put_back(store, saved)
    assert "Анна Петрова" in {p.name for p in svc.load(store).people}


def test_outlook_and_google_csv(tmp_path: Path) -> None:
    outlook = tmp_path / "outlook.csv"
    outlook.write_text("First Name,Middle Name,Last Name,Company,Job Title,E-mail Address,"
                       "Business Phone\nJane,,Doe,Acme Ltd,Director,jane@acme.example,0123\n",
                       encoding="utf-8")
    google = tmp_path / "google.csv"
    google.write_text("Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,"
                      "E-mail 1 - Value,Phone 1 - Value\nأحمد علي,أحمد,علي,NHS Trust,Nurse,"
                      "a@nhs.example,07700\n", encoding="utf-8")
    (jane,) = contacts.read_file(outlook)
    assert (jane.name, jane.organisation, jane.role, jane.email) == (
        "Jane Doe", "Acme Ltd", "Director", "jane@acme.example")
    (ahmed,) = contacts.read_file(google)
    assert (ahmed.name, ahmed.organisation, ahmed.phone) == ("أحمد علي", "NHS Trust", "07700")
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"other\.csv"):
        contacts.read_file(bad)


def test_planner_people_import_on_the_command_line(sample_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main
    from planner.store.engine import sqlite_backup

    plan = tmp_path / "plan.sqlite"
    sqlite_backup(sample_file, plan)  # a plan made earlier, by another Store
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS.replace("Existing Person", "Grace Adeyemi"), encoding="utf-8")
    assert main(["people", "import", "--db", str(plan), "--dry-run", str(path)]) == 0
    assert "2 people would be added, 2 skipped" in capsys.readouterr().out
    assert main(["people", "import", "--db", str(plan), str(path)]) == 0
    assert "added: Анна Петрова (Городская больница)" in capsys.readouterr().out
    with Store.open(plan) as again:
        assert {"Amira Haddad", "Анна Петрова"} <= {p.name for p in svc.load(again).people}
    assert main(["people", "import", "--db", str(plan), str(tmp_path / "none.vcf")]) == 1
    assert "none.vcf" in capsys.readouterr().err


def test_an_organisation_in_use_is_refused_and_merging_keeps_partners_and_people(
        sample_store: Store) -> None:
    with sample_store.work() as w:
        opp = next(o for o in w.list(Opportunity) if o.partner_id is not None)
    partner = opp.partner_id
    assert partner is not None
    with pytest.raises(ValidationError, match=r"named as partner of \d+ opportunit"):
        svc.delete(sample_store, "organisation", partner)
    copy, _c = svc.create_organisation(sample_store, {"name": "Same school, typed again",
                                                      "website": "https://x.example"})
    person, _c = svc.create_person(sample_store, {"name": "Rania", "organisation_id": copy})
    sc.update_opportunity(sample_store, opp.id or 0, "partner_id", copy)
    snap, _c = svc.merge(sample_store, "organisation", partner, copy)
    d = svc.load(sample_store)
    assert d.organisation(copy) is None and d.person(person).organisation_id == partner  # type: ignore[union-attr]
    with sample_store.work() as w:
        assert w.one(Opportunity, opp.id or 0).partner_id == partner
    svc.unmerge(sample_store, "organisation", snap, partner)
    d = svc.load(sample_store)
    assert d.person(person).organisation_id == copy  # type: ignore[union-attr]
    with sample_store.work() as w:
        assert w.one(Opportunity, opp.id or 0).partner_id == copy
