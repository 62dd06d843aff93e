"""Where missing-transaction looks: the calls run as operations whose method chain holds a call
named like a write, found from those names (``File.named``) and the file's words, not by a walk."""
from __future__ import annotations

import functools
import re

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import helper_name
from vcx_hook.checks.missing_transaction.writes import layer_helper_name
from vcx_hook.checks.missing_transaction.writes import write_label
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A write's literal holds its verb as a word (`WITH ... INSERT` too), in any case.
_SQL_VERB_WORD = lazyre.compile(rb' (?:insert|update|delete|replace|merge|upsert) ')  # in File.lower_word_text
# What `_SQL_WRITE` reads is a literal's text: a quote, then the verb (or a `WITH` before it).
_SQL_WRITE_LITERAL = lazyre.compile(rb'[\'"`]\s*(?:insert|update|delete|replace|merge|upsert|with)(?![\w$])')


@functools.lru_cache(maxsize=16)
def runner_keys(runners: frozenset[str]) -> tuple[bytes, ...]:
    return tuple(sorted(n.lower().encode() for n in runners))


def sql_write_literal(file: File) -> bool:
    return _SQL_VERB_WORD.search(file.lower_word_text) is not None and _SQL_WRITE_LITERAL.search(file.lower) is not None


def write_call_in(scope: Scope, names: Names) -> bool:
    """Whether a call in the scope is a write ``write_label`` accepts, asked of each word of the
    file that may name one: ``hash.update(x)`` is looked at, and refused.  A SQL runner writes
    only with a literal starting with a write verb, which ``relevant`` looks for first."""
    methods, helpers = write_words(names['write_methods'] | names['record_write_methods'],
                                    names['write_helpers'] | names['data_layer_helpers'])
    file = scope.file
    found = methods & file.words
    found |= helper_words(file, helpers)
    if not found:
        return False
    for word, first, last in s.word_spans(scope.file.source, found, scope.ranges):
        name = word.decode()
        if name not in names['write_methods'] and name not in names['record_write_methods'] \
                and not helper_name(name, names) and not layer_helper_name(name, names):
            continue  # `write_label` asks these of the callee's name first (runners: above)
        node = s.descendant(scope.root, first, last)  # parses on first use
        if node is None or node.type not in ('identifier', 'property_identifier'):
            continue
        call = s.parent_of(node)
        if call is not None and call.type == 'member_expression' and node == call.child_by_field_name('property'):
            call = s.parent_of(call)
        if call is None or call.type != 'call_expression' or not scope.contains(call):
            continue
        if write_label(call, names, file) is not None:
            return True
    return False


@functools.lru_cache(maxsize=16)
def write_words(methods: frozenset[str], helpers: frozenset[str]) -> tuple[frozenset[bytes], re.Pattern[bytes]]:
    """The write methods, and a pattern finding in ``File.lower_word_text`` each word that starts
    with a helper's first words, after underscores (``_saveuser``, ``createorder``)."""
    starts = b'|'.join(re.escape(h.lower().encode()) for h in sorted(helpers, key=len, reverse=True))
    return frozenset(m.encode() for m in methods), re.compile(rb' _*(?:' + starts + rb')[^ ]*')


def helper_words(file: File, helpers: re.Pattern[bytes]) -> frozenset[bytes]:
    """The words of the file (as written: ``CreateOrder``) that ``helpers`` finds in lower case
    (found once a file: every scope's gate asks)."""
    known: dict[re.Pattern[bytes], frozenset[bytes]] = file.memo('missing-transaction:helper-words', lambda f: {})
    found = known.get(helpers)
    if found is None:
        text = file.word_text  # the lower-case text has the same offsets
        found = known[helpers] = frozenset(text[m.start() + 1:m.end()] for m in helpers.finditer(file.lower_word_text))
    return found


# What a call of a method chain may sit in, below the statement: `(await db.x.update()).y()`.
_CHAIN_PARTS = frozenset((
    'member_expression', 'call_expression', 'parenthesized_expression', 'await_expression', 'as_expression',
    'non_null_expression', 'satisfies_expression', 'type_assertion',
))


