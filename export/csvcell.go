package export

import "strings"

// neutraliseCell defuses spreadsheet formula injection: every line of the
// cell that, after leading spaces, starts with '=', '+', '-', '@', a tab or
// a carriage return gets a leading apostrophe, which spreadsheets show as
// text instead of evaluating. Lines are separated by '\n'. Other cells are
// returned unchanged.
func neutraliseCell(s string) string {
	if !needsNeutralising(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	first := true
	for line := range strings.SplitSeq(s, "\n") {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		if lineTriggers(line) {
			b.WriteByte('\'')
		}
		b.WriteString(line)
	}
	return b.String()
}

// needsNeutralising reports whether any line of s triggers, without
// allocating, so that the common case costs one scan.
func needsNeutralising(s string) bool {
	for line := range strings.SplitSeq(s, "\n") {
		if lineTriggers(line) {
			return true
		}
	}
	return false
}

// lineTriggers reports whether a line, after leading spaces, starts with a
// character a spreadsheet may read as the start of a formula.
func lineTriggers(line string) bool {
	line = strings.TrimLeft(line, " ")
	if line == "" {
		return false
	}
	switch line[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
