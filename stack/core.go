package stack

// core is BaseHandler._get_response: resolve, process_view hooks, the
// view, and process_exception hooks for what the view raised.
func (x *exec) core(r *request) (*response, *pyErr) {
	x.cur = -1
	x.phase = PhaseView
	x.work("resolve", Resolve, r.pathInfo)
	v := resolve(r.pathInfo)
	if v == nil {
		x.note(NoURLPattern, r.pathInfo)
		return nil, &pyErr{class: "Resolver404", kind: errHTTP404, msg: r.pathInfo, raisedBy: "Django", layer: -1, step: len(x.res.Steps) - 1}
	}
	for _, l := range x.h.viewHooks {
		hc := x.beginHook(l, KindProcessView, PhaseView, nil)
		resp, err := l.onView.processView(x, r, v)
		x.endHook(l, hc, resp, err)
		if err != nil {
			return nil, err
		}
		if resp != nil {
			x.answered(l, hc.step)
			return resp, nil
		}
	}
	x.cur = -1
	x.phase = PhaseView
	x.resolved = v.name
	resp, err := v.run(x, r)
	x.cur = -1
	if err == nil {
		if x.res.AnsweredBy == "" {
			x.res.AnsweredBy, x.res.AnsweredStep = "view", x.viewStep()
		}
		return resp, nil
	}
	if err.raisedBy == "" {
		err.raisedBy, err.layer, err.step = "view", -1, x.viewStep()
	}
	if x.res.AnsweredBy == "" {
		x.res.AnsweredBy, x.res.AnsweredStep = "view", err.step
	}
	x.phase = PhaseError
	for _, l := range x.h.excHooks {
		hc := x.beginHook(l, KindProcessException, PhaseError, nil)
		resp, herr := l.onException.processException(x, r, err)
		x.endHook(l, hc, resp, herr)
		if herr != nil {
			return nil, herr
		}
		if resp != nil {
			x.res.AnsweredBy, x.res.AnsweredAt, x.res.AnsweredStep = l.class, l.index, hc.step
			x.handledErr = err
			return resp, nil
		}
	}
	return nil, err
}

// viewStep is the step where the view answered: its view step, or,
// for a DRF view that refused the request before its handler ran, the
// last decision the view's machinery made.
func (x *exec) viewStep() int {
	if x.viewAt > 0 {
		return x.viewAt
	}
	return len(x.res.Steps) - 1
}

// responseForException is django.core.handlers.exception.response_for_exception.
func (x *exec) responseForException(r *request, e *pyErr) (*response, *pyErr) {
	s := x.site.settings
	if x.res.Exception == nil {
		x.res.Exception = &Exception{Class: e.class, Message: e.msg}
		if x.res.AnsweredBy == "" || x.res.AnsweredBy == "view" && e.raisedBy != "view" {
			x.res.AnsweredBy, x.res.AnsweredAt, x.res.AnsweredStep = e.raisedBy, e.layer, e.step
		}
	}
	x.phase = PhaseError
	switch e.kind {
	case errHTTP404:
		if s.Debug {
			x.work("debug_page", DebugPage404)
			return newResponse(404, "<h1>Page not found <span>(404)</span></h1>", x.site.version.errorPageType), nil
		}
		return x.errorView(r, 404, e)
	case errPermissionDenied:
		return x.errorView(r, 403, e)
	case errBadRequest, errSuspicious:
		if s.Debug {
			return x.technical500(r, e, 400), nil
		}
		return x.errorView(r, 400, e)
	}
	return x.handleUncaught(r, e)
}

func (x *exec) errorView(r *request, status int, e *pyErr) (*response, *pyErr) {
	resp, err := x.callErrorHandler(r, status)
	if err != nil {
		return x.handleUncaught(r, err)
	}
	return resp, nil
}

// handleUncaught is handle_uncaught_exception: DEBUG's technical page, or
// handler500, which may itself raise.
func (x *exec) handleUncaught(r *request, e *pyErr) (*response, *pyErr) {
	if x.site.settings.Debug {
		return x.technical500(r, e, 500), nil
	}
	return x.callErrorHandler(r, 500)
}

// technical500 is DEBUG's error page, which reads request.user (so the
// session is accessed and the response varies on Cookie).
func (x *exec) technical500(r *request, e *pyErr, status int) *response {
	x.work("debug_page", DebugPage500)
	if r.user != nil {
		x.evaluateUser(r)
	}
	return newResponse(status, "<h1>"+e.class+" at "+r.path+"</h1>", x.site.version.errorPageType)
}

var errorTitles = map[int]string{404: "Not Found", 403: "403 Forbidden", 400: "Bad Request (400)", 500: "Server Error (500)"}

// callErrorHandler runs Django's default handler404/403/400/500, each
// wrapped in requires_csrf_token: that wrapper runs CsrfViewMiddleware's
// request and response steps, and with CSRF_USE_SESSIONS raises when
// request.session is missing.
func (x *exec) callErrorHandler(r *request, status int) (*response, *pyErr) {
	if err := x.csrfProcessRequest(r); err != nil {
		x.note(ErrorPageNeedsSession, err.class)
		return nil, err
	}
	x.work("error_page", DefaultErrorPage, itoa(status))
	details := ""
	if status == 404 {
		details = "The requested resource was not found on this server."
	}
	title := errorTitles[status]
	resp := newResponse(status, "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>"+title+"</title>\n</head>\n<body>\n  <h1>"+title+"</h1><p>"+details+"</p>\n</body>\n</html>\n", x.site.version.errorPageType)
	if err := x.csrfResponse(r, resp); err != nil {
		return nil, err
	}
	return resp, nil
}
