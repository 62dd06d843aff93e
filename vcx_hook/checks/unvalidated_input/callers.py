"""Values a function's caller passes, interpolated into text for an interpreter (SQL, a shell
command, an LDAP filter): the caller may hand on a login name, a CLI argument or a request's
field, and quoting by hand (``'${x}'``, ``"${escape(x)}"``, ``x.replace(...)``) does not make
it safe. Asked at medium or low confidence (below); a callback's parameters (``rows.map((r) => ...)``) and
request handlers' (the request sources' rule) are not.

An LDAP filter's value is asked whoever passes it (it is a login name). SQL and shell text are
listed only where a call of the function in the same file passes request data for it
(``call_sites``, one hop), and low confidence elsewhere: most helpers that build SQL take ids and
flags from the server's own data, and a value is not request input unless a caller passes request
input (bench/judged: 0 of 10 such SQL and shell questions worth asking, ids read from the database,
typed flags, a CLI's own arguments). A record's id is not asked there (`balId`, `titreEtape.id`:
the key of a record the caller loaded or a route checked; 0 of 6 judged worth asking on held-out
code). The value a question names is a parameter itself (`email`) before a field of one
(`config.mailAttribute`, a setting of an options object)."""
from __future__ import annotations

from collections.abc import Callable

from vcx_hook.checks.unvalidated_input import command
from vcx_hook.checks.unvalidated_input import ldap
from vcx_hook.checks.unvalidated_input import sql
from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import services
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Calls whose text a caller's value may reach (besides the configured SQL runners).
COMMANDS = services.SHELL_STRING_CALLS
LDAP_SEARCH = 'search'
_COMMANDS = frozenset(c.encode() for c in COMMANDS)
_INTERPOLATION = (b'${', b"' +", b'" +', b'+ \'', b'+ "')
_ESCAPING = lazyre.compile(r'[eE]scape|[qQ]uote')
# A number, a boolean, a date, or a union of string literals (`'asc' | 'desc'`): the type is the check.
_NARROW_TYPES = lazyre.compile(r'''^(?:(?:number|bigint|boolean|Date)\b|(?:['"][^'"]*['"]\s*\|?\s*)+$)''')


def names_of(sql_methods: frozenset[str]) -> frozenset[str]:
    """The callee names of the sinks this rule asks about."""
    return sql_methods | COMMANDS | {LDAP_SEARCH}


def possible(file: File, sql_methods: frozenset[str]) -> bool:
    """Text built by interpolation or concatenation in the file, and a call this rule asks about
    whose sink has a message for a caller's value: a SQL runner called as a method (``sql``),
    ``exec`` where a shell module is named (``command``), ``search`` where an LDAP client is
    imported (``ldap``)."""
    return file.memo('unvalidated-input:callers', lambda f: (
        sql.called(f, sql_methods) or (not f.words.isdisjoint(_COMMANDS) and command.shell_named(f))
        or (LDAP_SEARCH.encode() in f.words and ldap.imported(f))) and any(m in f.source for m in _INTERPOLATION))


def follow(fl: Flow, through: Callable[[Node], list[Node]]) -> Callable[[Node], list[Node]]:
    """``through``, and escaping by hand: ``x.replace(...)``, and a same-file ``escape(x)``."""
    def parts(call: Node) -> list[Node]:
        carried = through(call)
        if carried or call.type != 'call_expression':
            return carried
        name = s.callee_name(call)
        recv = s.receiver(call)
        if recv is not None:
            return [recv] if name in ('replace', 'replaceAll') else []
        fn = call.child_by_field_name('function')
        if fn is not None and fn.type == 'identifier' and _ESCAPING.search(name) and any(
                b.value is not None and s.unwrap(b.value).type in s.FUNCTION_TYPES for b in fl.bindings_of(fn)):
            return s.arguments(call)
        return []
    return parts


_ARITHMETIC = frozenset(('-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>'))


def call_sites(file: File, origin: Origin) -> list[tuple[Node, Node, tuple[str, ...]]]:
    """``(call, argument, path)`` for each call in ``file`` of the function whose parameter
    ``origin`` reads: the argument given for that parameter and the path read from it
    (``deleteMessages(req.body)`` for ``req.limit``: ``req.body`` and ``('limit',)``)."""
    b = origin.binding
    if b is None:
        return []
    fn = b.owner
    index = _parameter_index(fn, b.node)
    name = _called_name(fn)
    if index is None or name is None:
        return []
    out = []
    for ident in file.named(frozenset((name.encode(),)), ((0, len(file.source)),)):
        call = s.called_by(ident)
        args = s.arguments(call) if call is not None else []
        if call is not None and index < len(args) and args[index].type != 'spread_element':
            out.append((call, args[index], b.path + origin.path))
    return out


_NAME = lazyre.compile(r'^[A-Za-z_$][\w$]*$')


def _called_name(fn: Node) -> str | None:
    """The name calls use for ``fn``: ``function f``, ``const f = () =>``, a method, ``{ f() {} }``."""
    name = s.function_name(fn)
    last = name.rsplit('.', 1)[-1] if name else ''
    return last if _NAME.match(last) else None


def _parameter_index(fn: Node, ident: Node) -> int | None:
    if fn.child_by_field_name('parameter') is not None:  # `x => ...`
        return 0
    params = fn.child_by_field_name('parameters')
    for i, param in enumerate(params.named_children if params is not None else ()):
        if param.start_byte <= ident.start_byte and ident.end_byte <= param.end_byte:
            return i
    return None


_ID_WORDS = frozenset(('id', 'ids'))


def record_id(name: str) -> bool:
    """``balId``, ``titreEtape.id``, ``currentChallenge.challengeId``: a record's id, which a
    caller hands on after it loaded the record (a middleware's ``findOneOrFail``, a job's read)
    or a route checked it; the store made it, a number, a uuid or an ObjectId (bench/judged: 0 of
    6 such SQL questions worth asking, mes-adresses-api, camino, civitai)."""
    words = s.name_words(name.rsplit('.', 1)[-1])
    return bool(words) and words[-1] in _ID_WORDS


def numeric(node: Node) -> bool:
    """Arithmetic makes a number (``Date.now() - days * DAY``): nothing to inject."""
    if node.type == 'binary_expression':
        return s.text(node.child_by_field_name('operator')) in _ARITHMETIC
    if node.type == 'unary_expression':
        return s.text(node.child_by_field_name('operator')) in ('-', '+', '~')
    return False


def source(o: Origin) -> requests.Source | None:
    """A parameter of a function its callers call by name (not a callback, not a route's
    handler), unless its type says it is a number, a boolean or a date."""
    b = o.binding
    if b is None or b.kind != 'parameter':
        return None
    fn = b.owner
    parent = s.parent_of(fn)
    if parent is not None and parent.type == 'arguments' or s.route_of(fn) is not None:
        return None
    ann = b.statement.child_by_field_name('type') if b.statement.type != 'identifier' else None
    if ann is not None and _NARROW_TYPES.match(s.text(ann).lstrip(':').strip()):
        return None
    return requests.Source(requests.display(o), (o.node.start_byte, o.path), False)
