package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the peers whose X-Forwarded-For, X-Forwarded-Proto and
// X-Forwarded-Host headers the server believes. Any client can write those
// headers, so from anyone else they are dropped.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a list of addresses and CIDR ranges separated
// by commas or spaces ("127.0.0.1, 10.0.0.0/8, ::1").
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (t TrustedProxies) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// client is who a request came from, as far as the server can tell.
type client struct {
	// addr is the client's address: the peer's, or the one a trusted
	// proxy forwarded. Quotas are keyed by it.
	addr netip.Addr
	// https says the client's connection is encrypted: TLS to us, or a
	// trusted proxy said so.
	https bool
}

type clientKey struct{}

// clientOf returns the request's client as forwarded() worked it out, or
// the peer's when the middleware did not run (handler tests).
func clientOf(r *http.Request) client {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c
	}
	return client{addr: peerAddr(r), https: r.TLS != nil}
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// forwardedHeaders are the headers a proxy sets about the client. They
// are removed from requests of untrusted peers so that no code below can
// be fooled by them.
var forwardedHeaders = []string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip", "True-Client-Ip", "Forwarded"}

// forwarded works out the request's client. r.RemoteAddr stays the peer's
// address (the logs show both). From a trusted proxy, the client is the
// nearest X-Forwarded-For address that is not itself a trusted proxy, the
// scheme is X-Forwarded-Proto's and the host X-Forwarded-Host's; from
// anyone else those headers are dropped.
func forwarded(trusted TrustedProxies) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := client{addr: peerAddr(r), https: r.TLS != nil}
			if len(trusted) > 0 && trusted.contains(c.addr) {
				if a, ok := forwardedFor(r.Header.Values("X-Forwarded-For"), trusted); ok {
					c.addr = a
				}
				if p := lastItem(r.Header.Values("X-Forwarded-Proto")); p != "" {
					c.https = strings.EqualFold(p, "https")
				}
				if h := lastItem(r.Header.Values("X-Forwarded-Host")); h != "" && validHost(h) {
					r.Host = h
				}
			}
			for _, h := range forwardedHeaders {
				r.Header.Del(h)
			}
			// One normalised header for code that reads the scheme from
			// the request (cookies' Secure flag).
			if c.https && r.TLS == nil {
				r.Header.Set("X-Forwarded-Proto", "https")
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
		})
	}
}

// forwardedFor walks X-Forwarded-For from the nearest hop back and returns
// the first address that is not a trusted proxy: everything left of it
// was written by the client and may be made up.
func forwardedFor(values []string, trusted TrustedProxies) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	var last netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return last, last.IsValid()
		}
		last = a.Unmap()
		if !trusted.contains(last) {
			return last, true
		}
	}
	return last, last.IsValid()
}

// lastItem is the last comma-separated item of a header: the one the
// nearest proxy added.
func lastItem(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	return strings.TrimSpace(v[strings.LastIndexByte(v, ',')+1:])
}

// validHost accepts a host[:port] made of the characters a host name or
// an IP literal can have, so a forwarded Host cannot smuggle a path or a
// second header into the links the server builds.
func validHost(h string) bool {
	if len(h) > 255 {
		return false
	}
	for _, c := range h {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune(".-:[]_", c):
		default:
			return false
		}
	}
	return true
}

// hsts is sent on answers to clients on HTTPS: once a browser has reached
// the playground over HTTPS, it never tries plain HTTP again for a year.
const hsts = "max-age=31536000"
