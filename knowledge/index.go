package knowledge

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de" // registers the "de" analyzer
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en" // registers the "en" analyzer
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr" // registers the "fr" analyzer
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Indexed fields of an article.
const (
	fieldTitle     = "title"
	fieldQuestions = "questions"
	fieldKeywords  = "keywords"
	fieldSummary   = "summary"
	fieldBody      = "body"
)

// fieldAll holds every field, the boosted ones repeated (see allText).
const fieldAll = "all"

var indexedFields = []string{fieldTitle, fieldQuestions, fieldKeywords, fieldSummary, fieldBody}

// langIndex is the in-memory Bleve index of one language's articles,
// with the vocabulary used to correct typos.
type langIndex struct {
	lang     string
	index    bleve.Index
	analyzer analysis.Analyzer
	df       map[string]int         // term -> number of articles containing it
	vocab    map[string][]vocabTerm // indexed terms by first runes, for typos
}

// hit is one search result.
type hit struct {
	id    string
	score float64
}

// buildIndex indexes the articles of one language, in one batch.
func buildIndex(lang string, arts []*Article, cfg config) (*langIndex, error) {
	im := bleve.NewIndexMapping()
	analyzer := lang // the en, fr and de analyzers are registered under these names
	if lang == "de" && cfg.decompound {
		var texts []string
		for _, a := range arts {
			for _, v := range articleFields(a) {
				texts = append(texts, v)
			}
		}
		name, err := addGermanCompoundAnalyzer(im, texts)
		if err != nil {
			return nil, err
		}
		analyzer = name
	}
	im.DefaultAnalyzer = analyzer
	im.ScoringModel = cfg.scoring
	fields := indexedFields
	if cfg.allField {
		fields = []string{fieldAll, fieldTitle, fieldKeywords} // the fields the query uses
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range fields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		dm.AddFieldMappingsAt(f, fm)
	}
	im.DefaultMapping = dm
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("creating %s index: %w", lang, err)
	}
	li := &langIndex{lang: lang, index: idx, analyzer: im.AnalyzerNamed(analyzer), df: map[string]int{}}
	if li.analyzer == nil {
		_ = idx.Close()
		return nil, fmt.Errorf("no analyzer for language %q", lang)
	}
	batch := idx.NewBatch()
	for _, a := range arts {
		doc := articleFields(a)
		indexed := map[string]string{}
		for _, f := range fields {
			if f == fieldAll {
				indexed[f] = allText(doc, cfg)
			} else {
				indexed[f] = doc[f]
			}
		}
		if err := batch.Index(a.ID, indexed); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("indexing %s: %w", a.File, err)
		}
		whole := make([]string, 0, len(doc))
		for _, f := range indexedFields {
			whole = append(whole, doc[f])
		}
		for _, t := range li.analyze(strings.Join(whole, "\n")) {
			li.df[t]++
		}
	}
	li.vocab = buildVocab(li.df, cfg.fuzzyPrefix)
	if err := idx.Batch(batch); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("building %s index: %w", lang, err)
	}
	return li, nil
}

// articleFields returns the text of each indexed field. Chat commands in
// backticks (`report`, `status <code>`) are left out: nearly every
// article says "type `report`", which would make the how-to-report
// article's main word carry no weight.
func articleFields(a *Article) map[string]string {
	body := make([]string, 0, len(a.Signs)+len(a.Steps)+1)
	body = append(body, a.Signs...)
	body = append(body, a.Steps...)
	body = append(body, a.Rules)
	return map[string]string{
		fieldTitle:     a.Title,
		fieldQuestions: strings.Join(a.Questions, "\n"),
		fieldKeywords:  strings.Join(a.Keywords, "\n"),
		fieldSummary:   inlineCode.ReplaceAllString(a.Summary, " "),
		fieldBody:      inlineCode.ReplaceAllString(strings.Join(body, "\n"), " "),
	}
}

// inlineCode matches a Markdown code span.
var inlineCode = regexp.MustCompile("`[^`\n]*`")

// fieldBoost is an indexed field and its weight.
type fieldBoost struct {
	name  string
	boost float64
}

// fieldBoosts lists the fields with their configured boosts.
func fieldBoosts(cfg config) []fieldBoost {
	return []fieldBoost{{fieldTitle, cfg.boostTitle}, {fieldQuestions, cfg.boostQuestions},
		{fieldKeywords, cfg.boostKeywords}, {fieldSummary, cfg.boostSummary}, {fieldBody, cfg.boostBody}}
}

// allText joins the fields, repeating each as many times as its boost
// (rounded), so that one field carries the weights and every term has a
// single, corpus-wide document frequency.
func allText(doc map[string]string, cfg config) string {
	var sb strings.Builder
	for _, f := range fieldBoosts(cfg) {
		for i := 0; i < int(f.boost+0.5); i++ {
			sb.WriteString(doc[f.name])
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// analyze returns the distinct terms of text under the index's analyzer.
func (li *langIndex) analyze(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, tok := range li.analyzer.Analyze([]byte(text)) {
		t := string(tok.Term)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// search runs the question's terms against the index and returns up to
// size hits, best first. Unknown terms are first corrected (fuzzy.go).
//
// The main clause per term targets the combined field, where the title,
// keywords and example questions are repeated (see allText): the field
// boosts then act through term frequency while every term keeps one
// corpus-wide rarity. Small extra clauses on the title and keywords
// alone reward an article whose distinctive words the question uses.
// With cfg.allField off, the query is Bleve's usual per-field form (one
// disjunction per field, the boost on each field's clauses); measured on
// the articles' own example questions it ranks worse, because a common
// word that happens to be rare in one short field outweighs the
// question's rare words (see BenchmarkRetrievalVariants).
func (li *langIndex) search(ctx context.Context, terms []string, cfg config, size int) ([]hit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	queryTerms := make([]string, len(terms))
	weights := make([]float64, len(terms))
	for i, t := range terms {
		queryTerms[i], weights[i] = li.correct(t, cfg)
	}
	var top []query.Query
	if cfg.allField {
		for i, t := range queryTerms {
			top = append(top, termQuery(t, fieldAll, weights[i]))
			if cfg.extraTitle > 0 {
				top = append(top, termQuery(t, fieldTitle, cfg.extraTitle*weights[i]))
			}
			if cfg.extraKeywords > 0 {
				top = append(top, termQuery(t, fieldKeywords, cfg.extraKeywords*weights[i]))
			}
		}
	} else {
		for _, f := range fieldBoosts(cfg) {
			alts := make([]query.Query, 0, len(terms))
			for i, t := range queryTerms {
				alts = append(alts, termQuery(t, f.name, f.boost*weights[i])) // Bleve ignores a disjunction's own boost
			}
			top = append(top, bleve.NewDisjunctionQuery(alts...))
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(top...), size, 0, false)
	res, err := li.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("searching %s index: %w", li.lang, err)
	}
	hits := make([]hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, hit{id: h.ID, score: h.Score})
	}
	return hits, nil
}

// termQuery matches term in field with a boost.
func termQuery(term, field string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// fuzziness is the edit distance allowed for a query term.
func fuzziness(term string, cfg config) int {
	n := utf8.RuneCountInString(term)
	switch {
	case cfg.fuzzy2MinLen > 0 && n >= cfg.fuzzy2MinLen:
		return 2
	case cfg.fuzzyMinLen > 0 && n >= cfg.fuzzyMinLen:
		return 1
	}
	return 0
}

// close releases the index.
func (li *langIndex) close() error {
	return li.index.Close()
}
