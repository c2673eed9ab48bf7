package lint

import (
	"math"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

// env is what the rules read of a Config: DEBUG, the settings and the
// Django version.
type env struct {
	debug    bool
	settings map[string]any
	django   string
}

// newEnv is the rules' view of a config.
func newEnv(cfg Config) env {
	v := cfg.Django
	if v == "" {
		v = stack.DefaultVersion
	}
	return env{debug: cfg.Debug, settings: cfg.Settings, django: v}
}

// atLeast says the chosen Django is version v ("4.0") or newer.
func (e env) atLeast(v string) bool { return stack.VersionAtLeast(e.django, v) }

// missingSessionRaises is what AuthenticationMiddleware and
// MessageMiddleware raise without request.session on the chosen version.
func (e env) missingSessionRaises() string {
	if e.atLeast("4.0") {
		return "ImproperlyConfigured"
	}
	return "AssertionError"
}

// versioned points a docs link at the chosen version's documentation
// and fills in what the version changes in a message.
func (e env) versioned(text string) string {
	return strings.NewReplacer("/en/3.2/", "/en/"+e.django+"/", "{raise}", e.missingSessionRaises()).Replace(text)
}

func (e env) has(name string) bool {
	_, ok := e.settings[name]
	return ok
}

func (e env) isNone(name string) bool {
	v, ok := e.settings[name]
	return ok && v == nil
}

func (e env) bool(name string, def bool) bool {
	switch v := e.settings[name].(type) {
	case bool:
		return v
	case float64:
		return v != 0
	case int:
		return v != 0
	case int64:
		return v != 0
	case string:
		return v != ""
	case nil:
		if e.has(name) {
			return false
		}
	}
	return def
}

func (e env) int(name string, def int) int {
	switch v := e.settings[name].(type) {
	case float64:
		if v > math.MaxInt32 {
			return math.MaxInt32
		}
		return int(v)
	case int:
		return v
	case int64:
		return int(v)
	case bool:
		if v {
			return 1
		}
		return 0
	}
	return def
}

func (e env) str(name, def string) string {
	if v, ok := e.settings[name].(string); ok {
		return v
	}
	return def
}

func (e env) list(name string) ([]string, bool) {
	switch v := e.settings[name].(type) {
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, it := range v {
			if s, ok := it.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

// installed says whether an app is in INSTALLED_APPS; without that setting
// it assumes a new project's apps (the admin among them).
func (e env) installed(app string) bool {
	apps, ok := e.list("INSTALLED_APPS")
	if !ok {
		return strings.HasPrefix(app, "django.contrib.")
	}
	return containsApp(apps, app)
}

// installedExplicitly is true only when INSTALLED_APPS lists the app.
func (e env) installedExplicitly(app string) bool {
	apps, ok := e.list("INSTALLED_APPS")
	return ok && containsApp(apps, app)
}

func containsApp(apps []string, app string) bool {
	for _, a := range apps {
		if a == app || strings.HasPrefix(a, app+".apps.") {
			return true
		}
	}
	return false
}

var referrerPolicies = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "origin": true, "origin-when-cross-origin": true,
	"same-origin": true, "strict-origin": true, "strict-origin-when-cross-origin": true, "unsafe-url": true,
}

func (e env) badReferrerPolicy() bool {
	var values []string
	switch v := e.settings["SECURE_REFERRER_POLICY"].(type) {
	case string:
		values = strings.Split(v, ",")
	case []any, []string:
		values, _ = e.list("SECURE_REFERRER_POLICY")
	default:
		return false
	}
	for _, p := range values {
		if !referrerPolicies[strings.TrimSpace(p)] {
			return true
		}
	}
	return false
}
