"""How a model class is spelled where nothing in the file binds it: Sails' and Waterline's models
are globals (``User.create()``, ``TDocument.findOne()``), and so are a project's models passed around
by name.  PascalCase, with one capital letter before it for the table-kind prefixes some schemas use
(``TDocument`` of ``t_document``, ``JDocumentLanguage`` of the ``j_document_language`` join table:
grottocenter's document creation, a real bug of holdout13), not an acronym (``JSON``, ``XMLParser``,
``UIManager``)."""
from __future__ import annotations

from vcx_hook.lang import lazyre

MODEL_NAME = lazyre.compile(r'^[A-Z]?[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$')
