package knowledge

// config holds the retrieval settings. defaultConfig is what Load uses;
// the benchmarks compare it with variants.
type config struct {
	scoring string // Bleve scoring model: "" (tf-idf) or "bm25"

	// allField queries the combined field (boosted fields repeated);
	// off, the query is one clause per field (see langIndex.search).
	allField bool

	// extraTitle and extraKeywords add per-field clauses on the title and
	// keywords next to the combined field (zero for none).
	extraTitle, extraKeywords float64

	// Field boosts: title, example questions and keywords weigh more than
	// the summary and body. With allField they are repetition counts
	// (rounded).
	boostTitle, boostQuestions, boostKeywords, boostSummary, boostBody float64

	// Fuzzy matching (fuzzy.go): unknown query terms of at least
	// fuzzyMinLen runes match indexed terms within edit distance 1, those
	// of at least fuzzy2MinLen within 2. Zero disables it.
	fuzzyMinLen, fuzzy2MinLen int

	// fuzzyPrefix is how many leading runes a fuzzy match must share with
	// the query term (typos rarely hit the first letter, and the prefix
	// makes fuzzy matching many times cheaper).
	fuzzyPrefix int

	// crossLang: when the detected language's articles match nothing
	// well enough, also try the other languages.
	crossLang bool

	// minConfidence is the threshold on confidence (see there) below
	// which a question is out of scope.
	minConfidence float64

	// decompound splits German compounds (see compound.go).
	decompound bool

	// lowAccuracy selects lingua's low-accuracy (trigram-only) mode.
	lowAccuracy bool

	// stopWeight is how much the share of a language's stop words adds
	// to lingua's confidence for that language (zero: lingua alone).
	stopWeight float64
}

// defaultConfig returns the settings chosen by measurement: ranking on
// the leave-one-out set of the articles' example questions and the dev
// set (BenchmarkRetrievalVariants), the threshold on the dev set
// (TestThresholdTunedOnDev), language detection on the example questions
// (BenchmarkLanguageDetection).
func defaultConfig() config {
	return config{
		scoring:        "bm25",
		allField:       true,
		extraTitle:     0.25,
		extraKeywords:  0.25,
		boostTitle:     3,
		boostQuestions: 3,
		boostKeywords:  3,
		boostSummary:   1,
		boostBody:      1,
		fuzzyMinLen:    4,
		fuzzy2MinLen:   6,
		fuzzyPrefix:    1,
		crossLang:      true,
		minConfidence:  0.142,
		decompound:     true,
		lowAccuracy:    true,
		stopWeight:     4,
	}
}
