package export_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/TcM1911/stix2"

	"vigil/bot"
	"vigil/export"
	"vigil/export/internal/exporttest"
	"vigil/indicators"
	"vigil/internal/testkit"
)

// linkedRecords are three cases: the first two share a phone number
// written two ways, the third is linked to the second by the team, and
// every report holds indicators of several kinds (and gmail.com, common).
func linkedRecords() []export.Record {
	at := exporttest.Base
	team := bot.User{Platform: bot.PlatformSlack, ID: "U0TEAM", Name: "Tess Team"}
	report := func(who, text, evidence string) bot.Report {
		return bot.Report{Category: bot.CategoryOnline, OccurredOn: at, Channel: bot.ChannelEmail, Approacher: who,
			Description: text, Evidence: evidence, Accepted: bot.AcceptedNo, Anonymous: true}
	}
	return []export.Record{
		{Case: bot.Case{ID: 1, Ref: "VGL-2026-0001", Status: bot.StatusNew, Severity: bot.SeverityMedium, FiledAt: at, Updated: at,
			Report: report("Dr. Jan Novák, Voice of Europe Consulting", "He called from +32 470 12 34 56 and wrote from J.Novak@Voice-EU.com.",
				"https://www.voice-eu.com/join?utm_source=x, t.me/voiceeu, IBAN BE71 0961 2345 6769")},
			Links: []bot.CaseLink{{CaseID: 2, Ref: "VGL-2026-0002", Kinds: []indicators.Kind{indicators.Phone, indicators.Name}, State: bot.LinkSuggested, LinkedAt: at.Add(time.Hour)}}},
		{Case: bot.Case{ID: 2, Ref: "VGL-2026-0002", Status: bot.StatusNew, Severity: bot.SeverityMedium, FiledAt: at.Add(time.Hour), Updated: at.Add(time.Hour),
			Report: report("NOVAK Jan", "A man rang from 0470/123456; his assistant wrote from anna.k@gmail.com.", "")},
			Links: []bot.CaseLink{
				{CaseID: 3, Ref: "VGL-2026-0003", State: bot.LinkConfirmed, LinkedAt: at.Add(3 * time.Hour), DecidedAt: at.Add(3 * time.Hour), DecidedBy: team},
				{CaseID: 1, Ref: "VGL-2026-0001", Kinds: []indicators.Kind{indicators.Phone, indicators.Name}, State: bot.LinkSuggested, LinkedAt: at.Add(time.Hour)},
			}},
		{Case: bot.Case{ID: 3, Ref: "VGL-2026-0003", Status: bot.StatusNew, Severity: bot.SeverityLow, FiledAt: at.Add(2 * time.Hour), Updated: at.Add(2 * time.Hour),
			Report: report("", "A reception invitation.", "")},
			Links: []bot.CaseLink{{CaseID: 2, Ref: "VGL-2026-0002", State: bot.LinkConfirmed, LinkedAt: at.Add(3 * time.Hour), DecidedAt: at.Add(3 * time.Hour), DecidedBy: team}}},
	}
}

// withIndicators are export options that extract indicators as linking
// does, with Belgian phone numbers and the built-in common list.
func withIndicators(t *testing.T) export.Options {
	t.Helper()
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	return export.Options{Now: fixedNow, Extractor: x}
}

