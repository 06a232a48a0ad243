package knowledge

import (
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"vigil/bot"
	"vigil/knowledge/classifier"
)

// cvFolds is the number of cross-validation folds.
const cvFolds = 5

// bankData reads the embedded topics, articles and example bank.
func bankData(t testing.TB) ([]string, map[key]*Article, []Example) {
	t.Helper()
	topics, err := parseTopics()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	ids := make([]string, len(topics))
	for i, tp := range topics {
		known[tp.ID], ids[i] = true, tp.ID
	}
	arts, _ := fs.Sub(embedded, "articles")
	articles, err := readTree(arts, "", known, true)
	if err != nil {
		t.Fatal(err)
	}
	bank, err := readExamples(examplesSub(t), "", known)
	if err != nil {
		t.Fatal(err)
	}
	return ids, articles, bank
}

// judged is one message read by models that did not learn from it.
type judged struct {
	topic string   // the right topic, or outOfScope / smallTalk
	also  []string // other right topics
	lang  string
	kind  bot.Intent
	r     reading
	blind bool // written blind, as staff write (writtenBlind)
}

// isRight reports whether a topic is a right first answer to the message.
func (j judged) isRight(topic string) bool {
	return topic == j.topic || slices.Contains(j.also, topic)
}

// writtenBlind is the folder of the bank's messages written by writers who
// saw only the topic list: former held-out sets, one folder each. They read
// like what staff write, unlike the rest of the bank, which was written to
// teach (borders between topics, hard cases), so the thresholds that weigh
// right answers against wrong ones are chosen on them.
const writtenBlind = "written-blind"

// blindGroup returns the set a message written blind belongs to (its
// folder under writtenBlind), or "" for the rest of the bank.
func blindGroup(file string) string {
	parts := strings.Split(filepath.ToSlash(file), "/")
	if len(parts) > 2 && parts[0] == writtenBlind {
		return parts[1]
	}
	return ""
}

// cvSeeds is how many times cross-validation reads the bank, each time
// with models trained in another order (another seed): that order alone
// moves a model's figures by a few messages, and the thresholds must suit
// any order rather than one. Each message is therefore judged cvSeeds
// times.
const cvSeeds = 3

// crossValidate reads every example of the bank (cvSeeds times) with
// models trained on the articles and the other folds. The n-th example of each file goes to
// fold n mod cvFolds, so each fold has every topic, language and kind;
// the messages written blind go to a fold by their set, so that each is
// read by models that learned nothing from its writer.
func crossValidate(t testing.TB) []judged {
	t.Helper()
	ids, articles, bank := bankData(t)
	group := make([]string, len(bank))
	var groups []string
	for i, e := range bank {
		group[i] = blindGroup(e.File)
		if group[i] != "" && !slices.Contains(groups, group[i]) {
			groups = append(groups, group[i])
		}
	}
	slices.Sort(groups)
	fold := make([]int, len(bank))
	seen := map[string]int{}
	for i, e := range bank {
		if group[i] != "" {
			fold[i] = slices.Index(groups, group[i]) % cvFolds
			continue
		}
		fold[i] = seen[e.File] % cvFolds
		seen[e.File]++
	}
	base := trainOptions
	defer func() { trainOptions = base }()
	var out []judged
	for seed := range uint64(cvSeeds) {
		trainOptions.Seed = base.Seed + seed
		for f := range cvFolds {
			var train []Example
			for i, e := range bank {
				if fold[i] != f {
					train = append(train, e)
				}
			}
			m := trainModels(ids, trainingTexts(articles, train))
			for i, e := range bank {
				if fold[i] == f {
					out = append(out, judged{topic: e.Topic, also: e.Also, lang: e.Lang, kind: e.Kind, r: m.read(e.Text), blind: group[i] != ""})
				}
			}
		}
	}
	return out
}

// writtenBlindOnly returns the judged messages that were written blind.
func writtenBlindOnly(js []judged) []judged {
	var out []judged
	for _, j := range js {
		if j.blind {
			out = append(out, j)
		}
	}
	return out
}

// metrics are the figures of an evaluation, as the public scorer counts
// them (shared/eval/score.py).
type metrics struct {
	inScope, top1, top3, confWrong int
	oos, oosRejected, oosSuggested int
	reports, reportsFlagged        int
	questions, falseFlags          int
	langOK                         int
}

func (m metrics) String() string {
	p := func(n, d int) float64 { return 100 * float64(n) / float64(max(d, 1)) }
	return fmt.Sprintf("top-1 %.1f%%, top-3 %.1f%%, confidently wrong %.1f%% (%d/%d), out-of-scope rejected %.1f%% (%d/%d, suggestions on %d), report requests recognised %.1f%% (%d/%d), false flags %.1f%% (%d/%d), language %.1f%%",
		p(m.top1, m.inScope), p(m.top3, m.inScope), p(m.confWrong, m.inScope), m.confWrong, m.inScope,
		p(m.oosRejected, m.oos), m.oosRejected, m.oos, m.oosSuggested,
		p(m.reportsFlagged, m.reports), m.reportsFlagged, m.reports,
		p(m.falseFlags, m.questions), m.falseFlags, m.questions, p(m.langOK, m.inScope))
}

