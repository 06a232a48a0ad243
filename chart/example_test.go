package chart_test

import (
	"bytes"
	"fmt"
	"image/png"

	"vigil/chart"
)

// Render draws the picture into any io.Writer: here a buffer, as an
// adapter would before uploading it as a file.
func ExampleRender() {
	stats := chart.Stats{
		Title: "Vigil: reports, 2026-W45 to 2026-W47",
		Weeks: []chart.Week{
			{Label: "2026-W45", Counts: map[string]int{chart.Payment: 1, chart.Online: 2}},
			{Label: "2026-W46"},
			{Label: "2026-W47", Counts: map[string]int{chart.Cyber: 4, chart.Gift: 1}},
		},
		Open: chart.OpenCases{Low: 2, Medium: 3, High: 1},
	}
	opt := chart.Options{Labels: chart.Labels{
		Categories: map[string]string{
			chart.Payment: "Offre de paiement",
			chart.Online:  "Approche en ligne",
			chart.Cyber:   "Cyber",
			chart.Gift:    "Cadeau",
		},
		Low: "faible", Medium: "moyenne", High: "élevée",
		Weekly: "Signalements par semaine", Open: "Dossiers ouverts par gravité",
		Reports: "signalements", Cases: "dossiers",
		NoReports: "Aucun signalement sur cette période", NoOpenCases: "Aucun dossier ouvert",
	}}

	var buf bytes.Buffer
	if err := chart.Render(&buf, stats, opt); err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := png.DecodeConfig(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Width, "x", cfg.Height)
	// Output: 1200 x 600
}
