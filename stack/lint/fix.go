package lint

import (
	"math"
	"sort"
)

// Move is one step of a fix. From is an index in the original stack (-1
// for an added entry), To an index in the fixed stack (-1 for a removed
// one); they are not meant to be applied one after the other.
type Move struct {
	Kind string `json:"kind"` // "move", "add", "remove"
	Path string `json:"path"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// DiffLine is one line of the fix shown as a diff of the list.
type DiffLine struct {
	Op   string `json:"op"` // " ", "+", "-"
	Path string `json:"path"`
}

// FixResult is a fixed stack and how it differs from the original.
type FixResult struct {
	Stack []string   `json:"stack"`
	Moves []Move     `json:"moves"`
	Diff  []DiffLine `json:"diff"`
}

// Above this many entries FixOrder still returns an order that passes,
// but stops searching for the fewest moves (real lists have a few dozen).
const maxExactFix = 128

// Fixable reports whether a finding is one FixOrder removes: an error or
// warning about order, presence or a duplicate.
func Fixable(f Finding) bool {
	if f.Severity == Info {
		return false
	}
	if f.Rule == "duplicate-entry" {
		return true
	}
	for _, s := range specs {
		if s.ID == f.Rule {
			return s.movable()
		}
	}
	return false
}

// FixOrder computes the stack that satisfies every error and warning rule
// about order and presence while moving as few entries as possible:
// entries that keep their place keep their relative order, every other
// entry, and every missing required entry, counts as one move, and later
// duplicates are removed. Among equally short fixes it prefers moving
// later entries, and puts moved and added entries where Django's
// documented order would.
func FixOrder(stack []string, cfg Config) FixResult {
	e := newEnv(cfg)
	// Distinct paths in order of first appearance.
	var distinct []string
	first := map[string]int{}
	for i, p := range stack {
		if _, ok := first[p]; !ok {
			first[p] = i
			distinct = append(distinct, p)
		}
	}
	added := required(distinct, e)
	final := append(append([]string(nil), distinct...), added...)
	edges := acyclic(final, constraints(final, e))
	reach := closure(final, edges)

	// stay[i]: entry i keeps its place.
	stay := make([]bool, len(stack))
	if len(stack) <= maxExactFix {
		for _, i := range keepInPlace(stack, reach) {
			stay[i] = true
		}
	} else {
		// Too long to search: keep only the entries no rule constrains.
		for p, i := range first {
			stay[i] = !constrained(p, edges)
		}
	}
	kept := map[string]int{} // path -> original index of the entry that stays
	for i, ok := range stay {
		if ok {
			kept[stack[i]] = i
		}
	}
	order := placeAll(stack, final, kept, first, edges)

	res := FixResult{Stack: order, Moves: []Move{}}
	for to, p := range order {
		_, ok := kept[p]
		switch {
		case ok:
		case contains(added, p):
			res.Moves = append(res.Moves, Move{Kind: "add", Path: p, From: -1, To: to})
		default:
			res.Moves = append(res.Moves, Move{Kind: "move", Path: p, From: first[p], To: to})
		}
	}
	for i, p := range stack {
		if _, ok := kept[p]; ok && kept[p] != i || !ok && first[p] != i {
			res.Moves = append(res.Moves, Move{Kind: "remove", Path: p, From: i, To: -1})
		}
	}
	res.Diff = diff(stack, order, stay, kept)
	return res
}

// keepInPlace returns the largest set of entries that can keep their
// places. Entries i < j conflict when j must end above i (directly or
// through other entries) or when both are the same path (only one copy
// survives); that relation is a partial order, so the largest set without
// conflicts is a maximum antichain, whose size Dilworth's theorem gives
// as n minus a maximum matching. Ties are broken greedily towards keeping
// the entries already where Django's documented order puts them.
func keepInPlace(stack []string, reach map[string]map[string]bool) []int {
	n := len(stack)
	conflict := func(i, j int) bool { // i < j
		return stack[i] == stack[j] || reach[stack[j]][stack[i]]
	}
	comparable := make([][]bool, n)
	degree := make([]int, n)
	for i := range comparable {
		comparable[i] = make([]bool, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if conflict(i, j) {
				comparable[i][j], comparable[j][i] = true, true
				degree[i]++
				degree[j]++
			}
		}
	}
	pool := make([]bool, n)
	for i := range pool {
		pool[i] = true
	}
	best := antichainSize(pool, comparable)
	var chosen []int
	for _, c := range byDisplacement(stack) {
		if !pool[c] {
			continue
		}
		if degree[c] == 0 {
			chosen = append(chosen, c)
			pool[c] = false
			continue
		}
		trial := make([]bool, n)
		count := 0
		for v := 0; v < n; v++ {
			if pool[v] && v != c && !comparable[c][v] {
				trial[v] = true
				count++
			}
		}
		if len(chosen)+1+antichainSize(trial, comparable) == best {
			chosen = append(chosen, c)
			pool = trial
			continue
		}
		pool[c] = false
	}
	return chosen
}

// byDisplacement orders entries for keepInPlace to try: those whose
// position agrees most with Django's documented order first (so the ones
// out of place are the ones moved), then by position.
func byDisplacement(stack []string) []int {
	score := make([]int, len(stack))
	for i, p := range stack {
		ri, ok := canonicalRank[p]
		if !ok {
			continue
		}
		for j, q := range stack {
			rj, ok := canonicalRank[q]
			if ok && (j < i && rj > ri || j > i && rj < ri) {
				score[i]++
			}
		}
	}
	order := make([]int, len(stack))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] < score[order[b]] })
	return order
}

// antichainSize is the size of a maximum antichain among the nodes in
// pool: their number minus a maximum matching from each node to the
// comparable nodes after it.
func antichainSize(pool []bool, comparable [][]bool) int {
	n := len(pool)
	var nodes []int
	for i, ok := range pool {
		if ok {
			nodes = append(nodes, i)
		}
	}
	match := make([]int, n) // right node -> left node
	for i := range match {
		match[i] = -1
	}
	var try func(u int, seen []bool) bool
	try = func(u int, seen []bool) bool {
		for _, v := range nodes {
			if v <= u || !comparable[u][v] || seen[v] {
				continue
			}
			seen[v] = true
			if match[v] < 0 || try(match[v], seen) {
				match[v] = u
				return true
			}
		}
		return false
	}
	matched := 0
	for _, u := range nodes {
		if try(u, make([]bool, n)) {
			matched++
		}
	}
	return len(nodes) - matched
}

// placeAll orders the final entries: kept entries in their original
// order, every constraint met, and moved or added entries as early as
// the constraints allow, in the gap Django's documented order suggests.
func placeAll(stack, final []string, kept map[string]int, first map[string]int, edges []edge) []string {
	// Kept entries sorted by original index.
	var keptList []string
	for p := range kept {
		keptList = append(keptList, p)
	}
	sort.Slice(keptList, func(i, j int) bool { return kept[keptList[i]] < kept[keptList[j]] })

	key := map[string]float64{}
	for _, p := range final {
		if i, ok := kept[p]; ok {
			key[p] = float64(i)
			continue
		}
		key[p] = gapKey(p, keptList, kept, first)
	}
	preds := map[string]int{}
	succ := map[string][]string{}
	for _, ed := range edges {
		preds[ed.b]++
		succ[ed.a] = append(succ[ed.a], ed.b)
	}
	for k := 1; k < len(keptList); k++ {
		a, b := keptList[k-1], keptList[k]
		preds[b]++
		succ[a] = append(succ[a], b)
	}
	var ready []string
	for _, p := range final {
		if preds[p] == 0 {
			ready = append(ready, p)
		}
	}
	less := func(a, b string) bool {
		if key[a] != key[b] {
			return key[a] < key[b]
		}
		ra, oka := canonicalRank[a]
		rb, okb := canonicalRank[b]
		if oka && okb && ra != rb {
			return ra < rb
		}
		return a < b
	}
	var out []string
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool { return less(ready[i], ready[j]) })
		p := ready[0]
		ready = ready[1:]
		out = append(out, p)
		for _, q := range succ[p] {
			preds[q]--
			if preds[q] == 0 {
				ready = append(ready, q)
			}
		}
	}
	return out
}

// gapKey chooses where a moved or added entry would best sit among the
// kept ones: the gap with the fewest disagreements with the documented
// order, nearest its old place. The key sorts it into that gap.
func gapKey(p string, keptList []string, kept, first map[string]int) float64 {
	rank, ok := canonicalRank[p]
	orig, wasThere := first[p]
	if !ok {
		if wasThere {
			return float64(orig) - 0.25
		}
		return math.Inf(1)
	}
	bestGap, bestCost, bestDist := 0, math.MaxInt, math.MaxInt
	for g := 0; g <= len(keptList); g++ {
		cost := 0
		for k, q := range keptList {
			r, ok := canonicalRank[q]
			if !ok {
				continue
			}
			if k < g && r > rank || k >= g && r < rank {
				cost++
			}
		}
		dist := 0
		if wasThere {
			pos := len(keptList)
			for k, q := range keptList {
				if kept[q] > orig {
					pos = k
					break
				}
			}
			dist = abs(g - pos)
		}
		if cost < bestCost || cost == bestCost && dist < bestDist {
			bestGap, bestCost, bestDist = g, cost, dist
		}
	}
	if bestGap == 0 {
		if len(keptList) == 0 {
			return float64(rank)
		}
		return float64(kept[keptList[0]]) - 0.5
	}
	return float64(kept[keptList[bestGap-1]]) + 0.5
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// diff shows the fix as lines of the list: kept entries unchanged, moved
// ones removed where they were and added where they go.
func diff(stack, order []string, stay []bool, kept map[string]int) []DiffLine {
	var out []DiffLine
	i, j := 0, 0
	for i < len(stack) || j < len(order) {
		for i < len(stack) && !stay[i] {
			out = append(out, DiffLine{"-", stack[i]})
			i++
		}
		for j < len(order) {
			if _, ok := kept[order[j]]; ok {
				break
			}
			out = append(out, DiffLine{"+", order[j]})
			j++
		}
		if i >= len(stack) || j >= len(order) {
			break
		}
		out = append(out, DiffLine{" ", stack[i]})
		i++
		j++
	}
	return out
}
