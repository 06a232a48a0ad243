// Command vigil is a chat assistant for parliamentary staff: it answers
// questions about foreign-interference guidance and takes confidential
// reports of suspicious approaches for the security team.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"vigil/adapters/console"
	"vigil/adapters/matrix"
	"vigil/adapters/slack"
	"vigil/awareness"
	"vigil/bot"
	"vigil/knowledge"
	"vigil/monitor"
	"vigil/storage"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `Vigil: guidance on foreign interference and confidential reporting of
suspicious approaches, in Slack, Matrix or the terminal.

Usage:
  vigil [--config FILE]            run with the configured adapters
                                   (a terminal chat when none is configured)
  vigil ask [--json] [question]    answer a guidance question (or one per
                                   line of standard input)
  vigil export --format csv|json|stix|misp [--since D] [--until D]
               [--status S] [--out FILE]
                                   export cases
  vigil config check               validate the configuration and print the
                                   effective settings, secrets redacted
  vigil stats [--since D] [--png FILE]
                                   case counts by category, status and week
                                   (default the last 90 days); --png writes
                                   the chart too
  vigil audit                      print the audit log
  vigil purge                      delete closed cases older than retention_days
  vigil backup FILE                write a checked copy of the database to FILE,
                                   also while Vigil runs
  vigil version                    print the version
  vigil --help                     show this help

Configuration comes from the YAML file given with --config and from
environment variables VIGIL_<KEY> (for example VIGIL_DATABASE=/data/vigil.db).
See README.md for every setting.
`

func main() {
	// Vigil writes no memory profile: sampling allocations for one keeps a
	// table of their call stacks, about 0.4 MB resident after start-up.
	runtime.MemProfileRate = 0
	privateFiles()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the exit, for tests. It returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vigil", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	configPath := fs.String("config", os.Getenv("VIGIL_CONFIG"), "YAML configuration file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	args, err := configFlagAfterVerb(fs.Args(), configPath)
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 2
	}
	verb, sub := "", ""
	if len(args) > 0 {
		verb = args[0]
	}
	if len(args) > 1 {
		sub = args[1]
	}
	switch verb {
	case "version":
		fmt.Fprintln(stdout, "vigil", version)
		return 0
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "", "audit", "purge", "ask", "export", "backup", "stats":
	case "config":
		if sub != "check" {
			fmt.Fprintf(stderr, "vigil: unknown command \"config %s\"; did you mean \"config check\"?\n", sub)
			return 2
		}
		return configCheck(*configPath, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "vigil: unknown command %q\n\n%s", verb, usage)
		return 2
	}
	warnUnknownEnv(stderr, os.Environ())
	cfg, err := loadConfig(*configPath, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch verb {
	case "ask":
		return askCommand(ctx, cfg, args[1:], stdin, stdout, stderr)
	case "export":
		return exportCommand(ctx, cfg, args[1:], stdout, stderr)
	case "backup":
		return backupCommand(ctx, cfg, args[1:], stdout, stderr)
	case "stats":
		return statsCommand(ctx, cfg, args[1:], stdout, stderr)
	case "":
		err = serve(ctx, cfg, stdin, stdout, stderr)
	case "audit", "purge":
		err = withStore(ctx, cfg, stderr, func(db *storage.DB) error {
			if verb == "audit" {
				return printAudit(ctx, db, stdout)
			}
			if cfg.RetentionDays == 0 {
				return errors.New("retention_days is 0 (keep closed cases forever): nothing to purge")
			}
			n, err := bot.New(bot.Options{Store: db, RetentionDays: cfg.RetentionDays}).PurgeClosed(ctx, operator)
			if err == nil {
				fmt.Fprintf(stdout, "purged %d closed cases older than %d days\n", n, cfg.RetentionDays)
			}
			return err
		})
	}
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	return 0
}

