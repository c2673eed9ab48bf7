package lint

import (
	"github.com/middleware-playground/playground/stack"
)

// articleSpecs are the rules from the articles' lessons, on the catalog's example middleware.
var articleSpecs = []*spec{
	{
		Rule: Rule{ID: "auth-before-jwt", Title: "Middleware that set request.user belong below AuthenticationMiddleware", Severity: Error,
			Explanation: "AuthenticationMiddleware sets request.user from the session, unconditionally. A JWT (or OAuth token) middleware above it sets the user first and has it overwritten: every token-authenticated request becomes anonymous.",
			Fix:         "Put the token middleware below AuthenticationMiddleware.", Docs: docsAuthCustom},
		subjects: []string{stack.PathJWT, stack.PathSilentJWT, pathOAuth2Token}, above: []string{stack.PathAuth},
		msgOrder: "{subject} sits above {partners}, which overwrites the user it set: a request with a valid Bearer token is treated as anonymous.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "jwt-before-login-check", Title: "Token middleware belong above the login check", Severity: Error,
			Explanation: "A hand-written login-required middleware decides on request.user in its request phase. A JWT middleware below it sets the user too late: token clients are rejected before their token is read. (Django's LoginRequiredMiddleware decides in process_view, after every layer's request phase, so it is not subject to this.)",
			Fix:         "Put the JWT middleware above the login check.", Docs: docsAuthCustom},
		subjects: []string{stack.PathLoginPattern}, above: []string{stack.PathJWT, stack.PathSilentJWT, pathOAuth2Token},
		msgOrder: "{subject} sits above {partners}: an API request with a valid Bearer token is rejected as anonymous.",
		fixOrder: "Move {partners} above {subject}.",
	},
	{
		Rule: Rule{ID: "silent-jwt-swallows-errors", Title: "SilentJWTMiddleware hides token errors", Severity: Info,
			Explanation: "The articles' first JWT middleware wraps decoding in a bare except: an expired or forged token silently becomes an anonymous user, so clients get a login redirect or a confusing 401/403 instead of a clear 'token expired'.",
			Fix:         "Use JWTMiddleware, which answers 401 with the reason.", Docs: docsAuthCustom},
		subjects: []string{stack.PathSilentJWT}, custom: presentNote("{subject} swallows every token error: a request with an expired Bearer token is quietly treated as anonymous instead of being told why."),
	},
	{
		Rule: Rule{ID: "timing-outermost", Title: "A timing or metrics middleware belongs first", Severity: Warning,
			Explanation: "A timing middleware measures only the layers below it, and responses answered above it are not timed at all. First in the list (with only request-ID or metrics middleware beside it), it measures the whole stack.",
			Fix:         "Put it first.", Docs: docsOrdering},
		subjects: []string{stack.PathRequestTime, pathPromBefore}, aboveAll: true, exempt: outermost,
		msgOrder: "{subject} sits below {partners}: their time is missing from X-Request-Duration, and responses they answer (redirects, 403s) are not timed.",
		fixOrder: "Move {subject} to the top.",
	},
	{
		Rule: Rule{ID: "request-id-outermost", Title: "A request-ID middleware belongs first", Severity: Warning,
			Explanation: "A request-ID middleware tags logs and responses. Listed below others, their log lines lack the ID and responses they answer lack the header.",
			Fix:         "Put it first.", Docs: "https://django-guid.readthedocs.io/en/latest/install.html"},
		subjects: []string{pathGUID, pathRequestID}, aboveAll: true, exempt: outermost,
		msgOrder: "{subject} sits below {partners}: responses they answer carry no request ID and their logs cannot be correlated.",
		fixOrder: "Move {subject} to the top.",
	},
	{
		Rule: Rule{ID: "rate-limit-above-session", Title: "A rate limiter belongs above session and auth work", Severity: Warning,
			Explanation: "A rate limiter that rejects with 429 should do so before anything expensive runs. Below SessionMiddleware and AuthenticationMiddleware, every rejected request still loads its session and user.",
			Fix:         "Put RateLimitMiddleware above SessionMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathRateLimit}, below: []string{stack.PathSession, stack.PathAuth},
		msgOrder: "{subject} sits below {partners}: a flood of requests still loads a session and user for each one before it is answered 429.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "path-rewrite-above-path-checks", Title: "Path rewriting belongs above every check that reads the path", Severity: Error,
			Explanation: "TenantPrefixMiddleware strips /t/<tenant> from path_info. Middleware above it see the prefixed path, so exemption lists (/health/, /api/webhooks/) and login-by-pattern checks (/dashboard/) never match tenant URLs.",
			Fix:         "Put TenantPrefixMiddleware above the path checks.", Docs: docsOrdering},
		subjects: []string{stack.PathTenantPrefix}, below: []string{stack.PathInternalNet, stack.PathLoginPattern},
		msgOrder: "{subject} sits below {partners}, which see /t/<tenant>/... : GET /t/acme/health/ from outside is refused although /health/ is exempt, and /t/acme/dashboard/ skips the login check.",
		fixOrder: "Move {subject} above {partners}.",
	},
	{
		Rule: Rule{ID: "allowlist-below-common", Title: "An allowlist with exempt paths belongs below CommonMiddleware", Severity: Warning,
			Explanation: "EnforceInternalNetworkMiddleware exempts /health/ and /api/webhooks/. Above CommonMiddleware it sees /health before APPEND_SLASH could redirect it to /health/, so the exemption misses.",
			Fix:         "Put the allowlist below CommonMiddleware.", Docs: docsOrdering},
		subjects: []string{stack.PathInternalNet}, above: []string{stack.PathCommon},
		msgOrder: "{subject} sits above {partners}: GET /health from outside the network is refused with 403 instead of being redirected to the exempt /health/.",
		fixOrder: "Move {subject} below {partners}.",
	},
	{
		Rule: Rule{ID: "header-above-answering", Title: "A header that every response must carry belongs above middleware that answer", Severity: Warning,
			Explanation: "A middleware adds its header to the responses that pass through it on the way out. Responses made above it (CommonMiddleware's slash redirects, WhiteNoise's files, 403/429/401 answers, cache hits, CORS preflights) never do.",
			Fix:         "Put CustomHeaderMiddleware above the middleware that answer on their own.", Docs: docsOrdering},
		subjects: []string{stack.PathCustomHeader}, below: []string{stack.PathCommon, stack.PathWhiteNoise, stack.PathInternalNet, stack.PathRateLimit, stack.PathLoginPattern, stack.PathFetchCache, stack.PathCors},
		msgOrder: "{subject} sits below {partners}: responses they answer themselves, like the 301 for GET /dashboard without a slash, lack X-Playground.",
		fixOrder: "Move {subject} above {partners}.",
	},
}
