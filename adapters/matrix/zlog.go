package matrix

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/rs/zerolog"
)

// zerologBridge forwards mautrix's zerolog output (warnings and errors
// only) to slog. Only the message and the error text are kept: other fields
// could carry event content.
type zerologBridge struct{ log *slog.Logger }

// newZerolog returns a zerolog logger writing warnings and errors to log.
func newZerolog(log *slog.Logger) zerolog.Logger {
	return zerolog.New(zerologBridge{log}).Level(zerolog.WarnLevel)
}

// Write implements io.Writer for one zerolog JSON line.
func (b zerologBridge) Write(p []byte) (int, error) {
	var line struct {
		Level   string `json:"level"`
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	if err := json.Unmarshal(p, &line); err != nil {
		return len(p), nil // not JSON: drop rather than leak raw output
	}
	level := slog.LevelWarn
	if line.Level == zerolog.ErrorLevel.String() || line.Level == zerolog.FatalLevel.String() || line.Level == zerolog.PanicLevel.String() {
		level = slog.LevelError
	}
	attrs := []slog.Attr{slog.String("component", "mautrix")}
	if line.Error != "" {
		attrs = append(attrs, slog.String("err", line.Error))
	}
	b.log.LogAttrs(context.Background(), level, line.Message, attrs...)
	return len(p), nil
}
