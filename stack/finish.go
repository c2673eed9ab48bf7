package stack

import (
	"encoding/json"
	"strings"
)

// firstH1 is the harness's re.search(r'<h1>(.*?)</h1>'): the shortest
// text between <h1> and </h1> on one line.
func firstH1(body string) (string, bool) {
	rest := body
	for {
		i := strings.Index(rest, "<h1>")
		if i < 0 {
			return "", false
		}
		rest = rest[i+4:]
		line := rest
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if j := strings.Index(line, "</h1>"); j >= 0 {
			return line[:j], true
		}
	}
}

// finish does what the test client does with the response (HEAD and 304
// bodies removed, cookies kept in the jar) and fills the result.
func (x *exec) finish(c *client, resp *response) {
	res := x.res
	res.Status = resp.status
	body := resp.body
	if resp.streaming || x.r.method == "HEAD" || resp.status == 304 || resp.status == 204 || resp.status < 200 {
		body = ""
	}
	var fields []Header
	for _, ck := range resp.cookies {
		c.jar.setSorted(ck.name, ck.value)
		if ck.maxAge == 0 || ck.value == "" {
			fields = setField(fields, ck.name, "deleted")
		} else {
			fields = setField(fields, ck.name, "set")
		}
	}
	res.Cookies = fields
	res.RawHeaders = resp.headers
	fields = nil
	for _, h := range resp.headers {
		name := strings.ToLower(h.Name)
		v := h.Value
		switch name {
		case "date", "expires", "last-modified", "etag", "x-request-duration", "content-length", "age":
			v = "<present>"
		case "location":
			v = strings.ReplaceAll(v, "http://"+TestServerHost, "")
		}
		fields = setField(fields, name, v)
	}
	res.Headers = fields
	if !resp.compressed {
		res.Body = body
		if strings.HasPrefix(resp.get("Content-Type"), "application/json") {
			var v any
			if json.Unmarshal([]byte(body), &v) == nil {
				res.BodyJSON = v
			}
		}
		if h, ok := firstH1(body); ok {
			res.BodyH1 = &h
		}
	}
	res.ServedFromCache = resp.fromCache
	res.CachedFor = resp.cachedFor
	res.CachedForUser = resp.cachedForUser
	if res.AnsweredBy == "" {
		res.AnsweredBy = "Django"
	}
	res.CORS, res.CORSBlocked = corsVerdict(x.r, resp)
	res.resolved = x.resolved
	if x.handledErr != nil {
		res.handledClass = x.handledErr.class
	}
}

// corsVerdict is what a browser decides about a cross-origin response:
// "" when the request carried no Origin, else "allowed" or "blocked",
// with why.
func corsVerdict(r *request, resp *response) (string, Reason) {
	origin, ok := r.meta.lookup("HTTP_ORIGIN")
	if !ok {
		return "", Reason{}
	}
	acao := resp.get("Access-Control-Allow-Origin")
	preflight := r.method == "OPTIONS" && r.meta.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD") != ""
	switch {
	case acao == "":
		return "blocked", Reason{Code: CORSNoAllowOrigin, Args: []string{origin}}
	case acao != "*" && acao != origin:
		return "blocked", Reason{Code: CORSOriginMismatch, Args: []string{acao, origin}}
	case preflight && (resp.status < 200 || resp.status > 299):
		return "blocked", Reason{Code: CORSPreflightNot2xx, Args: []string{itoa(resp.status)}}
	}
	return "allowed", Reason{}
}
