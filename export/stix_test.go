package export_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/TcM1911/stix2"
	"github.com/google/uuid"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

// bundle is a STIX bundle decoded loosely, to check every property.
type bundle struct {
	Type    string           `json:"type"`
	ID      string           `json:"id"`
	Objects []map[string]any `json:"objects"`
}

func parseBundle(t *testing.T, out []byte) bundle {
	t.Helper()
	var b bundle
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatalf("bundle is not JSON: %v", err)
	}
	if b.Type != "bundle" || !strings.HasPrefix(b.ID, "bundle--") {
		t.Fatalf("not a bundle: type %q id %q", b.Type, b.ID)
	}
	return b
}

func byType(b bundle) map[string][]map[string]any {
	m := map[string][]map[string]any{}
	for _, o := range b.Objects {
		m[o["type"].(string)] = append(m[o["type"].(string)], o)
	}
	return m
}

func TestSTIXParsesWithLibrary(t *testing.T) {
	out := run(t, "stix", export.Options{})
	col, err := stix2.FromJSON(out)
	if err != nil {
		t.Fatalf("stix2.FromJSON: %v", err)
	}
	// Samples: 4 reports; attack patterns T0100.001, T0091.001, T0097,
	// T0141.001, T0089; locations RU only (Russie, RU); actors for the three
	// cases with an approacher; uses/located-at relationships; notes for
	// the team notes and the reporter's addition.
	for typ, want := range map[stix2.STIXType]int{
		stix2.TypeReport: 4, stix2.TypeAttackPattern: 5, stix2.TypeLocation: 1, stix2.TypeThreatActor: 3,
		stix2.TypeNote: 3, stix2.TypeIdentity: 1, stix2.TypeMarkingDefinition: 1,
		stix2.TypeRelationship: 2 + 1 + 1 + 2 + 1, // payment: 2 uses + located-at; online: 1 uses; cyber: 2 uses + located-at
	} {
		if got := len(col.GetAll(typ)); got != want {
			t.Errorf("%d %s objects, want %d", got, typ, want)
		}
	}
	for _, r := range col.Reports() {
		if r.Published == nil || len(r.Objects) == 0 || len(r.Types) == 0 || r.Name == "" || r.Description == "" {
			t.Errorf("report %s lacks published, object_refs, report_types, name or description", r.ID)
		}
		for _, ref := range r.Objects {
			if col.Get(ref) == nil {
				t.Errorf("report %s refers to missing %s", r.ID, ref)
			}
		}
	}
	for _, ap := range col.AttackPatterns() {
		ext := ap.ExternalReferences
		if len(ext) != 1 || ext[0].Name != "DISARM" || !strings.HasPrefix(ext[0].ExternalID, "T0") ||
			!strings.Contains(ext[0].Description, "DISARM Red Framework v") {
			t.Errorf("attack pattern %q has external references %+v", ap.Name, ext)
		}
	}
	for _, n := range col.Notes() {
		for _, ref := range n.Objects {
			if col.Report(ref) == nil {
				t.Errorf("note %s refers to %s, not a report", n.ID, ref)
			}
		}
	}
	for _, rel := range col.Relationships() {
		if col.Get(rel.Source) == nil || col.Get(rel.Target) == nil {
			t.Errorf("relationship %s has a dangling end", rel.ID)
		}
	}
}

var idProperty = map[string]bool{"created_by_ref": true, "source_ref": true, "target_ref": true}

