"""Unique keys from the project's Prisma schemas, read as the audited code sees them (the index in
hook mode), settle a check-then-create whose filter holds one (bench/judged race:unique-constraint)."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem.schemas import maybe_models
from vcx_hook.ecosystem.schemas import merged
from vcx_hook.ecosystem.schemas import mongoose_uniques
from vcx_hook.ecosystem.schemas import prisma_uniques
from vcx_hook.ecosystem.schemas import typeorm_uniques
from vcx_hook.ecosystem.schemas import unique_filter
from vcx_hook.ecosystem.schemas import wanted
from vcx_hook.ecosystem.schemas import wants_entities
from vcx_hook.ecosystem.schemas import wants_models
from vcx_hook.main import main

from tests.helpers import git

SCHEMA = '''generator client {
  provider = "prisma-client-js"
}

model CustomDomain {
  name        String   @id
  createdAt   DateTime @default(now())
  workspaceId String
}

model Invitation {
  id        String @id @default(cuid())
  email     String // @unique in a comment is no key
  teamId    String
  createdAt DateTime @default(now()) @db.Timestamp(6)

  @@unique([email, teamId])
  @@index([teamId])
}

model LlmTool {
  id        String @id
  projectId String
  name      String

  @@unique(fields: [projectId, name(sort: Desc)], name: "tool_name")
}

model User {
  id    String  @id
  email String? @unique
  posts Post[]  @relation("author")
}
'''


def test_a_schema_names_each_models_unique_keys():
    assert prisma_uniques(SCHEMA) == {
        'customdomain': (frozenset({'name'}),),
        'invitation': (frozenset({'id'}), frozenset({'email', 'teamId'})),
        'llmtool': (frozenset({'id'}), frozenset({'projectId', 'name'})),
        'user': (frozenset({'id'}), frozenset({'email'})),
    }


def test_the_keys_of_several_schemas_are_joined():
    assert merged([{'user': (frozenset({'id'}),)}, {'user': (frozenset({'id'}), frozenset({'email'}))}]) == {
        'user': (frozenset({'id'}), frozenset({'email'})),
    }


@pytest.mark.parametrize(('model', 'fields', 'unique'), [
    pytest.param('customDomain', ('name',), True, id='the primary key'),
    pytest.param('invitation', ('teamId', 'email'), True, id='a compound key'),
    pytest.param('invitation', ('email', 'teamId', 'deletedAt'), True, id='a key and more'),
    pytest.param('invitation', ('email',), False, id='part of a compound key'),
    pytest.param('project', ('name',), False, id='a model the schema does not have'),
])
def test_a_filter_is_unique_when_it_holds_a_key(model, fields, unique):
    assert unique_filter(model, fields, prisma_uniques(SCHEMA)) is unique


def test_only_a_file_with_such_a_read_needs_the_schema():
    assert wanted(b'await prisma.user.findFirst({ where: { email } })')
    assert not wanted(b'await prisma.user.findUnique({ where: { email } })')


HANDLER = '''import { prisma } from './db';

export async function addDomain(name: string, workspaceId: string) {
  const existing = await prisma.customDomain.findFirst({ where: { name } });
  if (existing) throw new Error('domain taken');
  return await prisma.customDomain.create({ data: { name, workspaceId } });
}

export async function invite(email: string, teamId: string) {
  const invited = await prisma.invitation.findFirst({ where: { email } });
  if (invited) throw new Error('already invited');
  return await prisma.invitation.create({ data: { email, teamId } });
}
'''


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'packages/db/prisma').mkdir(parents=True)
    (tmp_path / 'apps/web/src').mkdir(parents=True)
    (tmp_path / 'apps/web/src/domains.ts').write_text(HANDLER)
    (tmp_path / '.vcx.toml').write_text('enable = ["race-condition"]\nblock = "low"\nfold = false\n')
    return tmp_path


def _asked(capsys):
    return [line.split(': race-condition')[0] for line in capsys.readouterr().out.splitlines() if ': race-condition' in line]


def test_a_unique_key_in_the_staged_schema_settles_check_then_create(repo, capsys):
    """The schema in another package of the monorepo, as staged: a name that is the primary key
    settles the domain's check; an email that is only part of a compound key does not settle the
    invitation's."""
    (repo / 'packages/db/prisma/schema.prisma').write_text(SCHEMA)
    git(repo, 'add', 'apps', '.vcx.toml')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/web/src/domains.ts:6:16', 'apps/web/src/domains.ts:12:16']
    git(repo, 'add', 'packages')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/web/src/domains.ts:12:16']
    assert main(['audit', '--all']) == 1
    assert _asked(capsys) == ['apps/web/src/domains.ts:12:16']


