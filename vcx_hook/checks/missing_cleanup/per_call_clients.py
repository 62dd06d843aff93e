"""A client with connections of its own made on every call and not closed on every path (low): a
function makes a Kafka producer (``kafka.producer()`` on a ``new Kafka(...)`` of kafkajs), a Google
Cloud client (``new BetaAnalyticsDataClient(...)``), a Redis, MongoDB, pg, BullMQ, AMQP or MQTT
client (also the MongoDB driver's static ``MongoClient.connect(url)``, called on the class or on a
module-level name kept for it, ``const client = mongo.MongoClient``: improved-initiative's account
reads, holdout27), keeps it in a local name and

- never closes, returns or hands it on: each call opens one more set of connections (and a gRPC
  client its channel and auth machinery) that stay until the process runs out of sockets or memory;
  a wrapper made around it here (``const redis = new Redis(client)``) and only called is no hand-on;
- or closes it (``disconnect()``, ``close()``, ``quit()``...) only at the end of a ``try`` block,
  after awaited calls, with neither the ``catch`` nor a ``finally`` closing it: when a call before
  the close throws, the catch logs and the connected client is left open.

Not a client the function uses the long-running way (``consumer.run(...)``, ``subscribe``, ``on``):
one made to stay open. Low: which functions run per request is not known from the file, except
(``per_request``, listed at the family's medium) a client never closed that a request's handler
makes (a route's handler, a function taking ``req``/``ctx``: ecosystem/routes), or a server action
(an exported function of a ``'use server'`` file: ecosystem/procedures), or a function of the file
one of those calls: a BullMQ ``Queue`` per admin stats request (wafrn's ``workerStats``), a
``Queue`` per login (kurrier's sign-in action's helper), both judged worth
asking (round 37). One made in a function only start-up code calls stays low (schulcloud's socket.io
adapter, judged not), as does one in a function nothing in the file shows a request calling (a dead
helper of biap, judged not; ethernal's per-enqueue ``Queue``, borderline)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import procedures
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import resources
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_LIBRARIES = lazyre.compile(
    rb'''['"](?:io)?(?:''' + b'|'.join(lib.encode() for lib in resources.CONNECTED_CLIENTS)
    + rb'''|''' + b'|'.join(p.encode() for p in resources.CONNECTED_CLIENT_SCOPES) + rb''')''')
# `new BetaAnalyticsDataClient(`: a generated client's class, whatever its name.
_NEW_CLIENT = lazyre.compile(rb'\bnew\s+([A-Z][\w$]*Client)\s*\(')
_IDENTIFIERS = frozenset(('identifier', 'shorthand_property_identifier'))
_MADE = frozenset(n.encode() for names in resources.CONNECTED_CLIENTS.values() for n in names)


def possible(scope: Scope) -> bool:
    return scope.file.fact(_names_library)


def _names_library(file: File) -> bool:
    return _LIBRARIES.search(file.source) is not None


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(construction, message, evidence) for each client made in a function and left open, but for
    the ones ``per_request`` lists."""
    for made, message, evidence, listed in _found(scope):
        if not listed:
            yield made, message, evidence


def per_request(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """A client never closed, returned or handed on that a request's handler, a server action or a
    function of the file one of them calls makes: one more set of connections per request."""
    for made, message, evidence, listed in _found(scope):
        if listed:
            yield made, message, evidence


def _found(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...], bool]]:
    if not possible(scope):
        return
    words = _MADE | frozenset(m.group(1) for m in _NEW_CLIENT.finditer(scope.file.source))
    seen: set[int] = set()
    names = scope.named(words)
    aliases = frozenset(a.encode() for a in _connect_aliases(scope))
    for name in [*names, *(scope.named(aliases) if aliases else ())]:
        made = _made(scope, name) or _connected(scope, name)
        if made is None or made.start_byte in seen:
            continue
        seen.add(made.start_byte)
        kept = s.declared_into(made)
        fn = s.enclosing_function(made)
        if kept is None or fn is None:
            continue
        found = _left_open(scope, fn, kept)
        if found is not None:
            yield made, found[0], found[1], not found[1] and _runs_per_request(scope, fn)


def _runs_per_request(scope: Scope, fn: Node) -> bool:
    """``fn`` (or a function around it) serves a request, or a function that does calls it by name
    in this file (one hop)."""
    if _serving(scope, fn):
        return True
    name = s.function_name(fn)
    if not name:
        return False
    for use in scope.file.named(frozenset((name.encode(),)), ((0, len(scope.file.source)),), _IDENTIFIERS):
        call = s.parent_of(use)
        caller = s.enclosing_function(use)
        if call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == use \
                and caller is not None and _serving(scope, caller):
            return True
    return False


def _serving(scope: Scope, fn: Node) -> bool:
    """``fn`` or a function around it is a route's handler or takes the request (ecosystem/routes),
    or is a server action's (ecosystem/procedures)."""
    actions = {h.start_byte for r in procedures.entries(scope.file) for h in r.handlers} \
        if procedures.possible(scope.file) else set()
    node: Node | None = fn
    while node is not None:
        if routes.serves_requests(node) or node.start_byte in actions:
            return True
        node = s.enclosing_function(node)
    return False


