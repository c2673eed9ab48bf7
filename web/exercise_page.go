package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/middleware-playground/playground/exercises"
	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// handleExerciseListPage renders the list of exercises, solved ones ticked.
func handleExerciseListPage(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		items, err := s.list(r.Context(), learnerID(w, r))
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		vm := templates.ExerciseListVM{}
		for i, it := range items {
			vm.Items = append(vm.Items, templates.ExerciseItemVM{Number: i + 1, ID: it.ID, Title: it.Title, Summary: it.Summary, Django: it.Django, Solved: it.Solved})
			if it.Solved {
				vm.Solved++
			} else if vm.Continue == "" {
				vm.Continue = it.ID
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		templ.Handler(templates.ExerciseList(vm)).ServeHTTP(w, r)
	}
}

// handleExercisePage renders one exercise where the learner left it: on
// their solving answer once solved, else on their latest answer, else
// from its start; under /exercises/{id}/a/{share}, on a shared solved
// answer. The results and the goals' verdict are in the page itself.
func handleExercisePage(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ctx := r.Context()
		ex, number, err := s.load(chi.URLParam(r, "id"))
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		p, err := s.store.GetProgress(ctx, learner, ex.ID)
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		attempt, from := s.answer(ex, p)
		shareID := chi.URLParam(r, "share")
		if shareID != "" {
			a, err := s.loadShare(ctx, ex.ID, shareID)
			if err != nil {
				pageError(w, r, log, err)
				return
			}
			if _, err := ex.Scenario(*a); err != nil {
				// A stored share that no longer fits its exercise (the file
				// was edited since): start from the exercise's own stack.
				log.WarnContext(ctx, "shared attempt no longer fits its exercise", "exercise", ex.ID, "share", shareID, "err", err)
				a = new(exercises.Attempt)
				*a = ex.Start()
			}
			attempt, from = *a, "shared"
			if attempt.Settings == nil {
				attempt.Settings = map[string]any{}
			}
		}
		er, err := simulateAttempt(ex, attempt)
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		sc := er.sc
		check := s.verdict(ex, er.res, p)
		vm := templates.ExercisePageVM{
			ID: ex.ID, Title: ex.Title, Story: ex.Story, Django: ex.DjangoVersion(),
			Number: number, Total: len(s.set.List()),
			Hints: revealed(ex, p), HintsTotal: len(ex.Hints), Next: s.set.Next(ex.ID), SharedID: shareID,
			// A solve after "show a solution" reopens on that answer too,
			// but the banner claims only what the learner's record says.
			Counted: check.Counted, OpenedSolved: from == "solved" && er.res.Solved && check.Counted,
			Solved: check.Solved, SolvedNote: check.Note, Explanation: check.Explanation,
			Palette: exercisePaletteVM(ex), Settings: exerciseSettingsVM(ex, sc.Settings),
			Results: er.resultsVM(-1), State: sc, Catalog: catalogData(), Stack: stackVM(sc.Middleware),
		}
		if er.res.Solved {
			versusVM, err := versus(ex, er)
			if err != nil {
				pageError(w, r, log, err)
				return
			}
			vm.Versus = &versusVM
		}
		for _, d := range check.Docs {
			vm.Docs = append(vm.Docs, templates.ExerciseLinkVM{Title: d.Title, URL: d.URL})
		}
		for _, g := range er.res.Goals {
			vm.Goals = append(vm.Goals, templates.ExerciseGoalVM{ID: g.ID, Text: g.Text, Passed: g.Passed, Reason: g.Reason})
		}
		expect := goalExpectations(ex)
		type variantJS struct {
			ID      string        `json:"id"`
			Label   string        `json:"label"`
			Request stack.Request `json:"request"`
		}
		type requestJS struct {
			ID       string      `json:"id"`
			Variants []variantJS `json:"variants"`
		}
		var reqs []requestJS
		for _, rq := range ex.Requests {
			if len(rq.Variants) == 0 {
				continue
			}
			// The first option is the request as the story has it.
			base := rq.Request
			base.Expect = expect[rq.ID]
			rj := requestJS{ID: rq.ID, Variants: []variantJS{{ID: "", Label: rq.Label, Request: base}}}
			c := templates.ExerciseChoiceVM{RequestID: rq.ID, Label: rq.Label, Selected: attempt.Choices[rq.ID]}
			c.Options = append(c.Options, templates.Option{Value: "", Label: rq.Label})
			for _, v := range rq.Variants {
				r := v.Request
				r.ID, r.Client, r.Label, r.Expect = rq.ID, rq.Client, v.Label, expect[rq.ID]
				rj.Variants = append(rj.Variants, variantJS{ID: v.ID, Label: v.Label, Request: r})
				c.Options = append(c.Options, templates.Option{Value: v.ID, Label: v.Label})
			}
			reqs = append(reqs, rj)
			vm.Choices = append(vm.Choices, c)
		}
		vm.Exercise = map[string]any{
			"id": ex.ID, "requests": nonNil(reqs),
			"start":  map[string]any{"middleware": nonNil(ex.Middleware), "settings": sc0(ex)},
			"solved": er.res.Solved,
		}
		w.Header().Set("Cache-Control", "no-store")
		templ.Handler(templates.Exercise(vm)).ServeHTTP(w, r)
	}
}

