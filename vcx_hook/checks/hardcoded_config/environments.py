"""Which environment a value is written for: the side of a test of the environment it sits on.

``if (process.env.NODE_ENV === 'production') { url = 'https://app.com' } else { url =
'http://localhost:3000' }``: the first address is production's, the second development's. A test
says which side is development's by what it compares (``NODE_ENV === 'development'``, ``!==
'production'``, a flag named for it: ``isDev``, ``__DEV__``) or production's (``=== 'production'``,
``isProd``); a test of another variable of the environment (``if (process.env.HEROKU_APP_NAME)``)
picks a value for the deployments that set it. Code after an ``if`` that returns on a development
test runs everywhere else: in production."""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

DEVELOPMENT = 'development'
PRODUCTION = 'production'

# What the old rule skipped wholesale: any branch of a test naming development or NODE_ENV.
_MENTIONS = lazyre.compile(rb'NODE_ENV|development|\bis(?:Dev|Local|Development)\b|\bdev\b', re.I)
_READS_ENV = lazyre.compile(rb'process\.env|import\.meta\.env')
_DEV_WORDS = rb'''['"`](?:development|dev|local|test)['"`]'''
_PROD_WORDS = rb'''['"`](?:production|prod)['"`]'''
_DEV_TEST = lazyre.compile(
    rb'(?:===?\s*' + _DEV_WORDS + rb'|' + _DEV_WORDS + rb'\s*===?|!==?\s*' + _PROD_WORDS + rb'|' + _PROD_WORDS
    + rb'\s*!==?|(?<![!\w$.])(?:is_?(?:Dev|Local|Development)|__DEV__)\b|!\s*is_?Prod(?:uction)?\b)', re.I)
_PROD_TEST = lazyre.compile(
    rb'(?:===?\s*' + _PROD_WORDS + rb'|' + _PROD_WORDS + rb'\s*===?|!==?\s*' + _DEV_WORDS + rb'|' + _DEV_WORDS
    + rb'\s*!==?|(?<![!\w$.])is_?Prod(?:uction)?\b|!\s*(?:is_?(?:Dev|Local|Development)|__DEV__)\b)', re.I)
_EXITS = frozenset(('return_statement', 'throw_statement'))


def polarity(condition: Node) -> str | None:
    """``DEVELOPMENT`` when the test holds in development, ``PRODUCTION`` when in production, else None."""
    text = condition.text or b''
    dev, prod = _DEV_TEST.search(text) is not None, _PROD_TEST.search(text) is not None
    if dev == prod:
        return None
    return DEVELOPMENT if dev else PRODUCTION


def development_only(node: Node) -> bool:
    """Inside a branch written for development: ``if (process.env.NODE_ENV === 'development') {
    ... }``, the other branch of an ``=== 'production'`` test, a ternary's, a ``case
    'development':`` of a switch; also any branch of a test that names development or ``NODE_ENV``
    without saying which side is which. Not the production side of such a test. A test may be a
    flag the function computed (``const isLocalOrDev = process.env.NODE_ENV !== 'production' ||
    ...``, then ``isLocalOrDev ? DEV_ORIGIN : PROD_ORIGIN``), and a module constant is development's
    when every use of it is (supermemory's app origins, round 26, judged not worth asking:
    ``config:deliberate-env-switch``)."""
    if _constant_for_development(node):
        return True
    child = node
    for a in s.ancestors(node):
        if a.type in ('if_statement', 'ternary_expression'):
            cond = a.child_by_field_name('condition')
            tested, flipped = _tested(cond) if cond is not None else (None, False)
            if tested is not None and child != cond and _MENTIONS.search(tested.text or b''):
                pole = polarity(tested)
                if flipped and pole is not None:
                    pole = PRODUCTION if pole == DEVELOPMENT else DEVELOPMENT
                return _branch_side(a, child, pole) != PRODUCTION
        if a.type == 'switch_case':
            value = a.child_by_field_name('value')
            if value is not None and child != value and _MENTIONS.search(value.text or b''):
                return True
        if a.type in s.FUNCTION_TYPES:
            return False
        child = a
    return False


