"""Request handlers and who catches their rejections: Express (4 leaves an async handler's
rejection unhandled unless a wrapper module or version 5 forwards it), and the frameworks that catch
it themselves (Next.js, Fastify, Koa, Hono, NestJS, SvelteKit and Remix loaders, React Query).

Where routes are registered is ``routes``; this module answers, for a function, whether its
framework turns a rejection into an error response.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from vcx_hook.config import major_version
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages as known
from vcx_hook.ecosystem import resources
from vcx_hook.ecosystem.routes import nitro
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Modules that make Express forward async rejections to the error handler.
ASYNC_SAFE_MODULES = frozenset(('express-async-errors', 'express-promise-router', '@awaitjs/express', 'express-async-router'))
# Calls and option keys whose callbacks' rejections a library handles (React Query, SWR, Redux, loaders).
CATCHING_CALLERS = frozenset((
    'useQuery', 'useSWR', 'useSWRMutation', 'useSWRInfinite', 'useMutation', 'useInfiniteQuery',
    'useSuspenseQuery', 'createAsyncThunk', 'createQuery', 'createMutation', 'queryOptions',
    'queryFn', 'mutationFn', 'fetcher', 'loader', 'action',
)) | nitro.HANDLERS
_FRAMEWORK_EXPORTS = frozenset((
    'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'getServerSideProps', 'getStaticProps',
    'getStaticPaths', 'generateMetadata', 'generateStaticParams', 'load', 'loader', 'action',
))
_REQ = frozenset(('req', 'request', '_req'))
_RES = frozenset(('res', 'response', '_res'))
_WRAPPERS = frozenset(('parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression'))
_EXPRESS = known.EXPRESS.encode()
_IMPORTED = rb'''(?:require\(\s*|from\s+)['"]'''
_EXPRESS_IMPORT = lazyre.compile(_IMPORTED + _EXPRESS + rb'''['"]''')
_OTHER_FRAMEWORK = lazyre.compile(_IMPORTED + b'(?:' + b'|'.join(re.escape(n.encode()) for n in (
    known.FASTIFY, known.KOA, *known.KOA_ROUTERS, known.HONO, known.NEXT,
)) + b'|' + known.NEXT.encode() + rb'/[\w/-]+|' + known.NEST_SCOPE.encode() + rb'''[\w-]+)['"]''')
_ROUTER_MADE = lazyre.compile(
    rb'\b' + _EXPRESS + rb'\s*\(\s*\)|\b' + _EXPRESS + rb'\s*\.\s*Router\s*\(|\bRouter\s*\(\s*\)')


def names_express(file: File) -> bool:
    """The cheap look before ``express_unsafe``: the module name in quotes."""
    src = file.source
    return _EXPRESS in file.word_text and (_EXPRESS + b"'" in src or _EXPRESS + b'"' in src)


def express_unsafe(file: File, safe_modules: frozenset[str], packages: Mapping[str, str]) -> bool:
    """Express routes live here and nothing makes async handlers safe: no ``safe_modules`` in the
    file or the project, and not Express 5 (which forwards async rejections itself)."""
    src = file.source
    safe = any(f"'{m}'".encode() in src or f'"{m}"'.encode() in src for m in safe_modules)
    safe = safe or any(m in packages for m in safe_modules)
    major = major_version(packages.get(known.EXPRESS, ''))
    safe = safe or (major is not None and major >= 5)
    return _EXPRESS in src and bool(_EXPRESS_IMPORT.search(src)) and not _OTHER_FRAMEWORK.search(src) and not safe


def makes_express_router(file: File) -> bool:
    """The file makes an Express app or router (``express()``, ``express.Router()``)."""
    return _ROUTER_MADE.search(file.source) is not None


def express_handler(fn: Node, router_here: bool) -> bool:
    """An async ``(req, res)`` function registered on a route or with ``use``, or, where the file
    makes the router (``router_here``), a controller defined at its top level."""
    if not s.is_async(fn):
        return False
    params = s.parameter_names(fn)
    if len(params) < 2 or params[0] not in _REQ or params[1] not in _RES:
        return False
    parent = s.parent_of(fn)
    while parent is not None and parent.type in _WRAPPERS:
        parent = s.parent_of(parent)
    if parent is not None and parent.type == 'arguments':
        call = s.parent_of(parent)
        return s.callee_name(call) in s.ROUTE_METHODS | {'use'} and s.receiver(call) is not None
    return router_here and parent is not None and parent.type in (
        'variable_declarator', 'assignment_expression', 'program', 'export_statement', 'class_body') \
        and not handed_to_a_library(fn) and not awaited_helper(fn)


# A wrapper that hands an async handler's rejection to `next`: `Promise.resolve(fn(req, res, next)).catch(next)`,
# `.catch((e) => next(e))`. As git grep's extended expression (the project search) and as bytes.
WRAPS_NEXT_GREP = r'\.catch\((next|\(?[A-Za-z_$][A-Za-z0-9_$]*\)?[[:space:]]*=>[[:space:]]*next\()'
_WRAPS_NEXT = lazyre.compile(rb'\.catch\(\s*(?:next\b|\(?\s*[A-Za-z_$][\w$]*\s*\)?\s*=>\s*next\s*\()')


def may_shape_handlers(source: bytes) -> bool:
    """The source may hold an Express handler ``made_express_handler`` takes: the cheap look that
    decides whether the project is searched for a wrapper."""
    return _EXPRESS in source and b'async' in source and (b'return async' in source or b'RequestHandler' in source)


def wraps_next(source: bytes) -> bool:
    """The source hands a promise's rejection to ``next`` (``.catch(next)``): a project that wraps its
    Express handlers so (hmpps' ``asyncMiddleware``, a route builder's ``wrap``)."""
    return _WRAPS_NEXT.search(source) is not None


def made_express_handler(fn: Node, file: File) -> bool:
    """An async ``(req, res[, next])`` function shaped for Express whose registration the file does
    not show: one a function returns (a handler factory, ``return async (req, res, next) => ...``:
    nfdiv-frontend's OIDC callback, fdm-monster's parameter converter), or one typed as Express's
    ``RequestHandler`` (a controller's field ``getView: RequestHandler = async (req, res) => ...``:
    hmpps-resettlement-passport-ui). Express 4 drops the promise it returns wherever it is
    registered, unless the registration wraps it, which is why this is asked at low confidence, and
    not at all in a project whose code wraps handlers (``Config.express_wrapped``, ``wraps_next``:
    hmpps-welcome-people-into-prison-ui's route builder wraps its 35 controllers' ``view()``
    factories, each asked before)."""
    if not s.is_async(fn):
        return False
    params = s.parameter_names(fn)
    if len(params) < 2 or params[0] not in _REQ or params[1] not in _RES:
        return False
    node, parent = fn, s.parent_of(fn)
    while parent is not None and parent.type in _WRAPPERS:
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'return_statement' or (
            parent.type == 'arrow_function' and parent.child_by_field_name('body') == node):
        return True
    annotation = parent.child_by_field_name('type') if parent.type in (
        'public_field_definition', 'variable_declarator') else None
    named = s.unwrap(annotation.named_children[0]) if annotation is not None and annotation.named_children else None
    bound = bindings.imports(file).get(s.text(named)) if named is not None and named.type == 'type_identifier' else None
    return bound is not None and s.text(named) == 'RequestHandler' and bound.library == known.EXPRESS


_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))


def handed_to_a_library(fn: Node) -> bool:
    """A function of the file's top level that the file only hands to calls that register no route:
    as an option (``new Server({ datastore, onUploadFinish })``, ``{ onError: handleError }``) or an
    argument (``withRetry(handle)``). The library calls it, and awaits it: @tus/server turns a hook's
    thrown ``{ status_code, body }`` into the response (camino, round 17: an upload hook typed
    ``(req: IncomingMessage, res: ServerResponse, upload)``, judged not worth asking as an Express
    handler). False where the file does not use it (another module registers it) or uses it
    otherwise too (``router.post('/', handle)``, ``module.exports = { handle }``)."""
    uses = _file_uses(fn)
    return bool(uses) and all(_handed_over(n) for n in uses)


def awaited_helper(fn: Node) -> bool:
    """A function of the file's top level that the file only calls and awaits
    (``await validateRequest(req, res)``): a helper whose rejection
    reaches its caller, which is asked where it does not catch it. jambonz-api-server's
    ``validateRequest`` and ``handleSubscriptionOutcome``, awaited inside a route's try/catch,
    were asked as Express handlers (round 18, judged not worth asking twice). False where the file
    also registers, exports or hands it over, or calls it without waiting (its rejection escapes)."""
    uses = _file_uses(fn)
    return bool(uses) and all(_awaited_call(n) for n in uses)


def _file_uses(fn: Node) -> list[Node]:
    """The references of the top-level function ``fn`` in its file, its own name left out."""
    parent = s.parent_of(fn)
    if fn.type != 'function_declaration' and (parent is None or parent.type != 'variable_declarator'):
        return []
    name = binding_name(fn)
    root = fn
    while s.parent_of(root) is not None:
        root = s.parent_of(root)
    if not name or name.encode() not in root.text:
        return []
    declared = fn.child_by_field_name('name') or parent.child_by_field_name('name')
    return [n for n in s.identifiers(root, _NAMES) if s.text(n) == name
            and (declared is None or n.start_byte != declared.start_byte)]


def _awaited_call(ref: Node) -> bool:
    """``ref`` is the callee of an awaited call (a returned one is not: ``router.post('/', (req, res)
    => handle(req, res))`` hands its rejection to Express)."""
    call = s.parent_of(ref)
    return call is not None and call.type == 'call_expression' and s.callee(call) == ref and s.is_awaited(call)


def _handed_over(ref: Node) -> bool:
    """``ref`` is an argument, or the value of an option of an object that is one, of a call that
    registers no route."""
    node, parent = ref, s.parent_of(ref)
    if ref.type == 'shorthand_property_identifier' or (
            parent is not None and parent.type == 'pair' and parent.child_by_field_name('value') == ref):
        node = parent if ref.type == 'shorthand_property_identifier' else s.parent_of(parent)
        parent = s.parent_of(node) if node is not None else None
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    return call is not None and call.type in ('call_expression', 'new_expression') \
        and s.callee_name(call) not in s.ROUTE_METHODS | {'use'}


def framework_catches(fn: Node, file: File) -> bool:
    """A handler whose framework catches its rejection: Next.js, Fastify, Koa, Hono, NestJS, loaders."""
    params = s.parameter_names(fn)
    if params[:1] in (['ctx'], ['c'], ['context'], ['event']) or params[1:2] == ['reply']:
        return True
    if params[:1] and params[0] in _REQ and params[1:2] and params[1] in _RES and not _EXPRESS_IMPORT.search(file.source):
        return True  # Next.js API routes, serverless functions
    if binding_name(fn) in _FRAMEWORK_EXPORTS and exported(fn):
        return True
    prev = fn.prev_named_sibling
    if fn.type == 'method_definition' and (
            prev is not None and prev.type == 'decorator' or any(c.type == 'decorator' for c in fn.children)):
        return True  # NestJS @Get()
    parent = s.parent_of(fn)
    return parent is not None and parent.type == 'export_statement' and any(
        c.type == 'default' or s.text(c) == 'default' for c in parent.children
    ) and bool(re.search(r'(?:^|/)(?:pages|app)/', file.path))


# EventEmitter's registrations (DOM `addEventListener` is browser code, where a rejection is logged).
EMITTER_REGISTRATIONS = resources.EMITTER_LISTEN | resources.EMITTER_ONCE
_EVENT_NAMES = frozenset(('string', 'template_string', 'identifier', 'member_expression'))


def emitter_registration(fn: Node) -> Node | None:
    """``emitter.on('event', fn)``: the registration of ``fn`` as an EventEmitter listener, whose
    returned promise nobody awaits; not ``process.on(...)`` shutdown hooks, not a bot's
    ``(ctx)`` middleware, not Hono's ``app.on(method, path, handler)``."""
    call = _listener_registration(fn)
    if call is None or s.arguments(call)[0].type not in _EVENT_NAMES:
        return None
    if s.receiver_name(call) == 'process' or middleware_listener(fn) or _lifecycle_hook(s.arguments(call)[0]):
        return None
    return call


