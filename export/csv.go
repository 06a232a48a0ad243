package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"vigil/bot"
)

// csvColumns is the header row; README.md documents each column.
var csvColumns = []string{
	"ref", "filed_at", "last_update", "category", "category_label", "severity", "status",
	"resolution", "assignee", "occurred_on", "channel", "approacher", "approacher_country",
	"description", "accepted", "accepted_detail", "evidence", "source_link", "anonymous",
	"reporter", "reporter_id", "contact_allowed", "disarm_techniques", "notes_count",
	"replies_count", "additions_count", "notes", "additions", "linked",
}

func writeCSV(bw *bufio.Writer, records iter.Seq2[Record, error], o options) error {
	w := csv.NewWriter(bw)
	w.UseCRLF = true // RFC 4180 line breaks
	if err := w.Write(csvColumns); err != nil {
		return fmt.Errorf("export: writing csv: %w", err)
	}
	row := make([]string, len(csvColumns))
	var notes, additions strings.Builder
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("export: reading cases: %w", err)
		}
		v := newView(rec, o.now)
		fillCSVRow(row, v, &notes, &additions)
		for i, cell := range row {
			row[i] = neutraliseCell(cell)
		}
		if err := w.Write(row); err != nil {
			return fmt.Errorf("export: writing csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("export: writing csv: %w", err)
	}
	return nil
}

func fillCSVRow(row []string, v view, notes, additions *strings.Builder) {
	c, r := v.Case, v.Case.Report
	var nNotes, nReplies, nAdditions int
	notes.Reset()
	additions.Reset()
	for _, ev := range v.Events {
		switch ev.Kind {
		case bot.EventNote:
			nNotes++
			appendEntry(notes, v, ev)
		case bot.EventReply:
			nReplies++
		case bot.EventAddition:
			nAdditions++
			appendEntry(additions, v, ev)
		}
	}
	var reporter, reporterID string
	if !v.anonymous {
		reporter, reporterID = v.reporter.Name, v.reporter.Key()
	}
	techniques := make([]string, len(v.techniques))
	for i, t := range v.techniques {
		techniques[i] = t.ID + " " + t.Name
	}
	copy(row, []string{
		c.Ref, v.filed.Format(timeLayout), v.updated.Format(timeLayout), string(r.Category), r.Category.Label(),
		string(c.Severity), string(c.Status), c.Resolution, c.Assignee, v.occurredOn().Format(dateLayout),
		string(r.Channel), r.Approacher, r.ApproacherCountry, r.Description, string(r.Accepted),
		r.AcceptedDetail, r.Evidence, r.SourceLink, yesNo(v.anonymous), reporter, reporterID,
		yesNo(!v.anonymous && r.ContactAllowed), strings.Join(techniques, "; "), strconv.Itoa(nNotes),
		strconv.Itoa(nReplies), strconv.Itoa(nAdditions), notes.String(), additions.String(), linkedCell(v.Links),
	})
}

// linkedCell lists a case's live links, "VGL-2026-0012 (phone,
// email-domain; suggested); VGL-2026-0020 (confirmed)": each linked case
// with the kinds that matched (none for a link the team made) and its
// state. It never holds an indicator's value.
func linkedCell(links []bot.CaseLink) string {
	items := make([]string, len(links))
	for i, l := range links {
		kinds := strings.Join(linkKinds(l), ", ")
		if kinds != "" {
			kinds += "; "
		}
		items[i] = l.Ref + " (" + kinds + string(l.State) + ")"
	}
	return strings.Join(items, "; ")
}

// appendEntry adds "[time] who: text" for a note or an addition, one entry
// per line; who is "reporter" when the author must stay anonymous.
func appendEntry(b *strings.Builder, v view, ev bot.CaseEvent) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	b.WriteByte('[')
	b.WriteString(ev.At.UTC().Format(timeLayout))
	b.WriteString("] ")
	b.WriteString(authorName(v.actor(ev), ev.Kind))
	b.WriteString(": ")
	b.WriteString(ev.Text)
}

// authorName names who wrote an entry, without revealing anonymous
// reporters.
func authorName(u bot.User, kind bot.EventKind) string {
	switch {
	case u.Name != "":
		return u.Name
	case u.ID != "":
		return u.Key()
	case kind == bot.EventAddition:
		return "reporter"
	default:
		return "unknown"
	}
}
