package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/middleware-playground/playground/stack"
)

// shareSalt is hashed in front of every scenario. The version label lets the
// canonical form change later without new states landing on old ids.
const shareSalt = "middleware-playground share v1\n"

// minShareID is the id length: 11 base64url characters (66 bits) make a
// collision between honest shares practically impossible, and a short URL.
const minShareID = 11

// legacyShareVersion is the Django version of every share stored before
// shares named one: the engine modelled only 3.2 then, so that is what the
// person who made the link saw. It is history, not a default.
const legacyShareVersion = "3.2"

// canonicalScenario is the stored form of a scenario: the parsed struct
// encoded again, so key order, whitespace and spelling of the input do not
// change the id (encoding/json sorts map keys). It always names the Django
// version, so a link keeps its version when the default moves on.
func canonicalScenario(sc *stack.Scenario) ([]byte, error) {
	withVersion := *sc
	if withVersion.Django == "" {
		withVersion.Django = stack.DefaultVersion
	}
	return storedJSON(&withVersion)
}

// storedJSON encodes v as shares are stored: compact, with <, > and &
// left as they are.
func storedJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode share: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// contentID is the content address of canonical under salt, n characters
// long at least, grown while it ends in '-' or '_' because chat programs
// and mail clients often leave a trailing punctuation mark out of a link.
func contentID(salt string, canonical []byte, n int) string {
	sum := sha256.Sum256(append([]byte(salt), canonical...))
	full := base64.RawURLEncoding.EncodeToString(sum[:])
	for n < len(full) && (full[n-1] == '-' || full[n-1] == '_') {
		n++
	}
	return full[:n]
}

// saveContentAddressed stores canonical under the shortest content id
// (from minShareID characters) that is free or already holds it; put
// stores under an id unless it is taken and returns what the id holds.
func saveContentAddressed(salt string, canonical []byte, put func(id string) ([]byte, error)) (string, error) {
	for n := minShareID; n <= 43; n++ {
		id := contentID(salt, canonical, n)
		stored, err := put(id)
		if err != nil {
			return "", err
		}
		if bytes.Equal(stored, canonical) {
			return id, nil
		}
	}
	return "", errors.New("no free id (hash collision on the full digest)")
}

// withShareVersion gives a stored share without a "django" field the
// version it was made with (legacyShareVersion); any other share is
// returned as it was stored.
func withShareVersion(stored []byte) ([]byte, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(stored, &fields); err != nil {
		return nil, fmt.Errorf("stored share is not a JSON object: %w", err)
	}
	if _, ok := fields["django"]; ok {
		return stored, nil
	}
	fields["django"], _ = json.Marshal(legacyShareVersion)
	return storedJSON(fields)
}
