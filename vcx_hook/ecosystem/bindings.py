"""What a name is bound to in its file: an import or ``require`` of a package or of the project's
own code, a construction (``new PrismaClient()``, ``axios.create()``, ``knex(config)``), a NestJS
injected constructor parameter (its decorator, then its type), a TypeScript annotation, a ``this.x``
field, or a value made here (an array, a ``Map``, a string).

``binding(file, node)`` answers for the root of a receiver (``prisma`` of ``prisma.user``,
``this.users`` of ``this.users.find``).  The file's imports and each class's fields are read once
per file (``File.fact``); a local name goes through ``nodes.declaration``.  A local module is not
opened: what ``./db`` exports is not known here (kind ``LOCAL``), and such names are judged by
their spelling (issue 17).
"""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem.packages import FILES
from vcx_hook.ecosystem.packages import HTTP
from vcx_hook.ecosystem.packages import LOCAL
from vcx_hook.ecosystem.packages import MODULE
from vcx_hook.ecosystem.packages import PACKAGE
from vcx_hook.ecosystem.packages import STORE
from vcx_hook.ecosystem.packages import VALUE
from vcx_hook.lang import functions
from vcx_hook.lang import modules
from vcx_hook.lang import nodes
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

__all__ = ('FILES', 'HTTP', 'LOCAL', 'MODULE', 'PACKAGE', 'STORE', 'VALUE', 'Binding', 'binding')

# How a name was bound.
IMPORT = modules.IMPORT  # import x from 'pkg', import { x } from 'pkg', await import('pkg')
REQUIRE = modules.REQUIRE  # const x = require('pkg'), const { x } = require('pkg')
CONSTRUCTION = 'construction'  # new X(), X.create(), x(config): made by a bound name
DERIVED = 'derived'  # a property or an alias of a bound name: const users = prisma.user
INJECTION = 'injection'  # a constructor parameter: @InjectRepository(User) users, prisma: PrismaService
ANNOTATION = 'annotation'  # a TypeScript type: const repo: Repository<User>, (db: Knex) => ...
LITERAL = 'literal'  # made here: [], {}, 'text', new Map(), () => ...


class Binding(NamedTuple):
    name: str  # the name as written: 'prisma', 'this.users'
    kind: str  # packages.STORE, HTTP, FILES, PACKAGE, MODULE, LOCAL or VALUE
    library: str  # 'prisma', 'axios'; the package or the local specifier ('./db'); '' for a value
    how: str  # IMPORT, REQUIRE, CONSTRUCTION, DERIVED, INJECTION, ANNOTATION or LITERAL
    row: int  # 0-based row of the declaration


class _Found(NamedTuple):
    kind: str
    library: str


# Initializers that make a value, not a store or a client.
_LITERALS = frozenset((
    'array', 'object', 'string', 'template_string', 'number', 'true', 'false', 'null', 'undefined',
    'regex', 'unary_expression', 'update_expression', 'jsx_element', 'jsx_self_closing_element',
))
# JavaScript's and Node's built-in constructors and namespaces (also stores' PascalCase non-models).
BUILTINS = frozenset((
    'Map', 'Set', 'WeakMap', 'Array', 'Object', 'Date', 'URL', 'Error', 'Promise', 'JSON', 'Math', 'Number',
    'String', 'Buffer', 'Intl', 'Symbol', 'Reflect',
))
# Built-in constructors and namespaces whose results are values (`new Map()`, `Object.keys(x)`).
_BUILTIN_VALUES = BUILTINS | frozenset((
    'WeakSet', 'URLSearchParams', 'RegExp', 'Boolean', 'Headers', 'FormData', 'AbortController',
    'TextEncoder', 'TextDecoder', 'Uint8Array', 'EventEmitter',
))
_VALUE_TYPES = frozenset((
    'predefined_type', 'array_type', 'tuple_type', 'literal_type', 'object_type', 'function_type',
))
_PRIMITIVES = frozenset(('string', 'number', 'boolean', 'bigint', 'symbol', 'void', 'undefined', 'null', 'never'))
# Kinds whose properties may hold anything (a framework context's `env`, a registry object's models).
_OPAQUE = frozenset((PACKAGE, VALUE))
# Methods of arrays, strings and numbers that return another value of the kind (not an element).
_VALUE_METHODS = frozenset((
    'slice', 'map', 'filter', 'concat', 'flat', 'flatMap', 'sort', 'toSorted', 'toReversed', 'reverse',
    'keys', 'values', 'entries', 'split', 'join', 'trim', 'toLowerCase', 'toUpperCase', 'replace',
    'replaceAll', 'padStart', 'padEnd', 'toFixed', 'toString', 'toISOString',
))
# What a client's `.create()`/`.extend()` (axios, got, ky, ofetch) returns is a configured client.
INSTANCE_METHODS = frozenset(('create', 'extend'))
_PARAMETERS = frozenset(('required_parameter', 'optional_parameter'))
_DEPTH = 6  # aliases followed before giving up (const a = b; const b = c; ...)


