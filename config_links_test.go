package main

import (
	"bufio"
	"path/filepath"
	"strings"
	"testing"
)

func TestLinksConfig(t *testing.T) {
	cfg, err := parseConfig(nil, envOf(nil))
	if err != nil || cfg.Links.PhoneRegion != "BE" || len(cfg.Links.Common) != 0 {
		t.Fatalf("default links config %+v, %v", cfg.Links, err)
	}
	cfg, err = parseConfig([]byte("links:\n  phone_region: fr\n  common: [example-parliament.eu]\n"),
		envOf(map[string]string{"VIGIL_LINKS_COMMON": "bundestag.de,org: Deutscher Bundestag"}))
	if err != nil || cfg.Links.PhoneRegion != "fr" || strings.Join(cfg.Links.Common, "|") != "bundestag.de|org: Deutscher Bundestag" {
		t.Fatalf("links config %+v, %v", cfg.Links, err)
	}
	for yaml, key := range map[string]string{
		"links:\n  phone_region: XX\n":              "links.phone_region",
		"links:\n  common: [\"not a domain\"]\n":    "links.common",
		"links:\n  common: [\"colour: blue\"]\n":    "links.common",
		"links:\n  common: [\"email-domain: x\"]\n": "links.common",
	} {
		if _, err := parseConfig([]byte(yaml), envOf(nil)); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: error %v does not name %s", yaml, err, key)
		}
	}
}

// TestConsoleLinksReports files two reports through the console with a
// French phone number written two ways, with links.phone_region FR: the
// second report's notice names the link, `links` shows the number, and
// the MISP export carries it as a phone-number attribute of both events.
func TestConsoleLinksReports(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	t.Setenv("VIGIL_LINKS_PHONE_REGION", "FR")
	report := func(desc string) string {
		return "report\n1\ntoday\n2\nskip\nskip\n" + desc + "\nno\nskip\n1\nno\nsubmit\n"
	}
	code, out, errOut := runVigil(t, report("He called from 06 12 34 56 78 with an offer")+report("A call from +33 6 12 34 56 78, the same offer"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	refs := refRE.FindAllString(out, -1)
	if len(refs) < 2 || !strings.Contains(out, "Possibly linked to "+refs[0]+" (same phone number).") {
		t.Fatalf("no link in the notice:\n%s", out)
	}
	second := refs[len(refs)-1]
	code, out, _ = runVigil(t, "links "+second+"\n")
	if code != 0 || !strings.Contains(out, "phone number: +33612345678") {
		t.Fatalf("links: exit %d\n%s", code, out)
	}
	code, out, errOut = runVigil(t, "", "export", "--format", "misp")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	events := 0
	for sc := bufio.NewScanner(strings.NewReader(out)); sc.Scan(); {
		if strings.Contains(sc.Text(), `"type":"phone-number","category":"Person","value":"+33612345678"`) {
			events++
		}
	}
	if events != 2 {
		t.Fatalf("%d MISP events carry the phone number, want 2:\n%s", events, out)
	}
}
