from __future__ import annotations

import pytest

from vcx_hook.ecosystem import handlers
from vcx_hook.lang import scope as s


def functions(src: str, path: str = 'server.ts') -> list:
    file = s.File.unparsed(path, src.encode(), 'typescript')
    out = []

    def walk(node):
        if node.type in s.FUNCTION_TYPES:
            out.append(node)
        for c in node.named_children:
            walk(c)
    walk(file.tree.root)
    return [(file, fn) for fn in out]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("app.get('/x', async (req, res) => {});\n", [True], id='registered'),
        pytest.param("app.use(async (req, res, next) => {});\n", [True], id='middleware'),
        pytest.param("app.get('/x', (req, res) => {});\n", [False], id='not async'),
        pytest.param("app.get('/x', async (ctx) => {});\n", [False], id='koa shape'),
        pytest.param("export const show = async (req, res) => {};\n", [False], id='controller elsewhere'),
    ),
)
def test_express_handler(src, expected):
    assert [handlers.express_handler(fn, router_here=False) for _, fn in functions(src)] == expected


def test_a_controller_counts_where_the_file_makes_the_router():
    [(_, fn)] = functions('export const show = async (req, res) => {};\n')
    assert handlers.express_handler(fn, router_here=True)


@pytest.mark.parametrize(
    ('src', 'path', 'expected'),
    (
        pytest.param('export async function GET(request) {}\n', 'app/api/x/route.ts', [True], id='next route handler'),
        pytest.param('export const load = async () => {};\n', 'src/routes/+page.server.ts', [True], id='sveltekit load'),
        pytest.param('fastify.get("/x", async (request, reply) => {});\n', 'server.ts', [True], id='fastify'),
        pytest.param('router.get("/x", async (ctx) => {});\n', 'server.ts', [True], id='koa'),
        pytest.param("import express from 'express';\nasync function h(req, res) {}\n", 'server.ts', [False],
                     id='express file'),
        pytest.param('async function h(req, res) {}\n', 'pages/api/x.ts', [True], id='next api route'),
        pytest.param('async function load() {}\n', 'lib/x.ts', [False], id='not exported'),
    ),
)
def test_framework_catches(src, path, expected):
    assert [handlers.framework_catches(fn, file) for file, fn in functions(src, path)] == expected


@pytest.mark.parametrize(
    ('src', 'packages', 'expected'),
    (
        pytest.param("import express from 'express';\n", {}, True, id='express 4'),
        pytest.param("import express from 'express';\n", {'express': '^5.0.1'}, False, id='express 5'),
        pytest.param("import express from 'express';\nimport 'express-async-errors';\n", {}, False, id='patched'),
        pytest.param("import express from 'express';\n", {'express-promise-router': '^4'}, False, id='project router'),
        pytest.param("import express from 'express';\nimport Fastify from 'fastify';\n", {}, False, id='other framework'),
    ),
)
def test_express_unsafe(src, packages, expected):
    file = s.File.unparsed('server.ts', src.encode(), 'typescript')
    assert handlers.express_unsafe(file, handlers.ASYNC_SAFE_MODULES, packages) is expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param('export async function handler(event, context) {}\n', [True], id='exported function'),
        pytest.param('exports.handler = async (event, context, callback) => {};\n', [True], id='commonjs'),
        pytest.param('export const handler = middy(async (event, context) => {});\n', [True], id='wrapped'),
        pytest.param('async function handler(event, context) {}\n', [False], id='not exported'),
        pytest.param('export const h = async (ctx, next) => {};\n', [False], id='koa middleware'),
        pytest.param('export default defineEventHandler(async (event) => {});\n', [False], id='nitro handler'),
    ),
)
def test_lambda_handler(src, expected):
    assert [handlers.lambda_handler(fn) for _, fn in functions(src)] == expected


EXPRESS_TYPES = "import { RequestHandler } from 'express';\n"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param('function make() { return async (req, res, next) => {}; }\n', [False, True], id='factory'),
        pytest.param('const make = () => async (req, res) => {};\n', [False, True], id='arrow factory'),
        pytest.param(EXPRESS_TYPES + 'class C { show: RequestHandler = async (req, res) => {}; }\n', [True],
                     id='typed field'),
        pytest.param("import { RequestHandler } from './types';\nclass C { show: RequestHandler = async (req, res) => {}; }\n",
                     [False], id='another RequestHandler'),
        pytest.param('function make() { return async (ctx, next) => {}; }\n', [False, False], id='koa shape'),
        pytest.param('function make() { return (req, res) => {}; }\n', [False, False], id='not async'),
        pytest.param('export const show = async (req, res) => {};\n', [False], id='untyped controller'),
    ),
)
def test_made_express_handler(src, expected):
    assert [handlers.made_express_handler(fn, file) for file, fn in functions(src)] == expected
