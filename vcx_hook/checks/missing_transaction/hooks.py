"""The rule: a Sequelize model hook that writes without the transaction the hook was handed
(``User.addHook('afterCreate', async (user) => { await seedTags(user.id) })``,
``hooks: { afterCreate: async (user) => Role.create({ user_id: user.id }) }``): the save that fired
the hook may run in a transaction, and the hook's writes are not part of it. A rollback of the
save leaves them, and on SQLite they wait on that transaction's lock (``SQLITE_BUSY``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import write_of
from vcx_hook.ecosystem import packages
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_HOOKS = frozenset(f'{when}{what}' for when in ('after', 'before') for what in (
    'Create', 'Update', 'Save', 'Destroy', 'Upsert', 'BulkCreate', 'BulkUpdate', 'BulkDestroy'))
_ADD_HOOK = frozenset(('addHook', 'hook'))
_NAMES = frozenset(n.encode() for n in _HOOKS | _ADD_HOOK)
# First words of helpers that make or change records for the hook's record (`seedSystemTagsForUser(user.id)`).
_MAKES = frozenset(('create', 'seed', 'add', 'ensure', 'sync', 'grant', 'assign', 'insert', 'save', 'update',
                    'upsert', 'delete', 'destroy'))
_CALLS = '(call_expression) @call'
# An import or require of Sequelize: the hooks of its models are handed the save's options.
_SEQUELIZE = lazyre.compile(rb'''['"](?:''' + packages.SEQUELIZE.encode() + rb'''|sequelize-typescript|@nestjs/sequelize)['"]''')
_SEQUELIZE_WORD = packages.SEQUELIZE.encode()  # in each name `_SEQUELIZE` finds


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str]]:
    """(write, hook name) for the first write of each hook callback not handed a transaction."""
    if possible(scope):
        for hook, fn in _hooks(scope):
            body = s.function_body(fn)
            if body is None or _handed(scope, fn, body):
                continue
            calls = scope.file.captures(_CALLS, ((body.start_byte, body.end_byte),)).get('call', [])
            write = next((c for c in calls if s.enclosing_function(c) == fn and _writes(c, names, scope)), None)
            if write is not None and scope.contains(write):
                yield write, hook


def _handed(scope: Scope, fn: Node, body: Node) -> bool:
    """The callback passes a transaction on: it names ``transaction`` (``{ transaction:
    options.transaction }``, ``seedTags(id, t.transaction)``) or reads the hook's options."""
    params = [p for p in s.parameter_names(fn)[1:] if p]
    words = frozenset((b'transaction', *(p.encode() for p in params)))
    return bool(scope.file.named(words, ((body.start_byte, body.end_byte),)))


def possible(scope: Scope) -> bool:
    """A hook's name in the file, and the file imports Sequelize."""
    return not scope.file.words.isdisjoint(_NAMES) and _sequelize(scope)


def _sequelize(scope: Scope) -> bool:
    return scope.file.fact(_imports_sequelize)


def _imports_sequelize(file: File) -> bool:
    return _SEQUELIZE_WORD in file.word_text and _SEQUELIZE.search(file.source) is not None


def _hooks(scope: Scope) -> Iterator[tuple[str, Node]]:
    """(hook name, callback) for ``Model.addHook('afterCreate', fn)``, ``Model.afterCreate(fn)`` and
    ``hooks: { afterCreate: fn }`` (or ``afterCreate(user) {...}`` in it)."""
    for name in scope.file.named(_NAMES, ((0, len(scope.file.source)),)):
        parent = s.parent_of(name)
        if parent is None:
            continue
        if parent.type == 'method_definition' and name.text.decode() in _HOOKS:
            yield name.text.decode(), parent
            continue
        if parent.type == 'pair' and name.text.decode() in _HOOKS:
            value = parent.child_by_field_name('value')
            if value is not None and s.unwrap(value).type in s.FUNCTION_TYPES:
                yield name.text.decode(), s.unwrap(value)
            continue
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        fn = s.unwrap(args[-1]) if args else None
        if fn is None or fn.type not in s.FUNCTION_TYPES:
            continue
        hook = s.string_value(args[0]) if name.text.decode() in _ADD_HOOK else name.text.decode()
        if hook in _HOOKS:
            yield hook, fn


def _writes(call: Node, names: Names, scope: Scope) -> bool:
    """An ORM write, or a helper named for making records, awaited or returned."""
    if not (s.is_awaited(call) or (s.parent_of(call) is not None and s.parent_of(call).type in ('return_statement', 'arrow_function'))):
        return False
    if write_of(call, names, scope.file) is not None:
        return True
    words = s.name_words(s.callee_name(call))
    return bool(words) and words[0] in _MAKES
