package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// mispEvent is one line of the MISP export: {"Event": {...}} in the MISP
// core format, which MISP's /events/add and PyMISP's MISPEvent.load read.
type mispEvent struct {
	Event mispEventBody `json:"Event"`
}

type mispEventBody struct {
	UUID          string          `json:"uuid"`
	Info          string          `json:"info"`
	Date          string          `json:"date"`
	ThreatLevelID string          `json:"threat_level_id"`
	Analysis      string          `json:"analysis"`
	Distribution  string          `json:"distribution"`
	Published     bool            `json:"published"`
	Timestamp     string          `json:"timestamp"`
	Orgc          mispOrg         `json:"Orgc"`
	Tag           []mispTag       `json:"Tag"`
	Attribute     []mispAttribute `json:"Attribute"`
}

type mispOrg struct {
	Name string `json:"name"`
	UUID string `json:"uuid"`
}

type mispTag struct {
	Name string `json:"name"`
}

type mispAttribute struct {
	UUID         string `json:"uuid"`
	Type         string `json:"type"`
	Category     string `json:"category"`
	Value        string `json:"value"`
	Comment      string `json:"comment"`
	ToIDs        bool   `json:"to_ids"`
	Distribution string `json:"distribution"`
	Timestamp    string `json:"timestamp"`
}

func writeMISP(bw *bufio.Writer, records iter.Seq2[Record, error], o options) error {
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	m := mispBuilder{o: o, ids: newIDs(o.producer)}
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("export: reading cases: %w", err)
		}
		if err := enc.Encode(m.event(newView(rec, o.now))); err != nil {
			return fmt.Errorf("export: writing misp: %w", err)
		}
	}
	return nil
}

type mispBuilder struct {
	o   options
	ids ids
}

func (m mispBuilder) event(v view) mispEvent {
	c, r := v.Case, v.Case.Report
	e := mispEventBody{
		UUID: m.ids.caseUUID(c.Ref), Info: c.Ref + ": " + r.Category.Label(),
		Date: v.occurredOn().Format(dateLayout), ThreatLevelID: mispThreatLevel(c.Severity),
		Analysis: mispAnalysis(c.Status), Distribution: m.o.tlp.mispDistribution,
		Timestamp: unix(v.updated), Orgc: mispOrg{Name: m.o.producer, UUID: strings.TrimPrefix(m.ids.identity(), "identity--")},
		Tag: make([]mispTag, 0, 1+len(v.techniques)),
	}
	e.Tag = append(e.Tag, mispTag{Name: "tlp:" + m.o.tlp.name})
	for _, t := range v.techniques {
		e.Tag = append(e.Tag, mispTag{Name: `misp-galaxy:disarm-techniques="` + t.Name + `"`})
	}
	add := func(key, typ, category, value, comment string, at time.Time) {
		if strings.TrimSpace(value) == "" {
			return
		}
		e.Attribute = append(e.Attribute, mispAttribute{
			UUID: m.ids.uuid("attribute:" + c.Ref + ":" + key), Type: typ, Category: category, Value: value,
			Comment: comment, Distribution: "5", Timestamp: unix(at),
		})
	}
	add("ref", "text", "Internal reference", c.Ref, "Vigil case reference", v.filed)
	add("description", "text", "Other", r.Description, "What happened, in the reporter's words", v.filed)
	add("category", "text", "Other", r.Category.Label(), "Kind of approach", v.filed)
	add("channel", "text", "Other", r.Channel.Label(), "How the approach was made", v.filed)
	add("occurred_on", "datetime", "Other", v.occurredOn().Format(timeLayout), "Date of the approach", v.filed)
	add("approacher", "threat-actor", "Attribution", r.Approacher, "Approacher as named by the reporter; not verified", v.filed)
	countryComment := "Country of the approacher, as given by the reporter"
	if code, ok := countryCode(r.ApproacherCountry); ok {
		countryComment += " (ISO 3166-1: " + code + ")"
	}
	add("approacher_country", "text", "Attribution", r.ApproacherCountry, countryComment, v.filed)
	add("accepted", "text", "Other", string(r.Accepted), "Was anything accepted or promised", v.filed)
	add("accepted_detail", "text", "Other", r.AcceptedDetail, "What was accepted or promised", v.filed)
	add("evidence", "text", "Other", r.Evidence, "Evidence kept by the reporter (not attached)", v.filed)
	add("source_link", "link", "Internal reference", r.SourceLink, "Link to the reported message", v.filed)
	for i, ev := range v.Events {
		at := ev.At.UTC()
		if at.IsZero() {
			at = v.updated
		}
		switch ev.Kind {
		case bot.EventNote:
			add("note:"+eventKey(c.Ref, ev, i), "comment", "Other", ev.Text, "Security team note, "+at.Format(timeLayout), at)
		case bot.EventAddition:
			add("addition:"+eventKey(c.Ref, ev, i), "text", "Other", ev.Text, "Added by the reporter, "+at.Format(timeLayout), at)
		}
	}
	// Indicators, typed so that MISP correlates them across events; MISP
	// refuses two attributes of the same type and value in one event.
	seen := map[[2]string]bool{}
	for _, ind := range v.indicators(m.o) {
		t := mispIndicatorTypes[ind.Kind]
		if t.typ == "" || seen[[2]string{t.typ, ind.Value}] {
			continue
		}
		seen[[2]string{t.typ, ind.Value}] = true
		add("indicator:"+string(ind.Kind)+":"+ind.Value, t.typ, t.category, ind.Value, t.comment, v.filed)
	}
	for _, l := range v.Links {
		add("link:"+l.Ref, "text", "Internal reference", l.Ref, "Linked Vigil case: "+linkDescription(l), l.LinkedAt.UTC())
	}
	return mispEvent{Event: e}
}

// mispIndicatorTypes are the MISP attribute type and category of each kind
// of indicator, with what the attribute says it is.
var mispIndicatorTypes = map[indicators.Kind]struct{ typ, category, comment string }{
	indicators.Email:       {"email-src", "Payload delivery", "E-mail address the approach came from or named, found by Vigil"},
	indicators.EmailDomain: {"domain", "Network activity", "Domain of an e-mail address in the report, found by Vigil"},
	indicators.Domain:      {"domain", "Network activity", "Registrable domain in the report, found by Vigil"},
	indicators.URL:         {"url", "Network activity", "Web address in the report (without scheme), found by Vigil"},
	indicators.Phone:       {"phone-number", "Person", "Phone number in the report (E.164), found by Vigil"},
	indicators.IBAN:        {"iban", "Financial fraud", "Bank account in the report (IBAN), found by Vigil"},
	indicators.Handle:      {"text", "Social network", "Social or messenger handle in the report, found by Vigil"},
	indicators.Name:        {"full-name", "Person", "Name of the approacher as given, normalised by Vigil (lower case, words sorted)"},
	indicators.Org:         {"text", "Attribution", "Organisation of the approacher as given, normalised by Vigil (lower case, words sorted)"},
}

// mispThreatLevel maps severity to threat_level_id: 1 high, 2 medium,
// 3 low, 4 undefined.
func mispThreatLevel(s bot.Severity) string {
	switch s {
	case bot.SeverityHigh:
		return "1"
	case bot.SeverityMedium:
		return "2"
	case bot.SeverityLow:
		return "3"
	default:
		return "4"
	}
}

// mispAnalysis maps status to analysis: 0 initial, 1 ongoing, 2 completed.
func mispAnalysis(s bot.Status) string {
	switch s {
	case bot.StatusNew, "":
		return "0"
	case bot.StatusClosed:
		return "2"
	default:
		return "1"
	}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
