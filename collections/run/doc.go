// Package run replays the requests of a collection: resolving each against
// the scope, sending it through one shared authflow.Client, checking its
// expectations, capturing values for later requests, and gathering the
// outcome into a report.Report. Run replays a whole collection (keyway run,
// the TUI's run view); One sends a single request (the TUI's send).
//
// # Order and selection
//
// Requests run in file order. Options.Only selects by name: a request runs
// when its own name, or the name of its folder, is in the list (so
// `--only users` runs every request of folder "users"). A name that matches
// neither a request nor a folder is an error, a *UsageError, returned before
// anything is sent; so is an environment the collection does not define.
// Options.Tags keeps the requests holding one of the tags, intersected with
// Only; Options.Shard then keeps one shard of that selection, for a CI
// matrix (see Shards for what stays together). Select applies the same
// rules for callers that check a run's requests before it.
// The report lists the requests that ran in file order, whatever order they
// finished in.
//
// # Assertions and captures
//
// Every expectation of a request becomes an assertion of its result, in
// this order: the status (the expected one, or any 2xx when none is set),
// each header (the named response header, matched case-insensitively, must
// contain the text, case-sensitively), each jq expression (evaluated on the
// JSON body, it must yield at least one value and only true), max_duration
// (the time of the request itself, without any token request before it),
// then each capture. A request passes when it got a response and every
// assertion holds. All of them are evaluated even when the status is wrong,
// so the report says everything that differed.
//
// The expected header text and the jq expressions are used as written:
// references such as {{user_id}} in them are not resolved.
//
// A capture takes the first value its jq expression yields on the JSON body
// — strings as they are, numbers as written, objects and arrays as compact
// JSON. Null, no value, an error or a body that is not JSON fails that
// capture's assertion, and so the request. Captured values are never
// written to a report (they are often tokens); Outcome.Captures holds them.
// Captures are taken whenever a response arrived, even when an assertion
// failed. A captured value takes precedence over every other definition of
// the variable (vars, environment, --var) and is inserted literally.
//
// # Which requests wait for which
//
// Request B depends on an earlier request A when B uses a variable x that A
// captures and no request between them (among those selected) also captures
// x. B "uses" x when {{x}} appears in any templated field of B (URL, headers,
// query, body, json, form), in any field of the profile B is sent
// with (a bearer token captured from a login response), or in the value of
// a variable B uses — vars, the chosen environment and --var values are
// followed however deeply, except through a variable that is itself
// captured. B then starts only after A has finished, and takes x from A's
// captures. If A failed to capture x — it got no response, its body was not
// JSON, the expression yielded nothing — B is not sent and fails with the
// error "variable x was not captured because request "A" failed".
// This holds at every concurrency, so B always sees the values a sequential
// run would give it. References that cannot be captured ({{env:NAME}},
// {{secret:NAME}}, {{prompt}}) create no dependency.
//
// A request whose method is not safe (RFC 9110 §9.2.1: anything but GET,
// HEAD, OPTIONS and TRACE — so POST, PUT, PATCH, DELETE and extension
// methods) is a barrier: it starts only after every earlier selected
// request has finished, and every later request starts only after it has
// finished, since it changes what the requests around it see ("Delete the
// note" must not overtake "Read the note back"). Barriers only order: a
// barrier that fails does not stop the requests after it. Safe requests
// between two barriers that depend on nothing else in the run are
// independent: they may be sent in any order and at the same time.
//
// # Concurrency
//
// With Options.Concurrency N > 1, up to N requests are in flight at once.
// Requests are started in file order as slots free up, except that a
// request waiting for its dependencies lets later independent requests go
// first (never past a barrier). With N ≤ 1 requests are sent strictly one after another in file
// order. OnStart and OnResult are called as requests start and finish, from
// a single goroutine, never concurrently and never after Run returns; that
// goroutine also starts the requests, so a slow callback slows the run.
//
// # Failures, fail-fast and cancellation
//
// A request that fails — an unresolved variable, a refused connection, a
// timeout, a TLS error, a failed assertion or capture — is reported with its
// Error (for the first kinds) or its failed assertions, and the run goes on.
// With Options.FailFast no request starts after the first failure; requests
// already in flight (Concurrency > 1) finish and are reported; the others
// are neither sent nor counted in the summary.
//
// When ctx is cancelled (ctrl+c), no request starts, requests in flight are
// cancelled through their context, and Run returns promptly — with a nil
// error — the report of the requests that finished before; interrupted and
// unstarted requests are not counted. Callers tell an interrupted run by
// ctx.Err().
//
// # Secrets
//
// Each result's URL, error and assertion values are redacted with the
// secrets of its request, its profile and the tokens its flow obtained
// (authflow.NewRedactor, which also masks their URL-, path- and
// JSON-escaped forms), then with every secret the run has met so far,
// before OnResult sees it — so a live line on stdout is as clean as the
// report — and the whole report once more with every secret of the run
// before Run returns it. A captured value of 8 bytes or more that a request
// sends in a header or the query string (a token captured from a login
// response, sent as "Bearer {{tok}}") is one of that request's secrets
// (see collections.Prepare); so a token captured by a login request is
// masked in the login's result in the report once a later request has used
// it. A Go transport error that quotes the URL (with an API key in its
// query) is therefore masked.
//
// # Cost
//
// Every jq expression is compiled once per run, each request's variables and
// dependencies are worked out once before the first send, and every request
// goes through the same authflow.Client, so connections and OAuth2 tokens are
// reused. Nothing is logged per request.
package run
