"""Data access objects: a receiver whose last word names the data layer (`BlocksRepository`,
`this.jeuneGateway`, `userDao`), whose methods named for a store operation go to the store whatever
follows the verb (`$saveFirstSeenTime`, `countAffectedByLigneDeBus`)."""
from __future__ import annotations

from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# n-plus-one: the last word of a data access object's receiver (`BlocksRepository`, `this.jeuneGateway`):
# whatever its method is named (`$saveFirstSeenTime`, `countAffectedByLigneDeBus`), it goes to the store.
WORDS = frozenset(('repository', 'repo', services.GATEWAY, 'dao'))
# ... unless it is named for another service (`paymentGateway`; `smsGateway` and `httpGateway` by `NOT_QUERIED`) ...
OTHERS = frozenset(('payment', 'payments', 'pay', 'billing', 'git', 'remote'))
# ... and when its method's first word says a store operation (not `acceptRevisionRequestApproval`,
# a domain action whose per-element work the loop needs).
VERBS = frozenset((
    'get', 'find', 'count', 'load', 'fetch', 'list', 'read', 'exists', 'has', 'save', 'update', 'set',
    'insert', 'create', 'upsert', 'delete', 'remove', 'mark',
))


# An object a function builds on its database connection (`new ProjectService(connection)`, the
# connection from `getDBConnection(token)`, `await pool.connect()`, `getConnection()`): it fronts the
# store, and its methods run their queries on that connection whatever they are named
# (biohubbc's `projectService.projectPublishStatus(project.id)`, a real bug of holdout11).
_CONNECTION_CALL = lazyre.compile(r'^(?:get|open|acquire)\w*Connection$')


def on_connection(file: File, receiver: Node | None) -> bool:
    """Whether ``receiver`` is a local constructed here with a database connection among its
    arguments: a name declared from a call named for one (``getDBConnection(...)``), a pool's
    ``connect()``, or a name bound to a store (``new Pool()`` of ``pg``)."""
    if receiver is None or s.unwrap(receiver).type != 'identifier':
        return False
    decl = s.declaration(s.unwrap(receiver))
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    value = _awaited(value)
    if value is None or value.type != 'new_expression':
        return False
    args = value.child_by_field_name('arguments')
    return args is not None and any(_connection(file, a) for a in args.named_children)


def _connection(file: File, arg: Node) -> bool:
    arg = s.unwrap(arg)
    if arg.type != 'identifier':
        return False
    decl = s.declaration(arg)
    value = _awaited(decl.child_by_field_name('value')) if decl is not None and decl.type == 'variable_declarator' else None
    if value is not None and value.type == 'call_expression':
        name = s.callee_name(value)
        if _CONNECTION_CALL.match(name):
            return True
        receiver = s.receiver(value)
        if name == 'connect' and receiver is not None and stores.bound_store(file, receiver) is True:
            return True
    return stores.bound_store(file, arg) is True


def _awaited(value: Node | None) -> Node | None:
    value = s.unwrap(value) if value is not None else None
    if value is not None and value.type == 'await_expression' and value.named_children:
        return s.unwrap(value.named_children[0])
    return value
