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

	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/stack/lint"
	"github.com/middleware-playground/playground/web/store"
)

// ProgressStore keeps what each learner did with the exercises; the
// SQLite store implements it. The exercises themselves live in memory.
type ProgressStore interface {
	SolvedExercises(ctx context.Context, learner string) (map[string]bool, error)
	GetProgress(ctx context.Context, learner, exerciseID string) (store.Progress, error)
	SaveAttempt(ctx context.Context, learner, exerciseID string, attempt []byte, solved bool) (store.Progress, error)
	StartOver(ctx context.Context, learner, exerciseID string) (store.Progress, error)
	RevealHint(ctx context.Context, learner, exerciseID string, max int) (store.Progress, error)
	MarkSolutionShown(ctx context.Context, learner, exerciseID string) (store.Progress, error)
	ResetProgress(ctx context.Context, learner string) error
	PutExerciseShare(ctx context.Context, id, exerciseID string, attempt []byte) ([]byte, error)
	GetExerciseShare(ctx context.Context, id string) (string, []byte, error)
}

// exerciseService serves the exercises built into the binary, parsed once,
// and keeps each learner's progress in the store.
type exerciseService struct {
	log   *slog.Logger
	set   *exercises.Set
	err   error
	store ProgressStore
}

func newExerciseService(cfg Config) *exerciseService {
	set, err := exercises.Embedded()
	if err != nil {
		// The server still starts: the sandbox does not need exercises.
		cfg.Logger.Error("load exercises", "err", err)
		err = fmt.Errorf("exercise files: %w", err)
	}
	return &exerciseService{log: cfg.Logger, set: set, err: err, store: cfg.Progress}
}

var errNoProgressStore = &apiError{status: http.StatusServiceUnavailable, msg: "exercises need a progress store, which this server was started without"}

// ready says why exercises cannot be served, if they cannot.
func (s *exerciseService) ready() error {
	if s.err != nil {
		return s.err
	}
	if s.store == nil {
		return errNoProgressStore
	}
	return nil
}

func notFoundExercise(id string) error {
	return &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no exercise has the id %q", id)}
}

// load returns the exercise with that id and its number in the list.
func (s *exerciseService) load(id string) (*exercises.Exercise, int, error) {
	if err := s.ready(); err != nil {
		return nil, 0, err
	}
	ex, n := s.set.Get(id)
	if ex == nil {
		return nil, 0, notFoundExercise(id)
	}
	return ex, n, nil
}

// listItem is one row of GET /api/exercises.
type listItem struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Django is the version the exercise is simulated on.
	Django string `json:"django"`
	Solved bool   `json:"solved"`
}

func (s *exerciseService) list(ctx context.Context, learner string) ([]listItem, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	solved, err := s.store.SolvedExercises(ctx, learner)
	if err != nil {
		return nil, err
	}
	out := make([]listItem, 0, len(s.set.List()))
	for _, ex := range s.set.List() {
		out = append(out, listItem{ID: ex.ID, Title: ex.Title, Summary: ex.Summary, Django: ex.DjangoVersion(), Solved: solved[ex.ID]})
	}
	return out, nil
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
	Django           string                 `json:"django"`
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
	// Answer is what the exercise page opens on: the solving answer once
	// solved, else the latest one, else the starting stack.
	Answer exercises.Attempt `json:"answer"`
	Next   string            `json:"next"`
}

func (s *exerciseService) detail(ex *exercises.Exercise, p store.Progress) exerciseDetail {
	d := exerciseDetail{
		ID: ex.ID, Title: ex.Title, Summary: ex.Summary, Story: ex.Story, Django: ex.DjangoVersion(),
		Middleware: nonNil(ex.Middleware), Settings: sc0(ex), EditableSettings: nonNil(ex.EditableSettings),
		Palette: nonNil(ex.Palette), Requests: ex.Requests, Goals: ex.PublicGoals(),
		Hints: revealed(ex, p), HintsTotal: len(ex.Hints),
		Solved: !p.SolvedAt.IsZero(), Attempts: p.Attempts, SolutionShown: p.SolutionShown, Next: s.set.Next(ex.ID),
	}
	d.Answer, _ = s.answer(ex, p)
	return d
}

func revealed(ex *exercises.Exercise, p store.Progress) []string {
	return nonNil(ex.Hints[:min(p.HintsRevealed, len(ex.Hints))])
}

