from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/page.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("export function show(el, post) {\n  el.innerHTML = marked(post.body);\n}\n", id='page global marked'),
        pytest.param("import MarkdownIt from 'markdown-it';\nconst md = new MarkdownIt({ html: true });\n"
                     "export function show(el, post) {\n  el.innerHTML = md.render(post.body);\n}\n", id='markdown-it html on'),
        pytest.param("import { marked } from 'marked';\nexport const Post = ({ post }) =>\n"
                     "  <div dangerouslySetInnerHTML={{ __html: marked.parse(post.body) }} />;\n", id='marked in dangerouslySetInnerHTML'),
    ),
)
def test_rendered_markdown_put_into_the_page_is_asked_low(src):
    path = 'src/post.jsx' if 'dangerously' in src else 'src/page.js'
    found = findings(src, path)
    assert len(found) == 1 and found[0][1] == 'low'


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("import MarkdownIt from 'markdown-it';\nconst md = new MarkdownIt();\n"
                     "export function show(el, post) {\n  el.innerHTML = md.render(post.body);\n}\n",
                     id='markdown-it escapes html by default'),
        pytest.param("export function show(el, post) {\n  const marked = (s) => s.trim();\n  el.innerHTML = marked(post.body);\n}\n",
                     id='a local function named marked'),
        pytest.param("import { marked } from 'marked';\nexport function show(el, post) {\n"
                     "  el.innerHTML = sanitizeHtml(marked(post.body));\n}\n", id='sanitized'),
    ),
)
def test_escaped_sanitized_or_not_markdown_is_not(src):
    assert findings(src) == []
