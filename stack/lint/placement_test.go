package lint

import (
	"slices"
	"testing"

	"github.com/middleware-playground/playground/stack"
)

func TestPlacementsSayWhatHoldsEachEntry(t *testing.T) {
	mw := def()
	notes := Placements(mw, Config{})
	authAt := slices.Index(mw, auth)
	below := Relation{Rule: "session-before-auth", Side: "below", Other: stack.ClassName(ses)}
	if !slices.ContainsFunc(notes[authAt].Kept, func(r Relation) bool {
		return r.Rule == below.Rule && r.Side == below.Side && r.Other == below.Other
	}) {
		t.Errorf("AuthenticationMiddleware's place is kept by %+v, want it held below SessionMiddleware by session-before-auth", notes[authAt].Kept)
	}
	if len(notes[authAt].Broken) > 0 {
		t.Errorf("the default stack breaks %+v", notes[authAt].Broken)
	}
}

func TestPlacementsOfABrokenOrder(t *testing.T) {
	mw := []string{sec, auth, ses, com, csrf, msg, xfo}
	notes := Placements(mw, Config{})
	want := map[int]Relation{
		1: {Rule: "session-before-auth", Side: "below", Other: stack.ClassName(ses)},
		2: {Rule: "session-before-auth", Side: "above", Other: stack.ClassName(auth)},
	}
	for i, w := range want {
		if !slices.ContainsFunc(notes[i].Broken, func(r Relation) bool {
			return r.Rule == w.Rule && r.Side == w.Side && r.Other == w.Other
		}) {
			t.Errorf("%s: broken %+v, want %+v among them", stack.ClassName(mw[i]), notes[i].Broken, w)
		}
	}
}

func TestPlacementsOfUnknownMiddleware(t *testing.T) {
	notes := Placements(def("myproject.middleware.NobodyKnowsMe"), Config{})
	if last := notes[len(notes)-1]; !last.Unknown || len(last.Kept)+len(last.Broken) > 0 {
		t.Errorf("an unknown entry's placement is %+v, want Unknown and no rules", last)
	}
}
