package web

import (
	"encoding/json"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/middleware-playground/playground/stack"
)

// The simulate answer is what a busy server encodes most, and reflection
// (with the engine's Fields.MarshalJSON, whose output encoding/json then
// re-scans) was a fifth of its CPU time. appendJSON writes it directly;
// TestAnswerJSON holds it to encoding/json's reading of the same value.

var answerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// appendJSON appends the answer as JSON, as encoding/json would write it
// (same keys, same order, same omitempty) with no HTML escaping.
func (a *simulateAnswer) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"name":`...)
	b = appendString(b, a.Name)
	b = append(b, `,"django":`...)
	b = appendString(b, a.Django)
	b = append(b, `,"results":[`...)
	for i := range a.Results {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = a.Results[i].appendJSON(b); err != nil {
			return nil, err
		}
	}
	b = append(b, `],"unknown":[`...)
	for i, n := range a.Unknown {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, "]}"...), nil
}

func (r *resultAnswer) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	if r.Escaped != "" {
		b = append(b, `,"escaped":`...)
		b = appendString(b, r.Escaped)
	}
	b = append(b, `,"view":`...)
	b = appendOptString(b, r.View)
	b = append(b, `,"user_at_view":`...)
	b = appendOptString(b, r.UserAtView)
	b = append(b, `,"headers":`...)
	b = appendFields(b, r.Headers)
	b = append(b, `,"cookies":`...)
	b = appendFields(b, r.Cookies)
	b = append(b, `,"body_json":`...)
	b, err := appendAny(b, r.BodyJSON)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"body_h1":`...)
	b = appendOptString(b, r.BodyH1)
	b = append(b, `,"answered_by":`...)
	b = appendString(b, r.AnsweredBy)
	b = append(b, `,"outcome":`...)
	b = appendString(b, r.Outcome)
	b = append(b, `,"verdict":`...)
	b = appendString(b, r.Verdict)
	// Events and steps are asked for rarely (?steps=1): reflection is
	// fast enough for them. Events are there when asked for, even empty.
	if r.Events != nil {
		b = append(b, `,"events":`...)
		if b, err = appendAny(b, r.Events); err != nil {
			return nil, err
		}
	}
	if len(r.Steps) > 0 {
		b = append(b, `,"steps":`...)
		if b, err = appendAny(b, r.Steps); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendFields writes headers or cookies as one JSON object, in order, as
// stack.Fields.MarshalJSON does.
func appendFields(b []byte, f stack.Fields) []byte {
	b = append(b, '{')
	for i, h := range f {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, h.Name)
		b = append(b, ':')
		b = appendString(b, h.Value)
	}
	return append(b, '}')
}

func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

func appendAny(b []byte, v any) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, raw...), nil
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 as U+FFFD, and U+2028/U+2029 escaped
// (JavaScript once read them as line ends), as encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
