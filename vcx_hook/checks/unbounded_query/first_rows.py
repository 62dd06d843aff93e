"""Objection's ``.first()`` after ``orderBy`` with no ``.limit()``: unlike Knex's, objection's
``first()`` adds no ``LIMIT 1`` (its documentation says to call ``.limit(1)`` too), so reading the
latest row of a relation fetches every row of it and keeps one."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

WORDS = frozenset((b'first',))
_OBJECTION_IMPORT = lazyre.compile(rb'''(?:from\s+|require\(\s*)['"]''' + stores.OBJECTION.encode() + rb'''['"]''')
_QUERIES = stores.OBJECTION_QUERIES
_RELATED = stores.OBJECTION_RELATED.encode()


def possible(scope: Scope, config: Config) -> bool:
    return scope.holds(b'first') and scope.holds(b'orderBy') and _objection(scope, config)


def _objection(scope: Scope, config: Config) -> bool:
    return stores.OBJECTION in packages_near(config, scope.file.path) or _RELATED in scope.text \
        or _OBJECTION_IMPORT.search(scope.file.source) is not None


def find(scope: Scope, config: Config) -> Iterator[tuple[Node, str]]:
    """(call, message) for each objection ``first()`` of an ordered query with no limit."""
    if not possible(scope, config):
        return
    for name in scope.named(WORDS):
        call = s.called_by(name)
        if call is None or s.arguments(call) or s.receiver(call) is None:
            continue
        methods = [s.callee_name(c) for c in s.chain_calls(call)]
        if _QUERIES.isdisjoint(methods) or 'limit' in methods \
                or not any(m.startswith('orderBy') for m in methods):
            continue
        query = next(m for m in reversed(methods) if m in _QUERIES)
        yield call, (
            f'objection\'s `.first()` sends no LIMIT: this `{query}()` ordered by `orderBy()` fetches every '
            'matching row to keep one (`.limit(1).first()`?)'
        )
