; Registrations that outlive their caller: listeners, timers, subscriptions, observers, watchers,
; socket.io-client connections (Python checks the receiver and the imports).
(call_expression
  function: [
    (identifier) @_missing-cleanup.name
    (member_expression property: (property_identifier) @_missing-cleanup.name)
  ]
  (#match? @_missing-cleanup.name "^(addEventListener|on|addListener|prependListener|subscribe|observe|watch|watchFile|onSnapshot|onAuthStateChanged|onIdTokenChanged|onValue|setInterval|io|listen|block)$")) @missing-cleanup.register
; Opened connections.
(new_expression
  constructor: (identifier) @_missing-cleanup.ctor
  (#match? @_missing-cleanup.ctor "^(WebSocket|EventSource|ReconnectingWebSocket)$")) @missing-cleanup.register