def awaited_hook(fn: Node) -> bool:
    """``db.on('posts.afterCreate', async (model, options) => ...)``: ``fn`` is registered for a
    model's lifecycle event, which the ORM runs inside the write and awaits (Sequelize's hooks, and
    emitters built on them that emit with ``emitAsync``): a rejection fails the write, its caller's
    to handle."""
    call = _listener_registration(fn)
    return call is not None and _lifecycle_hook(s.arguments(call)[0])


def _listener_registration(fn: Node) -> Node | None:
    """``x.on(event, fn)`` (any of ``EMITTER_REGISTRATIONS``, on a receiver, with two arguments):
    the call that registers ``fn``, through the wrappers around it."""
    parent = s.parent_of(fn)
    while parent is not None and parent.type in _WRAPPERS:
        parent = s.parent_of(parent)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    if call is None or s.callee_name(call) not in EMITTER_REGISTRATIONS or s.receiver(call) is None:
        return None
    args = s.arguments(call)
    return call if len(args) == 2 and s.unwrap(args[1]) == fn else None


# A model's lifecycle event: `afterCreate`, `beforeSave`, `users.afterDestroy`, `fields:afterUpdate`.
_LIFECYCLE_EVENT = lazyre.compile(r'(?:^|[.:])(?:before|after)(?:Create|Update|Save|Destroy|Delete|Remove|Upsert|'
                                  r'Bulk[A-Z]\w*|Sync|Validate|Find|Restore|Insert)$')