// answer is the attempt the exercise reopens on, and where it came from:
// "solved" (the latest solving answer), "last" (the latest answer) or
// "start". A stored answer that no longer fits the exercise (its file was
// edited since) is passed over.
func (s *exerciseService) answer(ex *exercises.Exercise, p store.Progress) (exercises.Attempt, string) {
	for _, c := range []struct {
		from string
		b    []byte
	}{{"solved", p.SolvedAttempt}, {"last", p.LastAttempt}} {
		if c.b == nil {
			continue
		}
		var a exercises.Attempt
		err := json.Unmarshal(c.b, &a)
		if err == nil {
			_, err = ex.Scenario(a)
		}
		if err != nil {
			s.log.Info("a stored answer no longer fits its exercise", "exercise", ex.ID, "from", c.from, "err", err)
			continue
		}
		if a.Settings == nil {
			a.Settings = map[string]any{}
		}
		return a, c.from
	}
	return ex.Start(), "start"
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
	// Counted says the learner has this exercise solved on their own; it
	// stays false after "show a solution".
	Counted bool `json:"counted"`
	// Note says what the solve means for the learner's record.
	Note        string           `json:"note,omitempty"`
	Explanation string           `json:"explanation,omitempty"`
	Docs        []exercises.Link `json:"docs,omitempty"`
	Next        string           `json:"next,omitempty"`
}

func (s *exerciseService) verdict(ex *exercises.Exercise, res *exercises.Result, p store.Progress) checkResponse {
	out := checkResponse{Solved: res.Solved, Goals: res.Goals, Counted: !p.SolvedAt.IsZero()}
	if res.Solved {
		out.Note = solvedNote(p)
		out.Explanation, out.Docs, out.Next = ex.Explanation, ex.Docs, s.set.Next(ex.ID)
	}
	return out
}

// solvedNote says whether a solving answer counts for the learner, and
// why not: a solution they were shown, or an answer someone shared.
func solvedNote(p store.Progress) string {
	switch {
	case !p.SolvedAt.IsZero():
		return "Every goal is met. This exercise shows as solved in your list."
	case p.SolutionShown:
		return "Every goal is met. You saw a reference solution first, so it is not counted as solved; reset your progress to earn it."
	}
	return "Every goal is met by this shared answer. It counts in your list once you solve the exercise yourself: start over and try."
}

// exerciseRun is one attempt simulated once: the results table and the
// goals both read its trace.
type exerciseRun struct {
	*run
	attempt exercises.Attempt
	res     *exercises.Result
}

// simulate runs an attempt; a malformed attempt is a 400.
func simulateAttempt(ex *exercises.Exercise, a exercises.Attempt) (*exerciseRun, error) {
	sc, err := ex.Scenario(a)
	if err != nil {
		var ae *exercises.AttemptError
		if errors.As(err, &ae) {
			return nil, badRequest("%s", ae.Msg)
		}
		return nil, err
	}
	expect := goalExpectations(ex)
	for i := range sc.Requests {
		sc.Requests[i].Expect = expect[sc.Requests[i].ID]
	}
	rn, err := newRun(sc)
	if err != nil {
		return nil, err
	}
	return &exerciseRun{run: rn, attempt: a, res: ex.Judge(sc, rn.tr)}, nil
}

// readAttempt loads the exercise named in the URL, decodes the attempt in
// body and simulates it: what the run, check and share endpoints share.
func (s *exerciseService) readAttempt(w http.ResponseWriter, r *http.Request, body interface {
	attempt() (exercises.Attempt, error)
}) (*exercises.Exercise, *exerciseRun, error) {
	ex, _, err := s.load(chi.URLParam(r, "id"))
	if err != nil {
		return nil, nil, err
	}
	if err := decodeBody(w, r, body); err != nil {
		return nil, nil, err
	}
	a, err := body.attempt()
	if err != nil {
		return nil, nil, err
	}
	er, err := simulateAttempt(ex, a)
	if err != nil {
		return nil, nil, err
	}
	return ex, er, nil
}

