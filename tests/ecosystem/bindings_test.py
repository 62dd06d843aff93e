from __future__ import annotations

import pytest

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem.bindings import Binding
from vcx_hook.lang import scope
from vcx_hook.lang import syntax


def file_of(src: str, path: str = 'x.ts') -> scope.File:
    grammar = syntax.grammar_for(path)
    assert grammar is not None
    return scope.File(path, syntax.parse(src.encode(), grammar))


def asked(file: scope.File, expression: str) -> syntax.Node:
    """The last node of ``file`` whose text is ``expression`` (the use a check asks about)."""
    pos = file.source.rindex(expression.encode())
    node = file.tree.root.descendant_for_byte_range(pos, pos + len(expression))
    while node.end_byte - node.start_byte < len(expression):
        node = node.parent
    assert node.text == expression.encode()
    return node


def binding_of(src: str, expression: str, path: str = 'x.ts') -> Binding | None:
    file = file_of(src, path)
    return bindings.binding(file, asked(file, expression))


NEST_SERVICE = '''\
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { InjectModel } from '@nestjs/mongoose';
import { HttpService } from '@nestjs/axios';
import { ConfigService } from '@nestjs/config';
import { Model } from 'mongoose';
import { Repository } from 'typeorm';
import { PrismaService } from '../prisma/prisma.service';
import axios from 'axios';

@Injectable()
export class UserService {
  private readonly seen = new Map<string, number>();
  private readonly names: string[];
  constructor(
    private readonly prisma: PrismaService,
    @InjectRepository(User) private users: Repository<User>,
    @InjectModel(Event.name) private readonly events: Model<EventDocument>,
    private readonly http: HttpService,
    private readonly config: ConfigService,
    legacy,
  ) {
    this.client = axios.create({ timeout: 1000 });
    this.legacy = legacy;
  }

  async run() {
    this.prisma.user.findMany(); this.users.find(); this.events.find(); this.http.get(u);
    this.config.get(k); this.client.get(u); this.seen.get(k); this.names.find(f); this.legacy.find();
  }
}
'''


@pytest.mark.parametrize(
    ('expression', 'expected'),
    (
        pytest.param('this.prisma.user', Binding('this.prisma', 'local', '../prisma/prisma.service', 'injection', 15),
                     id='injected-local-service'),
        pytest.param('this.users', Binding('this.users', 'store', 'typeorm', 'injection', 16), id='inject-repository'),
        pytest.param('this.events', Binding('this.events', 'store', 'mongoose', 'injection', 17), id='inject-model'),
        pytest.param('this.http', Binding('this.http', 'http', 'axios', 'injection', 18), id='injected-http-service'),
        pytest.param('this.config', Binding('this.config', 'package', '@nestjs/config', 'injection', 19),
                     id='injected-other-package'),
        pytest.param('this.client', Binding('this.client', 'http', 'axios', 'construction', 22),
                     id='constructor-assignment'),
        pytest.param('this.seen', Binding('this.seen', 'value', '', 'literal', 12), id='field-map'),
        pytest.param('this.names', Binding('this.names', 'value', '', 'annotation', 13), id='field-array-type'),
        pytest.param('this.legacy', None, id='untyped-parameter'),
    ),
)
def test_nest_service_fields(expression: str, expected: Binding | None) -> None:
    assert binding_of(NEST_SERVICE, expression) == expected