def executed_calls(scope: Scope, names: Names) -> list[Node]:
    """The calls run as operations (awaited, returned, an arrow's body, or in an array) whose
    method chain holds a call named like a write, in document order.  Found from those names
    (``File.named``) and their chains, not by walking the tree: ``write_of`` then decides."""
    methods, helpers = write_words(names['write_methods'] | names['record_write_methods'],
                                    names['write_helpers'] | names['data_layer_helpers'])
    file = scope.file
    words = (methods | _encoded(names['sql_runners'])) & file.words
    words |= helper_words(file, helpers)
    tops: dict[tuple[int, int], Node] = {}
    for name in scope.named(words):
        link = s.called_by(name)
        node = link
        while node is not None:
            if node.type == 'call_expression' and _executed(node) and scope.contains(node) \
                    and (node.start_byte, node.end_byte) not in tops and link in s.chain_calls(node):
                tops[(node.start_byte, node.end_byte)] = node
            parent = s.parent_of(node)
            node = parent if parent is not None and parent.type in _CHAIN_PARTS else None
    return sorted(tops.values(), key=s.document_order)


def climb_to_executed(call: Node) -> Node | None:
    """The call run as an operation whose method chain holds ``call`` (``call`` itself, or
    ``(await call()).then(...)``'s outer call), or None when it is not run as one."""
    node: Node | None = call
    while node is not None:
        if node.type == 'call_expression' and _executed(node) and call in s.chain_calls(node):
            return node
        parent = s.parent_of(node)
        node = parent if parent is not None and parent.type in _CHAIN_PARTS else None
    return None


def _executed(call: Node) -> bool:
    """Where the query this replaced took calls: ``await c()``, ``return c()``, ``() => c()``, ``[c()]``."""
    parent = s.parent_of(call)
    if parent is None:
        return False
    kind = parent.type
    if kind in ('await_expression', 'return_statement', 'array'):
        return True
    return kind == 'arrow_function' and parent.child_by_field_name('body') == call


@functools.lru_cache(maxsize=16)
def _encoded(words: frozenset[str]) -> frozenset[bytes]:
    return frozenset(w.encode() for w in words)


def gathered(array: Node) -> bool:
    """An array literal passed to ``Promise.all``/``allSettled``: its calls run as operations."""
    args = s.parent_of(array)
    return args is not None and args.type == 'arguments' and s.parent_of(args) is not None and (
        s.callee_name(s.parent_of(args)) in ('all', 'allSettled')
    )



def gathered_callback(fn: Node | None) -> bool:
    """``fn`` is the callback of ``xs.map(fn)`` handed to ``Promise.all``/``allSettled``: its writes run
    in the function around it, one batch per element, like a loop's body (graphql-hive's version
    insert, then ``Promise.all(input.commits.map(async (cid) => pool.query(sql`INSERT ...`)))``)."""
    if fn is None or fn.type not in ('arrow_function', 'function_expression', 'function'):
        return False
    args = s.parent_of(fn)
    mapped = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if mapped is None or mapped.type != 'call_expression' or s.callee_name(mapped) != 'map' \
            or s.arguments(mapped)[:1] != [fn]:
        return False
    outer = s.parent_of(mapped)
    return outer is not None and outer.type == 'arguments' and s.parent_of(outer) is not None and (
        s.callee_name(s.parent_of(outer)) in ('all', 'allSettled'))


def chained_callback(fn: Node | None) -> bool:
    """``fn`` is the success callback of a promise chain's ``.then(fn)``: it runs after the step
    before it settles, so its writes follow that step's in the function that builds the chain
    (``knex('Claim').insert(c).then(() => knex('ClaimChild').insert(children))``, apvs's claim
    copy, a real bug of holdout12). A ``.catch`` or a rejection handler runs only on failure."""
    if fn is None or fn.type not in ('arrow_function', 'function_expression', 'function'):
        return False
    args = s.parent_of(fn)
    chained = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return chained is not None and chained.type == 'call_expression' and s.callee_name(chained) == 'then' \
        and s.arguments(chained)[:1] == [fn] and s.receiver(chained) is not None


def owner_of(call: Node) -> Node | None:
    """The function whose sequence of writes ``call`` belongs to: its own, or the one around the
    ``Promise.all(xs.map(...))`` callbacks or the promise chain's ``.then`` callbacks it is in."""
    owner = s.enclosing_function(call)
    while gathered_callback(owner) or chained_callback(owner):
        assert owner is not None
        owner = s.enclosing_function(owner)
    return owner
