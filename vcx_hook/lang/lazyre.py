"""Regular expressions compiled on first use.

The check modules hold ~80 module-level patterns; compiling them all costs ~60 ms, a quarter of
a hook run, although a typical commit needs the patterns of two or three families.  ``compile``
returns a stand-in that compiles on the first method call and then binds the real pattern's
methods onto itself, so later calls cost what calls on a compiled pattern cost.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any
from typing import AnyStr
from typing import cast

# Whitespace and comments between two tokens, in a byte pattern (``rb'\.' + GAP + rb'query'``).
GAP = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*\n)*'


class _Lazy:
    def __init__(self, pattern: str | bytes, flags: int, needs: tuple[Any, ...] = ()) -> None:
        self._args: tuple[Any, int] = (pattern, flags)
        self._needs = needs
        _pending.append(self)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._args[0], self._args[1])
        for method in ('search', 'match', 'fullmatch', 'finditer', 'findall', 'sub', 'subn', 'split'):
            setattr(self, method, getattr(compiled, method))
        if self._needs:
            self.search = _searched_where(compiled, self._needs)
        self.__dict__.update(pattern=compiled.pattern, flags=compiled.flags, groups=compiled.groups,
                             groupindex=compiled.groupindex)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f'lazyre.compile({self._args[0]!r}, {self._args[1]})'


_pending: list[_Lazy] = []


def warm(go_on: Callable[[], bool]) -> int:
    """Compile patterns not used yet, while ``go_on()`` says there is time (the hook's helper
    does it while it waits for work).  Returns how many were compiled."""
    done = 0
    while _pending and go_on():
        lazy = _pending.pop()
        if 'search' not in lazy.__dict__:
            lazy.pattern  # noqa: B018  the first attribute read compiles
            done += 1
    return done


def found_at(pattern: re.Pattern[bytes], starts: Iterable[bytes], data: bytes) -> bool:
    """``pattern.search(data) is not None``, for a pattern every match of which begins with one of
    ``starts``: tried only where one of them is.  The engine tries a pattern that starts with a
    lookbehind or ``\\b`` at every byte (~0.1 µs each: 3 ms over an 880-line file), where
    ``bytes.find`` skips to the few places it may match."""
    for start in starts:
        at = data.find(start)
        while at != -1:
            if pattern.match(data, at) is not None:
                return True
            at = data.find(start, at + 1)
    return False


def finditer_at(pattern: re.Pattern[bytes], starts: Iterable[bytes], data: bytes) -> Iterator[re.Match[bytes]]:
    """``pattern.finditer(data)``, for a pattern every match of which begins with one of ``starts``
    and is not empty: tried only where one of them is (``found_at``)."""
    at = sorted({i for start in starts for i in _places(start, data)})
    end = 0
    for i in at:
        if i >= end:
            m = pattern.match(data, i)
            if m is not None:
                end = m.end()
                yield m


def _places(start: bytes, data: bytes) -> Iterator[int]:
    at = data.find(start)
    while at != -1:
        yield at
        at = data.find(start, at + 1)


def compile(pattern: AnyStr, flags: int = 0, needs: tuple[AnyStr, ...] = ()) -> re.Pattern[AnyStr]:  # noqa: A001 (mirrors re.compile)
    """Like ``re.compile``, but the work happens on first use.  With ``needs``, parts one of which
    every match holds, ``search`` is tried only in a text that holds one: a long alternation whose
    branches start with classes or optional parts (``[lL]ock\\(``, ``E?11000``) is tried at every
    byte, where ``in`` finds a literal many times faster."""
    return cast('re.Pattern[AnyStr]', _Lazy(pattern, flags, needs))


def _searched_where(compiled: re.Pattern[Any], needs: tuple[Any, ...]) -> Callable[..., re.Match[Any] | None]:
    search = compiled.search

    def searched(string: Any, *args: int) -> re.Match[Any] | None:
        for part in needs:
            if part in string:
                return search(string, *args)
        return None

    return searched
