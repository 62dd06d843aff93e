"""What the project's own functions in another file do, read one hop away (ecosystem/helper_effects.py),
and where an import of them leads (ecosystem/module_paths.py)."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import module_exports
from vcx_hook.ecosystem import module_paths
from vcx_hook.lang.scope import File
from vcx_hook.main import main

from tests.helpers import git

SERVICE = b'''import { prisma } from '../client';
import axios from 'axios';
import nodemailer from 'nodemailer';
import OpenAI from 'openai';

const openai = new OpenAI();
const mailer = nodemailer.createTransport({});

async function byId(id: number) {
  const row = await prisma.submission.findUnique({ where: { id } });
  return row;
}

async function save(submission) { return prisma.submission.update({ where: { id: submission.id }, data: submission }); }

function title(s) { return s.title.trim(); }

export const submissions = { byId, save, title };

export async function viaOwn(key: number) { return byId(key); }

export async function all(ids: number[]) {
  for (const id of ids) { await prisma.submission.findUnique({ where: { id } }); }
}

export async function remote(url: string) { return axios.get(url); }

export async function invite(address: string) { await mailer.sendMail({ to: address }); }

export class Assistant {
  async reply(question: string) { return openai.chat.completions.create({ model: 'gpt-4o', messages: [question] }); }
  label() { return 'assistant'; }
}

export async function grok(prompt: string) {
  return fetch('https://api.x.ai/v1/chat/completions', { method: 'POST', body: JSON.stringify({ prompt }) });
}
'''


def _effects(source: bytes = SERVICE, path: str = 'src/services/submissions.ts') -> dict[str, list[tuple[str, str, list[int], bool]]]:
    found = helper_effects.exported(File.unparsed(path, source, 'typescript'))
    return {name: [(e.kind, e.label, sorted(e.params), e.looped) for e in found[name].effects] for name in found}


def test_exported_functions_and_what_they_do():
    assert _effects() == {
        'submissions.byId': [('read', 'prisma.submission.findUnique()', [0], False)],
        'submissions.save': [('write', 'prisma.submission.update()', [0], False)],
        'viaOwn': [('read', 'prisma.submission.findUnique()', [0], False)],
        'all': [('read', 'prisma.submission.findUnique()', [0], True)],
        'remote': [('remote', 'axios.get()', [0], False)],
        'invite': [('email', 'mailer.sendMail()', [0], False)],
        'Assistant.reply': [('ai', 'openai.chat.completions.create()', [0], False)],
        'grok': [('ai', 'fetch()', [0], False)],
    }


@pytest.mark.parametrize(('source', 'expected'), [
    pytest.param(b"const db = require('./db');\nmodule.exports = { find: (id) => db.users.findOne({ id }) };\n",
                 {'find', 'default.find'}, id='module.exports object'),
    pytest.param(b"const db = require('./db');\nasync function find(id) { return db.users.findOne({ id }); }\n"
                 b"module.exports = { find };\n",
                 {'find', 'default.find'}, id='module.exports shorthand (flux dbHelper, holdout26)'),
    pytest.param(b"const db = require('./db');\nexports.find = async (id) => db.users.findOne({ id });\n",
                 {'find'}, id='exports property'),
    pytest.param(b"import { db } from './db';\nexport default async function load(id) { return db.users.findOne({ id }); }\n",
                 {'default', 'load'}, id='default function'),
    pytest.param(b"import { db } from './db';\nclass Users { async one(id) { return db.users.findOne({ id }); } }\n"
                 b"export const users = new Users();\n", {'users.one'}, id='an exported instance'),
    pytest.param(b"import { db } from './db';\nasync function one(id) { return db.users.findOne({ id }); }\nexport { one as load };\n",
                 {'load'}, id='export clause'),
    pytest.param(b"export function label(u) { return u.name; }\n", set(), id='nothing done'),
])
def test_export_forms(source, expected):
    assert set(_effects(source, 'm.js' if b'require' in source else 'm.ts')) == expected


CALLER = '''import {{ submissions, viaOwn }} from './submissions';
import * as service from './submissions';
import Default from './submissions';
import {{ Assistant }} from './submissions';
const {{ invite }} = require('./submissions');

class Controller {{
  constructor(private readonly assistant: Assistant) {{}}
  run() {{ return {call}; }}
}}
'''


@pytest.mark.parametrize(('call', 'expected'), [
    pytest.param('submissions.byId(1)', ('./submissions', 'submissions.byId'), id='a function of an exported object'),
    pytest.param('viaOwn(1)', ('./submissions', 'viaOwn'), id='a named import'),
    pytest.param('service.remote(1)', ('./submissions', 'remote'), id='a namespace'),
    pytest.param('Default.byId(1)', ('./submissions', 'default.byId'), id='a default import'),
    pytest.param('invite(1)', ('./submissions', 'invite'), id='destructured from require'),
    pytest.param('this.assistant.reply(1)', ('./submissions', 'Assistant.reply'), id='an injected class'),
    pytest.param('new Assistant().label()', None, id='not followed: a construction in the chain'),
    pytest.param('local(1)', None, id='not imported'),
])
def test_reached(call, expected):
    file = File.unparsed('src/controller.ts', CALLER.format(call=call).encode(), 'typescript')
    run = next(m for m in _calls(file) if m.text.decode().startswith(call.split('(')[0]) and m.text.decode().endswith(')'))
    assert helper_effects.reached(file, run) == expected


def _calls(file):
    stack = [file.tree.root]
    while stack:
        node = stack.pop()
        if node.type == 'call_expression':
            yield node
        stack.extend(node.named_children)


@pytest.mark.parametrize(('importer', 'spec', 'first'), [
    pytest.param('src/a/b.ts', './c', 'src/a/c.ts', id='relative'),
    pytest.param('src/a/b.ts', '../c.js', 'src/c.ts', id='ESM TypeScript names its .js'),
    pytest.param('src/a/b.ts', '@/lib/mail', 'app/lib/mail.ts', id='alias'),
    pytest.param('src/a/b.ts', '../../../x', None, id='out of the project'),
    pytest.param('src/a/b.ts', 'lodash', None, id='a package'),
])
def test_candidates(importer, spec, first):
    aliases = module_paths.aliases('', b'{ // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./app/*"], }, }, }')
    found = list(module_paths.candidates(importer, spec, aliases))
    assert (found[0] if found else None) == first


def test_an_index_file_is_tried_after_the_suffixes():
    found = list(module_paths.candidates('src/a.ts', './lib'))
    assert found.index('src/lib.js') < found.index('src/lib/index.ts')


def test_a_staged_loop_is_judged_by_the_imported_helper_it_calls(repo, capsys):
    (repo / 'package.json').write_text(json.dumps({'dependencies': {'@prisma/client': '5'}}))
    (repo / 'tsconfig.json').write_text('{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}')
    (repo / 'src').mkdir()
    (repo / 'src' / 'details.ts').write_text(
        "import { prisma } from './client';\n"
        "export async function detailsOf(id: number) { return prisma.submission.findUnique({ where: { id } }); }\n")
    (repo / 'src' / 'page.ts').write_text(
        "import { detailsOf } from '@/details';\n"
        "export async function page(rows: { id: number }[]) {\n"
        "  const out = [];\n"
        "  for (const row of rows) {\n"
        "    out.push(await detailsOf(row.id));\n"
        "  }\n"
        "  return out;\n"
        "}\n")
    git(repo, 'add', '.')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    found = [(f['path'], f['line'], f['confidence']) for f in doc['findings'] if f['check'] == 'n-plus-one']
    assert found == [('src/page.ts', 5, 'low')]
    assert 'src/details.ts:2' in doc['findings'][0]['message']


def test_a_store_librarys_subclass_writes_through_this():
    source = (b"import { EntityRepository, Repository } from 'typeorm';\n"
              b"export default class Columns extends Repository<object> {\n"
              b"  async replace(id: string, rows: object[]) { await this.delete({ id }); await this.save(rows); }\n"
              b"  label() { return this.metadata.name; }\n"
              b"}\n")
    assert _effects(source)['default.replace'] == [('write', 'this.delete()', [0], False), ('write', 'this.save()', [1], False)]


def test_a_subclass_of_anything_else_does_not():
    source = b"import { Base } from './base';\nexport class Columns extends Base {\n  async replace(id) { await this.delete({ id }); }\n}\n"
    assert _effects(source) == {}


@pytest.mark.parametrize(('line', 'expected'), [
    pytest.param('const repo = connection.getCustomRepository(Columns);', 'repo', id="TypeORM's custom repository"),
    pytest.param('const repo = new Columns(db);', 'repo', id='a construction'),
    pytest.param('const repo = connection.getRepository(Columns);', '', id='a repository of an entity, not the class'),
])
def test_an_instance_of_an_imported_class(line, expected):
    file = File.unparsed('src/a.ts', f"import Columns from './columns';\nasync function f(connection) {{\n  {line}\n  return repo.replace(1);\n}}\n".encode(), 'typescript')
    name = next(n for n in file.named(frozenset((b'Columns',)), ((60, len(file.source)),)))
    assert helper_effects.instance_name(name) == expected
    call = next(m for m in _calls(file) if m.text.startswith(b'repo.replace'))
    assert helper_effects.reached(file, call) == (('./columns', 'default.replace') if expected else None)


def test_re_exports_of_a_barrel():
    source = (b"export { default as Columns } from './Columns';\nexport { a, b as c } from './ab';\n"
              b"export * from './all';\nexport * as ns from './ns';\nexport const x = 1;\n")
    assert [tuple(r) for r in module_exports.re_exports(File.unparsed('src/index.ts', source, 'typescript'))] == [
        ('./Columns', 'default', 'Columns'), ('./ab', 'a', 'a'), ('./ab', 'b', 'c'), ('./all', '*', '*')]


def test_a_staged_function_writing_through_a_barrels_repository(repo, capsys):
    (repo / 'package.json').write_text(json.dumps({'dependencies': {'typeorm': '0.2'}}))
    (repo / 'src' / 'repositories').mkdir(parents=True)
    (repo / 'src' / 'repositories' / 'index.ts').write_text("export { default as Subscriptions } from './Subscriptions';\n")
    (repo / 'src' / 'repositories' / 'Subscriptions.ts').write_text(
        "import { Repository } from 'typeorm';\n"
        "export default class Subscriptions extends Repository<object> {\n"
        "  async activate(id: string) { const sub = await this.findOne(id); sub.active = true; return this.save(sub); }\n"
        "}\n")
    (repo / 'src' / 'activate.ts').write_text(
        "import { Subscriptions } from './repositories';\n"
        "import { Users } from './users';\n"
        "export async function activate(connection, userId: string, id: string) {\n"
        "  const subscriptions = connection.getCustomRepository(Subscriptions);\n"
        "  const userRepository = connection.getRepository(Users);\n"
        "  const user = await userRepository.findOne(userId);\n"
        "  await subscriptions.activate(id);\n"
        "  user.plan = 'paid';\n"
        "  await userRepository.save(user);\n"
        "}\n")
    git(repo, 'add', '.')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    found = [(f['path'], f['line'], f['confidence']) for f in doc['findings'] if f['check'] == 'missing-transaction']
    assert found == [('src/activate.ts', 9, 'low')]
    assert 'src/repositories/Subscriptions.ts:3' in doc['findings'][0]['message']


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param('return this.assessmentRepository.createAssessment(a);',
                 [('write', 'this...assessmentRepository.createAssessment()', [0], False)], id='a repository method named for a write'),
    pytest.param('return userDao.insertUser(a);', [('write', 'userDao.insertUser()', [0], False)], id='a DAO'),
    pytest.param('return this.assessmentRepository.summarize(a);', [], id='named for no write'),
    pytest.param('return this.cacheRepository.setEntry(a);', [], id='a cache is no store'),
])
def test_a_table_accessors_own_write(body, expected):
    source = f'export class Storage {{\n  async make(a) {{ {body} }}\n}}\nexport const storage = new Storage();\n'.encode()
    assert _effects(source, 'server/storage.ts').get('storage.make', []) == expected


def test_a_static_call_on_a_repository_class_builds_a_value():
    source = (b'export class Storage {\n  async list(rows) { return rows.map((r) => OperationsRepository.createOperationDTO(r)); }\n}\n'
              b'export const storage = new Storage();\n')
    assert _effects(source, 'server/storage.ts').get('storage.list', []) == []


def test_an_async_function_that_catches_everything_is_settled():
    source = (b"export const keys = async () => {\n  try { const k = await load(); return k; } catch (err) { log(err); }\n};\n"
              b"export async function rethrows() {\n  try { return await load(); } catch (err) { throw err; }\n}\n"
              b"export async function bare() { return load(); }\n")
    assert _effects(source, 'src/keys.ts') == {'keys': [('settled', 'keys', [], False)]}


def test_an_express_route_awaiting_an_imported_helper_that_catches_everything(repo, capsys):
    (repo / 'package.json').write_text(json.dumps({'dependencies': {'express': '4'}}))
    (repo / 'src').mkdir()
    (repo / 'src' / 'common.ts').write_text(
        "import { configPromise } from './config';\n"
        "export const publicKey = async () => {\n"
        "  try {\n"
        "    const config = await configPromise;\n"
        "    return config.publicKey;\n"
        "  } catch (err) {\n"
        "    console.error('no public key', err);\n"
        "  }\n"
        "};\n"
        "export const privateKey = async () => {\n"
        "  const config = await configPromise;\n"
        "  return config.privateKey;\n"
        "};\n")
    (repo / 'src' / 'routes.ts').write_text(
        "import { Router } from 'express';\n"
        "import { privateKey, publicKey } from './common';\n"
        "const router = Router();\n"
        "router.get('/page', async (req, res) => {\n"
        "  res.send({ key: await publicKey() });\n"
        "});\n"
        "router.get('/secret', async (req, res) => {\n"
        "  res.send({ key: await privateKey() });\n"
        "});\n"
        "export default router;\n")
    git(repo, 'add', '.')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    found = [(f['path'], f['line']) for f in doc['findings'] if f['check'] == 'error-handling']
    assert found == [('src/routes.ts', 7)]
