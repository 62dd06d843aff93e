"""What hands a write a transaction: an options object naming one (``{ transaction: t }``,
``{ session }``, ``{ client: trx }``)."""
from __future__ import annotations

from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# Names of a transaction as an option's value, whatever the key (`{ client: trx }`): not those as
# often something else (`{ t }` a translator, `{ by: session }` a login, `{ data: transaction }` a payment).
HANDLES = stores.TRANSACTION_NAMES - frozenset(('t', 'tm', 'session', 'transaction', 'batch'))


def handed_transaction(options: Node) -> bool:
    """An options object that hands the write a transaction: ``{ transaction: t }``, ``{ session }``,
    or a transaction's name as a value, shorthand or not (vao's ``insertSvaTimer({ agrementId, tx })``
    in a method its caller runs in ``withTransaction(async (tx) => ...)``: round 20, not worth asking;
    ``{ client: trx }``). Not a value that is as often something else: ``{ t }`` a translator,
    ``{ session }`` under another key a login, ``{ data: transaction }`` a payment. Nor an id under
    such a key: ``deleteMany({ session: session._id })`` filters on a field (PrepPilot, holdout27)."""
    keys = s.object_keys(options)
    if any(not _an_id(v) for k, v in keys.items() if k in stores.TRANSACTION_OPTIONS):
        return True
    return any(v.type in ('identifier', 'shorthand_property_identifier') and s.text(v) in HANDLES
               for v in keys.values())


_ID = lazyre.compile(r'\.(?:_?id|\w*Id)$')


def _an_id(value: Node) -> bool:
    return value.type in ('string', 'number') or value.type == 'member_expression' and _ID.search(s.text(value)) is not None
