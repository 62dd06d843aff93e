"""The project's own functions handed a callback, judged by what their declarations do (one hop), in
hook mode and as pure functions: a unit of work that opens a transaction keeps its callback's writes
together, a payment "transaction" that only logs does not."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem import transaction_wrappers as w
from vcx_hook.lang.scope import File
from vcx_hook.main import main

from tests.helpers import ROOT
from tests.helpers import git

FIXTURE = ROOT / 'fixtures' / 'missing-transaction' / 'own_wrappers'
CALLS = stores.TRANSACTION_CALLS


@pytest.mark.parametrize(('src', 'names'), [
    (b'await startTx(async () => { a(); });', {'startTx': {0}}),
    (b'withinTransaction(ctx, function (trx) { return 1; });', {'withinTransaction': {1}}),
    (b"recordTransaction('settle', async () => {}); recordTransaction(async () => {});", {'recordTransaction': {0, 1}}),
    (b'run<Order>((trx) => trx.save());', {'run': {0}}),
    (b'items.map((x) => x.id);', {}),  # a member call: not resolved by its declaration
    (b'await transaction(async (t) => {});', {}),  # a known transaction call
    (b'save(order, options);', {}),  # no function handed
])
def test_handed(src, names):
    assert w.handed(src, CALLS) == names


def test_wanted_looks_in_local_modules_and_the_file_itself_not_in_packages():
    source = (b"import { useEffect } from 'react';\nimport { withUnit } from '~/db/unit';\n"
              b'function local(cb) { return cb(); }\n'
              b'useEffect(() => {}); withUnit(async () => {}); local(() => 1); undeclared(() => 2);\n')
    found = {(want.name, want.where.spec) for want in w.wanted([('src/a.ts', source + b'await repo.save(x);\n')], CALLS)}
    assert found == {('withUnit', '~/db/unit'), ('local', '')}
    assert w.wanted([('src/a.ts', source)], CALLS) == []  # no write for a transaction to keep together


def _verdicts(source: bytes, at: dict[str, set[int]]) -> dict[str, bool]:
    return w.verdicts(File.unparsed('src/db.ts', source, 'typescript'), {n: frozenset(i) for n, i in at.items()}, CALLS)


def test_a_declaration_that_hands_its_callback_to_a_transaction_opens_one():
    source = (b'export async function withUnit(cb) {\n'
              b'  const t = await getTrx();\n'
              b'  return db.transaction((trx) => storage.run(trx, cb));\n}\n'
              b'export const inTx = async (fn) => knex.transaction(fn);\n')
    assert _verdicts(source, {'withUnit': {0}, 'inTx': {0}}) == {'withUnit': True, 'inTx': True}


def test_a_declaration_that_only_calls_its_callback_opens_none():
    source = (b'export async function recordTransaction(kind, cb) {\n'
              b'  await db.transaction(async (trx) => trx.insert(kind));\n'  # a transaction, not around cb
              b'  await cb();\n}\n'
              b'class Ledger { async track(cb) { log(); return cb(); } }\n')
    assert _verdicts(source, {'recordTransaction': {1}, 'track': {0}}) == {'recordTransaction': False, 'track': False}


def test_a_name_only_called_is_no_declaration():
    assert _verdicts(b'withUnit(async () => {});\nconst x = withUnit;\n', {'withUnit': {0}}) == {}


def test_modules_are_the_paths_a_specifier_may_name_likeliest_first():
    wanted = w.wanted([('src/orders.ts', b"import { withUnit } from './db/unit.js';\nwithUnit(async () => { await a.save(); });\n"),
                       ('app/api/x.ts', b"import { startTx } from '~/infra/tx';\nstartTx(async () => { await b.insert(); });\n"),
                       ('lib/own.js', b'function local(cb) { return cb(); }\nlocal(() => c.update());\n')], CALLS)
    found = dict(zip([want.where.path for want in sorted(wanted, key=lambda x: x.where)],
                     w.modules(wanted, ('.ts', '.js'))))
    assert found['src/orders.ts'] == ['src/db/unit.ts', 'src/db/unit.js', 'src/db/unit/index.ts', 'src/db/unit/index.js']
    assert found['app/api/x.ts'][:6] == ['app/api/infra/tx.ts', 'app/api/infra/tx.js', 'app/infra/tx.ts',
                                         'app/infra/tx.js', 'infra/tx.ts', 'infra/tx.js']
    assert found['lib/own.js'] == ['lib/own.js']


def _staged_questions(repo, capsys) -> list[int]:
    shutil.copytree(FIXTURE, repo / 'src')
    orders = repo / 'src' / 'orders.ts'
    text = orders.read_text()
    orders.write_text(text.replace('// vcx-expect: missing-transaction\n', ''))
    (repo / '.vcx.toml').write_text('fold = false\n')  # each question apart, not one per file
    git(repo, 'add', '.vcx.toml', 'src/db', 'src/ledger.ts')
    git(repo, 'commit', '-q', '-m', 'the project')
    git(repo, 'add', 'src/orders.ts')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return sorted(f['line'] for f in doc['findings'] if f['check'] == 'missing-transaction')


def test_hook_mode_reads_the_wrappers_where_they_are_declared(repo, capsys):
    # settlePayment's invoice (recordTransaction only logs) and reopenOrder's lines (joinUnitOfWork
    # opens nothing); placeOrder's lines run in withUnitOfWork's transaction.
    lines = _staged_questions(repo, capsys)
    text = (FIXTURE / 'orders.ts').read_text().replace('// vcx-expect: missing-transaction\n', '').splitlines()
    asked = [text[n - 1].strip() for n in lines]
    assert asked == ["await invoiceRepository.update({ id: payment.invoiceId }, { paid: true });",
                     "await lineRepository.update({ orderId: order.id }, { status: 'open' });"]


def test_a_module_that_calls_no_transaction_declares_plain_functions_unparsed():
    source = b'export async function recordTransaction(kind, cb) {\n  log(kind);\n  await cb();\n}\n'
    file = File.unparsed('src/ledger.ts', source, 'typescript')
    assert w.judged(file, {'recordTransaction': frozenset({1}), 'absent': frozenset({0})}, CALLS) == {'recordTransaction': False}
    assert file._tree is None  # read from the text: never parsed
