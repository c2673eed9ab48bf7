package stack

import "strings"

// Sending an anonymous user to the login page, as
// django.contrib.auth's decorators, LoginRequiredMiddleware and views do.

// loginRedirect is user_passes_test's _redirect_to_login (and
// LoginRequiredMiddleware.handle_no_permission): the whole URL as next
// when the login page is on another scheme or host, else the path.
func (x *exec) loginRedirect(r *request, loginURL, field string) (*response, *pyErr) {
	host, err := r.getHost(x.site.settings)
	if err != nil {
		return nil, err
	}
	resolved, err := resolveURL(orDefault(loginURL, x.site.settings.LoginURL))
	if err != nil {
		return nil, err
	}
	next := r.scheme + "://" + host + r.fullPath(false)
	scheme, netloc := splitSchemeHost(resolved)
	if (scheme == "" || scheme == r.scheme) && (netloc == "" || netloc == host) {
		next = r.fullPath(false)
	}
	return x.redirectToLogin(next, resolved, field)
}

// redirectToLogin is django.contrib.auth.views.redirect_to_login: a 302
// to the login URL with next (or the given field) in its query string.
func (x *exec) redirectToLogin(next, loginURL, field string) (*response, *pyErr) {
	resolved, err := resolveURL(orDefault(loginURL, x.site.settings.LoginURL))
	if err != nil {
		return nil, err
	}
	if field != "" {
		base, query, _ := strings.Cut(resolved, "?")
		var kept []string
		for _, p := range strings.Split(query, "&") {
			if k, _, _ := strings.Cut(p, "="); p != "" && k != field {
				kept = append(kept, p)
			}
		}
		kept = append(kept, urlQuote(field)+"="+urlQuote(next))
		resolved = base + "?" + strings.Join(kept, "&")
	}
	resp := newResponse(302, "", htmlUTF8)
	resp.set("Location", resolved)
	return resp, nil
}

// resolveURL is django.shortcuts.resolve_url for a string: a URL
// pattern's name reverses to its path; anything with a slash or a dot
// is a URL already.
func resolveURL(to string) (string, *pyErr) {
	if strings.HasPrefix(to, "./") || strings.HasPrefix(to, "../") {
		return to, nil
	}
	for _, v := range demoViews {
		if v.urlName == to {
			return "/" + v.route, nil
		}
	}
	if !strings.ContainsAny(to, "/.") {
		return "", &pyErr{class: "NoReverseMatch", msg: "Reverse for '" + to + "' not found. '" + to + "' is not a valid view function or pattern name."}
	}
	return to, nil
}

// splitSchemeHost is urlsplit(url)[:2].
func splitSchemeHost(u string) (string, string) {
	scheme := ""
	if i := strings.Index(u, ":"); i > 0 && !strings.ContainsAny(u[:i], "/?#") {
		scheme, u = strings.ToLower(u[:i]), u[i+1:]
	}
	if !strings.HasPrefix(u, "//") {
		return scheme, ""
	}
	host := u[2:]
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	return scheme, host
}

// LoginRequiredMiddleware (Django 5.1): process_view redirects every
// anonymous request to the login page unless the view is marked
// login_required = False.
type loginRequiredMW struct{}

func (loginRequiredMW) processView(x *exec, r *request, v *view) (*response, *pyErr) {
	if r.user == nil {
		x.note(UserNotYetSet, x.curClass())
		return nil, noUserAttr()
	}
	if u := x.evaluateUser(r); u.authenticated() {
		return nil, nil
	}
	if v.loginNotRequired {
		x.note(LoginNotRequired, v.name)
		return nil, nil
	}
	loginURL := orDefault(v.loginURL, x.site.settings.LoginURL)
	if loginURL == "" {
		return nil, improperlyConfigured("No login URL to redirect to. Define settings.LOGIN_URL or provide a login_url via the 'django.contrib.auth.decorators.login_required' decorator.")
	}
	x.note(LoginRequiredRedirect, v.name)
	return x.loginRedirect(r, loginURL, orDefault(v.redirectField, "next"))
}
