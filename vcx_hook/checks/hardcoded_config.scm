; Option keys with a literal value: timeouts, retries, pool sizes, TTLs, hosts, ports.
; Python keeps the keys of its name lists and the values that are constants.
(pair
  key: [(property_identifier) (string)] @_hardcoded-config.key
  value: [(number) (string) (template_string) (binary_expression) (parenthesized_expression)] @hardcoded-config.value
  (#match? @_hardcoded-config.key "(?i)(timeout|retr|attempt|pool|conn|max|min|socket|idle|ttl|expir|^['\"]?[ep]x['\"]?$|age|host|server|url|uri|endpoint|origin|dsn|port)"))

; URLs and connection strings: 'http://localhost:4000', `mongodb://db:27017/app`.
; The schemes are ecosystem/schemes.WEB and SERVICES, filled in by load_query.
((string) @hardcoded-config.url
  (#match? @hardcoded-config.url "{quoted_url}"))
((template_string) @hardcoded-config.url
  (#match? @hardcoded-config.url "{template_url}"))

; Calls that take a duration, a count or a port: AbortSignal.timeout(5000), req.setTimeout(5000),
; superagent(...).timeout(5000).retry(3), redis.setex(key, 3600, v), app.listen(3000); and
; controller.abort(), which Python follows out to an abort timer: setTimeout(() => c.abort(), 5000).
(call_expression
  function: (member_expression property: (property_identifier) @_hardcoded-config.method)
  (#match? @_hardcoded-config.method "^(timeout|setTimeout|retry|setex|psetex|expire|pexpire|listen|abort)$")) @hardcoded-config.call

; server.keepAliveTimeout = 65000, axios.defaults.timeout = 10000.
(assignment_expression
  left: (member_expression property: (property_identifier) @_hardcoded-config.prop)
  right: [(number) (binary_expression)]
  (#match? @_hardcoded-config.prop "(?i)timeout")) @hardcoded-config.assign
