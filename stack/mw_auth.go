package stack

// RemoteUserMiddleware: the web server's REMOTE_USER variable (a WSGI
// environ key, never an HTTP header) logs a user in.
type remoteUserMW struct{}

func (remoteUserMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	if r.user == nil {
		x.note("RemoteUserMiddleware needs request.user, but AuthenticationMiddleware has not run yet")
		return nil, improperlyConfigured("The Django remote user auth middleware requires the authentication middleware to be installed.  Edit your MIDDLEWARE setting to insert 'django.contrib.auth.middleware.AuthenticationMiddleware' before the RemoteUserMiddleware class.")
	}
	username, ok := r.meta["REMOTE_USER"]
	if !ok {
		if u := x.evaluateUser(r); u.authenticated() {
			if backend, _ := r.session.get(sessionKeyBackend); backend == backendRemoteUser {
				x.note("no REMOTE_USER, and the user was logged in by it: logged out")
				x.logout(r)
			}
		}
		return nil, nil
	}
	if u := x.evaluateUser(r); u.authenticated() {
		if u.user.username == username {
			return nil, nil
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
	r.user.value.source = "remote_user"
	return nil, nil
}
