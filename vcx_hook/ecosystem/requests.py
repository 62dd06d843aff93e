"""Where request data comes from: the values a client controls, in every framework.

Server side: ``req.body/query/params/headers/cookies/files`` (Express, Fastify ``request.*``,
Next.js pages), Koa ``ctx.request.body``/``ctx.query``/``ctx.params``, ``await request.json()``,
``formData()``, ``text()``, ``searchParams.get()`` (Next.js route handlers), Hono ``c.req.*``, the
readers a framework's ``routes`` module gives (h3's ``readBody(event)``, ``getQuery(event)``),
Lambda ``event.body/queryStringParameters/pathParameters``, a route handler's destructured
``({ body }, res)``, NestJS ``@Query()/@Body()/@Param()/@Headers()`` parameters that no DTO
or pipe checks, and a Sails action's ``inputs`` that their definitions leave free.  Browser side:
``location.*``, ``document.URL``, ``useSearchParams()``, Next.js's ``router.query``, a message's ``data``.

``source(fl, origin, through, names)`` says whether a value's origin (``lang.flow``) is one of
them, and what it is (``Source``); ``in_reach(file, node, names)`` and ``possible(file, names)``
are the cheap byte tests before building a flow; ``request_words(file)`` the cheapest.  A family
that asks "is this value client-controlled?" asks here; the names a project extends come in as
``Names`` (the configuration's ``request_objects``, ``context_objects``, ``request_fields``).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from vcx_hook.ecosystem import client_router
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import uploads
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Response objects: what `send`/`sendFile`/`redirect` are called on (`res.send(html)`).
RESPONSES = frozenset(('res', 'response', 'reply', 'resp'))
# Calls (by name) of validation libraries that check what they receive: zod, joi/yup,
# express-validator, class-transformer, superstruct, tiny-invariant, validator.js.
VALIDATORS = frozenset((
    'validate', 'validateSync', 'validateAsync', 'safeParse', 'safeParseAsync', 'parseAsync',
    'matchedData', 'validationResult', 'plainToInstance', 'plainToClass', 'attempt', 'assert',
    'invariant', 'sanitize', 'escape', 'isValid',
))
# Parameter names whose .body/.query/.params/.headers/.cookies are request data.
REQUEST_OBJECTS = frozenset(('req', 'request', '_req'))
CONTEXT_OBJECTS = frozenset(('ctx', 'context'))
REQUEST_FIELDS = frozenset(('body', 'query', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file'))
LOCATION_PARTS = frozenset(('search', 'hash', 'href', 'pathname'))
LAMBDA_FIELDS = frozenset(('body', 'queryStringParameters', 'pathParameters', 'headers',
                           'multiValueQueryStringParameters'))
NEST_SOURCES = frozenset(('Body', 'Query', 'Param', 'Headers'))
# Set by the browser: a victim's request cannot carry an attacker's value.
BROWSER_SET = frozenset(('headers', 'cookies', 'signedCookies'))
# Methods of a request object that read what the client sent (`request.json()`, `c.req.query('q')`).
BODY_METHODS = frozenset(('json', 'formData', 'text', 'arrayBuffer', 'blob', 'parseBody'))
READ_METHODS = frozenset(('param', 'header', 'query', 'get', 'cookie'))
_UNTYPED = frozenset(('', 'string', 'any', 'string[]', 'Record<string, any>', 'Record<string, string>'))
_REQUEST_TYPES = lazyre.compile(rf'^(Request|FastifyRequest|NextApiRequest|NextRequest|{packages.EXPRESS}\.Request)\b')


class Names(NamedTuple):
    """The names a project can extend: request and context parameters, and their data fields; and
    the fields of an uploaded file its parser chose (``uploads.server_fields``)."""
    objects: frozenset[str]
    contexts: frozenset[str]
    fields: frozenset[str]
    uploads: frozenset[str] = uploads.SERVER_FIELDS


DEFAULT_NAMES = Names(REQUEST_OBJECTS, CONTEXT_OBJECTS, REQUEST_FIELDS)


class Source(NamedTuple):
    name: str  # how a message shows it: `req.body.to`
    key: tuple[int, tuple[str, ...]]  # (leaf start byte, path) for matching against checks of the value
    objects: bool  # may be an object (JSON body, qs query) rather than a string
    header: bool = False  # set by the browser: a victim's request cannot carry an attacker's value


# --- is this origin request data? --------------------------------------------------------------

def source(file: File, fl: Flow, o: Origin, through: Callable[[Node], list[Node]], names: Names,
           depth: int = 0) -> Source | None:
    """The request data ``o`` is (``lang.flow`` origins of a value in ``file``), or None; ``through``
    gives the parts of a call that carry on into its result, as the asking family counts them."""
    key = (o.node.start_byte, o.path)
    b = o.binding
    if b is not None:
        return _parameter_source(file, o, key, names)
    node = s.unwrap(o.node)
    if node.type == 'identifier':
        root = s.text(node)
        path = o.path
        if root in ('window', 'document', 'self') and path[:1] == ('location',):
            path = path[1:]
        elif root == 'document' and path[:1] in (('URL',), ('documentURI',)):
            return Source(display(o), key, False)
        elif root != 'location':
            return None
        if path[:1] and path[0] in LOCATION_PARTS:
            return Source(display(o), key, False)
        return None
    if node.type == 'call_expression' and depth < 3:
        return _call_source(file, fl, node, o, key, through, names, depth)
    return None


# What a URL object built from the page's own URL (``new URL(location.href)``) gives back without
# naming another address: its whole text or a part of it (``url.href`` after ``url.searchParams.set``).
_OWN_URL_PARTS = frozenset({'href', 'origin', 'pathname', 'search', 'hash', 'host', 'hostname', 'protocol', 'port'})


def current_page(o: Origin) -> bool:
    """``o`` is the page's own whole URL (``location.href``, ``window.location.href``,
    ``document.URL``), its first piece (``location.href.split('?')[0]``), or a part of a URL
    object built from it (``new URL(location.href).href``):
    a navigation to it stays on the page's origin."""
    node = s.unwrap(o.node)
    if o.binding is not None or node.type != 'identifier':
        return False
    root, path = s.text(node), o.path
    if root in ('window', 'document', 'self') and path[:1] == ('location',):
        root, path = 'location', path[1:]
    own = (root == 'location' and path[:1] == ('href',)) or (root == 'document' and path[:1] in (('URL',), ('documentURI',)))
    # `location.href.split('?')[0]`: the first piece of the URL is its start, the page's own origin
    return own and (_OWN_URL_PARTS.issuperset(path[1:]) or path[1:] == ('0',))


