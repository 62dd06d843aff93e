"""race-condition's list fields grown in memory and written back whole: a record read from a store
or by a read helper (``const team = await this.fetchTeam(teamId)``), an array field of it grown in
JavaScript (``team.event_names.push(event)``), and the whole array handed to a write (``UPDATE
posthog_team SET event_names = $2 ... [JSON.stringify(team.event_names)]``, ``teams.update(id, {
event_names: team.event_names })``).  Two workers read the same list, each appends its own entry,
and the later write drops the other's (PostHog plugin-server's updateEventNamesAndProperties, a
real bug of holdout9).  Not asked under a lock or in a transaction; an atomic append
(``array_append``, ``$push``, ``$addToSet``) answers it."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.ecosystem import packages as packages_mod
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: read-modify-write through every store).
CONFIDENCE = LOW
_GROWS = frozenset((b'push', b'unshift'))
_READ_HELPER = lazyre.compile(r'^(get|find|fetch|load|read)[A-Z]')
_SQL_UPDATE = lazyre.compile(r'^\s*update\b', re.I)
# The family's default names (the rules asked with the scope alone do not read the configuration's).
_NAMES = {
    'data_receivers': stores.SHARED_STATE_RECEIVERS, 'read_methods': stores.STALE_READS,
    'write_methods': stores.STATE_WRITES,
}
_AROUND = frozenset(('await_expression', 'binary_expression', 'parenthesized_expression', 'as_expression'))


def find(scope: Scope, packages: Mapping[str, str] = {}) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:  # noqa: B006
    """(write, message, (push, read)) for each write handed a list field of a read record after it
    grew, or the whole record (``await box.save()``, ``repo.save(box)``): not in a project on Mongoose,
    whose documents save a push as an atomic ``$push`` (``packages``: the project's)."""
    if not scope.holds(b'await') or not any(w in scope.file.words for w in _GROWS):
        return
    asked: set[int] = set()
    for name in scope.named(_GROWS):
        push = s.called_by(name)
        if push is None:
            continue
        field = _grown_field(push)
        read = _read_of(field.child_by_field_name('object')) if field is not None else None
        fn = s.enclosing_function(push)
        body = s.function_body(fn) if fn is not None else None
        if field is None or read is None or body is None or s.enclosing_function(read) != fn or in_transaction(read) \
                or stores.SERIALIZES.search(body.text or b''):
            continue
        pattern = re.compile(re.escape(s.text(field)) + r'(?![\w$.\[])')
        record = s.text(field.child_by_field_name('object'))
        whole = packages_mod.MONGOOSE not in packages and packages_mod.MONGOOSE.encode() not in scope.file.words
        for call in sorted(s.own_nodes(body, frozenset(('call_expression',))), key=s.document_order):
            args = call.child_by_field_name('arguments')
            if call.start_byte > push.end_byte and call.start_byte not in asked and args is not None \
                    and (pattern.search(s.text(args)) or (whole and _saves_whole(call, record))) and _writes(call):
                asked.add(call.start_byte)
                yield call, (
                    f'`{s.normalized(s.callee(call) or call, 40)}()` writes back `{s.text(field)}` whole after the '
                    f'`{s.callee_name(push)}` on line {push.start_point.row + 1} to the list read on line '
                    f'{read.start_point.row + 1}; a concurrent append is lost (an atomic append?)'
                ), (push, read)
                break


def _saves_whole(call: Node, record: str) -> bool:
    """``box.save()`` of the record itself, or a ``save`` handed it (``repo.save(box)``): the grown
    list goes back with the rest (Waterline, TypeORM)."""
    if s.callee_name(call) != 'save':
        return False
    args = s.arguments(call)
    return s.receiver_name(call) == record or any(s.text(a) == record for a in args)


def _grown_field(push: Node) -> Node | None:
    """``team.event_names`` of ``team.event_names.push(x)``."""
    callee = s.callee(push)
    field = callee.child_by_field_name('object') if callee is not None and callee.type == 'member_expression' else None
    record = field.child_by_field_name('object') if field is not None and field.type == 'member_expression' else None
    return field if record is not None and record.type == 'identifier' else None


def _read_of(record: Node | None) -> Node | None:
    """The awaited read ``record`` was declared with: a store read, or a helper named for one."""
    decl = s.declaration(record) if record is not None else None
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    while value is not None and value.type in _AROUND and value.type != 'await_expression':
        value = value.child_by_field_name('left') or (value.named_children[0] if value.named_children else None)
    call = value.named_children[0] if value is not None and value.type == 'await_expression' and value.named_children else None
    if call is None or call.type != 'call_expression':
        return None
    return call if _READ_HELPER.match(s.callee_name(call) or '') or is_kind(call, _NAMES, 'read') else None


def _writes(call: Node) -> bool:
    """A store write, or SQL ``UPDATE`` text handed to a call."""
    if is_kind(call, _NAMES, 'write'):
        return True
    args = s.arguments(call)
    text = sql.sql_text(args[0]) if args else None
    return text is not None and _SQL_UPDATE.match(text) is not None
