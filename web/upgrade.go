package web

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/middleware-playground/playground/stack"
	"github.com/middleware-playground/playground/templates"
)

// handleUpgrade answers POST /ui/upgrade, {"scenario": SCENARIO, "to":
// "4.2"}: the scenario's stack and requests run on its own Django version
// and on to, as the HTML the page's upgrade dialog shows. The engine's
// Compare decides what differs; this only draws it.
func handleUpgrade(log *slog.Logger) http.HandlerFunc {
	type request struct {
		pageRequest
		To string `json:"to"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		a, err := readPageScenario(w, r, &req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if !slices.Contains(stack.KnownVersions(), req.To) {
			writeError(w, r, log, badRequest("to: %q is not a Django version the playground simulates; pick one of %s", req.To, strings.Join(stack.KnownVersions(), ", ")))
			return
		}
		if a.Django == "" {
			a.Django = stack.DefaultVersion
		}
		b := *a
		b.Django = req.To
		// A stack one version cannot import (LoginRequiredMiddleware
		// before 5.1) is the answer, not a failure of the comparison.
		if err := b.Validate(); err != nil {
			writeError(w, r, log, badRequest("Django %s cannot run this stack: %s", req.To, err.Error()))
			return
		}
		c, err := compareScenarios(a, &b)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := templates.UpgradeDiff(c.upgradeVM()).Render(r.Context(), w); err != nil {
			log.ErrorContext(r.Context(), "render upgrade", "err", err)
		}
	}
}

// upgradeVM keeps the requests that behave differently, with the headers
// and cookies the engine found changed.
func (c *comparison) upgradeVM() templates.UpgradeVM {
	vm := templates.UpgradeVM{From: c.a.sc.Django, To: c.b.sc.Django, Differ: c.differ, Total: len(c.a.tr.Results)}
	for _, row := range c.rows() {
		if !row.Differs {
			continue
		}
		d := c.byID[row.ID]
		vm.Rows = append(vm.Rows, templates.UpgradeRow{CompareRow: row, Headers: changes(d.Headers), Cookies: changes(d.Cookies)})
	}
	return vm
}

func changes(hs []stack.HeaderChange) []templates.Change {
	out := make([]templates.Change, len(hs))
	for i, h := range hs {
		out[i] = templates.Change{Name: h.Name, A: h.A, B: h.B}
	}
	return out
}