def own_origin(node: Node) -> bool:
    """``node`` is the page's own origin (``location.origin``, ``window.location.origin``): a URL
    that starts with it stays on the page's site whatever follows."""
    node = s.unwrap(node)
    if node.type != 'member_expression':
        return False
    parts = s.text(node).split('.')
    if parts[:1] in (['window'], ['self'], ['document']):
        parts = parts[1:]
    return parts == ['location', 'origin']


def _parameter_source(file: File, o: Origin, key: tuple[int, tuple[str, ...]], names: Names) -> Source | None:
    b = o.binding
    assert b is not None
    full = b.path + o.path
    root = b.name if not b.path else ''
    fields = names.fields
    fn = b.owner
    upload = full[1:] if full[:1] in (('request',), ('req',)) else full  # Koa's `ctx.request.file`
    if upload[:1] in (('file',), ('files',)) and upload[-1] in names.uploads:
        return None  # multer's `req.file.path`: where the server stored the upload
    if root in names.objects and full[:1] and full[0] in fields:
        return Source(display(o), key, full[0] in ('body', 'query'), full[0] in BROWSER_SET)
    if root in names.contexts:
        inner = full[1:] if full[:1] in (('request',), ('req',)) else full
        if inner[:1] and inner[0] in fields and (inner is not full or inner[0] in ('query', 'params', 'headers')):
            return Source(display(o), key, inner[0] in ('body', 'query'), inner[0] in BROWSER_SET)
    if root in ('event', 'evt') and full[:1] and full[0] in LAMBDA_FIELDS:
        return Source(display(o), key, full[0] == 'body', full[0] == 'headers')
    if full[:1] == ('data',) and is_message_listener(fn):
        return Source(display(o), key, True)
    if b.path and full[0] in fields and (s.route_of(fn) is not None or _REQUEST_TYPES.match(
            s.text(b.statement.child_by_field_name('type')).lstrip(':').strip())):
        return Source(display(o), key, full[0] in ('body', 'query'), full[0] in BROWSER_SET)
    if not b.path and nest_source(b.statement):
        return Source(display(o), key, False)
    if not b.path and full[:1] and b'inputs' in file.words:
        return _sails_input(file, o, key, full[0])
    return None


