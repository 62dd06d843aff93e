; Calls that may be sinks: SQL, Mongo filters, HTML, code, shell, file paths, redirects, outbound mail/SMS.
(call_expression
  function: [
    (identifier) @_unvalidated-input.fn
    (member_expression property: (property_identifier) @_unvalidated-input.fn)
  ]
  (#any-of? @_unvalidated-input.fn "query" "execute" "raw" "$queryRawUnsafe" "$executeRawUnsafe" "whereRaw" "orWhereRaw" "havingRaw" "orderByRaw" "joinRaw" "fromRaw" "unsafe" "prepare" "run" "find" "findOne" "findOneAndUpdate" "findOneAndDelete" "findOneAndReplace" "findOneAndRemove" "updateOne" "updateMany" "deleteOne" "deleteMany" "replaceOne" "countDocuments" "insertAdjacentHTML" "write" "writeln" "send" "end" "eval" "Function" "setTimeout" "setInterval" "runInNewContext" "runInThisContext" "runInContext" "compileFunction" "exec" "execSync" "spawn" "spawnSync" "readFile" "readFileSync" "writeFile" "writeFileSync" "appendFile" "appendFileSync" "createReadStream" "createWriteStream" "unlink" "unlinkSync" "rm" "rmSync" "rmdir" "rmdirSync" "readdir" "readdirSync" "rename" "renameSync" "copyFile" "copyFileSync" "remove" "removeSync" "outputFile" "outputFileSync" "readJson" "readJsonSync" "writeJson" "writeJsonSync" "outputJson" "outputJsonSync" "emptyDir" "emptyDirSync" "move" "moveSync" "sendFile" "sendfile" "download" "redirect" "assign" "replace" "push" "fetch" "got" "ky" "ofetch" "$fetch" "needle" "create" "search")) @unvalidated-input.call

; Outbound mail/SMS helpers by name (sendEmail, sendSms, notifyUser, sendInvite...).
(call_expression
  function: [
    (identifier) @_unvalidated-input.out
    (member_expression property: (property_identifier) @_unvalidated-input.out)
  ]
  (#match? @_unvalidated-input.out "^([sS]end|notify)|[mM]ail|[sS]ms|[iI]nvit")) @unvalidated-input.call

; axios.get(url), got.post(url), http.get(url): server-side requests.
(call_expression
  function: (member_expression
    object: (identifier) @_unvalidated-input.client
    property: (property_identifier))
  (#match? @_unvalidated-input.client "^(axios|got|http|https|superagent|needle|ky|undici|request|ofetch)$")) @unvalidated-input.client

; new Function(code), new vm.Script(code).
(new_expression
  constructor: [
    (identifier) @_unvalidated-input.ctor
    (member_expression property: (property_identifier) @_unvalidated-input.ctor)
  ]
  (#match? @_unvalidated-input.ctor "^(Function|Script)$")) @unvalidated-input.new

; el.innerHTML = ..., location.href = ..., window.location = ..., ctx.body = ...
(assignment_expression
  left: [
    (member_expression property: (property_identifier) @_unvalidated-input.prop)
    (identifier) @_unvalidated-input.prop
  ]
  (#match? @_unvalidated-input.prop "^(innerHTML|outerHTML|href|location|body)$")) @unvalidated-input.assign

; dangerouslySetInnerHTML={{ __html: ... }}
(pair
  key: (property_identifier) @_unvalidated-input.html
  (#eq? @_unvalidated-input.html "__html")) @unvalidated-input.html