MODULE_LEVEL = '''\
import { PrismaClient, Prisma } from '@prisma/client';
import { map } from 'lodash';
import * as fsp from 'node:fs/promises';
import got from 'got';
import { db } from './db';
import { redis as kv } from '@/lib/redis';
import { sql } from '@acme/database';
import { drizzle } from 'drizzle-orm/node-postgres';
import { MikroORM } from '@mikro-orm/core';
import { Knex } from 'knex';
const Redis = require('ioredis');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg' });
const prisma = globalThis.prisma ?? new PrismaClient();
const redis = new Redis(process.env.REDIS_URL);
const pool = new Pool();
const orm = drizzle(pool);
const cache = new Map();
const models = [];
const users = prisma.user;
const alias = users;
const api = got.extend({ timeout: { request: 5000 } });
const total = models.length + 1;

async function run(tx: Prisma.TransactionClient, trx: Knex.Transaction, ids: number[], store, conn = pool) {
  const { ky } = await import('ky');
  const em = (await MikroORM.init()).em;
  const repo: Repository<User> = await getRepository(User);
  tx.user; trx.insert; ids.find; store.get; conn.query; ky.get; em.find; repo.find;
  map.get; fsp.readFile; db.user; kv.get; sql.query; knex.select; prisma.user; redis.get; pool.query;
  orm.select; cache.get; models.find; users.find; alias.find; api.get; total.x; fetch; process.env;
}
'''


@pytest.mark.parametrize(
    ('expression', 'expected'),
    (
        pytest.param('tx.user', Binding('tx', 'store', 'prisma', 'annotation', 24), id='prisma-namespace-type'),
        pytest.param('trx.insert', Binding('trx', 'store', 'knex', 'annotation', 24), id='knex-namespace-type'),
        pytest.param('ids.find', Binding('ids', 'value', '', 'annotation', 24), id='array-parameter'),
        pytest.param('store.get', None, id='untyped-parameter'),
        pytest.param('conn.query', None, id='parameter-default-not-followed'),
        pytest.param('ky.get', Binding('ky', 'http', 'ky', 'import', 25), id='dynamic-import'),
        pytest.param('em.find', Binding('em', 'store', 'mikro-orm', 'construction', 26), id='mikro-orm-scope'),
        pytest.param('repo.find', None, id='local-type-unknown'),
        pytest.param('map.get', Binding('map', 'package', 'lodash', 'import', 1), id='lodash'),
        pytest.param('fsp.readFile', Binding('fsp', 'files', 'fs', 'import', 2), id='namespace-import'),
        pytest.param('db.user', Binding('db', 'local', './db', 'import', 4), id='local-module'),
        pytest.param('kv.get', Binding('kv', 'local', '@/lib/redis', 'import', 5), id='aliased-import'),
        pytest.param('sql.query', Binding('sql', 'module', '@acme/database', 'import', 6), id='workspace-package'),
        pytest.param('knex.select', Binding('knex', 'store', 'knex', 'construction', 12), id='required-and-called'),
        pytest.param('prisma.user', Binding('prisma', 'store', 'prisma', 'construction', 13), id='global-singleton'),
        pytest.param('redis.get', Binding('redis', 'store', 'redis', 'construction', 14), id='new-redis'),
        pytest.param('pool.query', Binding('pool', 'store', 'pg', 'construction', 15), id='destructured-require'),
        pytest.param('orm.select', Binding('orm', 'store', 'drizzle', 'construction', 16), id='drizzle-subpath'),
        pytest.param('cache.get', Binding('cache', 'value', '', 'literal', 17), id='map'),
        pytest.param('models.find', Binding('models', 'value', '', 'literal', 18), id='array'),
        pytest.param('users.find', Binding('users', 'store', 'prisma', 'derived', 19), id='property'),
        pytest.param('alias.find', Binding('alias', 'store', 'prisma', 'derived', 20), id='alias'),
        pytest.param('api.get', Binding('api', 'http', 'got', 'construction', 21), id='got-extend'),
        pytest.param('total.x', Binding('total', 'value', '', 'literal', 22), id='arithmetic'),
        pytest.param('fetch', None, id='global'),
        pytest.param('process.env', None, id='node-global'),
    ),
)
def test_module_level_bindings(expression: str, expected: Binding | None) -> None:
    assert binding_of(MODULE_LEVEL, expression) == expected


