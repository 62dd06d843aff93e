"""MongoDB filters taken from the request: a whole request object as a filter, or a secret
(token, code...) matched straight from the body or query: ``{ resetToken: { $ne: null } }``
matches every account with a pending reset. Only where the receiver may be a Mongo collection or
model: bound to Mongoose or the driver, or, where its binding does not say (a parameter, a local
module's export), in a package that declares a Mongo library (``may_be_mongo``)."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
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


def may_be_mongo(scope: Scope, call: Node, declared: Mapping[str, str]) -> bool:
    """``call``'s receiver may be a Mongo model or collection: bound to Mongoose or the driver; not
    bound to another store (Knex, Sequelize, TypeORM...); otherwise (a parameter, a local module's
    export) where the file's package declares a Mongo library or declares nothing we know of. A
    Knex app's own model methods (``model.updateOne(request.body, id)`` on a model handed to a
    controller factory) take no filter: gdx-agreements-tracker, round 24, not worth asking."""
    found = bindings.binding(scope.file, call)
    if found is not None and found.kind == packages.STORE:
        return found.library in (packages.MONGOOSE, packages.MONGODB)
    if found is not None and found.library in packages.MONGO_QUERY_PACKAGES:
        return True
    return not declared or not packages.MONGO_QUERY_PACKAGES.isdisjoint(declared) \
        or b'meteor/mongo' in scope.file.source


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
