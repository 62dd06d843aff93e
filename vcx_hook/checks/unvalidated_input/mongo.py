"""MongoDB filters taken from the request: a whole request object as a filter, or a secret
(token, code...) matched straight from the body or query: ``{ resetToken: { $ne: null } }``
matches every account with a pending reset."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MONGO_SANITIZED = stores.MONGO_SANITIZED


def sink(scope: Scope, call: Node, first: Node, label: str, secrets: frozenset[str]) -> Sink | None:
    if scope.file.memo('mongo-sanitized', lambda f: bool(_MONGO_SANITIZED.search(f.source))):
        return None
    if _sql_builder(call):
        return None
    if first.type == 'object':
        keys = s.object_keys(first)
        if keys.keys() & {'where', 'data', 'select', 'include', 'relations', 'order'}:
            return None
        # `{ token: { $eq: value } }` pins the operator: only bare values can smuggle one in
        values = [v for k, v in keys.items() if _is_secret(k, secrets)
                  and s.unwrap(v).type not in ('method_definition', 'object', 'array')]
        return Sink(call, [(v, ('<filter value>',)) for v in values],
                    f'{label} filters on `{{src}}` unchecked; an object like `{{{{ $ne: null }}}}` matches any record')
    return Sink(call, [(first, ('<filter>',))],
                f'{label} takes its filter from `{{src}}`; `$` operators in it reach the database')


def _sql_builder(call: Node) -> bool:
    """``User.query().where(...).findOne({ token })``: an SQL query builder (Objection), which binds
    the object's values as parameters; ``{ $ne: null }`` is no operator there."""
    recv = s.receiver(call)
    while recv is not None and recv.type == 'call_expression':
        if s.callee_name(recv) in stores.SQL_BUILDER_STARTS:
            return True
        recv = s.receiver(recv)
    return False


def _is_secret(key: str, secrets: frozenset[str]) -> bool:
    lowered = key.lower()
    return any(lowered.endswith(word) for word in secrets)
