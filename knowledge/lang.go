package knowledge

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/pemistahl/lingua-go"
)

// langDetector guesses whether a question is English, French or German.
// It combines lingua's confidence values with the share of the question's
// words that are stop words of each language (Snowball lists shipped with
// Bleve): short questions are where n-gram models err, and there the
// little words ("the", "on", "ich", "de") are the strongest clue.
type langDetector struct {
	d          lingua.LanguageDetector
	stops      map[string]analysis.TokenMap
	stopWeight float64
}

// linguaLangs maps the detector's languages to Vigil's language codes.
var linguaLangs = map[lingua.Language]string{
	lingua.English: "en",
	lingua.French:  "fr",
	lingua.German:  "de",
}

// newLangDetector builds a detector restricted to en, fr and de, with its
// models loaded up front so the first question is not slow. lingua keeps
// loaded models in process-wide caches, so building a second detector is
// cheap.
func newLangDetector(lowAccuracy bool, stopWeight float64) *langDetector {
	b := lingua.NewLanguageDetectorBuilder().
		FromLanguages(lingua.English, lingua.French, lingua.German).
		WithPreloadedLanguageModels()
	if lowAccuracy {
		b = b.WithLowAccuracyMode()
	}
	l := &langDetector{d: b.Build(), stops: map[string]analysis.TokenMap{}, stopWeight: stopWeight}
	for lang, list := range map[string][]byte{"en": en.EnglishStopWords, "fr": fr.FrenchStopWords, "de": de.GermanStopWords} {
		m := analysis.NewTokenMap()
		_ = m.LoadBytes(list) // in-memory list: cannot fail
		l.stops[lang] = m
	}
	return l
}

// detect returns "en", "fr" or "de"; English when unsure.
func (l *langDetector) detect(text string) string {
	scores := map[string]float64{}
	for _, cv := range l.d.ComputeLanguageConfidenceValues(text) {
		if code, ok := linguaLangs[cv.Language()]; ok {
			scores[code] = cv.Value()
		}
	}
	if l.stopWeight > 0 {
		words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && r != '\''
		})
		for _, w := range words {
			// French elisions: "l'ingérence", "qu'est" count as "l" and "qu".
			if i := strings.IndexByte(w, '\''); i > 0 {
				w = w[:i]
			}
			for lang, m := range l.stops {
				if m[w] {
					scores[lang] += l.stopWeight / float64(len(words))
				}
			}
		}
	}
	best, bestScore := "en", 0.0
	for _, lang := range Languages {
		if s := scores[lang]; s > bestScore {
			best, bestScore = lang, s
		}
	}
	return best
}
