; Option keys with a literal value: hosts and service addresses, a child process's timeout.
; Python keeps the keys of its name lists and the values that are constants.
(pair
  key: [(property_identifier) (string)] @_hardcoded-config.key
  value: [(number) (string) (template_string) (binary_expression) (parenthesized_expression)] @hardcoded-config.value
  (#match? @_hardcoded-config.key "(?i)(timeout|conn|host|server|url|uri|endpoint|origin|dsn)"))

; URLs and connection strings: 'http://localhost:4000', `mongodb://db:27017/app`.
; The schemes are ecosystem/schemes.WEB and SERVICES, filled in by load_query.
((string) @hardcoded-config.url
  (#match? @hardcoded-config.url "{quoted_url}"))
((template_string) @hardcoded-config.url
  (#match? @hardcoded-config.url "{template_url}"))
