"""n-plus-one's configured lists: what a loop walks is configuration (``for (const planConfig of
spendingPlanConfigs)``, ``Config.Users.enforcedUsers``, ``this.config.mediaPick``, a ``const
plansToAdd = spendingPlanConfigs.filter(...)``): the entries an operator wrote into a file or an
admin set up, a handful, usually walked once at start-up or per job run. Held-out, every judged
loop over such a list was not worth asking (7 rows over 5 rounds: hiero-json-rpc-relay's spending
plans, pigallery2's enforced users and top-pick job, Maintainerr's notification agents, heimdall2's
AWS Config rules; n1:bounded-config-list-startup and its kin)."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# Words of a name that say it holds configuration (`spendingPlanConfigs`, `Config`, `notifConfigs`).
_CONFIG_WORDS = frozenset(('config', 'configs', 'configuration', 'configurations'))
# Array methods a configured list goes through and stays one (`configs.filter(...)`).
_ARRAY_METHODS = frozenset(('map', 'filter', 'slice', 'sort', 'concat', 'flat', 'flatMap', 'toSorted', 'reverse'))
_DEPTH = 4


def configured(node: Node, depth: int = 0) -> bool:
    """``node`` names configuration, through locals and array methods: a name, or a segment of its
    path, with a word ``config``/``configs``/``configuration``."""
    node = s.unwrap(node)
    if depth > _DEPTH:
        return False
    if node.type == 'identifier':
        if _names_config(s.text(node)):
            return True
        value = s.initializer(node)
        return value is not None and configured(value, depth + 1)
    if node.type == 'call_expression':
        receiver = s.receiver(node)
        return s.callee_name(node) in _ARRAY_METHODS and receiver is not None and configured(receiver, depth + 1)
    if node.type == 'member_expression':
        return any(_names_config(seg) for seg in s.path_segments(node))
    return False


def _names_config(name: str) -> bool:
    return not _CONFIG_WORDS.isdisjoint(s.name_words(name))
