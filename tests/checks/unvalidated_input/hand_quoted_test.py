from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/db.ts') -> list[tuple[int, str, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


def message(value: str, param: str) -> str:
    return (f'`{value}` is quoted into SQL text by hand, a value its caller passes (`{param}`): a quote in it ends '
            'the string; bind it as a parameter')


@pytest.mark.parametrize(
    ('body', 'value', 'param'),
    (
        pytest.param("return `select * from t where name = '${name}'`;", 'name', 'name', id='quoted'),
        pytest.param("const q = `select * from t where name like '%${name}%'`;\n  return db.query(q);", 'name', 'name',
                     id='like'),
        pytest.param("return sql`select toStartOfDay(ts, '${raw(name)}') from t`;", 'name', 'name', id='raw in sql tag'),
    ),
)
def test_parameter_quoted_into_sql(body, value, param):
    src = f'export function find(db, name: string) {{\n  {body}\n}}\n'
    assert findings(src) == [(2, 'low', message(value, param))]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("return `select * from t where n = '${n}'`;", id='typed number'),
        pytest.param("return `select * from t where d > '${since.toISOString()}'`;", id='a date'),
        pytest.param("const e = name.replace(/'/g, \"''\");\n  return `select * from t where name = '${e}'`;", id='escaped'),
        pytest.param("return db.query(`select * from t where name = '${name}'`);", id='handed to the runner: callers rule'),
        pytest.param("return sql`select * from t where name = '${name}'`;", id='bound by the tag'),
        pytest.param("return `Hello '${name}'`;", id='not sql'),
        pytest.param("const k = 'x';\n  return db.query(`select * from t where name = '${k}'`);", id='a constant'),
    ),
)
def test_not_asked(body):
    src = f'export function find(db, name: string, n: number, since: Date) {{\n  {body}\n}}\n'
    assert [f for f in findings(src) if 'by hand' in f[2]] == []
