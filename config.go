package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the digest's time zone, also where the system has no zone database

	"gopkg.in/yaml.v3"

	"vigil/adapters/matrix"
	"vigil/adapters/slack"
	"vigil/bot"
	"vigil/export"
	"vigil/storage"
)

// Config is Vigil's configuration: a YAML file (--config) with
// environment-variable overrides named VIGIL_<SECTION>_<KEY>, for example
// VIGIL_DATABASE or VIGIL_SESSION_IDLE.
type Config struct {
	// Database is the SQLite file holding reports.
	Database string `yaml:"database"`
	// DataKey is the 64-hex-character encryption key for report data. When
	// empty, KeyFile is used.
	DataKey string `yaml:"data_key" secret:"true"`
	// KeyFile holds the data key; default vigil.key next to the database,
	// generated on first run.
	KeyFile string `yaml:"key_file"`
	// ConsoleUser is the console user's ID (default "operator"), so that
	// several console processes on one database stay apart.
	ConsoleUser string `yaml:"console_user"`
	// ConsoleFiles is the directory where the console writes the files it
	// receives (the stats chart, exports); default the database's.
	ConsoleFiles string `yaml:"console_files"`
	// SessionIdle is how long an unfinished report may stay idle.
	SessionIdle time.Duration `yaml:"session_idle"`
	// KnowledgeDir holds operator articles that add to or override the
	// built-in guidance; empty for none.
	KnowledgeDir string `yaml:"knowledge_dir"`
	// ScenariosDir holds operator awareness scenarios that add to or
	// override the built-in ones (see awareness/README.md); empty for none.
	ScenariosDir string `yaml:"scenarios_dir"`
	// ArticlesReviewMonths is how long an article may go without review:
	// older ones are named at start-up and by `vigil config check`.
	ArticlesReviewMonths int `yaml:"articles_review_months"`
	// Export configures the exports' producer name and TLP marking.
	Export ExportConfig `yaml:"export"`
	// RetentionDays is how long closed cases are kept before they are
	// purged; 0 keeps them forever. Open cases are never purged.
	RetentionDays int `yaml:"retention_days"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `yaml:"log_level"`
	// SecurityTeam lists the security team's user IDs per platform.
	SecurityTeam SecurityTeamConfig `yaml:"security_team"`
	// RateLimits bound each user's messages and reports.
	RateLimits RateLimitConfig `yaml:"rate_limits"`
	// Monitor configures the health and metrics listener.
	Monitor MonitorConfig `yaml:"monitor"`
	// Digest schedules the weekly digest to the security channel and room.
	Digest DigestConfig `yaml:"digest"`
	// Links configures linked cases (phone region, common values).
	Links LinksConfig `yaml:"links"`
	// ScenarioOfTheWeek schedules the awareness scenario sent to every
	// subscriber once a week; off unless enabled.
	ScenarioOfTheWeek ScenarioWeekConfig `yaml:"scenario_of_the_week"`
	// Slack connects Vigil to a Slack workspace when its bot_token is set.
	Slack slack.Config `yaml:"slack"`
	// Matrix connects Vigil to a Matrix homeserver when its homeserver is set.
	Matrix matrix.Config `yaml:"matrix"`
}

// RateLimitConfig bounds what one user may ask; 0 means no limit. The
// security team is never limited.
type RateLimitConfig struct {
	MessagesPerMinute int `yaml:"messages_per_minute"`
	ReportsPerHour    int `yaml:"reports_per_hour"`
}

// ExportConfig configures exports.
type ExportConfig struct {
	// Producer names the organisation in STIX and MISP exports.
	Producer string `yaml:"producer"`
	// TLP is the Traffic Light Protocol marking: clear, green, amber,
	// amber+strict or red.
	TLP string `yaml:"tlp"`
}

// MonitorConfig configures the HTTP listener for /healthz, /readyz and
// /metrics.
type MonitorConfig struct {
	// Listen is the address, e.g. "127.0.0.1:9090"; empty disables it.
	Listen string `yaml:"listen"`
}

// DigestConfig schedules the weekly digest to the security team's Slack
// channel and Matrix room.
type DigestConfig struct {
	// Enabled sends the digest. Unset, it is on when a Slack security
	// channel or a Matrix security room is configured.
	Enabled *bool `yaml:"enabled"`
	// Day is the day of the week: monday (the default) to sunday.
	Day string `yaml:"day"`
	// Hour is the hour of the day, 0 to 23 (default 9).
	Hour int `yaml:"hour"`
	// TimeZone is the IANA time zone of Day and Hour (default
	// Europe/Brussels).
	TimeZone string `yaml:"time_zone"`
}

// ScenarioWeekConfig schedules the scenario of the week, sent to every
// subscriber of advisories through the outbox.
type ScenarioWeekConfig struct {
	// Enabled sends it (default off).
	Enabled bool `yaml:"enabled"`
	// Day is the day of the week: monday to sunday (default tuesday).
	Day string `yaml:"day"`
	// Hour is the hour of the day, 0 to 23 (default 10).
	Hour int `yaml:"hour"`
	// TimeZone is the IANA time zone of Day and Hour (default
	// Europe/Brussels).
	TimeZone string `yaml:"time_zone"`
}

// scenarioSchedule returns the scenario of the week's schedule for the
// core. The configuration must have been validated.
func (c Config) scenarioSchedule() bot.ScenarioSchedule {
	day, _ := weekday(c.ScenarioOfTheWeek.Day)
	loc, err := time.LoadLocation(c.ScenarioOfTheWeek.TimeZone)
	if err != nil {
		loc = time.UTC // refused by validate
	}
	return bot.ScenarioSchedule{Enabled: c.ScenarioOfTheWeek.Enabled, Weekday: day, Hour: c.ScenarioOfTheWeek.Hour, Location: loc}
}

// validateWeekly checks a weekly schedule's day, hour and time zone; key
// names the section in errors.
func validateWeekly(key, day string, hour int, zone string) error {
	if _, ok := weekday(day); !ok {
		return fmt.Errorf("config: %s.day: must be a day of the week (monday to sunday), got %q", key, day)
	}
	if hour < 0 || hour > 23 {
		return fmt.Errorf("config: %s.hour: must be between 0 and 23, got %d", key, hour)
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "" || strings.EqualFold(zone, "local") {
		return fmt.Errorf("config: %s.time_zone: must be a time zone such as Europe/Brussels or UTC, got %q", key, zone)
	}
	return nil
}

// digestEnabled reports whether the weekly digest is on: as configured,
// or else when a security channel or room receives the notices.
func (c Config) digestEnabled() bool {
	if c.Digest.Enabled != nil {
		return *c.Digest.Enabled
	}
	return (c.slackEnabled() && c.Slack.SecurityChannel != "") || (c.matrixEnabled() && c.Matrix.SecurityRoom != "")
}

// digestSchedule returns the digest's schedule for the core. The
// configuration must have been validated.
func (c Config) digestSchedule() bot.DigestSchedule {
	day, _ := weekday(c.Digest.Day)
	loc, err := time.LoadLocation(c.Digest.TimeZone)
	if err != nil {
		loc = time.UTC // refused by validate
	}
	return bot.DigestSchedule{Enabled: c.digestEnabled(), Weekday: day, Hour: c.Digest.Hour, Location: loc}
}

// weekday parses a day of the week in English, in full or in three
// letters, in any case.
func weekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, true
		}
	}
	return time.Sunday, false
}

// consoleFiles returns the directory of the console's files.
func (c Config) consoleFiles() string {
	if c.ConsoleFiles != "" {
		return c.ConsoleFiles
	}
	return filepath.Dir(c.Database)
}

// slackEnabled reports whether the Slack adapter is configured.
func (c Config) slackEnabled() bool { return c.Slack.BotToken != "" || c.Slack.AppToken != "" }

// matrixEnabled reports whether the Matrix adapter is configured.
func (c Config) matrixEnabled() bool { return c.Matrix.Homeserver != "" }

// SecurityTeamConfig lists the security team per platform. The console
// user is always the local operator.
type SecurityTeamConfig struct {
	Slack  []string `yaml:"slack"`
	Matrix []string `yaml:"matrix"`
	// Language is the language of the security team's notices: en, fr or
	// de (default en).
	Language string `yaml:"language"`
}

// defaultConfig returns the settings used when nothing is configured.
func defaultConfig() Config {
	return Config{Database: "vigil.db", SessionIdle: time.Hour, ArticlesReviewMonths: 12, Export: ExportConfig{Producer: export.DefaultProducer, TLP: export.DefaultTLP},
		RateLimits:        RateLimitConfig{MessagesPerMinute: 30, ReportsPerHour: 5},
		Digest:            DigestConfig{Day: "monday", Hour: 9, TimeZone: "Europe/Brussels"},
		Links:             LinksConfig{PhoneRegion: "BE"},
		ScenarioOfTheWeek: ScenarioWeekConfig{Day: "tuesday", Hour: 10, TimeZone: "Europe/Brussels"}}
}

// loadConfig reads the YAML file at path (if any) over the defaults, then
// applies environment overrides from env, then validates.
func loadConfig(path string, env func(string) string) (Config, error) {
	var data []byte
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
	}
	cfg, err := parseConfig(data, env)
	if err != nil && path != "" {
		err = fmt.Errorf("%w (in %s)", err, path)
	}
	return cfg, err
}

// parseConfig decodes YAML over the defaults, applies the environment and
// validates. Unknown keys are errors.
func parseConfig(data []byte, env func(string) string) (Config, error) {
	cfg := defaultConfig()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, describeYAMLError(data, err)
	}
	if err := applyEnv(&cfg, env); err != nil {
		return Config{}, err
	}
	return cfg, cfg.validate()
}

// Bounds of the configuration's durations and counts. Values outside them
// are refused rather than clamped: a retention of 9999999999999999 days
// overflows date arithmetic and would purge a case closed a second ago.
const (
	minSessionIdle       = time.Minute
	maxSessionIdle       = 30 * 24 * time.Hour
	maxRetentionDays     = 36500 // 100 years
	maxReviewMonths      = 120
	maxMessagesPerMinute = 10000
	maxReportsPerHour    = 1000
	minMatrixRetryDelay  = time.Second
	maxMatrixRetryDelay  = time.Hour
)

func (c Config) validate() error {
	if strings.TrimSpace(c.Database) == "" {
		return errors.New("config: database: must not be empty")
	}
	if c.DataKey != "" {
		if _, err := storage.ParseKey(c.DataKey); err != nil {
			return fmt.Errorf("config: data_key: %w", err)
		}
	}
	if c.SessionIdle < minSessionIdle || c.SessionIdle > maxSessionIdle {
		return fmt.Errorf("config: session_idle: must be between 1m and 720h (30 days), got %s", c.SessionIdle)
	}
	if c.RetentionDays < 0 || c.RetentionDays > maxRetentionDays {
		return fmt.Errorf("config: retention_days: must be between 0 (keep forever) and %d (100 years), got %d", maxRetentionDays, c.RetentionDays)
	}
	if err := validateWeekly("digest", c.Digest.Day, c.Digest.Hour, c.Digest.TimeZone); err != nil {
		return err
	}
	w := c.ScenarioOfTheWeek
	if err := validateWeekly("scenario_of_the_week", w.Day, w.Hour, w.TimeZone); err != nil {
		return err
	}
	if c.ArticlesReviewMonths < 1 || c.ArticlesReviewMonths > maxReviewMonths {
		return fmt.Errorf("config: articles_review_months: must be between 1 and %d, got %d", maxReviewMonths, c.ArticlesReviewMonths)
	}
	if c.RateLimits.MessagesPerMinute < 0 || c.RateLimits.MessagesPerMinute > maxMessagesPerMinute {
		return fmt.Errorf("config: rate_limits.messages_per_minute: must be between 0 (no limit) and %d, got %d", maxMessagesPerMinute, c.RateLimits.MessagesPerMinute)
	}
	if c.RateLimits.ReportsPerHour < 0 || c.RateLimits.ReportsPerHour > maxReportsPerHour {
		return fmt.Errorf("config: rate_limits.reports_per_hour: must be between 0 (no limit) and %d, got %d", maxReportsPerHour, c.RateLimits.ReportsPerHour)
	}
	if d := c.Matrix.MaxRetryDelay; d != 0 && (d < minMatrixRetryDelay || d > maxMatrixRetryDelay) {
		return fmt.Errorf("config: matrix.max_retry_delay: must be between 1s and 1h (or unset for 1m), got %s", d)
	}
	switch c.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: log_level: must be debug, info, warn or error, got %q", c.LogLevel)
	}
	if err := export.CheckTLP(c.Export.TLP); err != nil {
		return fmt.Errorf("config: export.tlp: %w", err)
	}
	if _, _, err := c.linkReading(); err != nil {
		return err
	}
	if l := c.SecurityTeam.Language; l != "" && !slices.Contains(bot.Languages(), l) {
		return fmt.Errorf("config: security_team.language: must be one of %s, got %q", strings.Join(bot.Languages(), ", "), l)
	}
	if c.slackEnabled() {
		if err := c.Slack.Validate(); err != nil {
			return err
		}
	}
	if c.matrixEnabled() {
		if err := c.Matrix.Validate(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
		if abs(c.Matrix.CryptoDB) != "" && abs(c.Matrix.CryptoDB) == abs(c.Database) {
			return errors.New("config: matrix.crypto_db: must not be the reports database")
		}
	}
	return nil
}

// abs returns the absolute form of a path, or "" for an empty one.
func abs(path string) string {
	if path == "" {
		return ""
	}
	p, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return p
}

// effective returns the configuration as Vigil uses it: the adapters'
// defaults, the key file and the log level filled in where they were left
// empty, so that `vigil config check` shows what will really be used.
func (c Config) effective() Config {
	c.Slack = c.Slack.Effective()
	c.Matrix = c.Matrix.Effective()
	if c.DataKey == "" && c.KeyFile == "" {
		c.KeyFile = storage.DefaultKeyFile(c.Database)
	}
	if !c.slackEnabled() && !c.matrixEnabled() {
		c.ConsoleFiles = c.consoleFiles()
	}
	on := c.digestEnabled()
	c.Digest.Enabled = &on
	if c.LogLevel == "" {
		c.LogLevel = "info"
		if !c.slackEnabled() && !c.matrixEnabled() {
			c.LogLevel = "warn" // the console chat (see newLogger)
		}
	}
	return c
}

// redacted returns the configuration as YAML with every secret replaced.
func (c Config) redacted() (string, error) {
	v := reflect.ValueOf(&c).Elem()
	redact(v)
	out, err := yaml.Marshal(c)
	return string(out), err
}

func redact(v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		switch {
		case f.Kind() == reflect.Struct && f.Type() != reflect.TypeOf(time.Time{}):
			redact(f)
		case t.Field(i).Tag.Get("secret") == "true" && f.Kind() == reflect.String && f.String() != "":
			f.SetString("<redacted>")
		}
	}
}

// configFlagAfterVerb takes --config FILE (or -config FILE, --config=FILE)
// out of the arguments that follow the verb, so that the flag works after
// the verb as before it: `vigil export --format csv --config FILE`. It
// sets *path when the flag is there and returns the other arguments in
// their order. Arguments after "--" are left alone.
func configFlagAfterVerb(args []string, path *string) ([]string, error) {
	rest := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(rest, args[i:]...), nil
		}
		name, value, hasValue := strings.Cut(a, "=")
		if name != "--config" && name != "-config" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, errors.New("flag needs an argument: --config")
			}
			i++
			value = args[i]
		}
		*path = value
	}
	return rest, nil
}
