package matrix

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/crypto/utils"
)

func validConfig() Config {
	return Config{
		Homeserver: "https://matrix.example.org",
		UserID:     "@vigil:example.org",
		Password:   "correct horse",
		PickleKey:  "0123456789abcdef",
		StateDir:   "/var/lib/vigil",
	}
}

func TestConfigValid(t *testing.T) {
	if err := validConfig().Validate(); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	cs := validConfig()
	cs.CrossSigning, cs.RecoveryKey = true, utils.EncodeBase58RecoveryKey(make([]byte, 32))
	if err := cs.Validate(); err != nil {
		t.Fatalf("config with cross-signing and a recovery key rejected: %v", err)
	}
	c := validConfig().withDefaults()
	if c.CryptoDB != filepath.Join("/var/lib/vigil", defaultCryptoDBName) || c.SessionFile != filepath.Join("/var/lib/vigil", defaultSessionName) {
		t.Errorf("state files %q %q not in state_dir", c.CryptoDB, c.SessionFile)
	}
	if c.CommandPrefix != DefaultCommandPrefix || c.MaxRetryDelay != DefaultMaxRetryDelay {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		key    string
		change func(*Config)
	}{
		{"homeserver", func(c *Config) { c.Homeserver = "matrix.example.org" }},
		{"homeserver", func(c *Config) { c.Homeserver = "ftp://matrix.example.org" }},
		{"user_id", func(c *Config) { c.UserID = "vigil" }},
		{"user_id", func(c *Config) { c.UserID = "" }},
		{"access_token", func(c *Config) { c.Password = "" }},
		{"device_id", func(c *Config) { c.DeviceID = "A B" }},
		{"pickle_key", func(c *Config) { c.PickleKey = "short" }},
		{"crypto_db", func(c *Config) { c.StateDir = "" }},
		{"session_file", func(c *Config) { c.StateDir, c.CryptoDB = "", "/tmp/c.db" }},
		{"allowed_servers", func(c *Config) { c.AllowedServers = []string{"@alice:example.org"} }},
		{"allowed_users", func(c *Config) { c.AllowedUsers = []string{"alice"} }},
		{"security_room", func(c *Config) { c.SecurityRoom = "security" }},
		{"security_room_members_are_team", func(c *Config) { c.SecurityRoomMembersAreTeam = true }},
		{"command_prefix", func(c *Config) { c.CommandPrefix = "hey vigil" }},
		{"max_retry_delay", func(c *Config) { c.MaxRetryDelay = -time.Second }},
		{"recovery_key", func(c *Config) { c.CrossSigning, c.RecoveryKey = true, "not a recovery key" }},
		{"recovery_key", func(c *Config) { c.RecoveryKey = utils.EncodeBase58RecoveryKey(make([]byte, 32)) }},
	}
	for _, tt := range tests {
		c := validConfig()
		tt.change(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), "matrix."+tt.key+":") {
			t.Errorf("%s: got %v, want an error naming matrix.%s", tt.key, err, tt.key)
		}
	}
}

func TestConfigErrorsHideSecrets(t *testing.T) {
	c := validConfig()
	c.PickleKey = "secretpk"
	c.Homeserver = ""
	c.CrossSigning, c.RecoveryKey = true, "EsTc secret recovery"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "secretpk") || strings.Contains(err.Error(), "correct horse") || strings.Contains(err.Error(), "EsTc") {
		t.Errorf("error %v shows a secret", err)
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	c := validConfig()
	c.UserID = "nobody"
	_, err := New(c, nil)
	switch {
	case !cryptoAvailable:
		if !errors.Is(err, errNoCrypto) {
			t.Fatalf("New without goolm returned %v, want errNoCrypto", err)
		}
	case err == nil || !strings.Contains(err.Error(), "matrix.user_id:"):
		t.Fatalf("New returned %v, want an error naming matrix.user_id", err)
	}
}
