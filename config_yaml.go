package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlEntry is one key of the configuration file with its value.
type yamlEntry struct {
	key        string // nested keys joined by dots
	keyNode    *yaml.Node
	valueNode  *yaml.Node
	itemOfList bool // valueNode is an item of the key's list
}

var (
	typeProblemRE = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	unknownKeyRE  = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
)

// describeYAMLError rewrites a decoding error of the file data so that
// each problem names its key, as every other configuration error does:
// "config: retention_days: must be a whole number, got "ten" (line 3)".
// Syntax errors, which have no key yet, keep yaml's wording.
func describeYAMLError(data []byte, err error) error {
	var te *yaml.TypeError
	var doc yaml.Node
	if !errors.As(err, &te) || yaml.Unmarshal(data, &doc) != nil {
		return fmt.Errorf("config: %w", err)
	}
	entries := yamlEntries(&doc, "", nil)
	problems := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		problems = append(problems, describeYAMLProblem(e, entries))
	}
	return fmt.Errorf("config: %s", strings.Join(problems, "; "))
}

// yamlEntries lists the keys of node (a document or mapping) and, for
// lists, each item, depth first.
func yamlEntries(node *yaml.Node, prefix string, out []yamlEntry) []yamlEntry {
	if node.Kind == yaml.DocumentNode {
		for _, c := range node.Content {
			out = yamlEntries(c, prefix, out)
		}
		return out
	}
	if node.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		key := k.Value
		if prefix != "" {
			key = prefix + "." + k.Value
		}
		out = append(out, yamlEntry{key: key, keyNode: k, valueNode: v})
		switch v.Kind {
		case yaml.MappingNode:
			out = yamlEntries(v, key, out)
		case yaml.SequenceNode:
			for _, item := range v.Content {
				out = append(out, yamlEntry{key: key, keyNode: k, valueNode: item, itemOfList: true})
			}
		}
	}
	return out
}

// describeYAMLProblem turns one of yaml's type errors into a message that
// names the key; a message it does not recognise is kept as it is.
func describeYAMLProblem(problem string, entries []yamlEntry) string {
	if m := unknownKeyRE.FindStringSubmatch(problem); m != nil {
		line, _ := strconv.Atoi(m[1])
		for _, e := range entries {
			if e.keyNode.Line == line && e.keyNode.Value == m[2] && !e.itemOfList {
				msg := fmt.Sprintf("%s: unknown key (line %d)", e.key, line)
				if guess := closest(e.key, knownKeys()); guess != "" {
					msg += fmt.Sprintf("; did you mean %s?", guess)
				}
				return msg
			}
		}
		return problem
	}
	m := typeProblemRE.FindStringSubmatch(problem)
	if m == nil {
		return problem
	}
	line, _ := strconv.Atoi(m[1])
	// Several keys can share a line ({a: 1, b: x}): take the last (the
	// innermost) whose value is the one quoted, else the last of all.
	found := lastOnLine(entries, line, func(e yamlEntry) bool {
		return m[3] != "" && e.valueNode.Kind == yaml.ScalarNode && e.valueNode.Value == m[3]
	})
	if found == nil {
		found = lastOnLine(entries, line, func(yamlEntry) bool { return true })
	}
	if found == nil {
		return problem
	}
	got := "a section"
	switch m[2] {
	case "seq":
		got = "a list"
	case "map":
	default:
		got = strconv.Quote(m[3])
	}
	what := "a list item of " + found.key
	if !found.itemOfList {
		what = found.key
	}
	return fmt.Sprintf("%s: must be %s, got %s (line %d)", what, expectedYAML(m[4]), got, line)
}

// lastOnLine returns the last entry whose value starts on line and which
// ok accepts, or nil.
func lastOnLine(entries []yamlEntry, line int, ok func(yamlEntry) bool) *yamlEntry {
	var found *yamlEntry
	for i, e := range entries {
		if e.valueNode.Line == line && ok(e) {
			found = &entries[i]
		}
	}
	return found
}

// expectedYAML says in words what a Go type expects in the file.
func expectedYAML(goType string) string {
	switch goType {
	case "int", "int64":
		return "a whole number"
	case "time.Duration":
		return "a duration such as 30m or 2h"
	case "bool":
		return "true or false"
	case "string":
		return "a single value"
	case "[]string":
		return "a list"
	}
	return "a section of keys"
}

// knownKeys lists every key of the configuration file.
func knownKeys() []string {
	var keys []string
	for _, s := range settings(&Config{}) {
		keys = append(keys, s.key)
	}
	return keys
}
