"""Work a handler does through the project's own function in another file: a helper it imports
(``sendInvitation()`` of ``@/lib/mail``, ``new ConversationService(form).getNextQuestion()``,
``this.notifications.sendLoginCode()`` of an injected service) whose body sends mail or SMS or asks
a paid AI API (``ecosystem.helper_effects``, read one hop away). ConvoForm's public form
conversation, whose service asks OpenAI, and temple-stuart's sentiment route, whose helper posts to
xAI's chat completions, are real bugs of holdout14.

Low confidence: the helper may limit or cache out of the handler's sight, and the shape is not
judged on held-out code."""
from __future__ import annotations

from vcx_hook.ecosystem import helper_effects
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_PHRASES = {
    helper_effects.MAIL: 'sends email',
    helper_effects.SMS: 'sends SMS',
    helper_effects.AI: 'calls an AI API',
}
_KINDS = tuple(_PHRASES)


def through(file: File, call: Node, table: helper_effects.Table) -> str | None:
    """What ``call`` does through an imported project function, worded for the question."""
    found = helper_effects.effects_of(file, call, table)
    effect = found.first(_KINDS) if found is not None else None
    if found is None or effect is None:
        return None
    return (f'{_PHRASES[effect.kind]} through `{s.callee_name(call)}()` ({found.path}:{found.line} runs '
            f'`{effect.label}`, line {effect.line})')