# A Sails input whose definition says this checks its value (`type: 'number'` is coerced and checked).
_SAILS_CHECKS = frozenset(('regex', 'isIn', 'custom', 'isEmail', 'isURL', 'isUUID', 'isInteger', 'max', 'min'))
_SAILS_FREE = frozenset(('string', 'json', 'ref'))


def _sails_input(file: File, o: Origin, key: tuple[int, tuple[str, ...]], name: str) -> Source | None:
    """``inputs.filename`` in a Sails action's ``fn(inputs, exits)``: Sails checks only what the
    input's definition declares (its type, a ``regex``, ``isIn``, ``custom``...)."""
    b = o.binding
    assert b is not None
    inputs = sails_actions(file).get(b.owner.start_byte)
    params = b.owner.child_by_field_name('parameters')
    if inputs is None or params is None or not params.named_children or params.named_children[0] != b.statement:
        return None
    definition = s.object_keys(inputs).get(name)
    if definition is None or s.unwrap(definition).type != 'object':
        return None
    keys = s.object_keys(s.unwrap(definition))
    kind = s.string_value(keys['type']) if 'type' in keys else None
    if kind not in _SAILS_FREE or keys.keys() & _SAILS_CHECKS:
        return None
    return Source(display(o), key, kind != 'string')


def _call_source(file: File, fl: Flow, call: Node, o: Origin, key: tuple[int, tuple[str, ...]],
                 through: Callable[[Node], list[Node]], names: Names, depth: int) -> Source | None:
    name = s.callee_name(call)
    recv = s.receiver(call)
    if recv is None and (name == 'useSearchParams' or client_router.query_of(file, call, o.path)):
        return Source(display(o), key, name != 'useSearchParams')  # `router.query`: a key repeated is an array
    if recv is None:
        objects = routes.request_reader(file, call)  # `readBody(event)`, bound to h3
        return Source(display(o), key, objects) if objects is not None else None
    recv_origins = fl.origins(recv, through)
    if name in BODY_METHODS or name in READ_METHODS or name == 'getAll':
        for ro in recv_origins:
            rb = ro.binding
            if rb is not None and (not rb.path or (rb.path == (rb.name,) and not ro.path)):  # or `({ request })`
                full = ro.path
                req_like = rb.name in names.objects or full[-1:] in (('req',), ('request',))
                if req_like and name in BODY_METHODS:
                    return Source(display(o), key, name in ('json', 'parseBody'))
                if req_like and name in READ_METHODS and 'headers' not in full:
                    return Source(display(o), key, False, name in ('header', 'get', 'cookie'))
                if name in ('get', 'getAll') and 'searchParams' in full and (
                        rb.name in names.objects or 'url' in full or 'nextUrl' in full):
                    return Source(display(o), key, False)
            inner = source(file, fl, ro, through, names, depth + 1) if name in ('get', 'getAll') else None
            if inner is not None:
                return Source(display(o), key, False, inner.header)
    return None


def is_message_listener(fn: Node) -> bool:
    """``addEventListener('message', fn)`` or ``x.onmessage = fn``: its event's ``data`` came
    from another window or a socket."""
    parent = s.parent_of(fn)
    if parent is not None and parent.type == 'arguments':
        call = s.parent_of(parent)
        first = s.arguments(call)[:1] if call is not None else []
        return s.callee_name(call) == 'addEventListener' and bool(first) and s.string_value(first[0]) == 'message'
    if parent is not None and parent.type == 'assignment_expression':
        return s.dotted(parent.child_by_field_name('left') or parent).endswith('onmessage')
    return False


def nest_source(param: Node) -> bool:
    """``@Query('q') q: string``: a NestJS parameter that no DTO (and so no ValidationPipe) checks."""
    decorators = [c for c in param.children if c.type == 'decorator']
    if not decorators:
        return False
    call = decorators[0].named_children[0] if decorators[0].named_children else None
    if call is None or call.type != 'call_expression' or s.callee_name(call) not in NEST_SOURCES:
        return False
    if call.child_by_field_name('arguments') is not None and len(s.arguments(call)) > 1:
        return False  # a pipe (ParseIntPipe...) validates it
    ann = param.child_by_field_name('type')
    return s.text(ann).lstrip(':').strip() in _UNTYPED