// score counts one decision for a message whose right topics are expect,
// of the given kind ("" outside the guidance).
func (m *metrics) score(expect []string, lang string, kind bot.Intent, r reading, d decision) {
	if kind == "" {
		m.oos++
		if !d.confident {
			m.oosRejected++
		}
		if d.suggest {
			m.oosSuggested++
		}
		m.questions++
		if d.flag {
			m.falseFlags++
		}
		return
	}
	m.inScope++
	if r.lang == lang {
		m.langOK++
	}
	ids := make([]string, len(d.topics))
	for i, s := range d.topics {
		ids[i] = s.id
	}
	if d.confident && slices.Contains(expect, ids[0]) {
		m.top1++
	} else if d.confident {
		m.confWrong++
	}
	for _, id := range ids[:min(3, len(ids))] {
		if slices.Contains(expect, id) {
			m.top3++
			break
		}
	}
	switch kind {
	case bot.IntentReport:
		m.reports++
		if d.flag {
			m.reportsFlagged++
		}
	case bot.IntentQuestion:
		m.questions++
		if d.flag {
			m.falseFlags++
		}
	}
}

// scoreAll applies thresholds to the judged messages.
func scoreAll(js []judged, th thresholds) metrics {
	var m metrics
	for _, j := range js {
		expect, kind := append([]string{j.topic}, j.also...), j.kind
		if j.topic == outOfScope || j.topic == smallTalk {
			expect, kind = nil, ""
		}
		m.score(expect, j.lang, kind, j.r, decide(j.r, th))
	}
	return m
}

// chooseThresholds picks, on cross-validated readings, the thresholds
// described at answerMin: the answer and report thresholds on the
// messages written blind, the suggestion threshold on all the bank's
// messages outside the guidance (those written blind are too few, and too
// plainly outside, to say when a topic is merely plausible).
func chooseThresholds(js []judged) thresholds {
	blind := writtenBlindOnly(js)
	th := chosenThresholds
	grid := func(from, to float64) []float64 {
		var g []float64
		for v := from; v <= to+1e-9; v += 0.01 {
			g = append(g, math.Round(v*100)/100)
		}
		return g
	}
	best := math.Inf(-1)
	for _, v := range grid(0.05, 0.99) {
		t := th
		t.answer = v
		m := scoreAll(blind, t)
		if u := float64(m.top1 - wrongAnswerCost*m.confWrong); u > best {
			best, th.answer = u, v
		}
	}
	for _, v := range grid(0.01, th.answer) {
		th.suggest = v
		if m := scoreAll(js, th); m.oosSuggested*100 <= 15*m.oos {
			break
		}
	}
	// The flag threshold alone (a request to report never counted on its
	// own) must offer a report on enough report requests, so that
	// incidents are offered one as often as requests.
	for _, v := range grid(0.05, 0.99) {
		t := th
		t.request, t.flag = 2, v
		if m := scoreAll(blind, t); m.reportsFlagged*100 < reportsRecognised*m.reports {
			break
		}
		th.flag = v
	}
	// On top of it, a message that may well be a request to report is
	// offered one: the request threshold that best separates requests from
	// general questions (Youden's J: the share of requests recognised
	// minus the share of questions flagged), the highest of equals.
	best = math.Inf(-1)
	for _, v := range grid(0.05, 0.95) {
		t := th
		t.request = v
		m := scoreAll(blind, t)
		if j := float64(m.reportsFlagged)/float64(m.reports) - float64(m.falseFlags)/float64(m.questions); j >= best {
			best, th.request = j, v
		}
	}
	return th
}

// reportsRecognised is the share of report requests, in percent, that
// must be offered a report.
const reportsRecognised = 95

// wrongAnswerCost is how many right answers one confidently wrong answer
// costs when the answer threshold is chosen.
const wrongAnswerCost = 2

// chooseTemperature returns the temperature (to 0.05) that minimises the
// log-loss of the right topics over the judged messages, whose readings
// were made at topicTemperature.
func chooseTemperature(js []judged) float64 {
	best, bestLoss := topicTemperature, math.Inf(1)
	for temp := 0.2; temp <= 3.001; temp += 0.05 {
		var loss float64
		for _, j := range js {
			ps := make([]float64, 0, len(j.r.topics)+2)
			var right []int
			for i, s := range j.r.topics {
				ps = append(ps, s.p)
				if j.isRight(s.id) {
					right = append(right, i)
				}
			}
			ps = append(ps, j.r.outScope, j.r.talk)
			switch j.topic {
			case outOfScope:
				right = []int{len(ps) - 2}
			case smallTalk:
				right = []int{len(ps) - 1}
			}
			classifier.Rescale(ps, temp/topicTemperature)
			p := 0.0
			for _, i := range right {
				p += ps[i]
			}
			loss -= math.Log(max(p, 1e-12))
		}
		if loss < bestLoss {
			best, bestLoss = math.Round(temp*20)/20, loss
		}
	}
	return best
}

