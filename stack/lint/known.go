package lint

import "github.com/middleware-playground/playground/stack"

// Dotted paths lint knows beyond the engine's catalog: Django middleware
// the engine does not simulate, and third-party packages whose authors
// document where they belong.
const (
	pathXView             = "django.contrib.admindocs.middleware.XViewMiddleware"
	pathFlatpage          = "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware"
	pathRedirectFallback  = "django.contrib.redirects.middleware.RedirectFallbackMiddleware"
	pathCurrentSite       = "django.contrib.sites.middleware.CurrentSiteMiddleware"
	pathDjangoCSP         = "django.middleware.csp.ContentSecurityPolicyMiddleware"
	pathToolbar           = "debug_toolbar.middleware.DebugToolbarMiddleware"
	pathOTP               = "django_otp.middleware.OTPMiddleware"
	pathHijack            = "hijack.middleware.HijackUserMiddleware"
	pathAxes              = "axes.middleware.AxesMiddleware"
	pathCSP               = "csp.middleware.CSPMiddleware"
	pathAllauth           = "allauth.account.middleware.AccountMiddleware"
	pathAllauthSessions   = "allauth.usersessions.middleware.UserSessionsMiddleware"
	pathPromBefore        = "django_prometheus.middleware.PrometheusBeforeMiddleware"
	pathPromAfter         = "django_prometheus.middleware.PrometheusAfterMiddleware"
	pathSilk              = "silk.middleware.SilkyMiddleware"
	pathHtmx              = "django_htmx.middleware.HtmxMiddleware"
	pathRatelimitMW       = "django_ratelimit.middleware.RatelimitMiddleware"
	pathTenantMain        = "django_tenants.middleware.main.TenantMainMiddleware"
	pathTenantSubfolder   = "django_tenants.middleware.TenantSubfolderMiddleware"
	pathTenantSuspicious  = "django_tenants.middleware.suspicious.SuspiciousTenantMiddleware"
	pathTenantDefault     = "django_tenants.middleware.default.DefaultTenantMiddleware"
	pathHostsRequest      = "django_hosts.middleware.HostsRequestMiddleware"
	pathHostsResponse     = "django_hosts.middleware.HostsResponseMiddleware"
	pathUserAgents        = "django_user_agents.middleware.UserAgentMiddleware"
	pathHistory           = "simple_history.middleware.HistoryRequestMiddleware"
	pathStructlog         = "django_structlog.middlewares.RequestMiddleware"
	pathBrowserReload     = "django_browser_reload.middleware.BrowserReloadMiddleware"
	pathRequestID         = "log_request_id.middleware.RequestIDMiddleware"
	pathGUID              = "django_guid.middleware.guid_middleware"
	pathCProfile          = "django_cprofile_middleware.middleware.ProfilerMiddleware"
	pathMaintenance       = "maintenance_mode.middleware.MaintenanceModeMiddleware"
	pathPermissionsPolicy = "django_permissions_policy.PermissionsPolicyMiddleware"
	pathReferrerPolicy    = "django_referrer_policy.middleware.ReferrerPolicyMiddleware"
	pathSessionTimeout    = "django_session_timeout.middleware.SessionTimeoutMiddleware"
	pathAutoLogout        = "django_auto_logout.middleware.auto_logout"
	pathOAuth2Token       = "oauth2_provider.middleware.OAuth2TokenMiddleware"
	pathWagtailRedirect   = "wagtail.contrib.redirects.middleware.RedirectMiddleware"
)

// canonical is one good order of every known middleware, top to bottom.
// FixOrder uses it only to choose where a moved or added entry goes when
// the rules leave a choice; the rules decide what is required. It must
// itself pass every rule (a test checks).
var canonical = []string{
	pathPromBefore,
	pathGUID,
	pathRequestID,
	stack.PathRequestTime,
	stack.PathCustomHeader,
	stack.PathUpdateCache,
	stack.PathCache,
	pathTenantMain,
	pathTenantSubfolder,
	pathTenantSuspicious,
	pathTenantDefault,
	pathHostsRequest,
	stack.PathCors,
	stack.PathSecurity,
	pathPermissionsPolicy,
	pathReferrerPolicy,
	stack.PathWhiteNoise,
	stack.PathTenantPrefix,
	stack.PathGZip,
	pathCSP,
	pathDjangoCSP,
	pathToolbar,
	pathBrowserReload,
	pathSilk,
	stack.PathRateLimit,
	stack.PathSession,
	pathSessionTimeout,
	stack.PathLocale,
	stack.PathCommon,
	stack.PathInternalNet,
	stack.PathBrokenLinks,
	stack.PathConditionalGet,
	stack.PathCsrf,
	stack.PathAuth,
	pathOTP,
	pathHijack,
	stack.PathRemoteUser,
	stack.PathPersistentRU,
	stack.PathJWT,
	stack.PathSilentJWT,
	pathOAuth2Token,
	stack.PathLoginPattern,
	stack.PathLoginRequired,
	stack.PathMessages,
	pathAutoLogout,
	stack.PathXFrame,
	pathCurrentSite,
	pathHtmx,
	pathUserAgents,
	pathStructlog,
	pathHistory,
	pathAllauth,
	pathAllauthSessions,
	pathXView,
	pathCProfile,
	stack.PathViewLogger,
	stack.PathJSONError,
	pathPromAfter,
	pathMaintenance,
	stack.PathFetchCache,
	pathFlatpage,
	pathRedirectFallback,
	pathWagtailRedirect,
	pathHostsResponse,
	pathRatelimitMW,
	pathAxes,
}

var canonicalRank = func() map[string]int {
	m := make(map[string]int, len(canonical))
	for i, p := range canonical {
		m[p] = i
	}
	return m
}()

// known reports whether lint knows a dotted path: the engine's catalog or
// the list above.
func known(path string) bool {
	if _, ok := stack.Lookup(path); ok {
		return true
	}
	_, ok := canonicalRank[path]
	return ok
}

// className names an entry in messages.
func className(path string) string { return stack.ClassName(path) }
