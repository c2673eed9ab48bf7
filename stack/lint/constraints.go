package lint

// The ordering constraints FixOrder satisfies: which entry must sit
// above which, and the graph questions it asks of them.

type edge struct{ a, b string } // a must sit above b

// constraints lists the order constraints among the given distinct
// entries, from the error and warning rules that apply.
func constraints(paths []string, e env) []edge {
	in := map[string]bool{}
	for _, p := range paths {
		in[p] = true
	}
	seen := map[edge]bool{}
	var out []edge
	add := func(a, b string) {
		ed := edge{a, b}
		if a != b && in[a] && in[b] && !seen[ed] {
			seen[ed] = true
			out = append(out, ed)
		}
	}
	for _, s := range specs {
		if !s.movable() || s.Severity == Info || s.missing || !s.applies(e) {
			continue
		}
		for _, subj := range s.subjects {
			if !in[subj] {
				continue
			}
			for _, p := range s.above {
				add(p, subj)
			}
			if s.requireAbove {
				for _, p := range s.requires {
					add(p, subj)
				}
			}
			for _, p := range s.below {
				add(subj, p)
			}
			if s.aboveAll || s.belowAll {
				for _, p := range paths {
					if contains(s.exempt, p) {
						continue
					}
					if s.aboveAll {
						add(subj, p)
					} else {
						add(p, subj)
					}
				}
			}
		}
	}
	return out
}

// required adds, to a set of entries, those the error and warning rules
// require, until nothing more is needed. Added entries are returned in
// the order they were found.
func required(paths []string, e env) []string {
	in := map[string]bool{}
	for _, p := range paths {
		in[p] = true
	}
	var added []string
	for changed := true; changed; {
		changed = false
		for _, s := range specs {
			if !s.movable() || s.Severity == Info || !s.applies(e) {
				continue
			}
			var need []string
			if s.missing {
				present := false
				for _, p := range s.subjects {
					present = present || in[p]
				}
				if !present {
					need = s.subjects[:1]
				}
			} else {
				for _, subj := range s.subjects {
					if in[subj] {
						need = append(need, s.requires...)
					}
				}
			}
			for _, p := range need {
				if !in[p] {
					in[p] = true
					added = append(added, p)
					changed = true
				}
			}
		}
	}
	return added
}

func constrained(p string, edges []edge) bool {
	for _, ed := range edges {
		if ed.a == p || ed.b == p {
			return true
		}
	}
	return false
}

// acyclic drops constraints that close a cycle, warnings before errors,
// so that an order always exists. The rules are written to be acyclic (a
// test checks every known entry together); this only guards the future.
func acyclic(paths []string, edges []edge) []edge {
	sev := map[edge]int{}
	for _, ed := range edges {
		sev[ed] = edgeSeverity(ed)
	}
	for {
		cyc := findCycle(paths, edges)
		if cyc == nil {
			return edges
		}
		worst := cyc[0]
		for _, ed := range cyc {
			if sev[ed] > sev[worst] {
				worst = ed
			}
		}
		var kept []edge
		for _, ed := range edges {
			if ed != worst {
				kept = append(kept, ed)
			}
		}
		edges = kept
	}
}

func edgeSeverity(ed edge) int {
	worst := 0
	for _, s := range specs {
		for _, subj := range s.subjects {
			if subj == ed.a && (contains(s.below, ed.b) || s.aboveAll) || subj == ed.b && (contains(s.above, ed.a) || s.requireAbove && contains(s.requires, ed.a) || s.belowAll) {
				if r := s.Severity.rank(); r > worst {
					worst = r
				}
			}
		}
	}
	return worst
}

func findCycle(paths []string, edges []edge) []edge {
	out := map[string][]edge{}
	for _, ed := range edges {
		out[ed.a] = append(out[ed.a], ed)
	}
	state := map[string]int{}
	var stackE []edge
	var found []edge
	var visit func(p string) bool
	visit = func(p string) bool {
		state[p] = 1
		for _, ed := range out[p] {
			stackE = append(stackE, ed)
			switch state[ed.b] {
			case 1:
				for k := len(stackE) - 1; k >= 0; k-- {
					found = append(found, stackE[k])
					if stackE[k].a == ed.b {
						break
					}
				}
				return true
			case 0:
				if visit(ed.b) {
					return true
				}
			}
			stackE = stackE[:len(stackE)-1]
		}
		state[p] = 2
		return false
	}
	for _, p := range paths {
		if state[p] == 0 && visit(p) {
			return found
		}
	}
	return nil
}

// closure returns, for each entry, the entries that must sit below it
// (directly or through others).
func closure(paths []string, edges []edge) map[string]map[string]bool {
	out := map[string][]string{}
	for _, ed := range edges {
		out[ed.a] = append(out[ed.a], ed.b)
	}
	reach := map[string]map[string]bool{}
	for _, p := range paths {
		seen := map[string]bool{}
		todo := append([]string(nil), out[p]...)
		for len(todo) > 0 {
			q := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if seen[q] {
				continue
			}
			seen[q] = true
			todo = append(todo, out[q]...)
		}
		reach[p] = seen
	}
	return reach
}
