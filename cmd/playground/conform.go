package main

import (
	"fmt"
	"io"
	"os"

	"github.com/middleware-playground/playground/stack"
)

// runConform prints a scenario's trace in the conformance JSON format, so
// it can be compared with real Django's by the harness's compare.py.
func runConform(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: playground conform SCENARIO.json")
		return 2
	}
	src, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "conform: %v\n", err)
		return 2
	}
	sc, err := stack.ParseScenario(src)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %s: %v\n", args[0], err)
		return 2
	}
	tr, err := stack.SimulateStrict(sc)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %s: %v\n", args[0], err)
		return 2
	}
	out, err := tr.ConformanceJSON()
	if err != nil {
		fmt.Fprintf(stderr, "conform: %v\n", err)
		return 2
	}
	stdout.Write(append(out, '\n'))
	return 0
}
