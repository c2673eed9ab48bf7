package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/web/store"
)

// parseScenarioBody reads a request body holding a scenario in the
// conformance JSON format and validates it.
func parseScenarioBody(w http.ResponseWriter, r *http.Request) (*stack.Scenario, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	return stack.ParseScenario(body)
}

// simulate runs a valid scenario. A *stack.FieldError from the engine is
// the client's problem (400); any other engine error is ours.
func simulate(sc *stack.Scenario) (*stack.Trace, error) {
	tr, err := stack.Simulate(sc)
	if err != nil {
		var fe *stack.FieldError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, fmt.Errorf("simulate: %w", err)
	}
	return tr, nil
}

// simulateAnswer is POST /api/simulate's answer. Each request's every
// step made the answer to the default stack 113 KB; most callers want what
// happened, so steps come only when asked for.
type simulateAnswer struct {
	Name    string         `json:"name"`
	Django  string         `json:"django"`
	Results []resultAnswer `json:"results"`
	// Unknown lists the MIDDLEWARE entries the catalog does not know.
	Unknown []int `json:"unknown"`
}

// resultAnswer is one request's result: the conformance fields, who
// answered, the outcome in a sentence and the verdict against the
// request's expectation; with ?steps=1, its events and steps too.
type resultAnswer struct {
	ID         string       `json:"id"`
	Status     int          `json:"status"`
	Escaped    string       `json:"escaped,omitempty"`
	View       *string      `json:"view"`
	UserAtView *string      `json:"user_at_view"`
	Headers    stack.Fields `json:"headers"`
	Cookies    stack.Fields `json:"cookies"`
	BodyJSON   any          `json:"body_json"`
	BodyH1     *string      `json:"body_h1"`
	AnsweredBy string       `json:"answered_by"`
	Outcome    string       `json:"outcome"`
	// Verdict is "pass" or "fail" against the request's expectation, or
	// "none" when it has none.
	Verdict string       `json:"verdict"`
	Events  []string     `json:"events,omitzero"`
	Steps   []stack.Step `json:"steps,omitempty"`
}

func answerOf(rn *run, withSteps bool) simulateAnswer {
	tr := rn.tr
	out := simulateAnswer{Name: tr.Name, Django: tr.Django, Results: make([]resultAnswer, len(tr.Results)), Unknown: tr.Unknown}
	if out.Unknown == nil {
		out.Unknown = []int{}
	}
	for i := range tr.Results {
		res := &tr.Results[i]
		a := resultAnswer{
			ID: res.ID, Status: res.Status, Escaped: res.Escaped, View: res.View, UserAtView: res.UserAtView,
			Headers: res.Headers, Cookies: res.Cookies, BodyJSON: res.BodyJSON, BodyH1: res.BodyH1,
			AnsweredBy: res.AnsweredBy, Outcome: res.Outcome(), Verdict: rn.verdict(i),
		}
		if withSteps {
			a.Events, a.Steps = res.Events(), res.Steps
		}
		out.Results[i] = a
	}
	return out
}

// handleSimulate runs a scenario and answers what happened to each
// request; ?steps=1 adds every event and step.
func handleSimulate(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc, err := parseScenarioBody(w, r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		rn, err := newRun(sc)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		withSteps := false
		switch v := r.URL.Query().Get("steps"); v {
		case "", "0", "false":
		case "1", "true":
			withSteps = true
		default:
			writeError(w, r, log, badRequest("steps=%q: use steps=1 to get every step, or leave it out", v))
			return
		}
		ans := answerOf(rn, withSteps)
		bp := answerBufs.Get().(*[]byte)
		b, err := ans.appendJSON((*bp)[:0])
		if err != nil {
			answerBufs.Put(bp)
			writeError(w, r, log, fmt.Errorf("encode answer: %w", err))
			return
		}
		b = append(b, '\n')
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.Write(b)
		// A buffer grown by a heavy answer with every step is let go, so
		// the pool keeps only the usual size.
		if cap(b) <= 256<<10 {
			*bp = b
			answerBufs.Put(bp)
		}
	}
}

// handleCredentials lists every credential a sample request can carry,
// for the request editor and other tools.
func handleCredentials() http.HandlerFunc {
	creds := stack.Credentials()
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, creds)
	}
}

// handleShareCreate stores a scenario under its content address and
// returns the id and the permalink. Sharing the same state twice gives the
// same id; a (very unlikely) prefix collision with a different state grows
// the id by one character until it is unique.
func handleShareCreate(log *slog.Logger, st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc, err := parseScenarioBody(w, r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		id, err := saveShare(r.Context(), st, sc)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": id, "url": absoluteURL(r, "/s/"+id)})
	}
}

func saveShare(ctx context.Context, st ShareStore, sc *stack.Scenario) (string, error) {
	canon, err := canonicalScenario(sc)
	if err != nil {
		return "", err
	}
	id, err := saveContentAddressed(shareSalt, canon, func(id string) ([]byte, error) {
		return st.PutShare(ctx, id, canon)
	})
	if err != nil {
		return "", fmt.Errorf("save share: %w", err)
	}
	return id, nil
}

// shareIDPattern is what a share id can look like; anything else is a 404
// without touching the database.
var shareIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// loadShare returns the stored scenario for id, with its Django version
// (see withShareVersion), or an apiError 404.
func loadShare(ctx context.Context, st ShareStore, id string) ([]byte, error) {
	if !shareIDPattern.MatchString(id) {
		return nil, &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no shared playground has the id %q", id)}
	}
	b, err := st.GetShare(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no shared playground has the id %q", id)}
	}
	if err != nil {
		return nil, err
	}
	return withShareVersion(b)
}

// handleShareGet returns the stored scenario as it was stored, naming the
// version an old share was made with.
func handleShareGet(log *slog.Logger, st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := loadShare(r.Context(), st, chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
	}
}

func absoluteURL(r *http.Request, path string) string {
	scheme := "http"
	if clientOf(r).https {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// handleHealth answers 200 while the database answers.
func handleHealth(st ShareStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "database does not answer"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}

// handleMethodNotAllowed answers 405 with the Allow header RFC 9110
// requires, worked out by asking the router which methods would match.
func handleMethodNotAllowed() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil {
			for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
				// HEAD is served wherever GET is (see NewServer).
				probe := m
				if m == http.MethodHead {
					probe = http.MethodGet
				}
				if rctx.Routes.Match(chi.NewRouteContext(), probe, r.URL.Path) {
					allow = append(allow, m)
				}
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": fmt.Sprintf("method %s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))})
	}
}
