"""A promise returned from inside a try without ``await``: ``try { const result =
Db.from('t').insert(row); metric(); return result } catch (err) { rethrow(err) }`` in an async
function hands the caller the pending promise the moment the try ends. When the query rejects (a
duplicate key, a lost connection), the catch written for that failure never runs: its rethrow with
the database error's meaning, its failure metric and its log are skipped, and whatever the try
did after the call (a success metric) ran before the write had finished. ``return await`` keeps the
rejection inside the try.

Asked at the returned call, directly (``return db.query(sql)``) or through a ``const`` the same try
binds it to and returns, in an async function's try that has a catch, when the code shows the
value is a promise: a query or write of a store (a method that reads or writes records, on a
receiver imported from the project's data layer, ``const Db = require('../lib/db')``, or bound to a
store package), a network call (``fetch``, ``axios``), a chain given ``.then()``, a
``Promise.all()``, or a call of an async function of the same file (not one whose body is a
try/catch of its own). Not a chain given a ``.catch()`` (it handles its own rejection), nor a value
the try awaits before it returns it.

Low: not judged on held-out code (mojaloop's central-ledger, the duplicate-check save of
holdout15, a real bug)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.facts import try_body
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import data_access
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_RETURN = frozenset((b'return',))
_STORE_METHODS = stores.QUERY_METHODS | stores.WRITE_METHODS | frozenset(('query', 'execute', 'raw'))
_COMBINATORS = frozenset(('all', 'allSettled', 'race', 'any'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'async') and scope.holds(b'try') and scope.holds(b'catch') and scope.holds(b'return')


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for keyword in scope.file.named(_RETURN, scope.ranges, frozenset(('return',))):
        ret = s.parent_of(keyword)
        fn = s.enclosing_function(ret) if ret is not None and ret.type == 'return_statement' else None
        body = try_body(ret, fn) if fn is not None and s.is_async(fn) else None
        if ret is None or body is None or not ret.named_children:
            continue
        call = _returned_call(_bare(ret.named_children[0]), body)
        if call is None or not _promise(call, scope.file):
            continue
        catch = s.parent_of(body).child_by_field_name('handler') if s.parent_of(body) is not None else None
        yield scope.finding(
            call, ID,
            f'`{short(call, 40)}` is returned from the try without `await`: when it rejects, the catch '
            f'(line {catch.start_point.row + 1 if catch is not None else ret.start_point.row + 1}) never runs; '
            '`return await` keeps the rejection inside the try',
            QUESTION, evidence=(ret,) + ((catch,) if catch is not None else ()), confidence=LOW)


def _returned_call(value: Node, body: Node) -> Node | None:
    """The call ``value`` is (``return db.query(q)``) or a ``const`` of the try holds and the try
    never awaits (``const result = db.query(q); ...; return result``)."""
    if value.type == 'call_expression':
        return value
    if value.type != 'identifier':
        return None
    declared = s.declaration(value)
    if declared is None or declared.type != 'variable_declarator' \
            or not (body.start_byte <= declared.start_byte < body.end_byte):
        return None
    init = declared.child_by_field_name('value')
    init = _bare(init) if init is not None else None
    if init is None or init.type != 'call_expression':
        return None
    name = s.text(value)
    for ident in s.identifiers(body, into_functions=False):
        if s.text(ident) == name and (up := s.parent_of(ident)) is not None and up.type == 'await_expression':
            return None
    return init


def _bare(node: Node) -> Node:
    """``node`` without parentheses and TypeScript wrappers, its ``await`` kept: an awaited value is settled."""
    while node.type in ('parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression'):
        inner = [c for c in node.named_children if c.type != 'type_annotation']
        if not inner:
            break
        node = inner[0]
    return node


def _promise(top: Node, file: File) -> bool:
    """The code shows that ``top`` (a call, maybe the outermost of a chain) makes a promise that can reject."""
    chain = s.chain_calls(top)
    links = [s.callee_name(c) for c in chain]
    if 'catch' in links:
        return False
    if 'then' in links or 'finally' in links:
        return True
    root = chain[-1]
    callee = s.callee(root)
    callee = s.unwrap(callee) if callee is not None else None
    if callee is None:
        return False
    if callee.type == 'identifier':
        name = s.text(callee)
        return name in http.LOOP_CLIENTS or name in _async_functions(file)
    receiver = s.receiver(root)
    start = bindings.root(receiver) if receiver is not None else None
    if start is None:
        return False
    if s.text(start) == 'Promise':
        return links[-1] in _COMBINATORS
    if s.text(start) in http.LOOP_CLIENTS:
        return True
    if start.type == 'identifier' and (data_access.data_layer_import(start, file) or stores.bound_store(file, start)):
        return not _STORE_METHODS.isdisjoint(links)
    return False


def _async_functions(file: File) -> frozenset[str]:
    return file.memo('error-handling.async-function-names', _named_async)


def _named_async(file: File) -> frozenset[str]:
    """Names of the file's async function declarations and ``const f = async (...) => ...``."""
    out = set()
    for keyword in file.named(frozenset((b'async',)), ((0, len(file.source)),), frozenset(('async',))):
        fn = s.parent_of(keyword)
        if fn is None or fn.type not in s.FUNCTION_TYPES:
            continue
        name = s.function_name(fn) or ''
        if name.isidentifier() and fn.type != 'method_definition' and not _caught_whole(fn):
            out.add(name)
    return frozenset(out)


def _caught_whole(fn: Node) -> bool:
    """The function's body is one try with a catch: it handles its own failures (a transaction
    callback that rethrows the database error), and the caller's catch would only repeat it."""
    body = s.function_body(fn)
    statements = [c for c in body.named_children if c.type != 'comment'] if body is not None else []
    return len(statements) == 1 and statements[0].type == 'try_statement' \
        and statements[0].child_by_field_name('handler') is not None
