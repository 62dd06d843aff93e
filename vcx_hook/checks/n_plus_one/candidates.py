"""Where n-plus-one looks: the loop bodies and per-element callbacks a scope starts, and the calls
in them whose promise is used (awaited, returned, gathered or pushed).  Found from keywords,
punctuation and method names (``File.named``), not by walking the tree."""
from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable
from collections.abc import Iterable

from vcx_hook.checks.n_plus_one.element_helpers import PER_ELEMENT_WORDS
from vcx_hook.checks.n_plus_one.element_helpers import per_element_helper
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Only a word holding one of PER_ELEMENT_WORDS in any case can have one among its name words.
_ELEMENT_PARTS = tuple(sorted(w.encode() for w in PER_ELEMENT_WORDS))

_USE_KEYWORDS = frozenset((b'await', b'return'))
_USE_TYPES = frozenset(('await', 'return'))
# Punctuation that starts a use: an arrow's body (`x => load(x)`), an array's element (`[load(x)]`).
_USE_TOKENS = ((b'=>', 'arrow_function'), (b'[', 'array'))


def used_calls(file: File, ranges: list[tuple[int, int]]) -> list[Node]:
    """The calls starting in ``ranges`` whose promise is used: awaited, returned, an arrow's body,
    an array's element, or pushed (``xs.push(load(x))``), in document order.  Found from the
    keywords, the punctuation and ``push``, each looked up in the tree."""
    found: dict[tuple[int, int], Node] = {}

    def add(node: Node | None) -> None:
        if node is not None and node.type == 'call_expression' and any(a <= node.start_byte < b for a, b in ranges):
            found.setdefault((node.start_byte, node.end_byte), node)

    for keyword in file.named(_USE_KEYWORDS, ranges, _USE_TYPES):
        parent = s.parent_of(keyword)
        if parent is not None and parent.type in ('await_expression', 'return_statement'):
            for child in parent.named_children:
                for taken in _taken(child) if parent.type == 'return_statement' else (child,):
                    add(taken)
    source = file.source
    lookup = functools.partial(s.descendant, file.tree.root)
    for token, kind in _USE_TOKENS:
        text = token.decode()
        for start, end in ranges:
            pos = source.find(token, start, end)
            while pos != -1:
                node = lookup(pos, pos + len(token))
                parent = s.parent_of(node) if node is not None and node.type == text else None
                if parent is not None and parent.type == kind:
                    if kind == 'arrow_function':
                        body = parent.child_by_field_name('body')
                        add(_cast_off(body))
                        for taken in _taken(body):
                            add(taken)
                    else:
                        for child in parent.named_children:
                            add(child)
                pos = source.find(token, pos + len(token), end)
    for name in file.named(_PUSH, ranges):
        call = s.called_by(name) if name.type == 'property_identifier' else None
        args = call.child_by_field_name('arguments') if call is not None else None
        if args is not None and args.type == 'arguments':
            for child in args.named_children:
                add(child)
    return sorted(found.values(), key=s.document_order)


def _taken(node: Node | None) -> tuple[Node | None, ...]:
    """What a returned value may be: the node, or a branch of a conditional (``ok ? load(id) :
    null``, ``load(id) ?? null``, ``ok && load(id)``), whose promise is returned when taken."""
    if node is None:
        return (None,)
    if node.type == 'ternary_expression':
        return node, node.child_by_field_name('consequence'), node.child_by_field_name('alternative')
    if node.type == 'binary_expression':
        op = s.text(node.child_by_field_name('operator'))
        if op in ('??', '||'):
            return node, node.child_by_field_name('left'), node.child_by_field_name('right')
        if op == '&&':
            return node, node.child_by_field_name('right')
    return (node,)


def _cast_off(body: Node | None) -> Node | None:
    """An arrow's body without a TS cast: ``id => Job.fromId(q, id) as Promise<Job>``."""
    if body is not None and body.type in ('as_expression', 'satisfies_expression') and body.named_children:
        return body.named_children[0]
    return body


_PUSH = frozenset((b'push',))
LOOP_KEYWORDS = frozenset((b'for', b'while', b'do'))
_KEYWORD_TYPES = frozenset(('for', 'while', 'do'))
_EACH_NAMES = frozenset((b'map', b'forEach', b'flatMap', b'reduce', b'reduceRight'))  # xs.map(fn)
_PMAP_NAMES = frozenset((b'pMap', b'pMapSeries', b'pEachSeries', b'map', b'mapSeries', b'each'))  # pMap(xs, fn)
_REF_NAMES = frozenset((b'map', b'flatMap', b'forEach'))  # xs.map(getUser)
CALLBACK_NAMES = _EACH_NAMES | _PMAP_NAMES
_CALLBACK_TYPES = frozenset(('arrow_function', 'function_expression'))


