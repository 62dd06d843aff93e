"""The family's first rule: each registration (a listener, timer or subscription, found by name)
in a context that should undo it and does not, graded by ``tiers``; and a removal that cannot work
in a class whose target seemed to die with the instance (``exempt.futile_despite_owner``, low)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup import registrations
from vcx_hook.checks.missing_cleanup import tiers
from vcx_hook.checks.missing_cleanup.contexts import context
from vcx_hook.checks.missing_cleanup.exempt import exempt
from vcx_hook.checks.missing_cleanup.exempt import futile_despite_owner
from vcx_hook.checks.missing_cleanup.undone import leak
from vcx_hook.finding import LOW
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def find(scope: Scope, names: Mapping[str, frozenset[str]],
         shell_selectors: frozenset[str]) -> Iterator[tuple[Node, str, tuple[Node, ...], str]]:
    """(where, message, evidence, confidence: '' for the graded default) of each leak."""
    seen: set[int] = set()
    for call in [*registrations.registrations(scope.file, scope.ranges), *registrations.paired(scope, names)]:
        if call.start_byte in seen:
            continue
        seen.add(call.start_byte)
        kind = registrations.kind(call, scope.file)
        if kind is None:
            continue
        ctx = context(call, names, scope.file)
        if ctx is None:
            continue
        if exempt(scope.file, call, kind, ctx, names):
            futile = futile_despite_owner(scope, call, kind, ctx, names)
            if futile is not None:
                yield futile[0], futile[1], (call,), LOW
            continue
        found = leak(scope, call, kind, ctx, names)
        if found is None:
            continue
        # A removal that cannot work (a new function passed) is its own shape, not graded.
        graded = '' if found.futile else tiers.confidence(scope.file, call, kind, ctx, names['long_lived'],
                                                          names['teardown_methods'], shell_selectors)
        if kind == 'subscription' and registrations.store_listen(call) \
                and not registrations.router_history(scope.file, call):
            graded = STORE_LISTEN_CONFIDENCE
        yield call, found.message, (), graded


# A store's `listen(this.onChange)` (kpi's sharing form, a Reflux store, holdout25): not judged held out.
STORE_LISTEN_CONFIDENCE = LOW
