; Local-time Date getters/setters and locale formatting.
(call_expression
  function: (member_expression
    property: (property_identifier) @timezone.method)
  (#match? @timezone.method "^((get|set)(Date|Day|Month|FullYear|Year|Hours)|toLocale(Date|Time)?String)$")) @timezone.call

; new Date(...) and Date.parse(...): multi-argument local constructor, offset-less strings.
(new_expression
  constructor: (identifier) @_timezone.date
  (#eq? @_timezone.date "Date")) @timezone.new
(call_expression
  function: (member_expression
    object: (identifier) @_timezone.dateobj
    property: (property_identifier) @_timezone.parse)
  (#eq? @_timezone.dateobj "Date")
  (#eq? @_timezone.parse "parse")) @timezone.parse

; new Intl.DateTimeFormat(...)
(new_expression
  constructor: (member_expression
    object: (identifier) @_timezone.intl
    property: (property_identifier) @_timezone.dtf)
  (#eq? @_timezone.intl "Intl")
  (#eq? @_timezone.dtf "DateTimeFormat")) @timezone.intl
