"""An Express async handler (``(req, res[, next])``) that awaits outside try/catch and without
``.catch(next)``: Express 4 leaves the rejection unhandled and the request hanging.  Asked once, at
the handler; the network calls inside it are not asked again for the missing catch. Not asked
where what it awaits cannot reject: the file's own async functions, or those of the project's
module it imports (one hop), wrapped whole in a try/catch whose catch resolves with a status (a
health check's probes) or logs (a page's public keys), the file's own that await only in such a try and
else returns constants (a report's recipients), and a metrics registry's exposition
(``await register.metrics()`` of prom-client: it serializes what it holds in memory; held out, 0
worth asking of 2, speckle's and builder-server's ``/metrics`` routes), and urql's
``client.query(doc, vars).toPromise()`` where the file imports urql or its package declares it:
it resolves with ``{ error }`` (graphprotocol indexer's management server, round 28, judged not
worth asking). Nor a lock given back in the catch of the try that took it (``catch (e) { if (lock)
await lock.release(); next(e) }`` after ``await lock.acquire()``): it rejects only if the lock's store
fails between the two, a second failure on a path already failing (ethernal's verify and drip
routes, round 22, judged borderline twice: ``handled:secondary-failure-in-catch``).

Also asked, at low confidence, where the file does not register the handler but shapes it for
Express: an async ``(req, res[, next])`` function a function returns (a handler factory,
``return async (req, res, next) => ...``) or a field typed Express's ``RequestHandler``
(``getView: RequestHandler = async (req, res) => ...``): Express 4 drops its promise wherever it is
registered unless that registration wraps it, which the file cannot show (nfdiv-frontend's OIDC
callback, fdm-monster's parameter converter, hmpps-resettlement-passport-ui's controller, real bugs
of holdout13, 18 and 20)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.rejections import HANDLED
from vcx_hook.checks.error_handling.rejections import catches
from vcx_hook.checks.error_handling.rejections import surfaces
from vcx_hook.checks.error_handling.timers import catches_all
from vcx_hook.ecosystem import graphql_clients
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import metrics
from vcx_hook.ecosystem.routes.route import top_level_functions
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.functions import catches_everything
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def findings(scope: Scope, names: Names, facts: Facts) -> Iterator[Finding]:
    if not facts.express:
        return
    seen: set[int] = set()
    for aw in scope.captures('error-handling.await'):
        fn = s.enclosing_function(aw)
        if fn is None or fn.start_byte in seen or not _unguarded_await(aw, fn, scope, names, facts):
            continue
        inner = s.unwrap(aw)
        seen.add(fn.start_byte)
        label = s.function_name(fn) or s.display_name(fn)
        seen_here = facts.express_handler(fn)
        yield scope.finding(
            fn, ID,
            f'`{label}` awaits `{short(inner, 32)}` outside try/catch with no `next(err)`: '
            'Express 4 leaves the rejection unhandled' + ('' if seen_here else
                                                         ' (if it is registered without a wrapper that catches)'),
            QUESTION, evidence=(aw,), confidence='' if seen_here else LOW,
        )


def unguarded_await_in(scope: Scope, names: Names, facts: Facts) -> bool:
    """An ``await`` in the scope that ``findings`` reports (the gate's look, without the query)."""
    if not facts.express:
        return False
    source = scope.file.source
    root = scope.root
    for start, end in scope.ranges:
        pos = source.find(b'await', start, end)
        while pos != -1:
            node = s.descendant(root, pos, pos + 5)
            aw = s.parent_of(node) if node is not None and node.type == 'await' else None
            if aw is not None and aw.type == 'await_expression' and scope.contains(aw):
                fn = s.enclosing_function(aw)
                if fn is not None and _unguarded_await(aw, fn, scope, names, facts):
                    return True
            pos = source.find(b'await', pos + 5, end)
    return False


def _unguarded_await(aw: Node, fn: Node, scope: Scope, names: Names, facts: Facts) -> bool:
    """``aw`` in the Express handler ``fn`` throws where nothing catches it."""
    if not facts.express_handler(fn) and not facts.made_express_handler(fn):
        return False
    inner = s.unwrap(aw)
    if inner.type == 'call_expression' and catches(s.chain_top(inner)):
        return False
    if _results(aw, fn) or _hands_on_next(inner, fn) or _settled_by_callee(inner, scope, facts.helper_effects):
        return False
    if _gives_back_lock(inner, aw):
        return False
    if metrics.exposition(scope.file, inner):
        return False  # `await register.metrics()`: renders counters held in memory
    if graphql_clients.resolves_with_error(scope.file, inner, facts.packages):
        return False  # urql's `toPromise()` settles with `{ error }`
    return surfaces(aw, scope, names, facts, 2) != HANDLED


# What gives a lock back, and the calls that took it.
_RELEASES = {'release': ('acquire',), 'unlock': ('lock', 'acquire')}


def _gives_back_lock(call: Node, aw: Node) -> bool:
    """``aw``, in a catch, gives back a lock the try above it took: ``await lock.release()`` where
    the try awaits ``lock.acquire()``."""
    callee = s.callee(call) if call.type == 'call_expression' else None
    if callee is None or callee.type != 'member_expression':
        return False
    takes = _RELEASES.get(s.text(callee.child_by_field_name('property')))
    receiver = callee.child_by_field_name('object')
    if takes is None or receiver is None:
        return False
    handler = next((a for a in s.ancestors(aw) if a.type == 'catch_clause' or a.type in s.FUNCTION_TYPES), None)
    trial = s.parent_of(handler) if handler is not None and handler.type == 'catch_clause' else None
    block = trial.child_by_field_name('body') if trial is not None else None
    took = rb'(?<![\w$.])' + re.escape(receiver.text) + rb'\s*\.\s*(?:' + '|'.join(takes).encode() + rb')\s*\('
    return block is not None and re.search(rb'\bawait\s+' + took, block.text) is not None


def _hands_on_next(call: Node, fn: Node) -> bool:
    """The awaited call is given the handler's own ``next``: ``await controller.read(req, res,
    next)`` hands the request to another handler, which reports its failures through ``next``
    (CHEFS' routes each await a controller method wrapped whole in try/catch calling
    ``next(error)``: seven questions of round 20's hook replay, none worth asking)."""
    names = s.parameter_names(fn)
    if call.type != 'call_expression' or len(names) < 3 or not names[2]:
        return False
    return any(a.type == 'identifier' and s.text(a) == names[2] for a in s.arguments(call))


def _settled_by_callee(inner: Node, scope: Scope, table: helper_effects.Table) -> bool:
    """Every call awaited (alone or in ``Promise.all([...])``) is to an async function of the file,
    or of the project's module it imports (one hop: ``ecosystem.helper_effects``' ``SETTLED``),
    whose whole body is one try/catch, and neither the catch nor a ``finally`` throws or awaits:
    ``checkRedisHealth()`` resolves with ``{ status: 'unhealthy' }`` on any failure, so the
    handler's ``await Promise.all([checkRedisHealth(), checkPostgresHealth()])`` cannot reject
    (ethernal's health check, judged not worth asking; manage-frontend's page route awaiting
    ``getStripePublicKeys()`` of its ``./frontendCommon``, which logs to Sentry in its catch, round
    34: ``handled:helper-catches``). A ``return`` of an unawaited call in the try hands its rejection
    on uncaught; a package's function may reject (asked)."""
    calls = [inner]
    if inner.type == 'call_expression' and s.callee_name(inner) in ('all', 'allSettled') and s.arguments(inner):
        listed = s.unwrap(s.arguments(inner)[0])
        calls = list(listed.named_children) if listed.type == 'array' else []
    own = top_level_functions(scope.file)
    return bool(calls) and all(c.type == 'call_expression' and (_settled_here(c, own) or _settled_there(c, scope, table))
                               for c in calls)


def _settled_here(call: Node, own: dict[str, Node]) -> bool:
    callee = s.callee(call)
    fn = own.get(s.text(callee)) if callee is not None and callee.type == 'identifier' else None
    return fn is not None and (catches_everything(fn) or _cannot_reject(fn))


def _settled_there(call: Node, scope: Scope, table: helper_effects.Table) -> bool:
    found = helper_effects.effects_of(scope.file, call, table)
    return found is not None and found.first((helper_effects.SETTLED,)) is not None


_LITERALS = frozenset(('array', 'string', 'template_string', 'number'))
_TRYING = frozenset(('try_statement',))


def _cannot_reject(fn: Node) -> bool:
    """An async function of the file that awaits only inside a try whose catch neither throws nor
    awaits, throws nothing, and outside its trys reads no field and calls nothing but a literal's
    method: ``switch (to) { case 'mnr': return 'a@x.fr'; case 'inv': return [...].join(',');
    default: try { return (await User.findOne({ email: to }))?.email } catch (e) {} }`` resolves
    whatever happens (pop's report recipients, round 33, judged not worth asking:
    ``handled:helper-never-rejects``)."""
    body = s.function_body(fn)
    if not s.is_async(fn) or body is None or body.type != 'statement_block' or not catches_all(fn):
        return False
    trys = s.own_nodes(body, _TRYING)
    if not trys or any(t.child_by_field_name('handler') is None or any(
            s.own_nodes(part, frozenset(('throw_statement', 'await_expression'))))
            for t in trys for part in (t.child_by_field_name('handler'), t.child_by_field_name('finalizer'))
            if part is not None) or any(
            r.named_children and s.unwrap(r.named_children[0]).type == 'call_expression'
            for t in trys for r in s.own_nodes(t, frozenset(('return_statement',)))):
        return False  # `try { return load() }`: the unawaited promise passes the catch by
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in s.FUNCTION_TYPES or node.type in ('new_expression', 'subscript_expression'):
            return False
        if node.type == 'try_statement':
            continue
        if node.type == 'member_expression':
            obj = node.child_by_field_name('object')
            if obj is None or s.unwrap(obj).type not in _LITERALS:
                return False
        if node.type == 'call_expression' and getattr(s.callee(node), 'type', None) != 'member_expression':
            return False
        stack += node.named_children
    return True


def _results(aw: Node, fn: Node) -> bool:
    """``aw`` awaits work handed to a wrapper that resolves with its failure, and every result it
    binds is read for its ``error``: ``const [redis, db] = await Promise.all([tryCatch(async () =>
    ...), tryCatch(async () => ...)])`` then ``redis.error?.message`` (openpanel's health check,
    judged not worth asking). The work must be a function handed to the wrapper: a call given data
    whose result has an ``error`` field may reject too (actual-server's ``bootstrap(req.body)``
    returns ``{ error }`` for a bad password and rethrows a database failure: worth asking)."""
    inner = s.unwrap(aw)
    calls = [inner]
    if s.callee_name(inner) in ('all', 'allSettled') and s.arguments(inner):
        listed = s.unwrap(s.arguments(inner)[0])
        calls = list(listed.named_children) if listed.type == 'array' else []
    if not calls or not all(c.type == 'call_expression' and any(
            s.unwrap(a).type in s.FUNCTION_TYPES for a in s.arguments(c)) for c in calls):
        return False
    decl = s.parent_of(s.outer_expression(aw))
    pattern = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    if pattern is None:
        return False
    if pattern.type == 'object_pattern':
        return any(s.text(p.child_by_field_name('key') or p) == 'error' for p in pattern.named_children)
    bound = [pattern] if pattern.type == 'identifier' else [
        c for c in pattern.named_children if c.type == 'identifier'] if pattern.type == 'array_pattern' else []
    return bool(bound) and all(re.search(
        rb'(?<![\w$.])' + re.escape(b.text) + rb'\s*\??\.\s*error\b', fn.text) for b in bound)
