"""n-plus-one and the loader helpers a file defines: the body says whether one is a query."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')

LOOP = 'export async function f(slugs) {\n  for (const slug of slugs) {\n    await getItemBySlug(slug);\n  }\n}\n'
ASKED = ['x.ts:3 `getItemBySlug()` runs once per `slug` of the for-of loop over `slugs` on line 2']


@pytest.mark.parametrize(('helper', 'expected'), [
    pytest.param("import { readFileSync } from 'fs';\n"
                 "function getItemBySlug(slug) { return JSON.parse(readFileSync(`${slug}.json`, 'utf8')); }\n",
                 [], id='reads a file'),
    pytest.param('const getItemBySlug = async (slug) => (await fetch(`/items/${slug}`)).json();\n',
                 [], id='calls fetch'),
    pytest.param("import axios from 'axios';\n"
                 'async function getItemBySlug(slug) { return (await axios.get(`/items/${slug}`)).data; }\n',
                 [], id='calls axios'),
    pytest.param("import { readFileSync } from 'fs';\n"
                 'async function getItemBySlug(slug) {\n'
                 "  readFileSync('a.txt');\n"
                 '  return prisma.item.findUnique({ where: { slug } });\n'
                 '}\n',
                 ['x.ts:8 `getItemBySlug()` runs once per `slug` of the for-of loop over `slugs` on line 7'],
                 id='reads a file and queries'),
    pytest.param("import { loadItem } from './items';\n"
                 'async function getItemBySlug(slug) { await fetch(`/audit/${slug}`); return loadItem(slug); }\n',
                 ['x.ts:5 `getItemBySlug()` runs once per `slug` of the for-of loop over `slugs` on line 4'],
                 id='calls a helper defined elsewhere'),
    pytest.param("import { readFileSync } from 'fs';\n"
                 'function readItem(slug) { return readFileSync(`${slug}.json`); }\n'
                 'function getItemBySlug(slug) { return readItem(slug); }\n',
                 [], id='through a helper defined here'),
    pytest.param('async function getItemBySlug(slug) { return cache[slug]; }\n',
                 ['x.ts:4 `getItemBySlug()` runs once per `slug` of the for-of loop over `slugs` on line 3'],
                 id='says nothing either way'),
    pytest.param('', ['x.ts:3 `getItemBySlug()` runs once per `slug` of the for-of loop over `slugs` on line 2'],
                 id='defined elsewhere'),
])
def test_a_helper_defined_here_is_asked_unless_its_body_does_something_else(helper, expected):
    assert findings(helper + LOOP) == expected


def test_a_method_of_the_class_is_looked_into():
    src = ('class Gmail {\n'
           '  async getThread(id) { return (await fetch(`/threads/${id}`)).json(); }\n'
           '  async getUser(id) { return this.prisma.user.findUnique({ where: { id } }); }\n'
           '  async all(ids) {\n'
           '    await Promise.all(ids.map((id) => this.getThread(id)));\n'
           '    await Promise.all(ids.map((id) => this.getUser(id)));\n'
           '  }\n'
           '}\n')
    assert findings(src) == ['x.ts:6 `this.getUser()` runs once per `id` of `ids.map()` on line 6']


@pytest.mark.parametrize(('imports', 'tag', 'expected'), [
    pytest.param("import { Prisma } from '@prisma/client';\n", 'Prisma.sql', [], id='prisma fragment'),
    pytest.param("import { sql } from 'drizzle-orm';\n", 'sql', [], id='drizzle fragment'),
    pytest.param("import postgres from 'postgres';\nconst sql = postgres();\n", 'sql',
                 ['x.ts:5 `sql()` runs once per `id` of the for-of loop over `ids` on line 4'], id='postgres.js runs it'),
])
def test_a_sql_fragment_is_no_query(imports, tag, expected):
    src = imports + 'export async function f(ids, parts) {\n  for (const id of ids) {\n' \
        f'    parts.push({tag}`SELECT * FROM t WHERE id = ${{id}}`);\n  }}\n}}\n'
    assert findings(src) == expected