// goalExpectations turns the status and user goals into the requests'
// expectations, so the results table's verdicts agree with the goals.
func goalExpectations(ex *exercises.Exercise) map[string]*stack.Expectation {
	out := map[string]*stack.Expectation{}
	for _, g := range ex.Goals {
		if g.Request == "" || (g.Kind != exercises.KindStatus && g.Kind != exercises.KindUser) {
			continue
		}
		e := out[g.Request]
		if e == nil {
			e = &stack.Expectation{}
			out[g.Request] = e
		}
		if g.Kind == exercises.KindStatus {
			e.Status = g.Status
		} else {
			e.User = g.User
		}
		if e.Text == "" {
			e.Text = g.Text
		}
	}
	return out
}

// sc0 is the exercise's settings as the page's state starts with them.
func sc0(ex *exercises.Exercise) map[string]any {
	if ex.Settings == nil {
		return map[string]any{}
	}
	return ex.Settings
}

// exercisePaletteVM is the catalog's palette limited to what the exercise
// lets the learner add.
func exercisePaletteVM(ex *exercises.Exercise) []templates.PaletteGroup {
	allowed := map[string]bool{}
	for _, p := range ex.Palette {
		allowed[p] = true
	}
	var out []templates.PaletteGroup
	for _, g := range paletteVM() {
		var items []templates.PaletteItem
		for _, it := range g.Items {
			if allowed[it.Path] {
				items = append(items, it)
			}
		}
		if len(items) > 0 {
			out = append(out, templates.PaletteGroup{Name: g.Name, Items: items})
		}
	}
	return out
}

// exerciseSettingsVM is the settings panel limited to the editable ones.
func exerciseSettingsVM(ex *exercises.Exercise, current map[string]any) []templates.SettingVM {
	editable := map[string]bool{}
	for _, s := range ex.EditableSettings {
		editable[s] = true
	}
	var out []templates.SettingVM
	for _, s := range settingsVM(current) {
		if editable[s.Name] {
			out = append(out, s)
		}
	}
	return out
}

// pageError shows an error on a page route: the friendly 404 page for an
// unknown exercise or share, a short message otherwise.
func pageError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusNotFound {
		renderNotFound(w, r, log, ae.msg+".")
		return
	}
	status, msg := classify(err)
	if status >= 500 {
		log.ErrorContext(r.Context(), "exercise page", "err", err, "path", r.URL.Path)
	}
	http.Error(w, msg, status)
}