def sails_actions(file: File) -> dict[int, Node]:
    """Sails actions (``module.exports = { inputs: {...}, fn(inputs, exits) {...} }`` in a
    ``controllers/`` file): the ``inputs`` definitions by the start byte of each ``fn``."""
    return file.fact(_sails_actions)


_SAILS_CONTROLLER = lazyre.compile(r'(?:^|/)controllers/')


def _sails_actions(file: File) -> dict[int, Node]:
    if b'inputs' not in file.words or b'fn' not in file.words or not _SAILS_CONTROLLER.search(file.path.replace('\\', '/')):
        return {}
    out = {}
    for stmt in file.tree.root.named_children:
        expr = stmt.named_children[0] if stmt.type == 'expression_statement' and stmt.named_children else None
        if expr is None or expr.type != 'assignment_expression' or s.dotted(expr.child_by_field_name('left') or expr) != 'module.exports':
            continue
        obj = s.unwrap(expr.child_by_field_name('right') or expr)
        if obj.type != 'object':
            continue
        keys = s.object_keys(obj)
        inputs, fn = keys.get('inputs'), keys.get('fn')
        if inputs is not None and fn is not None and s.unwrap(inputs).type == 'object':
            fn = s.unwrap(fn)
            if fn.type in s.FUNCTION_TYPES or fn.type == 'method_definition':
                out[fn.start_byte] = s.unwrap(inputs)
    return out


# --- validated before the handler runs ------------------------------------------------------

# Route middleware that validates (validation libraries' and projects' own names).
_MIDDLEWARE = lazyre.compile(
    r'valid|schema|celebrate|sanitiz|zValidator|' + '|'.join(rf'{n}\b' for n in sorted(packages.VALIDATION_LIBRARIES)),
    re.IGNORECASE)
# express-validator's chains: `body('to').isEmail()`, `checkSchema({...})`.
_EXPRESS_VALIDATOR = frozenset(('body', 'query', 'param', 'check', 'header', 'cookie', 'checkSchema'))


def validated_by_route(fn: Node) -> bool:
    """The request data ``fn`` handles is validated before it runs: a schema in its route's options
    (Fastify), validation middleware before it (``validate(schema)``, ``celebrate(...)``, zod or joi
    middleware, express-validator chains)."""
    options = routes.handler_options(fn)
    if options is not None:
        return 'schema' in s.object_keys(options)
    for arg in routes.arguments_before(fn):
        if arg.type == 'object' and ('schema' in s.object_keys(arg) or 'validate' in s.object_keys(arg)):
            return True
        if arg.type in ('identifier', 'member_expression', 'call_expression', 'array') and (
                _MIDDLEWARE.search(s.text(arg)) or _express_validator(arg)):
            return True
    return False


def _express_validator(arg: Node) -> bool:
    nodes = arg.named_children if arg.type == 'array' else [arg]
    for n in nodes:
        if n.type == 'call_expression':
            root = s.callee_path(n).split('(')[0].split('.')[0]
            if root in _EXPRESS_VALIDATOR:
                return True
    return False


def display(o: Origin) -> str:
    """``req.body.to``; long call chains keep their end: ``….get('next')``."""
    name = o.name
    if len(name) <= 48:
        return name
    node = s.unwrap(o.node)
    if node.type == 'call_expression':
        args = s.normalized(node.child_by_field_name('arguments'), 24)
        call = f'{s.callee_name(node)}{args}'
        return '.'.join(('…', call, *o.path)).replace('….', '…')
    return '…' + name[-47:]


# --- cheap tests before a flow: the words every source needs ---------------------------------

def request_words(file: File) -> bool:
    """Any word a source needs, anywhere in the file: ``REQUEST_WORDS.search(file.source)``,
    mostly without the regex."""
    return file.fact(_request_words)


# The pattern `request_words` answers (every source needs one of these words in its function).
REQUEST_WORDS = lazyre.compile(
    rb'\b(?:req|request|ctx|context|_req|event|evt|location|URL|searchParams|useSearchParams|URLSearchParams|useRouter'
    rb'|formData|message|onmessage|Query|Body|Param|Headers|inputs|'
    + b'|'.join(n.encode() for n in sorted(routes.REQUEST_READERS)) + rb')\b|\(\s*\{')
