package stack

import "strings"

// drfView models myapp.views.DrfData: a DRF APIView with
// authentication_classes [SessionAuthentication, TokenAuthentication] and
// IsAuthenticated. DRF authenticates inside the view, after every
// process_view hook, and writes the user it settles on back to the
// Django request.
func drfView(x *exec, r *request) (*response, *pyErr) {
	x.work("drf", "DRF's APIView.dispatch: content negotiation, then authentication")
	resp, err := x.drfDispatch(r)
	if err != nil {
		return nil, err
	}
	// finalize_response: the view's default headers.
	resp.patchVary("Accept")
	resp.set("Allow", "GET, POST, HEAD, OPTIONS")
	return resp, nil
}

func (x *exec) drfDispatch(r *request) (*response, *pyErr) {
	user, apiErr, err := x.drfAuthenticate(r)
	if err != nil {
		// Not an APIException: DRF re-raises it from the view.
		return nil, err
	}
	if apiErr != nil {
		return apiErr, nil
	}
	if !user.authenticated() {
		// IsAuthenticated fails; with authenticators but none succeeded, DRF
		// raises NotAuthenticated, and SessionAuthentication (first in the
		// list) has no WWW-Authenticate challenge, so the status is 403.
		x.note("IsAuthenticated: no authenticator identified the client, and SessionAuthentication (first in authentication_classes) has no WWW-Authenticate challenge, so DRF answers 403, not 401")
		return x.drfError(403, "Authentication credentials were not provided."), nil
	}
	switch r.method {
	case "GET", "POST", "HEAD":
		x.recordView(r, "drf_data", false)
		x.work("view_db", "drf_data loads "+user.user.username+"'s data")
		return x.newResponse(200, `{"user":`+jsonString(user.user.username)+`}`, "application/json"), nil
	case "OPTIONS":
		return x.newResponse(200, `{"name":"Drf Data","description":"","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}`, "application/json"), nil
	}
	return x.drfError(405, `Method "`+r.method+`" not allowed.`), nil
}

func (x *exec) drfError(status int, detail string) *response {
	return x.newResponse(status, `{"detail":"`+strings.ReplaceAll(detail, `"`, `\"`)+`"}`, "application/json")
}

// drfAuthenticate is Request._authenticate over the view's two
// authenticators. It returns the user DRF settled on (also written to
// request.user), an error response
// for an APIException, or a Python exception DRF does not handle.
func (x *exec) drfAuthenticate(r *request) (*userValue, *response, *pyErr) {
	// SessionAuthentication: the user Django's AuthenticationMiddleware
	// put on the request, if any; an active one must pass a CSRF check.
	if r.user != nil {
		u := x.evaluateUser(r)
		if u.authenticated() && u.user.isActive {
			reason, err := x.drfEnforceCSRF(r)
			if err != nil {
				return nil, nil, err
			}
			if reason != "" {
				x.drfSetUser(r, &userValue{source: "drf"})
				x.note("SessionAuthentication found " + u.user.username + " in the session, so DRF enforces CSRF itself (the view is csrf_exempt for the middleware): " + reason)
				return nil, x.drfError(403, "CSRF Failed: "+reason), nil
			}
			x.note("SessionAuthentication: " + u.user.username + " from the session, CSRF check passed")
			x.drfSetUser(r, &userValue{user: u.user, source: "session"})
			return r.user.value, nil, nil
		}
	} else {
		x.note("SessionAuthentication: request.user is absent (no AuthenticationMiddleware), so it steps aside")
	}
	// TokenAuthentication: Authorization: Token <key>.
	auth := strings.Fields(r.meta.get("HTTP_AUTHORIZATION"))
	if len(auth) > 0 && strings.EqualFold(auth[0], "token") {
		var detail string
		switch {
		case len(auth) == 1:
			detail = "Invalid token header. No credentials provided."
		case len(auth) > 2:
			detail = "Invalid token header. Token string should not contain spaces."
		default:
			x.work("token_query", "TokenAuthentication looks the token up")
			u, ok := x.site.tokens[auth[1]]
			switch {
			case !ok:
				detail = "Invalid token."
			case !u.isActive:
				detail = "User inactive or deleted."
			default:
				x.note("TokenAuthentication: the token belongs to " + u.username)
				x.drfSetUser(r, &userValue{user: u, source: "token"})
				return r.user.value, nil, nil
			}
		}
		x.drfSetUser(r, &userValue{source: "drf"})
		x.note("TokenAuthentication refused the token: " + detail + " (403, since SessionAuthentication comes first and has no challenge)")
		return nil, x.drfError(403, detail), nil
	}
	x.drfSetUser(r, &userValue{source: "drf"})
	return r.user.value, nil, nil
}

// drfSetUser is DRF's Request.user setter, which also sets the Django
// request's user.
func (x *exec) drfSetUser(r *request, u *userValue) {
	x.setUser(r, &userAttr{value: u, source: u.source})
}

// drfEnforceCSRF is SessionAuthentication.enforce_csrf: CsrfViewMiddleware's
// process_request and process_view run on the request, returning the
// rejection reason instead of a response.
func (x *exec) drfEnforceCSRF(r *request) (string, *pyErr) {
	if err := x.csrfProcessRequest(r); err != nil {
		return "", err
	}
	if r.csrfProcessingDone {
		return "", nil
	}
	reason, err := x.csrfCheck(r)
	if err != nil {
		return "", err
	}
	if reason == "" {
		r.csrfProcessingDone = true
	}
	return reason, nil
}
