"""A `localhost` origin the code marks as development's and uses alone: the local frontend's own
access, not a production list with a developer's entry left in.

Marked by the names it is kept under (``Development: { LOCALHOST_ORIGIN: 'http://localhost:5173' }``,
``const DEV_ORIGIN = ...``) or by what the same branch sets beside it (``origin = 'http://localhost:3000';
ctx.appId = 'DEVELOPMENT_FRONTEND'``); and not an entry of a list (``origin: [APP_URL,
'http://localhost:3000']``), which is the worth-asking shape: a dev origin shipped in production's
list (inside a development condition nothing is asked at all, ``_dev_only`` of the family; round
20: CHEFS' and rumors-api's development origins, judged not worth asking,
``config:dev-only``, ``config:deliberate-dev-origin``)."""
from __future__ import annotations

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_DEV_WORDS = frozenset(('dev', 'development', 'develop'))
_TOKEN = lazyre.compile(r'[A-Za-z_$][\w$]*')
_SETTINGS = frozenset(('expression_statement', 'lexical_declaration', 'variable_declaration'))
_STOPS = frozenset(('function_declaration', 'arrow_function', 'function_expression', 'method_definition',
                    'class_body', 'program'))


def development_only(lit: Node) -> bool:
    """``lit`` (a `localhost` address) is marked as development's and is not one entry of a list."""
    labels: list[str] = []
    child = lit
    for up in s.ancestors(lit):
        if up.type == 'array':
            return False  # beside other origins: production's list
        if up.type in _STOPS:
            break
        if up.type == 'pair':
            labels.append(s.text(up.child_by_field_name('key')).strip('\'"`'))
        elif up.type == 'variable_declarator':
            labels.append(s.text(up.child_by_field_name('name')))
        elif up.type == 'assignment_expression':
            labels.append(s.text(up.child_by_field_name('left')))
        elif up.type == 'statement_block' and _branch(up):
            # What the same branch sets beside it: `ctx.appId = 'DEVELOPMENT_FRONTEND'`.
            labels.extend(s.text(n) for n in up.named_children if n != child and n.type in _SETTINGS)
        child = up
    return any(not _DEV_WORDS.isdisjoint(s.name_words(t)) for label in labels for t in _TOKEN.findall(label))


def _branch(block: Node) -> bool:
    parent = s.parent_of(block)
    return parent is not None and parent.type in ('if_statement', 'else_clause')
