"""Data access objects: a receiver whose last word names the data layer (`BlocksRepository`,
`this.jeuneGateway`, `userDao`), whose methods named for a store operation go to the store whatever
follows the verb (`$saveFirstSeenTime`, `countAffectedByLigneDeBus`)."""
from __future__ import annotations

from vcx_hook.ecosystem import services

# n-plus-one: the last word of a data access object's receiver (`BlocksRepository`, `this.jeuneGateway`):
# whatever its method is named (`$saveFirstSeenTime`, `countAffectedByLigneDeBus`), it goes to the store.
WORDS = frozenset(('repository', 'repo', services.GATEWAY, 'dao'))
# ... unless it is named for another service (`paymentGateway`; `smsGateway` and `httpGateway` by `NOT_QUERIED`) ...
OTHERS = frozenset(('payment', 'payments', 'pay', 'billing', 'git', 'remote'))
# ... and when its method's first word says a store operation (not `acceptRevisionRequestApproval`,
# a domain action whose per-element work the loop needs).
VERBS = frozenset((
    'get', 'find', 'count', 'load', 'fetch', 'list', 'read', 'exists', 'has', 'save', 'update', 'set',
    'insert', 'create', 'upsert', 'delete', 'remove', 'mark',
))
