// Package chart draws the picture behind the team's `stats` command: a PNG
// with, on the left, the reports of each week stacked by category (with a
// legend) and, on the right, the open cases by severity.
//
// The package knows nothing of the rest of Vigil. Its input is a plain
// [Stats] value that the caller fills from its own counts: ISO week labels
// ("2026-W47"), reports per category key (payment, gift, travel, diplomat,
// online, pressure, disinformation, cyber, other) and open cases per
// severity. Every word in the picture comes from the caller through
// [Labels], so the picture speaks the reader's language; a label left
// empty falls back to English.
//
// Drawing needs only the standard library's image packages and
// golang.org/x/image: bars and lines are whole-pixel rectangles, words are
// antialiased in the Go fonts (regular, and bold for titles), compiled into
// the binary, so rendering needs no file, font or network at run time.
// Colours come from Paul Tol's colour-blind safe schemes ("muted" for the
// categories, "high contrast" for the severities), and every segment is
// outlined so that neighbours stay apart in greyscale.
//
// A period with no report still gives a picture: the weekly panel then says
// so in words ([Labels.NoReports]) instead of drawing an empty axis, and
// the same holds for the severity panel when no case is open.
package chart