def _lifecycle_hook(event: Node) -> bool:
    name = s.string_like_text(event) if event.type == 'string' else None
    return name is not None and bool(_LIFECYCLE_EVENT.search(name))


# An event named for a hook (`afterStart`, `beforeStop`, `users.afterSaveWithAssociations`,
# `${name}.afterSync`): emitters that name events so (NocoBase's AsyncEmitter, hook systems built on
# Sequelize's) emit them with `emitAsync` and await each listener.
def middleware_listener(fn: Node) -> bool:
    """``bot.on('text', async (ctx) => ...)``: Telegraf and grammY run ``on`` listeners as
    middleware and catch their rejections (``bot.catch``); an EventEmitter's listener takes data."""
    return s.parameter_names(fn)[:1] == ['ctx']


def binding_name(fn: Node) -> str | None:
    """The name a function is declared as or bound to (``const f =``, ``x.f =``, ``{ f: ``)."""
    name = fn.child_by_field_name('name')
    if name is not None:
        return s.text(name)
    parent = s.parent_of(fn)
    while parent is not None and parent.type in _WRAPPERS:
        parent = s.parent_of(parent)
    if parent is None:
        return None
    if parent.type == 'variable_declarator':
        target = parent.child_by_field_name('name')
        return s.text(target) if target is not None and target.type == 'identifier' else None
    if parent.type == 'assignment_expression':
        left = parent.child_by_field_name('left')
        if left is not None and left.type == 'member_expression':
            return s.text(left.child_by_field_name('property'))
        return s.text(left) if left is not None and left.type == 'identifier' else None
    if parent.type == 'pair':
        return s.text(parent.child_by_field_name('key')).strip('\'"') or None
    return None


