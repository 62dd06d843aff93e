"""Redirect sinks: ``res.redirect``, ``ctx.redirect``, ``reply.redirect``, Next.js ``redirect``,
``location = ...``, ``location.assign/replace``, Next.js's ``router.push/replace`` (``useRouter()``), when the request decides where the URL starts
(``checker.Checker`` reads the head of the URL)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import form_posts
from vcx_hook.finding import LOW
from vcx_hook.lang.flow import Origin
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# A named status code's constant: `MOVED_PERMANENTLY`, `FOUND`, `TEMPORARY_REDIRECT`, `PERMANENT_REDIRECT`.
_STATUS_NAME = lazyre.compile(r'^(?:MOVED_PERMANENTLY|MOVED_TEMPORARILY|FOUND|SEE_OTHER|TEMPORARY_REDIRECT|PERMANENT_REDIRECT|HTTP_\w+)$')

LOCATIONS = frozenset((
    'location', 'window.location', 'document.location', 'location.href', 'window.location.href',
    'document.location.href',
))


def redirect(call: Node, args: list[Node], label: str) -> Sink | None:
    url = [a for a in args if not _status(a)][:1]
    return Sink(call, [(url[0], ('<url>',))], f'{label} sends the browser to `{{src}}` unchecked (open redirect)', True) if url else None


def _status(arg: Node) -> bool:
    """A status code given before the URL: ``301``, ``HttpStatus.MOVED_PERMANENTLY``, ``StatusCodes.FOUND``."""
    arg = s.unwrap(arg)
    if arg.type == 'number':
        return True
    prop = arg.child_by_field_name('property') if arg.type == 'member_expression' else None
    return prop is not None and _STATUS_NAME.match(s.text(prop)) is not None


def navigate(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ('<url>',))], f'{label} navigates to `{{src}}` unchecked (open redirect)', True)


def router_navigation(call: Node, first: Node, label: str) -> Sink | None:
    """Next.js's ``router.push(url)``: asked where the URL may start with a value (``next ?? '/'``,
    ``${redirectUrl}?x=1``), not where it starts with a fixed path (``/${query.workspaceSlug}/teams``:
    a dynamic route's own segment) nor for a URL object's query (``{ query: { ...router.query, tab } }``),
    only its ``pathname``."""
    url: Node | None = s.unwrap(first)
    if url is not None and url.type == 'object':
        url = s.object_keys(url).get('pathname')
    if url is None or _starts_fixed(s.unwrap(url)):
        return None
    return navigate(call, url, label)._replace(confidence=ROUTER_CONFIDENCE)


def _starts_fixed(url: Node) -> bool:
    if url.type in ('string', 'template_string') and not (url.type == 'template_string' and url.named_children
                                                           and url.named_children[0].type == 'template_substitution'):
        return True
    if url.type == 'binary_expression' and s.text(url.child_by_field_name('operator')) == '+':
        left = url.child_by_field_name('left')
        return left is not None and _starts_fixed(s.unwrap(left))
    return False


def assigned(assign: Node, right: Node, target: str) -> Sink:
    return Sink(assign, [(right, ('<url>',))], f'`{target}` navigates to `{{src}}` unchecked (open redirect)', True)


def own_path_message(sink: Sink) -> str:
    """What a redirect to the request's own path (``ecosystem.request_paths``) is asked, with {src}."""
    where = f'`{short(s.callee_path(sink.node))}()`' if sink.node.type == 'call_expression' else 'The redirect'
    return (f'{where} sends the browser to the request\'s own path `{{src}}` in a middleware every path reaches: '
            'a request for `//evil.example/` is sent to that host (a protocol-relative URL)')


# New shapes, not yet judged on held-out code: low until they are (docs/confidence.md).
SLASH_CONFIDENCE = LOW
# Next.js's `router.push(router.query.next)` (bloom's and homarr's, real bugs of holdout15 and holdout20).
ROUTER_CONFIDENCE = LOW


def slash_message(sink: Sink) -> str:
    """What a redirect checked only by a leading ``/`` (``validation._slash_only``) is asked, with {src}."""
    where = f'`{short(s.callee_path(sink.node))}()`' if sink.node.type == 'call_expression' else 'The redirect'
    return (f'{where} sends the browser to `{{src}}`, checked only by `startsWith(\'/\')`: `//evil.example` passes it '
            'and goes to that host (open redirect; reject a second `/` or a `\\` too)')


# A route parameter of a handler that answers a form's post (`ecosystem.form_posts`): a crafted
# link cannot post, and the form's action is the site's own page (prepare-a-case's nine POST
# handlers, round 28, judged borderline: SameSite=Lax keeps the session off a cross-site post;
# hmpps-activities-management's `POST = async (req, res)`, judged not: a CSRF token). The same
# redirect in a GET handler stays listed (judged worth asking 5 of 5 there).
_ROUTE_PARAMS = frozenset((('params',), ('pathParameters',), ('request', 'params')))


def posted_param(origin: Origin, full: tuple[str, ...]) -> bool:
    """``origin`` (read along ``full``) is a route parameter of a request a form posts."""
    b = origin.binding
    if b is None or b.kind != 'parameter' or not any(full[:len(p)] == p for p in _ROUTE_PARAMS):
        return False
    return form_posts.answers_post(b.owner, '' if b.path else b.name)


# The value of a submit button the route module's own page renders (`ecosystem.form_posts.
# button_field`): `<Button type="submit" name="redirectTo" value={nextPath}>` and the action's
# `redirect(String(form.get('redirectTo')))` (conference-hall's three submission steps, round 29,
# judged not: only the signed-in user's own post picks it, SameSite=Lax keeps a cross-site post's
# session out). A hidden field copying the Referer (hmpps-prisoner-profile's, worth) or one a form
# of another file posts to a shared action (a2j-rechtsantragstelle's `_url`, worth) stays listed.
def own_button(file: File, origin: Origin) -> bool:
    """``origin`` is the field a submit button of ``file``'s own page posts."""
    return origin.binding is None and not origin.path and form_posts.button_field(file, origin.node)
