package static_test

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"strings"
	"testing"

	"github.com/middleware-playground/playground/static"
)

// budget is the most the page's JavaScript and CSS together may weigh,
// gzipped: the page must stay quick on a phone.
const budget = 60 << 10

func TestSizeBudget(t *testing.T) {
	var all bytes.Buffer
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".css")) {
			return err
		}
		b, err := fs.ReadFile(static.FS, p)
		all.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(all.Bytes())
	w.Close()
	t.Logf("JS and CSS: %d bytes, %d gzipped", all.Len(), gz.Len())
	if gz.Len() > budget {
		t.Errorf("JS and CSS weigh %d bytes gzipped, over the %d budget", gz.Len(), budget)
	}
}
