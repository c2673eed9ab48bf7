// Package stack is Middleware Playground's engine: a model of Django's
// request/response machinery that runs sample requests through a
// MIDDLEWARE list, exactly as Django 3.2, 4.2 or 5.2 (the default) would,
// and records what happened.
//
// It is pure Go: no I/O, no HTTP, no database and no wall clock. Time is a
// virtual clock, sessions, users, API tokens and the page cache live in
// memory for the length of one simulation, and randomness (session keys,
// CSRF tokens) comes from a fixed seed, so the same scenario always gives
// the same trace. It is the one place in the project that knows Django's
// rules: the web layer, the exercises and the linter only render or check
// what it returns.
//
// # Running a scenario
//
//	sc, err := stack.ParseScenario(jsonBytes) // strict; errors name the field
//	tr, err := stack.Simulate(sc)             // unknown middleware pass requests through
//	tr, err := stack.SimulateStrict(sc)       // unknown middleware are an error
//
// A Scenario is the conformance format of ../shared/conformance: a
// MIDDLEWARE list, settings overrides, and requests that run in order
// against one demo site whose state persists between them. Each request
// names a browser (its cookie jar) and credentials ("session:alice",
// "jwt:alice", "csrf:valid", ...), which are real artifacts: session rows,
// HS256 JWTs signed and verified with golang-jwt, masked CSRF tokens.
//
// The Trace has one Result per request. Its first fields and its Events
// method are the conformance format (status, view, user_at_view, headers,
// cookies, body_json, body_h1, events); Trace.ConformanceJSON prints
// exactly those, and the tests compare them with the goldens real Django
// produced. The rest is for people: who answered (AnsweredBy), the
// Outcome in one sentence, the exception, the virtual duration, whether a
// page came from the cache, the browser's CORS verdict, and Steps: every
// hook and the work inside it, each with its virtual time and cost,
// request.user and where it came from, the session's state, path_info,
// the headers and cookies it set, and a plain-language reason for each
// decision.
//
// Every step is a plain Step value appended to its Result, with what the
// layer saw then: request.user, the session's state, path_info. A
// step that records a decision carries a Reason: a code (reasons.go
// lists them all, with their wording) and its arguments. Programs
// compare codes; Outcome, Events and each Reason's String spell them
// out for people.
//
// # Explaining results
//
// SampleRequests is the playground's default request set, each with an
// Expectation. Diagnose compares a Result with its request's expectation
// and says where the request left the expected path, why, and what to
// change. Compare lists, request by request, how two traces of the same
// requests differ (on two versions, say) and where their steps part.
//
// # The catalog
//
// Catalog lists every middleware the engine models with what the UI and
// the linter need: dotted path, summary, hooks, placement advice and
// constraints, a docs link, and the virtual cost of each step, the first
// version that has it (Since) and what later versions change (Changes;
// CatalogIn gives the catalog as one version has it). Lookup and Suggest
// find entries; KnownSettings lists the settings the engine reads.
//
// # How the model is built
//
// buildHandler mirrors BaseHandler.load_middleware: every layer is wrapped
// in convert_exception_to_response (callGuarded), MiddlewareMixin classes run
// process_request, the inner layers and process_response (mixinCall),
// function-style middleware get a next() callback (callHook), and the core
// resolves the URL, runs process_view hooks top to bottom, the view, and
// process_exception hooks bottom to top. Django's default error handlers
// are wrapped in requires_csrf_token, which is how an exception can escape
// Django entirely with CSRF_USE_SESSIONS. Nothing in the engine knows any
// scenario: behaviour falls out of these mechanisms.
//
// # Django versions
//
// The Django version is a parameter of a scenario ("django": "3.2",
// "4.2" or "5.2"; DefaultVersion when empty). version.go holds what
// differs, as flags read where Django makes the difference: SecurityMiddleware
// adds COOP (4.0), CommonMiddleware appends the slash in process_response
// (4.2), CsrfViewMiddleware checks Origin (4.0) and keeps the bare secret
// in its cookie (4.1, csrf_secret.go), the page cache adds Age (5.1),
// cors-headers 4 and WhiteNoise 6.8 are plain __call__ layers, and so on.
// 3.2 is Debian's 3.2.25, whose cache backports are modelled too. Each
// version's goldens are checked by the conformance test.
package stack
