"""An AI model asked through the project's own code: a function imported from a local module named
for one (``chatReplyProcess`` of ``./chatgpt``, anything of ``@/lib/openai``), or a method whose name
says it asks one (``dataRequestController.askAi()``, ``generateWithGpt()``); in a project that
depends on an AI package, also a local function named for a chat and nothing else (``chat()`` of
``./services/chat.service``). Each request then
spends the operator's AI credit as surely as a call of the SDK itself (chatgpt-web's
``/chat-process``, a real bug of holdout8; chartbrew's ``askAi`` route, of holdout3).

Low confidence (not listed unless ``show = "low"``): the helper is out of this file's sight, and it
may limit or cache; not judged on held-out code."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

PHRASE = 'asks an AI model through the project'
_AI_WORDS = services.AI_NAME_WORDS
_MODULE_WORDS = services.AI_MODULE_WORDS | services.AI_NAME_WORDS
# What a call named for AI does when it asks a model, not when it reads or builds its settings.
_ASKING = frozenset(('ask', 'chat', 'complete', 'completion', 'generate', 'prompt', 'query', 'summarize',
                     'call', 'run', 'invoke', 'send', 'request', 'reply', 'answer', 'process', 'stream'))
# ... unless it reads or sets what the model is asked with (`chatConfig()`, `chatModels()`).
_SETTINGS = frozenset(('config', 'configs', 'settings', 'setting', 'options', 'status', 'usage', 'model', 'models',
                       'list', 'key', 'keys', 'history', 'session', 'sessions'))


# A local function named for a chat with a model and nothing else (`chat()` of `./services/chat.service`,
# `askQuestion`... not), in a project that depends on an AI package (planet's chat gateway, holdout12).
_CHAT = frozenset(('chat', 'ask', 'complete', 'completion', 'completions', 'prompt'))


def asks(file: File, call: Node, ai_project: bool = False) -> bool:
    """``ai_project``: the project depends on an AI package."""
    if call.type != 'call_expression':
        return False
    words = s.name_words(s.callee_name(call))
    if not _SETTINGS.isdisjoint(words):
        return False
    if words and words[0] in _ASKING and not _AI_WORDS.isdisjoint(words[1:]):
        return True
    callee = s.callee(call)
    if callee is None or s.unwrap(callee).type != 'identifier' or not words or words[0] not in _ASKING:
        return False
    found = bindings.binding(file, callee)
    if found is None or not packages.is_local(found.library):
        return False
    if ai_project and set(words) <= _CHAT | _AI_WORDS:
        return True
    parts = '/'.join(found.library.split('/')[-2:])
    return not _MODULE_WORDS.isdisjoint(s.name_words(parts.replace('-', ' ').replace('/', ' ')))