@pytest.mark.parametrize(
    ('src', 'expression', 'expected'),
    (
        pytest.param(
            "const axios = require('axios').default\nconst r = axios.get(u)\n", 'axios.get',
            Binding('axios', 'http', 'axios', 'require', 0), id='require-default',
        ),
        pytest.param(
            "import axios from 'axios'\nfunction f() { const axios = [1]; axios.find(g) }\n", 'axios.find',
            Binding('axios', 'value', '', 'literal', 1), id='shadowed-import',
        ),
        pytest.param(
            "const mongoose = require('mongoose')\nconst User = mongoose.model('User', schema)\nUser.find()\n",
            'User.find', Binding('User', 'store', 'mongoose', 'construction', 1), id='mongoose-model',
        ),
        pytest.param(
            "const client = cond ? new Map() : []\nclient.get(k)\n", 'client.get',
            Binding('client', 'value', '', 'literal', 0), id='ternary-of-values',
        ),
        pytest.param(
            "import Redis from 'ioredis'\nconst client = cond ? new Redis() : new Map()\nclient.get(k)\n", 'client.get',
            Binding('client', 'store', 'redis', 'construction', 1), id='ternary-with-a-store',
        ),
        pytest.param(
            "import { EventEmitter } from 'events'\nconst bus = new EventEmitter()\nbus.emit(e)\n", 'bus.emit',
            Binding('bus', 'package', 'events', 'construction', 1), id='imported-builtin-name',
        ),
        pytest.param(
            "const Knex = require('knex')\nclass A { constructor() { this.db = Knex(cfg) }\n  f() { this.db('t') } }\n",
            'this.db', Binding('this.db', 'store', 'knex', 'construction', 1), id='javascript-field',
        ),
        pytest.param(
            "const r = a.b\nr.c\n", 'r.c', None, id='unknown-root',
        ),
        pytest.param(
            "import { Context } from 'koa'\nfunction f(ctx: Context) { const { db } = ctx; db.query(q) }\n", 'db.query',
            None, id='destructured-from-a-framework-object',
        ),
        pytest.param(
            "import { Context } from 'hono'\nfunction f(c: Context) { const store = c.env.QUEUE; store.delete(k) }\n",
            'store.delete', None, id='property-of-a-framework-object',
        ),
        pytest.param(
            "import { Context } from 'hono'\nfunction f(c: Context) { c.env }\n", 'c.env',
            Binding('c', 'package', 'hono', 'annotation', 1), id='framework-object',
        ),
        pytest.param(
            "export let bundles: any;\nbundles.findOne(q)\n", 'bundles.findOne', None, id='any',
        ),
        pytest.param(
            "import axios from 'axios'\nasync function f() { const res = await axios.get(u); res.data }\n",
            'res.data', Binding('res', 'value', '', 'literal', 1), id='response',
        ),
        pytest.param(
            "import axios from 'axios'\nasync function f() { const { data } = await axios.get(u); data.find(g) }\n",
            'data.find', None, id='destructured-response',
        ),
        pytest.param(
            "import got from 'got'\nasync function f() { const body = await got(u).json(); body.find(g) }\n",
            'body.find', Binding('body', 'value', '', 'literal', 1), id='response-body',
        ),
        pytest.param(
            "import got from 'got'\nconst api = got.extend({ prefixUrl: u }).extend({ timeout: 1 })\napi.get(p)\n",
            'api.get', Binding('api', 'http', 'got', 'construction', 1), id='instance-of-an-instance',
        ),
        pytest.param(
            "import { Redis } from 'ioredis'\nexport const redis = new Redis()\nredis.get(k)\n",
            'redis.get', Binding('redis', 'store', 'redis', 'construction', 1), id='exported-declaration',
        ),
        pytest.param(
            "let n: number;\nn.toFixed(2)\n", 'n.toFixed', Binding('n', 'value', '', 'annotation', 0), id='number',
        ),
        pytest.param(
            "const resolve = (c, n) => c.model(n)\nconst model = resolve(conn, 'X')\nmodel.findById(i)\n",
            'model.findById', None, id='made-by-a-local-function',
        ),
        pytest.param(
            "const models = new Map()\nconst m = models.get(k)\nm.create(d)\n", 'm.create', None, id='taken-out-of-a-map',
        ),
        pytest.param(
            "const rows = []\nconst names = rows.filter(f).map(g)\nnames.find(h)\n", 'names.find',
            Binding('names', 'value', '', 'literal', 1), id='array-of-an-array',
        ),
        pytest.param(
            "class A { constructor() { this.a = this.b; this.b = this.a; this.c = [] }\n  f() { this.a.x; this.c.y } }\n",
            'this.c', Binding('this.c', 'value', '', 'literal', 0), id='fields-of-fields',
        ),
        pytest.param(
            "class A { constructor() { this.a = this.b; this.b = this.a }\n  f() { this.a.x } }\n",
            'this.a.x', None, id='fields-in-a-cycle',
        ),
        pytest.param(
            "const db = { query: (text, params) => pool.query(text, params) }\ndb.query(q)\n", 'db.query', None,
            id='object-of-functions',
        ),
        pytest.param(
            "const db = { users: [], count: 0 }\ndb.users.find(f)\n", 'db.users', Binding('db', 'value', '', 'literal', 0),
            id='object-of-data',
        ),
    ),
)
def test_bindings(src: str, expression: str, expected: Binding | None) -> None:
    assert binding_of(src, expression, path='x.js' if 'import {' not in src and ': ' not in src else 'x.ts') == expected


