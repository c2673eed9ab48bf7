package exercises

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/middleware-playground/playground/stack"
)

//go:embed defs/*.json
var defsFS embed.FS

// FS holds the embedded exercise files, defs/NN-slug.json.
var FS fs.FS = defsFS

// Set is the exercises in list order, parsed and validated once; the
// server keeps it in memory and reads nothing else about an exercise.
type Set struct {
	list []*Exercise
	byID map[string]int
}

// Embedded is the set of the files built into the binary, read on first
// use and then shared.
var Embedded = sync.OnceValues(func() (*Set, error) { return Load(FS) })

// idPattern keeps ids usable in URLs and file names.
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// fileName is NN-id.json: the number orders the list, the rest is the id.
var fileName = regexp.MustCompile(`^(\d{2})-([a-z0-9-]+)\.json$`)

// Load reads and validates every exercise file in fsys (laid out as
// defs/*.json), in list order. Any invalid file is an error that names it.
func Load(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "defs/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	set := &Set{byID: map[string]int{}}
	for _, name := range names {
		m := fileName.FindStringSubmatch(path.Base(name))
		if m == nil {
			return nil, fmt.Errorf("%s: exercise files are named NN-id.json", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ex, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if ex.ID != m[2] {
			return nil, fmt.Errorf("%s: id %q does not match the file name", name, ex.ID)
		}
		if prev, dup := set.byID[ex.ID]; dup {
			return nil, fmt.Errorf("%s: id %q is also used by %s", name, ex.ID, names[prev])
		}
		set.byID[ex.ID] = len(set.list)
		set.list = append(set.list, ex)
	}
	if len(set.list) == 0 {
		return nil, errors.New("no exercise files in defs/")
	}
	return set, nil
}

// List returns the exercises in list order; callers must not change them.
func (s *Set) List() []*Exercise { return s.list }

// Get returns the exercise with that id and its number in the list
// (from 1), or nil and 0.
func (s *Set) Get(id string) (*Exercise, int) {
	i, ok := s.byID[id]
	if !ok {
		return nil, 0
	}
	return s.list[i], i + 1
}

// Next is the id of the exercise after id in list order, or "".
func (s *Set) Next(id string) string {
	if i, ok := s.byID[id]; ok && i+1 < len(s.list) {
		return s.list[i+1].ID
	}
	return ""
}

// Parse decodes one exercise strictly (unknown fields are errors) and
// validates it.
func Parse(b []byte) (*Exercise, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var ex Exercise
	if err := dec.Decode(&ex); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("decode: unexpected data after the JSON object")
	}
	if err := ex.Validate(); err != nil {
		return nil, err
	}
	return &ex, nil
}

// Validate checks that an exercise is complete and consistent: known
// middleware and settings, request ids, goals that name real requests,
// three hints, and at least one reference solution within the palette.
// It does not run the engine; the package's tests do that for every file.
func (e *Exercise) Validate() error {
	if !idPattern.MatchString(e.ID) {
		return fmt.Errorf("id %q: use lower-case letters, digits and dashes", e.ID)
	}
	if e.Django != "" && !slices.Contains(stack.KnownVersions(), e.Django) {
		return fmt.Errorf("%s: django %q is not a version the engine simulates (%s)", e.ID, e.Django, strings.Join(stack.KnownVersions(), ", "))
	}
	for field, v := range map[string]string{"title": e.Title, "summary": e.Summary, "story": e.Story, "explanation": e.Explanation} {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s: %s is empty", e.ID, field)
		}
	}
	check := func(where string, paths []string) error {
		for i, p := range paths {
			if _, ok := stack.Lookup(p); !ok {
				return fmt.Errorf("%s: %s[%d]: %q is not in the engine's catalog", e.ID, where, i, p)
			}
		}
		return nil
	}
	if err := check("middleware", e.Middleware); err != nil {
		return err
	}
	if err := check("palette", e.Palette); err != nil {
		return err
	}
	known := map[string]bool{}
	for _, s := range stack.KnownSettings() {
		known[s.Name] = true
	}
	for _, s := range e.EditableSettings {
		if !known[s] {
			return fmt.Errorf("%s: editable setting %q is not one the engine reads", e.ID, s)
		}
	}
	if len(e.Requests) == 0 {
		return fmt.Errorf("%s: no requests", e.ID)
	}
	reqIDs := map[string]bool{}
	for i, r := range e.Requests {
		if !idPattern.MatchString(r.ID) {
			return fmt.Errorf("%s: requests[%d]: id %q: every request needs an id of lower-case letters, digits and dashes", e.ID, i, r.ID)
		}
		if reqIDs[r.ID] {
			return fmt.Errorf("%s: requests[%d]: id %q is used twice", e.ID, i, r.ID)
		}
		reqIDs[r.ID] = true
		if strings.TrimSpace(r.Label) == "" {
			return fmt.Errorf("%s: request %s has no label", e.ID, r.ID)
		}
		vids := map[string]bool{}
		for _, v := range r.Variants {
			if !idPattern.MatchString(v.ID) || vids[v.ID] {
				return fmt.Errorf("%s: request %s: variant id %q is missing, malformed or used twice", e.ID, r.ID, v.ID)
			}
			vids[v.ID] = true
			if strings.TrimSpace(v.Label) == "" {
				return fmt.Errorf("%s: request %s: variant %s has no label", e.ID, r.ID, v.ID)
			}
		}
	}
	// The starting scenario must be one the engine accepts (paths,
	// credentials, settings), and so must every variant.
	if _, err := e.Scenario(e.Start()); err != nil {
		return fmt.Errorf("%s: starting scenario: %w", e.ID, err)
	}
	for _, r := range e.Requests {
		for _, v := range r.Variants {
			if _, err := e.Scenario(Attempt{Middleware: e.Middleware, Choices: map[string]string{r.ID: v.ID}}); err != nil {
				return fmt.Errorf("%s: request %s, variant %s: %w", e.ID, r.ID, v.ID, err)
			}
		}
	}
	if len(e.Goals) == 0 {
		return fmt.Errorf("%s: no goals", e.ID)
	}
	goalIDs := map[string]bool{}
	for i := range e.Goals {
		g := &e.Goals[i]
		if goalIDs[g.ID] {
			return fmt.Errorf("%s: goal id %q is used twice", e.ID, g.ID)
		}
		goalIDs[g.ID] = true
		if err := g.validate(reqIDs); err != nil {
			return fmt.Errorf("%s: %w", e.ID, err)
		}
	}
	if len(e.Hints) != 3 {
		return fmt.Errorf("%s: %d hints; write three, from gentle to explicit", e.ID, len(e.Hints))
	}
	for i, h := range e.Hints {
		if strings.TrimSpace(h) == "" {
			return fmt.Errorf("%s: hint %d is empty", e.ID, i+1)
		}
	}
	if len(e.Docs) == 0 {
		return fmt.Errorf("%s: link at least one page of documentation", e.ID)
	}
	for _, d := range e.Docs {
		if d.Title == "" || !strings.HasPrefix(d.URL, "https://") {
			return fmt.Errorf("%s: doc link %q needs a title and an https URL", e.ID, d.URL)
		}
	}
	if len(e.Solutions) == 0 {
		return fmt.Errorf("%s: list at least one reference solution", e.ID)
	}
	for i, s := range e.Solutions {
		if strings.TrimSpace(s.Note) == "" {
			return fmt.Errorf("%s: solution %d has no note", e.ID, i+1)
		}
		if _, err := e.Scenario(s.Attempt()); err != nil {
			return fmt.Errorf("%s: solution %d: %w", e.ID, i+1, err)
		}
	}
	return nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