def binding(file: File, node: Node) -> Binding | None:
    """The binding of the root of ``node`` (an identifier, ``this.x``, or a receiver path or call
    chain starting with one), or None when the file does not say (a global, an untyped parameter,
    a name nothing declares)."""
    root = _root(node)
    if root is None:
        return None
    return _resolve(file, root, 0)


def library(file: File, node: Node) -> str:
    """The package the root of ``node`` comes from: its binding's, or, for a name destructured
    out of a ``require`` (``const { DateTime } = require('luxon')``, which ``binding`` leaves
    unknown as it does any destructured value), the required package's; '' when neither says."""
    found = binding(file, node)
    if found is not None:
        return found.library
    name = _root(node)
    decl = nodes.declaration(name) if name is not None and name.type == 'identifier' else None
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    module = modules.required(value) if value is not None else None
    return packages.of(module).library if module is not None else ''


def root(node: Node) -> Node | None:
    """The name a receiver starts from: ``prisma`` of ``prisma.user``, ``this.repo`` of
    ``this.repo.find().where``; None for a receiver that starts elsewhere (a literal, ``a[b]()``)."""
    return _root(node)


def imports(file: File) -> dict[str, Binding]:
    """The names the file's import statements bind, once per file."""
    return file.fact(_imports)


def fields(file: File, cls: Node) -> dict[str, Binding]:
    """The ``this.x`` fields of class ``cls`` whose binding is known, by ``x``, once per class."""
    memo = file.fact(_class_memo)
    found = memo.get(cls.start_byte)
    if found is None:
        # Stored before it is filled: `this.a = this.b` in the constructor reads the fields so far.
        found = memo[cls.start_byte] = {}
        _fields(file, cls, found)
    return found


def _class_memo(file: File) -> dict[int, dict[str, Binding]]:
    return {}


def _root(node: Node) -> Node | None:
    """``prisma`` of ``prisma.user.findMany``, ``this.repo`` of ``this.repo.find().where``."""
    node = nodes.unwrap(node)
    while True:
        if node.type == 'identifier':
            return node
        if node.type == 'member_expression':
            obj = node.child_by_field_name('object')
            if obj is None:
                return None
            obj = nodes.unwrap(obj)
            if obj.type == 'this':
                return node
            node = obj
        elif node.type == 'call_expression':
            fn = node.child_by_field_name('function')
            if fn is None:
                return None
            node = nodes.unwrap(fn)
        elif node.type in ('subscript_expression', 'new_expression'):
            inner = node.child_by_field_name('object') or node.child_by_field_name('constructor')
            if inner is None:
                return None
            node = nodes.unwrap(inner)
        else:
            return None


def _resolve(file: File, root: Node, depth: int) -> Binding | None:
    if depth > _DEPTH:
        return None
    if root.type == 'member_expression':
        return _field(file, root)
    decl = nodes.declaration(root)
    if decl is None:
        return imports(file).get(nodes.text(root)) or _returned_type(file, root)
    name = nodes.text(root)
    if decl.type == 'variable_declarator':
        return _declared(file, name, decl, depth)
    if decl.type in _PARAMETERS:
        return _parameter(file, name, decl)
    return None