def iterations_in(scope: Scope) -> tuple[list[Node], list[Node]]:
    """The bodies of the loops and per-element callbacks that start in the scope, and the
    functions handed by name to ``map``/``flatMap``/``forEach``: found from their keywords and
    method names (``File.named``), not by walking the tree."""
    bodies: list[Node] = []
    refs: list[Node] = []
    for keyword in scope.file.named(LOOP_KEYWORDS, scope.ranges, _KEYWORD_TYPES):
        loop = s.parent_of(keyword)
        body = loop.child_by_field_name('body') if loop is not None and loop.type in s.LOOP_TYPES else None
        if body is not None:
            bodies.append(body)
    for name in scope.named(CALLBACK_NAMES):
        call = s.called_by(name)
        if call is None:
            continue
        args = s.arguments(call)
        word = name.text
        member = name.type == 'property_identifier'
        if member and word in _EACH_NAMES and args[:1] and args[0].type in _CALLBACK_TYPES:
            bodies.append(args[0])
        if word in _PMAP_NAMES and len(args) > 1 and args[1].type in _CALLBACK_TYPES:
            bodies.append(args[1])
        if member and word in _REF_NAMES and len(args) == 1 and args[0].type == 'identifier' and scope.contains(args[0]):
            refs.append(args[0])
    for name in scope.named(helper_words(scope.file)):
        call = s.called_by(name)
        given = s.arguments(call) if call is not None else []
        fn = next((a for a in given[1:] if a.type in _CALLBACK_TYPES), None)
        if call is not None and fn is not None and per_element_helper(call, fn):
            bodies.append(fn)  # `executeAsynchronously(refs, async (ref) => ...)`
    fn = scope.node
    if fn is not None and fn.type in _CALLBACK_TYPES and scope.contains(fn) and fn not in bodies:
        call = s.calling(fn)  # the touched function is itself a callback: its method is outside it
        name = s.callee(call) if call is not None else None
        name = name.child_by_field_name('property') if name is not None and name.type == 'member_expression' else name
        if name is not None and s.called_by(name) == call:
            args = s.arguments(call)
            word = name.text
            if (name.type == 'property_identifier' and word in _EACH_NAMES and args[:1] == [fn]) or (
                    word in _PMAP_NAMES and args[1:2] == [fn]) or per_element_helper(call, fn):
                bodies.append(fn)
    bodies.sort(key=s.document_order)
    refs.sort(key=s.document_order)
    return bodies, refs


def helper_words(file: File) -> frozenset[bytes]:
    """The words of the file that name a per-element helper (``executeAsynchronously``,
    ``batchProcessPromiseAll``, ``eachLimit``), not the methods ``CALLBACK_NAMES`` already holds."""
    return file.memo('n-plus-one:helper-words', lambda f: frozenset(
        w for w in _holding(f.words - CALLBACK_NAMES, _ELEMENT_PARTS)
        if not PER_ELEMENT_WORDS.isdisjoint(s.name_words(w.decode('utf-8', 'replace')))))


def _holding(words: Iterable[bytes], parts: Iterable[bytes]) -> set[bytes]:
    """The ``words`` (ASCII, no newline) holding one of ``parts`` (lower-case) in any case: one
    search of their lower-cased lines for each part, not a split of each word."""
    text = b'\n'.join(words)
    lower = text.lower()
    found = set()
    for part in parts:
        at = lower.find(part)
        while at != -1:
            end = lower.find(b'\n', at)
            end = len(lower) if end == -1 else end
            found.add(text[lower.rfind(b'\n', 0, at) + 1:end])
            at = lower.find(part, end)
    return found


def outermost(bodies: list[Node]) -> list[tuple[int, int]]:
    """The byte ranges of ``bodies`` (sorted by start) that no other one holds."""
    out: list[tuple[int, int]] = []
    for body in bodies:
        if out and body.start_byte < out[-1][1]:
            if body.end_byte > out[-1][1]:
                out[-1] = (out[-1][0], body.end_byte)
            continue
        out.append((body.start_byte, body.end_byte))
    return out


def inside_any(bodies: list[Node]) -> Callable[[int], bool] | None:
    """A test for "this byte is inside one of ``bodies``" (``None`` when there are none)."""
    if not bodies:
        return None
    spans = sorted((b.start_byte, b.end_byte) for b in bodies)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def test(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos
    return test

