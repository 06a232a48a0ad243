package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vigil/awareness"
)

// ScenarioSchedule sets when subscribers get the scenario of the week.
type ScenarioSchedule struct {
	// Enabled turns the scenario of the week on; the zero value sends
	// none.
	Enabled bool
	// Weekday and Hour (0 to 23) are when it goes out, in Location.
	Weekday time.Weekday
	Hour    int
	// Location is the time zone of Weekday and Hour; nil means UTC.
	Location *time.Location
}

// weeklyCatchUp is how late a scenario of the week may still go out
// after its time (Vigil was down then); a later one waits for the next
// week.
const weeklyCatchUp = 3 * 24 * time.Hour

// weeklyActor is the audit log's actor for the scenario of the week.
var weeklyActor = User{Platform: "system", ID: "scenario-of-the-week", Name: "scenario of the week"}

// weekly queues the scenario of the week for every subscriber, once per
// ISO week whatever the restarts and however many processes share the
// store: the week is recorded in the same transaction as its outbox
// items.
type weekly struct {
	*env
	store  ScenarioStore
	set    *awareness.Set
	when   ScenarioSchedule
	sender *broadcaster
}

// queueDue queues this week's scenario when its time has passed (within
// weeklyCatchUp) and it was not queued yet, and returns the week queued
// ("" when none).
func (w *weekly) queueDue(ctx context.Context) (string, error) {
	if !w.when.Enabled || w.store == nil || w.set == nil {
		return "", nil
	}
	now := w.now()
	slot := weeklySlot(now, w.when)
	if now.Sub(slot) > weeklyCatchUp {
		return "", nil
	}
	week := isoWeek(slot)
	sent, err := w.store.WeeklyScenarios(ctx)
	if err != nil {
		return "", fmt.Errorf("read the scenarios of past weeks: %w", err)
	}
	done := map[string]bool{}
	for _, id := range sent {
		if sc, ok := w.set.Lookup(id, langEN); ok {
			done[id], done[sc.Topic] = true, true
		}
	}
	sc := w.set.Pick(langEN, done)
	if sc.ID == "" {
		return "", errors.New("no scenario to send")
	}
	queued, err := w.store.QueueWeeklyScenario(ctx, week, sc.ID, now.UTC(), func(to Recipient) OutboxItem {
		in, _ := w.set.Lookup(sc.ID, spokenLang(to.Lang))
		return OutboxItem{Kind: OutboxScenario, Route: w.sender.routeTo(to.Platform), To: to.To, Subject: sc.ID + " " + in.Lang,
			Text: scenarioMessage(in, tr(in.Lang).weeklyIntro).Text, CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(scenarioLife)}
	})
	if err != nil || !queued {
		return "", err
	}
	w.audit(ctx, weeklyActor, "scenario of the week", week+" "+sc.ID, "ok")
	w.sender.wake()
	return week, nil
}

// weeklySlot returns the latest time at or before now when the scenario
// of the week was due.
func weeklySlot(now time.Time, when ScenarioSchedule) time.Time {
	loc := when.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	back := (int(t.Weekday()) - int(when.Weekday) + 7) % 7
	s := time.Date(t.Year(), t.Month(), t.Day()-back, when.Hour, 0, 0, 0, loc)
	if s.After(now) {
		s = s.AddDate(0, 0, -7)
	}
	return s
}
