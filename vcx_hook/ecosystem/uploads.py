"""What an upload parser sets on a request's files itself, not the client.

multer's ``req.file.path`` and ``destination`` (Koa's ``ctx.request.file.path``), express-fileupload's
``req.files.x.tempFilePath`` and a file's ``size`` are the server's, whatever parses; formidable
(v2 and later, and koa-body and express-formidable, which parse with it) chooses a file's
``filepath`` and ``newFilename`` in its own upload folder, where the project parses uploads with it:
the file imports one of those packages, or the packages declared for it hold one.  Its
``originalFilename`` and ``mimetype`` are the client's.
"""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.lang.scope import File

SERVER_FIELDS = frozenset(('path', 'destination', 'size', 'tempFilePath'))
FORMIDABLE_FIELDS = frozenset(('filepath', 'newFilename'))
_FORMIDABLE = frozenset(packages.FORMIDABLE_PARSERS)


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
