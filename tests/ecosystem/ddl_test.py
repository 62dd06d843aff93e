"""Unique keys from the project's SQL files and Knex migrations (``ecosystem.ddl``), read as the
audited code sees them in a project that writes SQL: a create whose data sets one is refused twice."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.ddl import knex_migration
from vcx_hook.ecosystem.ddl import knex_uniques
from vcx_hook.ecosystem.ddl import sql_uniques
from vcx_hook.ecosystem.ddl import table_keys
from vcx_hook.ecosystem.ddl import wanted
from vcx_hook.main import main

from tests.helpers import git

SQL = '''-- ALTER TABLE ONLY public.notes ADD CONSTRAINT notes_title UNIQUE (title);
CREATE TABLE IF NOT EXISTS public."Users" (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    org_id integer,
    name varchar(20),
    CONSTRAINT users_org_name UNIQUE (org_id, name),
    CHECK (char_length(name) > 0)
);
ALTER TABLE ONLY public.utilisateurs
    ADD CONSTRAINT utilisateurs_email_unique UNIQUE (email);
CREATE UNIQUE INDEX users_lower_email ON users (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS teams_slug ON public.teams USING btree (slug);
'''


def test_a_sql_file_names_each_tables_unique_keys():
    assert _sets(sql_uniques(SQL)) == {
        'users': {frozenset({'org_id', 'name'}), frozenset({'id'}), frozenset({'email'})},
        'utilisateurs': {frozenset({'email'})},
        'teams': {frozenset({'slug'})},
    }


def _sets(uniques):
    return {table: set(keys) for table, keys in uniques.items()}


KNEX = '''exports.up = (knex) => knex.schema
  .createTable('accounts', (t) => {
    t.increments();
    t.string('email', 255).notNullable().unique();
    t.string('slug');
    t.unique(['org_id', 'slug']);
  })
  .alterTable('teams', (t) => {
    t.string('name').unique();
  });
'''


def test_a_knex_migration_names_each_tables_unique_keys():
    assert _sets(knex_uniques(KNEX)) == {
        'accounts': {frozenset({'email'}), frozenset({'org_id', 'slug'}), frozenset({'id'})},
        'teams': {frozenset({'name'})},
    }
    assert knex_migration('db/migrations/20240101_init.js', KNEX.encode())
    assert not knex_migration('src/accounts.js', KNEX.encode())


KYSELY = """export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => {
      return col.notNull().unique();
    })
    .addColumn('name', 'text')
    .addUniqueConstraint('members_org_name', ['org_id', 'name'])
    .execute();
  await db.schema.alterTable('opportunities').addColumn('link', 'text').execute();
}
"""


def test_a_kysely_migration_names_each_tables_unique_keys():
    assert _sets(knex_uniques(KYSELY)) == {
        'members': {frozenset({'id'}), frozenset({'email'}), frozenset({'org_id', 'name'})},
    }


@pytest.mark.parametrize(('model', 'keys'), [
    pytest.param('Utilisateur', {frozenset({'email'})}, id='plural-table'),
    pytest.param('user', {frozenset({'orgid', 'name'}), frozenset({'id'}), frozenset({'email'})}, id='snake-columns'),
    pytest.param('Note', set(), id='a-commented-constraint-is-none'),
])
def test_a_models_table_is_found_by_its_plural(model, keys):
    assert set(table_keys(model, sql_uniques(SQL))) == keys


def test_only_a_file_that_makes_a_record_needs_the_migrations():
    assert wanted(b'if (!(await getUser(pool, sub))) await createUtilisateur(pool, { email })')
    assert wanted(b"if (!(await knex('users').where({ sub }).first())) await knex('users').insert({ email })")
    assert not wanted(b'const user = await getUser(pool, id)')
    assert not wanted(b"await knex('users').insert({ email })")


LOADER = '''import { Pool } from 'pg';
import { emailsSend } from './mail';
import { createUtilisateur, getUtilisateurByKeycloakId } from './queries';

export async function userLoad(pool: Pool, sub: string, email: string) {
  let user = await getUtilisateurByKeycloakId(pool, sub);
  if (!user) {
    user = await createUtilisateur(pool, { id: sub, email, keycloak_id: sub });
    await emailsSend([email], 'Bienvenue');
  }
  return user;
}
'''


def test_a_unique_column_of_a_sql_migration_settles_what_a_create_runs_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'src/migrations').mkdir(parents=True)
    (tmp_path / 'src/user-loader.ts').write_text(LOADER)
    (tmp_path / 'package.json').write_text(json.dumps({'dependencies': {'pg': '^8.0.0'}}))
    (tmp_path / '.vcx.toml').write_text('enable = ["race-condition"]\nshow = "low"\n')
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(8, True)]
    (tmp_path / 'src/migrations/001_init.sql').write_text(SQL)
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(8, False)]
