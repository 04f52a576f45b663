"""What only a PostgreSQL team database has (store layer): change notices, roles, row security.

- ``Notifier`` collects the rows a unit of work changed and sends one ``NOTIFY`` inside its
  transaction, so the notice is delivered when (and only if) the commit succeeds.
- ``ChangeListener`` is a background thread with its own connection that ``LISTEN``s and
  hands each notice to a callback. It knows nothing of Qt: the ui layer wraps it.
- ``setup_team_access`` grants a team role the tables and turns on row-level security so
  that a confidential conflict area or meeting is visible only to the plan's owner and to
  the roles listed in ``confidential_reader`` — enforced by the server, even for raw SQL.

psycopg is imported lazily so that a SQLite-only start never loads it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session

CHANNEL = "planner_changes"
TEAM_ROLE = "planner_team"
PAYLOAD_LIMIT = 7900  # PostgreSQL refuses NOTIFY payloads of 8000 bytes or more
_CHANGES_KEY = "planner_changes"
# Tables whose rows may be confidential (each has a ``confidential`` column and a policy).
CONFIDENTIAL_TABLES = ("conflict_area", "meeting")
# Who may see a confidential row: the policies' condition (the owner is exempt from them).
_SEES_CONFIDENTIAL = ("NOT confidential OR EXISTS ("
                      "SELECT 1 FROM confidential_reader r WHERE r.role_name = current_user)")


# ----------------------------------------------------------------------------- notices


@dataclass(frozen=True)
class Notice:
    """One committed unit of work, as another program sees it."""

    instance: str  # the sending Store's instance id (a program ignores its own notices)
    tables: dict[str, tuple[int, ...]] = field(default_factory=dict)
    everything: bool = False  # too many rows, a bulk statement, or notices were missed


def encode_notice(notice: Notice) -> str:
    """The payload text; shortened (ids dropped, then tables) to fit PostgreSQL's limit."""
    body: dict[str, Any] = {"i": notice.instance}
    if notice.everything:
        body["all"] = True
        return json.dumps(body, separators=(",", ":"))
    body["t"] = {name: sorted(ids) for name, ids in sorted(notice.tables.items())}
    payload = json.dumps(body, separators=(",", ":"))
    if len(payload.encode()) < PAYLOAD_LIMIT:
        return payload
    body["t"] = {name: [] for name in sorted(notice.tables)}
    payload = json.dumps(body, separators=(",", ":"))
    if len(payload.encode()) < PAYLOAD_LIMIT:
        return payload
    return json.dumps({"i": notice.instance, "all": True}, separators=(",", ":"))


def decode_notice(payload: str) -> Notice:
    """A payload back as a Notice; anything unreadable means "refresh everything"."""
    try:
        body = json.loads(payload)
        instance = str(body.get("i", ""))
        if body.get("all"):
            return Notice(instance, everything=True)
        tables = {str(name): tuple(int(i) for i in ids) for name, ids in body["t"].items()}
        return Notice(instance, tables)
    except (ValueError, TypeError, KeyError, AttributeError):
        return Notice("", everything=True)


class Notifier:
    """Sends a notice of each unit of work's changes, from within its transaction."""

    def __init__(self, instance: str | None = None, channel: str = CHANNEL) -> None:
        self.instance = instance or uuid.uuid4().hex
        self.channel = channel

    def track(self, session: Session) -> None:
        """Start collecting the rows this session writes."""
        session.info[_CHANGES_KEY] = {}
        event.listen(session, "after_flush", _collect)
        event.listen(session, "do_orm_execute", _bulk)

    def send(self, session: Session) -> None:
        """Queue the NOTIFY; PostgreSQL delivers it only when the transaction commits."""
        changes: dict[str, set[int]] | None = session.info.get(_CHANGES_KEY)
        if not changes:
            return
        everything = "*" in changes
        notice = Notice(self.instance, {} if everything else
                        {name: tuple(ids) for name, ids in changes.items()}, everything)
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": self.channel, "payload": encode_notice(notice)})


def _collect(session: Session, _context: object) -> None:
    changes: dict[str, set[int]] = session.info.setdefault(_CHANGES_KEY, {})
    for row in (*session.new, *session.dirty, *session.deleted):
        table = getattr(row, "__table__", None)
        if table is None:
            continue
        ids = changes.setdefault(str(table.name), set())
        ident = getattr(row, "id", None)
        if isinstance(ident, int):
            ids.add(ident)


