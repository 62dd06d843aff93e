"""What an upload parser sets on a request's files itself, not the client; and NestJS's upload
interceptors (``@UseInterceptors(FilesInterceptor('attachments'))``), its multer middleware.

multer's ``req.file.path`` and ``destination`` (Koa's ``ctx.request.file.path``), express-fileupload's
``req.files.x.tempFilePath`` and a file's ``size`` are the server's, whatever parses; formidable
(v2 and later, and koa-body and express-formidable, which parse with it) chooses a file's
``filepath`` and ``newFilename`` in its own upload folder, where the project parses uploads with it:
the file imports one of those packages, or the packages declared for it hold one.  Its
``originalFilename`` and ``mimetype`` are the client's.
"""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

SERVER_FIELDS = frozenset(('path', 'destination', 'size', 'tempFilePath'))
FORMIDABLE_FIELDS = frozenset(('filepath', 'newFilename'))
_FORMIDABLE = frozenset(packages.FORMIDABLE_PARSERS)
# @nestjs/platform-express's interceptors that run multer on a route (and the Fastify ports' of them).
NEST_INTERCEPTORS = frozenset(('FileInterceptor', 'FilesInterceptor', 'FileFieldsInterceptor', 'AnyFilesInterceptor'))
_NEST_UPLOAD_PACKAGES = ('@nestjs/platform-express', '@nest-lab/fastify-multer', '@blazity/nest-file-fastify',
                         'nest-file-fastify')


def server_fields(file: File, declared: Iterable[str] = ()) -> frozenset[str]:
    """The fields of an uploaded file in ``file`` that its parser chose, for a project declaring
    the packages ``declared``."""
    return SERVER_FIELDS | FORMIDABLE_FIELDS if parses_with_formidable(file, declared) else SERVER_FIELDS


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
