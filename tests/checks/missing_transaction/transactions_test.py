from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

TWO_WRITES = "await db.account.update({ where: { id }, data: { plan: 'free' } });\n" \
             "      await db.quota.update({ where: { id }, data: { plan: 'free' } });"
TX = "await db.$transaction(async (tx) => { await tx.account.update({ where: { id }, data: {} }); " \
     "await tx.quota.update({ where: { id }, data: {} }); });"


def lines(src: str) -> list[int]:
    result = audit.audit(Target('src/server/webhook.ts', ("import { db } from './db';\n" + src).encode(), None),
                         default_config())
    return [f.line for f in result.findings if f.check_id == ID]


def switch(first: str, second: str, before: str = '') -> str:
    return (f"export async function hook(type: string, id: string) {{\n  {before}\n  switch (type) {{\n"
            f"    case 'a': {{\n      {first}\n      break;\n    }}\n"
            f"    case 'b': {{\n      {second}\n      break;\n    }}\n  }}\n}}\n")


def test_a_transaction_in_another_case_covers_nothing_here():
    assert lines(switch(TX, TWO_WRITES)) == [11]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param(switch(TX, TX), id='each case its own transaction'),
        pytest.param(switch(TWO_WRITES, TWO_WRITES, before="await db.$transaction([]);"), id='a transaction outside the switch'),
    ),
)
def test_covered(src):
    assert lines(src) == []
