"""race-condition's get-or-create in one expression: ``(await findUser(email)) ?? (await
createUser(email))``, ``await User.findOne({ email }) || await User.create({ email })``. The lookup
and the create are two round trips: two requests for a record nobody made yet both find nothing
and both create it (a duplicate, or the second fails on a unique key and its request errors:
freeCodeCamp chapter's first login, a real bug of holdout7). An upsert, or a create that settles
its conflict, does it in one."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import helper_nouns
from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.nodes import callee
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.source import File
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_OPERATORS = ('??', '||')
_LOOKUP = lazyre.compile(r'^(?:get|find|fetch|load|read|lookup)(?!All|Many|List)(?:[A-Z]\w*)?$')
_MAKE = lazyre.compile(r'^(?:create|insert|add|make|register)(?:[A-Z]\w*)?$')
_OPERATOR_BYTES = tuple(o.encode() for o in _OPERATORS)


def possible(scope: Scope) -> bool:
    return (b'??' in scope.text or b'||' in scope.text) and scope.holds(b'await')


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(create, message, evidence: the lookup) for each ``lookup ?? create`` of one record."""
    if not possible(scope):
        return
    for start, end in scope.ranges:
        for either in _binaries(scope.file, start, end):
            if s.text(either.child_by_field_name('operator')) not in _OPERATORS:
                continue
            found, made = _awaited_call(either.child_by_field_name('left')), _awaited_call(either.child_by_field_name('right'))
            if found is None or made is None or not _pair(found, made) or in_transaction(found):
                continue
            yield made, (
                f'`{short(callee(found))}()` looks the record up, and `{short(callee(made))}()` makes it when '
                'missing: two requests can both miss and both create'
            ), (found,)


def _binaries(file: File, start: int, end: int) -> Iterator[Node]:
    """The ``??`` and ``||`` expressions whose operator is between ``start`` and ``end``: found
    from the operators' bytes and looked up in the tree, where a walk visits every node."""
    source, root = file.source, file.tree.root
    spans = sorted((pos, pos + 2) for operator in _OPERATOR_BYTES for pos in _positions(source, operator, start, end))
    for first, last in spans:
        token = s.descendant(root, first, last)
        if token is not None and token.start_byte == first and token.end_byte == last:
            either = s.parent_of(token)
            if either is not None and either.type == 'binary_expression':
                yield either


def _positions(source: bytes, word: bytes, start: int, end: int) -> Iterator[int]:
    pos = source.find(word, start, end)
    while pos != -1:
        yield pos
        pos = source.find(word, pos + len(word), end)


def _awaited_call(node: Node | None) -> Node | None:
    """The call of ``await f(x)`` or ``(await f(x))``."""
    inner = s.unwrap(node) if node is not None else None
    return inner if inner is not None and inner.type == 'call_expression' and s.is_awaited(inner) else None


def _pair(found: Node, made: Node) -> bool:
    """A lookup and a create of one record: the same model (``User.findOne``, ``User.create``) or
    helpers about the same noun (``findUser``, ``createUser``)."""
    a, b = s.callee_name(found), s.callee_name(made)
    if not _LOOKUP.match(a) or not _MAKE.match(b):
        return False
    ra, rb = s.receiver(found), s.receiver(made)
    if ra is not None and rb is not None and s.dotted(ra) == s.dotted(rb) and s.dotted(ra) not in ('', 'this'):
        return True
    return bool(helper_nouns(found) & helper_nouns(made))
