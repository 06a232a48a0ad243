package knowledge

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/compound"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
)

// German compounds ("Auslandsspenden", "Hafenstrategie",
// "Diensthandy") hide the words the articles use on their own. The
// German index therefore uses Bleve's German analyzer with one more
// filter: Bleve's dictionary compound filter, whose dictionary is the
// words of the German articles themselves, so a compound in a question or
// an article also yields the article words it contains.
const (
	deCompoundAnalyzer = "de_vigil"
	deCompoundFilter   = "de_vigil_compound"
	deCompoundDict     = "de_vigil_dict"

	// minSubword is the shortest dictionary word looked for inside a
	// compound; shorter ones ("amt", "rat") match inside too many words.
	minSubword = 5
)

// addGermanCompoundAnalyzer registers the analyzer in im, with the words
// of texts as its dictionary, and returns its name.
func addGermanCompoundAnalyzer(im *mapping.IndexMappingImpl, texts []string) (string, error) {
	stops := analysis.NewTokenMap()
	_ = stops.LoadBytes(de.GermanStopWords) // in-memory list: cannot fail
	seen := map[string]bool{}
	var words []any
	for _, text := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(w) >= minSubword && !stops[w] && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	if err := im.AddCustomTokenMap(deCompoundDict, map[string]any{"type": tokenmap.Name, "tokens": words}); err != nil {
		return "", fmt.Errorf("German dictionary: %w", err)
	}
	if err := im.AddCustomTokenFilter(deCompoundFilter, map[string]any{
		"type": compound.Name, "dict_token_map": deCompoundDict,
		"min_word_size": float64(minSubword + 3), "min_subword_size": float64(minSubword),
		"max_subword_size": float64(20), "only_longest_match": true,
	}); err != nil {
		return "", fmt.Errorf("German compound filter: %w", err)
	}
	if err := im.AddCustomAnalyzer(deCompoundAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicodetok.Name,
		"token_filters": []any{lowercase.Name, deCompoundFilter, de.StopName,
			de.NormalizeName, de.LightStemmerName},
	}); err != nil {
		return "", fmt.Errorf("German analyzer: %w", err)
	}
	return deCompoundAnalyzer, nil
}
