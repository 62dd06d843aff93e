"""No timeout through a project's own fetch wrapper, judged by its definition in the same file
(medium confidence): a top-level function that hands one of its parameters to fetch as the
options (``fetch(url, { ...options, agent })``) and adds no ``signal``/``timeout`` itself, called
in server code with no ``signal``/``timeout`` in that argument (or none at all)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.checks.error_handling.clients import client
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


class Wrapper(NamedTuple):
    function: Node
    options: int  # the index of the parameter it forwards as fetch's options
    fetch: Node  # the fetch call inside it


def findings(scope: Scope, names: Names, facts: Facts) -> Iterator[Finding]:
    file = scope.file
    if b'fetch' not in file.words or not file.fact(_forwards) or not runtime.is_server(file):
        return
    wrappers = _wrappers(scope, names, facts)
    if not wrappers:
        return
    for name in scope.named(frozenset(n.encode() for n in wrappers)):
        wrapper = wrappers[s.text(name)]
        call = s.parent_of(name)
        if name.type != 'identifier' or call is None or call.type != 'call_expression' or s.callee(call) != name:
            continue
        if wrapper.function.start_byte <= call.start_byte < wrapper.function.end_byte:
            continue
        args = s.arguments(call)
        url = s.string_like_text(args[0]) if args else None
        if url is not None and url.startswith('/'):
            continue  # a relative URL: browser code
        if len(args) > wrapper.options:
            keys = http.option_keys(args[wrapper.options])
            if keys is None or not keys.isdisjoint(http.TIME_BOUNDS):
                continue
        yield scope.finding(
            call, ID,
            f'`{short(call)}` has no timeout (`{s.text(name)}` hands its options to `{short(s.callee(wrapper.fetch) or wrapper.fetch, 24)}` '
            'and sets none)',
            QUESTION, evidence=(wrapper.fetch,), confidence=MEDIUM,
        )


# `fetch(url, options)` or `fetch(url, { ...options`: the bytes a wrapper holds, looked for before
# the file is parsed for its functions.
_FORWARDS = lazyre.compile(rb'fetch(?<![\w]fetch)\s*\(\s*[^,()]{1,200},\s*(?:\{\s*\.\.\.\s*)?[\w$]+\s*[,)}]')


def _wrappers(scope: Scope, names: Names, facts: Facts) -> dict[str, Wrapper]:
    """The file's top-level functions that forward a parameter as fetch's options (once per file)."""
    return scope.file.memo('error-handling.own-wrappers', lambda f: dict(
        _find(f.tree.root, names, facts)) if f.fact(_forwards) else {})


def _forwards(file: File) -> bool:
    return _FORWARDS.search(file.source) is not None


def _find(root: Node, names: Names, facts: Facts) -> Iterator[tuple[str, Wrapper]]:
    for stmt in root.named_children:
        if stmt.type == 'export_statement':
            stmt = stmt.child_by_field_name('declaration') or stmt
        candidates: list[tuple[Node | None, Node | None]] = []
        if stmt.type == 'function_declaration':
            candidates.append((stmt.child_by_field_name('name'), stmt))
        elif stmt.type in ('lexical_declaration', 'variable_declaration'):
            candidates.extend((d.child_by_field_name('name'), d.child_by_field_name('value'))
                              for d in stmt.named_children if d.type == 'variable_declarator')
        for name, fn in candidates:
            fn = s.unwrap(fn) if fn is not None else None
            if name is not None and fn is not None and fn.type in s.FUNCTION_TYPES and b'fetch' in fn.text:
                wrapper = _judge(fn, names, facts)
                if wrapper is not None:
                    yield s.text(name), wrapper


def _judge(fn: Node, names: Names, facts: Facts) -> Wrapper | None:
    """``fn`` as a wrapper: the parameter it forwards to a fetch call that adds no time bound."""
    params = s.parameter_names(fn)
    start = fn.start_byte
    text = fn.text
    pos = text.find(b'fetch')
    while pos != -1:
        node = s.descendant(fn, start + pos, start + pos + 5)
        call = s.parent_of(node) if node is not None and node.type == 'identifier' else None
        found = client(call, names, facts) if call is not None and call.type == 'call_expression' else None
        args = s.arguments(call) if found is not None and found.kind == http.FETCH else []
        options = s.unwrap(args[1]) if len(args) > 1 else None
        forwarded = _forwarded(options, params) if options is not None else None
        if forwarded is not None and call is not None:
            return Wrapper(fn, forwarded, call)
        pos = text.find(b'fetch', pos + 5)
    return None


def _forwarded(options: Node, params: list[str]) -> int | None:
    """The index of the parameter ``options`` is or spreads, when it sets no time bound itself."""
    if options.type == 'identifier':
        name = s.text(options)
        return params.index(name) if name in params else None
    if options.type != 'object' or not http.TIME_BOUNDS.isdisjoint(s.object_keys(options)):
        return None
    spread = [s.text(c.named_children[0]) for c in options.named_children if c.type == 'spread_element' and c.named_children]
    own = [p for p in spread if p in params]
    return params.index(own[0]) if len(own) == 1 and len(spread) == 1 else None