ENTITIES = '''import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'labels' })
@Index(['title'], { unique: true })
@Index(['groupId'])
export class Label {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ length: 60, unique: true })
  name!: string;

  @Column()
  title!: string;
}

export class LabelDto {
  @Column({ unique: true })
  notAnEntity!: string;
}

@Unique('member_email', ['teamId', 'email'])
@Entity()
export class Member {
  @Index({ unique: true })
  @Column()
  readonly handle?: string;

  @Column()
  email: string;
}
'''


def test_an_entity_file_names_each_entitys_unique_keys():
    assert typeorm_uniques(ENTITIES) == {
        'label': (frozenset({'title'}), frozenset({'id'}), frozenset({'name'})),
        'member': (frozenset({'teamId', 'email'}), frozenset({'handle'})),
    }


def test_only_an_entity_manager_read_naming_its_entity_needs_the_entities():
    assert wants_entities(b'await ctx.manager.findOne(LabelOrmEntity, { where: { name } })')
    assert not wants_entities(b'await this.labels.findOne({ where: { name } })')


IMPORTER = '''import { EntityManager } from 'typeorm';
import { Label } from './label.entity';

export async function importLabel(manager: EntityManager, label: { name: string; title: string }) {
  const byName = await manager.findOne(Label, { where: { name: label.name } });
  if (byName) return byName;
  return await manager.save(manager.create(Label, label));
}

export async function importByTitle(manager: EntityManager, label: { groupId: string; title: string }) {
  const byGroup = await manager.findOne(Label, { where: { groupId: label.groupId } });
  if (byGroup) return byGroup;
  return await manager.save(manager.create(Label, label));
}
'''


