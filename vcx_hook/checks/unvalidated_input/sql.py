"""SQL sinks: text built by concatenation or a template and run with ``query``/``execute``/``exec``/``run``
(when the text is SQL), ``raw``, ``$queryRawUnsafe``, Knex ``whereRaw``..., postgres.js ``unsafe``."""
from __future__ import annotations

import functools
import re

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import stores
from vcx_hook.lang.lazyre import GAP
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_SQL = lazyre.compile(
    r'\b(select\b.*\bfrom|insert\s+(?:or\s+\w+\s+)?into|update\b.*\bset|delete\s+from|where|order\s+by|group\s+by)\b',
    re.IGNORECASE | re.DOTALL,
)

_VALUE_SLOT = lazyre.compile(
    r"(?:[=<>]|\blike|\bin\s*\(|\blimit|\boffset|\bvalues\s*\()\s*'?\$\{\}|'\$\{\}'", re.IGNORECASE)


def sink(scope: Scope, call: Node, name: str, first: Node, label: str) -> Sink | None:
    """``db.query("... " + id)``: only text with a computed part, and for the generic runners
    (``query``, ``execute``) only text that reads as SQL."""
    literal = literal_text(FlowOnDemand(scope.file, call), first)
    if literal is None or '${}' not in literal:
        return None
    if name in stores.SQL_IF_TEXT and not _SQL.search(literal):
        return None
    # A caller's value is asked only where SQL takes a value (`= ${x}`, `in (${x})`, `limit ${x}`,
    # `'${x}'`), not where the code builds names or fragments (`from ${table}`, `whereRaw(${cond})`).
    values = _SQL.search(literal) is not None and _VALUE_SLOT.search(literal) is not None
    return Sink(call, [(first, ())], f'{label} runs SQL built from `{{src}}`; pass it as a parameter instead',
                caller_message=f'{label} runs SQL with `{{src}}` interpolated, {{caller}}; '
                               'use a placeholder' if values else '', caller_hop=True, ids_loaded=True)


def called(file: File, sql_methods: frozenset[str]) -> bool:
    """A SQL runner called as a method in the file (``db.query(``, ``db.query<Row>(``, ``db.query?.(``,
    ``(db.query as Run)(``): where ``sink`` may find one.  The names are looked for among the
    file's words first."""
    words, call = _method_call(sql_methods)
    return not file.words.isdisjoint(words) and call.search(file.source) is not None


@functools.lru_cache(maxsize=8)
def _method_call(sql_methods: frozenset[str]) -> tuple[frozenset[bytes], re.Pattern[bytes]]:
    words = frozenset(n.encode() for n in sql_methods)
    names = b'|'.join(re.escape(n) for n in sorted(words))
    return words, re.compile(rb'\.' + GAP + rb'(?:' + names + rb')(?![\w$])' + GAP + rb'(?:[(<?!)]|as\b|satisfies\b)')
