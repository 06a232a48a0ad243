// Package export writes Vigil cases in formats the security team's tools
// read: CSV for spreadsheets, JSON Lines for scripts, STIX 2.1 bundles and
// MISP events for threat-intelligence platforms.
//
// Every format streams: records are pulled from an iterator and written one
// at a time, so memory stays flat whatever the number of cases. The column
// list, the JSON Lines schema and the STIX and MISP mappings are documented
// in README.md beside this file.
package export

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// Record is one case with its history and its links, as exported.
type Record struct {
	Case   bot.Case
	Events []bot.CaseEvent
	// Links are the case's live links (suggested or confirmed), in
	// bot.SortLinks order; rejected links are never exported.
	Links []bot.CaseLink
}

// Options tune an export. The zero value is valid.
type Options struct {
	// Producer names the organisation that produced the export: the STIX
	// identity and the MISP Orgc. Default DefaultProducer.
	Producer string
	// TLP is the Traffic Light Protocol 2.0 marking applied to STIX objects
	// and MISP events: one of TLPLevels. Default DefaultTLP.
	TLP string
	// Now returns the current time; nil means time.Now. It names the STIX
	// bundle and stands in for timestamps a case lacks.
	Now func() time.Time
	// Extractor finds the indicators of each case (e-mail addresses, phone
	// numbers, web addresses, handles, IBANs, names), read as linking
	// reads them (bot.IndicatorFields), for STIX indicator objects and MISP
	// attributes typed for correlation. Nil leaves them out.
	Extractor *indicators.Extractor
	// Common lists the values left out of those (gmail.com, the
	// parliament's own domain), as linking ignores them; nil means the
	// built-in list of package indicators.
	Common *indicators.Common
}

// Formats returns the export formats, in the order offered to users.
func Formats() []string { return []string{"csv", "json", "stix", "misp"} }

// Write streams the records from the iterator into w in the given format
// ("csv", "json", "stix" or "misp", case-insensitive). Memory stays flat
// whatever the number of records. An unknown format or TLP is an error that
// lists the valid values, returned before anything is written. An error from
// the iterator stops the export and is returned wrapped; what was written
// until then is incomplete and must be discarded.
func Write(w io.Writer, format string, records iter.Seq2[Record, error], opts Options) error {
	o, err := opts.normalise()
	if err != nil {
		return err
	}
	var write func(*bufio.Writer, iter.Seq2[Record, error], options) error
	switch normaliseFormat(format) {
	case "csv":
		write = writeCSV
	case "json":
		write = writeJSONLines
	case "stix":
		write = writeSTIX
	case "misp":
		write = writeMISP
	default:
		return fmt.Errorf("export: unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := write(bw, records, o); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: writing %s: %w", normaliseFormat(format), err)
	}
	return nil
}

// ContentType returns the media type of a format, for attachments, or
// "application/octet-stream" for an unknown format.
func ContentType(format string) string {
	switch normaliseFormat(format) {
	case "csv":
		return "text/csv; charset=utf-8; header=present"
	case "json", "misp":
		return "application/x-ndjson"
	case "stix":
		return "application/stix+json;version=2.1"
	default:
		return "application/octet-stream"
	}
}

// FileExtension returns the file name extension of a format, without the
// leading dot ("csv", "jsonl", "stix.json", "misp.jsonl"), or "bin" for an
// unknown format.
func FileExtension(format string) string {
	switch normaliseFormat(format) {
	case "csv":
		return "csv"
	case "json":
		return "jsonl"
	case "stix":
		return "stix.json"
	case "misp":
		return "misp.jsonl"
	default:
		return "bin"
	}
}

func normaliseFormat(format string) string { return strings.ToLower(strings.TrimSpace(format)) }
