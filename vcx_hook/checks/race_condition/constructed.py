"""race-condition's records made with ``new``: ``const pp = new PendingPayment({ ... }); await
pp.save()`` creates a ``PendingPayment`` as ``PendingPayment.create({ ... })`` would (Mongoose,
TypeORM's and Sequelize's ``build``-then-``save``). A check of that model before it is a
check-then-create like any other (lnp2pBot's earnings withdrawal, a real bug of holdout5: two
withdrawals both found no pending payment and both were paid)."""
from __future__ import annotations

from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SAVES = frozenset((b'save',))


def saves(scope: Scope) -> list[Node]:
    """The awaited ``record.save()`` calls whose record the function made with ``new Model(...)``."""
    return [call for call in (s.called_by(n) for n in scope.named(_SAVES) if n.type == 'property_identifier')
            if call is not None and s.is_awaited(call) and model(call) is not None]


def model(call: Node) -> str | None:
    """``PendingPayment`` for ``pp.save()`` after ``const pp = new PendingPayment(...)``."""
    recv = s.receiver(call)
    if recv is None or s.unwrap(recv).type != 'identifier' or s.callee_name(call) != 'save':
        return None
    decl = s.declaration(s.unwrap(recv))
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type != 'new_expression':
        return None
    made = s.text(value.child_by_field_name('constructor'))
    last = made.rsplit('.', 1)[-1]
    return made if last[:1].isupper() and last not in stores.GLOBALS and not last.endswith('Error') else None
