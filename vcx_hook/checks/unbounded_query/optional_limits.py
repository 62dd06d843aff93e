"""A page size applied only sometimes: a SQL ``LIMIT`` appended only when the limit is given (``if
(limit) q.append(sql` LIMIT ${limit}`)``, ``${conditional(!!options.limit, SQL`LIMIT
${options.limit}`)}``, ``limit ? `LIMIT ${limit}` : ''``): a caller that passes none, or ``0``, or a
value that parses to ``NaN``, reads every row the query finds (decentraland events' attendee list
and livepeer's table reads, real bugs of holdout17 and holdout19). A default in place of the missing
limit is the fix; a branch that adds another ``LIMIT`` (an ``else``) bounds the read too."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

# A SQL fragment that opens with its LIMIT clause and its value (`` sql` LIMIT ${n}` ``, `' LIMIT ' + n`,
# `' LIMIT ?'`), not a URL's `limit=${n}` nor a sentence (`'Limit reached'`).
_OPENING = lazyre.compile(rb'''(?i)[`'"]\s*limit\s+(?:\$\{|\?|\$\d|[:@]\w|\d|['"])''')
_LIMIT = lazyre.compile(r'(?i)\blimit\b')
_STRINGS = frozenset(('string', 'template_string'))


def possible(scope: Scope) -> bool:
    return (scope.holds(b'LIMIT') or scope.holds(b'limit')) and next(scope.matches(_OPENING), None) is not None


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(fragment, message) for each LIMIT clause that a test of its own value guards."""
    if not possible(scope):
        return
    for m in scope.matches(_OPENING):
        node = s.descendant(scope.root, m.start(), m.start() + 1)
        while node is not None and node.type not in _STRINGS:
            node = s.parent_of(node)
        if node is None or s.enclosing_function(node) is None:
            continue
        value = _limit_value(node)
        if value is None:
            continue
        guard = _guard(node, value)
        if guard is not None:
            yield node, (
                f'the `LIMIT` is added only when `{value}` is set (`{s.normalized(s.unwrap(guard), 40)}`): a caller that '
                'passes none, or 0, reads every row the query finds'
            )


def _limit_value(fragment: Node) -> str | None:
    """The value the LIMIT takes: the fragment's first substitution (``${options.limit}``), or what
    is added after it (``' LIMIT ' + limit``)."""
    sub = next((c for c in fragment.named_children if c.type == 'template_substitution'), None)
    if sub is not None and sub.named_children:
        value = sub.named_children[0]
    else:
        parent = s.parent_of(fragment)
        if parent is None or parent.type != 'binary_expression' or not same(parent.child_by_field_name('left'), fragment):
            return None
        value = parent.child_by_field_name('right')
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type not in ('identifier', 'member_expression'):
        return None
    return s.text(value)


def _guard(fragment: Node, value: str) -> Node | None:
    """The test of ``value`` the fragment is added under, with no other LIMIT when it fails: the
    condition of an ``if`` with no ``else`` that limits, of a ternary or ``&&``, or the first argument
    of a helper given the condition and the fragment (``conditional(!!limit, SQL`LIMIT ...`)``)."""
    mentions = re.compile(r'(?<![\w.$])' + re.escape(value) + r'(?![\w$])')
    fn = s.enclosing_function(fragment)
    child = fragment
    for up in s.ancestors(fragment):
        if same(up, fn):
            return None
        condition: Node | None = None
        if up.type == 'if_statement' and same(up.child_by_field_name('consequence'), child):
            other = up.child_by_field_name('alternative')
            condition = up.child_by_field_name('condition') if other is None or not _LIMIT.search(s.text(other)) else None
        elif up.type == 'ternary_expression' and same(up.child_by_field_name('consequence'), child):
            other = up.child_by_field_name('alternative')
            condition = up.child_by_field_name('condition') if other is None or not _LIMIT.search(s.text(other)) else None
        elif up.type == 'binary_expression' and s.text(up.child_by_field_name('operator')) == '&&' \
                and same(up.child_by_field_name('right'), child):
            condition = up.child_by_field_name('left')
        elif up.type == 'arguments' and len(up.named_children) == 2 and same(up.named_children[1], child):
            condition = up.named_children[0]
        if condition is not None:
            return condition if mentions.search(s.text(condition)) else None
        child = up
    return None
