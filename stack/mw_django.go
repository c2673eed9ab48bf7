package stack

import (
	"strconv"
	"strings"
)

// newModel makes the model instance for one MIDDLEWARE entry, capturing
// settings as the real classes' __init__ does.
func newModel(st *site, l *layer) any {
	s := st.settings
	switch l.path {
	case PathSecurity:
		return newSecurityMW(s, st.version)
	case PathSession:
		return sessionMW{}
	case PathCommon:
		return commonMW{}
	case PathCsrf:
		return csrfMW{}
	case PathAuth:
		return authMW{}
	case PathMessages:
		return messagesMW{}
	case PathXFrame:
		return xframeMW{}
	case PathGZip:
		return gzipMW{}
	case PathConditionalGet:
		return conditionalGetMW{}
	case PathUpdateCache:
		return updateCacheMW{timeout: s.CacheMiddlewareSeconds, prefix: s.CacheKeyPrefix}
	case PathFetchCache:
		return fetchCacheMW{prefix: s.CacheKeyPrefix}
	case PathLocale:
		return localeMW{}
	case PathCache:
		return cacheMW{updateCacheMW{timeout: s.CacheMiddlewareSeconds, prefix: s.CacheKeyPrefix}, fetchCacheMW{prefix: s.CacheKeyPrefix}}
	case PathLoginRequired:
		return loginRequiredMW{}
	case PathRemoteUser:
		return remoteUserMW{forceLogout: true}
	case PathPersistentRU:
		return remoteUserMW{}
	case PathBrokenLinks:
		return brokenLinksMW{}
	case PathCors:
		if st.version.corsHeaders4 {
			return corsCallMW{}
		}
		return corsMixinMW{}
	case PathWhiteNoise:
		if st.version.whiteNoiseCallOnly {
			return whiteNoiseMW{}
		}
		return whiteNoise60MW{}
	case PathRequestTime:
		return requestTimeMW{}
	case PathRateLimit:
		return rateLimitMW{}
	case PathInternalNet:
		return internalNetworkMW{}
	case PathSilentJWT:
		return jwtMW{silent: true}
	case PathJWT:
		return jwtMW{}
	case PathTenantPrefix:
		return tenantPrefixMW{}
	case PathLoginPattern:
		return loginPatternMW{}
	case PathCustomHeader:
		return customHeaderMW{}
	case PathViewLogger:
		return viewLoggerMW{}
	case PathJSONError:
		return jsonErrorMW{}
	}
	return passThrough{}
}

// SecurityMiddleware.
type securityMW struct {
	s *Settings
	v *version
	// referrerPolicy is SECURE_REFERRER_POLICY as the header carries it,
	// worked out once, as __init__ reads the setting once.
	referrerPolicy string
}

