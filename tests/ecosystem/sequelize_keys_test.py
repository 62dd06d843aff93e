"""Unique keys from a Sequelize project's models and migrations (``ecosystem.sequelize_keys``)."""
from __future__ import annotations

import json

from vcx_hook.ecosystem.sequelize_keys import uniques
from vcx_hook.ecosystem.sequelize_keys import wanted
from vcx_hook.main import main

from tests.helpers import git

MODELS = '''
module.exports = (sequelize, DataTypes) => {
  const Court = sequelize.define('court', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING, unique: true, validate: { len: [1, 80] } },
    code: { type: DataTypes.STRING, unique: { msg: 'taken' } },
    orgId: { type: DataTypes.INTEGER, unique: 'org_slug' },
    slug: { type: DataTypes.STRING, unique: 'org_slug' },
    label: { type: DataTypes.STRING, allowNull: false },
  }, {
    tableName: 'courts',
    indexes: [{ unique: true, fields: ['label', 'orgId'] }, { fields: ['name'] }],
  })
  return Court
}
class Insurer extends Model {}
Insurer.init({
  companyName: { type: DataTypes.STRING, field: 'company_name', unique: true },
}, { sequelize, modelName: 'insurance_company' })
'''
MIGRATION = '''
module.exports = {
  async up (queryInterface, Sequelize) {
    await queryInterface.createTable('users', {
      id: { type: Sequelize.INTEGER, primaryKey: true },
      email: { type: Sequelize.STRING, unique: true },
      name: { type: Sequelize.STRING },
    })
    await queryInterface.addColumn('users', 'handle', { type: Sequelize.STRING, unique: true })
    await queryInterface.addConstraint('teams', { fields: ['org_id', 'name'], type: 'unique', name: 'x' })
    await queryInterface.addIndex('members', ['team_id', 'user_id'], { unique: true })
    await queryInterface.addIndex('members', ['created_at'])
  }
}
'''
DECORATED = '''
@Table({ tableName: 'communities' })
export class Community extends Model<Community> {
  @PrimaryKey
  @Default(DataType.UUIDV4)
  @Column(DataType.UUID)
  declare id: CreationOptional<string>;

  @AllowNull(false)
  @Unique
  @Column(DataType.TEXT)
  declare subdomain: string;

  @Column({ type: DataType.TEXT, unique: true })
  domain?: string | null;

  @Column(DataType.TEXT)
  title: string;
}
'''


def _sets(found):
    return {name: set(keys) for name, keys in found.items()}


def test_a_defined_or_initialised_model_names_its_keys_and_its_indexes():
    keys = {frozenset({'id'}), frozenset({'name'}), frozenset({'code'}), frozenset({'orgId', 'slug'}),
            frozenset({'label', 'orgId'})}
    assert _sets(uniques(MODELS)) == {
        'court': keys, 'courts': keys,
        'insurer': {frozenset({'companyName'})}, 'insurance_company': {frozenset({'companyName'})},
    }


def test_a_migration_names_each_tables_keys():
    assert _sets(uniques(MIGRATION)) == {
        'users': {frozenset({'id'}), frozenset({'email'}), frozenset({'handle'})},
        'teams': {frozenset({'org_id', 'name'})},
        'members': {frozenset({'team_id', 'user_id'})},
    }


def test_a_sequelize_typescript_table_names_its_decorated_keys():
    keys = {frozenset({'id'}), frozenset({'subdomain'}), frozenset({'domain'})}
    assert _sets(uniques(DECORATED)) == {'community': keys, 'communities': keys}


def test_only_a_file_that_may_declare_a_key_is_parsed():
    assert wanted(MODELS.encode()) and wanted(MIGRATION.encode()) and wanted(DECORATED.encode())
    assert not wanted(b"Sentry.init({ dsn: process.env.DSN })")
    assert not wanted(b"const User = sequelize.define('user', { name: DataTypes.STRING })")


SERVICE = """const { Court } = require('./models');
const { sendCreateToAudit } = require('./audit');

async function addCourt(data, user) {
  const found = await Court.findOne({ where: { region: data.region, active: true } });
  if (found) throw new Error(`Court ${data.name} is already listed`);
  const court = await Court.create({ name: data.name, region: data.region });
  await sendCreateToAudit('court', court, user);
  return court;
}

module.exports = { addCourt };
"""


def test_a_staged_create_reads_the_sequelize_models_keys(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'src/models').mkdir(parents=True)
    (tmp_path / 'src/courts.js').write_text(SERVICE)
    (tmp_path / 'package.json').write_text(json.dumps({'dependencies': {'sequelize': '^6.33.0'}}))
    (tmp_path / '.vcx.toml').write_text('enable = ["race-condition"]\nshow = "low"\n')
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(7, True)]
    (tmp_path / 'src/models/court.js').write_text(MODELS)
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(7, False)]