def _made(scope: Scope, name: Node) -> Node | None:
    """The construction or call ``name`` makes a connected client by."""
    new = s.called_by(name, 'new_expression')
    if new is not None:
        root = name if name.type == 'identifier' else None
        made = new
    else:
        made = s.called_by(name)
        if made is None:
            return None
        fn = s.callee(made)
        root = fn.child_by_field_name('object') if fn is not None and fn.type == 'member_expression' else name
        if root is None or root.type != 'identifier':
            return None
    bound = bindings.binding(scope.file, root) if root is not None else None
    if bound is None or not resources.connected_client(bound.library, s.text(name)):
        return None
    return made


def _connected(scope: Scope, name: Node) -> Node | None:
    """``MongoClient.connect(url)``: the driver's static connect, which opens a client of its own,
    called on the class (``import { MongoClient } from 'mongodb'``) or on a name it is kept in
    (``const client = mongo.MongoClient``)."""
    member = s.parent_of(name)
    call = s.parent_of(member) if member is not None else None
    if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != name \
            or s.text(member.child_by_field_name('property')) != 'connect' or call is None \
            or call.type != 'call_expression' or call.child_by_field_name('function') != member:
        return None
    bound = bindings.binding(scope.file, name)
    if bound is None or not resources.connected_client(bound.library, _CONNECTING):
        return None
    if s.text(name) != _CONNECTING and s.text(name) not in _connect_aliases(scope):
        return None
    return call


_CONNECTING = 'MongoClient'


def _connect_aliases(scope: Scope) -> set[str]:
    """Module-level names the driver's client class is kept in (``const client = mongo.MongoClient``)."""
    return scope.file.fact(_aliases_of_client)


def _aliases_of_client(file: File) -> set[str]:
    out = set()
    for top in file.tree.root.named_children:
        if top.type not in ('lexical_declaration', 'variable_declaration'):
            continue
        for d in top.named_children:
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            name = d.child_by_field_name('name') if d.type == 'variable_declarator' else None
            if value is not None and name is not None and name.type == 'identifier' \
                    and value.type == 'member_expression' and s.text(value.child_by_field_name('property')) == _CONNECTING:
                bound = bindings.binding(file, value)
                if bound is not None and resources.connected_client(bound.library, _CONNECTING):
                    out.add(s.text(name))
    return out


def _left_open(scope: Scope, fn: Node, kept: Node) -> tuple[str, tuple[Node, ...]] | None:
    name = s.text(kept)
    uses = [n for n in scope.file.named(frozenset((name.encode(),)), ((fn.start_byte, fn.end_byte),), _IDENTIFIERS)
            if n != kept and n.start_byte > kept.start_byte]
    closes = []
    for use in uses:
        member = s.parent_of(use)
        if _wrapped_locally(scope, fn, use):
            continue
        if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != use:
            return None  # returned, stored, handed on: closed elsewhere
        method = s.text(member.child_by_field_name('property'))
        if method in resources.CLIENT_STAYS:
            return None
        if method in resources.CLIENT_CLOSE:
            closes.append(member)
    if not closes:
        return (f'`{name}` is made on every call and never closed, returned or handed on: each call leaves '
                'one more client and its connections open'), ()
    if all(_only_on_success(close, fn, name) for close in closes):
        return (f'`{name}` is closed only when everything before the close succeeds: when an awaited call '
                'in the `try` throws, the `catch` leaves the client and its connections open (close it in a `finally`)'), tuple(closes)
    return None


def _wrapped_locally(scope: Scope, fn: Node, use: Node) -> bool:
    """``const redis = new Redis(client)``: the client handed to a wrapper made here, kept in a
    local the function only calls methods on (never returns, stores or hands on): the client is
    still the function's to close (ecency's AMP cache, a real bug of holdout19)."""
    args = s.parent_of(use)
    new = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if new is None or new.type != 'new_expression':
        return False
    wrapper = s.declared_into(new)
    if wrapper is None:
        return False
    name = s.text(wrapper).encode()
    later = [n for n in scope.file.named(frozenset((name,)), ((fn.start_byte, fn.end_byte),), _IDENTIFIERS)
             if n != wrapper and n.start_byte > wrapper.start_byte]
    return all(_member_call(n) for n in later)


def _member_call(use: Node) -> bool:
    """``wrapper.get(key)``: a method called on the name, nothing else done with it."""
    member = s.parent_of(use)
    if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != use:
        return False
    call = s.parent_of(member)
    return call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == member


def _only_on_success(close: Node, fn: Node, name: str) -> bool:
    """``close`` sits in a ``try`` block after an awaited call there, and neither that ``try``'s
    ``catch`` nor its ``finally`` closes ``name``; not a close in any ``catch`` or ``finally``."""
    node, nearest = close, None
    for up in s.ancestors(close):
        if up == fn:
            break
        if up.type in ('catch_clause', 'finally_clause'):
            return False
        if up.type == 'try_statement' and nearest is None and up.child_by_field_name('body') == node:
            nearest = up
        node = up
    if nearest is None:
        return False
    for other in (nearest.child_by_field_name('handler'), nearest.child_by_field_name('finalizer')):
        if other is not None and f'{name}.'.encode() in other.text:
            return False
    body = nearest.child_by_field_name('body')
    return body is not None and b'await' in body.text[:close.start_byte - body.start_byte]
