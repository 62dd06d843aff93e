"""What an upload parser sets on a request's files itself, not the client; and NestJS's upload
interceptors (``@UseInterceptors(FilesInterceptor('attachments'))``), its multer middleware.

multer's ``req.file.path`` and ``destination`` (Koa's ``ctx.request.file.path``), express-fileupload's
``req.files.x.tempFilePath`` and a file's ``size`` are the server's, whatever parses; formidable
(v2 and later, and koa-body and express-formidable, which parse with it) chooses a file's
``filepath`` and ``newFilename`` in its own upload folder, where the project parses uploads with it:
the file imports one of those packages, or the packages declared for it hold one.  Its
``originalFilename`` and ``mimetype`` are the client's.

multer's ``originalname`` is the client's name too, but busboy, which parses for multer, keeps only
its last segment unless multer is given ``preservePath: true``: it names no folder, so a path that
puts it under one climbs out of none (``fs.rmSync(`${dir}/${req.file.originalname}`)``: pwndoc's
backup upload, round 27, judged not worth asking). Alone, it still picks a file of the working
directory (``fs.readFileSync(req.file.originalname)``).
"""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

SERVER_FIELDS = frozenset(('path', 'destination', 'size', 'tempFilePath'))
FORMIDABLE_FIELDS = frozenset(('filepath', 'newFilename'))
# Client file names a parser cuts to their last segment (multer's, through busboy).
BASENAME_FIELDS = frozenset(('originalname',))
_KEEPS_PATHS = lazyre.compile(rb'\bpreservePath\s*:\s*true\b')
_FORMIDABLE = frozenset(packages.FORMIDABLE_PARSERS)
# @nestjs/platform-express's interceptors that run multer on a route (and the Fastify ports' of them).
NEST_INTERCEPTORS = frozenset(('FileInterceptor', 'FilesInterceptor', 'FileFieldsInterceptor', 'AnyFilesInterceptor'))
_NEST_UPLOAD_PACKAGES = ('@nestjs/platform-express', '@nest-lab/fastify-multer', '@blazity/nest-file-fastify',
                         'nest-file-fastify')


def server_fields(file: File, declared: Iterable[str] = ()) -> frozenset[str]:
    """The fields of an uploaded file in ``file`` that its parser chose, for a project declaring
    the packages ``declared``."""
    return SERVER_FIELDS | FORMIDABLE_FIELDS if parses_with_formidable(file, declared) else SERVER_FIELDS


def basename_only(file: File, path: tuple[str, ...]) -> bool:
    """A request value at ``path`` (``('file', 'originalname')``) is an uploaded file's name its
    parser cut to the last segment: no ``/`` in it, unless ``file`` asks multer to keep paths."""
    return bool(path) and path[-1] in BASENAME_FIELDS and (b'preservePath' not in file.source or _KEEPS_PATHS.search(file.source) is None)


def parses_with_formidable(file: File, declared: Iterable[str]) -> bool:
    """``file`` or its package binds formidable or a parser built on it."""
    if not _FORMIDABLE.isdisjoint(declared):
        return True
    if b'formidable' not in file.source and b'koa-body' not in file.source:
        return False
    return file.fact(_imports_formidable)


def _imports_formidable(file: File) -> bool:
    return any(packages.package_name(spec) in _FORMIDABLE for _, spec in importers.imports(file.source))


def nest_interceptor(file: File, decorator: Node) -> Node | None:
    """The upload interceptor of a ``@UseInterceptors(...)`` decorator (``FilesInterceptor('files')``),
    by what its name is bound to (an import of @nestjs/platform-express), or by its name where the
    file does not say."""
    call = decorator.named_children[0] if decorator.type == 'decorator' and decorator.named_children else None
    if call is None or call.type != 'call_expression' or s.callee_name(call) != 'UseInterceptors':
        return None
    for arg in s.arguments(call):
        arg = s.unwrap(arg)
        if arg.type != 'call_expression' or s.callee_name(arg) not in NEST_INTERCEPTORS:
            continue
        callee = s.callee(arg)
        found = bindings.binding(file, callee) if callee is not None else None
        if found is None or found.library.startswith(_NEST_UPLOAD_PACKAGES):
            return arg
    return None
