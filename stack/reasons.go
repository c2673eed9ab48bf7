package stack

import (
	"fmt"
	"strings"
)

// ReasonCode names why a step did what it did. Programs (Diagnose, the
// page, the exercises' goals) compare codes; people read the sentence
// Reason.String makes from the code's wording and the reason's
// arguments. Every sentence the engine says is worded in this file.
type ReasonCode string

// Reason is a code with the values its sentence is about. Cause, when
// set, is a more specific reason this one wraps (why a JWT was refused,
// why a CSRF check failed): its sentence fills the first %s.
type Reason struct {
	Code  ReasonCode
	Cause ReasonCode
	Args  []string
}

// Is says r is the code c or wraps it.
func (r Reason) Is(c ReasonCode) bool { return r.Code == c || r.Cause == c }

// String is the sentence a learner reads.
func (r Reason) String() string {
	if r.Code == "" {
		return ""
	}
	args := make([]any, 0, len(r.Args)+1)
	if r.Cause != "" {
		args = append(args, Reason{Code: r.Cause}.String())
	}
	for _, a := range r.Args {
		args = append(args, a)
	}
	return reword(r.Code, fmt.Sprintf(wording[r.Code].text, args...))
}

// reword is the last say on every sentence: the identity, unless
// RewordReasons replaced it.
var reword = func(_ ReasonCode, sentence string) string { return sentence }

// RewordReasons makes every reason sentence pass through f, for a
// translation or a test that proves no program reads the sentences; it
// returns a function that restores the wording. Not safe to call while
// simulations run.
func RewordReasons(f func(code ReasonCode, sentence string) string) (restore func()) {
	prev := reword
	reword = f
	return func() { reword = prev }
}

// Topic groups reasons by what they are about, so Diagnose can look for
// the step that explains a lost user without reading sentences.
type Topic uint8

const (
	TopicOther Topic = iota
	TopicUser
	TopicSession
	TopicCSRF
	TopicCache
	TopicResponse
)

// Topic is what the reason is about.
func (c ReasonCode) Topic() Topic { return wording[c].topic }

type worded struct {
	text  string
	topic Topic
}

