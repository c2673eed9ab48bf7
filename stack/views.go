package stack

import (
	"encoding/json"
	"strconv"
	"strings"
)

// view is a resolved URL pattern of the demo site (myapp/urls.py).
type view struct {
	name       string
	funcName   string // view_func.__name__
	urlName    string // the pattern's name=, for reverse()
	route      string
	csrfExempt bool
	// loginNotRequired is view_func.login_required = False
	// (@login_not_required, DRF's as_view); loginURL and redirectField
	// are what @login_required(login_url=..., redirect_field_name=...)
	// leaves on the view for LoginRequiredMiddleware (5.1+).
	loginNotRequired bool
	loginURL         string
	redirectField    string
	run              func(x *exec, r *request) (*response, *pyErr)
}

// demoViews is myapp/urls.py, set in init: views that redirect to the
// login page reverse URL names through it.
var demoViews []*view

func init() {
	demoViews = []*view{
		{name: "home", funcName: "home", urlName: "home", route: "", run: homeView},
		{name: "dashboard", funcName: "dashboard", urlName: "dashboard", route: "dashboard/", run: dashboardView},
		{name: "login", funcName: "login_view", urlName: "login", route: "accounts/login/", loginNotRequired: true, run: loginView},
		{name: "api_data", funcName: "api_data", urlName: "api-data", route: "api/data/", run: apiDataView},
		{name: "webhook", funcName: "webhook", urlName: "webhook", route: "api/webhooks/", csrfExempt: true, run: webhookView},
		{name: "health", funcName: "health", urlName: "health", route: "health/", run: healthView},
		{name: "boom", funcName: "boom", urlName: "boom", route: "boom/", run: boomView},
		{name: "report", funcName: "report", urlName: "report", route: "report/", run: reportView},
		// APIView.as_view() wraps every DRF view in csrf_exempt: DRF checks
		// CSRF itself, inside SessionAuthentication; DRF 3.15+ also exempts
		// it from LoginRequiredMiddleware.
		{name: "drf_data", funcName: "DrfData", urlName: "drf-data", route: "api/drf/", csrfExempt: true, loginNotRequired: true, run: drfView},
		{name: "public", funcName: "public", urlName: "public", route: "public/", loginNotRequired: true, run: publicView},
		{name: "members", funcName: "members", urlName: "members", route: "members/", loginURL: membersLoginURL, redirectField: membersField, run: membersView},
	}
}

// resolve matches path_info against the URLconf, as the root resolver's
// '^/' followed by path() routes does.
func resolve(pathInfo string) *view {
	if !strings.HasPrefix(pathInfo, "/") {
		return nil
	}
	rest := pathInfo[1:]
	for _, v := range demoViews {
		if v.route == rest {
			return v
		}
	}
	return nil
}

// recordView is myapp.trace.record_view: the first thing each view does.
// readsUser says the view itself reads request.user, so the trace may
// evaluate it without changing anything.
func (x *exec) recordView(r *request, name string, readsUser bool) {
	state := x.userState(r, readsUser)
	// A view runs at most once a request: View is set only here.
	if x.res.View != nil {
		panic("stack: a view ran twice for one request")
	}
	x.viewAt = x.beginStep(-1, KindView)
	x.res.Steps[x.viewAt].Event = "view " + name + " " + state
	x.res.View, x.res.UserAtView = &name, &state
	if r.user != nil && r.user.value != nil {
		x.res.UserSource = r.user.value.source
	}
}

func (x *exec) htmlResponse(status int, body string) *response {
	return newResponse(status, body, htmlUTF8)
}

// jsonResponse is JsonResponse: json.dumps with Python's separators.
func (x *exec) jsonResponse(status int, pairs ...string) *response {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonString(pairs[i]))
		b.WriteString(": ")
		b.WriteString(pairs[i+1])
	}
	b.WriteByte('}')
	return newResponse(status, b.String(), "application/json")
}

// jsonString is a string as JSON.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func homeView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "home", true)
	u, err := x.readUser(r)
	if err != nil {
		return nil, err
	}
	name := "guest"
	if u.authenticated() {
		name = u.user.username
	}
	x.work("view", ViewGreeting, name)
	return x.htmlResponse(200, "<h1>Hello "+name+"</h1>"), nil
}

// readUser is a view reading request.user: without AuthenticationMiddleware
// there is no such attribute and the view raises AttributeError.
func (x *exec) readUser(r *request) (*userValue, *pyErr) {
	if r.user == nil {
		x.note(ViewNoUserAttr)
		return nil, noUserAttr()
	}
	return x.evaluateUser(r), nil
}

func dashboardView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "dashboard", true)
	u, err := x.readUser(r)
	if err != nil {
		return nil, err
	}
	if !u.authenticated() {
		x.note(DashboardRedirect)
		return x.redirectToLogin(r.fullPath(false), "", "next")
	}
	x.work("view_db", DashboardData, u.user.username)
	return x.htmlResponse(200, "<h1>Dashboard of "+u.user.username+"</h1>"), nil
}

