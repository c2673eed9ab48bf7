package stack

import (
	"net/url"
	"strings"
)

// RemoteUserMiddleware: the web server's REMOTE_USER variable (a WSGI
// environ key, never an HTTP header) logs a user in.
type remoteUserMW struct {
	// forceLogout is force_logout_if_no_header: false for
	// PersistentRemoteUserMiddleware.
	forceLogout bool
}

func (m remoteUserMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	if r.user == nil {
		x.note(UserNotYetSet, x.curClass())
		return nil, improperlyConfigured("The Django remote user auth middleware requires the authentication middleware to be installed.  Edit your MIDDLEWARE setting to insert 'django.contrib.auth.middleware.AuthenticationMiddleware' before the RemoteUserMiddleware class.")
	}
	username, ok := r.meta.lookup("REMOTE_USER")
	if !ok {
		if !m.forceLogout {
			return nil, nil
		}
		if u := x.evaluateUser(r); u.authenticated() {
			if r.session == nil {
				// A layer above set request.user without any session (a JWT
				// middleware and no SessionMiddleware).
				x.note(RemoteUserNoSession, u.name())
				return nil, noSessionAttr()
			}
			if backend, _ := r.session.get(sessionKeyBackend); backend == backendRemoteUser {
				x.note(RemoteUserLoggedOut)
				x.logout(r)
			}
		}
		return nil, nil
	}
	if u := x.evaluateUser(r); u.authenticated() {
		if u.user.username == username {
			return nil, nil
		}
		if r.session == nil {
			return nil, noSessionAttr()
		}
		if backend, _ := r.session.get(sessionKeyBackend); backend == backendRemoteUser {
			x.logout(r)
		}
	}
	u := x.site.userByName(username)
	if u == nil {
		// RemoteUserBackend creates unknown users.
		u = &dbUser{id: len(x.site.users) + 1, username: username, isActive: true}
		x.site.users = append(x.site.users, u)
	}
	if !u.isActive {
		return nil, nil
	}
	r.user = &userAttr{value: &userValue{user: u, source: "remote_user"}}
	if err := x.login(r, u, backendRemoteUser); err != nil {
		return nil, err
	}
	// A new value rather than a change to the one login made: steps may
	// have seen that one (see stepState).
	r.user = &userAttr{value: &userValue{user: u, source: "remote_user"}}
	return nil, nil
}

// BrokenLinkEmailsMiddleware: on a 404 with DEBUG off it reads the host
// (which can raise DisallowedHost) and mails the managers unless the
// request is ignorable (no Referer, among others).
type brokenLinksMW struct{}

func (brokenLinksMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if resp.status != 404 || x.site.settings.Debug {
		return resp, nil
	}
	domain, err := r.getHost(x.site.settings)
	if err != nil {
		return nil, err
	}
	referer := r.meta.get("HTTP_REFERER")
	uri := r.fullPath(false)
	switch {
	case referer == "":
		x.note(BrokenLinkNoReferer)
		return resp, nil
	case x.site.settings.AppendSlash && strings.HasSuffix(uri, "/") && referer == uri[:len(uri)-1]:
		return resp, nil
	}
	internal := strings.HasPrefix(referer, "http://"+domain+"/") || strings.HasPrefix(referer, "https://"+domain+"/")
	if !internal && strings.Contains(referer, "?") {
		return resp, nil
	}
	if u, err := url.Parse(referer); err == nil && (u.Host == "" || u.Host == domain) && u.Path == uri {
		return resp, nil
	}
	kind := ""
	if internal {
		kind = "INTERNAL "
	}
	x.work("send_mail", BrokenLinkMailed, kind, domain)
	return resp, nil
}
