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
			vm.Items = append(vm.Items, templates.ExerciseItemVM{Number: i + 1, ID: it.ID, Title: it.Title, Summary: it.Summary, Solved: it.Solved})
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

// handleExercisePage renders one exercise, from its start or, under
// /exercises/{id}/a/{share}, from a shared solved attempt.
func handleExercisePage(log *slog.Logger, s *exerciseService) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		learner := learnerID(w, r)
		ctx := r.Context()
		d, err := s.detail(ctx, learner, chi.URLParam(r, "id"))
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		ex, err := s.load(ctx, d.ID)
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		attempt := ex.Start()
		shareID := chi.URLParam(r, "share")
		if shareID != "" {
			a, err := s.loadShare(ctx, ex.ID, shareID)
			if err != nil {
				pageError(w, r, log, err)
				return
			}
			attempt = *a
			if attempt.Settings == nil {
				attempt.Settings = map[string]any{}
			}
		}
		sc, err := ex.Scenario(attempt)
		if err != nil {
			// A stored share that no longer fits its exercise (the file was
			// edited since): start from the exercise's own stack instead.
			log.WarnContext(ctx, "shared attempt no longer fits its exercise", "exercise", ex.ID, "share", shareID, "err", err)
			attempt = ex.Start()
			if sc, err = ex.Scenario(attempt); err != nil {
				pageError(w, r, log, err)
				return
			}
		}
		expect := goalExpectations(ex)
		for i := range sc.Requests {
			sc.Requests[i].Expect = expect[sc.Requests[i].ID]
		}
		items, err := s.list(ctx, learner)
		if err != nil {
			pageError(w, r, log, err)
			return
		}
		vm := templates.ExercisePageVM{
			ID: ex.ID, Title: ex.Title, Story: ex.Story, Total: len(items),
			Hints: d.Hints, HintsTotal: d.HintsTotal, Solved: d.Solved, Next: d.Next, SharedID: shareID,
			Palette: exercisePaletteVM(ex), Settings: exerciseSettingsVM(ex, sc.Settings),
			State: sc, Catalog: catalogData(),
		}
		for i, it := range items {
			if it.ID == ex.ID {
				vm.Number = i + 1
			}
		}
		for _, g := range ex.Goals {
			vm.Goals = append(vm.Goals, templates.ExerciseGoalVM{ID: g.ID, Text: g.Text})
		}
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
			"id": ex.ID, "goals": ex.PublicGoals(), "requests": nonNil(reqs),
			"start": map[string]any{"middleware": nonNil(ex.Middleware), "settings": sc0(ex)},
			"hints": d.Hints, "hintsTotal": d.HintsTotal, "solved": d.Solved, "next": d.Next,
			"choices": nonNilMap(attempt.Choices),
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
