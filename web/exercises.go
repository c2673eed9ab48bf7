package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/web/store"
)

// ExerciseStore is what guided exercises need from storage; the SQLite
// store implements it. Unknown ids give an error wrapping store.ErrNotFound.
type ExerciseStore interface {
	SyncExercises(ctx context.Context, defs []store.ExerciseDef) (int, error)
	ListExercises(ctx context.Context, learner string) ([]store.ExerciseRow, error)
	GetExercise(ctx context.Context, id string) ([]byte, error)
	GetProgress(ctx context.Context, learner, exerciseID string) (store.Progress, error)
	RecordAttempt(ctx context.Context, learner, exerciseID string, solved bool) (store.Progress, error)
	RevealHint(ctx context.Context, learner, exerciseID string, max int) (store.Progress, error)
	MarkSolutionShown(ctx context.Context, learner, exerciseID string) (store.Progress, error)
	ResetProgress(ctx context.Context, learner string) error
	PutExerciseShare(ctx context.Context, id, exerciseID string, attempt []byte) ([]byte, error)
	GetExerciseShare(ctx context.Context, id string) (string, []byte, error)
}

// exerciseService loads the embedded exercise files into the database
// once at start-up (again on demand if that failed) and serves them.
type exerciseService struct {
	log   *slog.Logger
	store ExerciseStore
	mu    sync.Mutex
	ready bool
}

func newExerciseService(log *slog.Logger, st ShareStore) *exerciseService {
	es, _ := st.(ExerciseStore)
	s := &exerciseService{log: log, store: es}
	if es != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.sync(ctx); err != nil {
			// The server still starts; exercise requests retry the sync.
			log.Error("load exercises", "err", err)
		}
	}
	return s
}

// sync writes the embedded exercise files into the store, once.
func (s *exerciseService) sync(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ready {
		return nil
	}
	defs, err := exercises.LoadAll(exercises.FS)
	if err != nil {
		return fmt.Errorf("exercise files: %w", err)
	}
	rows := make([]store.ExerciseDef, len(defs))
	for i, d := range defs {
		rows[i] = store.ExerciseDef{ID: d.Exercise.ID, Version: d.Exercise.Version, Position: d.Position, Hash: d.Hash, Definition: d.JSON}
	}
	n, err := s.store.SyncExercises(ctx, rows)
	if err != nil {
		return err
	}
	s.log.Info("exercises loaded", "files", len(defs), "rows_written", n)
	s.ready = true
	return nil
}

var errNoExerciseStore = &apiError{status: http.StatusServiceUnavailable, msg: "exercises need the SQLite store, which this server was started without"}

func (s *exerciseService) ensure(ctx context.Context) error {
	if s.store == nil {
		return errNoExerciseStore
	}
	return s.sync(ctx)
}

// exerciseIDPattern is what an exercise id looks like; anything else is a
// 404 without a database query.
var exerciseIDPattern = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

func notFoundExercise(id string) error {
	return &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no exercise has the id %q", id)}
}

// load returns one exercise from the store, parsed.
func (s *exerciseService) load(ctx context.Context, id string) (*exercises.Exercise, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	if !exerciseIDPattern.MatchString(id) {
		return nil, notFoundExercise(id)
	}
	b, err := s.store.GetExercise(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFoundExercise(id)
	}
	if err != nil {
		return nil, err
	}
	ex, err := exercises.Parse(b)
	if err != nil {
		// A stored row that no longer parses is our bug, not the visitor's.
		return nil, fmt.Errorf("stored exercise %s: %w", id, err)
	}
	return ex, nil
}

// listItem is one row of GET /api/exercises.
type listItem struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Solved  bool   `json:"solved"`
}

func (s *exerciseService) list(ctx context.Context, learner string) ([]listItem, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := s.store.ListExercises(ctx, learner)
	if err != nil {
		return nil, err
	}
	out := make([]listItem, 0, len(rows))
	for _, r := range rows {
		var head struct {
			Title   string `json:"title"`
			Summary string `json:"summary"`
		}
		if err := json.Unmarshal(r.Definition, &head); err != nil {
			return nil, fmt.Errorf("stored exercise %s: %w", r.ID, err)
		}
		out = append(out, listItem{ID: r.ID, Title: head.Title, Summary: head.Summary, Solved: r.Solved})
	}
	return out, nil
}

// next is the id of the exercise after id in list order, or "".
func (s *exerciseService) next(ctx context.Context, learner, id string) (string, error) {
	items, err := s.list(ctx, learner)
	if err != nil {
		return "", err
	}
	for i, it := range items {
		if it.ID == id && i+1 < len(items) {
			return items[i+1].ID, nil
		}
	}
	return "", nil
}