func runLinked(t *testing.T, format string, opts export.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, format, exporttest.Seq(linkedRecords()), opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestCSVAndJSONCarryTheLinks(t *testing.T) {
	rows := readCSV(t, runLinked(t, "csv", withIndicators(t)))
	for i, want := range []string{
		"VGL-2026-0002 (phone, name; suggested)",
		"VGL-2026-0003 (confirmed); VGL-2026-0001 (phone, name; suggested)",
		"VGL-2026-0002 (confirmed)",
	} {
		if rows[i]["linked"] != want {
			t.Errorf("%s: linked = %q, want %q", rows[i]["ref"], rows[i]["linked"], want)
		}
	}
	recs := lines(t, runLinked(t, "json", withIndicators(t)))
	linked := recs[1]["linked"].([]any)
	if len(linked) != 2 {
		t.Fatalf("linked = %v", linked)
	}
	team, found := linked[0].(map[string]any), linked[1].(map[string]any)
	if team["ref"] != "VGL-2026-0003" || team["state"] != "confirmed" || len(team["kinds"].([]any)) != 0 ||
		team["decided_at"] != "2026-03-02T12:30:00Z" || team["decided_by"].(map[string]any)["name"] != "Tess Team" {
		t.Errorf("link made by the team: %v", team)
	}
	if found["ref"] != "VGL-2026-0001" || found["state"] != "suggested" || found["decided_at"] != nil || found["decided_by"] != nil ||
		found["linked_at"] != "2026-03-02T10:30:00Z" || !slices.Equal(found["kinds"].([]any), []any{"phone", "name"}) {
		t.Errorf("link found by Vigil: %v", found)
	}
	if l := recs[0]["linked"].([]any); len(l) != 1 {
		t.Errorf("first case: linked = %v", l)
	}
}

func TestSTIXCarriesIndicatorsAndLinks(t *testing.T) {
	out := runLinked(t, "stix", withIndicators(t))
	col, err := stix2.FromJSON(out)
	if err != nil {
		t.Fatalf("stix2.FromJSON: %v", err)
	}
	b := byType(parseBundle(t, out))
	patterns := map[string]string{} // pattern -> report it belongs to
	reportOf := map[string]string{}
	for _, r := range b["report"] {
		for _, ref := range r["object_refs"].([]any) {
			reportOf[ref.(string)] = r["id"].(string)
		}
	}
	for _, ind := range b["indicator"] {
		if ind["pattern_type"] != "stix" || ind["valid_from"] == nil || ind["created_by_ref"] == nil || ind["object_marking_refs"] == nil {
			t.Errorf("indicator lacks properties: %v", ind)
		}
		patterns[ind["pattern"].(string)] = reportOf[ind["id"].(string)]
	}
	first, second := "report--", "report--"
	for _, r := range b["report"] {
		switch {
		case strings.HasPrefix(r["name"].(string), "VGL-2026-0001"):
			first = r["id"].(string)
		case strings.HasPrefix(r["name"].(string), "VGL-2026-0002"):
			second = r["id"].(string)
		}
	}
	for pattern, report := range map[string]string{
		"[email-addr:value = 'j.novak@voice-eu.com']":                                         first,
		"[domain-name:value = 'voice-eu.com']":                                                first,
		"[url:value = 'https://voice-eu.com/join' OR url:value = 'http://voice-eu.com/join']": first,
		"[user-account:account_login = 'voiceeu']":                                            first,
		"[email-addr:value = 'annak@gmail.com']":                                              second,
	} {
		if got, ok := patterns[pattern]; !ok || got != report {
			t.Errorf("pattern %s in %q, want %q (patterns: %v)", pattern, got, report, patterns)
		}
	}
	if _, ok := patterns["[domain-name:value = 'gmail.com']"]; ok {
		t.Error("a common domain became an indicator")
	}
	for p := range patterns {
		if strings.Contains(p, "470") || strings.Contains(p, "BE71") {
			t.Errorf("a phone number or IBAN became a STIX pattern: %s", p)
		}
	}

	var indicatorRels, linkRels int
	for _, rel := range col.Relationships() {
		if col.Get(rel.Source) == nil || col.Get(rel.Target) == nil {
			t.Errorf("relationship %s has a dangling end", rel.ID)
		}
		if rel.RelationshipType != "related-to" {
			continue
		}
		if reportOf[string(rel.ID)] != string(rel.Source) {
			t.Errorf("relationship %s is not in the object_refs of its source report", rel.ID)
		}
		switch {
		case col.Indicator(rel.Target) != nil:
			indicatorRels++
		case col.Report(rel.Target) != nil:
			linkRels++
			if strings.Contains(rel.Description, "470") || !strings.Contains(rel.Description, "Linked") {
				t.Errorf("link relationship description %q", rel.Description)
			}
		}
	}
	if indicatorRels != len(b["indicator"]) || linkRels != 2 {
		t.Errorf("%d related-to relationships to indicators (want %d), %d between reports (want 2)", indicatorRels, len(b["indicator"]), linkRels)
	}
	for _, r := range col.Reports() {
		for _, ref := range r.Objects {
			if col.Get(ref) == nil {
				t.Errorf("report %s refers to missing %s", r.ID, ref)
			}
		}
	}
}

// mispCategoryTypes are the attribute types MISP allows in each category
// that Vigil uses (from MISP's category definitions).
var mispCategoryTypes = map[string][]string{
	"Internal reference": {"text", "link", "comment"},
	"Other":              {"text", "comment", "datetime", "phone-number"},
	"Attribution":        {"threat-actor", "text"},
	"Payload delivery":   {"email-src", "url", "domain", "text"},
	"Network activity":   {"domain", "url", "email-src", "text"},
	"Person":             {"full-name", "phone-number", "text"},
	"Financial fraud":    {"iban", "phone-number", "text"},
	"Social network":     {"email-src", "text"},
}

func TestMISPAttributesCorrelate(t *testing.T) {
	events := lines(t, runLinked(t, "misp", withIndicators(t)))
	attrs := make([]map[string]string, len(events)) // "type value" -> category
	for i, ev := range events {
		attrs[i] = map[string]string{}
		for _, a := range ev["Event"].(map[string]any)["Attribute"].([]any) {
			attr := a.(map[string]any)
			typ, cat, value := attr["type"].(string), attr["category"].(string), attr["value"].(string)
			if !slices.Contains(mispCategoryTypes[cat], typ) {
				t.Errorf("event %d: type %s in category %s", i, typ, cat)
			}
			key := typ + " " + value
			if _, dup := attrs[i][key]; dup && typ != "text" {
				t.Errorf("event %d: two %s attributes %q", i, typ, value)
			}
			attrs[i][key] = cat
		}
	}
	for _, want := range []string{"phone-number +32470123456", "email-src j.novak@voice-eu.com", "domain voice-eu.com",
		"url voice-eu.com/join", "iban BE71096123456769", "full-name jan novak", "text VGL-2026-0002"} {
		if _, ok := attrs[0][want]; !ok {
			t.Errorf("first event lacks %s: %v", want, attrs[0])
		}
	}
	// The second event shares the phone number and the name, so MISP
	// correlates the two; gmail.com is common and left out.
	for _, want := range []string{"phone-number +32470123456", "full-name jan novak", "email-src annak@gmail.com", "text VGL-2026-0001", "text VGL-2026-0003"} {
		if _, ok := attrs[1][want]; !ok {
			t.Errorf("second event lacks %s: %v", want, attrs[1])
		}
	}
	if _, ok := attrs[1]["domain gmail.com"]; ok {
		t.Error("a common domain became an attribute")
	}
}

func TestWithoutExtractorNoIndicators(t *testing.T) {
	out := runLinked(t, "stix", export.Options{Now: fixedNow})
	if b := byType(parseBundle(t, out)); len(b["indicator"]) != 0 {
		t.Errorf("%d indicators without an extractor", len(b["indicator"]))
	}
	for _, ev := range lines(t, runLinked(t, "misp", export.Options{Now: fixedNow})) {
		for _, a := range ev["Event"].(map[string]any)["Attribute"].([]any) {
			if typ := a.(map[string]any)["type"]; typ == "phone-number" || typ == "email-src" {
				t.Errorf("attribute %v without an extractor", a)
			}
		}
	}
}

// TestExporterReadsTheLinksFromTheStore files cases that share a phone
// number in the in-memory store and exports them: the exporter takes the
// links from the store (export.LinkSource).
func TestExporterReadsTheLinksFromTheStore(t *testing.T) {
	store := testkit.NewMemStore()
	ctx := context.Background()
	key, err := indicators.NewKey(bytes.Repeat([]byte{1}, indicators.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	phone := []indicators.Hashed{{Kind: indicators.Phone, Hash: key.Hash(indicators.Phone, "+32470123456")}}
	for i := range 3 {
		nc := bot.NewCase{Report: bot.Report{Category: bot.CategoryGift, OccurredOn: exporttest.Base, Channel: bot.ChannelPhone,
			Description: "a call", Accepted: bot.AcceptedNo}, Reporter: bot.User{Platform: "slack", ID: "U1"}, FiledAt: exporttest.Base}
		if i < 2 {
			nc.Indicators = phone
		}
		if _, err := store.FileCase(ctx, nc); err != nil {
			t.Fatal(err)
		}
	}
	exporter, err := export.NewExporter(store, export.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := exporter.Export(ctx, &buf, "csv", bot.CaseFilter{}, bot.User{Platform: "cli", ID: "operator"}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if rows[0]["linked"] != "VGL-2026-0002 (phone; suggested)" || rows[1]["linked"] != "VGL-2026-0001 (phone; suggested)" || rows[2]["linked"] != "" {
		t.Errorf("linked column: %q, %q, %q", rows[0]["linked"], rows[1]["linked"], rows[2]["linked"])
	}
}