def _bulk(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info.setdefault(_CHANGES_KEY, {})["*"] = set()


def libpq_conninfo(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://…``) as a libpq connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """A daemon thread that LISTENs on its own connection and calls ``on_notice``.

    ``on_notice`` runs on the listener's thread: a ui wrapper must hand it over to its own
    thread (a queued signal). Notices from ``ignore_instance`` (this program) are skipped.
    After a lost connection the listener reconnects and reports ``everything``, since
    notices sent meanwhile were missed.
    """

    def __init__(self, url: str, on_notice: Callable[[Notice], None], *,
                 ignore_instance: str | None = None, channel: str = CHANNEL,
                 poll_seconds: float = 0.5) -> None:
        self.conninfo = libpq_conninfo(url)
        self.on_notice = on_notice
        self.ignore_instance = ignore_instance
        self.channel = channel
        self.poll_seconds = poll_seconds
        self.error: str = ""  # the last connection problem, for a status line
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="planner-listen", daemon=True)

    def start(self, wait_seconds: float = 5.0) -> bool:
        """Start listening; True once LISTEN is in place (within ``wait_seconds``)."""
        self._thread.start()
        return self._ready.wait(wait_seconds)

    def stop(self, wait_seconds: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait_seconds)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        import psycopg
        from psycopg import sql

        first = True
        backoff = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self.error = ""
                    backoff = 0.5
                    self._ready.set()
                    if not first:
                        self.on_notice(Notice("", everything=True))
                    first = False
                    while not self._stop.is_set():
                        for item in conn.notifies(timeout=self.poll_seconds):
                            notice = decode_notice(item.payload)
                            if self.ignore_instance and notice.instance == self.ignore_instance:
                                continue
                            self.on_notice(notice)
            except psycopg.Error as exc:
                self.error = str(exc).strip() or type(exc).__name__
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)


# ----------------------------------------------------------------------------- roles, RLS


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def _grant_team(c: Connection, team_role: str) -> None:
    """Give ``team_role`` every table and sequence of the plan, now and (by default) those
    its owner creates later; idempotent. Who may read confidential rows, and the schema
    version, stay the owner's to change."""
    role = _quote(c, team_role)
    schema = _quote(c, str(c.execute(text("SELECT current_schema()")).scalar_one()))
    c.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {role}"))
    c.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
                   f"TO {role}"))
    c.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"))
    # Default privileges belong to the role that creates the tables, which for a schema
    # upgrade is the plan's owner (the runner acts as the owner, see ``upgrade_role``),
    # whoever runs ``planner team``: the owner itself or the server's administrator.
    owner = plan_owner(c)
    for_role = f"FOR ROLE {_quote(c, owner)} " if owner else ""
    c.execute(text(f"ALTER DEFAULT PRIVILEGES {for_role}IN SCHEMA {schema} "
                   f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}"))
    c.execute(text(f"ALTER DEFAULT PRIVILEGES {for_role}IN SCHEMA {schema} "
                   f"GRANT USAGE, SELECT ON SEQUENCES TO {role}"))
    c.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON confidential_reader, alembic_version "
                   f"FROM {role}"))


