"""A tunable value chosen by environment in code: a module constant named for a duration or a
limit whose value is a ternary on ``NODE_ENV`` between literals
(``const ACTIVEDOC_TIMEOUT = process.env.NODE_ENV === 'production' ? 30 : 5``). The author knew it
differs per deployment, yet production gets one fixed number that only a deploy can change."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_ENVIRONMENT = lazyre.compile(rb'NODE_ENV')
_TUNABLE = lazyre.compile(
    r'(?:^|_)(?:TIMEOUT|TTL|INTERVAL|DELAY|AGE|LIMIT|MAX|MIN|RETRIES|ATTEMPTS|CONCURRENCY|SIZE|MS|'
    r'SECONDS|SECS|MINUTES|HOURS|PERIOD|EXPIRY|EXPIRES)(?:_|$)'
    r'|(?:[Tt]imeout|TTL|Ttl|[Ii]nterval|[Dd]elay|[Mm]axAge|[Ll]imit|[Rr]etries|[Cc]oncurrency)(?:M[Ss]|Seconds)?$')


def possible(text: bytes) -> bool:
    return _ENVIRONMENT.search(text) is not None


def constants(scope: Scope) -> Iterator[Item]:
    """Each top-level ``const`` or exported one chosen this way."""
    if not possible(scope.text):
        return
    for m in re.finditer(rb'NODE_ENV', scope.file.source):
        if not any(a <= m.start() < b for a, b in scope.ranges):
            continue
        node = s.descendant(scope.root, m.start(), m.end())
        ternary = next((a for a in s.ancestors(node) if a.type == 'ternary_expression'), None) if node else None
        if ternary is None:
            continue
        declarator = s.parent_of(ternary)
        while declarator is not None and declarator.type == 'parenthesized_expression':
            declarator = s.parent_of(declarator)
        if declarator is None or declarator.type != 'variable_declarator' or not _top_level(declarator):
            continue
        name = declarator.child_by_field_name('name')
        if name is None or name.type != 'identifier' or not _TUNABLE.search(s.text(name)):
            continue
        values = [_literal(ternary.child_by_field_name(f)) for f in ('consequence', 'alternative')]
        if any(v is None for v in values):
            continue
        yield Item(declarator, f'{s.text(name)} ({" or ".join(str(v) for v in values)} by NODE_ENV)',
                   declarator, 'env')


def _literal(node: Node | None) -> str | None:
    if node is None:
        return None
    value = number(node)
    if value is not None:
        return s.text(s.unwrap(node))
    return None


def _top_level(declarator: Node) -> bool:
    statement = s.parent_of(declarator)
    above = s.parent_of(statement) if statement is not None else None
    if above is not None and above.type == 'export_statement':
        above = s.parent_of(above)
    return above is not None and above.type == 'program'
