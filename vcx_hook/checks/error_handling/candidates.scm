; Network calls by name: fetch(url), axios(config), got(url), ky(url), $fetch(url), nodeFetch(url).
; Python keeps the names of the `fetch_functions` and `clients` lists; the patterns are
; ecosystem/http.CALLED_NAMES and http.METHODS, filled in by load_query.
(call_expression
  function: (identifier) @_error-handling.fn
  (#match? @_error-handling.fn "{called}")) @error-handling.call

; Method calls on a client module or an instance: axios.get(url), api.post(url), https.request(opts).
(call_expression
  function: (member_expression
    object: (identifier)
    property: (property_identifier) @_error-handling.method)
  (#match? @_error-handling.method "{methods}")) @error-handling.call

; A class's own field holding fetch: this._fetch(url), set to `options.fetch || fetch`.
(call_expression
  function: (member_expression
    object: (this)
    property: (property_identifier) @_error-handling.field)
  (#match? @_error-handling.field "{called}")) @error-handling.call

; Promise chains used as statements: neither awaited nor returned.
(expression_statement
  (call_expression
    function: (member_expression property: (property_identifier) @_error-handling.then)
    (#match? @_error-handling.then "^(then|finally)$")) @error-handling.then)

; Awaits: an Express async handler that awaits outside try/catch.
(await_expression) @error-handling.await