// The reasons, grouped by who gives them. Each %s is one argument.
const (
	// How a layer's exit or process_response changed the response.
	ReplacedFromBelow ReasonCode = "replaced-response-from-below"
	AnsweredItself    ReasonCode = "answered-itself"
	ReplacedResponse  ReasonCode = "replaced-response"

	// Django's core: URL resolution, error pages.
	Resolve               ReasonCode = "resolve"
	NoURLPattern          ReasonCode = "no-url-pattern"
	DebugPage404          ReasonCode = "debug-404-page"
	DebugPage500          ReasonCode = "debug-error-page"
	ErrorPageNeedsSession ReasonCode = "error-page-needs-session"
	DefaultErrorPage      ReasonCode = "default-error-page"

	// Sessions and request.user.
	SessionLazy          ReasonCode = "session-lazy"
	SessionLoaded        ReasonCode = "session-loaded"
	SessionStale         ReasonCode = "session-stale"
	SessionSaved         ReasonCode = "session-saved"
	SessionCookieDeleted ReasonCode = "session-cookie-deleted"
	SessionVaryCookie    ReasonCode = "session-vary-cookie"
	SessionNotSavedOn500 ReasonCode = "session-not-saved-on-500"
	UserNotLoggedIn      ReasonCode = "user-not-logged-in"
	UserLoaded           ReasonCode = "user-loaded"
	UserInactive         ReasonCode = "user-inactive"
	UserHashMismatch     ReasonCode = "user-hash-mismatch"
	SessionMissing       ReasonCode = "session-missing"
	AuthOverwritesUser   ReasonCode = "auth-overwrites-user"
	MessagesNeedSession  ReasonCode = "messages-need-session"
	UserNotYetSet        ReasonCode = "user-not-yet-set"
	RemoteUserNoSession  ReasonCode = "remote-user-no-session"
	RemoteUserLoggedOut  ReasonCode = "remote-user-logged-out"

	// SecurityMiddleware, CommonMiddleware, GZip, ConditionalGet,
	// BrokenLinkEmails, LocaleMiddleware.
	SSLRedirectExempt   ReasonCode = "ssl-redirect-exempt"
	SSLRedirect         ReasonCode = "ssl-redirect"
	COOPSent            ReasonCode = "coop-sent"
	COOPNotYet          ReasonCode = "coop-not-yet"
	DisallowedUserAgent ReasonCode = "disallowed-user-agent"
	DisallowedHost      ReasonCode = "disallowed-host"
	AppendSlashRedirect ReasonCode = "append-slash-redirect"
	AppendSlashOn404    ReasonCode = "append-slash-on-404"
	ResolveWithSlash    ReasonCode = "resolve-with-slash"
	GzipNotAccepted     ReasonCode = "gzip-not-accepted"
	GzipCompressed      ReasonCode = "gzip-compressed"
	NotModified         ReasonCode = "not-modified"
	BrokenLinkNoReferer ReasonCode = "broken-link-no-referer"
	BrokenLinkMailed    ReasonCode = "broken-link-mailed"
	LanguageChosen      ReasonCode = "language-chosen"

	// CSRF: the middleware, and why a check failed.
	CSRFExempt            ReasonCode = "csrf-exempt"
	CSRFFailed            ReasonCode = "csrf-failed"
	CSRFCookieMissing     ReasonCode = "csrf-cookie-missing"
	CSRFTokenIncorrect    ReasonCode = "csrf-token-incorrect"
	CSRFNoReferer         ReasonCode = "csrf-no-referer"
	CSRFBadReferer        ReasonCode = "csrf-bad-referer"
	CSRFMalformedReferer  ReasonCode = "csrf-malformed-referer"
	CSRFInsecureReferer   ReasonCode = "csrf-insecure-referer"
	CSRFLoginFormGetToken ReasonCode = "csrf-login-form-token"
	CSRFBadOrigin         ReasonCode = "csrf-bad-origin"
	CSRFTokenMissing      ReasonCode = "csrf-token-missing"
	CSRFTokenMismatch     ReasonCode = "csrf-token-mismatch"
	CSRFTokenMalformed    ReasonCode = "csrf-token-malformed"
	CSRFCookieMalformed   ReasonCode = "csrf-cookie-malformed"
	CSRFCookieReplaced    ReasonCode = "csrf-cookie-replaced"

	// The page cache.
	CacheNotFetched        ReasonCode = "cache-not-fetched"
	CacheStreaming         ReasonCode = "cache-streaming"
	CacheStatusNotCached   ReasonCode = "cache-status-not-cached"
	CacheCookieVary        ReasonCode = "cache-cookie-vary"
	CachePrivate           ReasonCode = "cache-private"
	CacheControlRefuses    ReasonCode = "cache-control-refuses"
	CacheVaryStar          ReasonCode = "cache-vary-star"
	CacheVaryAuthorization ReasonCode = "cache-vary-authorization"
	CacheStored            ReasonCode = "cache-stored"
	CacheStoredWithoutVary ReasonCode = "cache-stored-without-vary"
	CacheMissURL           ReasonCode = "cache-miss-url"
	CacheLookup            ReasonCode = "cache-lookup"
	CacheMissHeaders       ReasonCode = "cache-miss-headers"
	ServedFromCache        ReasonCode = "served-from-cache"
	// ServedFromCacheForOthers is a page served from a key learned
	// without Vary: Cookie, which every visitor shares.
	ServedFromCacheForOthers ReasonCode = "served-from-cache-for-other-user"
	// CacheLeakedToOthers is what Diagnose says of such a page: whose
	// copy it was, and why the key missed the Cookie header.
	CacheLeakedToOthers ReasonCode = "cache-leaked-to-others"

	// Third-party middleware.
	CORSPreflightAnswered ReasonCode = "cors-preflight-answered"
	CORSOriginRefused     ReasonCode = "cors-origin-refused"
	CORSNoAllowOrigin     ReasonCode = "cors-no-allow-origin"
	CORSOriginMismatch    ReasonCode = "cors-origin-mismatch"
	CORSPreflightNot2xx   ReasonCode = "cors-preflight-not-2xx"
	WhiteNoiseLookup      ReasonCode = "whitenoise-lookup"
	WhiteNoiseNotModified ReasonCode = "whitenoise-not-modified"
	WhiteNoiseServes      ReasonCode = "whitenoise-serves"

	// The articles' hand-written middleware.
	TimerMeasured       ReasonCode = "timer-measured"
	RateCounterRead     ReasonCode = "rate-counter-read"
	RateLimited         ReasonCode = "rate-limited"
	RateCounted         ReasonCode = "rate-counted"
	InternalExemptPath  ReasonCode = "internal-exempt-path"
	InternalRefused     ReasonCode = "internal-refused"
	InternalAllowed     ReasonCode = "internal-allowed"
	JWTNoToken          ReasonCode = "jwt-no-token"
	JWTSwallowed        ReasonCode = "jwt-error-swallowed"
	JWTUserSet          ReasonCode = "jwt-user-set"
	JWTRejected         ReasonCode = "jwt-rejected"
	JWTDecode           ReasonCode = "jwt-decode"
	JWTUserQuery        ReasonCode = "jwt-user-query"
	JWTExpired          ReasonCode = "jwt-expired"
	JWTBadSignature     ReasonCode = "jwt-bad-signature"
	JWTMalformed        ReasonCode = "jwt-malformed"
	JWTUnknownUser      ReasonCode = "jwt-unknown-user"
	JWTNoUserID         ReasonCode = "jwt-no-user-id"
	TenantRewrite       ReasonCode = "tenant-path-rewritten"
	LoginRequiredNoUser ReasonCode = "login-required-no-user"
	// LoginRequiredMiddleware (5.1) and @login_required.
	LoginRequiredRedirect  ReasonCode = "login-required-redirect"
	LoginNotRequired       ReasonCode = "login-not-required"
	LoginRequiredDecorator ReasonCode = "login-required-decorator"
	LoginRequiredAnon      ReasonCode = "login-required-anonymous"
	JSONErrorHandled       ReasonCode = "json-error-handled"

	// DRF.
	DRFDispatch         ReasonCode = "drf-dispatch"
	DRFNotAuthenticated ReasonCode = "drf-not-authenticated"
	DRFViewData         ReasonCode = "drf-view-data"
	DRFSessionCSRF      ReasonCode = "drf-session-csrf-failed"
	DRFSessionUser      ReasonCode = "drf-session-user"
	DRFSessionNoUser    ReasonCode = "drf-session-no-user"
	DRFTokenLookup      ReasonCode = "drf-token-lookup"
	DRFTokenUser        ReasonCode = "drf-token-user"
	DRFTokenRefused     ReasonCode = "drf-token-refused"

	// The demo site's views.
	ViewGreeting        ReasonCode = "view-greeting"
	ViewNoUserAttr      ReasonCode = "view-no-user-attribute"
	DashboardRedirect   ReasonCode = "dashboard-redirect"
	DashboardData       ReasonCode = "dashboard-data"
	LoginBadCredentials ReasonCode = "login-bad-credentials"
	PasswordCheck       ReasonCode = "password-check"
	LoginStored         ReasonCode = "login-stored"
	APIDataAnonymous    ReasonCode = "api-data-anonymous"
	APIData             ReasonCode = "api-data"
	WebhookStored       ReasonCode = "webhook-stored"
	HealthOK            ReasonCode = "health-ok"
	ViewRaises          ReasonCode = "view-raises"
	ReportQuery         ReasonCode = "report-query"
	PublicPage          ReasonCode = "public-page"
)