def _returned_type(file: File, root: Node) -> Binding | None:
    """``getClient()`` of the file's ``function getClient(): Anthropic {...}`` (a client kept in a module
    variable) is bound as the package of its declared type (octopus's chat, a real bug of holdout14)."""
    call = nodes.parent_of(root)
    fn_node = call.child_by_field_name('function') if call is not None and call.type == 'call_expression' else None
    if fn_node is None or fn_node.start_byte != root.start_byte or fn_node.end_byte != root.end_byte:
        return None
    name = nodes.text(root)
    for child in file.tree.root.named_children:
        fn = child.child_by_field_name('declaration') if child.type == 'export_statement' else child
        if fn is None or fn.type != 'function_declaration' or nodes.text(fn.child_by_field_name('name')) != name:
            continue
        returns = fn.child_by_field_name('return_type')
        typed = _type(file, returns) if returns is not None else None
        if typed is None or typed.kind in (LOCAL, VALUE) or not typed.library or packages.is_local(typed.library):
            return None  # a value, or the project's own type: what it returns is not known
        return Binding(name, typed.kind, typed.library, CONSTRUCTION, fn.start_point.row)
    return None


def _declared(file: File, name: str, decl: Node, depth: int) -> Binding | None:
    """``const name[: type] = value``, destructuring included (a property taken out of a value or
    of a framework's object is not known: ``const { db } = ctx``)."""
    found = _typed_value(
        file, name, decl.child_by_field_name('value'), decl.child_by_field_name('type'), decl.start_point.row, depth,
    )
    pattern = decl.child_by_field_name('name')
    if found is not None and pattern is not None and pattern.type != 'identifier' and found.kind in _OPAQUE:
        return None
    return found


def _typed_value(file: File, name: str, value: Node | None, annotation: Node | None, row: int, depth: int) -> Binding | None:
    """A binding from a declared value, then its type: a literal is a value whatever its type; a
    type from a known package says more than a value made by a call of unknown origin."""
    value = nodes.unwrap(value) if value is not None else None
    merged = modules.merged(value) if value is not None else None  # `{ ...require('./a'), ...require('./b') }`
    if merged is not None:
        return Binding(name, packages.of(merged[0]).kind, packages.of(merged[0]).library, merged[1], row)
    if value is not None and (value.type in _LITERALS or _arithmetic(value)) and not _has_methods(value):
        return Binding(name, VALUE, '', LITERAL, row)
    typed = _type(file, annotation) if annotation is not None else None
    if typed is not None and typed.kind not in (LOCAL, MODULE):
        return Binding(name, typed.kind, typed.library, ANNOTATION, row)
    made = _value(file, name, value, row, depth) if value is not None else None
    if made is not None:
        return made
    return Binding(name, typed.kind, typed.library, ANNOTATION, row) if typed is not None else None


def _has_methods(value: Node) -> bool:
    """``{ query: (text, params) => pool.query(text, params) }``: an object of functions may wrap a
    store or a client, so it is not taken for plain data."""
    return value.type == 'object' and any(
        member.type == 'method_definition' or (member.type == 'pair' and nodes.unwrap(
            member.child_by_field_name('value')).type in nodes.FUNCTION_TYPES)
        for member in value.named_children
    )


def _arithmetic(value: Node) -> bool:
    op = value.child_by_field_name('operator')
    return value.type == 'binary_expression' and op is not None and nodes.text(op) not in ('||', '??', '&&')


def _value(file: File, name: str, value: Node, row: int, depth: int) -> Binding | None:
    if value.type in ('binary_expression', 'ternary_expression'):
        return _either(file, name, value, row, depth)
    module = modules.required(value)
    if module is not None:
        package = packages.of(module)
        return Binding(name, package.kind, package.library, IMPORT if modules.is_import(value) else REQUIRE, row)
    fn = value.child_by_field_name('function') if value.type == 'call_expression' else None
    module = modules.required(fn) if fn is not None else None
    if module is not None:  # require('knex')(config)
        package = packages.of(module)
        return Binding(name, package.kind, package.library, CONSTRUCTION, row)
    if value.type == 'new_expression':
        ctor = value.child_by_field_name('constructor')
        if ctor is not None and nodes.unwrap(ctor).type == 'identifier' and nodes.text(ctor) in _BUILTIN_VALUES \
                and nodes.declaration(nodes.unwrap(ctor)) is None and nodes.text(ctor) not in imports(file):
            return Binding(name, VALUE, '', LITERAL, row)
    root = _root(value)
    if root is None:
        return None
    if root.type == 'identifier' and nodes.text(root) in _BUILTIN_VALUES and nodes.declaration(root) is None \
            and nodes.text(root) not in imports(file):
        return Binding(name, VALUE, '', LITERAL, row)
    found = _resolve(file, root, depth + 1)
    if found is None:
        return None
    if value.type == 'identifier':
        return found._replace(name=name, row=row)  # an alias: bound as its target is
    if value.type in ('member_expression', 'subscript_expression') and found.kind in _OPAQUE:
        return None  # c.env.KV of a Hono context, ctx.db, list[0]: whatever the property holds
    if found.kind == HTTP and _response(value):
        return Binding(name, VALUE, '', LITERAL, row)
    if found.kind == VALUE and not _makes_a_value(value):
        return None  # models.get(name), list.pop(), makeRepo(): whatever the value held or made
    made = value.type in ('new_expression', 'call_expression') or (
        value.type == 'member_expression' and nodes.unwrap(value.child_by_field_name('object')).type == 'call_expression')
    how = LITERAL if found.kind == VALUE else CONSTRUCTION if made else DERIVED
    return Binding(name, found.kind, found.library, how, row)


