package knowledge

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"
)

// topicsYAML is a copy of the project's topic list (shared/topics.yaml):
// the ids every embedded article must use.
//
//go:embed topics.yaml
var topicsYAML []byte

// Topic is one guidance topic.
type Topic struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	Scope string `yaml:"scope"`
}

// Languages are the languages articles are written in, in display order.
var Languages = []string{"en", "fr", "de"}

// parseTopics reads the embedded topic list.
func parseTopics() ([]Topic, error) {
	var ts []Topic
	if err := yaml.Unmarshal(topicsYAML, &ts); err != nil {
		return nil, fmt.Errorf("topics.yaml: %w", err)
	}
	seen := map[string]bool{}
	for i, t := range ts {
		if t.ID == "" || t.Title == "" {
			return nil, fmt.Errorf("topics.yaml: entry %d lacks an id or title", i+1)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("topics.yaml: duplicate topic %q", t.ID)
		}
		seen[t.ID] = true
	}
	return ts, nil
}

// knownLang reports whether lang is one of Languages.
func knownLang(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}