func TestSTIXRequiredPropertiesMarkingsAndReferences(t *testing.T) {
	for _, tlp := range []string{"", "clear", "green", "amber+strict", "RED"} {
		b := parseBundle(t, run(t, "stix", export.Options{TLP: tlp}))
		ids := map[string]bool{}
		for _, o := range b.Objects {
			ids[o["id"].(string)] = true
		}
		markings := byType(b)["marking-definition"]
		if len(markings) != 1 {
			t.Fatalf("TLP %q: %d marking definitions", tlp, len(markings))
		}
		wantLevel := strings.ToLower(tlp)
		if wantLevel == "" {
			wantLevel = "amber"
		}
		ext := markings[0]["extensions"].(map[string]any)["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"].(map[string]any)
		if ext["tlp_2_0"] != wantLevel || markings[0]["name"] != "TLP:"+strings.ToUpper(wantLevel) {
			t.Errorf("TLP %q: marking %v", tlp, markings[0])
		}
		markingID := markings[0]["id"].(string)
		for _, o := range b.Objects {
			typ, id := o["type"].(string), o["id"].(string)
			required := []string{"type", "spec_version", "id", "created"}
			if typ != "marking-definition" {
				required = append(required, "modified", "object_marking_refs")
			}
			for _, p := range required {
				if _, ok := o[p]; !ok {
					t.Errorf("%s lacks %s", id, p)
				}
			}
			if o["spec_version"] != "2.1" || !strings.HasPrefix(id, typ+"--") {
				t.Errorf("%s: spec_version %v", id, o["spec_version"])
			}
			for _, p := range []string{"created", "modified", "published"} {
				if s, ok := o[p].(string); ok {
					if _, err := time.Parse("2006-01-02T15:04:05.000Z", s); err != nil {
						t.Errorf("%s %s = %q, not a STIX timestamp", id, p, s)
					}
				}
			}
			if m, ok := o["modified"].(string); ok && m < o["created"].(string) {
				t.Errorf("%s modified before created", id)
			}
			if typ != "marking-definition" {
				refs := o["object_marking_refs"].([]any)
				if len(refs) != 1 || refs[0] != markingID {
					t.Errorf("%s marked %v, want %s", id, refs, markingID)
				}
			}
			for p, v := range o {
				if idProperty[p] && !ids[v.(string)] {
					t.Errorf("%s.%s = %v does not resolve", id, p, v)
				}
				if p == "object_refs" {
					for _, ref := range v.([]any) {
						if !ids[ref.(string)] {
							t.Errorf("%s.object_refs has unresolved %v", id, ref)
						}
					}
				}
			}
		}
	}
}

func TestSTIXIDsAreStableUUIDv5(t *testing.T) {
	first := parseBundle(t, run(t, "stix", export.Options{}))
	again := parseBundle(t, run(t, "stix", export.Options{Now: func() time.Time { return fixedNow().Add(time.Hour) }}))
	if first.ID == again.ID {
		t.Error("two exports at different times share a bundle id")
	}
	if len(first.Objects) != len(again.Objects) {
		t.Fatalf("re-export has %d objects, first had %d", len(again.Objects), len(first.Objects))
	}
	for i, o := range first.Objects {
		a, _ := json.Marshal(o)
		b, _ := json.Marshal(again.Objects[i])
		if !bytes.Equal(a, b) {
			t.Errorf("object %d differs between exports:\n%s\n%s", i, a, b)
		}
		if o["type"] == "marking-definition" {
			continue
		}
		u, err := uuid.Parse(strings.SplitN(o["id"].(string), "--", 2)[1])
		if err != nil || u.Version() != 5 {
			t.Errorf("%s is not a UUIDv5 id", o["id"])
		}
	}
	// Another producer gets its own ids for the same cases.
	other := parseBundle(t, run(t, "stix", export.Options{Producer: "Other Parliament"}))
	for _, o := range byType(other)["report"] {
		for _, r := range byType(first)["report"] {
			if o["id"] == r["id"] {
				t.Errorf("report id %s shared across producers", o["id"])
			}
		}
	}
	if byType(other)["identity"][0]["name"] != "Other Parliament" {
		t.Error("producer name not used for the identity")
	}
}

func TestSTIXReportContent(t *testing.T) {
	b := parseBundle(t, run(t, "stix", export.Options{}))
	types := byType(b)
	reports := map[string]map[string]any{}
	for _, r := range types["report"] {
		reports[r["name"].(string)] = r
	}
	payment := reports["VGL-2026-0001: Offer of payment or paid work"]
	if payment == nil {
		t.Fatalf("no report named after the payment case among %v", reports)
	}
	if payment["published"] != "2026-03-02T09:30:00.000Z" {
		t.Errorf("published = %v, want the filing time", payment["published"])
	}
	if got := payment["report_types"]; len(got.([]any)) != 3 {
		t.Errorf("report_types = %v, want threat-report, threat-actor, attack-pattern", got)
	}
	if !strings.Contains(payment["description"].(string), exporttest.Samples()[0].Case.Report.Description) {
		t.Error("description lacks the reporter's account")
	}
	// The case with nothing to map still has a valid, non-empty object_refs.
	other := reports["VGL-2026-0003: Other"]
	if refs := other["object_refs"].([]any); len(refs) != 1 || !strings.HasPrefix(refs[0].(string), "identity--") {
		t.Errorf("unmapped case object_refs = %v, want the producer identity", refs)
	}
	var locations []string
	for _, l := range types["location"] {
		locations = append(locations, l["country"].(string))
	}
	if strings.Join(locations, ",") != "RU" {
		t.Errorf("locations %v, want RU once (Russie and RU), none for free text", locations)
	}
}