def _tested(cond: Node) -> tuple[Node | None, bool]:
    """What a condition tests, and whether it is negated: the condition itself, or the value a
    ``const`` flag it names was declared with where that value reads the environment
    (``isLocalOrDev``, ``!isProd``)."""
    node, flipped = s.unwrap(cond), False
    if node.type == 'unary_expression' and s.text(node.child_by_field_name('operator')) == '!':
        node, flipped = s.unwrap(node.child_by_field_name('argument') or node), True
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is not None and _READS_ENV.search(value.text or b''):
            return value, flipped
    return cond, False


def _constant_for_development(node: Node) -> bool:
    """``node`` is the value of a module ``const`` whose every use in the file is on the
    development side of a test (``const DEV_ORIGIN = 'https://app.dev.example.com'`` read only as
    ``isDev ? DEV_ORIGIN : PROD_ORIGIN``)."""
    declarator = s.parent_of(node)
    while declarator is not None and declarator.type in ('parenthesized_expression', 'as_expression'):
        declarator = s.parent_of(declarator)
    if declarator is None or declarator.type != 'variable_declarator':
        return False
    name = declarator.child_by_field_name('name')
    statement = s.parent_of(declarator)
    program = s.parent_of(statement) if statement is not None else None
    if program is not None and program.type == 'export_statement':
        return False  # other modules use it too
    if name is None or name.type != 'identifier' or program is None or program.type != 'program':
        return False
    uses = [n for n in s.identifiers(program) if n.text == name.text and n != name]
    return bool(uses) and all(development_only(u) for u in uses)


def chosen_side(node: Node) -> str | None:
    """The environment ``node`` is written for, by the nearest test of the environment around or
    before it in its function: ``PRODUCTION`` in the branch of a test of a variable of the
    environment (``if (process.env.HEROKU_APP_NAME) return '...'``) or on the production side of
    a development test, or after an ``if`` that returns on a development test; ``DEVELOPMENT`` on
    the other side. None when no such test chooses it, or on the other side of a test of a
    variable (``process.env.API_URL ? process.env.API_URL : '...'``: its fallback)."""
    child = node
    for a in s.ancestors(node):
        if a.type in ('if_statement', 'ternary_expression'):
            cond = a.child_by_field_name('condition')
            if cond is not None and child != cond and _READS_ENV.search(cond.text or b''):
                return _branch_side(a, child, polarity(cond), variable=True)
        if a.type in ('statement_block', 'program'):
            side = _after_early_return(a, child)
            if side is not None:
                return side
        if a.type in s.FUNCTION_TYPES:
            return None
        child = a
    return None


def _branch_side(test: Node, branch: Node, pole: str | None, variable: bool = False) -> str | None:
    """The side of ``test`` its child ``branch`` is on. A test with no polarity: ``DEVELOPMENT``
    (the old rule's reading) or, for a test of a variable of the environment (``variable``),
    ``PRODUCTION`` in its consequence and None (a fallback) in its alternative."""
    inside = branch == (test.child_by_field_name('consequence') or test.child_by_field_name('consequent'))
    if pole is None:
        if not variable:
            return DEVELOPMENT
        return PRODUCTION if inside else None
    if inside:
        return pole
    return PRODUCTION if pole == DEVELOPMENT else DEVELOPMENT


def _after_early_return(block: Node, statement: Node) -> str | None:
    """``statement`` follows an ``if`` with no ``else`` that returns on a development test (or a
    production one) in the same block."""
    for earlier in block.named_children:
        if earlier.start_byte >= statement.start_byte:
            break
        if earlier.type != 'if_statement' or earlier.child_by_field_name('alternative') is not None:
            continue
        cond = earlier.child_by_field_name('condition')
        body = earlier.child_by_field_name('consequence')
        if cond is None or body is None or not _READS_ENV.search(cond.text or b'') or not _exits(body):
            continue
        pole = polarity(cond)
        if pole is not None:
            return PRODUCTION if pole == DEVELOPMENT else DEVELOPMENT
    return None


def _exits(body: Node) -> bool:
    if body.type in _EXITS:
        return True
    last = body.named_children[-1] if body.type == 'statement_block' and body.named_children else None
    return last is not None and last.type in _EXITS
