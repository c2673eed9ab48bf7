package web

// alignLCS lines up two lists of n and m elements along a longest common
// subsequence, calling step for each place of the merged list in order:
// (i, j) for an element both lists have there, (i, -1) for one only the
// first has, (-1, j) for one only the second has. On a tie the first
// list's element comes first. The export's DEBUG runs and the versus
// page's stack marks both read this one alignment.
func alignLCS(n, m int, same func(i, j int) bool, step func(i, j int)) {
	// lcs[i][j] is the length of the longest common subsequence of the
	// first list from i and the second from j.
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if same(i, j) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && same(i, j):
			step(i, j)
			i, j = i+1, j+1
		case j == m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
			step(i, -1)
			i++
		default:
			step(-1, j)
			j++
		}
	}
}
