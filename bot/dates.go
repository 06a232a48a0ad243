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

// recentDays maps words for a recent day, in every language the report
// conversation speaks, to how many days ago it was. Keys are folded.
var recentDays = map[string]int{
	"today": 0, "this morning": 0, "this afternoon": 0, "tonight": 0, "now": 0,
	"yesterday": 1, "last night": 1,
	"aujourd'hui": 0, "aujourdhui": 0, "ce matin": 0, "cet apres-midi": 0, "ce soir": 0, "maintenant": 0,
	"hier": 1, "hier soir": 1, "avant-hier": 2, "avant hier": 2,
	"heute": 0, "heute morgen": 0, "heute fruh": 0, "heute nachmittag": 0, "heute abend": 0, "jetzt": 0,
	"gestern": 1, "gestern abend": 1, "vorgestern": 2,
}

// daysAgo matches "3 days ago", "il y a 3 jours" and "vor 3 Tagen".
var daysAgo = regexp.MustCompile(`^(?:(\d{1,3}) days? ago|il y a (\d{1,3}) jours?|vor (\d{1,3}) tag(?:en)?)$`)

// weekdayWords maps folded weekday names in every language, and English
// abbreviations, to weekdays.
var weekdayWords = func() map[string]time.Weekday {
	m := map[string]time.Weekday{
		"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
		"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
		"sonnabend": time.Saturday,
	}
	for _, x := range catalogue {
		for i, name := range x.weekdays {
			m[fold(name)] = time.Weekday(i)
		}
	}
	return m
}()

// monthWords maps folded month names in every language to months.
var monthWords = func() map[string]time.Month {
	m := map[string]time.Month{"maerz": time.March}
	for _, x := range catalogue {
		for i, name := range x.months {
			m[fold(name)] = time.Month(i + 1)
		}
	}
	return m
}()

// Words around a weekday: "last Tuesday", "mardi dernier", "letzten
// Dienstag" mean the one before today; "am Dienstag" is a plain weekday.
var (
	lastWeekdayPrefixes = []string{"last ", "letzten ", "letzter ", "vergangenen ", "vergangener ", "am letzten "}
	lastWeekdaySuffixes = []string{" dernier"}
	weekdayPrefixes     = []string{"am "}
)

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
	if m := daysAgo.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1] + m[2] + m[3]) // exactly one group matched
		return today.AddDate(0, 0, -n), nil
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
