package stack

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Settings are the Django settings the engine reads, with the demo site's
// values as defaults (see the conformance README).
type Settings struct {
	Debug                    bool
	SecretKey                string
	AllowedHosts             []string
	AppendSlash              bool
	PrependWWW               bool
	DisallowedUserAgents     []*regexp.Regexp
	UseI18N                  bool
	LanguageCode             string
	CSRFUseSessions          bool
	CSRFTrustedOrigins       []string
	CSRFCookieSecure         bool
	CSRFCookieHTTPOnly       bool
	CSRFCookieMasked         bool
	SessionCookieAge         int
	SessionSaveEvery         bool
	SessionExpireAtClose     bool
	SessionCookieSecure      bool
	SessionCookieHTTPOnly    bool
	SecureSSLRedirect        bool
	SecureSSLHost            string
	SecureRedirectExempt     []*regexp.Regexp
	SecureHSTSSeconds        int
	SecureHSTSSubdomains     bool
	SecureHSTSPreload        bool
	SecureContentTypeNoSniff bool
	SecureBrowserXSSFilter   bool
	SecureReferrerPolicy     string
	// referrerPolicyJoined: SECURE_REFERRER_POLICY was a list, joined
	// with commas, which SecurityMiddleware sends as it is.
	referrerPolicyJoined     bool
	SecureCOOP               string
	XFrameOptions            string
	CacheMiddlewareSeconds   int
	CacheKeyPrefix           string
	RateLimit                int
	CORSAllowedOrigins       []string
	CORSAllowAllOrigins      bool
	CORSAllowCredentials     bool
	CORSAllowedOriginRegexes []*regexp.Regexp
	CORSExposeHeaders        []string
	CORSAllowPrivateNetwork  bool
	CORSURLsRegex            *regexp.Regexp
	corsURLsRegexSource      string
	CORSPreflightMaxAge      int
	StaticURL                string
	LoginURL                 string
	// Languages are the LANGUAGES setting's codes, nil for Django's own
	// list; languageSet has them lower-cased for lookups.
	Languages   []string
	languageSet map[string]bool
}

// SettingInfo describes one setting for the settings panel.
type SettingInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // "bool", "int", "string", "list"
	Default     any    `json:"default"`
	Description string `json:"description"`
}

type settingSpec struct {
	info  SettingInfo
	apply func(s *Settings, v any) error
}

func boolSetting(name, desc string, def bool, field func(*Settings) *bool) settingSpec {
	return settingSpec{
		info: SettingInfo{Name: name, Type: "bool", Default: def, Description: desc},
		apply: func(s *Settings, v any) error {
			b, ok := v.(bool)
			if !ok {
				return fmt.Errorf("must be true or false, got %s", jsonKind(v))
			}
			*field(s) = b
			return nil
		},
	}
}

func intSetting(name, desc string, def int, min, max int, field func(*Settings) *int) settingSpec {
	return settingSpec{
		info: SettingInfo{Name: name, Type: "int", Default: def, Description: desc},
		apply: func(s *Settings, v any) error {
			f, ok := v.(float64)
			if !ok || f != float64(int(f)) {
				return fmt.Errorf("must be a whole number, got %s", jsonKind(v))
			}
			if int(f) < min || int(f) > max {
				return fmt.Errorf("must be between %d and %d, got %d", min, max, int(f))
			}
			*field(s) = int(f)
			return nil
		},
	}
}

func stringSetting(name, desc, def string, field func(*Settings) *string) settingSpec {
	return settingSpec{
		info: SettingInfo{Name: name, Type: "string", Default: def, Description: desc},
		apply: func(s *Settings, v any) error {
			if v == nil {
				*field(s) = ""
				return nil
			}
			str, ok := v.(string)
			if !ok {
				return fmt.Errorf("must be a string, got %s", jsonKind(v))
			}
			*field(s) = str
			return nil
		},
	}
}

func listSetting(name, desc string, def []string, set func(*Settings, []string) error) settingSpec {
	return settingSpec{
		info: SettingInfo{Name: name, Type: "list", Default: def, Description: desc},
		apply: func(s *Settings, v any) error {
			items, ok := v.([]any)
			if !ok {
				return fmt.Errorf("must be a list of strings, got %s", jsonKind(v))
			}
			out := make([]string, 0, len(items))
			for _, it := range items {
				str, ok := it.(string)
				if !ok {
					return fmt.Errorf("must be a list of strings, found %s", jsonKind(it))
				}
				out = append(out, str)
			}
			return set(s, out)
		},
	}
}

