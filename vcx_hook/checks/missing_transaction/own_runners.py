"""missing-transaction's SQL runners of the project's own, known by their definition: a function or
method of the file that hands its first parameter, the SQL text, to a SQL runner
(``postgresQuery(text, values) { return this.postgres.query(text, values) }``).  Its calls with a
SQL write are writes like ``query``'s: ``this.postgresQuery('DELETE FROM person_ids ...')`` then
``this.postgresQuery('DELETE FROM person ...')`` (PostHog plugin-server's deletePerson, a real bug of
holdout9)."""
from __future__ import annotations

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File

_KEY = 'missing-transaction:own-runners'
_DEFINITIONS = frozenset(('function_declaration', 'method_definition', 'function_expression', 'arrow_function'))


def with_own(file: File, names: Names) -> Names:
    """``names`` with the file's own SQL runners added to ``sql_runners`` (the same mapping when it has none)."""
    own = file.memo(_KEY, lambda f: _own(f, names['sql_runners']))
    if not own:
        return names
    return {**names, 'sql_runners': names['sql_runners'] | own}


def _own(file: File, runners: frozenset[str]) -> frozenset[str]:
    words = frozenset(r.encode() for r in runners) & file.words
    if not words:
        return frozenset()
    found = set()
    for name in file.named(words, ((0, len(file.source)),)):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        if not args or args[0].type != 'identifier':
            continue
        fn = s.enclosing_function(call)
        if fn is None or fn.type not in _DEFINITIONS:
            continue
        params = s.parameter_names(fn)
        own = _definition_name(fn)
        if params and params[0] == s.text(args[0]) and own and own not in runners:
            found.add(own)
    return frozenset(found)


def _definition_name(fn: s.Node) -> str | None:
    """The name the function is called by: ``postgresQuery`` of a class's method, a declaration's name."""
    name = s.function_name(fn)
    return name.rsplit('.', 1)[-1] if name else None
