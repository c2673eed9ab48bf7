package stack

import "strings"

// drfView models myapp.views.DrfData: a DRF APIView with
// authentication_classes [SessionAuthentication, TokenAuthentication] and
// IsAuthenticated. DRF authenticates inside the view, after every
// process_view hook, and writes the user it settles on back to the
// Django request.
func drfView(x *exec, r *request) (*response, *pyErr) {
	x.work("drf", DRFDispatch)
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
		x.note(DRFNotAuthenticated)
		return x.drfError(403, "Authentication credentials were not provided."), nil
	}
	switch r.method {
	case "GET", "POST", "HEAD":
		x.recordView(r, "drf_data", false)
		x.work("view_db", DRFViewData, user.user.username)
		return newResponse(200, `{"user":`+jsonString(user.user.username)+`}`, "application/json"), nil
	case "OPTIONS":
		return newResponse(200, `{"name":"Drf Data","description":"","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}`, "application/json"), nil
	}
	return x.drfError(405, `Method "`+r.method+`" not allowed.`), nil
}

func (x *exec) drfError(status int, detail string) *response {
	return newResponse(status, `{"detail":"`+strings.ReplaceAll(detail, `"`, `\"`)+`"}`, "application/json")
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
			rejection, err := x.drfEnforceCSRF(r)
			if err != nil {
				return nil, nil, err
			}
			if rejection != nil {
				x.drfSetUser(r, &userValue{source: "drf"})
				x.noteReason(Reason{Code: DRFSessionCSRF, Cause: rejection.code, Args: []string{u.user.username}})
				return nil, x.drfError(403, "CSRF Failed: "+rejection.text), nil
			}
			x.note(DRFSessionUser, u.user.username)
			x.drfSetUser(r, &userValue{user: u.user, source: "session"})
			return r.user.value, nil, nil
		}
	} else {
		x.note(DRFSessionNoUser)
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
			x.work("token_query", DRFTokenLookup)
			u, ok := x.site.tokens[auth[1]]
			switch {
			case !ok:
				detail = "Invalid token."
			case !u.isActive:
				detail = "User inactive or deleted."
			default:
				x.note(DRFTokenUser, u.username)
				x.drfSetUser(r, &userValue{user: u, source: "token"})
				return r.user.value, nil, nil
			}
		}
		x.drfSetUser(r, &userValue{source: "drf"})
		x.note(DRFTokenRefused, detail)
		return nil, x.drfError(403, detail), nil
	}
	x.drfSetUser(r, &userValue{source: "drf"})
	return r.user.value, nil, nil
}

// drfSetUser is DRF's Request.user setter, which also sets the Django
// request's user.
func (x *exec) drfSetUser(r *request, u *userValue) {
	r.user = &userAttr{value: u, source: u.source}
}

// drfEnforceCSRF is SessionAuthentication.enforce_csrf: CsrfViewMiddleware's
// process_request and process_view run on the request, returning the
// rejection reason instead of a response.
func (x *exec) drfEnforceCSRF(r *request) (*csrfRejection, *pyErr) {
	if err := x.csrfProcessRequest(r); err != nil {
		return nil, err
	}
	if r.csrfProcessingDone {
		return nil, nil
	}
	rejection, err := x.csrfCheck(r)
	if err != nil {
		return nil, err
	}
	if rejection == nil {
		r.csrfProcessingDone = true
	}
	return rejection, nil
}