// referrerPolicySetting is SECURE_REFERRER_POLICY: a string of
// comma-separated policies, or a list of them.
func referrerPolicySetting() settingSpec {
	spec := stringSetting("SECURE_REFERRER_POLICY", "Referrer-Policy value, or a list of fallbacks (empty: no header).", "same-origin", func(s *Settings) *string { return &s.SecureReferrerPolicy })
	asString := spec.apply
	spec.apply = func(s *Settings, v any) error {
		s.referrerPolicyJoined = false
		items, ok := v.([]any)
		if !ok {
			return asString(s, v)
		}
		parts := make([]string, len(items))
		for i, it := range items {
			str, ok := it.(string)
			if !ok {
				return fmt.Errorf("must be a string or a list of strings, found %s", jsonKind(it))
			}
			parts[i] = str
		}
		s.SecureReferrerPolicy, s.referrerPolicyJoined = strings.Join(parts, ","), true
		return nil
	}
	return spec
}

// languagesSetting is LANGUAGES: [code, name] pairs as in settings.py,
// or bare codes; empty means Django's own list for the version.
func languagesSetting() settingSpec {
	return settingSpec{
		info: SettingInfo{Name: "LANGUAGES", Type: "list", Default: []string{},
			Description: "Languages LocaleMiddleware may choose, as codes or [code, name] pairs (empty: Django's full list)."},
		apply: func(s *Settings, v any) error {
			items, ok := v.([]any)
			if !ok {
				return fmt.Errorf("must be a list of [code, name] pairs, got %s", jsonKind(v))
			}
			codes := make([]string, 0, len(items))
			for _, it := range items {
				if pair, ok := it.([]any); ok && len(pair) == 2 {
					it = pair[0]
					if _, ok := pair[1].(string); !ok {
						return fmt.Errorf("a language's name must be a string, found %s", jsonKind(pair[1]))
					}
				}
				code, ok := it.(string)
				if !ok || code == "" {
					return fmt.Errorf("must be a list of [code, name] pairs, found %s", jsonKind(it))
				}
				codes = append(codes, strings.ToLower(code))
			}
			s.Languages, s.languageSet = nil, nil
			if len(codes) > 0 {
				s.Languages, s.languageSet = codes, languageSet(codes)
			}
			return nil
		},
	}
}

