package stack

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"strings"
	"time"
)

// The middleware that rework a finished response: GZipMiddleware and
// ConditionalGetMiddleware.

// GZipMiddleware.
type gzipMW struct{}

var acceptsGzip = regexp.MustCompile(`\bgzip\b`)

func (gzipMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if !resp.streaming && len(resp.body) < 200 {
		return resp, nil
	}
	if resp.has("Content-Encoding") {
		return resp, nil
	}
	resp.patchVary("Accept-Encoding")
	if !acceptsGzip.MatchString(r.meta.get("HTTP_ACCEPT_ENCODING")) {
		x.note(GzipNotAccepted)
		return resp, nil
	}
	if resp.streaming {
		resp.compressed = true
		resp.del("Content-Length")
		weakenETag(resp)
		resp.set("Content-Encoding", "gzip")
		return resp, nil
	}
	compressed := gzipSize(resp.body)
	if x.site.version.gzipRandomName {
		// BREACH mitigation (4.2): a random file name of 0 to 99 bytes
		// and its NUL go into the gzip header.
		compressed += 1 + int(x.site.rng.Uint64()%100)
	}
	x.site.now += int64(len(resp.body)/1024+1) * x.curLayer().workCost("gzip_per_kb")
	if compressed >= len(resp.body) {
		return resp, nil
	}
	x.note(GzipCompressed, itoa(len(resp.body)), itoa(compressed))
	resp.body = strings.Repeat("\x00", compressed)
	resp.compressed = true
	resp.set("Content-Length", itoa(compressed))
	weakenETag(resp)
	resp.set("Content-Encoding", "gzip")
	return resp, nil
}

func weakenETag(resp *response) {
	if etag := resp.get("ETag"); strings.HasPrefix(etag, `"`) {
		resp.set("ETag", "W/"+etag)
	}
}

// gzipSize is the length of the body compressed as Django's
// compress_string does (level 6).
func gzipSize(body string) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write([]byte(body))
	w.Close()
	return buf.Len()
}

// ConditionalGetMiddleware.
type conditionalGetMW struct{}

func (conditionalGetMW) processResponse(x *exec, r *request, resp *response) (*response, *pyErr) {
	if r.method != "GET" {
		return resp, nil
	}
	noStore := false
	for _, d := range splitHeaderList(resp.get("Cache-Control")) {
		if strings.EqualFold(d, "no-store") {
			noStore = true
		}
	}
	if !noStore && !resp.has("ETag") && !resp.streaming && resp.body != "" {
		sum := md5.Sum([]byte(resp.body))
		resp.set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	}
	etag := resp.get("ETag")
	if etag == "" || resp.status < 200 || resp.status >= 300 {
		return resp, nil
	}
	inm := r.meta.get("HTTP_IF_NONE_MATCH")
	if inm == "" {
		return resp, nil
	}
	target := strings.TrimPrefix(etag, "W/")
	for _, e := range splitHeaderList(inm) {
		if e == "*" || strings.TrimPrefix(e, "W/") == target {
			x.note(NotModified)
			// HttpResponseNotModified drops Content-Type.
			out := &response{status: 304}
			for _, h := range []string{"Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary"} {
				if resp.has(h) {
					out.set(h, resp.get(h))
				}
			}
			out.cookies = resp.cookies
			return out, nil
		}
	}
	return resp, nil
}

// httpDate formats virtual microseconds as an HTTP date.
func httpDate(micros int64) string {
	return time.UnixMicro(micros).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")
}
