package testkit

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// checkLinks is CheckStore's part on linked cases (bot.LinkStore): the
// hashes filed with a case link it to earlier cases that share one,
// common ones never do, additions link again, the team's decisions stick,
// lists and exports see live links only, and a purge forgets them.
func checkLinks(t *testing.T, s Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	sam := bot.User{Platform: "test", ID: "SEC1", Name: "Sam"}
	report := bot.Report{Category: bot.CategoryOnline, OccurredOn: at, Channel: bot.ChannelEmail, Description: "An offer", Accepted: bot.AcceptedNo}
	h := func(kind indicators.Kind, b byte, common bool) indicators.Hashed {
		hash := make([]byte, 32)
		hash[0], hash[1] = b, byte(len(kind))
		return indicators.Hashed{Kind: kind, Hash: hash, Common: common}
	}
	phone, domain, gmail := h(indicators.Phone, 1, false), h(indicators.EmailDomain, 2, false), h(indicators.EmailDomain, 3, true)
	iban := h(indicators.IBAN, 4, false)
	file := func(hashed ...indicators.Hashed) bot.Case {
		t.Helper()
		c, err := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: bot.User{Platform: "test", ID: "U1"}, FiledAt: at, Indicators: hashed})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	links := func(c bot.Case) []bot.CaseLink {
		t.Helper()
		l, err := s.CaseLinks(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	first := file(phone, gmail)
	second := file(gmail, domain, phone) // same phone, and gmail.com, which is common
	onlyGmail := file(gmail)
	if got := links(second); len(got) != 1 || got[0].Ref != first.Ref || got[0].CaseID != first.ID ||
		!slices.Equal(got[0].Kinds, []indicators.Kind{indicators.Phone}) || got[0].State != bot.LinkSuggested || !got[0].LinkedAt.Equal(at) {
		t.Fatalf("links of the second case: %+v", got)
	}
	if got := links(first); len(got) != 1 || got[0].Ref != second.Ref {
		t.Fatalf("links of the first case, seen from it: %+v", got)
	}
	if got := links(onlyGmail); len(got) != 0 {
		t.Fatalf("a case that shares only a common value is linked: %+v", got)
	}

	// An addition brings the second case's domain and an IBAN to the
	// third: it is linked to the second, and the second's kinds grow.
	later := at.Add(time.Hour)
	created, err := s.IndexCase(ctx, onlyGmail.ID, []indicators.Hashed{gmail, domain, iban}, later)
	if err != nil || len(created) != 1 || created[0].Ref != second.Ref || !created[0].LinkedAt.Equal(later) {
		t.Fatalf("IndexCase created %+v, %v", created, err)
	}
	if created, err := s.IndexCase(ctx, second.ID, []indicators.Hashed{gmail, domain, phone, iban}, later); err != nil || len(created) != 0 {
		t.Fatalf("indexing again created %+v, %v", created, err)
	}
	got := links(second)
	if len(got) != 2 || got[0].Ref != first.Ref || got[1].Ref != onlyGmail.Ref ||
		!slices.Equal(got[1].Kinds, []indicators.Kind{indicators.IBAN, indicators.EmailDomain}) {
		t.Fatalf("links of the second case after additions, strongest first: %+v", got)
	}
	if _, err := s.IndexCase(ctx, 9999, []indicators.Hashed{phone}, later); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("IndexCase on a missing case: %v", err)
	}

	// The team rejects one link and confirms another, made by hand.
	rejected, err := s.DecideLink(ctx, second.ID, first.ID, bot.LinkDecision{State: bot.LinkRejected, By: sam, At: later})
	if err != nil || rejected.Ref != first.Ref || rejected.State != bot.LinkRejected || rejected.DecidedBy != sam || !rejected.DecidedAt.Equal(later) ||
		!slices.Equal(rejected.Kinds, []indicators.Kind{indicators.Phone}) {
		t.Fatalf("rejected %+v, %v", rejected, err)
	}
	confirmed, err := s.DecideLink(ctx, first.ID, onlyGmail.ID, bot.LinkDecision{State: bot.LinkConfirmed, By: sam, At: later})
	if err != nil || confirmed.Ref != onlyGmail.Ref || confirmed.State != bot.LinkConfirmed || len(confirmed.Kinds) != 0 || !confirmed.LinkedAt.Equal(later) {
		t.Fatalf("confirmed %+v, %v", confirmed, err)
	}
	if _, err := s.DecideLink(ctx, first.ID, first.ID, bot.LinkDecision{State: bot.LinkConfirmed, By: sam, At: later}); err == nil {
		t.Fatal("a case was linked to itself")
	}
	if _, err := s.DecideLink(ctx, first.ID, 9999, bot.LinkDecision{State: bot.LinkConfirmed, By: sam, At: later}); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("a link to a missing case: %v", err)
	}
	if _, err := s.DecideLink(ctx, first.ID, second.ID, bot.LinkDecision{State: bot.LinkSuggested, By: sam, At: later}); err == nil {
		t.Fatal("suggested was taken as a decision")
	}
	// A rejected link stays rejected when the case is indexed again.
	if _, err := s.IndexCase(ctx, first.ID, []indicators.Hashed{phone, gmail}, later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got = links(first)
	if len(got) != 2 || got[0].Ref != onlyGmail.Ref || got[0].State != bot.LinkConfirmed || got[1].Ref != second.Ref || got[1].State != bot.LinkRejected {
		t.Fatalf("links of the first case after the decisions: %+v", got)
	}

	all, err := s.AllLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || len(all[first.ID]) != 1 || len(all[second.ID]) != 1 || len(all[onlyGmail.ID]) != 2 ||
		all[onlyGmail.ID][0].Ref != first.Ref || all[onlyGmail.ID][1].Ref != second.Ref {
		t.Fatalf("live links: %+v", all)
	}
	alone := file(iban) // linked to the second and third
	cases, err := s.ListCases(ctx, bot.CaseFilter{Linked: true})
	if err != nil || len(cases) != 4 {
		t.Fatalf("linked cases: %d, %v", len(cases), err)
	}
	if _, err := s.DecideLink(ctx, alone.ID, second.ID, bot.LinkDecision{State: bot.LinkRejected, By: sam, At: later}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideLink(ctx, alone.ID, onlyGmail.ID, bot.LinkDecision{State: bot.LinkRejected, By: sam, At: later}); err != nil {
		t.Fatal(err)
	}
	if cases, _ := s.ListCases(ctx, bot.CaseFilter{Linked: true}); len(cases) != 3 || slices.ContainsFunc(cases, func(c bot.Case) bool { return c.ID == alone.ID }) {
		t.Fatalf("a case with rejected links only is listed as linked: %+v", cases)
	}

	// Purging a case forgets its indicators and links.
	if _, err := s.RecordEvent(ctx, onlyGmail.ID, bot.CaseEvent{At: later, Kind: bot.EventStatus, Status: bot.StatusClosed},
		bot.CaseUpdate{Status: bot.StatusClosed, Resolution: bot.ResolutionDuplicate}); err != nil {
		t.Fatal(err)
	}
	if purged, err := s.PurgeClosed(ctx, later.Add(time.Second)); err != nil || len(purged) != 1 {
		t.Fatalf("purged %v, %v", purged, err)
	}
	if got := links(second); len(got) != 2 || slices.ContainsFunc(got, func(l bot.CaseLink) bool { return l.CaseID == onlyGmail.ID }) {
		t.Fatalf("links of the second case after the purge of the third: %+v", got)
	}
	if got := links(file(domain)); len(got) != 1 || got[0].Ref != second.Ref {
		t.Fatalf("a new case is linked through the purged case's indicators: %+v", got)
	}
}
