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

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

var daysAgo = regexp.MustCompile(`^(\d{1,3}) days? ago$`)

var dateLayouts = []string{
	"2006-01-02", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "2 January 2006", "2 Jan 2006",
	"January 2 2006", "Jan 2 2006", "January 2, 2006", "Jan 2, 2006",
}

// ParseDay understands the day something happened, relative to now:
// "today", "yesterday", "3 days ago", "last Tuesday", "Tuesday", ISO dates
// (2026-11-20) and day-first dates (20/11/2026, 20.11.2026, 20 Nov 2026).
// It returns midnight UTC of that day, ErrFutureDate or ErrUnknownDate.
func ParseDay(s string, now time.Time) (time.Time, error) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	s = strings.ToLower(strings.Join(strings.Fields(strings.Trim(s, " .!")), " "))
	switch s {
	case "today", "this morning", "this afternoon", "tonight", "now":
		return today, nil
	case "yesterday", "last night":
		return today.AddDate(0, 0, -1), nil
	}
	if m := daysAgo.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return today.AddDate(0, 0, -n), nil
	}
	if wd, ok := weekdays[strings.TrimPrefix(s, "last ")]; ok {
		back := (int(today.Weekday()) - int(wd) + 7) % 7
		if back == 0 && strings.HasPrefix(s, "last ") {
			back = 7
		}
		return today.AddDate(0, 0, -back), nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.After(today) {
				return time.Time{}, ErrFutureDate
			}
			return t, nil
		}
		// Month names are matched case-sensitively by time.Parse.
		if t, err := time.Parse(layout, titleWords(s)); err == nil {
			if t.After(today) {
				return time.Time{}, ErrFutureDate
			}
			return t, nil
		}
	}
	return time.Time{}, ErrUnknownDate
}

func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
