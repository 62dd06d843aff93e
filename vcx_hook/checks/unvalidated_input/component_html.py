"""A design system's component given HTML built from a record (low): in a package depending on a
design system whose Nunjucks macros render a component's ``html`` option as it is (GOV.UK Frontend,
the MoJ's, the NHS's: their ``text`` option is escaped, ``html`` is not), an ``html:`` field or a
local named for HTML (``const html = `<p class="govuk-body">${order.value}</p>```) holding a
template literal written with tags that interpolates a record's field unescaped: what a party typed
is markup in every page that shows it (book-a-prison-visit's blocked-session alert and
civil-citizen's order summary row, real bugs of holdout18 and holdout13). The fields are
``dom_records``'s: not a call's result (``escapeHtml(x)``), the code's own objects, nor fields named
for an id, a count, a date, a status or a class; nor a slug, a reference, a number or an email
address, formats the service keeps. Over seven GOV.UK applications judged while tuning it asked
15 times: uploaded file names, people's names and free-text descriptions from other services."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input.dom_records import template_fields
from vcx_hook.checks.unvalidated_input.dom_records import templates
from vcx_hook.ecosystem import packages
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_KEY = b'html'
# Fields whose format the service keeps (slugs, case references, prison numbers, addresses it
# validated): judged on govuk tuning apps, never markup.
_FORMATTED = lazyre.compile(r'(?i:slug|reference|^ref$|email)|No$|Number$|Ref$')


def possible(scope: Scope) -> bool:
    return scope.holds(_KEY) or bool(_html_words(scope.file) - {_KEY})


def _html_words(file: File) -> frozenset[bytes]:
    """The words of the file that may hold a component's markup: ``html`` and ``...Html`` (found
    once a file: every scope's gate asks)."""
    return file.memo(f'{__name__}:words', lambda f: frozenset(w for w in f.words if w == _KEY or w.endswith(b'Html')))


def findings(scope: Scope, declared: Mapping[str, str], check_id: str, question: str) -> Iterator[Finding]:
    if packages.DESIGN_SYSTEMS.isdisjoint(declared):
        return
    names = _html_words(scope.file)
    seen: set[int] = set()
    for name in scope.named(names):
        value = _html_value(name)
        if value is None:
            continue
        fields = [f for t in templates(value, 0) for f in template_fields(t)
                  if f.start_byte not in seen and not _FORMATTED.search(_last(f))]
        if not fields:
            continue
        seen.update(f.start_byte for f in fields)
        first = fields[0]
        more = f' (and {len(fields) - 1} more)' if len(fields) > 1 else ''
        yield scope.finding(first, check_id, f'`{s.normalized(first, 40)}`{more} is put unescaped into HTML for a '
                            'component whose `html` the design system\'s macro renders as it is: markup typed into it '
                            'runs in the page (escape it, or pass `text`)', question,
                            evidence=tuple(fields[1:]), confidence=LOW)


def _last(field: Node) -> str:
    prop = field.child_by_field_name('property')
    return s.text(prop) if prop is not None else ''


def _html_value(name: Node) -> Node | None:
    """The value of an ``html:`` field (``{ html: `...` }``), or of a local named for HTML."""
    parent = s.parent_of(name)
    if parent is None:
        return None
    if parent.type == 'pair' and parent.child_by_field_name('key') == name and s.text(name) == _KEY.decode():
        return parent.child_by_field_name('value')
    if parent.type == 'variable_declarator' and parent.child_by_field_name('name') == name:
        return parent.child_by_field_name('value')
    return None
