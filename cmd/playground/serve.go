package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/middleware-playground/playground/web"
	"github.com/middleware-playground/playground/web/store"
)

const (
	defaultAddr = "127.0.0.1:8080"
	defaultDB   = "playground.db"
	// shutdownGrace is how long in-flight requests get after SIGINT/SIGTERM.
	shutdownGrace = 10 * time.Second
	// defaultMaxDBMiB caps the database: shares are kept for ever, and the
	// share quota only slows a determined client down.
	defaultMaxDBMiB = 1024
	// progressKept is how long a learner's progress outlives their last
	// visit; the learner cookie lasts 400 days.
	progressKept = 365 * 24 * time.Hour
	// A simulation allocates a few hundred KiB and keeps none of it, so
	// the live heap is a few MiB and Go's default (collect when the heap
	// doubles) collects hundreds of times a second under load: that was
	// half the CPU of POST /api/simulate. Collecting at five times the
	// live heap, with a memory limit that makes the collector work harder
	// before the process grows past it, keeps memory bounded and the CPU
	// for the simulations.
	defaultGCPercent     = 400
	defaultMemoryLimitMB = 256
)

// tuneGC sets the collector's pace from the flags, where given, or else
// from GOGC and GOMEMLIMIT (which the runtime has already read), or else
// from the defaults above.
func tuneGC(fs *flag.FlagSet, gcPercent, memoryLimitMiB int, getenv func(string) string) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["gc-percent"] || getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if set["memory-limit-mib"] || getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(memoryLimitMiB) << 20)
	}
}

// expireProgress deletes stale learners' progress at start-up and then
// daily, until ctx ends.
func expireProgress(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		n, err := st.ExpireProgress(ctx, time.Now().Add(-progressKept))
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error("expire progress", "err", err)
		case n > 0:
			log.Info("expired progress", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runServe starts the playground server and blocks until ctx is cancelled
// (main cancels it on SIGINT and SIGTERM), then shuts down gracefully.
// Configuration precedence: flag, then environment, then default.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("playground", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "listen address (default "+defaultAddr+"; $PORT means :$PORT)")
	dbPath := fs.String("db", "", "SQLite database file (default "+defaultDB+", or $PLAYGROUND_DB)")
	def := web.DefaultLimits()
	var lim web.Limits
	fs.IntVar(&lim.Concurrent, "max-concurrent", def.Concurrent, "simulations and pastes run at once (one per core)")
	fs.DurationVar(&lim.QueueWait, "queue-wait", def.QueueWait, "how long a simulation waits for a free slot before 503")
	fs.IntVar(&lim.Shares.Burst, "share-burst", def.Shares.Burst, "new shares a client may make at once")
	fs.DurationVar(&lim.Shares.Every, "share-every", def.Shares.Every, "then one more new share per this long")
	fs.IntVar(&lim.Progress.Burst, "progress-burst", def.Progress.Burst, "exercise progress writes a client may make at once")
	fs.DurationVar(&lim.Progress.Every, "progress-every", def.Progress.Every, "then one more progress write per this long")
	maxDB := fs.Int64("max-db-mib", defaultMaxDBMiB, "size cap of the database in MiB; past it new shares and progress get 507 (0: no cap)")
	gcPercent := fs.Int("gc-percent", defaultGCPercent, "collect garbage when the heap has grown by this percentage of the live heap (or $GOGC)")
	memoryLimit := fs.Int("memory-limit-mib", defaultMemoryLimitMB, "soft limit of the Go runtime's memory in MiB: past it the collector runs more often (or $GOMEMLIMIT)")
	proxies := fs.String("trusted-proxy", "", "addresses or CIDR ranges of reverse proxies whose X-Forwarded-* headers to believe, comma-separated (or $PLAYGROUND_TRUSTED_PROXY)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "playground: unexpected argument %q\n%s\n", fs.Arg(0), usage)
		return 2
	}
	tuneGC(fs, *gcPercent, *memoryLimit, getenv)
	if *addr == "" {
		*addr = defaultAddr
		if p := getenv("PORT"); p != "" {
			*addr = ":" + p
		}
	}
	if *dbPath == "" {
		*dbPath = defaultDB
		if p := getenv("PLAYGROUND_DB"); p != "" {
			*dbPath = p
		}
	}
	if *proxies == "" {
		*proxies = getenv("PLAYGROUND_TRUSTED_PROXY")
	}
	trusted, err := web.ParseTrustedProxies(*proxies)
	if err != nil {
		fmt.Fprintf(stderr, "playground: -trusted-proxy: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := web.Config{Logger: log, TrustedProxies: trusted, Limits: lim}
	if err := serve(ctx, *addr, *dbPath, *maxDB<<20, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "playground: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, addr, dbPath string, maxDB int64, cfg web.Config, stdout io.Writer) error {
	log := cfg.Logger
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	st.MaxBytes = maxDB
	go expireProgress(ctx, st, log)

	cfg.Store = st
	cfg.Progress = st
	handler := web.NewServer(cfg)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(stdout, "Middleware Playground listening on http://%s/ (database %s)\n", ln.Addr(), dbPath)
	log.Info("serving", "addr", ln.Addr().String(), "db", dbPath)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace)
	// A fresh context: the one that was just cancelled cannot time the grace.
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
