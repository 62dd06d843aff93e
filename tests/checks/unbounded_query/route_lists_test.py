from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'routes/kb.js')
HEAD = "const express = require('express');\nconst router = express.Router();\n"


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        HEAD + "router.get('/', (req, res) => {\n"
        '  KB.find({ id_project: req.projectid }, (err, kbs) => res.send(kbs));\n});\n',
        ['routes/kb.js:4 `KB.find()` has a filter but no page size, and the handler answers with every '
         '`KB` record it finds'],
        id='node-style callback'),
    pytest.param(
        HEAD + "router.get('/', (req, res, next) => {\n"
        '  Member.find({ where: { guildId: req.params.id } }).then((rows) => res.json({ data: rows })).catch(next);\n});\n',
        ['routes/kb.js:4 `Member.find()` has a filter but no page size, and the handler answers with every '
         '`Member` record it finds'],
        id='then callback, inside an object'),
    pytest.param(
        HEAD + "router.get('/', (req, res, next) => {\n"
        '  Member.find({ where: { guildId: req.params.id }, take: 50 }).then((rows) => res.json(rows)).catch(next);\n});\n',
        [], id='a page size'),
    pytest.param(
        HEAD + "router.get('/', (req, res, next) => {\n"
        '  Member.find({ where: { guildId: req.params.id } }).then((rows) => res.json({ any: rows.length > 0 })).catch(next);\n});\n',
        [], id='only a value computed from them answered'),
    pytest.param(
        'function load(id) {\n  return Member.find({ where: { guildId: id } });\n}\n',
        [], id='not a request handler'),
    pytest.param(
        HEAD + "router.get('/', async (req, res) => {\n"
        '  const rows = await prisma.album.findMany({ where: { userId: req.user.id } });\n  const out = [];\n'
        '  for (const row of rows) out.push({ name: row.name });\n  res.json(out);\n});\n',
        ['routes/kb.js:4 `prisma.album.findMany()` has a filter but no page size, and the handler answers with every '
         '`album` record it finds'],
        id='a list pushed per row answered'),
    pytest.param(
        HEAD + "router.get('/', async (req, res) => {\n"
        '  const rows = await prisma.album.findMany({ where: { userId: req.user.id } });\n  const out = [];\n'
        '  for (const row of rows) out.push(row.name);\n  res.json({ n: out.length });\n});\n',
        [], id='a list pushed per row, only counted'),
    pytest.param(
        HEAD + "router.get('/', function (req, res) {\n"
        '  const q = Entry.find({ bucket: req.params.id });\n  q.cursor().pipe(format()).pipe(res);\n});\n',
        ['routes/kb.js:4 `Entry.find()` has a filter but no page size, and the handler answers with every '
         '`Entry` record it finds'],
        id='streamed into the response'),
    pytest.param(
        HEAD + "router.get('/', function (req, res) {\n"
        '  const q = Entry.find({ bucket: req.params.id });\n  q.cursor().pipe(out);\n  res.end();\n});\n',
        [], id='streamed elsewhere'),
    pytest.param(
        HEAD + "router.get('/:groupId/members', function (req, res, next) {\n"
        "  db.query('SELECT * FROM members WHERE group_id = $1', [req.params.groupId])\n"
        '    .then((rows) => res.json(rows)).catch(next);\n});\n',
        ['routes/kb.js:4 `db.query()` reads every `members` row of one `group_id` with no LIMIT, and the handler '
         'answers with them all: as many as that parent has'],
        id='sql of one parent answered whole'),
    pytest.param(
        HEAD + "router.get('/:groupId/members', function (req, res, next) {\n"
        "  db.query('SELECT * FROM members WHERE group_id = $1', [req.params.groupId])\n"
        '    .then((rows) => res.json({ n: rows.length })).catch(next);\n});\n',
        [], id='sql of one parent only counted'),
    pytest.param(
        HEAD + "router.post('/', async (req, res) => {\n  res.json(await Venue.create(req.body));\n});\n"
        "router.get('/', async (req, res) => {\n  const venues = await Venue.findAll();\n  res.json(venues);\n});\n",
        ['routes/kb.js:7 `Venue.findAll()` reads every `Venue` record, unfiltered and unpaged, and the handler '
         'answers with them all: requests here add them'],
        id='a whole list of what a handler of the file makes'),
    pytest.param(
        HEAD + "router.get('/', async (req, res) => {\n  const venues = await Venue.findAll();\n  res.json(venues);\n});\n",
        [], id='a whole list of what nothing here makes'),
    pytest.param(
        HEAD + "async function seed(rows) {\n  await Venue.create(rows);\n}\n"
        "router.get('/', async (req, res) => {\n  const venues = await Venue.findAll();\n  res.json(venues);\n});\n",
        [], id='made outside a handler'),
])
def test_route_lists(src, expected):
    assert findings(src) == expected