def exported(fn: Node) -> bool:
    """``export function GET``, ``export const load = ...``, ``exports.loader = ...``."""
    for a in s.ancestors(fn):
        if a.type == 'export_statement':
            return True
        if a.type == 'assignment_expression':
            return s.text(a.child_by_field_name('left')).startswith(('exports.', 'module.exports'))
        if a.type not in ('variable_declarator', 'lexical_declaration', 'variable_declaration') and a.type not in _WRAPPERS:
            return False
    return False


# A call that registers a migration in code (`self.apos.migration.add('x:unlocalized', async () => ...)`,
# `migrations.register(...)`, `addMigration(...)`): the function it is given runs once, as a migration
# file does.
_MIGRATION_REGISTRATION = lazyre.compile(r'(?:^|\.)migrations?\.(?:add|register)$|^(?:add|register)Migrations?$', re.I)


def in_registered_migration(node: Node) -> bool:
    """Whether ``node`` is inside a function literal handed to a call that registers a migration."""
    for a in s.ancestors(node):
        if a.type not in s.FUNCTION_TYPES:
            continue
        args = s.parent_of(a)
        call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
        if call is not None and call.type == 'call_expression' and _MIGRATION_REGISTRATION.search(s.callee_path(call)):
            return True
    return False


def records_batch(fn: Node) -> bool:
    """An AWS Lambda handed a batch of records (S3, SQS, SNS, DynamoDB and Kinesis streams all hand
    ``event.Records``): the function reads ``<parameter>.Records``. No user waits on it, the
    function's own timeout bounds every call in it and its event source retries a failed batch
    (CMCS's kafka-source-lib, rounds 19 and 21: a Kafka send in one, judged not worth asking)."""
    if b'Records' not in s.text(fn).encode('utf-8', 'surrogateescape'):
        return False
    names = [n for n in s.parameter_names(fn) if n]
    return bool(names) and re.search(
        r'\b(?:' + '|'.join(re.escape(n) for n in names) + r')\s*\??\.\s*Records\b', s.text(fn)) is not None


# AWS Lambda's handler signature, `handler(event, context[, callback])` (Netlify's functions take it too).
_EVENTS = frozenset(('event', 'evt', '_event', '_evt'))
_CONTEXTS = frozenset(('context', 'ctx', '_context', '_ctx'))


def lambda_handler(fn: Node) -> bool:
    """``export async function handler(event, context)``, ``exports.handler = async (event, context)
    => ...``, or such a function handed to a wrapper whose result is exported (``export const handler
    = middy(async (event, context) => ...)``): an AWS Lambda's handler. An execution environment
    hands it one event at a time, so two invocations never interleave over the module's state
    (sst's build image runner, round 26: its module-level `currentVersion` checked before a download
    and set after it, judged not worth asking, race:lambda-one-event-per-instance)."""
    params = s.parameter_names(fn)
    if len(params) < 2 or params[0] not in _EVENTS or params[1] not in _CONTEXTS:
        return False
    if exported(fn):
        return True
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call is not None and call.type == 'call_expression' and exported(call)
