"""What a change is about (topics) and when a view may read just a few records again."""

from __future__ import annotations

from planner.services.changes import ALL_TOPICS, EVERYTHING, ChangeSet, Topic


def test_table_names_reported_by_services_become_topics() -> None:
    review = ChangeSet.of("conflict_area", 4) | ChangeSet.of("conflict_history", 4)
    assert review.topics == {Topic.CONFLICTS}
    assert review.concerns(frozenset({Topic.CONFLICTS, Topic.PEOPLE}))
    assert not review.concerns(frozenset({Topic.PROFILE, Topic.ORGANISATIONS}))


def test_a_table_without_a_topic_and_everything_concern_every_view() -> None:
    assert ChangeSet.of("a_table_added_later", 1).topics == ALL_TOPICS
    assert EVERYTHING.concerns(frozenset({Topic.HEALTH}))
    assert not ChangeSet().concerns(ALL_TOPICS)  # nothing changed: nobody hears


def test_a_few_rows_are_read_again_only_when_the_change_names_them_all() -> None:
    rows = frozenset({"opportunity", "criterion_score"})
    typing = ChangeSet.of("opportunity", 7) | ChangeSet.of("criterion_score", 31)
    assert typing.only_rows(rows, "opportunity") == [7]
    assert ChangeSet.of("criterion", 2).only_rows(rows, "opportunity") is None  # not a row
    assert ChangeSet.of("opportunity").only_rows(rows, "opportunity") is None  # no ids
    assert EVERYTHING.only_rows(rows, "opportunity") is None
    # Changes gathered for a hidden view keep their kinds, not their ids: read whole.
    gathered = ChangeSet.of("opportunity", 7).gathered(ChangeSet.of("opportunity", 8))
    assert gathered.kinds == {"opportunity"} and gathered.only_rows(rows, "opportunity") is None


def test_a_change_whose_rows_are_unknown_is_never_patched_from_anothers_ids() -> None:
    """A colleague's notice shortened to fit names "criterion_score" without ids; gathered
    in one burst with a score typed for opportunity 7, reading only 7 again would leave every other
    opportunity's scores stale on screen."""
    rows = frozenset({"opportunity", "criterion_score"})
    typed = ChangeSet.of("opportunity", 7) | ChangeSet.of("criterion_score", 31)
    shortened = ChangeSet(frozenset({"criterion_score"}))
    assert typed.then(shortened).only_rows(rows, "opportunity") is None
    assert shortened.then(typed).only_rows(rows, "opportunity") is None
    assert typed.then(ChangeSet.of("opportunity", 8)).only_rows(rows, "opportunity") == [7, 8]
