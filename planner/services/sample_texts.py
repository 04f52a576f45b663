"""The sample plan's texts (services layer): what its people, partners and agreements say.

Invented and written in our own words; names in Polish, Greek and Arabic (right to left)
exercise every script the renderers must handle. ``planner/services/sample.py`` builds the
plan from them: it places rows in time (days from the day the sample is made) and links them
by id, so the rows whose texts are bound up with their dates and links (opportunities,
conflict areas, milestones, meetings) stay there.
"""

from __future__ import annotations

from typing import Any

# -------------------------------------------------------------- our organisation

VISION = ("Every child in the Riverbend valley leaves our schools confident, "
          "well and ready for the life they choose.")
PRIORITIES = [
    "Raise attainment in maths and reading across every school",
    "Put pupils' mental health and wellbeing at the heart of school life",
    "Open clear routes into skilled local work and higher education",
    "Recruit, grow and keep excellent staff",
    "Be a trusted partner to the families and employers of the valley",
]
VALUES = ["Ambition for every child", "Kindness", "Honesty",
          "Working together", "Care for our community"]

# -------------------------------------------------------------- partners and people

PARTNERS: list[tuple[str, str, str, str, str, str]] = [
    # key, name, kind, sector, location, notes
    ("employer", "Harrowgate Engineering Ltd", "company", "advanced manufacturing",
     "Riverbend Business Park", "The valley's largest private employer (about 2,400 staff)."),
    ("mental_health", "Northvale Mental Health NHS Foundation Trust", "health trust",
     "health", "Northvale", "Runs the children and young people's mental-health service."),
    ("tech", "Kestrel Digital", "company", "education technology", "Remote-first",
     "Offers schools free devices with its learning platform."),
    ("football", "Castleford Athletic Community Trust", "charity", "sport",
     "Castleford", "The community charity of the local professional football club."),
    ("university", "University of Wexmoor", "university", "higher education",
     "Wexmoor", "School of Education and a large widening-participation team."),
    ("neighbour", "Oakfield Schools Partnership", "trust", "education", "Oakfield",
     "A neighbouring trust of nine schools; we share a border and a bus route."),
]

PEOPLE: list[tuple[str, str, str, str, bool, bool]] = [
    # key, org, name, role, relationship holder, boundary-spanner
    ("ceo", "self", "Margaret Ellison", "Chief Executive", True, False),
    ("deputy", "self", "Łukasz Wiśniewski", "Deputy CEO and Director of Education",
     True, False),
    ("careers", "self", "Priya Natarajan", "Head of Careers and Enterprise", False, True),
    ("wellbeing", "self", "Daniel Hughes", "Trust Lead for Mental Health", False, True),
    ("business", "self", "Grace Adeyemi", "Business Manager", False, False),
    ("dpo", "self", "Sam Porter", "Data Protection Officer", False, False),
    ("sixth", "self", "Rhiannon Pugh", "Head of Sixth Form, Hillside Academy",
     False, True),
    ("emp_md", "employer", "Richard Tan", "Managing Director", True, False),
    ("emp_ec", "employer", "Zofia Dąbrowska", "Early Careers Manager", False, True),
    ("mh_ceo", "mental_health", "Helen Marsh", "Chief Executive", True, False),
    ("mh_clin", "mental_health", "ليلى حداد", "Clinical Director, Children's Services",
     False, False),
    ("mh_nurse", "mental_health", "Owen Bright", "Schools Liaison Nurse", False, True),
    ("tech_ed", "tech", "Marcus Lee", "Head of Education Partnerships", True, False),
    ("fc_ceo", "football", "Emma Clarke", "Chief Executive", True, False),
    ("fc_comm", "football", "Jamie Doyle", "Community Programmes Manager", False, True),
    ("uni_prof", "university", "Ελένη Παπαδοπούλου", "Professor of Education", True,
     True),
    ("uni_wp", "university", "Mark Ridley", "Director of Widening Participation",
     False, False),
    ("oak_ceo", "neighbour", "Andrew Coles", "Chief Executive", True, False),
    ("oak_sixth", "neighbour", "Fatima Rahman", "Director of Post-16", False, True),
]

# -------------------------------------------------------------- agreements

