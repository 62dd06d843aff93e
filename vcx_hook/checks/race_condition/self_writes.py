"""race-condition's record written back from itself: a loaded record (a model instance, ``this`` in
a model's method) updating one of its own fields computed from the value it holds
(``this.$query().patch({ count: this.count + 1 })``, ``user.update({ credits: user.credits - cost })``).
The value is the one read when the record was loaded; an update by anyone else in between is lost."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import serialized
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.lazyre import GAP
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WRITES = frozenset(m.encode() for m in stores.SELF_UPDATES)
_ARITHMETIC = frozenset(('+', '-'))


# `record.update({`, `this.$query().patch<T>(({`: a method call whose first argument is an object
# literal (perhaps wrapped: ``_record`` takes a member callee only, ``find`` the object's keys).
_OBJECT_WRITE = lazyre.compile(
    rb'\.' + GAP + rb'(?:' + b'|'.join(re.escape(w) for w in sorted(_WRITES)) + rb')(?![\w$])'
    + GAP + rb'(?:\?\.' + GAP + rb')?(?:<[\s\S]*?>' + GAP + rb')?\(' + GAP + rb'(?:[({<]|await(?![\w$]))')


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_WRITES) and scope.file.fact(_object_writes)


def _object_writes(file: File) -> bool:
    return _OBJECT_WRITE.search(file.source) is not None


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(write, message) for each write of a record's field computed from the same field."""
    if not possible(scope):
        return
    for name in scope.named(_WRITES):
        call = s.called_by(name)
        if call is None or not s.arguments(call):
            continue
        record = _record(call)
        if record is None:
            continue
        for key, value in s.object_keys(s.unwrap(s.arguments(call)[0])).items():
            field = f'{record}.{key}'
            if _from_itself(s.unwrap(value), field) and not serialized(scope, call):
                yield call, (
                    f'`{short(s.callee_path(call))}()` writes `{field}` computed from the value the record held '
                    f'when it was loaded: an update made since then is lost (atomic increment?)'
                )
                break


def _record(call: Node) -> str | None:
    """``user`` for ``user.update()``, ``this`` for ``this.$query().patch()``: the record written."""
    recv = s.receiver(call)
    if recv is None:
        return None
    recv = s.unwrap(recv)
    if recv.type == 'call_expression' and s.callee_name(recv) in stores.RECORD_QUERIES:  # `record.$query().patch(...)` writes `record`
        recv = s.receiver(recv)
        if recv is None:
            return None
        recv = s.unwrap(recv)
    if recv.type not in ('identifier', 'this'):
        return None
    return s.text(recv)


def _from_itself(value: Node, field: str) -> bool:
    """``field + 1``, ``field - amount``: the new value is the old one moved."""
    if value.type != 'binary_expression' or s.text(value.child_by_field_name('operator')) not in _ARITHMETIC:
        return False
    operands = (value.child_by_field_name('left'), value.child_by_field_name('right'))
    return any(o is not None and s.dotted(o) == field for o in operands)
