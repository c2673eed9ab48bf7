package web

import (
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The embed's size when the consumer sets no limit: room for the stack
// beside the requests, and a few traces' height.
const (
	embedWidth  = 760
	embedHeight = 520
)

// embedSnippet is the <iframe> that shows the share id, as the share
// dialog offers it and oEmbed answers it.
func embedSnippet(base, id string, width, height int) string {
	return fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" style="border:0;max-width:100%%" loading="lazy" title="%s"></iframe>`,
		html.EscapeString(base+"/embed/"+id), width, height, "Django MIDDLEWARE order: Middleware Playground")
}

// baseURL is this server's scheme and host, as the request reached it.
func baseURL(r *http.Request) string { return strings.TrimSuffix(absoluteURL(r, "/"), "/") }

// oembedDiscovery is the href of the oEmbed <link> on a page opened from
// /s/{id}, "" for a fresh playground, which has nothing to embed. It is
// relative to the page, which is rendered without its request's host;
// /oembed reads a url given as a path against its own host.
func oembedDiscovery(sharedID string) string {
	if sharedID == "" {
		return ""
	}
	return "/oembed?url=" + url.QueryEscape("/s/"+sharedID) + "&format=json"
}

// handleOEmbed answers the oEmbed protocol for share links (/s/{id}) and
// embeds (/embed/{id}) of this server: a "rich" card whose html is the
// embed's <iframe>, within maxwidth and maxheight when the consumer sets
// them. Only JSON is offered (501 for format=xml, as the spec says).
func handleOEmbed(log *slog.Logger, st ShareStore) http.HandlerFunc {
	notOurs := func(w http.ResponseWriter, msg string, args ...any) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf(msg, args...)})
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if f := q.Get("format"); f != "" && f != "json" {
			writeJSON(w, http.StatusNotImplemented, map[string]string{"error": fmt.Sprintf("format %q: only json is offered", f)})
			return
		}
		raw := q.Get("url")
		if raw == "" {
			writeError(w, r, log, badRequest("url: missing; pass a share link, e.g. /oembed?url=%s/s/ID", baseURL(r)))
			return
		}
		u, err := url.Parse(raw)
		if err == nil && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(raw, "//") {
			u.Scheme, u.Host = "http", r.Host // a path on this host
		}
		if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
			writeError(w, r, log, badRequest("url: %q is not an http(s) URL or a path of this playground", raw))
			return
		}
		if !strings.EqualFold(u.Host, r.Host) {
			notOurs(w, "url: %q is not a link of this playground (%s)", raw, r.Host)
			return
		}
		id, ok := sharePathID(u.Path)
		if !ok || id == "" || strings.Contains(id, "/") {
			notOurs(w, "url: %q is not a share link (/s/ID) or an embed (/embed/ID)", raw)
			return
		}
		sc, err := loadSharedScenario(r, st, id)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		width, height := embedWidth, embedHeight
		for _, lim := range []struct {
			name string
			v    *int
		}{{"maxwidth", &width}, {"maxheight", &height}} {
			s := q.Get(lim.name)
			if s == "" {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				writeError(w, r, log, badRequest("%s: %q is not a positive number of pixels", lim.name, s))
				return
			}
			*lim.v = min(*lim.v, n)
		}
		base := baseURL(r)
		writeJSON(w, http.StatusOK, map[string]any{
			"version":       "1.0",
			"type":          "rich",
			"provider_name": "Middleware Playground",
			"provider_url":  base + "/",
			"title":         fmt.Sprintf("Django %s MIDDLEWARE: %d layers, %d requests", sc.Django, len(sc.Middleware), len(sc.Requests)),
			"html":          embedSnippet(base, id, width, height),
			"width":         width,
			"height":        height,
			"cache_age":     86400,
		})
	}
}
