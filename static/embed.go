// Package static holds the playground's JavaScript modules, CSS and icon,
// embedded in the binary so it does not depend on its working directory.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sync"
)

// FS holds js/, css/ and the icon.
//
//go:embed js css favicon.svg
var FS embed.FS

// Version is a hash of every embedded file. Static URLs carry it, so a
// browser may keep them forever: a new build is a new URL. One hash for
// the whole tree (rather than one per file) keeps the modules' relative
// imports ('./dom.js') pointing at files of the same build.
var Version = version()

func version() string {
	h := sha256.New()
	_ = fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS, p)
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// URL is the versioned address of an embedded file, as pages link it.
func URL(p string) string { return "/static/" + Version + "/" + p }

var importRe = regexp.MustCompile(`(?m)^import\s[^'"]*['"](\./[\w.-]+\.js)['"]`)

// Modules lists the entry module's static imports, transitively and in
// first-seen order, so a page can preload them all at once instead of the
// browser discovering them one import level at a time.
func Modules(entry string) []string {
	if v, ok := modules.Load(entry); ok {
		return v.([]string)
	}
	out := imports(entry)
	modules.Store(entry, out)
	return out
}

// modules caches Modules: the embedded files never change.
var modules sync.Map

func imports(entry string) []string {
	var out []string
	var visit func(p string)
	visit = func(p string) {
		if slices.Contains(out, p) {
			return
		}
		out = append(out, p)
		b, err := fs.ReadFile(FS, p)
		if err != nil {
			return
		}
		for _, m := range importRe.FindAllSubmatch(b, -1) {
			visit(path.Join(path.Dir(p), string(m[1])))
		}
	}
	visit(entry)
	return out
}
