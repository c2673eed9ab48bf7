package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// share stores sc through the API and returns its id.
func share(t *testing.T, ts interface{ Client() *http.Client }, base, body string) string {
	t.Helper()
	resp, err := ts.Client().Post(base+"/api/share", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.ID == "" {
		t.Fatalf("share: status %d, %v", resp.StatusCode, err)
	}
	return out.ID
}

func TestEmbedIsFramableAndTheRestIsNot(t *testing.T) {
	ts := newServer(t)
	id := share(t, ts, ts.URL, scenarioJSON(t, authAboveSession()))

	resp, body := do(t, ts, "GET", "/embed/"+id, "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /embed/%s = %d: %s", id, resp.StatusCode, body)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("embed CSP %q: want frame-ancestors * and the rest of the site's policy", csp)
	}
	if v, ok := resp.Header["X-Frame-Options"]; ok {
		t.Errorf("embed sends X-Frame-Options %q", v)
	}
	if c := resp.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("embed sets cookies: %q", c)
	}
	for _, want := range []string{
		`<li title="django.contrib.auth.middleware.AuthenticationMiddleware"><code>AuthenticationMiddleware</code></li>`,
		`href="/s/` + id + `"`, "Open in the playground",
		`data-verdict="fail"`, "alice sees her dashboard", "What broke:",
		`data-testid="embed-trace"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("embed lacks %s", want)
		}
	}

	// Every other page keeps refusing to be framed.
	for _, p := range []string{"/", "/s/" + id, "/exercises", "/rules", "/api/share/" + id, "/embed-nope"} {
		resp, _ := do(t, ts, "GET", p, "")
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: CSP %q, X-Frame-Options %q: want frame-ancestors 'none' and DENY", p, csp, resp.Header.Get("X-Frame-Options"))
		}
	}

	// An unknown id is a 404 the iframe can show.
	resp, body = do(t, ts, "GET", "/embed/nope0000000", "")
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors *") || !strings.Contains(body, "nope0000000") {
		t.Errorf("unknown embed: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
}

// The embed's scripts and styles stay under 30 KB compressed: it loads
// inside other people's pages.
func TestEmbedWeight(t *testing.T) {
	ts := newServer(t)
	id := share(t, ts, ts.URL, scenarioJSON(t, authAboveSession()))
	_, page := do(t, ts, "GET", "/embed/"+id, "")
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+\.(?:css|js))"`).FindAllStringSubmatch(page, -1)
	if len(assets) < 2 {
		t.Fatalf("embed links %d assets, want its stylesheet and script", len(assets))
	}
	total := 0
	for _, a := range assets {
		resp, body := do(t, ts, "GET", a[1], "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d", a[1], resp.StatusCode)
		}
		if strings.Contains(body, "import ") {
			t.Errorf("%s imports modules; count them too", a[1])
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write([]byte(body))
		zw.Close()
		total += buf.Len()
	}
	t.Logf("embed JS+CSS: %d bytes gzipped", total)
	if total > 30<<10 {
		t.Errorf("embed JS+CSS is %d bytes gzipped, over 30 KB", total)
	}
}

func TestOEmbed(t *testing.T) {
	ts := newServer(t)
	id := share(t, ts, ts.URL, scenarioJSON(t, authAboveSession()))
	shareURL := ts.URL + "/s/" + id

	resp, body := do(t, ts, "GET", "/oembed?url="+url.QueryEscape(shareURL)+"&maxwidth=600", "")
	var o struct {
		Version, Type, HTML, Title string
		Width, Height              int
	}
	if err := json.Unmarshal([]byte(body), &o); err != nil || resp.StatusCode != 200 {
		t.Fatalf("oembed: %d %s", resp.StatusCode, body)
	}
	if o.Version != "1.0" || o.Type != "rich" || o.Width != 600 || o.Height <= 0 {
		t.Errorf("oembed answer %+v", o)
	}
	if want := `<iframe src="` + ts.URL + "/embed/" + id + `" width="600"`; !strings.HasPrefix(o.HTML, want) {
		t.Errorf("oembed html %q, want it to start with %q", o.HTML, want)
	}

	// The shared page names its oEmbed endpoint, and that endpoint answers.
	_, page := do(t, ts, "GET", "/s/"+id, "")
	m := regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("shared page has no oEmbed discovery link")
	}
	href := html.UnescapeString(m[1])
	resp, body = do(t, ts, "GET", strings.TrimPrefix(href, ts.URL), "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"type":"rich"`) {
		t.Errorf("discovery %s: %d %s", href, resp.StatusCode, body)
	}
	if _, fresh := do(t, ts, "GET", "/", ""); strings.Contains(fresh, "json+oembed") {
		t.Error("a fresh playground names an oEmbed endpoint; it has nothing to embed")
	}

	for _, c := range []struct {
		query  string
		status int
		msg    string
	}{
		{"", 400, "url: missing"},
		{"url=" + url.QueryEscape(shareURL) + "&format=xml", 501, "only json"},
		{"url=" + url.QueryEscape("https://elsewhere.example/s/"+id), 404, "not a link of this playground"},
		{"url=" + url.QueryEscape(ts.URL+"/rules"), 404, "not a share link"},
		{"url=" + url.QueryEscape(ts.URL+"/s/nope0000000"), 404, "no shared playground"},
		{"url=s%2F" + id, 400, "not an http(s) URL"},
		{"url=" + url.QueryEscape(shareURL) + "&maxheight=-3", 400, "maxheight"},
	} {
		resp, body := do(t, ts, "GET", "/oembed?"+c.query, "")
		if resp.StatusCode != c.status || !strings.Contains(errorOf(t, body), c.msg) {
			t.Errorf("/oembed?%s: %d %s, want %d naming %q", c.query, resp.StatusCode, body, c.status, c.msg)
		}
	}
}