// calibrationError is the expected calibration error of the best topic's
// probability (10 equal-width bins): how far, on average, the stated
// probability is from the share of right answers at that probability.
func calibrationError(js []judged) float64 {
	const bins = 10
	var n, right [bins]float64
	var conf [bins]float64
	inScope := 0
	for _, j := range js {
		if j.topic == outOfScope || j.topic == smallTalk {
			continue
		}
		inScope++
		p := j.r.topics[0].p
		b := min(int(p*bins), bins-1)
		n[b]++
		conf[b] += p
		if j.isRight(j.r.topics[0].id) {
			right[b]++
		}
	}
	var ece float64
	for b := range bins {
		if n[b] > 0 {
			ece += n[b] / float64(inScope) * math.Abs(right[b]/n[b]-conf[b]/n[b])
		}
	}
	return ece
}

// TestCrossValidation measures the models by 5-fold cross-validation on
// the example bank, checks that the temperature and thresholds in use are
// the ones the cross-validation chooses, and reports the figures on the
// whole bank and on its messages written blind.
// `go test -run CrossValidation -v ./knowledge` prints them.
func TestCrossValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the models five times")
	}
	js := crossValidate(t)
	blind := writtenBlindOnly(js)
	if len(blind) == 0 {
		t.Fatalf("no message of the bank is under %s/", writtenBlind)
	}
	temp := chooseTemperature(blind)
	t.Logf("temperature: %.2f (in use %.2f); calibration error of the best topic's probability: %.3f written blind, %.3f whole bank", temp, topicTemperature, calibrationError(blind), calibrationError(js))
	if temp != topicTemperature {
		t.Errorf("topicTemperature is %.2f, cross-validation chooses %.2f", topicTemperature, temp)
	}
	chosen := chooseThresholds(js)
	t.Logf("cross-validation, %d messages written blind, each read by %d models: %v", len(blind)/cvSeeds, cvSeeds, scoreAll(blind, chosenThresholds))
	t.Logf("cross-validation, whole bank (%d messages), each read by %d models: %v", len(js)/cvSeeds, cvSeeds, scoreAll(js, chosenThresholds))
	t.Logf("thresholds chosen: answer %.2f, suggest %.2f, flag %.2f, request %.2f", chosen.answer, chosen.suggest, chosen.flag, chosen.request)
	if chosen != chosenThresholds {
		t.Errorf("the thresholds in understand.go (%+v) are not the ones cross-validation chooses (%+v)", chosenThresholds, chosen)
	}
}

// BenchmarkTrainingSettings compares training settings by 5-fold
// cross-validation on the example bank: cv-top1 is the share of messages
// whose most probable class is right, dev-top1 the same on the public
// dev set (models trained on the whole bank), ece the calibration error
// of the best topic's probability.
//
//	go test -run '^$' -bench TrainingSettings -benchtime 1x ./knowledge
func BenchmarkTrainingSettings(b *testing.B) {
	base := classifier.DefaultOptions()
	variants := map[string]func(o *classifier.Options){
		"default":         func(*classifier.Options) {},
		"epochs=3,rate=2": func(o *classifier.Options) { o.Epochs, o.Rate = 3, 2 },
		"epochs=4":        func(o *classifier.Options) { o.Epochs = 4 },
		"words=1":         func(o *classifier.Options) { o.WordWeight = 1 },
		"l2=3e-6":         func(o *classifier.Options) { o.L2 = 3e-6 },
		"rate=1":          func(o *classifier.Options) { o.Rate = 1 },
		"min-count=3":     func(o *classifier.Options) { o.MinCount = 3 },
	}
	defer func() { trainOptions = base }()
	for name, change := range variants {
		b.Run(name, func(b *testing.B) {
			o := base
			change(&o)
			trainOptions = o
			for b.Loop() {
				js := crossValidate(b)
				right := 0
				for _, j := range js {
					best := j.r.topics[0].id
					if j.r.outScope > j.r.topics[0].p || j.r.talk > j.r.topics[0].p {
						best = outOfScope
						if j.r.talk > j.r.outScope {
							best = smallTalk
						}
					}
					if best == j.topic {
						right++
					}
				}
				ids, articles, bank := bankData(b)
				m := trainModels(ids, trainingTexts(articles, bank))
				dev, n := 0, 0
				for _, it := range readEval(b, "testdata/dev-questions.jsonl") {
					if len(it.Expect) > 0 {
						n++
						if slices.Contains(it.Expect, m.read(it.Q).topics[0].id) {
							dev++
						}
					}
				}
				b.ReportMetric(100*float64(right)/float64(len(js)), "cv-top1-%")
				b.ReportMetric(100*float64(dev)/float64(n), "dev-top1-%")
				b.ReportMetric(calibrationError(js), "ece")
			}
		})
	}
}
