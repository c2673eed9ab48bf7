package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/middleware-playground/playground/stack"
)

const conformUsage = "usage: playground conform [--django X.Y] SCENARIO.json"

// runConform prints a scenario's trace in the conformance JSON format, so
// it can be compared with real Django's by the harness's compare.py.
// --django overrides the scenario's own "django" field, so one scenario
// file can be checked against every version's golden.
func runConform(args []string, stdout, stderr io.Writer) int {
	file, django, err := conformArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %v\n%s\n", err, conformUsage)
		return 2
	}
	if err := checkVersion(django); err != nil {
		fmt.Fprintf(stderr, "conform: %v\n", err)
		return 2
	}
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %v\n", err)
		return 2
	}
	sc, err := stack.ParseScenario(src)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %s: %v\n", file, err)
		return 2
	}
	if django != "" {
		sc.Django = django
	}
	tr, err := stack.SimulateStrict(sc)
	if err != nil {
		fmt.Fprintf(stderr, "conform: %s: %v\n", file, err)
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

func conformArgs(args []string) (file, django string, err error) {
	for i := 0; i < len(args); i++ {
		v, n, err := djangoFlag(args, i)
		switch {
		case err != nil:
			return "", "", err
		case n > 0:
			django = v
			i += n - 1
		case strings.HasPrefix(args[i], "-"):
			return "", "", fmt.Errorf("unknown flag %s", args[i])
		case file != "":
			return "", "", errors.New("one scenario file at a time")
		default:
			file = args[i]
		}
	}
	if file == "" {
		return "", "", errors.New("no scenario file given")
	}
	return file, django, nil
}

// djangoFlag reads "--django X.Y" or "--django=X.Y" (with one dash or
// two) at args[i]: the version and how many arguments the flag took, or
// n = 0 when args[i] is something else.
func djangoFlag(args []string, i int) (v string, n int, err error) {
	for _, name := range []string{"--django", "-django"} {
		if args[i] == name {
			if i+1 == len(args) {
				return "", 0, fmt.Errorf("%s needs a version, one of %s", name, knownVersions())
			}
			return args[i+1], 2, nil
		}
		if v, ok := strings.CutPrefix(args[i], name+"="); ok {
			return v, 1, nil
		}
	}
	return "", 0, nil
}

// checkVersion accepts a version the engine simulates, or "" (none given:
// the scenario's own, else stack.DefaultVersion).
func checkVersion(v string) error {
	if v == "" || slices.Contains(stack.KnownVersions(), v) {
		return nil
	}
	return fmt.Errorf("unknown Django version %q; known: %s", v, knownVersions())
}

func knownVersions() string {
	return strings.Join(stack.KnownVersions(), ", ")
}
