"""Data access objects: a receiver whose last word names the data layer (`BlocksRepository`,
`this.jeuneGateway`, `userDao`), whose methods named for a store operation go to the store whatever
follows the verb (`$saveFirstSeenTime`, `countAffectedByLigneDeBus`)."""
from __future__ import annotations

import posixpath

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# n-plus-one: the last word of a data access object's receiver (`BlocksRepository`, `this.jeuneGateway`,
# gitpod's injected `this.userDB`): whatever its method is named (`$saveFirstSeenTime`,
# `countAffectedByLigneDeBus`, `findUserById`), it goes to the store.
WORDS = frozenset(('repository', 'repo', services.GATEWAY, 'dao', 'db'))
# ... unless it is named for another service (`paymentGateway`; `smsGateway` and `httpGateway` by `NOT_QUERIED`) ...
OTHERS = frozenset(('payment', 'payments', 'pay', 'billing', 'git', 'remote'))
# ... and when its method's first word says a store operation (not `acceptRevisionRequestApproval`,
# a domain action whose per-element work the loop needs).
VERBS = frozenset((
    'get', 'find', 'count', 'load', 'fetch', 'list', 'read', 'exists', 'has', 'save', 'update', 'set',
    'insert', 'create', 'upsert', 'delete', 'remove', 'mark',
))

# ... or, where the receiver's name says nothing (`meta`, `this.reader`), the last word of the
# TypeScript type it is declared with (`meta: MetaStore`, `users: UserRepository`, a hexagonal
# use case's injected `reader: CommunityPostReaderPort`): a store by its binding. `Store` counts
# only there (by spelling alone it is as often a UI state store: MobX, Vuex, Redux), and so does
# `Port`, the interface a use case reaches its persistence and outside services by (by spelling
# alone a network or serial port).
TYPE_WORDS = WORDS | {'store', 'port'}


def typed_access(file: File, receiver: Node | None, others: frozenset[str]) -> bool:
    """Whether identifier ``receiver`` is declared with a type named for the data layer
    (``declared_type``), not one named for another service (``others``: ``MailGateway``)."""
    words = s.name_words(declared_type(file, receiver)) if receiver is not None else []
    return bool(words) and words[-1] in TYPE_WORDS and not set(words[:-1]) & (others | OTHERS)


def declared_type(file: File, receiver: Node) -> str:
    """The name of the TypeScript type identifier ``receiver`` is declared with: its own annotation
    (``meta: MetaStore``), or a field's, in an interface or object type the file declares, of the
    annotated value it is destructured from (``const { meta } = deps`` with ``deps: Deps`` and
    ``interface Deps { meta: MetaStore }``); '' where the file does not say."""
    receiver = s.unwrap(receiver)
    if receiver.type == 'member_expression':
        return _this_field_type(receiver)
    if receiver.type != 'identifier':
        return ''
    own = _type_name(s.type_annotation(receiver))
    if own:
        return own
    decl = s.declaration(receiver)
    if decl is None or decl.type != 'variable_declarator':
        return ''
    pattern = decl.child_by_field_name('name')
    value = decl.child_by_field_name('value')
    if pattern is None or pattern.type != 'object_pattern' or value is None or s.unwrap(value).type != 'identifier':
        return ''
    fields = pattern.named_children
    if not any(c.type == 'shorthand_property_identifier_pattern' and c.text == receiver.text for c in fields):
        return ''
    holder = _type_name(s.type_annotation(s.unwrap(value)))
    return _field_type(file, holder, s.text(receiver)) if holder else ''


def _this_field_type(member: Node) -> str:
    """The type ``this.reader`` is declared with in its class: a field's annotation
    (``private reader: ReaderPort``) or a constructor parameter property's
    (``constructor(private readonly reader: ReaderPort)``); '' where the class does not say."""
    obj = member.child_by_field_name('object')
    if obj is None or s.unwrap(obj).type != 'this':
        return ''
    field = s.text(member.child_by_field_name('property'))
    cls = next((s.parent_of(a) for a in s.ancestors(member) if a.type == 'class_body'), None)
    body = cls.child_by_field_name('body') if cls is not None else None
    for item in body.named_children if body is not None else ():
        if item.type in ('public_field_definition', 'field_definition'):
            name = item.child_by_field_name('name') or item.child_by_field_name('property')
            if s.text(name) == field:
                return _annotated(item)
        elif item.type == 'method_definition' and s.text(item.child_by_field_name('name')) == 'constructor':
            for param in s.parameters(item):
                pattern = param.child_by_field_name('pattern')
                if pattern is not None and s.text(pattern) == field and any(
                        c.type in ('accessibility_modifier', 'readonly') for c in param.children):
                    return _annotated(param)
    return ''