def test_a_unique_column_of_the_entity_settles_the_entity_managers_check(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src/import.ts').write_text(IMPORTER)
    (tmp_path / 'src/label.entity.ts').write_text(ENTITIES)
    (tmp_path / '.vcx.toml').write_text('enable = ["race-condition"]\nblock = "low"\n')
    git(tmp_path, 'add', '.')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['src/import.ts:13:16']


HELPERS = '''import { prisma } from './db';

export const getUser = (key: { email: string }) => prisma.user.findUnique({ where: key });
export const createUser = (data: { email: string; name: string }) => prisma.user.create({ data });
export const getInvitation = (key: { email: string }) => prisma.invitation.findFirst({ where: key });
export const createInvitation = (data: { email: string; teamId: string }) => prisma.invitation.create({ data });

export async function join(email: string, name: string) {
  if (await getUser({ email })) throw new Error('taken');
  return await createUser({ email, name });
}

export async function invite(email: string, teamId: string) {
  if (await getInvitation({ email })) throw new Error('already invited');
  return await createInvitation({ email, teamId });
}
'''


def test_a_helper_named_for_the_model_reads_it_by_its_filter(repo, capsys):
    """``getUser({ email })`` over a ``User`` whose email is unique settles the sign-up's check; the
    invitation's email is only part of a compound key, so its check is still asked."""
    (repo / 'packages/db/prisma/schema.prisma').write_text(SCHEMA)
    (repo / 'apps/web/src/domains.ts').unlink()
    (repo / 'apps/web/src/users.ts').write_text(HELPERS)
    git(repo, 'add', '.')
    assert main(['audit', '--all']) == 1
    assert [a.split(':')[1] for a in _asked(capsys)] == ['15']
    assert main(['audit']) == 1
    assert [a.split(':')[1] for a in _asked(capsys)] == ['15']


MODELS = '''const mongoose = require('mongoose');

const tokenSchema = new mongoose.Schema({
  value: { type: String, required: true, unique: [true, 'token taken'] },
  owner: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
  scope: { type: String },
  meta: { slug: { type: String, unique: true } },
  label: { type: String, unique: false },
});
tokenSchema.index({ owner: 1, 'scope': -1 }, { unique: true, sparse: true });
tokenSchema.index({ scope: 1 });

const UserSchema = new mongoose.Schema({ email: { type: String, unique: true } }, { timestamps: true });

module.exports = mongoose.model('Token', tokenSchema);
const UserModel = mongoose.model('User', UserSchema);
'''


def test_a_mongoose_file_names_each_models_unique_keys():
    assert mongoose_uniques(MODELS) == {
        'token': (frozenset({'value'}), frozenset({'owner', 'scope'})),
        'user': (frozenset({'email'}),),
        'usermodel': (frozenset({'email'}),),
    }


@pytest.mark.parametrize('text', [
    pytest.param(MODELS.replace("require('mongoose')", "require('./mongoose-like')"), id='no mongoose import'),
    pytest.param('const s = new Schema({ a: { unique: true } });\nmodel("A", s);\n', id='a Schema of nothing imported'),
])
def test_only_a_file_importing_mongoose_declares_models(text):
    assert mongoose_uniques(text) == {}


def test_a_typed_es_module_model():
    text = (
        "import { Schema, model } from 'mongoose';\n"
        "const schema = new Schema<IUser>({\n  email: { type: String, unique: true, lowercase: true },\n});\n"
        "export const User = model<IUser>('User', schema);\n"
    )
    assert mongoose_uniques(text) == {'user': (frozenset({'email'}),)}


def test_only_a_model_read_by_filter_needs_the_models():
    assert wants_models(b'const found = await User.findOne({ email });')
    assert not wants_models(b'const found = await this.users.findOne({ where: { email } });')
    assert maybe_models(b"import mongoose from 'mongoose'; new Schema({ a: { unique: true } })")
    assert not maybe_models(b"import mongoose from 'mongoose'; new Schema({ a: String })")


SIGNUP = '''import { User, Token } from './models';

export async function signup(email: string) {
  const taken = await User.findOne({ email });
  if (taken) throw new Error('email taken');
  return await User.create({ email });
}

export async function issue(scope: string) {
  const issued = await Token.findOne({ scope });
  if (issued) throw new Error('issued');
  return await Token.create({ scope });
}
'''


def test_a_staged_read_brings_the_mongoose_models_keys(repo, capsys):
    """The model file staged in another folder: the email's check is settled, the scope's (part of
    a compound key) is still asked."""
    (repo / 'package.json').write_text('{"dependencies": {"mongoose": "^8.0.0"}}')
    (repo / 'packages/db/models.js').write_text(MODELS)
    (repo / 'apps/web/src/signup.ts').write_text(SIGNUP)
    git(repo, 'add', 'apps/web/src/signup.ts', '.vcx.toml', 'package.json')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/web/src/signup.ts:6:16', 'apps/web/src/signup.ts:12:16']
    git(repo, 'add', 'packages')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/web/src/signup.ts:12:16']


def test_a_staged_read_reads_no_model_where_no_package_declares_mongoose(repo, capsys):
    """Finding Mongoose models means reading every source: a staged `User.findOne({ ... })` in a
    project that declares no Mongoose (Sequelize's reads look the same) does not pay for it; the
    whole audit (`--all`) still reads them."""
    (repo / 'package.json').write_text('{"dependencies": {"sequelize": "^6.0.0"}}')
    (repo / 'packages/db/models.js').write_text(MODELS)
    (repo / 'apps/web/src/signup.ts').write_text(SIGNUP)
    git(repo, 'add', 'apps/web/src/signup.ts', '.vcx.toml', 'package.json', 'packages')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/web/src/signup.ts:6:16', 'apps/web/src/signup.ts:12:16']
    assert main(['audit', '--all', 'apps/web/src/signup.ts']) == 1
    assert _asked(capsys) == ['apps/web/src/signup.ts:12:16']
