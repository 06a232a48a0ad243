package main

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// envPrefix starts the name of every environment variable Vigil reads.
const envPrefix = "VIGIL"

// configEnv names the configuration file; it is not itself a setting.
const configEnv = "VIGIL_CONFIG"

// setting is one leaf of the configuration: its YAML key (nested keys
// joined by dots), its environment variable and its field.
type setting struct {
	key, env string
	field    reflect.Value
}

// settings lists the leaves of the configuration struct v (a pointer),
// following its yaml tags: the key slack.bot_token is VIGIL_SLACK_BOT_TOKEN.
func settings(v any) []setting {
	var out []setting
	var walk func(v reflect.Value, key, env string)
	walk = func(v reflect.Value, key, env string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			k, e := name, env+"_"+strings.ToUpper(name)
			if key != "" {
				k = key + "." + name
			}
			if f.Type.Kind() == reflect.Struct {
				walk(v.Field(i), k, e)
				continue
			}
			out = append(out, setting{key: k, env: e, field: v.Field(i)})
		}
	}
	walk(reflect.ValueOf(v).Elem(), "", envPrefix)
	return out
}

// applyEnv sets every setting of cfg whose environment variable is set.
// Lists are comma-separated.
func applyEnv(cfg *Config, env func(string) string) error {
	for _, s := range settings(cfg) {
		raw := env(s.env)
		if raw == "" {
			continue
		}
		if err := setField(s.field, raw); err != nil {
			return fmt.Errorf("config: environment variable %s: %w", s.env, err)
		}
	}
	return nil
}

func setField(fv reflect.Value, raw string) error {
	switch {
	case fv.Type() == reflect.TypeOf(time.Duration(0)):
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("not a duration (for example 30m or 2h)")
		}
		fv.SetInt(int64(d))
	case fv.Kind() == reflect.String:
		fv.SetString(raw)
	case fv.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("not true or false")
		}
		fv.SetBool(b)
	case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("not true or false")
		}
		fv.Set(reflect.ValueOf(&b))
	case fv.Kind() == reflect.Int:
		n, err := strconv.Atoi(raw)
		if errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("%s is out of range", raw)
		}
		if err != nil {
			return fmt.Errorf("not a whole number")
		}
		fv.SetInt(int64(n))
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		var items []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		fv.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("unsupported setting type %s", fv.Type())
	}
	return nil
}

// unknownEnv returns a warning for each VIGIL_ variable of environ
// ("NAME=value" pairs, as os.Environ returns them) that is no setting,
// usually a misspelt one that would otherwise be silently ignored. The
// warnings name the variable, never its value.
func unknownEnv(environ []string) []string {
	var known []string
	for _, s := range settings(&Config{}) {
		known = append(known, s.env)
	}
	var warnings []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, envPrefix+"_") || name == configEnv || slices.Contains(known, name) {
			continue
		}
		w := fmt.Sprintf("environment variable %s is not a Vigil setting and is ignored", name)
		if guess := closest(name, known); guess != "" {
			w += fmt.Sprintf(" (did you mean %s?)", guess)
		}
		warnings = append(warnings, w)
	}
	slices.Sort(warnings)
	return warnings
}

// warnUnknownEnv writes unknownEnv's warnings to w.
func warnUnknownEnv(w io.Writer, environ []string) {
	for _, warning := range unknownEnv(environ) {
		fmt.Fprintln(w, "vigil: warning:", warning)
	}
}

// closest returns the candidate nearest to s, when it is near enough to
// be a likely misspelling (at most two edits, or a third of s); else "".
func closest(s string, candidates []string) string {
	best, bestDist := "", min(2, len(s)/3)+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