def admin_statements(engine: Engine, members: Iterable[str] = (),
                     team_role: str = TEAM_ROLE) -> list[str]:
    """What the server's administrator must run first so that the connected role can set the
    team up (empty when it can itself): creating the team role and the members' login roles
    needs CREATEROLE, and making someone a member needs the ADMIN OPTION on the team role.

    A plan's owner is usually a plain login role; it gets the ADMIN OPTION once, after which
    ``planner team`` run by the owner adds people on its own.
    """
    members = list(dict.fromkeys(members))
    with engine.connect() as c:
        me, can_create = c.execute(text(
            "SELECT rolname, rolsuper OR rolcreaterole FROM pg_roles "
            "WHERE rolname = current_user")).one()
        if can_create:
            return []
        existing = {str(r[0]) for r in c.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": [team_role, *members]})}
        if team_role in existing:  # members already in the team need nobody's grant
            members = [m for m in members if not _in_team(c, m, team_role)]
        admin = team_role in existing and bool(c.execute(text(
            "SELECT pg_has_role(current_user, :r, 'MEMBER WITH ADMIN OPTION')"),
            {"r": team_role}).scalar())
        role, owner = _quote(c, team_role), _quote(c, str(me))
        needed = []
        if team_role not in existing:
            needed.append(f"CREATE ROLE {role} NOLOGIN;")
        if not admin and (members or team_role not in existing):
            needed.append(f"GRANT {role} TO {owner} WITH ADMIN OPTION;")
        needed += [f"CREATE ROLE {_quote(c, m)} LOGIN;" for m in members
                   if m not in existing]
        return needed


def setup_team_access(engine: Engine, team_role: str = TEAM_ROLE) -> None:
    """Grant ``team_role`` the plan's tables and turn on row-level security.

    Run by the plan's owner (the role that created it) or the server's administrator; it
    is idempotent. Whoever runs it, everything it makes (policies, the audit function, the
    default privileges) belongs to the plan's owner, as the tables do: an administrator
    acts as the owner (SET ROLE) for all but creating the team role, so the owner and the
    team can both use every function, sequence and table afterwards. An owner who may not
    create roles is told what to ask the administrator for (``admin_statements``).

    Tables that later schema upgrades create get the grants by default (ALTER DEFAULT
    PRIVILEGES for the owner, as whom upgrades run), an upgrade re-applies the grants
    afterwards (``restore_team_access``), and an upgrade that needs a new policy creates
    it itself (see revision 0002): it need not be run again after upgrading. The owner
    keeps seeing every row: PostgreSQL exempts a table's owner from its policies (we do
    not FORCE them), and superusers too.
    """
    with engine.connect() as c:
        role = _quote(c, team_role)
        exists = c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                           {"r": team_role}).first()
        if exists is None:
            c.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        owner = upgrade_role(c)
        if owner is not None:
            # The owner adds colleagues later on its own (CREATE ROLE aside).
            c.execute(text(f"GRANT {role} TO {_quote(c, owner)} WITH ADMIN OPTION"))
            # An earlier version, run by the administrator, left the audit function to the
            # administrator (the owner could not save): give it to the owner.
            c.execute(text(
                "DO $$ BEGIN IF to_regprocedure('planner_audit_tail()') IS NOT NULL THEN "
                f"ALTER FUNCTION planner_audit_tail() OWNER TO {_quote(c, owner)}; "
                "END IF; END $$"))
        c.commit()
        with acting_as(c, owner):
            _secure(c, team_role)
            c.commit()


def _secure(c: Connection, team_role: str) -> None:
    """Grants, row security and the audit function, as the plan's owner."""
    role = _quote(c, team_role)
    schema = _quote(c, str(c.execute(text("SELECT current_schema()")).scalar_one()))
    _grant_team(c, team_role)
    for table in CONFIDENTIAL_TABLES:
        c.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        c.execute(text(f"DROP POLICY IF EXISTS planner_confidential ON {table}"))
        c.execute(text(f"CREATE POLICY planner_confidential ON {table} "
                       f"USING ({_SEES_CONFIDENTIAL})"))
    # A conflict's history shows its old and new values: hide it with the conflict. The
    # sub-select is itself filtered by the policy above.
    c.execute(text("ALTER TABLE conflict_history ENABLE ROW LEVEL SECURITY"))
    c.execute(text("DROP POLICY IF EXISTS planner_confidential ON conflict_history"))
    c.execute(text(
        "CREATE POLICY planner_confidential ON conflict_history "
        "USING (EXISTS (SELECT 1 FROM conflict_area a WHERE a.id = conflict_id))"))
    # A meeting's actions say what was agreed: hidden with the meeting.
    c.execute(text("ALTER TABLE meeting_action ENABLE ROW LEVEL SECURITY"))
    c.execute(text("DROP POLICY IF EXISTS planner_confidential ON meeting_action"))
    c.execute(text(
        "CREATE POLICY planner_confidential ON meeting_action "
        "USING (EXISTS (SELECT 1 FROM meeting m WHERE m.id = meeting_id))"))
    # The audit log names what changed (a conflict's title, a meeting's date): a
    # conflict area's or a meeting's events are visible with it. (Events of a deleted
    # one: to the owner only.)
    c.execute(text("ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY"))
    c.execute(text("DROP POLICY IF EXISTS planner_confidential ON audit_event"))
    c.execute(text(
        "CREATE POLICY planner_confidential ON audit_event USING ("
        "(entity <> 'conflict_area' OR entity_id IS NULL "
        " OR EXISTS (SELECT 1 FROM conflict_area a WHERE a.id = entity_id)) "
        "AND (entity <> 'meeting' OR entity_id IS NULL "
        " OR EXISTS (SELECT 1 FROM meeting m WHERE m.id = entity_id)))"))
    # Each event's hash covers the previous event's, which a colleague may not be allowed
    # to read: the chain's tail is read through a function that runs as the owner.
    mine = c.execute(text(
        "SELECT to_regprocedure('planner_audit_tail()') IS NULL OR pg_has_role(current_user, "
        "(SELECT proowner FROM pg_proc WHERE oid = to_regprocedure('planner_audit_tail()')), "
        "'USAGE')")).scalar()
    if not mine:
        return  # the administrator's (made by an older version): audit_tail copes
    c.execute(text(
        "CREATE OR REPLACE FUNCTION planner_audit_tail() RETURNS text "
        "LANGUAGE sql STABLE SECURITY DEFINER "
        f"SET search_path = {schema}, pg_temp AS "
        "$$ SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1 $$"))
    c.execute(text("REVOKE ALL ON FUNCTION planner_audit_tail() FROM PUBLIC"))
    c.execute(text(f"GRANT EXECUTE ON FUNCTION planner_audit_tail() TO {role}"))


