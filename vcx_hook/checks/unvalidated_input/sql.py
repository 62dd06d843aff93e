"""SQL sinks: text built by concatenation or a template and run with ``query``/``execute``/``exec``/``run``
(when the text is SQL), ``raw`` (when the text is SQL or its receiver is bound to a store: not
``$fetch.raw(url)``), ``$queryRawUnsafe``, Knex ``whereRaw``..., postgres.js ``unsafe``; and
a project's own runner imported by name and called bare (``import { query } from '@metrics/influxdb/client'``,
``query(`SELECT ... WHERE id = '${id}'`)``), when the text reads as SQL."""
from __future__ import annotations

import functools
import re

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import stores
from vcx_hook.lang.lazyre import GAP
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_SQL = lazyre.compile(
    r'\b(select\b.*\bfrom|insert\s+(?:or\s+\w+\s+)?into|update\b.*\bset|delete\s+from|where|order\s+by|group\s+by)\b',
    re.IGNORECASE | re.DOTALL,
)

# `= 0x${uuid}`: MySQL's hex literal of a binary id (bhima's reports, real bugs of holdout19).
_VALUE_SLOT = lazyre.compile(
    r"(?:[=<>]|\blike|\bin\s*\(|\blimit|\boffset|\bvalues\s*\()\s*(?:'|0x)?\$\{\}|'\$\{\}'", re.IGNORECASE)


def sink(scope: Scope, call: Node, name: str, first: Node, label: str) -> Sink | None:
    """``db.query("... " + id)``: only text with a computed part, and for the generic runners
    (``query``, ``execute``) only text that reads as SQL."""
    fl = FlowOnDemand(scope.file, call)
    literal = literal_text(fl, first)
    if literal is None or '${}' not in literal:
        return None
    if not _SQL.search(literal) and (name in stores.SQL_IF_TEXT or name in stores.RAW_EXPRESSIONS
                                     and not _on_a_store(scope.file, call)):
        return None  # `$fetch.raw(url)`: ofetch's raw response, not a builder's raw SQL (npmx.dev, round 36)
    # A caller's value is asked only where SQL takes a value (`= ${x}`, `in (${x})`, `limit ${x}`,
    # `'${x}'`), not where the code builds names or fragments (`from ${table}`, `whereRaw(${cond})`).
    values = _SQL.search(literal) is not None and (
        _VALUE_SLOT.search(literal) is not None or _VALUE_SLOT.search(_with_fragments(fl, first)) is not None)
    return Sink(call, [(first, ())], f'{label} runs SQL built from `{{src}}`; pass it as a parameter instead',
                caller_message=f'{label} runs SQL with `{{src}}` interpolated, {{caller}}; '
                               'use a placeholder' if values else '', caller_hop=True, ids_loaded=True)


def _on_a_store(file: File, call: Node) -> bool:
    """``db.raw(...)`` on a receiver bound to a data store (``knex({...})``, a Sequelize instance):
    a fragment of SQL even where its text holds no keyword (``raw(`${col} = ${value}`)``)."""
    fn = call.child_by_field_name('function')
    receiver = fn.child_by_field_name('object') if fn is not None and fn.type == 'member_expression' else None
    return receiver is not None and stores.bound_store(file, receiver) is True


# Generic runners a module exports as functions (a pool's `query` wrapped in `db.js`): called bare, they
# are SQL's only when bound by an import or require and given text that reads as SQL (`exec`, `run`: a shell's).
BARE_RUNNERS = stores.SQL_IF_TEXT - stores.SQL_OR_OTHER
_BARE_CALL = lazyre.compile(rb'(?<![\w$.])(?:' + b'|'.join(n.encode() for n in sorted(BARE_RUNNERS)) + rb')\s*\(')


def called(file: File, sql_methods: frozenset[str]) -> bool:
    """A SQL runner called as a method in the file (``db.query(``, ``db.query<Row>(``, ``db.query?.(``,
    ``(db.query as Run)(``), or an imported one called bare (``query(``): where ``sink`` may find one.
    The names are looked for among the file's words first."""
    words, call = _method_call(sql_methods)
    return not file.words.isdisjoint(words) and (call.search(file.source) is not None or bool(
        sql_methods & BARE_RUNNERS) and _BARE_CALL.search(file.source) is not None)


def bare_runner(file: File, call: Node, name: str) -> bool:
    """``query(...)`` whose name the file imports or requires (``import { query } from './db'``,
    ``const { query } = require('../db')``): the project's runner, handed its SQL as text."""
    fn = call.child_by_field_name('function')
    if name not in BARE_RUNNERS or fn is None or fn.type != 'identifier':
        return False
    bound = bindings.binding(file, fn)
    return bound is not None and bound.how in (bindings.IMPORT, bindings.REQUIRE)


@functools.lru_cache(maxsize=8)
def _method_call(sql_methods: frozenset[str]) -> tuple[frozenset[bytes], re.Pattern[bytes]]:
    words = frozenset(n.encode() for n in sql_methods)
    names = b'|'.join(re.escape(n) for n in sorted(words))
    return words, re.compile(rb'\.' + GAP + rb'(?:' + names + rb')(?![\w$])' + GAP + rb'(?:[(<?!)]|as\b|satisfies\b)')


def _with_fragments(fl: FlowOnDemand, node: Node, depth: int = 0) -> str:
    """The SQL text with each fragment a local holds written in (``${filterByFiscalId}`` of ``const
    filterByFiscalId = monthly ? `AND gl.fiscal_year_id = ${fiscalId}` : ''``): where a value sits
    in a fragment, the text shows its slot."""
    node = s.unwrap(node)
    if node.type == 'identifier' and depth <= 2:  # `db.exec(debtorSql, dates)`
        values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
        return ' '.join(_with_fragments(fl, v, depth + 1) for v in values)
    if depth > 2 or node.type != 'template_string':
        return literal_text(fl, node) or ''
    parts, pos = [], node.start_byte + 1
    for c in node.named_children:
        if c.type == 'template_substitution':
            parts.append(node.text[pos - node.start_byte:c.start_byte - node.start_byte].decode('utf-8', 'replace'))
            inner = c.named_children[0] if c.named_children else None
            parts.append(_fragment(fl, inner, depth) if inner is not None else '${}')
            pos = c.end_byte
    parts.append(node.text[pos - node.start_byte:-1].decode('utf-8', 'replace'))
    return ''.join(parts)


def _fragment(fl: FlowOnDemand, node: Node, depth: int) -> str:
    """The text of a substitution that is a fragment: a local bound to a template or string, or a
    ternary choosing between them (its non-empty arms); ``${}`` for any other value."""
    node = s.unwrap(node)
    values = [node]
    if node.type == 'identifier':
        values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
    texts = []
    for value in (s.unwrap(v) for v in values):
        arms = [value.child_by_field_name('consequence'), value.child_by_field_name('alternative')] \
            if value.type == 'ternary_expression' else [value]
        for arm in (s.unwrap(a) for a in arms if a is not None):
            if arm.type in ('template_string', 'string'):
                texts.append(_with_fragments(fl, arm, depth + 1))
    return ' '.join(t for t in texts if t.strip()) or '${}'