func newSecurityMW(s *Settings, v *version) *securityMW {
	if s.referrerPolicyJoined {
		return &securityMW{s: s, v: v, referrerPolicy: s.SecureReferrerPolicy}
	}
	parts := strings.Split(s.SecureReferrerPolicy, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return &securityMW{s: s, v: v, referrerPolicy: strings.Join(parts, ",")}
}

func (m *securityMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	if !m.s.SecureSSLRedirect || r.isSecure() {
		return nil, nil
	}
	path := strings.TrimLeft(r.path, "/")
	for _, re := range m.s.SecureRedirectExempt {
		if re.MatchString(path) {
			x.note(SSLRedirectExempt, r.path)
			return nil, nil
		}
	}
	host := m.s.SecureSSLHost
	if host == "" {
		h, err := r.getHost(m.s)
		if err != nil {
			return nil, err
		}
		host = h
	}
	x.note(SSLRedirect)
	resp := newResponse(301, "", htmlUTF8)
	resp.set("Location", "https://"+host+r.fullPath(false))
	return resp, nil
}

func (m *securityMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	s := m.s
	if s.SecureHSTSSeconds != 0 && r.isSecure() && !resp.has("Strict-Transport-Security") {
		v := "max-age=" + itoa(s.SecureHSTSSeconds)
		if s.SecureHSTSSubdomains {
			v += "; includeSubDomains"
		}
		if s.SecureHSTSPreload {
			v += "; preload"
		}
		resp.set("Strict-Transport-Security", v)
	}
	if s.SecureContentTypeNoSniff {
		resp.setDefault("X-Content-Type-Options", "nosniff")
	}
	if m.v.xssFilter && s.SecureBrowserXSSFilter {
		resp.setDefault("X-XSS-Protection", "1; mode=block")
	}
	if s.SecureReferrerPolicy != "" {
		resp.setDefault("Referrer-Policy", m.referrerPolicy)
	}
	switch {
	case !m.v.coop:
		// Said on every response: comparing versions, this is where
		// 4.0 and later part from 3.2.
		x.note(COOPNotYet, m.v.full)
	case s.SecureCOOP != "" && resp.setDefault("Cross-Origin-Opener-Policy", s.SecureCOOP):
		x.note(COOPSent, s.SecureCOOP)
	}
	return resp, nil
}

// SessionMiddleware.
type sessionMW struct{}

func (sessionMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	key, ok := r.cookies.lookup("sessionid")
	r.session = newSession(x, key)
	if ok {
		x.note(SessionLazy, shortKey(key))
	}
	return nil, nil
}

func (sessionMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	sess := r.session
	if sess == nil {
		return resp, nil
	}
	s := x.site.settings
	_, hadCookie := r.cookies.lookup("sessionid")
	empty := sess.isEmpty()
	if hadCookie && empty {
		x.note(SessionCookieDeleted)
		resp.deleteCookie("sessionid", "Lax")
		resp.patchVary("Cookie")
		return resp, nil
	}
	// Whoever read the session must vary on Cookie; from 5.0 so must a
	// response that sets the session cookie.
	needVary := sess.accessed
	if (sess.modified || s.SessionSaveEvery) && !empty {
		// get_expire_at_browser_close reads the session, so a stale key is
		// found missing here and save() makes a brand-new session.
		sess.data()
		if resp.status == 500 || resp.status > 500 && x.site.version.sessionSkipsAll5xx {
			x.note(SessionNotSavedOn500, itoa(resp.status))
		} else {
			sess.save(false)
			c := cookie{name: "sessionid", value: sess.key, maxAge: -1, path: "/", sameSite: "Lax",
				httpOnly: s.SessionCookieHTTPOnly, secure: s.SessionCookieSecure}
			if !s.SessionExpireAtClose {
				c.maxAge = s.SessionCookieAge
				c.expires = httpDate(x.site.now + int64(s.SessionCookieAge)*secondMicros)
			}
			resp.setCookie(c)
			needVary = needVary || x.site.version.sessionCookieVaries
		}
	}
	if needVary {
		x.note(SessionVaryCookie)
		resp.patchVary("Cookie")
	}
	return resp, nil
}

// CommonMiddleware.
type commonMW struct{}

func (commonMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	s := x.site.settings
	if ua, ok := r.meta.lookup("HTTP_USER_AGENT"); ok {
		for _, re := range s.DisallowedUserAgents {
			if re.MatchString(ua) {
				x.note(DisallowedUserAgent, strconv.Quote(ua))
				return nil, &pyErr{class: "PermissionDenied", kind: errPermissionDenied, msg: "Forbidden user agent"}
			}
		}
	}
	host, err := r.getHost(s)
	if err != nil {
		x.note(DisallowedHost, r.rawHost())
		return nil, err
	}
	mustPrepend := s.PrependWWW && host != "" && !strings.HasPrefix(host, "www.")
	if x.site.version.appendSlashOnResponse && !mustPrepend {
		// From 4.2 a missing slash waits for the 404 in process_response,
		// so a layer below that answers first wins.
		return nil, nil
	}
	redirect := ""
	if mustPrepend {
		redirect = r.scheme + "://www." + host
	}
	fullPath := r.fullPath(false)
	path := fullPath
	if shouldRedirectWithSlash(x, r) {
		p, err := fullPathWithSlash(x, r)
		if err != nil {
			return nil, err
		}
		path = p
		x.note(AppendSlashRedirect, r.pathInfo, r.pathInfo)
	}
	if redirect != "" || path != fullPath {
		resp := newResponse(301, "", htmlUTF8)
		resp.set("Location", redirect+path)
		return resp, nil
	}
	return nil, nil
}

func shouldRedirectWithSlash(x *exec, r *request) bool {
	s := x.site.settings
	if s.AppendSlash && !strings.HasSuffix(r.pathInfo, "/") {
		x.work("resolve", ResolveWithSlash, r.pathInfo, r.pathInfo)
		return resolve(r.pathInfo) == nil && resolve(r.pathInfo+"/") != nil
	}
	return false
}

func fullPathWithSlash(x *exec, r *request) (string, *pyErr) {
	p := r.fullPath(true)
	if strings.HasPrefix(p, "//") {
		p = "/%2F" + p[2:]
	}
	switch r.method {
	case "DELETE":
		if !x.site.version.appendSlashDebugDelete {
			break
		}
		fallthrough
	case "POST", "PUT", "PATCH":
		if x.site.settings.Debug {
			return "", &pyErr{class: "RuntimeError", msg: "You called this URL via " + r.method + ", but the URL doesn't end in a slash and you have APPEND_SLASH set. Django can't redirect to the slash URL while maintaining " + r.method + " data. Change your form to point to " + r.rawHost() + p + " (note the trailing slash), or set APPEND_SLASH=False in your Django settings."}
		}
	}
	return p, nil
}

func (commonMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if resp.status == 404 && shouldRedirectWithSlash(x, r) {
		p, err := fullPathWithSlash(x, r)
		if err != nil {
			return nil, err
		}
		// The redirect goes out as it is: no Content-Length.
		x.note(AppendSlashOn404, r.pathInfo, r.pathInfo)
		out := newResponse(301, "", htmlUTF8)
		out.set("Location", p)
		return out, nil
	}
	if !resp.streaming && !resp.has("Content-Length") {
		resp.set("Content-Length", itoa(len(resp.body)))
	}
	return resp, nil
}

// CsrfViewMiddleware.
type csrfMW struct{}

func (csrfMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	return nil, x.csrfProcessRequest(r)
}

func (csrfMW) processView(x *exec, r *request, v *view) (*response, *pyErr) {
	if r.csrfProcessingDone {
		return nil, nil
	}
	if v.csrfExempt {
		x.note(CSRFExempt, v.name)
		return nil, nil
	}
	rejection, err := x.csrfCheck(r)
	if err != nil {
		return nil, err
	}
	if rejection != nil {
		x.noteReason(Reason{Code: CSRFFailed, Cause: rejection.code, Args: []string{r.method, r.path}})
		return x.csrfFailureView(r, rejection.text), nil
	}
	r.csrfProcessingDone = true
	return nil, nil
}

// csrfFailureView is django.views.csrf.csrf_failure with DEBUG off.
func (x *exec) csrfFailureView(r *request, reason string) *response {
	body := "<h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p>"
	if x.site.settings.Debug {
		body += "<p>Reason given for failure:</p><pre>" + reason + "</pre>"
	}
	return newResponse(403, body, x.site.version.errorPageType)
}

func (csrfMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if err := x.csrfResponse(r, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// AuthenticationMiddleware.
type authMW struct{}

func (authMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	if r.session == nil {
		err := x.sessionRequired("The Django authentication middleware requires session middleware to be installed. Edit your MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.")
		x.note(SessionMissing, err.class)
		return nil, err
	}
	if r.user != nil && r.user.value != nil && r.user.value.source != "session" {
		x.note(AuthOverwritesUser, r.user.value.name(), r.user.value.source)
	}
	r.user = &userAttr{lazy: true, source: "session"}
	return nil, nil
}

// MessageMiddleware with the default FallbackStorage, whose SessionStorage
// checks that request.session exists as soon as it is built.
type messagesMW struct{}

func (messagesMW) processRequest(x *exec, r *request) (*response, *pyErr) {
	if r.session == nil {
		err := x.sessionRequired("The session-based temporary message storage requires session middleware to be installed, and come before the message middleware in the MIDDLEWARE list.")
		x.note(MessagesNeedSession, err.class)
		return nil, err
	}
	return nil, nil
}

func (messagesMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	return resp, nil
}

// XFrameOptionsMiddleware.
type xframeMW struct{}

func (xframeMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if resp.has("X-Frame-Options") || resp.xframeExempt {
		return resp, nil
	}
	resp.set("X-Frame-Options", strings.ToUpper(x.site.settings.XFrameOptions))
	return resp, nil
}
