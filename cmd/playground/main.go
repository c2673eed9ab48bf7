// Command playground runs the Middleware Playground server, and offers the
// engine's conformance runner and the settings.py linter on the command line.
//
//	playground [-addr 127.0.0.1:8080] [-db playground.db]   serve the playground
//	playground conform [--django X.Y] SCENARIO.json         print the trace as conformance JSON
//	playground lint [--debug] [--json] [--django X.Y] settings.py|-   lint a MIDDLEWARE setting
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/middleware-playground/playground/stack"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main with its dependencies passed in, so tests can drive every
// subcommand. It returns the process exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "conform":
			return runConform(args[1:], stdout, stderr)
		case "lint":
			return runLint(args[1:], stdin, stdout, stderr)
		case "serve":
			args = args[1:]
		case "help", "-h", "--help", "-help":
			fmt.Fprintln(stdout, usage)
			return 0
		}
	}
	return runServe(ctx, args, getenv, stdout, stderr)
}

var usage = `usage:
  playground [serve] [-addr ADDR] [-db FILE]   run the playground (default 127.0.0.1:8080, playground.db);
                                               'playground serve -h' lists the limits and quotas
  playground conform [--django X.Y] SCENARIO.json
                                               print a scenario's trace in the conformance JSON format
  playground lint [--debug] [--json] [--django X.Y] FILE|-
                                               check the MIDDLEWARE of a settings.py
  X.Y is a Django version the engine simulates: ` + knownVersions() + ` (default ` + stack.DefaultVersion + `)`
