"""GraphQL clients whose promises resolve with their failure instead of rejecting: urql's
``client.query(doc, vars).toPromise()`` (and ``mutation``) settles with ``{ data, error }``, its
``error`` a ``CombinedError`` of the network and GraphQL errors. The client is known by its package,
which the file imports or its ``package.json`` declares (``@urql/core``, ``urql`` and its framework
bindings; a file handed an instance of the project's subclass of urql's ``Client`` imports neither):
RxJS's ``toPromise()`` (NestJS's ``HttpService``, apollo-angular) rejects, and its calls look the same."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.ecosystem import importers
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

URQL_PACKAGES = frozenset(('@urql/core', 'urql', '@urql/vue', '@urql/svelte', '@urql/preact'))
URQL_OPERATIONS = frozenset(('query', 'mutation'))


def resolves_with_error(file: File, call: Node, declared: Mapping[str, str]) -> bool:
    """``call`` is urql's ``client.query(...).toPromise()``, where the file imports urql or its
    package declares it (``declared``)."""
    if call.type != 'call_expression' or s.callee_name(call) != 'toPromise' or s.arguments(call):
        return False
    operation = s.receiver(call)
    operation = s.unwrap(operation) if operation is not None else None
    if operation is None or operation.type != 'call_expression' or s.callee_name(operation) not in URQL_OPERATIONS \
            or not s.arguments(operation):
        return False
    return not URQL_PACKAGES.isdisjoint(declared) or file.fact(_imports_urql)


def _imports_urql(file: File) -> bool:
    return b'urql' in file.source and any(spec in URQL_PACKAGES for _, spec in importers.imports(file.source))