func compileAll(patterns []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(patterns))
	for _, p := range patterns {
		// Compiled afresh for every simulation: a process-wide cache of
		// patterns that strangers choose would be theirs to fill.
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("bad regular expression %q: %v", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

var settingSpecs = []settingSpec{
	boolSetting("DEBUG", "Debug mode: error pages show details, and a few middleware behave differently.", false, func(s *Settings) *bool { return &s.Debug }),
	boolSetting("APPEND_SLASH", "CommonMiddleware redirects /path to /path/ when only the slashed URL exists.", true, func(s *Settings) *bool { return &s.AppendSlash }),
	boolSetting("PREPEND_WWW", "CommonMiddleware redirects example.com to www.example.com.", false, func(s *Settings) *bool { return &s.PrependWWW }),
	listSetting("ALLOWED_HOSTS", "Host names this site answers to; other Host headers are a 400 when something asks for the host.", []string{TestServerHost, "example.com", "www.example.com", "localhost"},
		func(s *Settings, v []string) error { s.AllowedHosts = v; return nil }),
	listSetting("DISALLOWED_USER_AGENTS", "Regular expressions: CommonMiddleware answers 403 to matching User-Agent headers.", []string{},
		func(s *Settings, v []string) error {
			re, err := compileAll(v)
			s.DisallowedUserAgents = re
			return err
		}),
	stringSetting("SECRET_KEY", "Signs sessions, CSRF tokens and the sample JWTs.", "playground-secret-key-not-for-production", func(s *Settings) *string { return &s.SecretKey }),
	boolSetting("USE_I18N", "Translation machinery on: the page cache keys pages by language.", true, func(s *Settings) *bool { return &s.UseI18N }),
	stringSetting("LANGUAGE_CODE", "The default language.", "en-us", func(s *Settings) *string { return &s.LanguageCode }),
	languagesSetting(),
	boolSetting("CSRF_USE_SESSIONS", "Keep the CSRF token in the session instead of a cookie (needs SessionMiddleware above CsrfViewMiddleware and above anything that may raise).", false, func(s *Settings) *bool { return &s.CSRFUseSessions }),
	listSetting("CSRF_TRUSTED_ORIGINS", "Where unsafe requests may come from. 3.2: host names, for the HTTPS Referer check. 4.0+: origins with their scheme (https://example.com, https://*.example.com), for the Origin check and the HTTPS Referer check.", []string{},
		func(s *Settings, v []string) error { s.CSRFTrustedOrigins = v; return nil }),
	boolSetting("CSRF_COOKIE_SECURE", "Send the csrftoken cookie over HTTPS only.", false, func(s *Settings) *bool { return &s.CSRFCookieSecure }),
	boolSetting("CSRF_COOKIE_MASKED", "Django 4.1 and 4.2's transitional setting: keep setting a masked csrftoken cookie, as up to 4.0 (other versions ignore it).", false, func(s *Settings) *bool { return &s.CSRFCookieMasked }),
	boolSetting("CSRF_COOKIE_HTTPONLY", "Hide the csrftoken cookie from JavaScript.", false, func(s *Settings) *bool { return &s.CSRFCookieHTTPOnly }),
	intSetting("SESSION_COOKIE_AGE", "Seconds a session cookie lives.", 1209600, 0, 1<<31-1, func(s *Settings) *int { return &s.SessionCookieAge }),
	boolSetting("SESSION_SAVE_EVERY_REQUEST", "Save the session and resend its cookie on every request.", false, func(s *Settings) *bool { return &s.SessionSaveEvery }),
	boolSetting("SESSION_EXPIRE_AT_BROWSER_CLOSE", "Session cookies without an expiry date.", false, func(s *Settings) *bool { return &s.SessionExpireAtClose }),
	boolSetting("SESSION_COOKIE_SECURE", "Send the session cookie over HTTPS only.", false, func(s *Settings) *bool { return &s.SessionCookieSecure }),
	boolSetting("SESSION_COOKIE_HTTPONLY", "Hide the session cookie from JavaScript.", true, func(s *Settings) *bool { return &s.SessionCookieHTTPOnly }),
	boolSetting("SECURE_SSL_REDIRECT", "SecurityMiddleware redirects every plain-HTTP request to HTTPS.", false, func(s *Settings) *bool { return &s.SecureSSLRedirect }),
	stringSetting("SECURE_SSL_HOST", "Host to redirect to for HTTPS (default: the request's host).", "", func(s *Settings) *string { return &s.SecureSSLHost }),
	listSetting("SECURE_REDIRECT_EXEMPT", "Regular expressions for paths (without the leading /) the HTTPS redirect skips.", []string{},
		func(s *Settings, v []string) error {
			re, err := compileAll(v)
			s.SecureRedirectExempt = re
			return err
		}),
	intSetting("SECURE_HSTS_SECONDS", "Strict-Transport-Security max-age on HTTPS responses (0: no header).", 0, 0, 1<<31-1, func(s *Settings) *int { return &s.SecureHSTSSeconds }),
	boolSetting("SECURE_HSTS_INCLUDE_SUBDOMAINS", "Add includeSubDomains to Strict-Transport-Security.", false, func(s *Settings) *bool { return &s.SecureHSTSSubdomains }),
	boolSetting("SECURE_HSTS_PRELOAD", "Add preload to Strict-Transport-Security.", false, func(s *Settings) *bool { return &s.SecureHSTSPreload }),
	boolSetting("SECURE_CONTENT_TYPE_NOSNIFF", "Add X-Content-Type-Options: nosniff.", true, func(s *Settings) *bool { return &s.SecureContentTypeNoSniff }),
	boolSetting("SECURE_BROWSER_XSS_FILTER", "Add X-XSS-Protection: 1; mode=block (Django 3.2 only: 4.0 removed the header and ignores the setting).", false, func(s *Settings) *bool { return &s.SecureBrowserXSSFilter }),
	referrerPolicySetting(),
	stringSetting("SECURE_CROSS_ORIGIN_OPENER_POLICY", "Cross-Origin-Opener-Policy value SecurityMiddleware sends (Django 4.0+; null or empty: no header).", "same-origin", func(s *Settings) *string { return &s.SecureCOOP }),
	stringSetting("X_FRAME_OPTIONS", "X-Frame-Options value XFrameOptionsMiddleware sets.", "DENY", func(s *Settings) *string { return &s.XFrameOptions }),
	intSetting("CACHE_MIDDLEWARE_SECONDS", "Seconds the page cache keeps a page.", 600, 0, 1<<31-1, func(s *Settings) *int { return &s.CacheMiddlewareSeconds }),
	stringSetting("CACHE_MIDDLEWARE_KEY_PREFIX", "Prefix of page cache keys.", "", func(s *Settings) *string { return &s.CacheKeyPrefix }),
	intSetting("RATE_LIMIT", "Requests per client IP RateLimitMiddleware lets through before answering 429 (it compares with >, so RATE_LIMIT+1 pass).", 3, 0, 1<<31-1, func(s *Settings) *int { return &s.RateLimit }),
	listSetting("CORS_ALLOWED_ORIGINS", "Origins django-cors-headers allows (scheme://host[:port]).", []string{"https://app.example.com"},
		func(s *Settings, v []string) error { s.CORSAllowedOrigins = v; return nil }),
	listSetting("CORS_ALLOWED_ORIGIN_REGEXES", "Regular expressions for more origins django-cors-headers allows (matched from the start of the origin).", []string{},
		func(s *Settings, v []string) error {
			re, err := compileAll(v)
			s.CORSAllowedOriginRegexes = re
			return err
		}),
	listSetting("CORS_EXPOSE_HEADERS", "Response headers django-cors-headers lets the page's script read (Access-Control-Expose-Headers).", []string{},
		func(s *Settings, v []string) error { s.CORSExposeHeaders = v; return nil }),
	boolSetting("CORS_ALLOW_PRIVATE_NETWORK", "django-cors-headers 4 (with Django 4.2 and 5.2) answers Access-Control-Request-Private-Network: true with Access-Control-Allow-Private-Network: true.", false, func(s *Settings) *bool { return &s.CORSAllowPrivateNetwork }),
	boolSetting("CORS_ALLOW_ALL_ORIGINS", "django-cors-headers allows every origin.", false, func(s *Settings) *bool { return &s.CORSAllowAllOrigins }),
	boolSetting("CORS_ALLOW_CREDENTIALS", "django-cors-headers sends Access-Control-Allow-Credentials: true.", false, func(s *Settings) *bool { return &s.CORSAllowCredentials }),
	stringSetting("CORS_URLS_REGEX", "django-cors-headers acts only on paths matching this.", "^.*$", func(s *Settings) *string { return &s.corsURLsRegexSource }),
	intSetting("CORS_PREFLIGHT_MAX_AGE", "Access-Control-Max-Age on preflight answers.", 86400, 0, 1<<31-1, func(s *Settings) *int { return &s.CORSPreflightMaxAge }),
	stringSetting("LOGIN_URL", "Where login_required and LoginRequiredMiddleware send anonymous users: a path, a full URL (another host gets the whole URL as next), or a URL pattern name.", "/accounts/login/", func(s *Settings) *string { return &s.LoginURL }),
	stringSetting("STATIC_URL", "URL prefix WhiteNoise serves static files under.", "/static/", func(s *Settings) *string { return &s.StaticURL }),
}

var settingIndex = func() map[string]int {
	m := make(map[string]int, len(settingSpecs))
	for i, s := range settingSpecs {
		m[s.info.Name] = i
	}
	return m
}()

// KnownSettings lists the settings the engine reads, for the settings panel.
func KnownSettings() []SettingInfo {
	out := make([]SettingInfo, len(settingSpecs))
	for i, s := range settingSpecs {
		out[i] = s.info
	}
	return out
}

// defaultSettingsJSON holds each default as a JSON-decoded value, so
// defaults and overrides go through the same conversion.
func defaultValue(info SettingInfo) any {
	switch d := info.Default.(type) {
	case int:
		return float64(d)
	case []string:
		out := make([]any, len(d))
		for i, s := range d {
			out[i] = s
		}
		return out
	}
	return info.Default
}

// defaultSettings are the demo site's settings, built once.
var defaultSettings = func() Settings {
	var s Settings
	for _, spec := range settingSpecs {
		if err := spec.apply(&s, defaultValue(spec.info)); err != nil {
			panic("bad default for " + spec.info.Name + ": " + err.Error())
		}
	}
	return s
}()

// parseSettings applies overrides, as decoded from JSON, to the defaults.
// Overrides replace whole values, so sharing the defaults' slices is safe.
func parseSettings(overrides map[string]any) (*Settings, error) {
	s := new(Settings)
	*s = defaultSettings
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		i, ok := settingIndex[name]
		if !ok {
			return nil, &FieldError{Field: "settings." + name, Msg: "not a setting the engine reads; known: " + strings.Join(settingNames(), ", ")}
		}
		if err := settingSpecs[i].apply(s, overrides[name]); err != nil {
			return nil, &FieldError{Field: "settings." + name, Msg: err.Error()}
		}
	}
	re, err := regexp.Compile(s.corsURLsRegexSource)
	if err != nil {
		return nil, &FieldError{Field: "settings.CORS_URLS_REGEX", Msg: err.Error()}
	}
	s.CORSURLsRegex = re
	return s, nil
}

func settingNames() []string {
	out := make([]string, len(settingSpecs))
	for i, s := range settingSpecs {
		out[i] = s.info.Name
	}
	return out
}
