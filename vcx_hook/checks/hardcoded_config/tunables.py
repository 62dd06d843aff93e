"""A tuning knob fixed in a module constant: a top-level ``const`` whose name says it is a
concurrency, a batch size or an age data is kept to (``MAX_UNFLUSHED_AGE = 300 * 1000``,
``CONCURRENCY = 15``, ``RETENTION_DAYS = 30``), or such a key of a top-level constant object
(``export const Jobs = { EXPORT_BATCH_SIZE: 500 }``), holding
a number written in code, in a module that reads its other settings from configuration
(``process.env``, or an import of a ``config``/``settings`` module): the project has a place for
values a deployment tunes, and this knob, named as one, bypasses it. Server code only: a UI's
debounce or animation length is the design's.

Not asked of a credential's lifetime (``COOKIE_MAX_AGE``, ``REFRESH_TOKEN_MAX_AGE``): how long a
session or a token lives is the product's security policy, the same in every deployment (0 of 4
judged worth asking on held-out code).

Low confidence (not listed unless ``show = "low"``): 4 of 11 judged worth asking on tuning
repositories; a named constant is one step closer to configuration, not proof that any deployment
needs another value."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# An UPPER_SNAKE name (cheap byte test for the gate): `const MAX_X =` or `  MAX_X: ` in an object.
_CANDIDATE = lazyre.compile(rb'(?:\bconst\s+|^\s+)[A-Z][A-Z0-9]*_[A-Z0-9_]+\s*[:=]', re.M)
# Words that make a name a knob of throughput or retention (how many at once, how old data gets):
# what operators of a large or a small deployment turn (judged 4 of 11 on tuning repositories).
# Token and cache TTLs, poll intervals, delays and retry counts are the code's design (1 of 34),
# `MAX_`/`LIMIT` names mostly the product's rules, request timeouts error-handling's protection.
_KNOBS = frozenset(('AGE', 'CONCURRENCY', 'PARALLEL', 'BATCH', 'WORKERS', 'RETENTION'))
CREDENTIALS = frozenset(('TOKEN', 'TOKENS', 'COOKIE', 'SESSION', 'JWT', 'MFA', 'OTP', 'REFRESH', 'NONCE', 'CSRF', 'PASSWORD', 'LOGIN', 'AUTH'))
# Conversions, sizes of a format and input validation: the same in every deployment.
_NOT_KNOBS = frozenset((
    'PER', 'IN', 'ONE', 'LENGTH', 'LEN', 'CHARS', 'CHARACTERS', 'DIGITS', 'WIDTH', 'HEIGHT',
    'ZOOM', 'SCALE', 'OPACITY', 'VERSION', 'PORT', 'LEVEL', 'DEPTH',
    # How long a credential lives (`COOKIE_MAX_AGE`, `REFRESH_TOKEN_MAX_AGE`): the product's security
    # policy, the same in every deployment (bench/judged: 0 of 4, nosgestesclimat-server, domifa, nango).
    *CREDENTIALS,
))
# A word of the file with a knob word as one of its parts (`File.word_text`: words between spaces),
# looked for before `_CANDIDATE`, which scans the source for any UPPER_SNAKE name.
_KNOB_PART = lazyre.compile(rb'[ _](?:' + b'|'.join(sorted(k.encode() for k in _KNOBS)) + rb')[ _]')
_NAME = lazyre.compile(r'^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$')
# `process.env`, or an import/require of a module named config, settings or env ('@overleaf/settings').
_READS_CONFIG = lazyre.compile(
    rb'\bprocess\.env\b|(?:\bfrom|\brequire\()\s*[\'"](?:[^\'"]*/)?(?:config|configs|settings|env|environment)'
    rb'(?:\.[cm]?[jt]s)?[\'"]')


def possible(scope: Scope) -> bool:
    return scope.file.fact(_names_knob) and _CANDIDATE.search(scope.text) is not None


def _names_knob(file: s.File) -> bool:
    return _KNOB_PART.search(file.word_text) is not None


def constants(scope: Scope) -> Iterator[Item]:
    """Each tunable constant (or constant object's key) in the scope's ranges, grouped by module."""
    if s.is_ui_file(scope.file) or not possible(scope) or not scope.file.fact(_reads_config):
        return
    for item in scope.file.fact(_knobs):
        if any(a <= item.node.start_byte < b for a, b in scope.ranges):
            yield item


def _knobs(file: s.File) -> tuple[Item, ...]:
    """The file's knobs, found once: its top-level statements are walked, not its tree."""
    root = file.tree.root
    found: list[Item] = []
    for statement in root.children:
        declaration = statement
        if declaration.type == 'export_statement':
            declaration = declaration.child_by_field_name('declaration') or declaration
        if declaration.type != 'lexical_declaration' or not s.text(declaration).startswith('const'):
            continue
        for declarator in declaration.children:
            if declarator.type == 'variable_declarator':
                found.extend(_declared(root, declarator))
    return tuple(found)


def _declared(root: Node, declarator: Node) -> Iterator[Item]:
    name = declarator.child_by_field_name('name')
    value = declarator.child_by_field_name('value')
    if name is None or value is None or name.type != 'identifier':
        return
    value = s.unwrap(value)
    if value.type == 'object':
        for pair in value.children:
            key = pair.child_by_field_name('key') if pair.type == 'pair' else None
            if key is not None and key.type == 'property_identifier':
                item = _item(root, pair, s.text(key), pair.child_by_field_name('value'))
                if item is not None:
                    yield item
        return
    item = _item(root, declarator, s.text(name), value)
    if item is not None:
        yield item


def _item(root: Node, node: Node, name: str, value: Node | None) -> Item | None:
    if value is None or not knob(name):
        return None
    amount = number(value)
    if amount is None or amount <= 1:
        return None
    return Item(node, f'`{name} = {s.normalized(value, 40)}`', root, 'knob')


def _reads_config(file: s.File) -> bool:
    return _READS_CONFIG.search(file.source) is not None


def reads_config(file: s.File) -> bool:
    """The module reads settings from ``process.env`` or an imported ``config``/``settings`` module."""
    return file.fact(_reads_config)


def knob(name: str) -> bool:
    """An UPPER_SNAKE name with a knob word and no word of a conversion or a format."""
    if not _NAME.match(name):
        return False
    words = set(name.split('_'))
    return not words.isdisjoint(_KNOBS) and words.isdisjoint(_NOT_KNOBS)
