package stack

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The custom middleware of the two articles, as myapp/middleware.py
// writes them: function-style classes with a __call__.

type requestTimeMW struct{}

func (requestTimeMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	start := x.site.now
	resp, err := next()
	if err != nil {
		return nil, err
	}
	elapsed := x.site.now - start
	resp.set("X-Request-Duration", fmt.Sprintf("%.6f", float64(elapsed)/1e6))
	x.note(TimerMeasured, strconv.FormatInt(elapsed, 10))
	return resp, nil
}

type rateLimitMW struct{}

func (rateLimitMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	if strings.HasPrefix(r.path, "/admin/") {
		return next()
	}
	ip := r.meta.get("REMOTE_ADDR")
	key := "ratelimit:" + ip
	x.work("cache_get", RateCounterRead, ip)
	count := 0
	if v, ok := x.site.cacheGet(key); ok {
		count = v.(int)
	}
	limit := x.site.settings.RateLimit
	if count > limit {
		x.note(RateLimited, ip, itoa(count), itoa(limit))
		return newResponse(429, "Rate limit exceeded. Please try again later.", htmlUTF8), nil
	}
	x.site.cacheSet(key, count+1, 60)
	x.work("cache_set", RateCounted, itoa(count+1), itoa(limit+1), ip)
	return next()
}

type internalNetworkMW struct{}

var internalExempt = []string{"/api/webhooks/", "/health/"}

func (internalNetworkMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	for _, p := range internalExempt {
		if strings.HasPrefix(r.pathInfo, p) {
			x.note(InternalExemptPath, r.pathInfo, p)
			return next()
		}
	}
	ip := r.meta.get("REMOTE_ADDR")
	if !strings.HasPrefix(ip, "10.") && !strings.HasPrefix(ip, "192.168.") {
		x.note(InternalRefused, ip, r.pathInfo)
		return newResponse(403, "Access denied", htmlUTF8), nil
	}
	x.note(InternalAllowed, ip)
	return next()
}

// jwtMW is the articles' JWT middleware: silent is the bad version whose
// bare except swallows every failure; the fixed one checks the header
// prefix and sets AnonymousUser on a bad token.
type jwtMW struct{ silent bool }

func (m jwtMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	header := r.meta.get("HTTP_AUTHORIZATION")
	if m.silent {
		parts := strings.Split(header, " ")
		if len(parts) < 2 {
			x.note(JWTNoToken)
			return next()
		}
		u, why := x.decodeJWT(parts[1])
		if u == nil {
			x.noteReason(Reason{Code: JWTSwallowed, Cause: why})
			return next()
		}
		r.user = &userAttr{value: &userValue{user: u, source: "jwt"}}
		x.note(JWTUserSet, u.username)
		return next()
	}
	if !strings.HasPrefix(header, "Bearer ") {
		return next()
	}
	u, why := x.decodeJWT(strings.SplitN(header, " ", 2)[1])
	if u == nil {
		x.noteReason(Reason{Code: JWTRejected, Cause: why})
		r.user = &userAttr{value: &userValue{source: "jwt"}}
		return next()
	}
	r.user = &userAttr{value: &userValue{user: u, source: "jwt"}}
	x.note(JWTUserSet, u.username)
	return next()
}

// decodeJWT is jwt.decode(token, SECRET_KEY, algorithms=['HS256']) and
// User.objects.get(id=payload['user_id']), checked against the virtual
// clock; it returns the user or why there is none.
func (x *exec) decodeJWT(token string) (*dbUser, ReasonCode) {
	x.work("jwt_decode", JWTDecode)
	now := time.UnixMicro(x.site.now)
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) {
		return []byte(x.site.settings.SecretKey), nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenExpired):
			return nil, JWTExpired
		case errors.Is(err, jwt.ErrTokenSignatureInvalid):
			return nil, JWTBadSignature
		}
		return nil, JWTMalformed
	}
	x.work("user_query", JWTUserQuery)
	var id int
	switch v := claims["user_id"].(type) {
	case float64:
		id = int(v)
	case string:
		id, _ = strconv.Atoi(v)
	default:
		return nil, JWTNoUserID
	}
	u := x.site.userByID(id)
	if u == nil {
		return nil, JWTUnknownUser
	}
	return u, ""
}

// signJWT makes the sample requests' tokens: HS256 over
// {"user_id", "exp"}, as the conformance harness does with PyJWT.
func signJWT(userID int, exp int64, key string) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"user_id": userID, "exp": exp})
	s, err := t.SignedString([]byte(key))
	if err != nil {
		panic("stack: HS256 signing failed: " + err.Error())
	}
	return s
}

type tenantPrefixMW struct{}

func (tenantPrefixMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	parts := strings.Split(r.pathInfo, "/")
	if len(parts) > 3 && parts[1] == "t" {
		old := r.pathInfo
		r.pathInfo = "/" + strings.Join(parts[3:], "/")
		x.note(TenantRewrite, parts[2], old, r.pathInfo)
	}
	return next()
}

type loginPatternMW struct{}

var protectedPrefixes = []string{"/dashboard/", "/api/"}

func (loginPatternMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	for _, p := range protectedPrefixes {
		if !strings.HasPrefix(r.pathInfo, p) {
			continue
		}
		if r.user == nil {
			x.note(LoginRequiredNoUser, r.pathInfo)
			return x.jsonResponse(401, "detail", jsonString("Authentication required.")), nil
		}
		if u := x.evaluateUser(r); !u.authenticated() {
			x.note(LoginRequiredAnon, r.pathInfo)
			return x.jsonResponse(401, "detail", jsonString("Authentication required.")), nil
		}
		break
	}
	return next()
}

type customHeaderMW struct{}

func (customHeaderMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	resp, err := next()
	if err != nil {
		return nil, err
	}
	resp.set("X-Playground", "seen")
	return resp, nil
}

type viewLoggerMW struct{}

func (viewLoggerMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	resp, err := next()
	if err != nil {
		return nil, err
	}
	if r.viewName != "" {
		resp.set("X-View", r.viewName)
	}
	return resp, nil
}

func (viewLoggerMW) processView(x *exec, r *request, v *view) (*response, *pyErr) {
	r.viewName = v.funcName
	return nil, nil
}

type jsonErrorMW struct{}

func (jsonErrorMW) call(x *exec, r *request, next func() (*response, *pyErr)) (*response, *pyErr) {
	return next()
}

func (jsonErrorMW) processException(x *exec, r *request, e *pyErr) (*response, *pyErr) {
	x.note(JSONErrorHandled, e.class)
	return x.jsonResponse(500, "error", jsonString(e.class)), nil
}