def _makes_a_value(value: Node) -> bool:
    """``rows.slice()``, ``ids.map(f)``, ``name.trim()``: a method of a value that makes another value
    (an element taken out, ``models.get(name)``, may be anything)."""
    fn = nodes.unwrap(value.child_by_field_name('function')) if value.type == 'call_expression' else None
    return fn is not None and fn.type == 'member_expression' and nodes.callee_name(value) in _VALUE_METHODS


def _response(value: Node) -> bool:
    """``await axios.get(url)``, ``got(url).json()``: what a client's call returns is a response or its
    data, not a client (``axios.create()``, ``got.extend()`` and ``new`` make clients)."""
    calls = [n for n in _chain(value) if n.type in ('call_expression', 'new_expression')]
    return bool(calls) and all(n.type == 'call_expression' and nodes.callee_name(n) not in INSTANCE_METHODS for n in calls)


def _chain(value: Node) -> list[Node]:
    """The calls and properties from ``value`` down to its root name."""
    out = []
    node = nodes.unwrap(value)
    while node.type in ('call_expression', 'new_expression', 'member_expression', 'subscript_expression'):
        out.append(node)
        inner = (node.child_by_field_name('function') or node.child_by_field_name('constructor')
                 or node.child_by_field_name('object'))
        if inner is None:
            break
        node = nodes.unwrap(inner)
    return out


def _either(file: File, name: str, value: Node, row: int, depth: int) -> Binding | None:
    """``globalThis.prisma ?? new PrismaClient()``, ``cond ? redis : memory``: the side that is bound
    to a store, client or file system, else the one the others agree on."""
    sides = [value.child_by_field_name(f) for f in ('left', 'right', 'consequence', 'alternative')]
    found = [_typed_value(file, name, side, None, row, depth + 1) for side in sides if side is not None]
    known = [b for b in found if b is not None]
    for b in known:
        if b.kind in (STORE, HTTP, FILES):
            return b
    return known[0] if known and len(known) == len(found) and len({b.kind for b in known}) == 1 else None


def required(value: Node) -> str | None:
    """The module a value is taken from: ``'pkg'`` of ``require('pkg')``, ``require('pkg').x``,
    ``await import('pkg')`` (a name destructured from a package's ``require`` has no binding here,
    as a framework object's property has none, but comes from that module)."""
    return modules.required(value)


def _parameter(file: File, name: str, param: Node) -> Binding | None:
    """A typed parameter; in a constructor, an injected one (its decorator says more than its type)."""
    row = param.start_point.row
    fn = nodes.parent_of(nodes.parent_of(param))
    in_constructor = fn is not None and fn.type == 'method_definition' and nodes.text(fn.child_by_field_name('name')) == 'constructor'
    if in_constructor:
        for child in param.children:
            if child.type == 'decorator':
                found = _decorator(file, child)
                if found is not None:
                    return Binding(name, found.kind, found.library, INJECTION, row)
    annotation = param.child_by_field_name('type') or functions.contextual_type(param)
    typed = _type(file, annotation) if annotation is not None else None
    return None if typed is None else Binding(name, typed.kind, typed.library, INJECTION if in_constructor else ANNOTATION, row)


def _decorator(file: File, decorator: Node) -> _Found | None:
    """``@InjectRepository(User)``, ``@InjectModel(User.name)``, ``@InjectRedis()``: a decorator of a
    store or client package (``@Inject(TOKEN)`` of ``@nestjs/common`` says nothing)."""
    call = decorator.named_children[0] if decorator.named_children else None
    if call is None or call.type != 'call_expression':
        return None
    fn = call.child_by_field_name('function')
    if fn is None or fn.type != 'identifier':
        return None
    found = imports(file).get(nodes.text(fn))
    if found is None or found.kind not in (STORE, HTTP, FILES):
        return None
    return _Found(found.kind, found.library)