@pytest.mark.parametrize(
    ('specifier', 'expected'),
    (
        pytest.param('@prisma/client', packages.Package('store', 'prisma'), id='prisma'),
        pytest.param('@mikro-orm/postgresql', packages.Package('store', 'mikro-orm'), id='scope'),
        pytest.param('drizzle-orm/pg-core', packages.Package('store', 'drizzle'), id='subpath'),
        pytest.param('node:https', packages.Package('http', 'http'), id='node-prefix'),
        pytest.param('firebase-admin/firestore', packages.Package('store', 'firestore'), id='whole-specifier'),
        pytest.param('firebase-admin/auth', packages.Package('module', 'firebase-admin'), id='other-subpath'),
        pytest.param('~/server/db', packages.Package('local', '~/server/db'), id='alias'),
        pytest.param('../db', packages.Package('local', '../db'), id='relative'),
        pytest.param('@acme/db/client', packages.Package('module', '@acme/db'), id='unknown-scoped'),
    ),
)
def test_packages(specifier: str, expected: packages.Package) -> None:
    assert packages.of(specifier) == expected


def test_imports_are_read_once_per_file() -> None:
    file = file_of("import axios from 'axios'\naxios.get(u)\n")
    first = bindings.imports(file)
    assert first == {'axios': Binding('axios', 'http', 'axios', 'import', 0)}
    assert bindings.imports(file) is first


QUESTIONS = '''\
import { map } from 'lodash';
import axios from 'axios';
import { db } from './db';
import { PrismaClient } from '@prisma/client';
import fs from 'fs';
import { Context } from 'koa';
const prisma = new PrismaClient();
const cache = new Map();
const registry = {};
async function f(repo, ctx: Context) {
  map.get(k); axios.get(u); db.user; prisma.user; fs.readFile(p); cache.get(k); repo.find(q); fetch(u);
  registry.User.find(q); ctx.db.find(q); ctx.find(q); axios.defaults.get(k);
}
'''


