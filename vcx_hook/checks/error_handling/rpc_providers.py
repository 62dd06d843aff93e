"""No timeout on an ethers JSON-RPC provider, in server code: ``new ethers.JsonRpcProvider(
getRpcUrl(1))``, or a class extending ``StaticJsonRpcProvider`` whose ``super({ url, headers },
network)`` gives no ``timeout``. The provider waits minutes for a node that accepts the request and
never answers (ethers v5 120 s, v6 300 s), and every call through it, and the job or request
awaiting it, waits as long. Asked once, at the construction, when what it is handed is an address
(a string, or a name, call or field named for a URL or an RPC endpoint) or a connection object with
no ``timeout``; not a ``FetchRequest`` or options built elsewhere. Low, as a missing timeout alone
is (bench/judged).

Found on real bugs: a lambda's RPC provider built from `{ url, headers }` (routing-api, holdout22)
and an on-chain claim reader's default provider (6529seize, holdout24), each fixed by a timeout."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import chain_nodes
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset(n.encode() for n in chain_nodes.HTTP_PROVIDERS)
# Words of a name that holds an address (`getRpcUrl(1)`, `process.env.RPC_URL`, `nodeEndpoint`) ...
_ADDRESS_WORDS = frozenset(('url', 'uri', 'rpc', 'endpoint'))
# ... not a connection object or options built elsewhere (`rpcConfig`, `connectionInfo`), nor a test node's.
_OBJECT_WORDS = frozenset(('config', 'options', 'opts', 'connection', 'info', 'request', 'req', 'settings', 'test'))
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'JsonRpc') and runtime.is_server(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.file.named(_WORDS, ((0, len(scope.file.source)),)):
        for call in _constructions(scope, name):
            args = s.arguments(call)
            if not scope.contains(call) or not args or not _unbounded(args[0]):
                continue
            yield scope.finding(
                call, ID,
                f'`{short(call, 40)}` makes a JSON-RPC provider with no timeout: ethers waits minutes (120 s in v5, '
                '300 s in v6) for a node that never answers, and every call through it waits as long',
                QUESTION, confidence=LOW)


def _constructions(scope: Scope, name: Node) -> list[Node]:
    """The ``new`` of the provider ``name`` is part of, or the ``super(...)`` calls of a class
    extending it."""
    node = s.parent_of(name) if s.parent_of(name) is not None and s.parent_of(name).type == 'member_expression' else name
    parent = s.parent_of(node)
    if parent is None:
        return []
    if parent.type == 'new_expression' and parent.child_by_field_name('constructor') == node:
        return [parent] if chain_nodes.http_provider(scope.file, node) else []
    cls = next((a for a in s.ancestors(name) if a.type in _CLASSES), None)
    base = s.base_class(cls) if cls is not None else None
    if base is None or (base.start_byte, base.end_byte) != (node.start_byte, node.end_byte) \
            or not chain_nodes.http_provider(scope.file, base):
        return []
    return [c for c in _super_calls(cls)]


def _super_calls(cls: Node) -> list[Node]:
    body = cls.child_by_field_name('body')
    out: list[Node] = []
    for method in body.named_children if body is not None else ():
        if method.type == 'method_definition' and s.text(method.child_by_field_name('name')) == 'constructor':
            stack = [method]
            while stack:
                n = stack.pop()
                fn = n.child_by_field_name('function') if n.type == 'call_expression' else None
                if fn is not None and fn.type == 'super':
                    out.append(n)
                stack.extend(n.named_children)
    return out


def _unbounded(arg: Node, depth: int = 0) -> bool:
    """An address, or a connection object with no ``timeout`` (nor a spread of one built elsewhere)."""
    arg = s.unwrap(arg)
    if arg.type in ('string', 'template_string'):
        return bool(s.string_value(arg) or arg.type == 'template_string')  # `new JsonRpcProvider('')`: a stub
    if arg.type == 'object':
        return not http.sets_option(arg, ('timeout',))
    if arg.type == 'identifier' and depth < 3:
        value = s.initializer(arg)
        if value is not None:
            return _unbounded(value, depth + 1)
    if arg.type == 'binary_expression' and s.text(arg.child_by_field_name('operator')) in ('||', '??', '+'):
        left = arg.child_by_field_name('left')
        return left is not None and _unbounded(left, depth + 1)
    named = arg
    if arg.type == 'call_expression':
        named = s.callee(arg) or arg
    named = s.unwrap(named)
    if named.type == 'member_expression':
        named = named.child_by_field_name('property') or named
    if named.type not in ('identifier', 'property_identifier'):
        return False
    words = set(s.name_words(s.text(named)))
    return bool(words & _ADDRESS_WORDS) and not words & _OBJECT_WORDS