_REQUEST_WORD_SET = frozenset((
    b'req', b'request', b'ctx', b'context', b'_req', b'event', b'evt', b'location', b'URL', b'searchParams', b'useSearchParams',
    b'URLSearchParams', b'useRouter', b'formData', b'message', b'onmessage', b'Query', b'Body', b'Param', b'Headers', b'inputs',
    *(n.encode() for n in routes.REQUEST_READERS)))
_SPACED_DESTRUCTURING = lazyre.compile(rb'\(\s+\{')


def _request_words(file: File) -> bool:
    words = file.words
    if not words.isdisjoint(_REQUEST_WORD_SET) or b'({' in file.source:
        return True
    # `\b` parts `$req` at the `$`, which `File.words` keeps inside a word.
    if b'$' in file.source and any(part in _REQUEST_WORD_SET for w in words if b'$' in w for part in w.split(b'$')):
        return True
    return _SPACED_DESTRUCTURING.search(file.source) is not None


def in_reach(file: File, node: Node, names: Names) -> bool:
    """Whether a source ``source`` takes may be in the outermost function around ``node``: none
    can reach a value from elsewhere, so without one no flow need be built."""
    root = flow.root_of(node, file.tree.root)
    return file.memo(f'requests:reach:{root.start_byte}:{root.end_byte}',
                     lambda f: in_function(f, root, names))


def in_function(file: File, root: Node, names: Names) -> bool:
    """The words each kind of source needs, looked for in ``root``; what makes a function a route
    handler or a message listener may be outside it, in ``file``."""
    reach = reach_words(names.objects, names.contexts, names.fields)
    whole = root.start_byte == 0 and root.end_byte == len(file.source)  # top-level code: the file's words
    text = file.source if whole else root.text
    return _words_of_a_source(
        file, file.words if whole else s.words_of(text), text, lambda fields: _destructured_parameter(file, root, fields),
        reach)


def possible(file: File, names: Names) -> bool:
    """``in_function`` of the whole file, a parameter's pattern taken on its words alone: no
    function's can hold if this does not (a function's words and text are the file's)."""
    reach = reach_words(names.objects, names.contexts, names.fields)
    return _words_of_a_source(file, file.words, file.source, lambda fields: True, reach)


class ReachWords(NamedTuple):
    objects: frozenset[bytes]  # request and context objects: `req.body`, `ctx.query`, `c.req.json()`
    reads: frozenset[bytes]  # what is read of them: fields, and request methods (`json`, `get`...)
    fields: frozenset[bytes]  # the request fields alone (`({ body }, res) => ...` in a route)
    read: re.Pattern[bytes]  # after an object's name: a read (`.body`, `?.get`, `['x']`, `).x`, ` as X`)


_REQUEST_METHODS = frozenset(m.encode() for m in BODY_METHODS | READ_METHODS | {'getAll'})


@functools.lru_cache(maxsize=8)
def reach_words(requests: frozenset[str], contexts: frozenset[str], request_fields: frozenset[str]) -> ReachWords:
    fields = frozenset(n.encode() for n in request_fields)
    objects = frozenset(n.encode() for n in requests | contexts)
    objects |= {b'req', b'request'}
    reads = fields | _REQUEST_METHODS
    read = re.compile(
        rb'\s*(?:!\s*)?(?:(?:\?\.|\.)\s*(?:' + b'|'.join(re.escape(r) for r in sorted(reads, key=len, reverse=True))
        + rb')(?![\w$])|(?:\?\.\s*)?\[|\)\s*(?:!\s*)?\??\.|\s+as(?![\w$]))'
    )
    return ReachWords(objects, reads, fields, read)


def _object_used(text: bytes, present: frozenset[bytes], reach: ReachWords) -> bool:
    """Whether one of the ``present`` request or context objects is read in ``text`` (``req.body``,
    ``req?.get(``, ``req!.query``, ``req['x']``, ``(req as X).body``) or handed on whole."""
    size = len(text)
    for name in present:
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            if (pos == 0 or text[pos - 1] not in s.WORD_BYTES) and (end >= size or text[end] not in s.WORD_BYTES) and (
                    reach.read.match(text, end) or _handed_on(text[max(0, pos - 80):pos])):
                return True
            pos = text.find(name, end)
    return False


