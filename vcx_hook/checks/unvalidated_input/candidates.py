"""Where sinks may be: found by name (``File.named``), since a query would walk every tree for a
few calls; each sink rule then confirms its own in the syntax tree."""
from __future__ import annotations

import functools
from collections.abc import Mapping

from vcx_hook.ecosystem import http
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Calls `sinks.call_sink` takes by these names whatever the configuration lists.
_FIXED_CALLS = frozenset((
    'insertAdjacentHTML', 'write', 'writeln', 'send', 'end', 'sendFile', 'sendfile', 'download', 'redirect', 'assign',
    'replace', 'create', 'search', 'push',
)) | http.SINK_FUNCTIONS
CALL_LISTS = ('sql_methods', 'mongo_methods', 'file_methods', 'command_methods', 'code_methods', 'outbound_actions')
# `axios.get(url)`: receivers whose verb calls are server-side requests.
_CLIENTS = frozenset(c.encode() for c in http.SINK_CLIENTS)
_CONSTRUCTORS = frozenset((b'Function', b'Script'))
_ASSIGNED = frozenset((b'innerHTML', b'outerHTML', b'href', b'location', b'body'))
_HTML_KEY = b'__html'


@functools.lru_cache(maxsize=8)
def call_names(lists: tuple[frozenset[str], ...]) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """The callee names of sink calls, and every name a sink is found by."""
    calls = frozenset(n.encode() for n in _FIXED_CALLS.union(*lists))
    return calls, calls | _CLIENTS | _CONSTRUCTORS | _ASSIGNED | {_HTML_KEY}


def candidates(scope: Scope, names: Mapping[str, frozenset[str]]) -> tuple[list[Node], ...]:
    """The sinks' nodes, found by name (``File.named``): calls of a sink's name, verb calls on an
    HTTP client, ``new Function``/``new vm.Script``, assignments to ``innerHTML``/``href``/
    ``location``/``body``, and ``__html`` keys; each list in document order."""
    calls_named, every = call_names(tuple(names[k] for k in CALL_LISTS))
    calls: list[Node] = []
    clients: list[Node] = []
    news: list[Node] = []
    assigns: list[Node] = []
    htmls: list[Node] = []
    for node in scope.named(every):
        word = node.text
        parent = s.parent_of(node)
        if word in calls_named:
            call = s.called_by(node)
            if call is not None and scope.contains(call):
                calls.append(call)
        if parent is None:
            continue
        if word in _CLIENTS and node.type == 'identifier' and parent.type == 'member_expression' \
                and parent.child_by_field_name('object') == node:
            prop = parent.child_by_field_name('property')
            call = s.parent_of(parent)
            if prop is not None and prop.type == 'property_identifier' and call is not None \
                    and call.type == 'call_expression' and call.child_by_field_name('function') == parent \
                    and scope.contains(call):
                clients.append(call)
        if word in _CONSTRUCTORS:
            new = s.called_by(node, 'new_expression')
            if new is not None and scope.contains(new):
                news.append(new)
        if word in _ASSIGNED:
            left = parent if node.type == 'property_identifier' and parent.type == 'member_expression' \
                and parent.child_by_field_name('property') == node else node if node.type == 'identifier' else None
            assign = s.parent_of(left) if left is not None else None
            if assign is not None and assign.type == 'assignment_expression' \
                    and assign.child_by_field_name('left') == left and scope.contains(assign):
                assigns.append(assign)
        if word == _HTML_KEY and node.type == 'property_identifier' and parent.type == 'pair' \
                and parent.child_by_field_name('key') == node and scope.contains(parent):
            htmls.append(parent)
    return tuple(sorted(found, key=s.document_order) for found in (calls, clients, news, assigns, htmls))