def add_team_member(engine: Engine, member: str, team_role: str = TEAM_ROLE) -> bool:
    """Make a login role (created without a password if missing) a member of the team;
    False when it was a member already (nothing changed).

    Its password is set by the server's administrator (``\\password`` in psql); the planner
    never stores one.
    """
    with engine.begin() as c:
        name = _quote(c, member)
        exists = c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                           {"r": member}).first()
        if exists is None:
            c.execute(text(f"CREATE ROLE {name} LOGIN"))
        if _in_team(c, member, team_role):
            return False
        c.execute(text(f"GRANT {_quote(c, team_role)} TO {name}"))
        return True


def _in_team(c: Connection, member: str, team_role: str) -> bool:
    """Whether ``member`` is already a direct member of the team role."""
    return c.execute(text(
        "SELECT 1 FROM pg_auth_members a JOIN pg_roles t ON t.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE t.rolname = :t AND m.rolname = :m"),
        {"t": team_role, "m": member}).first() is not None


def hides_rows(connection: Connection, tables: Iterable[str] = CONFIDENTIAL_TABLES) -> bool:
    """Whether row-level security may hide rows of ``tables`` from the connected role.

    False for superusers, roles that bypass RLS, and the tables' owner. A whole-plan copy
    made by anyone else would silently miss rows, so it is refused.
    """
    for table in tables:
        row = connection.execute(text(
            "SELECT c.relrowsecurity AND NOT (r.rolsuper OR r.rolbypassrls "
            "  OR pg_has_role(current_user, c.relowner, 'USAGE')) "
            "FROM pg_class c, pg_roles r "
            "WHERE c.oid = to_regclass(:t) AND r.rolname = current_user"), {"t": table}).first()
        if row is not None and row[0]:
            return True
    return False


def plan_owner(connection: Connection) -> str | None:
    """The role that owns the plan (its ``alembic_version`` table); None for a new plan."""
    owner = connection.execute(text(
        "SELECT pg_get_userbyid(relowner) FROM pg_class "
        "WHERE oid = to_regclass('alembic_version')")).scalar()
    return None if owner is None else str(owner)


def upgrade_role(connection: Connection) -> str | None:
    """The role a schema upgrade must run as: the plan's owner, when the connected role is
    another one that may act as it (a superuser, or a member of the owner's role); None to
    run as the connected role itself (the owner, or a new plan).

    Tables an upgrade creates then belong to the owner, like the others: the owner stays
    exempt from their policies and can make the next upgrade, and the default privileges
    that ``planner team`` gave the team (ALTER DEFAULT PRIVILEGES applies to the role that
    creates a table) reach them.
    """
    row = connection.execute(text(
        "SELECT pg_get_userbyid(c.relowner), c.relowner <> r.oid AND (r.rolsuper "
        "  OR pg_has_role(current_user, c.relowner, CASE WHEN "  # SET ROLE: 'SET' from 16 on
        "    current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)) "
        "FROM pg_class c, pg_roles r "
        "WHERE c.oid = to_regclass('alembic_version') AND r.rolname = current_user")).first()
    if row is None or not row[1]:
        return None
    return str(row[0])


@contextlib.contextmanager
def acting_as(connection: Connection, role: str | None) -> Iterator[None]:
    """Run the block as ``role`` (SET ROLE), then as the connected role again, whatever
    happened: the connection goes back to the pool afterwards. None: as it is."""
    if role is None:
        yield
        return
    connection.execute(text(f"SET ROLE {_quote(connection, role)}"))
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()  # a failed upgrade leaves its transaction aborted
        connection.execute(text("RESET ROLE"))
        connection.commit()