# Before an object's name: it is handed on whole to a name the flow follows (`const r = req`,
# `const { body } = req`, `r = req`, `{ ...req }`), not stored on an object (`this.req = req`).
def _handed_on(before: bytes) -> bool:
    """``before`` ends in ``x = `` (a name not after a dot, or a pattern's ``}``) or ``...``: read
    from the end, where a regex ending in ``\\Z`` tries every byte."""
    text = before.rstrip()
    if not text.endswith(b'='):
        return text.endswith(b'...')
    text = text[:-1].rstrip()
    head = text.rstrip(_WORD_CHARS)
    return text.endswith(b'}') or (len(head) < len(text) and not head.endswith(b'.'))


_WORD_CHARS = bytes(sorted(s.WORD_BYTES))
_LAMBDA_WORDS = frozenset(w.encode() for w in LAMBDA_FIELDS)
_EVENT_WORDS = frozenset((b'event', b'evt'))
_NEST_WORDS = frozenset(w.encode() for w in NEST_SOURCES)
_LOCATION_WORDS = frozenset(w.encode() for w in LOCATION_PARTS)
_REQUEST_TYPE_WORDS = frozenset((b'Request', b'FastifyRequest', b'NextApiRequest', b'NextRequest'))
_ROUTE_WORDS = frozenset(w.encode() for w in s.ROUTE_METHODS)


def _words_of_a_source(
        file: File,
        words: frozenset[bytes],
        text: bytes,
        destructured: Callable[[frozenset[bytes]], bool],
        reach: ReachWords,
) -> bool:
    fields = words & reach.fields
    return bool(
        (words & reach.reads and _object_used(text, words & reach.objects, reach))  # req.body, request.json()
        or (words & _EVENT_WORDS and words & _LAMBDA_WORDS)  # event.queryStringParameters
        or (b'data' in words and (  # addEventListener('message', ({ data }) => ...), ws.onmessage = ...
            (b'message' in file.words and b'addEventListener' in file.words) or b'onmessage' in file.word_text))
        or (fields and (words & _REQUEST_TYPE_WORDS or file.words & _ROUTE_WORDS)
            and destructured(fields))  # ({ body }, res) => ...
        or words & _NEST_WORDS  # @Body() dto
        or (b'location' in words and words & _LOCATION_WORDS)  # location.search
        or (b'document' in words and (b'URL' in words or b'documentURI' in words))
        or b'useSearchParams' in words or (b'useRouter' in words and b'query' in words)  # Next.js's `router.query`
        or not words.isdisjoint(_READER_WORDS)  # readBody(event)
        or (b'searchParams' in words and (b'get' in words or b'getAll' in words))  # new URL(x.url).searchParams
        or (b'inputs' in words and bool(sails_actions(file)))  # a Sails action's fn(inputs, exits)
    )


_READER_WORDS = frozenset(n.encode() for n in routes.REQUEST_READERS)
_KEY_TYPES = frozenset(('shorthand_property_identifier_pattern', 'property_identifier', 'string_fragment'))
_PARAMETER_WRAPPERS = frozenset(('assignment_pattern', 'required_parameter', 'optional_parameter'))


def _destructured_parameter(file: File, root: Node, fields: frozenset[bytes]) -> bool:
    """Whether one of ``fields`` is a key of an object pattern that is a parameter in ``root``
    (``({ body }, res)``, ``{ query: q }: Req``): the bindings ``_parameter_source`` takes by
    their first key."""
    for node in file.named(fields, ((root.start_byte, root.end_byte),), _KEY_TYPES):
        parent = s.parent_of(node)
        if node.type == 'string_fragment' and parent is not None and parent.type == 'string':
            node, parent = parent, s.parent_of(parent)
        if parent is None:
            continue
        if parent.type in ('pair_pattern', 'object_assignment_pattern'):
            if parent.child_by_field_name('key' if parent.type == 'pair_pattern' else 'left') != node:
                continue
            parent = s.parent_of(parent)
        elif node.type != 'shorthand_property_identifier_pattern':
            continue
        if parent is None or parent.type != 'object_pattern':
            continue
        outer = s.parent_of(parent)  # the parameter itself, not a pattern nested in one
        while outer is not None and outer.type in _PARAMETER_WRAPPERS:
            outer = s.parent_of(outer)
        if outer is not None and outer.type == 'formal_parameters':
            return True
    return False
