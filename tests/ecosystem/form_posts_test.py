"""Handlers that answer a form's post rather than a link."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem import form_posts
from vcx_hook.lang import scope as s


def first_handler(src: str) -> tuple[s.Node, str]:
    """The first function of ``src`` whose first parameter is the request, and that parameter's name."""
    file = s.File.unparsed('server.ts', src.encode(), 'typescript')
    stack = [file.tree.root]
    while stack:
        fn = stack.pop(0)
        stack.extend(fn.named_children)
        if fn.type not in s.FUNCTION_TYPES:
            continue
        params = fn.child_by_field_name('parameters') or fn.child_by_field_name('parameter')
        first = params.named_children[0] if params is not None and params.named_children else params
        if first is not None and 'req' in s.text(first):
            name = s.text(first).split(':')[0].strip()
            return fn, name if name.isidentifier() else ''
    raise AssertionError('no handler')


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param("router.post('/x/:id', (req, res) => res.redirect(`/${req.params.id}`));\n", True, id='post route'),
    pytest.param("router.get('/x/:id', (req, res) => res.redirect(`/${req.params.id}`));\n", False, id='get route'),
    pytest.param("router.get('/x/:id', (req, res) => res.send(req.body.x));\n", False, id='get route reading a body'),
    pytest.param("class R {\n  POST = async (req, res) => res.redirect(req.params.id);\n}\n", True, id='verb-named field'),
    pytest.param("export async function PUT(req) { return redirect(req.params.id); }\n", True, id='verb-named function'),
    pytest.param("const h = (s) => async (req, res) => {\n  const { params: { id }, body: { x } } = req;\n"
                 "  res.redirect(`/${id}`);\n};\n", True, id='body destructured'),
    pytest.param("const h = (s) => async (req, res) => {\n  await s.save(req.body.x);\n  res.redirect('/');\n};\n",
                 True, id='body read'),
    pytest.param("const h = async (req) => {\n  const form = await req.formData();\n  return form;\n};\n",
                 True, id='form data read'),
    pytest.param("const h = (s) => async (req, res) => {\n  const { id } = req.params;\n  const { body } = other;\n"
                 "  res.redirect(`/${id}`);\n};\n", False, id='another object destructured'),
    pytest.param("const h = (s) => async (req, res) => {\n  res.redirect(`/${req.params.id}`);\n};\n",
                 False, id='params only'),
))
def test_answers_post(src: str, expected: bool) -> None:
    fn, request = first_handler(src)
    assert form_posts.answers_post(fn, request) is expected