// learnerCookie names the anonymous learner: a random id, no account.
const learnerCookie = "mp_learner"

var learnerPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)

// learnerID returns the learner id from the cookie, setting a new one
// when there is none (or it is not one of ours).
func learnerID(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(learnerCookie); err == nil && learnerPattern.MatchString(c.Value) {
		return c.Value
	}
	var b [16]byte
	rand.Read(b[:])
	id := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{
		Name: learnerCookie, Value: id, Path: "/",
		MaxAge: 400 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	})
	// Later reads in this request see it too.
	r.AddCookie(&http.Cookie{Name: learnerCookie, Value: id})
	return id
}

// exerciseDetail is GET /api/exercises/{id}: everything the learner may
// see before solving, and their progress.
type exerciseDetail struct {
	ID               string                 `json:"id"`
	Title            string                 `json:"title"`
	Summary          string                 `json:"summary"`
	Story            string                 `json:"story"`
	Middleware       []string               `json:"middleware"`
	Settings         map[string]any         `json:"settings"`
	EditableSettings []string               `json:"editable_settings"`
	Palette          []string               `json:"palette"`
	Requests         []exercises.Request    `json:"requests"`
	Goals            []exercises.PublicGoal `json:"goals"`
	Hints            []string               `json:"hints"`
	HintsTotal       int                    `json:"hints_total"`
	Solved           bool                   `json:"solved"`
	Attempts         int                    `json:"attempts"`
	SolutionShown    bool                   `json:"solution_shown"`
	Next             string                 `json:"next"`
}

func detailOf(ex *exercises.Exercise, p store.Progress, next string) exerciseDetail {
	d := exerciseDetail{
		ID: ex.ID, Title: ex.Title, Summary: ex.Summary, Story: ex.Story,
		Middleware: nonNil(ex.Middleware), Settings: ex.Settings, EditableSettings: nonNil(ex.EditableSettings),
		Palette: nonNil(ex.Palette), Requests: ex.Requests, Goals: ex.PublicGoals(),
		Hints: nonNil(ex.Hints[:min(p.HintsRevealed, len(ex.Hints))]), HintsTotal: len(ex.Hints),
		Solved: !p.SolvedAt.IsZero(), Attempts: p.Attempts, SolutionShown: p.SolutionShown, Next: next,
	}
	if d.Settings == nil {
		d.Settings = map[string]any{}
	}
	return d
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// checkRequest is the body of POST /api/exercises/{id}/check (and share).
type checkRequest struct {
	Middleware *[]string         `json:"middleware"`
	Settings   map[string]any    `json:"settings"`
	Choices    map[string]string `json:"choices"`
}

func (c checkRequest) attempt() (exercises.Attempt, error) {
	if c.Middleware == nil {
		return exercises.Attempt{}, badRequest("middleware: missing; send the stack as a list of dotted paths")
	}
	return exercises.Attempt{Middleware: *c.Middleware, Settings: c.Settings, Choices: c.Choices}, nil
}

// checkResponse is the verdict, with the explanation once solved.
type checkResponse struct {
	Solved bool                   `json:"solved"`
	Goals  []exercises.GoalResult `json:"goals"`
	// Counted says the solve was recorded; false after "show a solution".
	Counted     bool             `json:"counted"`
	Explanation string           `json:"explanation,omitempty"`
	Docs        []exercises.Link `json:"docs,omitempty"`
	Next        string           `json:"next,omitempty"`
}

// readAttempt loads the exercise named in the URL, decodes the attempt in
// the body and checks it: what the check and share endpoints share.
func (s *exerciseService) readAttempt(w http.ResponseWriter, r *http.Request) (*exercises.Exercise, exercises.Attempt, *exercises.Result, error) {
	ex, err := s.load(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return nil, exercises.Attempt{}, nil, err
	}
	var body checkRequest
	if err := decodeBody(w, r, &body); err != nil {
		return nil, exercises.Attempt{}, nil, err
	}
	a, err := body.attempt()
	if err != nil {
		return nil, exercises.Attempt{}, nil, err
	}
	res, err := checkAttempt(ex, a)
	if err != nil {
		return nil, exercises.Attempt{}, nil, err
	}
	return ex, a, res, nil
}

// checkAttempt runs an attempt; a malformed attempt is a 400.
func checkAttempt(ex *exercises.Exercise, a exercises.Attempt) (*exercises.Result, error) {
	res, err := ex.Check(a)
	if err != nil {
		var ae *exercises.AttemptError
		if errors.As(err, &ae) {
			return nil, badRequest("%s", ae.Msg)
		}
		return nil, err
	}
	return res, nil
}

func handleExerciseList(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		items, err := s.list(r.Context(), learnerID(w, r))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, items)
	}
}

