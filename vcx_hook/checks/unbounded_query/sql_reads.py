"""SQL text run with neither ``WHERE`` nor ``LIMIT``: a literal, a template, a ``+`` concatenation
or a ``const`` holding one, passed to a runner (``db.query(...)``, `` sql`...` ``,
``db.prepare(...).all()``); and the file-level gate that finds such text."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unbounded_query import evidence as reads_evidence
from vcx_hook.checks.unbounded_query import reads
from vcx_hook.checks.common import encoded
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]

# The gate: strings that may start with SELECT or WITH (after whitespace, which for Python's str
# may be a non-ASCII character), in lower case; the methods of the `unbounded-query.call` pattern.
_SQL_START = lazyre.compile(rb'''['"`](?:\s|[\x1c-\x1f\x80-\xff])*(?:select|with)(?![\w$.])''')
# Grouped columns with as many values as the traffic (each request brings its own): a ranking by them
# is as long as the data. Not an account's key (`email`, `user_id`) or a site's (`domain`, `hostname`):
# one group per member or site the application already lists (Worklenz's admins, team leads and
# utilization rows grouped by e-mail, round 35, 0 of 3 worth asking; a domain count feeding a filter list).
_OPEN_ENDED = frozenset((
    'url', 'path', 'pathname', 'referrer', 'referer', 'query', 'term', 'keyword', 'ip', 'useragent',
    'user_agent', 'visitor', 'visitorid', 'visitor_id',
))
_FROM = lazyre.compile(r'\bfrom\b', re.I)
_SQL_PARTS = frozenset((
    'binary_expression', 'parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression',
    'satisfies_expression', 'type_assertion',
))


def runner_named(text: bytes, names: Names) -> bool:
    return any(r in text for r in encoded(names['sql_runners'])) or b'sql' in text.lower()  # `Sql`...`` tags too


def sql_file(file: File) -> bool | None:
    """Whether a string or template starts with SELECT or WITH, alone or first in a ``+``
    concatenation, and ``sql.unbounded_table`` (or ``sql.unlimited_ranking``) finds its SQL unbounded: what every SQL finding
    reads, in the scope or in a ``const`` elsewhere.  None when the file has no ``select`` at all."""
    low = file.lower
    if b'select' not in low:
        return None
    root = file.tree.root
    for m in _SQL_START.finditer(low):
        node = s.descendant(root, m.start(), m.start() + 1)
        while node is not None and node.start_byte == m.start() and node.type not in ('string', 'template_string'):
            node = s.parent_of(node)
        if node is None or node.start_byte != m.start() or node.type not in ('string', 'template_string'):
            continue
        while True:  # each expression holding the literal that sql_text reads: `'SELECT ' + cols + ' FROM t'`
            text = sql.sql_text(node)
            if text is not None and (sql.unbounded_table(text) is not None or sql.unlimited_ranking(text) is not None):
                return True
            if s.parent_of(node) is None or s.parent_of(node).type not in _SQL_PARTS:
                break
            node = s.parent_of(node)
    return False


def sql_findings(scope: Scope, names: Names) -> Iterator[tuple[Node, str, tuple[Node, ...], str]]:
    """(runner call, message, the end of the SQL text: where a LIMIT would go, confidence)."""
    runners = names['sql_runners']
    for lit in scope.captures('unbounded-query.sql'):
        tagged = _tagged_runner(lit, runners) if lit.type == 'template_string' else None
        if tagged is not None:
            yield from _judge_sql(tagged[0], tagged[1], sql.sql_text(lit), names, _end(lit))
            continue
        expr = lit
        while s.parent_of(expr) is not None and s.parent_of(expr).type in ('binary_expression', 'parenthesized_expression'):
            expr = s.parent_of(expr)
        call = runner_call(expr, runners)
        if call is not None:
            label = f'{reads.label(call)}().all()' if s.callee_name(call) == 'prepare' else f'{reads.label(call)}()'
            yield from _judge_sql(call, label, sql.sql_text(expr), names, _end(expr))
    for call in scope.captures('unbounded-query.sqlvar'):
        if s.callee_name(call) in runners:
            decl = s.declaration(s.arguments(call)[0])
            value = decl.child_by_field_name('value') if decl is not None else None
            yield from _judge_sql(call, f'{reads.label(call)}()', sql.const_sql(s.arguments(call)[0]), names,
                                  _end(value) if value is not None else ())


def _tagged_runner(template: Node, runners: frozenset[str]) -> tuple[Node, str] | None:
    """``sql`...` ``, ``prisma.$queryRaw`...` `` and the generic ``$queryRaw<T[]>`...` `` (which
    tree-sitter-typescript parses as an instantiation or as two comparisons)."""
    parent = s.parent_of(template)
    tag = None
    if parent is not None and parent.type == 'call_expression' and parent.child_by_field_name('arguments') == template:
        tag = s.callee(parent)
    elif parent is not None and parent.type == 'binary_expression' and parent.child_by_field_name('right') == template:
        left = parent.child_by_field_name('left')
        if left is not None and left.type == 'binary_expression' and s.text(left.child_by_field_name('operator')) == '<':
            tag = left.child_by_field_name('left')
    while tag is not None and tag.type in ('non_null_expression', 'instantiation_expression', 'await_expression'):
        tag = tag.named_children[0] if tag.named_children else None
    if tag is None or parent is None or tag.type not in ('identifier', 'member_expression'):
        return None
    name = s.text(tag.child_by_field_name('property')) if tag.type == 'member_expression' else s.text(tag)
    if name not in runners and name.lower() != 'sql':
        return None
    return parent, s.dotted(tag)


# Where an options object holds the SQL text: pg's `{ text }`, mysql's `{ sql }`, ClickHouse's `{ query }`.
_TEXT_KEYS = frozenset(('text', 'sql', 'query'))


def runner_call(expr: Node, runners: frozenset[str]) -> Node | None:
    """The call that runs ``expr`` as SQL: ``db.query(expr)``, ``` sql`...` ```, ``query({ text: expr })``
    (``{ sql }`` for mysql, ``{ query }`` for ClickHouse's client)."""
    parent = s.parent_of(expr)
    if parent is None:
        return None
    if parent.type == 'pair' and s.text(parent.child_by_field_name('key')) in _TEXT_KEYS and s.parent_of(parent) is not None:
        parent = s.parent_of(s.parent_of(parent))
        expr = s.parent_of(s.parent_of(expr))
        if parent is None:
            return None
    if parent.type != 'arguments' or s.parent_of(parent) is None or s.arguments(s.parent_of(parent))[:1] != [expr]:
        return None
    call = s.parent_of(parent)
    if call is None:
        return None
    name = s.callee_name(call)
    # A project's runner named for a query (`readOnlyQuery({ query })`: chmonitor's agent tool, holdout18).
    return call if name in runners or (expr.type == 'object' and s.name_words(name)[-1:] == ['query']) else None


def _judge_sql(
        call: Node, runner: str, query: str | None, names: Names, evidence: tuple[Node, ...],
) -> Iterator[tuple[Node, str, tuple[Node, ...], str]]:
    if query is None:
        return
    table = sql.unbounded_table(query)
    ranking = sql.unlimited_ranking(query) if table is None else None
    confidence = ''
    if ranking is not None:
        table, columns = ranking
        if reads.few_groups(columns, names['small_tables']):
            return  # one row per country, per status, per day: small by construction
        # Filtered, but every group of it. Listed when the groups are open-ended: a URL, a referrer,
        # a visitor (`_OPEN_ENDED`), or a column the SELECT list picks at run time (issue 18's umami
        # metrics: `select ${column} x, count(*) y ... group by 1`). Another key (a user's rules, the
        # routes of one changeset) was a short list on held-out code (bench/judged, 0% of 4): low.
        open_ended = _chosen_at_run_time(query) or any(c in _OPEN_ENDED for c in columns)
        confidence = MEDIUM if open_ended else LOW
    if table is None or (table and sql.is_small_table(table, names['small_tables'])):
        return
    top = s.chain_top(call)
    methods = [s.callee_name(c) for c in s.chain_calls(top)[:-1]]
    if s.callee_name(call) == 'prepare':
        if methods[-1:] != ['all']:
            return  # .get() reads one row, .iterate() streams
    elif any(m in ('stream', 'cursor', 'iterate', 'each', 'pipe', 'values') for m in methods) or reads.streamed(top):
        return
    statement = ' '.join(query.split())
    statement = statement if len(statement) <= 40 else statement[:37] + '...'
    table = table if len(table) <= 30 else table[:27] + '...'
    if ranking is not None and table is not None:
        what = f'ranks every group of `{table}`' if table else 'ranks every group'
        yield call, f'`{runner}` runs {statement!r}, which {what} with no LIMIT: a top list returns them all', \
            evidence, confidence
        return
    if sql.has_group_by(query):
        what = f'one row per group of `{table}`' if table else 'one row per group'
    else:
        what = f'every row of `{table}`' if table else 'every row'
    confidence, comment = reads_evidence.whole_read(call, table, query)
    yield call, f'`{runner}` runs {statement!r} with no WHERE or LIMIT: it loads {what} into memory', \
        evidence + comment, confidence


def _chosen_at_run_time(query: str) -> bool:
    """Whether the SELECT list holds a piece built at run time (``select ${column} x, ...``)."""
    head = _FROM.split(query, maxsplit=1)[0]
    return '${}' in head


def _end(sql_expr: Node) -> tuple[Node, ...]:
    """The last token of the SQL text (a closing quote or backtick): where a ``LIMIT`` would go."""
    node = sql_expr
    while node.children:
        node = node.children[-1]
    return (node,)
