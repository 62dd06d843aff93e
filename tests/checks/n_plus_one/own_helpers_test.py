"""n-plus-one one hop down: a helper the file defines, handed the element, whose body queries with it."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')

LOOP = ('export async function f(rows) {\n'
        '  for (const row of rows) {\n'
        '    await handle(row, null);\n'
        '  }\n'
        '}\n')
ASKED = ['x.ts:3 `handle()` runs `Item.findOne()` (line {line}) once per `row` of the for-of loop over `rows` on line 2']


@pytest.mark.parametrize(('helper', 'line'), [
    pytest.param('async function handle(row, cache) {\n  return Item.findOne({ id: row.itemId });\n}\n', 7,
                 id='keyed by an id of the element'),
    pytest.param('async function handle(row, cache) {\n  const { item } = row;\n'
                 '  return Item.findOne({ id: item.id });\n}\n', 8, id='through a name computed from it'),
    pytest.param('const handle = async (row, cache) => {\n'
                 '  if (row.itemId) return await Item.findOne({ id: row.itemId });\n};\n', 7, id='an arrow'),
])
def test_a_helper_that_queries_with_the_element(helper, line):
    assert findings(LOOP + helper) == [ASKED[0].format(line=line)]


@pytest.mark.parametrize('helper', [
    pytest.param('async function handle(row, cache) {\n'
                 '  return cache ? cache[row.itemId] : await Item.findOne({ id: row.itemId });\n}\n',
                 id='a fallback when the batch is not handed down'),
    pytest.param('async function handle(row, cache) {\n'
                 '  if (cache && row.itemId in cache) return cache[row.itemId];\n'
                 '  else return await Item.findOne({ id: row.itemId });\n}\n', id='a fallback in an else'),
    pytest.param('async function handle(row, cache) {\n  return Item.findOne({ where: row.filters });\n}\n',
                 id='built from the element, not keyed by it'),
    pytest.param('async function handle(row, cache) {\n'
                 '  for (const id of row.ids) await Item.findOne({ id });\n}\n', id='a loop of its own'),
    pytest.param('async function handle(row, cache) {\n  return Item.findOne({ id: cache.itemId });\n}\n',
                 id='another parameter'),
    pytest.param("import axios from 'axios';\n"
                 'async function handle(row, cache) {\n'
                 '  await axios.post(`/items/${row.itemId}`);\n'
                 '  return Item.findOne({ id: row.itemId });\n}\n', id='a request per element already'),
])
def test_not_asked(helper):
    assert findings(LOOP + helper) == []


def test_an_object_handed_to_a_destructuring_helper_maps_by_key():
    src = ('export async function f(columns, connectionId) {\n'
           '  await Promise.all(columns.map((column) => keys({ connectionId, columnId: column.id })));\n'
           '}\n'
           'async function keys({ connectionId, columnId }) {\n'
           '  await Version.findOne({ connectionId });\n'
           '  return Key.findOne({ columnId });\n'
           '}\n')
    assert findings(src) == [
        'x.ts:2 `keys()` runs `Key.findOne()` (line 6) once per `column` of `columns.map()` on line 2']


@pytest.mark.parametrize(('helper', 'expected'), [
    pytest.param("async function handle(row, cache) {\n  const qb = Item.createQueryBuilder('i')\n"
                 "    .where('i.rowId = :id', { id: row.id });\n  return qb.getMany();\n}\n",
                 ["x.ts:3 `handle()` runs `Item.createQueryBuilder('i')...getMany()` (line 9) once per `row` "
                  'of the for-of loop over `rows` on line 2'],
                 id='a builder held in a local and run'),
    pytest.param('async function handle(row, cache) {\n  const qx = new QueryExecutor(row.connection);\n'
                 '  return getItemsForRow(qx, row.id);\n}\n',
                 ['x.ts:3 `handle()` runs `getItemsForRow()` (line 8) once per `row` of the for-of loop over '
                  '`rows` on line 2'],
                 id='through an executor constructed from the element'),
    pytest.param('async function handle(row, cache) {\n  const qx = new QueryExecutor(row.connection);\n'
                 '  return getItemsForRow(qx, row.filters);\n}\n',
                 [], id='an executor and a filter of the element'),
])
def test_builders_and_executors(helper, expected):
    assert findings(LOOP + helper) == expected


def test_a_repository_held_in_a_local_is_still_a_store():
    helper = ('async function handle(row, cache) {\n  const repo = getRepository(Item);\n'
              '  return repo.findOne({ where: { id: row.itemId } });\n}\n')
    assert findings(LOOP + helper) == [
        'x.ts:3 `handle()` runs `repo.findOne()` (line 8) once per `row` of the for-of loop over `rows` on line 2']


@pytest.mark.parametrize(('helper', 'asked'), [
    pytest.param('async function handle(src, cache) {\n  return Item.findOne({ id: src });\n}\n', True,
                 id='the parameter passed under an id key'),
    pytest.param("async function handle(src, cache) {\n  return Item.findOne({ 'itemId': src });\n}\n", True,
                 id='under a quoted id key'),
    pytest.param('async function handle(src, cache) {\n  return Item.findOne({ status: src });\n}\n', False,
                 id='under a key that is no id: a filter, not a lookup'),
])
def test_a_parameter_keyed_by_the_object_key_it_is_passed_under(helper, asked):
    assert bool(findings(LOOP + helper)) == asked


@pytest.mark.parametrize(('insert', 'expected'), [
    pytest.param('Item.create({ name: row.name, owner: row.ownerId })',
                 ['x.ts:3 `handle()` runs `Item.create()` (line 7) once per `row` of the for-of loop over `rows` on line 2'],
                 id='an insert made from the element'),
    pytest.param("Item.create({ kind: 'audit', at: Date.now() })", [], id='an insert of nothing of it'),
    pytest.param('Item.save({ name: row.name })', [], id='a save: as often an update'),
])
def test_a_helper_that_inserts_the_element(insert, expected):
    assert findings(LOOP + f'async function handle(row, cache) {{\n  return {insert};\n}}\n') == expected
