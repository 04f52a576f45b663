"""Default screening criteria and headline gates for a new plan (domain layer, pure data).

A new plan starts with these so a CEO can screen an opportunity on day one; every criterion
and gate can later be renamed, re-weighted or removed. The wording is our own: each level
is an observable anchor, so two people scoring the same evidence land on the same number.
"""

from __future__ import annotations

from dataclasses import dataclass

BENEFIT = "benefit"
COST = "cost"
CONFLICT_REGISTER = "conflict_register"


@dataclass(frozen=True)
class DefaultCriterion:
    """A criterion as shipped: ``levels[0]`` anchors level 1, ``levels[4]`` level 5."""

    key: str
    name: str
    description: str
    direction: str  # "benefit": higher is better; "cost": higher counts against
    levels: tuple[str, str, str, str, str]
    weight: float  # percent; the defaults add up to 100
    source: str = ""  # "conflict_register" when the register feeds the level


@dataclass(frozen=True)
class DefaultGate:
    """A headline must-pass question."""

    key: str
    name: str
    question: str
    is_headline: bool = True


DEFAULT_CRITERIA: tuple[DefaultCriterion, ...] = (
    DefaultCriterion(
        key="strategic_fit",
        name="Strategic fit",
        description="How directly the work moves one of our named strategic priorities forward.",
        direction=BENEFIT,
        levels=(
            "Touches none of our priorities; it would pull attention elsewhere.",
            "Loosely related to a priority, with no clear line to its outcomes.",
            "Supports one priority in a useful but secondary way.",
            "Advances one priority directly, with outcomes we already track.",
            "Central to delivering one or more priorities; hard to reach them without it.",
        ),
        weight=18.0,
    ),
    DefaultCriterion(
        key="values_fit",
        name="Values and culture fit",
        description="Whether the partner's values and ways of working sit well beside ours.",
        direction=BENEFIT,
        levels=(
            "Evidence of values that clash with ours on something that matters.",
            "Different cultures with friction already visible in early contact.",
            "No clash found, but little evidence either way.",
            "Shared values shown in how they have treated us and others.",
            "A long record of acting on the same values, confirmed by people who know them.",
        ),
        weight=12.0,
    ),
    DefaultCriterion(
        key="end_user_return",
        name="Return to end users",
        description="What pupils, families or other end users gain that they would not otherwise.",
        direction=BENEFIT,
        levels=(
            "No visible gain for end users.",
            "A small gain for a few, hard to show.",
            "A clear gain for one group, measurable with some effort.",
            "A clear, measurable gain for many end users.",
            "A large gain for many, that neither side could deliver alone.",
        ),
        weight=16.0,
    ),
    DefaultCriterion(
        key="our_return",
        name="Return to us",
        description="Money, expertise, reputation or influence the organisation itself gains.",
        direction=BENEFIT,
        levels=(
            "Nothing we can name.",
            "A minor saving or a little goodwill.",
            "A useful return in one of money, expertise or standing.",
            "A solid return in two of money, expertise or standing.",
            "A major return that changes what we can do.",
        ),
        weight=10.0,
    ),
    DefaultCriterion(
        key="partner_benefit",
        name="Partner's benefit (win-win)",
        description="Whether the partner gains enough to stay committed over years, not months.",
        direction=BENEFIT,
        levels=(
            "The partner gains nothing obvious; expect them to drift away.",
            "The partner's gain is vague or depends on one person's enthusiasm.",
            "The partner gains something real but modest.",
            "The partner's gain is clear, stated by them, and fair against ours.",
            "Both sides gain in proportion, and both have said so in writing.",
        ),
        weight=10.0,
    ),
    DefaultCriterion(
        key="sustainability",
        name="Sustainability",
        description="Whether it would survive a change of leader, a lost grant or a new minister.",
        direction=BENEFIT,
        levels=(
            "Rests entirely on one grant, one endorsement or one person.",
            "Would struggle badly if its main funding or champion went.",
            "Could survive one loss with effort.",
            "Several people and sources hold it up.",
            "Built into both organisations' plans and budgets; it would carry on.",
        ),
        weight=8.0,
    ),
    DefaultCriterion(
        key="capacity_cost",
        name="Capacity cost",
        description="The time it takes from the CEO, senior leaders and staff (more counts against).",
        direction=COST,
        levels=(
            "A few hours a term, mostly at lead level.",
            "About an hour a month of CEO time and light staff time.",
            "Two to four CEO hours a month and a regular staff commitment.",
            "Five to eight CEO hours a month and a named team.",
            "More than eight CEO hours a month, or it would crowd out other work.",
        ),
        weight=10.0,
    ),
    DefaultCriterion(
        key="partner_capability",
        name="Partner capability",
        description="Whether the partner can deliver their share: track record, stability, staying power.",
        direction=BENEFIT,
        levels=(
            "No track record, or a record of not delivering.",
            "Willing but stretched; key people may leave.",
            "Delivered similar work once, with some help.",
            "Delivered similar work reliably more than once.",
            "A proven, stable partner others rely on.",
        ),
        weight=8.0,
    ),
    DefaultCriterion(
        key="conflict_exposure",
        name="Conflict exposure",
        description="How much we compete or overlap with the partner (more counts against); "
                    "fed by the conflict register.",
        direction=COST,
        levels=(
            "No overlap found.",
            "Minor overlap, already talked through openly.",
            "Some overlap in one area, being managed.",
            "Significant overlap in an area that matters to both sides.",
            "Direct competition on something central, not yet discussed openly.",
        ),
        weight=8.0,
        source=CONFLICT_REGISTER,
    ),
)


DEFAULT_GATES: tuple[DefaultGate, ...] = (
    DefaultGate(
        key="strategic_fit",
        name="Strategic fit",
        question="Does this clearly serve our vision and at least one strategic priority?",
    ),
    DefaultGate(
        key="values_win_win",
        name="Shared values and win-win",
        question="Do we share core values, and will both sides still gain in three years' time?",
    ),
    DefaultGate(
        key="capacity",
        name="Capacity to commit",
        question="Can we resource it properly, including the CEO's own hours, without "
                 "starving existing partnerships?",
    ),
    DefaultGate(
        key="openness",
        name="Openness about conflict",
        question="Are both sides willing to name, openly, where we overlap or compete?",
    ),
    DefaultGate(
        key="protocols",
        name="Protocols agreed",
        question="Have we agreed, or can we realistically agree, written protocols before "
                 "the work starts?",
    ),
)


def default_weights_total() -> float:
    """The sum of the default weights (100): a guard for tests and for editors."""
    return sum(c.weight for c in DEFAULT_CRITERIA)