# Each section: key, title, body (markup), its tables; the conflict areas a section names
# are linked by key in LINKED_CONFLICTS (their ids exist only once the sample is written).
PROTOCOL_SECTIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("parties", "Parties",
     "**Riverbend Learning Trust**, a multi-academy trust, represented by its Chief "
     "Executive, Margaret Ellison.\n\n**Northvale Mental Health NHS Foundation Trust**, "
     "represented by its Chief Executive, Helen Marsh.", {}),
    ("status", "Status of this document",
     "This is a partnering agreement. It records how we mean to work together; it is "
     "not a contract and creates no legal obligations, except the data-sharing schedule, "
     "which both parties will follow.", {}),
    ("background", "Background",
     "Referrals of pupils for anxiety and low mood have risen in every school. Both "
     "organisations want help to arrive earlier and closer to the pupil.", {}),
    ("vision", "Shared vision and objectives",
     "Pupils get early help in school from people they trust.\n\n"
     "- Riverbend wants fewer pupils reaching crisis and better attendance.\n"
     "- Northvale wants shorter waiting lists and earlier contact.", {}),
    ("remit", "Remit and limits",
     "Covers early support in the eleven Riverbend schools. Does not cover crisis care, "
     "diagnosis or pupils already under the specialist service.", {}),
    ("behaviours", "How we will behave",
     "- **No surprises**: either side tells the other before any public statement.\n"
     "- **Openness**: problems are raised within a week, not saved for the review.\n"
     "- **Challenge**: either lead may ask for a review meeting at any time.", {}),
    ("meetings", "Meetings",
     "Leads meet monthly; the chief executives meet each term; a joint review is held "
     "once a year.",
     {"meetings": [
         {"kind": "operational", "who": "Leads", "frequency": "monthly",
          "hours": 1.5, "chair": "alternates", "quorum": "both leads",
          "ceo": False},
         {"kind": "strategic", "who": "Chief executives", "frequency": "termly",
          "hours": 1.5, "chair": "Riverbend", "quorum": "both CEOs", "ceo": True},
         {"kind": "review", "who": "Both boards' representatives",
          "frequency": "yearly", "hours": 2.0, "chair": "Northvale",
          "quorum": "one from each board", "ceo": True},
     ]}),
    ("data", "Information and data sharing",
     "Referral information is shared under a separate data-sharing schedule, held by "
     "both data protection officers. Only the minimum needed for each referral is "
     "shared, through the secure referral form, and kept no longer than the care "
     "episode plus one year.",
     {"schedule": {
         "purposes": "Referring pupils for early support and following up their care.",
         "lawful_basis": "Public task for both parties; health data under the "
                         "provision of health care condition.",
         "data_items": "Name, date of birth, school, year group, the concern in a "
                       "few lines, parent or carer contact, consent recorded.",
         "subjects": "Pupils referred and their parents or carers.",
         "controllers": "Each party is an independent controller of its own records.",
         "transfer": "The secure referral form only; never ordinary email.",
         "retention": "The care episode plus one year, then deleted by each party.",
         "breach_notice": "Within 24 hours, to the other party's data protection "
                          "officer.",
         "subject_rights": "Requests go to the party holding the record; the other "
                           "helps within five working days.",
         "review": "Each year, at the joint review.",
     }}),
    ("finance", "Financial commitments",
     "Each party meets its own costs except as set out below.",
     {"contributions": [
         {"party": "Riverbend Learning Trust", "cash": 12000, "in_kind":
          "Rooms and a pastoral lead in each school", "in_kind_value": 8000,
          "period": "per school year"},
         {"party": "Northvale Mental Health NHS Foundation Trust", "cash": 0,
          "in_kind": "Two practitioners and clinical supervision",
          "in_kind_value": 64000, "period": "per school year"},
     ]}),
    ("feedback", "What pupils and families tell us",
     "Pupils and parents are asked for feedback after six sessions. Results go to both "
     "leads each term, with a short 'you told us, we changed' note to families.", {}),
    ("monitoring", "Monitoring and accountability",
     "The leads report the measures below to both boards each term.",
     {"measures": [
         {"measure": "Weeks from referral to first conversation", "baseline": "9",
          "target": "3", "source": "Referral log", "frequency": "monthly",
          "owner": "Daniel Hughes"},
         {"measure": "Pupils seen", "baseline": "0", "target": "250 a year",
          "source": "Practitioner records", "frequency": "termly",
          "owner": "Owen Bright"},
         {"measure": "Staff trained in early signs", "baseline": "35", "target": "300",
          "source": "Training register", "frequency": "termly",
          "owner": "Daniel Hughes"},
     ]}),
    ("conflicts", "Conflict protocols",
     "Grant applications: we bid jointly, Northvale leading, and tell each other of any "
     "single bid a month ahead.\n\nData: see the data-sharing schedule; a breach is "
     "reported to the other party within 24 hours.", {}),
    ("term", "Term, review and exit",
     "Runs for two school years from the date it takes effect, reviewed yearly. Either "
     "party may leave with one term's notice; pupils in support finish their sessions.",
     {}),
    ("signatures", "Signatures", "Signed for each party by its chief executive.", {}),
]

MEMORANDUM_SECTIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("parties", "Parties",
     "**Riverbend Learning Trust**, represented by its Deputy CEO, Łukasz Wiśniewski."
     "\n\n**University of Wexmoor, School of Education**, represented by Professor "
     "Ελένη Παπαδοπούλου.", {}),
    ("status", "Status of this document",
     "A memorandum of understanding. It sets out how we mean to work together and "
     "creates no legal obligations.", {}),
    ("vision", "Shared vision and objectives",
     "Teachers use research, and add to it, in teaching maths and reading.\n\n"
     "- Riverbend wants better teaching and ways to keep good teachers growing.\n"
     "- Wexmoor wants classrooms for its research and placements for its students.",
     {}),
    ("remit", "Remit and limits",
     "Covers joint classroom studies, module places and campus visits. No pupil data "
     "leaves the trust; studies use anonymous results only.", {}),
    ("meetings", "Meetings",
     "The leads meet each term to review progress and plan the next study.",
     {"meetings": [
         {"kind": "review", "who": "Leads of both sides", "frequency": "termly",
          "hours": 1.5, "chair": "alternates", "ceo": False},
     ]}),
    ("conflicts", "Conflict protocols",
     "Every publication, poster or talk names both organisations, and each side sees "
     "a draft a fortnight before it appears.", {}),
    ("term", "Term, review and exit",
     "Runs for two years and is reviewed after one. Either side may end it with a "
     "term's notice; studies under way are finished.", {}),
    ("signatures", "Signatures", "", {}),
]

LINKED_CONFLICTS: dict[str, tuple[str, ...]] = {
    "protocol": ("referral_data", "wellbeing_grant"),
    "memorandum": ("credit",),
}
