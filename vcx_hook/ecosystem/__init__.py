"""What the JavaScript world's names mean, written once and asked by every check.

``stores`` (databases, ORMs, query builders, Redis, files), ``http`` (HTTP clients and their
contracts), ``paths`` (what a file is for, from its path), ``runtime`` (server or browser code),
``limiters`` (rate limiters), ``services`` (mail, SMS, payment and AI providers a handler calls)
and ``requests`` (where request data comes from: the values a client controls);
``bindings`` tells what a receiver's name is bound to (an import, a construction, an injected or
annotated type), with ``packages`` the one table of which packages are stores and clients.
A family takes its name lists from here; the configuration's ``[names]`` table extends each list
once for every family that asks it (``names.SHARED``).
"""
