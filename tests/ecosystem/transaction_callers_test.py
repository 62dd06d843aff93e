"""Methods every caller runs in a transaction: read from the callers that build the class on a
transaction's client, one hop."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem import transaction_callers
from vcx_hook.lang.scope import File
from vcx_hook.main import main

from tests.helpers import ROOT
from tests.helpers import git

REPO = b'''export class Repo {
  constructor(private db: Database) {}
  async move(id: string) { await this.db.delete(t).where(eq(t.id, id)); await this.db.insert(t).values({ id }); }
}
'''


def _covered(*callers: bytes) -> frozenset[tuple[str, str]]:
    files = [File.unparsed(f'c{i}.ts', c, 'typescript') for i, c in enumerate((REPO, *callers))]
    classes = transaction_callers.writing_classes(REPO)
    return transaction_callers.covered(files, classes, stores.TRANSACTION_CALLS, stores.TRANSACTION_NAMES)


@pytest.mark.parametrize(('caller', 'expected'), [
    pytest.param(b'db.transaction(async (tx) => { const r = new Repo(tx); await r.move(id); });', True, id='built on the callback parameter'),
    pytest.param(b'knex.transaction(async (trx) => new Repo(trx).move(id));', True, id='called on the construction'),
    pytest.param(b'function f(tx) { return new Repo(tx).move(id); }', True, id='a transaction name'),
    pytest.param(b'const r = new Repo(db); await r.move(id);', False, id='bare client'),
    pytest.param(b'db.transaction(async (tx) => { const r = new Repo(db); await r.move(id); });', False, id='bare client inside'),
    pytest.param(b'const r = new Repo(db); db.transaction(async (tx) => { const r = new Repo(tx); await r.move(id); });', True,
                 id='declared again in the callback'),
    pytest.param(b'const r = new Repo(db); db.transaction(async (tx) => { await r.move(id); });', False,
                 id='the outer one called in the callback'),
    pytest.param(b'items.map(async (tx) => new Repo(tx).move(id));', True, id='a transaction name, whatever the callback'),
    pytest.param(b'items.map(async (item) => new Repo(item).move(id));', False, id='a callback that is not a transaction'),
])
def test_callers(caller, expected):
    assert (('Repo', 'move') in _covered(caller)) is expected


def test_one_caller_on_the_bare_client_keeps_it_asked():
    assert _covered(b'db.transaction((tx) => new Repo(tx).move(a));', b'new Repo(db).move(b);') == frozenset()


def test_a_repository_built_on_another_ones_client_brings_no_evidence():
    inner = b'class Other { constructor(private db: Database) {} async go() { await new Repo(this.db).move(a); } }'
    assert _covered(b'db.transaction((tx) => new Repo(tx).move(a));', inner) == frozenset({('Repo', 'move')})


def test_a_call_through_this_is_a_caller_without_a_transaction():
    repo = REPO.replace(b'async move', b'async again() { await this.move(x); }\n  async move')
    files = [File.unparsed('r.ts', repo, 'typescript'), File.unparsed('c.ts', b'db.transaction((tx) => new Repo(tx).move(a));', 'typescript')]
    assert transaction_callers.covered(files, frozenset({'Repo'}), stores.TRANSACTION_CALLS, stores.TRANSACTION_NAMES) == frozenset()


def test_writing_classes_need_a_constructor_and_a_write_on_a_field():
    assert transaction_callers.writing_classes(REPO) == frozenset({'Repo'})
    assert transaction_callers.writing_classes(b'class A { async f() { await this.db.insert(t); } }') == frozenset()
    assert transaction_callers.writing_classes(b'class A { constructor(db) { this.db = db; } f() { return this.db.select(); } }') == frozenset()



def test_a_staged_repository_is_judged_by_its_committed_callers(repo, capsys):
    shutil.copytree(ROOT / 'fixtures' / 'missing-transaction' / 'repositories', repo / 'src')
    git(repo, 'add', 'src')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    path = repo / 'src' / 'GraphRepository.ts'
    text = path.read_text().replace('await targets.update(', 'await targets.update( /* staged */')
    path.write_text(text.replace('return proposal;', 'return proposal; // staged'))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low', '--ask', 'touched-functions']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    # move's callers all build it on the transaction; createProposal's one caller on the bare client.
    assert [f['line'] for f in doc['findings'] if f['check'] == 'missing-transaction'] == [20]


BUILDER = b'export function build(deps) { return async (d) => { const { prisma } = deps; await prisma.a.create(d); await prisma.b.create(d); }; }\n'


def _handed(*users: bytes) -> frozenset[str]:
    files = [File.unparsed(f'u{i}.ts', c, 'typescript') for i, c in enumerate((BUILDER, *users))]
    candidates = frozenset().union(*(transaction_callers.handed_candidates(f.source, stores.TRANSACTION_CALLS) for f in files))
    return transaction_callers.handed(files, candidates | {'build'}, stores.TRANSACTION_CALLS, stores.TRANSACTION_NAMES)


@pytest.mark.parametrize(('users', 'expected'), [
    pytest.param((b"import { build } from './b';\nexport const r = { create: useTransaction(build) };",), True,
                 id='handed to a transaction call'),
    pytest.param((b'knex.transaction(build);',), True, id='handed to a client transaction'),
    pytest.param((b'withTransaction(ctx, build);',), True, id='handed after a first argument'),
    pytest.param((b'useTransaction(build);', b'build({ prisma });'), False, id='also called on the bare client'),
    pytest.param((b'useTransaction(build);', b'export default { build };'), False, id='handed on in an object'),
    pytest.param((b'useTransaction(build);', b'function f(trx) { return build(trx); }'), True, id='called with a transaction'),
    pytest.param((b'register(build);',), False, id='handed to something else'),
    pytest.param((b'// useTransaction(build)\nexport default build;',), False, id='named only in a comment and an export'),
])
def test_handed(users, expected):
    assert ('build' in _handed(*users)) is expected


def test_a_builder_handed_on_by_a_handed_one():
    other = b'export function outer(deps) { return async (d) => { const inner = build(deps); await inner(d); }; }\n'
    assert _handed(other, b'useTransaction(outer);') == frozenset({'build', 'outer'})
    assert _handed(other, b'useTransaction(outer);', b'outer({ prisma });') == frozenset()


def test_a_staged_builder_is_judged_by_the_committed_files_that_hand_it(repo, capsys):
    shutil.copytree(ROOT / 'fixtures' / 'missing-transaction' / 'repository_builders', repo / 'src')
    git(repo, 'add', 'src')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    path = repo / 'src' / 'form.ts'
    path.write_text(path.read_text().replace("type: 'created'", "type: 'created' /* staged */"))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low', '--ask', 'touched-functions']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    assert [f['line'] for f in doc['findings'] if f['check'] == 'missing-transaction'] == []