// configCheck validates the configuration and prints the effective
// settings (defaults filled in) with secrets redacted, after a warning
// for each unknown VIGIL_ variable. It returns the exit code.
func configCheck(path string, stdout, stderr io.Writer) int {
	warnUnknownEnv(stderr, os.Environ())
	cfg, err := loadConfig(path, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	out, err := cfg.effective().redacted()
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	adapters := "console"
	switch {
	case cfg.slackEnabled() && cfg.matrixEnabled():
		adapters = "slack, matrix"
	case cfg.slackEnabled():
		adapters = "slack"
	case cfg.matrixEnabled():
		adapters = "matrix"
	}
	fmt.Fprintf(stdout, "# configuration is valid; adapters: %s\n%s", adapters, out)
	kb, err := knowledge.Load(cfg.KnowledgeDir)
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	if _, err := awareness.Load(cfg.ScenariosDir); err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	stale := kb.StaleArticles(time.Now().AddDate(0, -cfg.ArticlesReviewMonths, 0))
	for _, a := range stale {
		fmt.Fprintf(stderr, "vigil: warning: %s was last reviewed on %s, more than %d months ago\n", a.File, a.Reviewed, cfg.ArticlesReviewMonths)
	}
	if len(stale) == 0 {
		fmt.Fprintf(stdout, "# guidance: every article reviewed within %d months\n", cfg.ArticlesReviewMonths)
	}
	return 0
}

// withStore opens the database, runs fn and closes it.
func withStore(ctx context.Context, cfg Config, stderr io.Writer, fn func(*storage.DB) error) error {
	db, err := openStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// newLogger returns a text logger on w. The console chat logs only
// warnings by default so that logs do not interleave with the chat.
func newLogger(level string, w io.Writer, chat bool) *slog.Logger {
	l := slog.LevelInfo
	if chat {
		l = slog.LevelWarn
	}
	if level != "" {
		_ = l.UnmarshalText([]byte(level))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// openStore opens the database with the configured key and tells the
// operator when a new key file was generated.
func openStore(ctx context.Context, cfg Config, stderr io.Writer) (*storage.DB, error) {
	opts := storage.Options{KeyFile: cfg.KeyFile}
	if cfg.DataKey != "" {
		key, err := storage.ParseKey(cfg.DataKey)
		if err != nil {
			return nil, fmt.Errorf("config: data_key: %w", err)
		}
		opts.Key = key
	}
	db, err := storage.Open(ctx, cfg.Database, opts)
	if err != nil {
		return nil, err
	}
	if db.KeyCreated {
		fmt.Fprintf(stderr, "vigil: generated a new encryption key in %s. Back it up now: without it the reports cannot be read.\n", db.KeyFile)
	}
	return db, nil
}

// shutdownGrace is how long in-flight work may take after a stop signal.
const shutdownGrace = 10 * time.Second

// serve wires storage, the core and the adapters, and runs until the
// context ends (then finishes in-flight work) or, for the console, until
// the end of input.
func serve(ctx context.Context, cfg Config, stdin io.Reader, stdout, stderr io.Writer) error {
	chatMode := !cfg.slackEnabled() && !cfg.matrixEnabled()
	logger := newLogger(cfg.LogLevel, stderr, chatMode)
	db, err := openStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	guidance, err := knowledge.Load(cfg.KnowledgeDir)
	if err != nil {
		return err
	}
	for _, a := range guidance.StaleArticles(time.Now().AddDate(0, -cfg.ArticlesReviewMonths, 0)) {
		logger.Warn("guidance article due for review", "file", a.File, "reviewed", a.Reviewed, "articles_review_months", cfg.ArticlesReviewMonths)
	}
	scenarios, err := awareness.Load(cfg.ScenariosDir)
	if err != nil {
		return err
	}

	var adapters []bot.Adapter
	var chat *console.Adapter
	if chatMode {
		interactive := false
		if f, ok := stdin.(*os.File); ok {
			interactive = term.IsTerminal(int(f.Fd()))
		}
		chat = console.New(stdin, stdout, interactive, cfg.ConsoleUser)
		chat.SaveFilesIn(cfg.consoleFiles())
		adapters = append(adapters, chat)
	}
	if cfg.slackEnabled() {
		a, err := slack.New(cfg.Slack, logger.With("adapter", "slack"))
		if err != nil {
			return err
		}
		adapters = append(adapters, a)
	}
	if cfg.matrixEnabled() {
		a, err := matrix.New(cfg.Matrix, logger.With("adapter", "matrix"))
		if err != nil {
			return err
		}
		adapters = append(adapters, a)
	}

	exporter, err := newExporter(db, cfg)
	if err != nil {
		return err
	}
	linking, err := cfg.linking(db.IndicatorKey())
	if err != nil {
		return err
	}
	metrics := monitor.New()
	metrics.WatchAdapters(adapters...)
	core := bot.New(bot.Options{
		Store:             db,
		Guidance:          guidance,
		Exporter:          exporter,
		Linking:           linking,
		Roles:             securityRoles(cfg),
		Logger:            logger,
		SessionIdle:       cfg.SessionIdle,
		RetentionDays:     cfg.RetentionDays,
		Digest:            cfg.digestSchedule(),
		Outreach:          db.Outreach(),
		Scenarios:         scenarios,
		ScenarioOfTheWeek: cfg.scenarioSchedule(),
		TeamLanguage:      cfg.SecurityTeam.Language,
		Observer:          metrics,
		Limits:            bot.RateLimits{MessagesPerMinute: cfg.RateLimits.MessagesPerMinute, ReportsPerHour: cfg.RateLimits.ReportsPerHour},
	})
	for _, a := range adapters {
		core.Register(a)
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var jobs sync.WaitGroup
	jobs.Go(func() { core.RunMaintenance(runCtx, time.Minute) }) // sessions, notices, digest, retention
	jobs.Go(func() { core.RunOutreach(runCtx) })                 // advisories, the scenario of the week
	errs := make(chan error, len(adapters)+1)
	if cfg.Monitor.Listen != "" {
		jobs.Go(func() {
			if err := monitor.Serve(runCtx, cfg.Monitor.Listen, metrics.Handler(db, adapters...)); err != nil {
				errs <- err
			}
		})
	}
	for _, a := range adapters {
		jobs.Go(func() {
			err := a.Run(runCtx, core)
			if err != nil && runCtx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", a.Platform(), err)
				return
			}
			if a == bot.Adapter(chat) {
				errs <- nil // end of console input: stop
			}
		})
	}
	logger.Info("vigil started", "adapters", len(adapters), "database", cfg.Database)

	var runErr error
	select {
	case runErr = <-errs:
	case <-ctx.Done():
		logger.Info("stopping")
	}
	// Stop intake, then give in-flight messages and reports time to finish
	// before the database is closed.
	cancel()
	grace, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	if err := core.Drain(grace); err != nil {
		logger.Error("in-flight work did not finish in time", "err", err)
	}
	stopped := make(chan struct{})
	go func() { jobs.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-grace.Done():
		logger.Error("adapters did not stop in time")
	}
	return runErr
}

// securityRoles builds the security team from the configuration; the
// console user is the local operator.
func securityRoles(cfg Config) bot.StaticRoles {
	r := bot.StaticRoles{Users: map[string]bool{}, Platforms: map[string]bool{bot.PlatformConsole: true}}
	for _, id := range cfg.SecurityTeam.Slack {
		r.Users[bot.User{Platform: bot.PlatformSlack, ID: id}.Key()] = true
	}
	for _, id := range cfg.SecurityTeam.Matrix {
		r.Users[bot.User{Platform: bot.PlatformMatrix, ID: id}.Key()] = true
	}
	return r
}