def _annotated(node: Node) -> str:
    kind = node.child_by_field_name('type')
    return _type_name(s.text(kind).lstrip(':').strip()) if kind is not None else ''


_TYPE_NAME = lazyre.compile(r'^[A-Za-z_$][\w$]*$')


def _type_name(annotation: str) -> str:
    """``MetaStore`` of ``MetaStore``; '' for a generic, a union, an array or an inline type."""
    return annotation if _TYPE_NAME.match(annotation) else ''


def _field_type(file: File, holder: str, field: str) -> str:
    """The type name of ``field`` in the interface or type alias ``holder`` declared at the top of the file."""
    for decl in s.top_level(file.tree.root):
        if decl.type not in ('interface_declaration', 'type_alias_declaration') \
                or s.text(decl.child_by_field_name('name')) != holder:
            continue
        body = decl.child_by_field_name('body') or decl.child_by_field_name('value')
        for member in body.named_children if body is not None else ():
            if member.type == 'property_signature' and s.text(member.child_by_field_name('name')) == field:
                kind = member.child_by_field_name('type')
                return _type_name(s.text(kind).lstrip(':').strip()) if kind is not None else ''
    return ''


# n-plus-one: calls that insert a new record (`save` updates one already loaded as often).
INSERTS = stores.CREATES - {'save'}


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


# Folders whose modules are the data layer, whatever each module is called: a sibling of the file
# in `src/models/` (`require('../transfer/transferExtension')` from `src/models/position/batch.js`:
# central-ledger's per-transfer extension lookup, a real bug of holdout15).
DATA_FOLDERS = frozenset(('db', 'database', 'models', 'repository', 'repositories', 'dao', 'daos'))


def workspace_data_package(library: str) -> bool:
    """A monorepo's own package named for its data layer (``@tambo-ai-cloud/db``, ``@acme/database``):
    a scope and a name the package table does not know, the name being a data module's."""
    scope, _, rest = library.partition('/')
    return scope.startswith('@') and rest.split('/', 1)[0].lower() in stores.DATA_MODULES


def data_layer_import(name: Node, file: File) -> bool:
    """Whether identifier ``name`` is bound to an import or require of the project's data layer:
    a module named for it (``'../lib/db'``, ``'./models'``: ``stores.DATA_MODULES``), or one inside
    a data-layer folder (``'@/models/user/queries'``; a relative path is read from the file's own
    folder, so ``'../transfer/ext'`` from ``src/models/position/`` is ``src/models/transfer/ext``)."""
    if name.type != 'identifier' or not file.fact(_spells_data_layer):
        return False
    bound = bindings.binding(file, name)
    if bound is None or bound.how not in (bindings.IMPORT, bindings.REQUIRE):
        return False
    if bound.kind == packages.MODULE:
        return workspace_data_package(bound.library)
    if bound.kind != bindings.LOCAL:
        return False
    library = bound.library
    if library.startswith('.'):
        library = posixpath.normpath(posixpath.join(posixpath.dirname(file.path), library))
    parts = [p.rsplit('.', 1)[0].lower() for p in library.split('/') if p not in ('', '.', '..', 'index')]
    return bool(parts) and (parts[-1] in stores.DATA_MODULES or not DATA_FOLDERS.isdisjoint(parts[:-1]))


_DATA_PARTS = tuple(sorted({w.encode() for w in stores.DATA_MODULES | DATA_FOLDERS}))


def _spells_data_layer(file: File) -> bool:
    """The file's bytes or its path spell a data module or folder (in any case), as an import of
    the data layer does: asked before the binding, a walk up the scopes from each receiver.  A
    specifier with an escape (``'\\x64b'``) or outside ASCII (``str.lower`` turns the Kelvin sign
    into ``k``) is left to the binding."""
    if b'\\' in file.source or not file.source.isascii():
        return True
    path = file.path.lower().encode('utf-8', 'surrogateescape')
    return any(part in file.lower or part in path for part in _DATA_PARTS)