func handleExerciseGet(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.detail(r.Context(), learnerID(w, r), chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, d)
	}
}

func (s *exerciseService) detail(ctx context.Context, learner, id string) (*exerciseDetail, error) {
	ex, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.store.GetProgress(ctx, learner, ex.ID)
	if err != nil {
		return nil, err
	}
	next, err := s.next(ctx, learner, ex.ID)
	if err != nil {
		return nil, err
	}
	d := detailOf(ex, p, next)
	return &d, nil
}

func handleExerciseCheck(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ex, _, res, err := s.readAttempt(w, r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		p, err := s.store.RecordAttempt(r.Context(), learner, ex.ID, res.Solved)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out := checkResponse{Solved: res.Solved, Goals: res.Goals}
		if res.Solved {
			out.Counted = !p.SolvedAt.IsZero()
			out.Explanation, out.Docs = ex.Explanation, ex.Docs
			if out.Next, err = s.next(r.Context(), learner, ex.ID); err != nil {
				writeError(w, r, log, err)
				return
			}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func handleExerciseHint(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ex, err := s.load(r.Context(), chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		p, err := s.store.RevealHint(r.Context(), learner, ex.ID, len(ex.Hints))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"hints": ex.Hints[:min(p.HintsRevealed, len(ex.Hints))], "total": len(ex.Hints)})
	}
}

// handleExerciseSolution reveals the first reference solution. The page
// asks the learner first; from then on a solve is not counted.
func handleExerciseSolution(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ex, err := s.load(r.Context(), chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if _, err := s.store.MarkSolutionShown(r.Context(), learner, ex.ID); err != nil {
			writeError(w, r, log, err)
			return
		}
		sol := ex.Solutions[0]
		settings := map[string]any{}
		for k, v := range ex.Settings {
			settings[k] = v
		}
		for k, v := range sol.Settings {
			settings[k] = v
		}
		writeJSON(w, http.StatusOK, map[string]any{"note": sol.Note, "middleware": sol.Middleware, "settings": settings, "choices": nonNilMap(sol.Choices)})
	}
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// handleExerciseShare stores a solved attempt and returns its permalink.
// Only solved attempts can be shared: the link shows a working answer.
func handleExerciseShare(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ex, a, res, err := s.readAttempt(w, r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if !res.Solved {
			writeError(w, r, log, badRequest("only a solved attempt can be shared; this one still fails a goal"))
			return
		}
		canon, err := json.Marshal(exercises.Attempt{Middleware: a.Middleware, Settings: a.Settings, Choices: a.Choices})
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		id, err := saveContentAddressed("exercise-share-v1\x00"+ex.ID+"\x00", canon, func(id string) ([]byte, error) {
			return s.store.PutExerciseShare(r.Context(), id, ex.ID, canon)
		})
		if err != nil {
			writeError(w, r, log, fmt.Errorf("exercise share: %w", err))
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": id, "url": absoluteURL(r, "/exercises/"+ex.ID+"/a/"+id)})
	}
}

func handleProgressReset(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.ensure(r.Context()); err != nil {
			writeError(w, r, log, err)
			return
		}
		if err := s.store.ResetProgress(r.Context(), learnerID(w, r)); err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
	}
}

// loadShare returns a shared solved attempt of exercise exID.
func (s *exerciseService) loadShare(ctx context.Context, exID, id string) (*exercises.Attempt, error) {
	notFound := &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no shared answer has the id %q", id)}
	if !shareIDPattern.MatchString(id) {
		return nil, notFound
	}
	got, b, err := s.store.GetExerciseShare(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && got != exID) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	var a exercises.Attempt
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("stored exercise share %s: %w", id, err)
	}
	return &a, nil
}

// addExerciseRoutes registers the exercise pages and API.
func addExerciseRoutes(r chi.Router, cfg Config) {
	log := cfg.Logger
	s := newExerciseService(log, cfg.Store)
	r.Get("/exercises", handleExerciseListPage(log, s))
	r.Get("/exercises/{id}", handleExercisePage(log, s))
	r.Get("/exercises/{id}/a/{share}", handleExercisePage(log, s))
	r.Get("/api/exercises", handleExerciseList(log, s))
	r.Get("/api/exercises/{id}", handleExerciseGet(log, s))
	r.Post("/api/exercises/{id}/check", handleExerciseCheck(log, s))
	r.Post("/api/exercises/{id}/hint", handleExerciseHint(log, s))
	r.Post("/api/exercises/{id}/solution", handleExerciseSolution(log, s))
	r.Post("/api/exercises/{id}/share", handleExerciseShare(log, s))
	r.Post("/api/progress/reset", handleProgressReset(log, s))
}
