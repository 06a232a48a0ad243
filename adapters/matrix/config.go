package matrix

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"maunium.net/go/mautrix/crypto/utils"
	"maunium.net/go/mautrix/id"
)

// Config configures the Matrix adapter. It is the `matrix:` section of
// Vigil's configuration file; secrets may come from the environment instead
// (VIGIL_MATRIX_ACCESS_TOKEN, VIGIL_MATRIX_PASSWORD, VIGIL_MATRIX_PICKLE_KEY,
// VIGIL_MATRIX_RECOVERY_KEY).
type Config struct {
	// Homeserver is the client-server API base URL, e.g. https://matrix.example.org.
	Homeserver string `yaml:"homeserver"`
	// UserID is the bot's Matrix ID, e.g. @vigil:example.org.
	UserID string `yaml:"user_id"`
	// AccessToken and DeviceID log in as an existing device. DeviceID may be
	// left empty when the homeserver reports it (whoami).
	AccessToken string `yaml:"access_token" secret:"true"`
	DeviceID    string `yaml:"device_id"`
	// Password logs in with user ID and password when no access token is
	// set; the device and token are then kept in SessionFile and reused.
	Password string `yaml:"password" secret:"true"`
	// PickleKey encrypts the end-to-end encryption keys at rest (at least
	// 16 characters). Losing it means losing the bot's encryption identity.
	PickleKey string `yaml:"pickle_key" secret:"true"`
	// StateDir is where CryptoDB and SessionFile go when they are not set.
	StateDir string `yaml:"state_dir"`
	// CryptoDB is the SQLite file holding encryption keys, room state, the
	// sync position and the record of handled messages; default
	// matrix-crypto.db in StateDir. It must not be the reports database.
	CryptoDB string `yaml:"crypto_db"`
	// SessionFile keeps the device ID and access token obtained by a
	// password login; default matrix-session.json in StateDir.
	SessionFile string `yaml:"session_file"`
	// AllowedServers and AllowedUsers say whose invitations the bot
	// accepts. When both are empty, users of the bot's own homeserver.
	AllowedServers []string `yaml:"allowed_servers"`
	AllowedUsers   []string `yaml:"allowed_users"`
	// SecurityRoom (room ID or alias) receives a notice for each new report.
	SecurityRoom string `yaml:"security_room"`
	// SecurityRoomMembersAreTeam makes the users joined to SecurityRoom
	// members of the security team, in addition to security_team.matrix.
	// Off by default: turning it on gives everyone in that room access to
	// the full reports.
	SecurityRoomMembersAreTeam bool `yaml:"security_room_members_are_team"`
	// CommandPrefix addresses the bot in group rooms; default "!vigil".
	CommandPrefix string `yaml:"command_prefix"`
	// MaxRetryDelay caps the wait between reconnection attempts while the
	// homeserver is unreachable; default 1m.
	MaxRetryDelay time.Duration `yaml:"max_retry_delay"`
	// CrossSigning makes the bot cross-sign its own device at start, so
	// that clients show it as verified by its owner. The first start
	// creates the account's cross-signing keys and keeps their private
	// parts in secret storage on the homeserver, locked by RecoveryKey.
	CrossSigning bool `yaml:"cross_signing"`
	// RecoveryKey unlocks the cross-signing keys in secret storage (the
	// "Security Key" in Element's words). When it is empty on the first
	// start, Vigil creates one and writes it to RecoveryKeyFileName next
	// to CryptoDB for the operator to store and delete.
	RecoveryKey string `yaml:"recovery_key" secret:"true"`

	// timelineLimit is how many events per room one sync returns; default
	// defaultTimelineLimit. Tests make it small to provoke limited syncs.
	timelineLimit int
}