var wording = map[ReasonCode]worded{
	ReplacedFromBelow: {"replaced the response from below with a new one", TopicResponse},
	AnsweredItself:    {"answered with its own %s response; nothing below it ran", TopicResponse},
	ReplacedResponse:  {"replaced the response with a new %s response", TopicResponse},

	Resolve:               {"resolve %s against the URLconf", TopicOther},
	NoURLPattern:          {"no URL pattern matches %s: Resolver404, before any process_view", TopicOther},
	DebugPage404:          {"DEBUG is on: Django renders its technical 404 page", TopicOther},
	DebugPage500:          {"DEBUG is on: Django renders its technical error page, which shows request.user", TopicOther},
	ErrorPageNeedsSession: {"Django's error page is wrapped in requires_csrf_token, which reads the CSRF token from request.session (CSRF_USE_SESSIONS), but there is no session yet: the error page itself raises %s", TopicSession},
	DefaultErrorPage:      {"Django's default %s page", TopicOther},

	SessionLazy:          {"request.session is a lazy SessionStore for cookie %s: nothing is read until someone uses it", TopicSession},
	SessionLoaded:        {"loaded session %s from the database", TopicSession},
	SessionStale:         {"no session %s in the database: the cookie is stale", TopicSession},
	SessionSaved:         {"saved session %s to the database", TopicSession},
	SessionCookieDeleted: {"the request carried a session cookie but the session is empty (logged out, or a stale key), so the cookie is deleted", TopicSession},
	SessionVaryCookie:    {"something read the session (or the response sets its cookie), so the response varies on Cookie", TopicSession},
	SessionNotSavedOn500: {"the session changed, but a %s response never saves it", TopicSession},
	UserNotLoggedIn:      {"request.user: the session has no logged-in user, so AnonymousUser", TopicUser},
	UserLoaded:           {"loaded user id %s from the database", TopicUser},
	UserInactive:         {"request.user: %s is inactive, so AnonymousUser", TopicUser},
	UserHashMismatch:     {"request.user: the session's password hash does not match, so the session is flushed", TopicUser},
	SessionMissing:       {"AuthenticationMiddleware needs request.session, but SessionMiddleware has not run yet: Django raises %s", TopicSession},
	AuthOverwritesUser:   {"request.user was %s (set from the %s by a layer above); AuthenticationMiddleware overwrites it with a lazy user loaded from the session, which knows nothing of that", TopicUser},
	MessagesNeedSession:  {"MessageMiddleware's default storage needs request.session, but SessionMiddleware has not run yet: Django raises %s", TopicSession},
	UserNotYetSet:        {"%s needs request.user, but AuthenticationMiddleware has not run yet", TopicUser},
	RemoteUserNoSession:  {"request.user is %s but there is no request.session to find its backend in", TopicUser},
	RemoteUserLoggedOut:  {"no REMOTE_USER, and the user was logged in by it: logged out", TopicUser},

	SSLRedirectExempt:   {"%s matches SECURE_REDIRECT_EXEMPT, so plain HTTP is allowed", TopicOther},
	COOPSent:            {"SecurityMiddleware sends Cross-Origin-Opener-Policy: %s (SECURE_CROSS_ORIGIN_OPENER_POLICY, new in Django 4.0), so a page another site opens in a window cannot reach back to it", TopicOther},
	COOPNotYet:          {"Django %s's SecurityMiddleware sends no Cross-Origin-Opener-Policy: SECURE_CROSS_ORIGIN_OPENER_POLICY arrived in Django 4.0", TopicOther},
	SSLRedirect:         {"SECURE_SSL_REDIRECT is on and the request came over plain HTTP: SecurityMiddleware redirects to HTTPS before anything below it runs", TopicOther},
	DisallowedUserAgent: {"User-Agent %s matches DISALLOWED_USER_AGENTS", TopicOther},
	DisallowedHost:      {"CommonMiddleware calls request.get_host(): %s is not in ALLOWED_HOSTS", TopicOther},
	AppendSlashRedirect: {"APPEND_SLASH: %s matches no URL but %s/ does, so CommonMiddleware redirects", TopicOther},
	AppendSlashOn404:    {"the response is a 404 and %s matches no URL but %s/ does: CommonMiddleware's process_response replaces the 404 with a redirect, after everything below it ran", TopicOther},
	ResolveWithSlash:    {"CommonMiddleware tries to resolve %s and %s/", TopicOther},
	GzipNotAccepted:     {"the client does not accept gzip, so the body is sent as is (still Vary: Accept-Encoding)", TopicResponse},
	GzipCompressed:      {"compressed %s bytes to %s", TopicResponse},
	NotModified:         {"If-None-Match matches the ETag: ConditionalGetMiddleware answers 304 with a new, nearly empty response", TopicResponse},
	BrokenLinkNoReferer: {"a 404 without a Referer: nothing is mailed", TopicOther},
	BrokenLinkMailed:    {"mailed the managers: Broken %slink on %s", TopicOther},
	LanguageChosen:      {"the language is %s", TopicOther},

	CSRFExempt:            {"%s is csrf_exempt, so CsrfViewMiddleware skips the check", TopicCSRF},
	CSRFFailed:            {"CSRF check failed for %[2]s %[3]s: %[1]s", TopicCSRF},
	CSRFCookieMissing:     {"the request has no CSRF cookie", TopicCSRF},
	CSRFTokenIncorrect:    {"the CSRF token is missing or does not match the cookie", TopicCSRF},
	CSRFNoReferer:         {"an HTTPS request without a Referer", TopicCSRF},
	CSRFBadReferer:        {"the Referer is not a trusted origin", TopicCSRF},
	CSRFMalformedReferer:  {"the Referer is malformed", TopicCSRF},
	CSRFInsecureReferer:   {"the Referer is plain HTTP while the request is HTTPS", TopicCSRF},
	CSRFBadOrigin:         {"the Origin header is neither this site's own origin (scheme and host) nor allowed by CSRF_TRUSTED_ORIGINS", TopicCSRF},
	CSRFTokenMissing:      {"the request carries no CSRF token (no csrfmiddlewaretoken field, no X-CSRFToken header)", TopicCSRF},
	CSRFTokenMismatch:     {"the CSRF token does not match the secret in the cookie", TopicCSRF},
	CSRFTokenMalformed:    {"the CSRF token is not 32 or 64 letters and digits", TopicCSRF},
	CSRFCookieMalformed:   {"the CSRF cookie is not 32 or 64 letters and digits", TopicCSRF},
	CSRFCookieReplaced:    {"the CSRF cookie %s, so CsrfViewMiddleware makes a new secret and will send it", TopicCSRF},
	CSRFLoginFormGetToken: {"the login form calls get_token, so CsrfViewMiddleware will send the csrftoken cookie", TopicCSRF},

	CacheNotFetched:          {"FetchFromCacheMiddleware did not run for this request (it is missing or sits below a layer that answered), so UpdateCacheMiddleware stores nothing", TopicCache},
	CacheStreaming:           {"a streaming response (such as a file WhiteNoise serves) is never cached", TopicCache},
	CacheStatusNotCached:     {"only 200 and 304 responses are cached; this is a %s", TopicCache},
	CacheCookieVary:          {"the response sets a cookie and varies on Cookie, so it is not cached", TopicCache},
	CachePrivate:             {"Cache-Control: private, so it is not cached", TopicCache},
	CacheControlRefuses:      {"Cache-Control: %s, so it is not cached", TopicCache},
	CacheVaryStar:            {"Vary: *, so it is not cached", TopicCache},
	CacheVaryAuthorization:   {"the request carries Authorization and the page is not Cache-Control: public, so UpdateCacheMiddleware makes it vary on Authorization", TopicCache},
	CacheStored:              {"stored the page in the cache, keyed by %s", TopicCache},
	CacheStoredWithoutVary:   {"the response had no Vary header when UpdateCacheMiddleware saw it, so the next request for this URL gets this copy whoever sends it", TopicCache},
	CacheMissURL:             {"no page for this URL in the cache yet: a miss", TopicCache},
	CacheLookup:              {"looked the page up in the cache", TopicCache},
	CacheMissHeaders:         {"the cache knows this URL but has no copy for this request's headers: a miss", TopicCache},
	ServedFromCache:          {"served from the cache under a key learned from %s: a copy made for %s; nothing below FetchFromCacheMiddleware runs", TopicCache},
	CacheLeakedToOthers:      {"The page cache answered with a copy made for %s: UpdateCacheMiddleware stored it under a key that did not include the Cookie header, because Vary: Cookie is added by layers above it.", TopicCache},
	ServedFromCacheForOthers: {"served from the cache under a key learned without Vary: Cookie, so every visitor shares it: a copy made for %s; nothing below FetchFromCacheMiddleware runs", TopicCache},

	CORSPreflightAnswered: {"a CORS preflight (OPTIONS with Access-Control-Request-Method): CorsMiddleware answers it at once with an empty 200, without checking the origin", TopicResponse},
	CORSOriginRefused:     {"%s is not in CORS_ALLOWED_ORIGINS: no Access-Control-Allow-Origin, so the browser will refuse to hand the response to the page", TopicResponse},
	CORSNoAllowOrigin:     {"the response has no Access-Control-Allow-Origin for %s", TopicResponse},
	CORSOriginMismatch:    {"Access-Control-Allow-Origin is %s, not %s", TopicResponse},
	CORSPreflightNot2xx:   {"a preflight must answer 2xx, this one answered %s", TopicResponse},
	WhiteNoiseLookup:      {"WhiteNoise looks %s up in its table of static files", TopicOther},
	WhiteNoiseNotModified: {"the browser already has this file (If-None-Match or If-Modified-Since): WhiteNoise answers 304", TopicResponse},
	WhiteNoiseServes:      {"WhiteNoise serves %s itself; nothing below it runs", TopicResponse},

	TimerMeasured:          {"measured %s µs: only the layers below RequestTimeMiddleware", TopicOther},
	RateCounterRead:        {"read the request counter for %s", TopicOther},
	RateLimited:            {"%s has made %s counted requests, more than RATE_LIMIT=%s: 429", TopicOther},
	RateCounted:            {"counted request %s of %s allowed for %s", TopicOther},
	InternalExemptPath:     {"path_info %s starts with the exempt prefix %s", TopicOther},
	InternalRefused:        {"%s is not internal and %s is not exempt (the exemptions are /api/webhooks/ and /health/, compared with path_info)", TopicOther},
	InternalAllowed:        {"%s is on the internal network", TopicOther},
	JWTNoToken:             {"no token after 'Bearer': IndexError, swallowed by the bare except; request.user is left as it was", TopicUser},
	JWTSwallowed:           {"%s, swallowed by the bare except: request.user is left as it was and nothing is logged", TopicUser},
	JWTUserSet:             {"request.user = %s from the JWT", TopicUser},
	JWTRejected:            {"%s: logged, and request.user = AnonymousUser", TopicUser},
	JWTDecode:              {"verify the JWT's HS256 signature and expiry", TopicUser},
	JWTUserQuery:           {"look up the JWT's user_id in the database", TopicUser},
	JWTExpired:             {"the JWT expired (ExpiredSignatureError)", TopicUser},
	JWTBadSignature:        {"the JWT's signature does not match SECRET_KEY (InvalidSignatureError)", TopicUser},
	JWTMalformed:           {"the JWT is malformed (DecodeError)", TopicUser},
	JWTUnknownUser:         {"the JWT's user_id matches no user (User.DoesNotExist)", TopicUser},
	JWTNoUserID:            {"the JWT has no user_id (KeyError)", TopicUser},
	TenantRewrite:          {"tenant %s: path_info rewritten from %s to %s", TopicOther},
	LoginRequiredRedirect:  {"request.user is anonymous and %s is not marked @login_not_required: LoginRequiredMiddleware redirects to the login page before the view runs", TopicUser},
	LoginNotRequired:       {"%s is marked login_required = False (@login_not_required, or a DRF view), so LoginRequiredMiddleware lets an anonymous user through", TopicUser},
	LoginRequiredDecorator: {"@login_required: request.user is anonymous, so the decorator redirects to %s before the view runs", TopicUser},
	LoginRequiredNoUser:    {"%s is protected and request.user does not exist yet (AuthenticationMiddleware is below this layer): 401", TopicUser},
	LoginRequiredAnon:      {"%s is protected and request.user is anonymous: 401", TopicUser},
	JSONErrorHandled:       {"process_exception turns the view's %s into a JSON 500", TopicResponse},

	DRFDispatch:         {"DRF's APIView.dispatch: content negotiation, then authentication", TopicOther},
	DRFNotAuthenticated: {"IsAuthenticated: no authenticator identified the client, and SessionAuthentication (first in authentication_classes) has no WWW-Authenticate challenge, so DRF answers 403, not 401", TopicUser},
	DRFViewData:         {"drf_data loads %s's data", TopicOther},
	DRFSessionCSRF:      {"SessionAuthentication found %[2]s in the session, so DRF enforces CSRF itself (the view is csrf_exempt for the middleware): %[1]s", TopicCSRF},
	DRFSessionUser:      {"SessionAuthentication: %s from the session, CSRF check passed", TopicUser},
	DRFSessionNoUser:    {"SessionAuthentication: request.user is absent (no AuthenticationMiddleware), so it steps aside", TopicUser},
	DRFTokenLookup:      {"TokenAuthentication looks the token up", TopicUser},
	DRFTokenUser:        {"TokenAuthentication: the token belongs to %s", TopicUser},
	DRFTokenRefused:     {"TokenAuthentication refused the token: %s (403, since SessionAuthentication comes first and has no challenge)", TopicUser},

	ViewGreeting:        {"home renders a greeting for %s", TopicOther},
	ViewNoUserAttr:      {"the view reads request.user, but no middleware set it: AttributeError", TopicUser},
	DashboardRedirect:   {"the dashboard needs a logged-in user; request.user is anonymous, so it redirects to the login page", TopicUser},
	DashboardData:       {"the dashboard queries %s's data", TopicOther},
	LoginBadCredentials: {"authenticate() found no active user with that username and password", TopicUser},
	PasswordCheck:       {"ModelBackend checks the password of %q", TopicUser},
	LoginStored:         {"login() stores %s in a new session key and rotates the CSRF token", TopicSession},
	APIDataAnonymous:    {"api_data sees an anonymous request.user and answers 401", TopicUser},
	APIData:             {"api_data loads %s's data", TopicOther},
	WebhookStored:       {"the webhook stores the event", TopicOther},
	HealthOK:            {"the health check answers ok", TopicOther},
	ViewRaises:          {"the view raises %s", TopicOther},
	ReportQuery:         {"the report queries 60 rows", TopicOther},
	PublicPage:          {"the public page answers without reading request.user", TopicOther},
}

// checkWording is what a test asks: every code has a sentence, and
// every sentence its arguments fill exactly.
func checkWording(r Reason) error {
	w, ok := wording[r.Code]
	if !ok {
		return fmt.Errorf("reason %q has no wording", r.Code)
	}
	if r.Cause != "" {
		if _, ok := wording[r.Cause]; !ok {
			return fmt.Errorf("cause %q has no wording", r.Cause)
		}
	}
	if s := r.String(); strings.Contains(s, "%!") {
		return fmt.Errorf("reason %q: %q does not fit its arguments %q", r.Code, w.text, r.Args)
	}
	return nil
}
