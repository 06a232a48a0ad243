package knowledge

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"vigil/bot"

	"vigil/knowledge/classifier"
)

// models are the three classifiers learned when the knowledge base is
// loaded: the topic of a message (every topic, plus out-of-scope and
// small talk), its kind (question, incident or report request) and its
// language.
type models struct {
	vocab             *classifier.Vocabulary
	topic, kind, lang *classifier.Model
	temperature       float64 // applied to the topic model's probabilities
}

// kinds are the classes of the kind model, in order.
var kinds = []bot.Intent{bot.IntentQuestion, bot.IntentIncident, bot.IntentReport}

// trainingText is one text the models learn from.
type trainingText struct {
	feats []classifier.Feature
	topic string
	lang  string
	kind  bot.Intent // "" when the text has no kind label (an article's summary)
}

// trainingTexts gathers what the models learn from: the example bank and,
// from each article, its title, summary, keywords, example questions and
// signs.
func trainingTexts(articles map[key]*Article, examples []Example) []trainingText {
	var (
		out  []trainingText
		text []string
	)
	add := func(t, topic, lang string, kind bot.Intent) {
		out = append(out, trainingText{topic: topic, lang: lang, kind: kind})
		text = append(text, t)
	}
	for _, k := range sortedKeys(articles) {
		a := articles[k]
		add(a.Title, a.ID, a.Lang, "")
		add(a.Summary, a.ID, a.Lang, "")
		for i := 0; i < len(a.Keywords); i += keywordsPerText {
			add(strings.Join(a.Keywords[i:min(i+keywordsPerText, len(a.Keywords))], ", "), a.ID, a.Lang, "")
		}
		for _, q := range a.Questions {
			add(q, a.ID, a.Lang, "") // unlabelled: many are incidents in a few words
		}
		for _, s := range a.Signs {
			add(s, a.ID, a.Lang, "")
		}
	}
	for _, e := range examples {
		add(e.Text, e.Topic, e.Lang, e.Kind)
	}
	// Features in two halves, on two cores, each half in one array (a few
	// large allocations rather than thousands of small ones that would
	// fragment the heap).
	var wg sync.WaitGroup
	half := len(out) / 2
	for _, part := range [][2]int{{0, half}, {half, len(out)}} {
		wg.Go(func() {
			size := 0
			for i := part[0]; i < part[1]; i++ {
				size += len(text[i]) + len(text[i])/4 // about a feature per byte, and a word's
			}
			all := make([]classifier.Feature, 0, size)
			ends := make([]int, 0, part[1]-part[0])
			for i := part[0]; i < part[1]; i++ {
				all = classifier.AppendFeatures(all, text[i])
				ends = append(ends, len(all))
			}
			from := 0
			for n, end := range ends {
				out[part[0]+n].feats = all[from:end:end]
				from = end
			}
		})
	}
	wg.Wait()
	return out
}

// keywordsPerText is how many of an article's keywords make one training
// text: a few together read like a short query.
const keywordsPerText = 3

// trainModels learns the three models from the texts, in parallel.
// topicIDs are the classes of the topic model besides out-of-scope and
// small talk.
func trainModels(topicIDs []string, texts []trainingText) *models {
	topicClasses := append(append([]string(nil), topicIDs...), outOfScope, smallTalk)
	topicIndex := indexOf(topicClasses)
	kindClasses := make([]string, len(kinds))
	for i, k := range kinds {
		kindClasses[i] = string(k)
	}
	kindIndex := indexOf(kindClasses)
	langIndex := indexOf(Languages)

	opt := trainOptions
	feats := make([][]classifier.Feature, len(texts))
	for i, t := range texts {
		feats[i] = t.feats
	}
	vocab, encoded := classifier.NewVocabulary(feats, opt.MinCount, opt.WordWeight)
	m := models{vocab: vocab, temperature: topicTemperature}
	rows := vocab.Size()
	// The topic model takes most of the time: it learns on one core while
	// the kind and language models learn on the other.
	var wg sync.WaitGroup
	wg.Go(func() {
		var samples []classifier.Sample
		for i, t := range texts {
			if c, ok := topicIndex[t.topic]; ok {
				samples = append(samples, classifier.Sample{X: encoded[i], Class: c})
			}
		}
		m.topic = classifier.Train(rows, topicClasses, samples, opt)
	})
	wg.Go(func() {
		words := vocab.WordsOf(encoded)
		var kindSamples, langSamples []classifier.Sample
		for i, t := range texts {
			if c, ok := kindIndex[string(t.kind)]; ok && t.topic != outOfScope && t.topic != smallTalk {
				kindSamples = append(kindSamples, classifier.Sample{X: words[i], Class: c})
			}
			langSamples = append(langSamples, classifier.Sample{X: encoded[i], Class: langIndex[t.lang]})
		}
		m.kind = classifier.Train(vocab.WordRows(), kindClasses, kindSamples, opt)
		m.lang = classifier.Train(rows, Languages, langSamples, opt)
	})
	wg.Wait()
	return &m
}

