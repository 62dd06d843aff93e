"""Who may call an entry point: behind sign-in as far as its registration shows."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import procedures
from vcx_hook.ecosystem import routes
from vcx_hook.lang import scope as s


def signed_in(src: str, path: str = 'server.ts') -> list[tuple[str, str, bool]]:
    """(label, builder, signed in) of every route and procedure in ``src``."""
    file = s.File.unparsed(path, src.encode(), 'typescript')
    scope = s.whole_file_scopes(file)[0]
    return [(r.label, callers.builder(r), callers.signed_in(r)) for r in (*routes.raised(scope), *procedures.raised(scope))]


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param("app.post('/contact', async (req, res) => send(req.body));\n",
                 [('POST /contact', '', False)], id='no middleware'),
    pytest.param("app.post('/report', requireAuth, async (req, res) => send(req.user));\n",
                 [('POST /report', '', True)], id='auth middleware'),
    pytest.param("app.post('/doc', upload.single('f'), async (req, res) => send(req.file));\n",
                 [('POST /doc', '', False)], id='other middleware'),
    pytest.param("router.post('/x', passport.authenticate('jwt'), async (req, res) => send(req.user));\n",
                 [('POST /x', '', True)], id='passport'),
    pytest.param(
        "export const r = router({\n"
        "  invite: protectedProcedure.input(s).mutation(async ({ input }) => send(input)),\n"
        "  contact: publicProcedure.input(s).mutation(async ({ input }) => send(input)),\n"
        "  ping: t.procedure.mutation(async () => send()),\n"
        "});\n",
        [('invite', 'protectedProcedure', True), ('contact', 'publicProcedure', False), ('ping', 't.procedure', False)],
        id='trpc builders'),
    pytest.param(
        "export const a = authActionClient.schema(s).action(async ({ parsedInput }) => send(parsedInput));\n"
        "export const b = actionClient.schema(s).action(async ({ parsedInput }) => send(parsedInput));\n",
        [('a', 'authActionClient', True), ('b', 'actionClient', False)],
        id='safe-action clients'),
    pytest.param(
        "@Controller('users')\n"
        "export class UsersController {\n"
        "  @Post()\n"
        "  async create(@Body() dto) { return send(dto); }\n"
        "  @Public() @Post('resend')\n"
        "  async resend(@Body() dto) { return send(dto); }\n"
        "  @Roles('public') @Post('join')\n"
        "  async join(@Body() dto) { return send(dto); }\n"
        "}\n",
        [('POST /users', '', True), ('POST /users/resend', '', False), ('POST /users/join', '', False)],
        id='nest guards unless opened'),
))
def test_signed_in(src, expected):
    assert signed_in(src) == expected


@pytest.mark.parametrize(('body', 'expected'), (
    pytest.param('const session = await auth.api.getSession({ headers: req.headers });\n'
                 "  if (!session) return res.status(401).json({ message: 'no' });\n  zip(res);\n",
                 True, id='reads the session and answers 401'),
    pytest.param('const session = await auth.api.getSession({ headers: req.headers });\n'
                 '  console.info(session?.user.email);\n  zip(res);\n',
                 False, id='reads the session and turns nobody away'),
    pytest.param("if (req.headers.cookie === undefined) return res.status(401).end();\n  zip(res);\n",
                 False, id='answers 401 without reading a session'),
))
def test_session_checked(body, expected):
    file = s.File.unparsed('pages/api/x.ts', f'export default async function handler(req, res) {{\n  {body}}}\n'.encode(), 'typescript')
    fn = file.tree.root.named_children[0].named_children[0]
    assert callers.session_checked(s.calls_in(fn), fn) is expected