func loginView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "login", false)
	if r.method != "POST" {
		tok := x.getToken(r)
		x.note(CSRFLoginFormGetToken)
		return x.htmlResponse(200, `<form method="post"><input name="csrfmiddlewaretoken" value="`+tok+`"></form>`), nil
	}
	u := x.authenticate(r.form["username"], r.form["password"], r.hasForm("username"), r.hasForm("password"))
	if u == nil {
		x.note(LoginBadCredentials)
		return x.htmlResponse(200, "<h1>Bad credentials</h1>"), nil
	}
	if err := x.login(r, u, backendModel); err != nil {
		return nil, err
	}
	next := "/dashboard/"
	if v, ok := queryParam(r.query, "next"); ok {
		next = v
	}
	resp := newResponse(302, "", htmlUTF8)
	resp.set("Location", next)
	return resp, nil
}

func (r *request) hasForm(k string) bool {
	_, ok := r.form[k]
	return ok
}

// authenticate is django.contrib.auth.authenticate with username and
// password: ModelBackend answers; RemoteUserBackend's signature does not
// take a password, so it is skipped.
func (x *exec) authenticate(username, password string, hasUser, hasPassword bool) *dbUser {
	if !hasUser || !hasPassword {
		return nil
	}
	x.work("password_check", PasswordCheck, username)
	u := x.site.userByName(username)
	if u == nil || u.password != password || !u.isActive {
		return nil
	}
	return u
}

// login is django.contrib.auth.login.
func (x *exec) login(r *request, u *dbUser, backend string) *pyErr {
	if r.session == nil {
		return noSessionAttr()
	}
	hash := u.sessionAuthHash(x.site.settings.SecretKey)
	if uid, ok := r.session.get(sessionKeyUserID); ok {
		if stored, _ := r.session.get(sessionKeyHash); uid != itoa(u.id) || stored != hash {
			r.session.flush()
		}
	} else {
		r.session.cycleKey()
	}
	r.session.set(sessionKeyUserID, itoa(u.id))
	r.session.set(sessionKeyBackend, backend)
	r.session.set(sessionKeyHash, hash)
	if r.user != nil {
		r.user = &userAttr{value: &userValue{user: u, source: "login"}}
	}
	x.rotateToken(r)
	x.work("login", LoginStored, u.username)
	return nil
}

// logout is django.contrib.auth.logout.
func (x *exec) logout(r *request) {
	r.session.flush()
	if r.user != nil {
		r.user = &userAttr{value: &userValue{source: "logout"}}
	}
}

func queryParam(query, key string) (string, bool) {
	for _, part := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(part, "=")
		if k == key {
			return percentDecode(strings.ReplaceAll(v, "+", " ")), true
		}
	}
	return "", false
}

func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func apiDataView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "api_data", true)
	u, err := x.readUser(r)
	if err != nil {
		return nil, err
	}
	if !u.authenticated() {
		x.note(APIDataAnonymous)
		return x.jsonResponse(401, "detail", jsonString("Authentication credentials were not provided.")), nil
	}
	x.work("view_db", APIData, u.user.username)
	return x.jsonResponse(200, "user", jsonString(u.user.username)), nil
}

func webhookView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "webhook", false)
	x.work("view", WebhookStored)
	return x.jsonResponse(200, "received", "true"), nil
}

func healthView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "health", false)
	x.work("view", HealthOK)
	return newResponse(200, "ok", "text/plain"), nil
}

func boomView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "boom", false)
	x.note(ViewRaises, "ValueError('boom')")
	return nil, &pyErr{class: "ValueError", msg: "boom"}
}

func publicView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "public", false)
	x.work("view", PublicPage)
	return x.htmlResponse(200, "<h1>Public page</h1>"), nil
}

const (
	membersLoginURL = "/members/login/"
	membersField    = "to"
)

// membersView is members under @login_required(login_url=
// '/members/login/', redirect_field_name='to'): the decorator reads
// request.user and redirects an anonymous user before the view runs.
func membersView(x *exec, r *request) (*response, *pyErr) {
	u, err := x.readUser(r)
	if err != nil {
		return nil, err
	}
	if !u.authenticated() {
		x.note(LoginRequiredDecorator, membersLoginURL)
		return x.loginRedirect(r, membersLoginURL, membersField)
	}
	x.recordView(r, "members", true)
	x.work("view", ViewGreeting, u.user.username)
	return x.htmlResponse(200, "<h1>Hello "+u.user.username+"</h1><p>members</p>"), nil
}

var reportBody = func() string {
	var b strings.Builder
	b.WriteString("<h1>Report</h1><table>")
	for i := 0; i < 60; i++ {
		b.WriteString("<tr><td>row " + itoa(i) + "</td><td>value " + itoa(i*i) + "</td></tr>")
	}
	b.WriteString("</table>")
	return b.String()
}()

func reportView(x *exec, r *request) (*response, *pyErr) {
	x.recordView(r, "report", false)
	x.work("view_db", ReportQuery)
	return x.htmlResponse(200, reportBody), nil
}

func noUserAttr() *pyErr {
	return &pyErr{class: "AttributeError", msg: "'WSGIRequest' object has no attribute 'user'"}
}

func noSessionAttr() *pyErr {
	return &pyErr{class: "AttributeError", msg: "'WSGIRequest' object has no attribute 'session'"}
}