@pytest.mark.parametrize(
    ('expression', 'store', 'files', 'client'),
    (
        pytest.param('map.get', False, False, False, id='lodash'),
        pytest.param('axios.get', False, False, True, id='axios'),
        pytest.param('db.user', None, None, None, id='local-module'),
        pytest.param('prisma.user', True, True, False, id='prisma'),
        pytest.param('registry.User.find', None, None, None, id='property-of-a-value'),
        pytest.param('ctx.db.find', None, None, None, id='property-of-a-framework-object'),
        pytest.param('ctx.find', False, False, False, id='framework-object'),
        pytest.param('axios.defaults.get', False, False, True, id='property-of-a-client'),
        pytest.param('fs.readFile', False, True, False, id='fs'),
        pytest.param('cache.get', False, False, False, id='map'),
        pytest.param('repo.find', None, None, None, id='parameter'),
        pytest.param('fetch', None, None, None, id='global-fetch'),
    ),
)
def test_store_and_client_questions(expression: str, store: bool | None, files: bool | None, client: bool | None) -> None:
    from vcx_hook.ecosystem import http
    from vcx_hook.ecosystem import stores

    file = file_of(QUESTIONS)
    node = asked(file, expression)
    if node.type == 'member_expression':  # asked of what the method is called on
        node = node.child_by_field_name('object')
    assert (stores.bound_store(file, node), stores.bound_store(file, node, files=True), http.bound_client(file, node)) \
        == (store, files, client)


@pytest.mark.parametrize(
    ('src', 'expression', 'expected'),
    (
        pytest.param("import { DateTime } from 'luxon';\nDateTime.now()", 'DateTime.now', 'luxon', id='import'),
        pytest.param("const { DateTime } = require('luxon');\nDateTime.now()", 'DateTime.now', 'luxon', id='destructured require'),
        pytest.param("const { format } = require('date-fns');\nformat(d)", 'format', 'date-fns', id='destructured function'),
        pytest.param("const { format } = helpers;\nformat(d)", 'format', '', id='destructured value'),
        pytest.param('format(d)', 'format', '', id='global'),
    ),
)
def test_library_of_a_name_includes_destructured_requires(src: str, expression: str, expected: str) -> None:
    file = file_of(src)
    assert bindings.library(file, asked(file, expression)) == expected


@pytest.mark.parametrize(
    ('src', 'expression', 'expected'),
    (
        pytest.param(
            "import Anthropic from '@anthropic-ai/sdk';\nlet kept: Anthropic | null = null;\n"
            "function getClient(): Anthropic { return kept ??= new Anthropic(); }\n"
            "const client = getClient();\nclient.messages.create(x);\n",
            'client.messages.create', Binding('client', 'module', '@anthropic-ai/sdk', 'construction', 3),
            id='a-function-declared-to-return-a-package-type',
        ),
        pytest.param(
            "import { Report } from './report';\nfunction makeReport(): Report { return new Report(); }\n"
            "const r = makeReport();\nr.render(x);\n",
            'r.render', None, id='the-project-own-type',
        ),
        pytest.param(
            "import Anthropic from '@anthropic-ai/sdk';\nfunction getClient(): Anthropic { return new Anthropic(); }\n"
            "const f = getClient;\nf.call(x);\n",
            'f.call', None, id='the-function-itself-not-called',
        ),
    ),
)
def test_calls_of_typed_functions(src: str, expression: str, expected: Binding | None) -> None:
    assert binding_of(src, expression) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("const Contact = {\n  ...require('../models/contact/get'),\n  ...require('../models/contact/create'),\n}\n"
                     'Contact.getAll;\n', Binding('Contact', 'local', '../models/contact/get', 'require', 0),
                     id='merged modules: bound as the first'),
        pytest.param("const Contact = {\n  ...require('../models/contact/get'),\n  extra: 1,\n}\nContact.getAll;\n",
                     Binding('Contact', 'value', '', 'literal', 0), id='with a member of its own: a value'),
    ),
)
def test_merged_modules(src: str, expected: Binding) -> None:
    assert binding_of(src, 'Contact.getAll', 'x.js') == expected