// trainOptions are the training settings (a variable so that tests can
// compare settings).
var trainOptions = classifier.DefaultOptions()

// indexOf maps each name to its position.
func indexOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// sortedKeys returns the article keys in a fixed order, so that training
// sees the texts in the same order at every start.
func sortedKeys(articles map[key]*Article) []key {
	keys := make([]key, 0, len(articles))
	for k := range articles {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.lang, b.lang), cmp.Compare(a.id, b.id)) })
	return keys
}

// scored is a class with its probability.
type scored struct {
	id string
	p  float64
}

// reading is what the models make of one message.
type reading struct {
	lang     string
	langP    float64    // the language model's probability for lang
	topics   []scored   // the guidance topics, most probable first
	outScope float64    // probability that the message is outside the guidance
	talk     float64    // probability that it is small talk
	kind     bot.Intent // most probable kind
	kindP    [3]float64
}

// read runs the three models on a message.
func (m *models) read(text string) reading {
	x := m.vocab.Encode(classifier.Features(text))
	var r reading
	lp := m.lang.Predict(x)
	if own, ok := ownWords(text); ok {
		lp = m.lang.Predict(m.vocab.Encode(classifier.Features(own)))
	}
	best := classifier.Ranked(lp)[0]
	r.lang, r.langP = Languages[best], lp[best]

	tp := m.topic.Predict(x)
	classifier.Rescale(tp, m.temperature)
	classes := m.topic.Classes()
	for _, i := range classifier.Ranked(tp) {
		switch classes[i] {
		case outOfScope:
			r.outScope = tp[i]
		case smallTalk:
			r.talk = tp[i]
		default:
			r.topics = append(r.topics, scored{classes[i], tp[i]})
		}
	}
	kp := m.kind.Predict(m.vocab.Words(x))
	copy(r.kindP[:], kp)
	r.kind = kinds[classifier.Ranked(kp)[0]]
	return r
}

// topicTemperature calibrates the topic model's probabilities: the
// temperature that minimises the log-loss of the cross-validated
// predictions on the bank's messages written blind (TestCrossValidation).
const topicTemperature = 0.50

// Thresholds on the models' probabilities, chosen by 5-fold
// cross-validation on the example bank (TestCrossValidation checks them;
// see the README). Those that weigh right against wrong are chosen on the
// bank's messages written blind, as staff write, each read by models that
// learned nothing from its writer; the rest of the bank was written to
// teach the borders between topics, and is harder than what staff write.
//   - answerMin maximises right answers minus twice the confidently wrong
//     ones, on the messages written blind;
//   - suggestMin is the lowest that offers suggestions on at most 15% of
//     the bank's messages outside the guidance;
//   - flagMin is the highest that, alone, offers a report on at least 95%
//     of the report requests written blind (a missed request costs more
//     than a report offered on a general question); incidents are offered
//     one as often;
//   - on top of it, requestMin offers a report to a message that may well
//     be a request to report: the threshold on that probability alone that
//     best separates the requests written blind from the general
//     questions (Youden's J). Staff often ask to report as a question
//     ("how does reporting work? can I stay anonymous?"), and a report
//     offered on a question costs little.
const (
	answerMin  = 0.59 // best topic at least this probable: answer it
	suggestMin = 0.04 // else, at least this probable: suggest the closest topics
	talkMin    = 0.5  // small talk at least this probable: a short reply
	flagMin    = 0.71 // incident or request to report at least this probable: offer a report
	requestMin = 0.27 // request to report at least this probable: offer a report
)

// thresholds are the decision thresholds (see the constants above).
type thresholds struct{ answer, suggest, talk, request, flag float64 }

// chosenThresholds are the thresholds Vigil uses.
var chosenThresholds = thresholds{answer: answerMin, suggest: suggestMin, talk: talkMin, request: requestMin, flag: flagMin}

// decision is what to do with a message.
type decision struct {
	confident bool     // answer with the first topic's article
	suggest   bool     // not sure: offer the topics to choose from
	smallTalk bool     // greetings, thanks: a short reply
	topics    []scored // the answer's topic and runners-up, or the suggestions
	flag      bool     // offer a report
}

// maxSuggestions is how many topics a suggestion offers at most; it
// offers at least minSuggestions.
const (
	maxSuggestions = 3
	minSuggestions = 2
)

// decide applies thresholds to a reading.
func decide(r reading, th thresholds) decision {
	var d decision
	top := r.topics[0]
	if r.talk >= th.talk && r.talk > top.p && r.talk > r.outScope {
		d.smallTalk = true
		return d
	}
	switch {
	case top.p >= th.answer:
		d.confident = true
		d.topics = r.topics[:maxResults]
	case top.p >= th.suggest:
		d.suggest = true
		n := minSuggestions
		for n < maxSuggestions && r.topics[n].p >= th.suggest/2 {
			n++
		}
		d.topics = r.topics[:n]
	default:
		return d
	}
	d.flag = r.kindP[2] >= th.request || r.kindP[1]+r.kindP[2] >= th.flag
	return d
}
