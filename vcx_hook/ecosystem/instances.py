"""Code that one process of a cluster runs: what follows a guard that sends every other process away
(``if (process.env.NODE_APP_INSTANCE !== '0') return;``: PM2 numbers the processes of a cluster
from 0 in ``NODE_APP_INSTANCE``; ``if (!cluster.isPrimary) return;``, ``if (cluster.isWorker)
return;``: Node's ``cluster`` module forks the workers from the primary) or sits in the branch
that only the primary or instance 0 takes (``if (cluster.isPrimary) { ... }``).

Authors write such a guard around start-up work they mean to run once: a scheduled task seeded,
indexes ensured, a migration. No request reaches it, and the one process that runs it runs it once
(Hydro's model ``apply()`` hooks seeding their daily and hourly schedules, round 21: a count, then
an add, judged not worth asking twice, race:single-instance-startup)."""
from __future__ import annotations

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# A test of which process of the cluster this is: PM2's instance number, Node cluster's roles.
_PRIMARY = lazyre.compile(r'\bcluster\.(?:isPrimary|isMaster)\b')
_WORKER = lazyre.compile(r'\bcluster\.isWorker\b')
_INSTANCE = lazyre.compile(r'\bNODE_APP_INSTANCE\b[^=!<>]*(===?|!==?)')
_LEAVES = frozenset(('return_statement', 'throw_statement'))


def one_instance(node: Node) -> bool:
    """``node`` runs in one process of the cluster: in its function after a statement ``if (<test
    true in every process but one>) return``/``throw``, or inside the consequence of an ``if (<test
    true in one process>)``."""
    fn = s.enclosing_function(node)
    for a in s.ancestors(node):
        if a == fn:
            break
        if a.type == 'if_statement' and _selects_one(a) is True:
            branch = a.child_by_field_name('consequence')
            if branch is not None and branch.start_byte <= node.start_byte < branch.end_byte:
                return True
    body = s.function_body(fn) if fn is not None else None
    if body is None:
        return False
    for stmt in body.named_children:
        if stmt.start_byte >= node.start_byte:
            return False
        if stmt.type == 'if_statement' and _selects_one(stmt) is False \
                and _leaves(stmt.child_by_field_name('consequence')):
            return True
    return False


def _selects_one(stmt: Node) -> bool | None:
    """Whether the ``if``'s condition is true in one process (``cluster.isPrimary``,
    ``NODE_APP_INSTANCE === '0'``) or in every other (``!cluster.isPrimary``, ``cluster.isWorker``,
    ``NODE_APP_INSTANCE !== '0'``); None for any other condition, or one that combines tests."""
    cond = stmt.child_by_field_name('condition')
    text = s.text(cond).strip('() \n') if cond is not None else ''
    if not text or '&&' in text or '||' in text:
        return None
    negated = text.startswith('!') and not text.startswith('!=')
    instance = _INSTANCE.search(text)
    if _PRIMARY.search(text):
        one = True
    elif _WORKER.search(text):
        one = False
    elif instance is not None:
        one = instance.group(1).startswith('=')
    else:
        return None
    return one != negated


def _leaves(branch: Node | None) -> bool:
    """A ``return``/``throw`` as the branch, or as the last statement of its block."""
    if branch is None:
        return False
    if branch.type == 'statement_block':
        children = branch.named_children
        return bool(children) and children[-1].type in _LEAVES
    return branch.type in _LEAVES
