package export_test

import (
	"strings"
	"testing"

	"vigil/export"
)

func TestMISPEvents(t *testing.T) {
	recs := lines(t, run(t, "misp", export.Options{Producer: "EP Security"}))
	stix := byType(parseBundle(t, run(t, "stix", export.Options{Producer: "EP Security"})))
	if len(recs) != 4 {
		t.Fatalf("%d events, want one per case", len(recs))
	}
	validTypes := map[string]map[string]bool{ // MISP category -> allowed types used here
		"Internal reference": {"text": true, "link": true},
		"Other":              {"text": true, "comment": true, "datetime": true},
		"Attribution":        {"threat-actor": true, "text": true},
	}
	for i, rec := range recs {
		if len(rec) != 1 {
			t.Fatalf("event %d has top-level keys besides Event: %v", i, rec)
		}
		e := rec["Event"].(map[string]any)
		for _, k := range []string{"uuid", "info", "date", "threat_level_id", "analysis", "distribution", "published", "timestamp", "Orgc", "Tag", "Attribute"} {
			if _, ok := e[k]; !ok {
				t.Errorf("event %d lacks %s", i, k)
			}
		}
		if e["Orgc"].(map[string]any)["name"] != "EP Security" {
			t.Errorf("event %d Orgc = %v", i, e["Orgc"])
		}
		if "report--"+e["uuid"].(string) != stix["report"][i]["id"] {
			t.Errorf("event %d uuid %v does not match STIX report %v", i, e["uuid"], stix["report"][i]["id"])
		}
		tags := map[string]bool{}
		for _, tg := range e["Tag"].([]any) {
			tags[tg.(map[string]any)["name"].(string)] = true
		}
		if !tags["tlp:amber"] {
			t.Errorf("event %d tags %v lack tlp:amber", i, tags)
		}
		seen := map[string]bool{}
		for _, a := range e["Attribute"].([]any) {
			attr := a.(map[string]any)
			cat, typ := attr["category"].(string), attr["type"].(string)
			if !validTypes[cat][typ] {
				t.Errorf("event %d: attribute type %s in category %s", i, typ, cat)
			}
			if attr["value"] == "" || attr["to_ids"] != false || attr["uuid"] == "" || seen[attr["uuid"].(string)] {
				t.Errorf("event %d: bad attribute %v", i, attr)
			}
			seen[attr["uuid"].(string)] = true
		}
	}
	first := recs[0]["Event"].(map[string]any)
	if first["threat_level_id"] != "1" || first["analysis"] != "1" || first["date"] != "2026-02-28" {
		t.Errorf("payment case: threat level %v analysis %v date %v", first["threat_level_id"], first["analysis"], first["date"])
	}
	var galaxy []string
	for _, tg := range first["Tag"].([]any) {
		if n := tg.(map[string]any)["name"].(string); strings.HasPrefix(n, "misp-galaxy:") {
			galaxy = append(galaxy, n)
		}
	}
	want := `misp-galaxy:disarm-techniques="Co-Opt Trusted Individuals",misp-galaxy:disarm-techniques="Recruit Contractors"`
	if strings.Join(galaxy, ",") != want {
		t.Errorf("galaxy tags %v, want %s", galaxy, want)
	}
	closed := recs[2]["Event"].(map[string]any)
	if closed["analysis"] != "2" || closed["threat_level_id"] != "3" {
		t.Errorf("closed low case: analysis %v threat level %v", closed["analysis"], closed["threat_level_id"])
	}
}

func TestMISPDistributionFollowsTLP(t *testing.T) {
	for tlp, want := range map[string]string{"clear": "3", "green": "1", "amber": "0", "amber+strict": "0", "red": "0"} {
		e := lines(t, run(t, "misp", export.Options{TLP: tlp}))[0]["Event"].(map[string]any)
		if e["distribution"] != want {
			t.Errorf("TLP %s: distribution %v, want %s", tlp, e["distribution"], want)
		}
		found := false
		for _, tg := range e["Tag"].([]any) {
			found = found || tg.(map[string]any)["name"] == "tlp:"+tlp
		}
		if !found {
			t.Errorf("TLP %s: no tlp:%s tag", tlp, tlp)
		}
	}
}
