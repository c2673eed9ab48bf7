package web

import (
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

type staticFile struct {
	body  encoded
	etag  string
	ctype string
}

// handleStatic serves the embedded files. Pages link them under the build's
// version (/static/<version>/js/app.js), and those answers may be cached
// for a year without asking again: a new build has a new version. A path
// without the current version (an old page open across an upgrade, or a
// hand-typed URL) gets the current file with no-cache and an ETag, so it
// is revalidated rather than kept.
func handleStatic(fsys fs.FS, version string) http.Handler {
	files := map[string]staticFile{}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".svg":
			ctype = "image/svg+xml"
		}
		files[p] = staticFile{body: encodeOnce(b, ctype), etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, ctype: ctype}
		return nil
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		immutable := false
		if rest, ok := strings.CutPrefix(p, version+"/"); ok {
			p, immutable = rest, true
		}
		f, ok := files[p]
		if !ok {
			// No directory listings, and a plain 404 for unknown files.
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("ETag", f.etag)
		if immutable {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", f.ctype)
		body := f.body.pick(w, r)
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}
