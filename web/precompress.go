package web

import (
	"bytes"
	"compress/gzip"
	"net/http"

	"github.com/andybalholm/brotli"
)

// encoded is a body that is served many times as it is (the fresh page,
// a cached shared page, the static files), encoded once with brotli and
// gzip: encoding the same 96 KB page again for every visitor took most of
// the server's time and a brotli window of memory per request.
type encoded struct {
	plain, br, gz []byte
}

// encodeOnce encodes b at a high level, once; a body too small or of a
// type not worth encoding keeps only its plain form.
func encodeOnce(b []byte, contentType string) encoded {
	e := encoded{plain: b}
	if len(b) < compressMin || !isCompressible(contentType) {
		return e
	}
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, 9)
	bw.Write(b)
	bw.Close()
	e.br = append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	gw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	gw.Write(b)
	gw.Close()
	e.gz = append([]byte(nil), buf.Bytes()...)
	return e
}

// size is the memory the forms hold.
func (e encoded) size() int { return len(e.plain) + len(e.br) + len(e.gz) }

// pick is the form the client accepts, with its Content-Encoding set (so
// the compress layer passes it through).
func (e encoded) pick(w http.ResponseWriter, r *http.Request) []byte {
	switch pickEncoding(r.Header.Get("Accept-Encoding")) {
	case "br":
		if e.br != nil {
			w.Header().Set("Content-Encoding", "br")
			return e.br
		}
	case "gzip":
		if e.gz != nil {
			w.Header().Set("Content-Encoding", "gzip")
			return e.gz
		}
	}
	return e.plain
}
