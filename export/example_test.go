package export_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"vigil/bot"
	"vigil/export"
	"vigil/internal/testkit"
)

// Write streams records from an iterator into a format: here one case as
// CSV, whose cells a spreadsheet would evaluate are neutralised.
func ExampleWrite() {
	filed := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	rec := export.Record{Case: bot.Case{ID: 1, Ref: "VGL-2026-0001", Status: bot.StatusNew, Severity: bot.SeverityLow,
		FiledAt: filed, Updated: filed, Report: bot.Report{Category: bot.CategoryGift, OccurredOn: filed, Channel: bot.ChannelEvent,
			Description: "=HYPERLINK(\"http://x\") wine", Accepted: bot.AcceptedNo, Anonymous: true}}}
	records := func(yield func(export.Record, error) bool) { yield(rec, nil) }
	var out strings.Builder
	if err := export.Write(&out, "csv", records, export.Options{}); err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n")) // CSV lines end in CRLF

	// Output:
	// ref,filed_at,last_update,category,category_label,severity,status,resolution,assignee,occurred_on,channel,approacher,approacher_country,description,accepted,accepted_detail,evidence,source_link,anonymous,reporter,reporter_id,contact_allowed,disarm_techniques,notes_count,replies_count,additions_count,notes,additions,linked
	// VGL-2026-0001,2026-11-19T10:00:00Z,2026-11-19T10:00:00Z,gift,Gift or hospitality,low,new,,,2026-11-19,event,,,"'=HYPERLINK(""http://x"") wine",no,,,,yes,,,no,T0100.001 Co-Opt Trusted Individuals,0,0,0,,,
}

// An Exporter streams the cases of a store (storage.DB in production)
// into a format and records the export in the store's audit log.
func ExampleExporter_Export() {
	store := testkit.NewMemStore()
	ctx := context.Background()
	filed := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	_, _ = store.FileCase(ctx, bot.NewCase{Reporter: bot.User{Platform: "slack", ID: "U1"}, Severity: bot.SeverityLow, FiledAt: filed,
		Report: bot.Report{Category: bot.CategoryGift, OccurredOn: filed, Channel: bot.ChannelEvent, Description: "wine", Accepted: bot.AcceptedNo}})
	exporter, err := export.NewExporter(store, export.Options{TLP: "green", Now: func() time.Time { return filed }})
	if err != nil {
		fmt.Println(err)
		return
	}
	operator := bot.User{Platform: "cli", ID: "operator"}
	if err := exporter.Export(ctx, os.Stdout, "json", bot.CaseFilter{}, operator); err != nil {
		fmt.Println(err)
	}
	audit := store.AuditLog()
	fmt.Println(len(audit), audit[0].Action, audit[0].Target, audit[0].Outcome)
	// Output:
	// {"schema":1,"ref":"VGL-2026-0001","filed_at":"2026-11-19T10:00:00Z","last_update":"2026-11-19T10:00:00Z","category":"gift","category_label":"Gift or hospitality","severity":"low","status":"new","resolution":"","assignee":"","occurred_on":"2026-11-19","channel":"event","approacher":"","approacher_country":"","description":"wine","accepted":"no","accepted_detail":"","evidence":"","source_link":"","anonymous":false,"reporter":{"platform":"slack","id":"U1","name":""},"contact_allowed":false,"disarm":[{"id":"T0100.001","name":"Co-Opt Trusted Individuals","url":"https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0100.001.md"}],"events":[{"at":"2026-11-19T10:00:00Z","kind":"filed","actor":{"platform":"slack","id":"U1","name":""},"status":"new","detail":"","text":""}],"linked":[]}
	// 1 export json (1 case) ok
}
