"""Pure agreement rules: markup, tables, meeting load, fingerprint, amendment changes."""

from __future__ import annotations

from planner.domain import agreements as rules


def _doc(**overrides: object) -> rules.AgreementDocument:
    base: dict[str, object] = dict(
        agreement_id=1, title="Protocol", version=1, state="agreed", us="Us", partner="Them",
        sections=(rules.SectionContent("parties", "Parties", "Us and them."),),
        signatories=(rules.SignatoryBlock("Ann", "CEO", "Us"),))
    base.update(overrides)
    return rules.AgreementDocument(**base)  # type: ignore[arg-type]


def test_markup_paragraphs_bullets_bold_italic() -> None:
    blocks = rules.parse_markup("First **bold** and *soft*.\nSame para.\n\n- one\n- two\n  wrapped\nAfter")
    assert [b.kind for b in blocks] == ["para", "bullets", "para"]
    assert blocks[0].items[0] == (rules.Run("First "), rules.Run("bold", bold=True),
                                  rules.Run(" and "), rules.Run("soft", italic=True),
                                  rules.Run(". Same para."))
    assert ["".join(r.text for r in item) for item in blocks[1].items] == ["one", "two wrapped"]
    assert rules.parse_inline("2 * 3 * 4") == (rules.Run("2 * 3 * 4"),)
    assert rules.parse_inline("**unclosed") == (rules.Run("**unclosed"),)


def test_fingerprint_ignores_spelling_noise_and_signing() -> None:
    a = _doc()
    b = _doc(sections=(rules.SectionContent("parties", "Parties", "Us and them.  \r\n"),),
             state="signed", signatories=(rules.SignatoryBlock("Ann", "CEO", "Us",
                                                               signed_on="1 May 2026"),))
    assert rules.fingerprint(a) == rules.fingerprint(b)
    c = _doc(sections=(rules.SectionContent("parties", "Parties", "Us and them!"),))
    assert rules.fingerprint(a) != rules.fingerprint(c)
    money_a = _doc(sections=(rules.SectionContent("finance", "F", "x",
                                                  {"contributions": [{"cash": 100.0}]}),))
    money_b = _doc(sections=(rules.SectionContent("finance", "F", "x",
                                                  {"contributions": [{"cash": 100}]}),))
    assert rules.fingerprint(money_a) == rules.fingerprint(money_b)
    assert rules.short_fingerprint("ab" * 32) == "ABAB ABAB ABAB ABAB"


def test_edit_rules_and_states() -> None:
    assert rules.edit_problem("draft", 1) is None
    assert "frozen" in (rules.edit_problem("agreed", 1) or "")
    assert "replaced" in (rules.edit_problem("superseded", 1) or "")
    assert rules.state_after_signatures(0, 2) == "agreed"
    assert rules.state_after_signatures(1, 2) == "partly_signed"
    assert rules.state_after_signatures(2, 2) == "signed"
    assert rules.field_name(0) == "Signature1"


def test_table_problems() -> None:
    assert rules.table_problem("contributions", [{"party": "A", "cash": 1.5}]) is None
    assert "number" in (rules.table_problem("contributions", [{"cash": "x"}]) or "")
    assert "not a column" in (rules.table_problem("measures", [{"colour": "x"}]) or "")
    assert "one of" in (rules.table_problem("meetings", [{"frequency": "hourly"}]) or "")
    assert "yes or no" in (rules.table_problem("meetings", [{"ceo": "y"}]) or "")
    assert rules.table_problem("nope", []) is not None


def test_meeting_load_sums_and_warns() -> None:
    calm = rules.meeting_load([{"frequency": "termly", "hours": 1.5, "ceo": True},
                               {"frequency": "monthly", "hours": 1, "ceo": False}], 20)
    assert calm.warnings == ()
    assert calm.meetings_per_month == round(3 / 12 + 1, 2)
    busy = rules.meeting_load([{"frequency": "weekly", "hours": 2, "ceo": True}], 20, 3)
    assert len(busy.warnings) == 3
    assert busy.ceo_hours_per_month > 8


def test_section_changes_describe_an_amendment() -> None:
    old = [rules.SectionContent("a", "Alpha", "one"), rules.SectionContent("b", "Beta", "two")]
    new = [rules.SectionContent("b", "Beta", "two!"), rules.SectionContent("c", "Gamma", "3")]
    changes = rules.section_changes(old, new)
    assert "Changed “Beta”: text." in changes
    assert "Added “Gamma”." in changes and "Removed “Alpha”." in changes


def test_schedule_only_with_personal_data() -> None:
    sections = (rules.SectionContent("data", "Data", "x", {"schedule": {"purposes": "p"}}),)
    assert _doc(sections=sections).schedule() is None
    assert _doc(sections=sections, personal_data=True).schedule() == {"purposes": "p"}


def test_section_digest_tells_which_clause_changed() -> None:
    a = rules.SectionContent("a", "Alpha", "one")
    b = rules.SectionContent("b", "Beta", "two")
    assert rules.section_digest(a) == rules.section_digest(
        rules.SectionContent("a", "Alpha", "one  \r\n"))
    assert rules.section_digest(b) != rules.section_digest(
        rules.SectionContent("b", "Beta", "two!"))
    assert rules.section_digest(a) != rules.section_digest(b)
