"""A question in an exported function nothing in the project names (dead code), in a module other
files import, is low confidence with --all; one another file imports, names in its configuration, or the module itself calls stays
listed, and so does a name a framework calls by convention. The hook asks as before: a commit's new
function may be called by the next commit."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem import exports
from vcx_hook.lang.scope import File
from vcx_hook.lang import syntax
from vcx_hook.main import main

from tests.helpers import git
from tests.helpers import project

FETCH = """  const res = await fetch(`https://api.example.com/${{id}}`);
  return res.json();
"""
API = (
    "export async function loadUser(id) {\n" + FETCH + "}\n\n"
    "export async function loadLegacy(id) {\n" + FETCH + "}\n\n"
    "export const loadHello = async (id) => {\n" + FETCH + "};\n\n"
    "export async function loadOwn(id) {\n" + FETCH + "}\n\n"
    "export async function GET(id) {\n" + FETCH + "}\n\n"
    "export async function loadAll(ids) {\n  return Promise.all(ids.map(loadOwn));\n}\n"
).replace('{{id}}', '{id}')


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return project(tmp_path, monkeypatch, {
        '.vcx.toml': 'enable = ["error-handling"]\nfold = false\nshow = "low"\n',
        'src/server/api.js': API,
        'src/server/route.js':
            "import { loadUser, loadAll } from './api';\nexport const show = (req) => loadUser(req.id).then(() => loadAll([]));\n",
        'serverless.yml': 'functions:\n  hello:\n    handler: src/server/api.loadHello\n',
    })


@pytest.mark.parametrize(('args', 'dead'), [(['audit', '--format', 'json'], 'medium'),
                                            (['audit', '--all', '--format', 'json'], 'low')], ids=['hook', 'all'])
def test_only_the_function_nothing_names_is_low(repo, capsys, args, dead):
    main(args)
    found = json.loads(capsys.readouterr().out)['findings']
    by_line = {f['line']: f['confidence'] for f in found if f['path'] == 'src/server/api.js'}
    assert by_line == {2: 'medium', 7: dead, 12: 'medium', 17: 'medium', 22: 'medium'}


def test_a_function_the_importers_do_not_name_is_low(repo, capsys):
    (repo / 'src/server/route.js').write_text("import { loadAll } from './api';\nexport const show = () => loadAll([]);\n")
    git(repo, 'add', '-A')
    main(['audit', '--all', '--format', 'json'])
    found = json.loads(capsys.readouterr().out)['findings']
    assert {f['line']: f['confidence'] for f in found if f['path'] == 'src/server/api.js'}[2] == 'low'


def test_a_module_nobody_imports_may_be_an_entry_point(repo, capsys):
    """A route or page its framework reaches, a script, a file audited alone: not taken for dead."""
    (repo / 'src/server/route.js').write_text('export const show = () => 1;\n')
    git(repo, 'add', '-A')
    main(['audit', '--all', '--format', 'json'])
    found = json.loads(capsys.readouterr().out)['findings']
    assert {f['confidence'] for f in found if f['path'] == 'src/server/api.js'} == {'medium'}


def _file(source: str, path: str = 'x.ts') -> File:
    grammar = syntax.grammar_for(path)
    assert grammar is not None
    return File(path, syntax.parse(source.encode(), grammar))


def _at(file: File, text: str):
    pos = file.source.index(text.encode())
    return file.tree.root.descendant_for_byte_range(pos, pos + 1)


@pytest.mark.parametrize(('source', 'expected'), [
    ('export async function f() { return g(); }', 'f'),
    ('export const f = async () => { return g(); };', 'f'),
    ('export const f = async () => { return g(); };\nf();', None),  # the module calls it
    ('export default async function f() { return g(); }', None),
    ('export const f = schedule(async () => { return g(); });', None),  # a value the platform may run
    ('export class C { async f() { return g(); } }', None),
    ('async function f() { return g(); }', None),  # not exported: another question
    ('export async function POST() { return g(); }', None),  # a route module's handler
])
def test_lone_export(source, expected):
    file = _file(source)
    assert exports.lone_export(file, _at(file, 'g()')) == expected


def test_named_elsewhere_is_per_other_file():
    wanted = {'a.ts': frozenset({'f', 'h'}), 'b.ts': frozenset({'f'})}
    files = [('a.ts', b'export function f() {} export function h() {}'), ('c.yml', b'handler: a.f\n'),
             ('d.ts', b'const hh = 1;')]
    assert exports.named_elsewhere(wanted, files) == {('a.ts', 'f'), ('b.ts', 'f')}
