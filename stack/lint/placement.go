package lint

import (
	"slices"

	"github.com/middleware-playground/playground/stack"
)

// Relation is one reason an entry sits where it does: a rule that ties it
// to another entry (Other, on Side of it), or a rule about the entry alone
// (Other empty).
type Relation struct {
	Rule, Title string
	// Side is where the entry is, or must be, relative to Other: "below"
	// or "above".
	Side, Other string
	// Fix is the rule's advice, for a rule about the entry alone.
	Fix string
	// Severity is the finding's, for a rule the place breaks.
	Severity Severity
}

// Placement is why one entry sits where it does, all of it derived from
// the ordering rules run on the stack itself, so nothing said from it can
// claim a place the entry does not have.
type Placement struct {
	// Broken are the rules the entry's place breaks; Kept, the rules its
	// place keeps (found by moving it past each other entry and seeing
	// which rule then fires); Notes, findings about the entry that no
	// place would fix.
	Broken, Kept, Notes []Relation
	// Unknown: no rule knows this middleware.
	Unknown bool
}

// Placements explains the place of every entry of mw.
func Placements(mw []string, cfg Config) []Placement {
	title := func(rule string) string {
		r, _ := Lookup(rule)
		return r.Title
	}
	notes := make([]Placement, len(mw))
	// The pairs of entries the stack as it is already breaks a rule for.
	type pairKey struct {
		rule string
		i, j int
	}
	broken := map[pairKey]bool{}
	for _, f := range Check(mw, cfg) {
		if len(f.Entries) == 0 {
			continue
		}
		if f.Rule == "unknown-middleware" {
			notes[f.Entries[0]].Unknown = true
			continue
		}
		if len(f.Entries) == 1 || samePath(mw, f.Entries) {
			// A rule about the entry alone, or about its repeats.
			i := f.Entries[0]
			r := Relation{Rule: f.Rule, Title: title(f.Rule), Fix: f.Fix, Severity: f.Severity}
			if movable(mw, cfg, i, f.Rule) {
				notes[i].Broken = append(notes[i].Broken, r)
			} else {
				notes[i].Notes = append(notes[i].Notes, r)
			}
			continue
		}
		for _, a := range f.Entries {
			for _, b := range f.Entries {
				if a == b {
					continue
				}
				broken[pairKey{f.Rule, a, b}] = true
			}
		}
		s := f.Entries[0]
		for _, p := range f.Entries[1:] {
			// The rule fires because of the present order, so each side
			// must be on the other side of its partner.
			notes[s].Broken = append(notes[s].Broken, Relation{Rule: f.Rule, Title: title(f.Rule), Side: side(p, s), Other: stack.ClassName(mw[p])})
			notes[p].Broken = append(notes[p].Broken, Relation{Rule: f.Rule, Title: title(f.Rule), Side: side(s, p), Other: stack.ClassName(mw[s])})
		}
	}
	// Which rules hold each entry where it is: move it to the top, then to
	// the bottom, and see which rule then fires about it and an entry it
	// passed. Two runs of the rules an entry, not one a pair, keep a long
	// stack quick to explain; entries no rule knows play no part in them.
	var known []int
	for i := range mw {
		if !notes[i].Unknown {
			known = append(known, i)
		}
	}
	sub := make([]string, len(known))
	for a, i := range known {
		sub[a] = mw[i]
	}
	for a, i := range known {
		for _, to := range []int{0, len(sub) - 1} {
			if to == a {
				continue
			}
			moved, at := moveTo(sub, a, to)
			for _, f := range Check(moved, cfg) {
				if !slices.Contains(f.Entries, at(a)) {
					continue
				}
				for b, j := range known {
					// Only an entry the move carried it past counts.
					passed := (to == 0 && b < a) || (to > 0 && b > a)
					if !passed || mw[i] == mw[j] || !slices.Contains(f.Entries, at(b)) {
						continue
					}
					if broken[pairKey{f.Rule, i, j}] {
						continue
					}
					r := Relation{Rule: f.Rule, Title: title(f.Rule), Side: side(i, j), Other: stack.ClassName(mw[j])}
					if !slices.Contains(notes[i].Kept, r) {
						notes[i].Kept = append(notes[i].Kept, r)
					}
				}
			}
		}
	}
	return notes
}

// side says where entry i is relative to entry j.
func side(i, j int) string {
	if i > j {
		return "below"
	}
	return "above"
}

// moveTo returns mw with entry i moved to index to, and where each old
// index now is.
func moveTo(mw []string, i, to int) ([]string, func(int) int) {
	order := make([]int, 0, len(mw))
	for k := range mw {
		if k != i {
			order = append(order, k)
		}
	}
	order = slices.Insert(order, to, i)
	out := make([]string, len(mw))
	where := make([]int, len(mw))
	for n, k := range order {
		out[n] = mw[k]
		where[k] = n
	}
	return out, func(k int) int { return where[k] }
}

// movable says another place for entry i clears the rule's finding about
// it: the finding is about where it sits, not what it is. The rules about
// one entry's place want it first, last, or near either end, so those
// are the places tried.
func movable(mw []string, cfg Config, i int, rule string) bool {
	for _, to := range []int{0, 1, len(mw) - 2, len(mw) - 1} {
		if to == i || to < 0 {
			continue
		}
		moved, at := moveTo(mw, i, to)
		clear := true
		for _, f := range Check(moved, cfg) {
			if f.Rule == rule && slices.Contains(f.Entries, at(i)) {
				clear = false
				break
			}
		}
		if clear {
			return true
		}
	}
	return false
}

// samePath says the entries are all the same middleware, listed again.
func samePath(mw []string, entries []int) bool {
	for _, i := range entries[1:] {
		if mw[i] != mw[entries[0]] {
			return false
		}
	}
	return true
}
