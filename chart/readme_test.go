package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/stats-chart.png from readmeStats")

// readmePicture is the picture the README shows.
var readmePicture = filepath.Join("..", "docs", "stats-chart.png")

// readmeStats is a plausible quarter for a parliament's security team: a
// few reports a week, a phishing wave in week 44 and a paid-trip season
// before the recess.
func readmeStats() (Stats, Options) {
	counts := []map[string]int{
		{Payment: 1, Gift: 2, Online: 1},                        // W35
		{Gift: 1, Travel: 1, Diplomat: 1},                       // W36
		{Payment: 1, Online: 2, Disinformation: 1},              // W37
		{Travel: 2, Diplomat: 1, Other: 1},                      // W38
		{Payment: 2, Gift: 1, Pressure: 1, Online: 1},           // W39
		{Online: 1, Cyber: 1},                                   // W40
		{Travel: 3, Gift: 2, Diplomat: 1},                       // W41
		{Payment: 1, Pressure: 1, Disinformation: 2},            // W42
		{Online: 2, Cyber: 2, Other: 1},                         // W43
		{Cyber: 7, Online: 2, Payment: 1},                       // W44
		{Cyber: 3, Diplomat: 1, Gift: 1},                        // W45
		{},                                                      // W46
		{Payment: 2, Travel: 1, Pressure: 1, Disinformation: 1}, // W47
	}
	s := Stats{Title: "Vigil: reports 2026-W35 to 2026-W47", Open: OpenCases{Low: 6, Medium: 9, High: 3}}
	for i, c := range counts {
		s.Weeks = append(s.Weeks, Week{Label: fmt.Sprintf("2026-W%02d", 35+i), Counts: c})
	}
	opt := Options{Labels: Labels{Categories: map[string]string{
		Payment:        "Offer of payment or paid work",
		Gift:           "Gift or hospitality",
		Travel:         "Sponsored travel or invitation",
		Diplomat:       "Contact by a diplomat or official",
		Online:         "Online approach or recruiter",
		Pressure:       "Pressure, threat or blackmail",
		Disinformation: "Suspected disinformation",
		Cyber:          "Cyber (phishing, account, device)",
		Other:          "Other",
	}}}
	return s, opt
}

// TestWriteReadmeChart keeps docs/stats-chart.png the picture that
// readmeStats draws today: `go test -run TestWriteReadmeChart -update
// ./chart` rewrites it; without -update the test fails when more than 1%
// of its pixels have drifted (a little drift is allowed for floating-point
// rounding on other processors).
func TestWriteReadmeChart(t *testing.T) {
	s, opt := readmeStats()
	var buf bytes.Buffer
	if err := Render(&buf, s, opt); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(readmePicture, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	fresh := decode(t, &buf)
	f, err := os.Open(readmePicture)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	defer f.Close()
	kept := decode(t, f)
	if kept.Bounds() != fresh.Bounds() {
		t.Fatalf("%s is %v, the chart draws %v: run with -update", readmePicture, kept.Bounds(), fresh.Bounds())
	}
	if d, all := differing(kept, fresh, fresh.Bounds()), fresh.Bounds().Dx()*fresh.Bounds().Dy(); d*100 > all {
		t.Errorf("%s differs from today's chart in %d of %d pixels: run with -update", readmePicture, d, all)
	}
	if got := fresh.Bounds().Size(); got != image.Pt(DefaultWidth, DefaultHeight) {
		t.Errorf("readme chart size %v", got)
	}
}
