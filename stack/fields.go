package stack

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Fields are a response's headers or cookies as the conformance format
// has them: each name once, sorted, marshalled as a JSON object. A
// result holds a handful, so a sorted slice finds a name as fast as a map
// would and costs a fraction of the memory a simulation allocates.
type Fields []Header

// Get returns the value of name and whether it is there.
func (f Fields) Get(name string) (string, bool) {
	if i, ok := f.search(name); ok {
		return f[i].Value, true
	}
	return "", false
}

func (f Fields) search(name string) (int, bool) {
	return slices.BinarySearchFunc(f, name, func(h Header, name string) int { return strings.Compare(h.Name, name) })
}

// setField sets name to value in f, sorted by name: a new name is
// inserted in order, a known one gets the new value. A response's
// headers are few and mostly come in no particular order: a scan from
// the end beats a binary search.
func setField(f []Header, name, value string) []Header {
	i := len(f)
	for i > 0 && f[i-1].Name >= name {
		if f[i-1].Name == name {
			f[i-1].Value = value
			return f
		}
		i--
	}
	f = append(f, Header{})
	copy(f[i+1:], f[i:])
	f[i] = Header{name, value}
	return f
}

// MarshalJSON writes the fields as a JSON object, as encoding/json writes
// a map: keys in order, strings escaped the same way.
func (f Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, h := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(h.Name)
		if err != nil {
			return nil, err
		}
		value, err := json.Marshal(h.Value)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a JSON object of strings.
func (f *Fields) UnmarshalJSON(src []byte) error {
	var m map[string]string
	if err := json.Unmarshal(src, &m); err != nil {
		return err
	}
	out := make(Fields, 0, len(m))
	for k, v := range m {
		out = append(out, Header{k, v})
	}
	slices.SortFunc(out, func(a, b Header) int { return strings.Compare(a.Name, b.Name) })
	*f = out
	return nil
}
