"""race-condition's field written back by name: one field of a record written through a key-value
call (``redis.hset(id, 'dl', n)``, ``storage.setField(id, 'dl', n)``) with a value moved from what
the record held (``meta.dl + 1``, directly or through a local): the record was read earlier (here
or by a middleware), and a write by another request since then is lost."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import serialized
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
# Calls that set one named field: Redis hashes, and helpers named for it (`setField`, `updateField`).
_FIELD_WRITE = lazyre.compile(r'^(?:hset|hsetnx|hmset|(?:set|update|save|put|write)[A-Z]?\w*Field)$')
_ARITHMETIC = frozenset(('+', '-'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence) for each field written with a value moved from that field."""
    for wait in awaits(scope):
        call = s.unwrap(wait.named_children[0]) if wait.named_children else None
        if call is None or call.type != 'call_expression' or not _FIELD_WRITE.match(s.callee_name(call)):
            continue
        args = s.arguments(call)
        for field, value in zip(args, args[1:]):
            name = s.string_value(field)
            moved = _moved_from(s.unwrap(value), name) if name else None
            if moved is not None and not serialized(scope, call):
                yield call, (
                    f'`{short(s.callee_path(call))}()` writes `{name}` as `{s.normalized(moved, 40)}`, moved from the '
                    f'value the record held when it was read: a concurrent write is lost (an atomic increment?)'
                ), (moved,)
                break


def _moved_from(value: Node, field: str) -> Node | None:
    """``meta.dl + 1`` for the field ``dl``, also through a local (``const dl = meta.dl + 1``)."""
    if value.type == 'identifier':
        init = s.initializer(value)
        value = s.unwrap(init) if init is not None else value
    if value.type != 'binary_expression' or s.text(value.child_by_field_name('operator')) not in _ARITHMETIC:
        return None
    for operand in (value.child_by_field_name('left'), value.child_by_field_name('right')):
        operand = s.unwrap(operand) if operand is not None else None
        if operand is not None and operand.type == 'member_expression' and s.dotted(operand).endswith(f'.{field}'):
            return value
    return None