// Defaults used for unset fields.
const (
	DefaultCommandPrefix = "!vigil"
	DefaultMaxRetryDelay = time.Minute
	defaultCryptoDBName  = "matrix-crypto.db"
	defaultSessionName   = "matrix-session.json"
	// RecoveryKeyFileName is the file, next to CryptoDB, that receives a
	// recovery key Vigil created.
	RecoveryKeyFileName = "matrix-recovery-key.txt"
	minPickleKeyLen     = 16
)

// Effective returns the configuration with the defaults filled in, as the
// adapter uses it; `vigil config check` prints it.
func (c Config) Effective() Config { return c.withDefaults() }

// withDefaults fills unset fields.
func (c Config) withDefaults() Config {
	if c.CommandPrefix == "" {
		c.CommandPrefix = DefaultCommandPrefix
	}
	if c.MaxRetryDelay == 0 {
		c.MaxRetryDelay = DefaultMaxRetryDelay
	}
	if c.timelineLimit == 0 {
		c.timelineLimit = defaultTimelineLimit
	}
	if c.CryptoDB == "" && c.StateDir != "" {
		c.CryptoDB = filepath.Join(c.StateDir, defaultCryptoDBName)
	}
	if c.SessionFile == "" && c.StateDir != "" {
		c.SessionFile = filepath.Join(c.StateDir, defaultSessionName)
	}
	return c
}

// Validate checks the configuration after defaults are applied. Each
// problem is reported as "matrix.<key>: ...", naming the YAML key.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("matrix.%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if u, err := url.Parse(c.Homeserver); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("homeserver", "must be an http:// or https:// URL, got %q", c.Homeserver)
	}
	if _, _, err := id.UserID(c.UserID).Parse(); err != nil || c.UserID == "" {
		bad("user_id", "must be a Matrix user ID such as @vigil:example.org, got %q", c.UserID)
	}
	if c.AccessToken == "" && c.Password == "" {
		bad("access_token", "set access_token (with device_id) or password")
	}
	if strings.ContainsAny(c.DeviceID, " \t\n") {
		bad("device_id", "must not contain spaces")
	}
	if len(c.PickleKey) < minPickleKeyLen {
		bad("pickle_key", "must be at least %d characters (it encrypts the bot's encryption keys)", minPickleKeyLen)
	}
	if c.CryptoDB == "" {
		bad("crypto_db", "set crypto_db or state_dir")
	}
	if c.Password != "" && c.AccessToken == "" && c.SessionFile == "" {
		bad("session_file", "set session_file or state_dir to keep the device of a password login")
	}
	for _, s := range c.AllowedServers {
		if s == "" || strings.ContainsAny(s, "@/ \t") {
			bad("allowed_servers", "%q is not a server name such as example.org", s)
		}
	}
	for _, u := range c.AllowedUsers {
		if _, _, err := id.UserID(u).Parse(); err != nil {
			bad("allowed_users", "%q is not a Matrix user ID such as @alice:example.org", u)
		}
	}
	if r := c.SecurityRoom; r != "" && (!strings.Contains(r, ":") || (r[0] != '!' && r[0] != '#')) {
		bad("security_room", "must be a room ID (!abc:example.org) or alias (#security:example.org), got %q", r)
	}
	if c.SecurityRoomMembersAreTeam && c.SecurityRoom == "" {
		bad("security_room_members_are_team", "needs matrix.security_room: the team is the members of that room")
	}
	if strings.ContainsAny(c.CommandPrefix, " \t\n") {
		bad("command_prefix", "must be one word, got %q", c.CommandPrefix)
	}
	if c.RecoveryKey != "" && !c.CrossSigning {
		bad("recovery_key", "is only used with matrix.cross_signing: true")
	}
	if c.RecoveryKey != "" && utils.DecodeBase58RecoveryKey(c.RecoveryKey) == nil {
		bad("recovery_key", "is not a valid recovery key (48 characters in groups of four, as created by Vigil or a Matrix client)")
	}
	if c.MaxRetryDelay < 0 {
		bad("max_retry_delay", "must not be negative")
	}
	return errors.Join(errs...)
}
