package bot

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrUnknownDate means a date answer could not be understood.
var ErrUnknownDate = errors.New("date not understood")

// ErrFutureDate means a date answer lies in the future.
var ErrFutureDate = errors.New("date is in the future")

// Words for days in every language (see vocabulary), folded: recent days
// and how many days ago they were, "3 days ago" patterns, weekday and
// month names, and the words around a weekday that mean the one before
// today ("last Tuesday", "mardi dernier", "letzten Dienstag") or a plain
// weekday ("am Dienstag").
var (
	recentDays          = dayWords()
	daysAgo             = daysAgoPatterns()
	weekdayWords        = weekdayNames()
	monthWords          = monthNames()
	lastWeekdayPrefixes = wordList(func(v *vocabulary) []string { return v.lastBefore })
	lastWeekdaySuffixes = wordList(func(v *vocabulary) []string { return v.lastAfter })
	weekdayPrefixes     = wordList(func(v *vocabulary) []string { return v.weekdayBefore })
)

func dayWords() map[string]int {
	m := map[string]int{}
	for _, lang := range spoken {
		for w, n := range catalogue[lang].words.recentDays {
			m[fold(w)] = n
		}
	}
	return m
}

func daysAgoPatterns() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, lang := range spoken {
		if p := catalogue[lang].words.daysAgo; p != "" {
			out = append(out, regexp.MustCompile("^"+p+"$"))
		}
	}
	return out
}

func weekdayNames() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for _, lang := range spoken {
		x := catalogue[lang]
		for i, name := range x.weekdays {
			m[fold(name)] = time.Weekday(i)
		}
		for w, d := range x.words.weekdayAbbrevs {
			m[fold(w)] = d
		}
	}
	return m
}

func monthNames() map[string]time.Month {
	m := map[string]time.Month{}
	for _, lang := range spoken {
		x := catalogue[lang]
		for i, name := range x.months {
			m[fold(name)] = time.Month(i + 1)
		}
		for w, mo := range x.words.monthSpellings {
			m[fold(w)] = mo
		}
	}
	return m
}

// wordList returns one list of words of every language, lower case with
// accents folded but with their spaces kept.
func wordList(list func(*vocabulary) []string) []string {
	var out []string
	for _, lang := range spoken {
		for _, w := range list(&catalogue[lang].words) {
			out = append(out, folder.Replace(strings.ToLower(w)))
		}
	}
	return out
}

// namedMonthDate matches "20 novembre 2026", "1er mars 2026" and
// "20. November 2026".
var namedMonthDate = regexp.MustCompile(`^(\d{1,2})(?:er|\.)? ([a-z]+)\.? (\d{4})$`)

var dateLayouts = []string{
	"2006-01-02", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "2 January 2006", "2 Jan 2006",
	"January 2 2006", "Jan 2 2006", "January 2, 2006", "Jan 2, 2006",
}

// ParseDay understands the day something happened, relative to now, in
// English, French or German: "today", "yesterday", "3 days ago", "last
// Tuesday", "Tuesday"; "aujourd'hui", "hier", "avant-hier", "il y a 3
// jours", "mardi dernier"; "heute", "gestern", "vorgestern", "vor 3 Tagen",
// "letzten Dienstag"; ISO dates (2026-11-20), day-first dates (20/11/2026,
// 20.11.2026) and dates with a month name (20 Nov 2026, 20 novembre 2026,
// 20. November 2026). It returns midnight UTC of that day, ErrFutureDate or
// ErrUnknownDate.
func ParseDay(s string, now time.Time) (time.Time, error) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	s = fold(s)
	if n, ok := recentDays[s]; ok {
		return today.AddDate(0, 0, -n), nil
	}
	for _, re := range daysAgo {
		if m := re.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			return today.AddDate(0, 0, -n), nil
		}
	}
	if wd, last, ok := weekday(s); ok {
		back := (int(today.Weekday()) - int(wd) + 7) % 7
		if back == 0 && last {
			back = 7
		}
		return today.AddDate(0, 0, -back), nil
	}
	if t, ok := monthNameDate(s); ok {
		return notAfter(t, today)
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return notAfter(t, today)
		}
		// Month names are matched case-sensitively by time.Parse.
		if t, err := time.Parse(layout, titleWords(s)); err == nil {
			return notAfter(t, today)
		}
	}
	return time.Time{}, ErrUnknownDate
}

// weekday reads a folded weekday phrase and reports whether it names the
// previous such day even when today is that weekday ("last Thursday").
func weekday(s string) (wd time.Weekday, last, ok bool) {
	for _, p := range lastWeekdayPrefixes {
		if rest, found := strings.CutPrefix(s, p); found {
			if wd, ok = weekdayWords[rest]; ok {
				return wd, true, true
			}
		}
	}
	for _, suffix := range lastWeekdaySuffixes {
		if rest, found := strings.CutSuffix(s, suffix); found {
			if wd, ok = weekdayWords[rest]; ok {
				return wd, true, true
			}
		}
	}
	for _, p := range weekdayPrefixes {
		s = strings.TrimPrefix(s, p)
	}
	wd, ok = weekdayWords[s]
	return wd, false, ok
}

// monthNameDate reads a folded day-first date with a French, German or
// English month name.
func monthNameDate(s string) (time.Time, bool) {
	m := namedMonthDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	month, ok := monthWords[m[2]]
	if !ok {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(m[1])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == day // rejects 31 février
}

// notAfter returns t, or ErrFutureDate when it lies after today.
func notAfter(t, today time.Time) (time.Time, error) {
	if t.After(today) {
		return time.Time{}, ErrFutureDate
	}
	return t, nil
}

func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
