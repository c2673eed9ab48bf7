package web

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressMin is the smallest answer worth encoding: below it the
// encoder's framing and time cost more than the bytes saved.
const compressMin = 1024

// compressible are the content types sent encoded: the page, its
// scripts and styles, and JSON.
var compressible = []string{"text/html", "text/javascript", "text/css", "application/json", "image/svg+xml"}

var (
	gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression); return w }}
	// A 256 KiB window (not brotli's default 4 MiB) bounds what each answer
	// being encoded holds in memory; answers are far smaller than that.
	brotliPool = sync.Pool{New: func() any {
		return brotli.NewWriterOptions(io.Discard, brotli.WriterOptions{Quality: 5, LGWin: 18})
	}}
)

// compress encodes text answers with brotli or gzip, whichever the client
// prefers among those it accepts. It waits for the first compressMin
// bytes (or the end) before deciding, so small JSON answers go out as
// they are, and a handler that set its own Content-Encoding is left alone.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		enc := pickEncoding(r.Header.Get("Accept-Encoding"))
		if enc == "" || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, enc: enc}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// pickEncoding chooses br over gzip when both are accepted (q > 0).
func pickEncoding(accept string) string {
	ok := map[string]bool{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		ok[strings.ToLower(strings.TrimSpace(name))] = q > 0
	}
	switch {
	case ok["br"]:
		return "br"
	case ok["gzip"]:
		return "gzip"
	}
	return ""
}

type compressWriter struct {
	http.ResponseWriter
	enc     string
	status  int
	buf     []byte
	decided bool
	w       io.WriteCloser // nil: passing through
}

func (cw *compressWriter) WriteHeader(code int) {
	if cw.status != 0 || cw.decided {
		return
	}
	// Informational answers go straight out and do not fix the status.
	if code >= 100 && code < 200 {
		cw.ResponseWriter.WriteHeader(code)
		return
	}
	cw.status = code
}

func (cw *compressWriter) Write(b []byte) (int, error) {
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if cw.decided {
		if cw.w != nil {
			return cw.w.Write(b)
		}
		return cw.ResponseWriter.Write(b)
	}
	cw.buf = append(cw.buf, b...)
	if len(cw.buf) >= compressMin {
		if err := cw.decide(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// decide sends the header, encoded or not, and what was held back.
func (cw *compressWriter) decide() error {
	cw.decided = true
	h := cw.Header()
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if h.Get("Content-Type") == "" && len(cw.buf) > 0 {
		// What net/http would sniff anyway, needed here to choose.
		h.Set("Content-Type", http.DetectContentType(cw.buf))
	}
	if len(cw.buf) >= compressMin && cw.status != http.StatusNoContent && cw.status != http.StatusNotModified &&
		h.Get("Content-Encoding") == "" && isCompressible(h.Get("Content-Type")) {
		h.Del("Content-Length")
		h.Set("Content-Encoding", cw.enc)
		if cw.enc == "br" {
			bw := brotliPool.Get().(*brotli.Writer)
			bw.Reset(cw.ResponseWriter)
			cw.w = bw
		} else {
			gw := gzipPool.Get().(*gzip.Writer)
			gw.Reset(cw.ResponseWriter)
			cw.w = gw
		}
	}
	cw.ResponseWriter.WriteHeader(cw.status)
	buf := cw.buf
	cw.buf = nil
	if len(buf) == 0 {
		return nil
	}
	var err error
	if cw.w != nil {
		_, err = cw.w.Write(buf)
	} else {
		_, err = cw.ResponseWriter.Write(buf)
	}
	return err
}

func (cw *compressWriter) close() {
	if !cw.decided {
		if cw.status == 0 {
			// The handler wrote nothing: let net/http send its default.
			return
		}
		cw.decide()
	}
	if cw.w == nil {
		return
	}
	cw.w.Close()
	switch w := cw.w.(type) {
	case *brotli.Writer:
		brotliPool.Put(w)
	case *gzip.Writer:
		gzipPool.Put(w)
	}
	cw.w = nil
}

// Flush sends what is buffered, deciding on the encoding first if need be.
func (cw *compressWriter) Flush() {
	if !cw.decided {
		cw.decide()
	}
	if f, ok := cw.w.(interface{ Flush() error }); ok {
		f.Flush()
	}
	http.NewResponseController(cw.ResponseWriter).Flush()
}

func (cw *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(cw.ResponseWriter).Hijack()
}

func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

func isCompressible(ctype string) bool {
	for _, c := range compressible {
		if strings.HasPrefix(ctype, c) {
			return true
		}
	}
	return false
}
