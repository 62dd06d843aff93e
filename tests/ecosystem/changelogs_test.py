"""Unique keys from the project's Liquibase changelogs (``ecosystem.changelogs``): XML, YAML and
JSON, less what a later change drops."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.changelogs import changelog
from vcx_hook.ecosystem.changelogs import changes
from vcx_hook.ecosystem.changelogs import order
from vcx_hook.ecosystem.changelogs import uniques
from vcx_hook.main import main

from tests.helpers import git

XML = '''<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="a" id="1">
    <createTable tableName="court">
      <column autoIncrement="true" name="id" type="INTEGER">
        <constraints nullable="false" primaryKey="true" primaryKeyName="court_pkey" />
      </column>
      <column name="name" type="VARCHAR(80)">
        <constraints nullable="false" unique="true" uniqueConstraintName="court_name_ukey" />
      </column>
    </createTable>
    <createTable tableName="police_force">
      <column name="name" type="VARCHAR(64)">
        <constraints nullable="false" uniqueConstraintName="police_force_name_ukey" />
      </column>
    </createTable>
    <createTable tableName="contact">
      <column name="contact" type="VARCHAR(64)">
        <constraints unique="true" uniqueConstraintName="contact_ukey" />
      </column>
    </createTable>
    <rollback><addUniqueConstraint tableName="contact" columnNames="kind" /></rollback>
  </changeSet>
  <changeSet author="a" id="2">
    <addUniqueConstraint columnNames="dog_id, position" constraintName="dog_microchip_ukey" tableName="dog_microchip" />
    <createIndex indexName="dog_index" tableName="dog" unique="true"><column name="index_number" /></createIndex>
    <createIndex indexName="dog_name" tableName="dog"><column name="name" /></createIndex>
    <sql>CREATE UNIQUE INDEX person_ref ON public.person (reference);</sql>
  </changeSet>
</databaseChangeLog>
'''

YAML = '''databaseChangeLog:
  - changeSet:
      id: 3
      author: a
      changes:
        - dropUniqueConstraint:
            tableName: contact
            constraintName: contact_ukey
        - createTable:
            tableName: "insurance_company"
            columns:
            - column:
                name: company_name   # the insurer's name
                type: varchar(32)
                constraints:
                  nullable: false
                  unique: true
        - addColumn:
            tableName: dog
            columns:
              - column:
                  name: tag
                  constraints: {unique: true}
        - sql:
            sql: |
              CREATE UNIQUE INDEX breed_name ON breed (name);
'''


def _sets(found):
    return {table: set(keys) for table, keys in found.items()}


def test_an_xml_changelog_names_each_tables_unique_keys():
    assert _sets(uniques(changes('changelog/db.changelog-1.0.xml', XML.encode()))) == {
        'court': {frozenset({'id'}), frozenset({'name'})},
        'contact': {frozenset({'contact'})},
        'dog_microchip': {frozenset({'dog_id', 'position'})},
        'dog': {frozenset({'index_number'})},
        'person': {frozenset({'reference'})},
    }


def test_a_later_changelog_drops_a_key_by_its_name():
    found = [*changes('changelog/db.changelog-1.0.xml', XML.encode()), *changes('changelog/db.changelog-1.1.yaml', YAML.encode())]
    assert _sets(uniques(found))['insurance_company'] == {frozenset({'company_name'})}
    assert _sets(uniques(found))['breed'] == {frozenset({'name'})}
    assert _sets(uniques(found))['dog'] == {frozenset({'index_number'}), frozenset({'tag'})}
    assert 'contact' not in uniques(found)  # dropped: the table has no key left


def test_a_json_changelog_reads_as_the_yaml_one():
    doc = {'databaseChangeLog': [{'changeSet': {'id': '1', 'changes': [
        {'createTable': {'tableName': 'team', 'columns': [
            {'column': {'name': 'slug', 'constraints': {'unique': True}}},
            {'column': {'name': 'label'}}]}},
        {'addPrimaryKey': {'tableName': 'member', 'columnNames': 'team_id,user_id'}},
        {'dropTable': {'tableName': 'gone'}}]}}]}
    assert _sets(uniques(changes('db/changelog/init.json', json.dumps(doc).encode()))) == {
        'team': {frozenset({'slug'})}, 'member': {frozenset({'team_id', 'user_id'})}}


@pytest.mark.parametrize(('path', 'data', 'expected'), [
    pytest.param('changelog/db.changelog-1.0.xml', XML.encode(), True, id='xml'),
    pytest.param('src/main/resources/db/liquibase/master.yaml', YAML.encode(), True, id='yaml'),
    pytest.param('config/app.yaml', YAML.encode(), False, id='a-path-that-names-no-changelog'),
    pytest.param('CHANGELOG.json', b'{"version": "1.0"}', False, id='a-release-changelog'),
    pytest.param('changelog/broken.xml', b'<databaseChangeLog><changeSet>', True, id='broken-but-marked'),
])
def test_a_changelog_is_a_marked_file_its_path_names(path, data, expected):
    assert changelog(path, data) is expected


def test_a_broken_changelog_declares_nothing():
    assert changes('changelog/broken.xml', b'<databaseChangeLog><changeSet>') == []
    assert changes('changelog/broken.json', b'{"databaseChangeLog": [') == []


def test_changelogs_are_applied_in_their_numbers_order():
    assert sorted(['c/db.changelog-1.16.xml', 'c/db.changelog-1.2.xml'], key=order) == [
        'c/db.changelog-1.2.xml', 'c/db.changelog-1.16.xml']


REPO = '''const { sequelize } = require('../config/db')
const { sendCreateToAudit } = require('../messaging/audit')

const createCourt = async (data, user) => {
  const found = await sequelize.models.court.findOne({ where: { name: data.name } })
  if (found !== null) {
    throw new Error(`Court ${data.name} is already listed`)
  }
  const court = await sequelize.models.court.create({ name: data.name })
  await sendCreateToAudit('court', court, user)
  return court
}

module.exports = { createCourt }
'''


def test_a_unique_column_of_a_changelog_settles_what_a_create_runs_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'app/repos').mkdir(parents=True)
    (tmp_path / 'changelog').mkdir()
    (tmp_path / 'app/repos/courts.js').write_text(REPO)
    (tmp_path / 'package.json').write_text(json.dumps({'dependencies': {'sequelize': '^6.33.0'}}))
    (tmp_path / '.vcx.toml').write_text('enable = ["race-condition"]\nshow = "low"\n')
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(9, True)]
    (tmp_path / 'changelog/db.changelog-1.0.xml').write_text(XML)
    git(tmp_path, 'add', '.')
    main(['audit', '--format', 'json'])
    assert [(f['line'], ' and both run ' in f['message']) for f in json.loads(capsys.readouterr().out)['findings']] == [(9, False)]