def restore_team_access(connection: Connection, team_role: str = TEAM_ROLE) -> bool:
    """After a schema upgrade: give the team every table and sequence again (idempotent),
    when ``planner team`` has set this database up; True when it did.

    Whoever upgraded (the owner, or an administrator acting as the owner), a table the
    upgrade created reaches the team even if the default privileges were missing, e.g.
    because ``planner team`` of an older version set them up for another role.
    """
    set_up = connection.execute(text(
        "SELECT 1 FROM pg_policies p, pg_roles r WHERE p.schemaname = current_schema() "
        "AND p.tablename = 'conflict_area' AND p.policyname = 'planner_confidential' "
        "AND r.rolname = :r"), {"r": team_role}).first()
    if set_up is None:
        return False
    _grant_team(connection, team_role)
    return True


def upgrade_refusal(connection: Connection, head: str) -> str | None:
    """Why this role cannot upgrade the plan's schema to ``head``, or None when it can.

    Only a table's owner may alter it. A colleague who opens the team database with a newer
    Partnership Planner before the owner does is told whom to ask, instead of the server's
    "must be owner of table …" halfway through.
    """
    row = connection.execute(text(
        "SELECT pg_get_userbyid(c.relowner), "
        "  r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE') "
        "FROM pg_class c, pg_roles r "
        "WHERE c.oid = to_regclass('alembic_version') AND r.rolname = current_user")).first()
    if row is None:
        return None  # a new plan: whoever makes it owns it
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None or revision == head or row[1]:
        return None
    return (f"This team database needs a schema upgrade ({revision} to {head}) that only its "
            f"owner, {row[0]}, can make: ask them to open it once with this version of "
            "Partnership Planner, then try again.")


def sees_confidential(session: Session) -> bool:
    """Whether this session's role sees confidential rows: always on SQLite; on a server,
    when no policy applies to it (owner, superuser, no row security yet) or when it is a
    named reader. Only such a role may mark a row confidential (or it would lose it)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    connection = session.connection()
    if not hides_rows(connection):
        return True
    found = connection.execute(text(
        "SELECT 1 FROM confidential_reader WHERE role_name = current_user")).first()
    return found is not None


def consistent_reads(session: Session, *, read_only: bool = True) -> None:
    """Make the session's transaction (about to begin) read one snapshot throughout.

    Whole-plan reads (a copy, the dashboard's figures) must not see half of a colleague's
    commit, nor a commit made between two of their reads. Call before the first statement;
    SQLite's read transactions are snapshots already. ``read_only=False``: the transaction
    may still write (a plan's own organisation, made on its first use).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                             + (" READ ONLY" if read_only else "")))


def rows_hidden(session: Session) -> bool:
    """Whether this session's role may be missing confidential rows (see ``hides_rows``)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return hides_rows(session.connection())


def shown_url(url: str) -> str:
    """A database URL fit to show: the password left out."""
    return make_url(url).render_as_string(hide_password=True)


MIGRATION_LOCK = 0x504C414E  # "PLAN": the advisory lock key for schema upgrades
AUDIT_LOCK = 0x41554454  # "AUDT": one audit event at a time, so the hash chain never forks


def audit_tail(session: Session) -> str:
    """The hash of the newest audit event, for the next event to chain onto.

    Takes a transaction-level advisory lock first, so two colleagues' commits append one
    after the other instead of both chaining onto the same event; the lock ends with the
    transaction. Reads through ``planner_audit_tail()`` when row security is set up, as a
    colleague may not see the newest event.
    """
    # The function only when this role may run it: the plan's owner (exempt from row
    # security) reads directly, even where an older setup left the function to another role.
    row = session.execute(text(
        "SELECT pg_advisory_xact_lock(:k), CASE WHEN to_regprocedure('planner_audit_tail()') "
        "IS NULL THEN false ELSE has_function_privilege(to_regprocedure('planner_audit_tail()'), "
        "'EXECUTE') END"), {"k": AUDIT_LOCK}).one()
    if row[1]:
        tail = session.execute(text("SELECT planner_audit_tail()")).scalar()
    else:
        tail = session.execute(text(
            "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")).scalar()
    return str(tail) if tail is not None else ""


@contextlib.contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock while migrating, so that two programs opening a new
    (or older) plan at the same moment upgrade it one after the other, not both at once."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection, patient(connection):
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
            connection.commit()


@contextlib.contextmanager
def patient(connection: Connection) -> Iterator[None]:
    """Let this connection wait longer than a save may (a schema upgrade, or waiting for
    another program's): see planner/store/watchdog.py."""
    from planner.store.watchdog import patient as patient_dbapi

    dbapi = connection.connection.dbapi_connection
    with patient_dbapi(dbapi):  # type: ignore[arg-type]
        yield
