"""The store on a real PostgreSQL server: migrations, refusals, lost updates, NOTIFY, NUL.

Tests named ``any_store`` run on SQLite and PostgreSQL alike; the rest need the server
(skipped without one, failed under CI=true; see tests/pg.py).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.services.changes import ValidationError
from planner.services.organisation import get_profile, update_profile
from planner.store.database import Store
from planner.store.errors import EditClash, StoreError
from planner.store.migrations import HEAD
from planner.store.postgres import ChangeListener, Notice, decode_notice, encode_notice
from planner.store.tables import Opportunity, Organisation, Profile
from tests import pg


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    s = Store.open(pg_url)
    yield s
    s.close()


def test_migrations_give_the_same_schema_on_postgresql(pg_store: Store) -> None:
    assert pg_store.revision() == HEAD
    assert pg_store.check() == []  # no difference between the live schema and the models
    assert pg_store.display_name.startswith("the team database “")  # no user: a title


def test_json_columns_unicode_and_checks_behave_alike(any_store: Store) -> None:
    long_text = "Ακαδημία مدرسة 🤝 " * 60_000  # about 1 MB
    with any_store.work() as w:
        org = w.add(Organisation(name="Łąka", is_self=True, notes=long_text))
        w.add(Profile(organisation_id=org.id, priorities=["Reading", "'; DROP TABLE x; --"],
                      settings={"nested": {"list": [1, 2.5, None]}}))
    with any_store.work() as w:
        profile = w.first(Profile)
        assert profile is not None
        assert profile.priorities == ["Reading", "'; DROP TABLE x; --"]
        assert profile.settings == {"nested": {"list": [1, 2.5, None]}}
        assert w.one(Organisation, org.id or 0).notes == long_text
    # The CHECK constraint that refuses a blank name works on both (length(trim(...))).
    with pytest.raises(Exception, match="organisation_name"), any_store.work() as w:
        w.add(Organisation(name="   "))


def test_a_newer_schema_on_the_server_is_refused(pg_server: str) -> None:
    import psycopg

    url = pg.new_database(pg_server)
    try:
        pg.admin(url, "UPDATE alembic_version SET version_num = '0099'")
        with pytest.raises(StoreError,
                           match=r"newer version of Partnership Planner \(schema 0099\)"):
            Store.open(url)
        with psycopg.connect(pg._libpq(url)) as conn:  # left as it was
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0099",)]
    finally:
        pg.drop_database(url)


def test_a_database_of_another_application_is_refused(pg_server: str) -> None:
    url = pg.new_database(pg_server, migrated=False)
    try:
        pg.admin(url, "CREATE TABLE invoices (id serial primary key)")
        with pytest.raises(StoreError, match="another application"):
            Store.open(url)
    finally:
        pg.drop_database(url)


def test_an_empty_database_is_made_into_a_plan(pg_server: str) -> None:
    url = pg.new_database(pg_server, migrated=False)
    try:
        with Store.open(url) as s:
            assert s.revision() == HEAD
            assert get_profile(s).name == "Our organisation"
    finally:
        pg.drop_database(url)


def test_an_unreachable_server_is_one_readable_sentence(pg_server: str) -> None:
    url = pg.with_database(pg_server, "no_such_database_here")
    with pytest.raises(StoreError, match=r"Cannot open .*no_such_database_here.*: the server "
                                         r"has no database “no_such_database_here”\. Check"):
        Store.open(url)


# ----------------------------------------------------------------------------- lost updates


def _second(store: Store) -> Store:
    """Another program on the same plan (its own engine, its own connections)."""
    return Store.open(store.url) if store.path is None else _reopen_sqlite(store)


def _reopen_sqlite(store: Store) -> Store:
    # A SQLite plan is locked to one program; a second engine on it stands in for a
    # colleague's connection in the same process.
    from planner.store import engine as eng

    return Store(store.url, eng.make_engine(store.url), None)


def test_a_clashing_save_is_detected_and_nothing_is_lost(any_store: Store) -> None:
    colleague = _second(any_store)
    try:
        seen = get_profile(any_store)  # I open the profile ...
        theirs = get_profile(colleague)
        update_profile(colleague, "vision", "Theirs: every child reads by seven",
                       expect=theirs.write("vision", "Theirs: every child reads by seven"))
        mine = seen.write("vision", "Mine: a partner in every ward")
        with pytest.raises(EditClash) as caught:  # ... and save over their change
            update_profile(any_store, "vision", "Mine: a partner in every ward", expect=mine)
        error = caught.value
        assert error.table == "profile"
        assert error.theirs == {"vision": "Theirs: every child reads by seven"}
        assert error.mine == {"vision": "Mine: a partner in every ward"}
        assert "nothing was saved" in str(error)
        assert get_profile(any_store).vision == "Theirs: every child reads by seven"
        # Having seen their version, I may save mine over it.
        fresh = get_profile(any_store)
        update_profile(any_store, "vision", "Merged", expect=fresh.write("vision", "Merged"))
        assert get_profile(colleague).vision == "Merged"
    finally:
        colleague.close()


def test_only_the_declared_fields_are_checked(any_store: Store) -> None:
    """A change to another field (or the other row: the name) is no clash."""
    seen = get_profile(any_store)
    update_profile(any_store, "vision", "changed elsewhere")
    update_profile(any_store, "name", "Łąka Trust", expect=seen.write("name", "Łąka Trust"))
    update_profile(any_store, "strategic_limit", 4, expect=seen.write("strategic_limit", 4))
    assert (get_profile(any_store).name, get_profile(any_store).strategic_limit) == (
        "Łąka Trust", 4)
    with pytest.raises(EditClash):
        update_profile(any_store, "vision", "stale", expect=seen.write("vision", "stale"))


def test_a_row_saved_twice_in_one_unit_of_work_on_a_reopened_plan(tmp_path: Path) -> None:
    """Mark agreed saves the agreement twice in one transaction: on a plan made by another
    program (here: another Store) that is one save, never a clash with itself."""
    from planner.services import agreements as agreements_svc
    from planner.services.sample import create_sample

    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as made:
        create_sample(made)
    with Store.open(path) as reopened:
        draft = next(a for a in agreements_svc.list_agreements(reopened) if a.state == "draft")
        agreements_svc.get_agreement(reopened, draft.id)  # the view shows it first
        agreements_svc.mark_agreed(reopened, draft.id)
        assert agreements_svc.get_agreement(reopened, draft.id).state == "agreed"


def test_an_interleaved_orm_update_raises_a_conflict(pg_store: Store) -> None:
    """Two transactions read the same row; the second to write is stopped by the version.

    (PostgreSQL only: a SQLite plan is open in one program, which writes one at a time.)"""
    colleague = Store.open(pg_store.url)
    try:
        with pg_store.work() as w:
            w.add(Opportunity(title="Reading scheme"))
        with pytest.raises(EditClash, match="opportunity"), pg_store.work() as mine:
            row = mine.one(Opportunity, 1)
            with colleague.work() as theirs:
                theirs.one(Opportunity, 1).notes = "theirs"
            row.notes = "mine"
        with colleague.work() as w:
            assert w.one(Opportunity, 1).notes == "theirs"
    finally:
        colleague.close()


@pytest.mark.postgresql
def test_a_declared_edit_locks_its_rows_until_it_commits(pg_store: Store) -> None:
    """The colleague's save waits for mine (FOR UPDATE), then is checked against what I
    wrote: between my check and my write nobody can slip in."""
    import threading

    colleague = Store.open(pg_store.url)
    try:
        seen = get_profile(pg_store)
        theirs_seen = get_profile(colleague)
        outcome: list[str] = []
        with pg_store.work(seen.write("vision", "mine")) as w:
            def colleague_saves() -> None:
                try:
                    update_profile(colleague, "vision", "theirs",
                                   expect=theirs_seen.write("vision", "theirs"))
                    outcome.append("saved")
                except EditClash:
                    outcome.append("clash")

            thread = threading.Thread(target=colleague_saves)
            thread.start()
            thread.join(0.5)
            assert thread.is_alive()  # waiting on my lock
            profile = w.one(Profile, seen.profile_id)
            profile.vision = "mine"
            w.add(profile)
        thread.join(10)
        assert outcome == ["clash"]
        assert get_profile(pg_store).vision == "mine"
    finally:
        colleague.close()


# ----------------------------------------------------------------------------- NUL


def test_text_with_a_nul_character_is_refused_with_a_message(any_store: Store) -> None:
    with pytest.raises(ValidationError, match="NUL character"):
        update_profile(any_store, "vision", "before\x00after")
    assert get_profile(any_store).vision == ""


@pytest.mark.postgresql
def test_a_nul_that_slips_past_the_services_is_a_store_error_not_a_crash(
        pg_store: Store) -> None:
    with pytest.raises(StoreError, match="NUL character"), pg_store.work() as w:
        w.add(Organisation(name="a\x00b"))
    with pg_store.work() as w:
        assert w.count(Organisation) == 0


# ----------------------------------------------------------------------------- NOTIFY


def test_notice_payloads_round_trip_and_shrink_to_fit() -> None:
    small = Notice("abc", {"profile": (1,), "organisation": (1, 2)})
    assert decode_notice(encode_notice(small)) == small
    big = Notice("abc", {"milestone": tuple(range(5000))})
    assert decode_notice(encode_notice(big)) == Notice("abc", {"milestone": ()})
    assert decode_notice("not json").everything


def test_a_notify_reaches_the_other_connection(pg_store: Store) -> None:
    received: queue.Queue[Notice] = queue.Queue()
    listener = ChangeListener(pg_store.url, received.put, ignore_instance=pg_store.instance,
                              poll_seconds=0.1)
    assert listener.start()
    colleague = Store.open(pg_store.url)
    try:
        started = time.perf_counter()
        update_profile(colleague, "vision", "Heard across the room")
        notice = received.get(timeout=5)
        latency = time.perf_counter() - started
        assert notice.instance == colleague.instance
        assert set(notice.tables) >= {"profile", "organisation"}
        assert latency < 3
        # My own commits are not echoed back to me; a rolled-back one sends nothing.
        update_profile(pg_store, "vision", "mine")
        with pytest.raises(RuntimeError), colleague.work() as w:
            w.add(Opportunity(title="never kept"))
            raise RuntimeError("rolled back")
        time.sleep(0.4)
        assert received.empty()
    finally:
        listener.stop()
        colleague.close()
    assert not listener.running


def test_a_listener_without_a_server_keeps_trying_quietly(pg_server: str) -> None:
    url = pg.with_database(pg_server, "no_such_database_here")
    calls: list[Notice] = []
    listener = ChangeListener(url, calls.append, poll_seconds=0.1)
    assert not listener.start(wait_seconds=0.5)
    deadline = time.monotonic() + 10
    while not listener.error and time.monotonic() < deadline:  # a slow first attempt
        time.sleep(0.05)
    assert "no_such_database_here" in listener.error
    listener.stop()
    assert calls == []


def test_notices_from_a_thread_storm_all_arrive(pg_store: Store) -> None:
    received: queue.Queue[Notice] = queue.Queue()
    listener = ChangeListener(pg_store.url, received.put, poll_seconds=0.1)
    assert listener.start()
    try:
        def write(n: int) -> None:
            with pg_store.work() as w:
                w.add(Opportunity(title=f"Opportunity {n}"))

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ids = set()
        deadline = time.monotonic() + 5
        while len(ids) < 8 and time.monotonic() < deadline:
            notice = received.get(timeout=5)
            ids |= set(notice.tables.get("opportunity", ()))
        assert ids == set(range(1, 9))
    finally:
        listener.stop()


def test_two_programs_opening_a_new_plan_at_once_both_succeed(pg_server: str) -> None:
    url = pg.new_database(pg_server, migrated=False)
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Store.open(url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        with Store.open(url) as s:
            assert s.check() == []
    finally:
        pg.drop_database(url)


def test_the_audit_chain_does_not_fork_when_colleagues_save_at_once(pg_store: Store) -> None:
    import itertools

    from planner.store.tables import AuditEvent

    def add_and_audit(store: Store, n: int) -> None:
        with store.work() as w:
            row = w.add(Opportunity(title=f"Opportunity {n}"))
            w.audit("opportunity", row.id, "create", row.title)

    others = [Store.open(pg_store.url) for _ in range(4)]
    try:
        threads = [threading.Thread(target=add_and_audit, args=(s, n))
                   for n, s in enumerate(others)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        for s in others:
            s.close()
    with pg_store.work() as w:
        events = w.list(AuditEvent, order_by=("id",))
    assert len(events) == 4
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))


def test_a_listener_whose_connection_drops_reconnects_and_asks_for_a_full_refresh(
        pg_store: Store) -> None:
    received: queue.Queue[Notice] = queue.Queue()
    listener = ChangeListener(pg_store.url, received.put, poll_seconds=0.1)
    assert listener.start()
    try:
        # The server ends the listener's session (a restart, a network cut, an admin).
        pg.admin(pg_store.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
        assert received.get(timeout=10).everything  # notices meanwhile may have been missed
        with Store.open(pg_store.url) as colleague:
            update_profile(colleague, "vision", "After the reconnect")
        assert "profile" in received.get(timeout=5).tables
    finally:
        listener.stop()