def _type(file: File, annotation: Node) -> _Found | None:
    """What a type names: ``Repository<User>`` (typeorm), ``Knex.Transaction``, ``string``, ``User[]``."""
    node = annotation.named_children[0] if annotation.type == 'type_annotation' and annotation.named_children else annotation
    if node.type in _VALUE_TYPES and (node.type != 'predefined_type' or nodes.text(node) in _PRIMITIVES):
        return _Found(VALUE, '')
    if node.type == 'generic_type':
        node = node.child_by_field_name('name') or node
    while node.type == 'nested_type_identifier':
        node = node.named_children[0]
    if node.type not in ('type_identifier', 'identifier'):
        return None
    name = nodes.text(node)
    found = imports(file).get(name)
    if found is not None:
        return _Found(found.kind, found.library)
    if name in _BUILTIN_VALUES or name in ('Record', 'ReadonlyArray', 'Partial', 'Readonly', 'Pick', 'Omit'):
        return _Found(VALUE, '')
    return None


# --- the file's imports ------------------------------------------------------------------------

def _imports(file: File) -> dict[str, Binding]:
    out: dict[str, Binding] = {}
    for top in file.tree.root.named_children:
        if top.type != 'import_statement':
            continue
        module = modules.import_source(top)
        if module is None:
            continue
        package = packages.of(module)
        for name in modules.imported_names(top):
            out[name] = Binding(name, package.kind, package.library, IMPORT, top.start_point.row)
    return out


# --- this.x fields -----------------------------------------------------------------------------

def _field(file: File, member: Node) -> Binding | None:
    cls = _enclosing_class(member)
    if cls is None:
        return None
    return fields(file, cls).get(nodes.text(member.child_by_field_name('property')))


def _enclosing_class(node: Node) -> Node | None:
    for a in nodes.ancestors(node):
        if a.type == 'class_body':
            return nodes.parent_of(a)
    return None


def _fields(file: File, cls: Node, out: dict[str, Binding]) -> None:
    """Fields declared in the class body, constructor parameter properties, and ``this.x = ...``
    assignments of the constructor (the later ones win where they resolve)."""
    body = cls.child_by_field_name('body')
    if body is None:
        return
    for member in body.named_children:
        if member.type in ('public_field_definition', 'field_definition'):
            prop = member.child_by_field_name('name') or member.child_by_field_name('property')
            if prop is None:
                continue
            name = nodes.text(prop)
            found = _typed_value(
                file, f'this.{name}', member.child_by_field_name('value'), member.child_by_field_name('type'),
                member.start_point.row, 0,
            )
            if found is not None:
                out[name] = found
        elif member.type == 'method_definition' and nodes.text(member.child_by_field_name('name')) == 'constructor':
            _constructor_fields(file, member, out)


def _constructor_fields(file: File, ctor: Node, out: dict[str, Binding]) -> None:
    for param in nodes.parameters(ctor):
        if param.type not in _PARAMETERS or not any(
                c.type in ('accessibility_modifier', 'readonly', 'override_modifier') for c in param.children):
            continue
        pattern = param.child_by_field_name('pattern')
        if pattern is None or pattern.type != 'identifier':
            continue
        found = _parameter(file, f'this.{nodes.text(pattern)}', param)
        if found is not None:
            out[nodes.text(pattern)] = found
    body = ctor.child_by_field_name('body')
    for stmt in body.named_children if body is not None else ():
        expr = nodes.unwrap(stmt.named_children[0]) if stmt.type == 'expression_statement' and stmt.named_children else None
        if expr is None or expr.type != 'assignment_expression':
            continue
        left, right = expr.child_by_field_name('left'), expr.child_by_field_name('right')
        if left is None or right is None or left.type != 'member_expression' \
                or nodes.unwrap(left.child_by_field_name('object')).type != 'this':
            continue
        name = nodes.text(left.child_by_field_name('property'))
        found = _typed_value(file, f'this.{name}', right, None, stmt.start_point.row, 0)
        if found is not None:
            out[name] = found._replace(name=f'this.{name}')
