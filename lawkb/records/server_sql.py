"""Who may write what on the records server: roles, privileges and row-level security.

Two group roles hold the privileges; every person logs in with a role of their own that is
a member of one of them, so the server knows (and stamps on each row, as db_user) who wrote:

- lawkb_officer: reads the ledger; adds entries only for the officer its login speaks for
  (the `logins` table), and only self-study (自学, entered by hand) or automatic quiz and
  mock-exam minutes; sends its own attempts. Nothing else: no sessions, corrections,
  officers or settings.
- lawkb_coordinator: logs for anyone, group sessions, corrections, officers, settings,
  logins, and reads everything for reports and exports.

Nobody but the owner holds UPDATE, DELETE or TRUNCATE on entries, sessions, events or
attempts, and the append-only triggers refuse them even to the owner.
"""

from __future__ import annotations

import re

import lawkb.records.pgschema as pgschema
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.records.schema import MIGRATION_SET

OFFICER, COORDINATOR = "lawkb_officer", "lawkb_coordinator"
READ = (
    "officers, entries, sessions, events, settings, changes, ledger_head, events_head, "
    "logins, attempts, lawkb_migrations"
)
SELF_STUDY = "自学"

ROLES_SQL = f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OFFICER}') THEN
        CREATE ROLE {OFFICER} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{COORDINATOR}') THEN
        CREATE ROLE {COORDINATOR} NOLOGIN;
    END IF;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {OFFICER}, {COORDINATOR};
GRANT SELECT ON {READ} TO {OFFICER}, {COORDINATOR};
GRANT INSERT ON entries, attempts TO {OFFICER};
GRANT INSERT ON entries, sessions, events, officers, attempts, logins TO {COORDINATOR};
GRANT UPDATE (left_on) ON officers TO {COORDINATOR};
GRANT INSERT, UPDATE, DELETE ON settings TO {COORDINATOR};

-- the officer a login speaks for (NULL for a login that is not an officer's)
CREATE OR REPLACE FUNCTION login_officer() RETURNS text LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public AS
    'SELECT officer_id FROM logins WHERE login = session_user';

ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS entries_read ON entries;
DROP POLICY IF EXISTS entries_coordinator ON entries;
DROP POLICY IF EXISTS entries_officer ON entries;
DROP POLICY IF EXISTS attempts_read ON attempts;
DROP POLICY IF EXISTS attempts_coordinator ON attempts;
DROP POLICY IF EXISTS attempts_officer ON attempts;
CREATE POLICY entries_read ON entries FOR SELECT TO {OFFICER}, {COORDINATOR} USING (true);
CREATE POLICY entries_coordinator ON entries FOR INSERT TO {COORDINATOR} WITH CHECK (true);
CREATE POLICY entries_officer ON entries FOR INSERT TO {OFFICER} WITH CHECK (
    officer_id = login_officer()
    AND corrects IS NULL AND session_id IS NULL
    AND ((source = 'manual' AND automatic = 0 AND activity = '{SELF_STUDY}')
         OR (source IN ('quiz', 'exam') AND automatic = 1 AND ref <> ''))
);
CREATE POLICY attempts_read ON attempts FOR SELECT TO {OFFICER}, {COORDINATOR} USING (true);
CREATE POLICY attempts_coordinator ON attempts FOR INSERT TO {COORDINATOR} WITH CHECK (true);
CREATE POLICY attempts_officer ON attempts FOR INSERT TO {OFFICER}
    WITH CHECK (officer_id = login_officer());
"""

_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def init_sql() -> str:
    """Everything `init-server --apply` runs, as one script a DBA can read and run."""
    parts = ["BEGIN;", pgschema.MIGRATIONS_TABLE + ";"]
    for name, sql in pgschema.MIGRATIONS:
        parts.append(f"-- migration {name}")
        parts.append(sql.strip())
        parts.append(
            "INSERT INTO lawkb_migrations (migration_set, name, applied_at) "
            f"VALUES ('{MIGRATION_SET}', '{name}', to_char(now() AT TIME ZONE 'UTC', "
            '\'YYYY-MM-DD"T"HH24:MI:SS"Z"\'));'
        )
    parts.append("-- roles, privileges and row-level security")
    parts.append(ROLES_SQL.strip())
    parts.append("COMMIT;")
    return "\n".join(parts) + "\n"


def check_login(login: str) -> str:
    if not _LOGIN.match(login or ""):
        raise InvalidInput(
            "login",
            _("'{login}' 不是可用的数据库用户名（小写字母、数字和下划线，字母开头）").format(
                login=login
            ),
        )
    return login


def login_sql(login: str, officer_id: str | None, coordinator: bool = False) -> str:
    """A login for one person: a role of their own in the officers' or coordinators' group;
    an officer's login is tied to their officer id. The password is set by the DBA."""
    login = check_login(login)
    group = COORDINATOR if coordinator else OFFICER
    lines = [
        f'CREATE ROLE "{login}" LOGIN IN ROLE {group};',
        f"-- ALTER ROLE \"{login}\" PASSWORD '…';   (or a pg_hba.conf rule for this user)",
    ]
    if officer_id:
        quoted = officer_id.replace("'", "''")
        lines.append(f"INSERT INTO logins (login, officer_id) VALUES ('{login}', '{quoted}');")
    return "\n".join(lines) + "\n"