// save keeps the attempt as the learner's latest answer and returns the
// verdict for the page.
func (s *exerciseService) save(ctx context.Context, learner string, ex *exercises.Exercise, er *exerciseRun) (checkResponse, error) {
	b, err := json.Marshal(er.attempt)
	if err != nil {
		return checkResponse{}, err
	}
	p, err := s.store.SaveAttempt(ctx, learner, ex.ID, b, er.res.Solved)
	if err != nil {
		return checkResponse{}, err
	}
	return s.verdict(ex, er.res, p), nil
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

// handleExercise answers a request about one exercise for the current
// learner with what fn returns, as JSON.
func (s *exerciseService) handleExercise(log *slog.Logger, fn func(ctx context.Context, learner string, ex *exercises.Exercise) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ex, _, err := s.load(chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out, err := fn(r.Context(), learner, ex)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *exerciseService) get(ctx context.Context, learner string, ex *exercises.Exercise) (any, error) {
	p, err := s.store.GetProgress(ctx, learner, ex.ID)
	if err != nil {
		return nil, err
	}
	return s.detail(ex, p), nil
}

// handleExerciseCheck is the JSON API's verdict on an attempt, kept as the
// learner's latest answer.
func handleExerciseCheck(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		var body checkRequest
		ex, er, err := s.readAttempt(w, r, &body)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out, err := s.save(r.Context(), learner, ex, er)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// handleExerciseRun is what the exercise page calls on every change: one
// simulation gives the results table (as the sandbox's /ui/run does) and
// the goals' verdict, in one answer.
func handleExerciseRun(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	type request struct {
		checkRequest
		Open *int     `json:"open"`
		Have []string `json:"have"`
	}
	type response struct {
		*runResponse
		Check checkResponse `json:"check"`
		// Versus is the answer-vs-reference comparison as HTML, once the
		// answer solves: it comes with the run, so it never lags it.
		Versus string `json:"versus,omitempty"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		var body request
		ex, er, err := s.readAttempt(w, r, &body)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		out := response{}
		if out.runResponse, err = er.response(r.Context(), body.Open, body.Have); err != nil {
			writeError(w, r, log, err)
			return
		}
		// The findings would hand over the answer before the learner asked
		// for a hint; the rules still name the cause in "what broke".
		out.Findings, out.Fix = []lint.Finding{}, nil
		if out.Check, err = s.save(r.Context(), learner, ex, er); err != nil {
			writeError(w, r, log, err)
			return
		}
		if er.res.Solved {
			if out.Versus, err = versusHTML(r.Context(), ex, er); err != nil {
				writeError(w, r, log, err)
				return
			}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// handleExerciseTrace draws one request's trace for an attempt, as the
// sandbox's /ui/trace does for a scenario.
func handleExerciseTrace(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	type request struct {
		checkRequest
		Index int `json:"index"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var body request
		_, er, err := s.readAttempt(w, r, &body)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeTraceRow(w, r, log, er.run, body.Index)
	}
}

// startOver forgets the learner's answers to an exercise, so it reopens
// on its starting stack; a solve stays counted.
func (s *exerciseService) startOver(ctx context.Context, learner string, ex *exercises.Exercise) (any, error) {
	p, err := s.store.StartOver(ctx, learner, ex.ID)
	if err != nil {
		return nil, err
	}
	return map[string]bool{"solved": !p.SolvedAt.IsZero()}, nil
}

func (s *exerciseService) hint(ctx context.Context, learner string, ex *exercises.Exercise) (any, error) {
	p, err := s.store.RevealHint(ctx, learner, ex.ID, len(ex.Hints))
	if err != nil {
		return nil, err
	}
	return map[string]any{"hints": revealed(ex, p), "total": len(ex.Hints)}, nil
}

// solution reveals the first reference solution. The page asks the
// learner first; from then on a solve is not counted.
func (s *exerciseService) solution(ctx context.Context, learner string, ex *exercises.Exercise) (any, error) {
	if _, err := s.store.MarkSolutionShown(ctx, learner, ex.ID); err != nil {
		return nil, err
	}
	sol := ex.Solutions[0]
	settings := map[string]any{}
	for k, v := range ex.Settings {
		settings[k] = v
	}
	for k, v := range sol.Settings {
		settings[k] = v
	}
	return map[string]any{"note": sol.Note, "middleware": sol.Middleware, "settings": settings, "choices": nonNilMap(sol.Choices)}, nil
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
		var body checkRequest
		ex, er, err := s.readAttempt(w, r, &body)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if !er.res.Solved {
			writeError(w, r, log, badRequest("only a solved attempt can be shared; this one still fails a goal"))
			return
		}
		canon, err := json.Marshal(er.attempt)
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
		if err := s.ready(); err != nil {
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
	s := newExerciseService(cfg)
	pages := r.With(withPrefs)
	pages.Get("/exercises", handleExerciseListPage(log, s))
	pages.Get("/exercises/{id}", handleExercisePage(log, s))
	pages.Get("/exercises/{id}/a/{share}", handleExercisePage(log, s))
	// The page's one call per change: results and goals together.
	r.Post("/ui/exercises/{id}/run", handleExerciseRun(log, s))
	r.Post("/ui/exercises/{id}/trace", handleExerciseTrace(log, s))
	r.Post("/ui/exercises/{id}/versus", handleExerciseVersus(log, s))
	r.Get("/api/exercises", handleExerciseList(log, s))
	r.Get("/api/exercises/{id}", s.handleExercise(log, s.get))
	r.Post("/api/exercises/{id}/check", handleExerciseCheck(log, s))
	r.Post("/api/exercises/{id}/start-over", s.handleExercise(log, s.startOver))
	r.Post("/api/exercises/{id}/hint", s.handleExercise(log, s.hint))
	r.Post("/api/exercises/{id}/solution", s.handleExercise(log, s.solution))
	r.Post("/api/exercises/{id}/share", handleExerciseShare(log, s))
	r.Post("/api/progress/reset", handleProgressReset(log, s))
}
