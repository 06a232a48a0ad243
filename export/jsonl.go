package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"iter"

	"vigil/bot"
)

// jsonSchemaVersion is bumped on any incompatible change to jsonCase.
const jsonSchemaVersion = 1

// jsonCase is one line of the JSON Lines export. Every key is always
// present so that consumers see a stable shape; README.md documents it.
type jsonCase struct {
	Schema            int             `json:"schema"`
	Ref               string          `json:"ref"`
	FiledAt           string          `json:"filed_at"`
	LastUpdate        string          `json:"last_update"`
	Category          string          `json:"category"`
	CategoryLabel     string          `json:"category_label"`
	Severity          string          `json:"severity"`
	Status            string          `json:"status"`
	Resolution        string          `json:"resolution"`
	Assignee          string          `json:"assignee"`
	OccurredOn        string          `json:"occurred_on"`
	Channel           string          `json:"channel"`
	Approacher        string          `json:"approacher"`
	ApproacherCountry string          `json:"approacher_country"`
	Description       string          `json:"description"`
	Accepted          string          `json:"accepted"`
	AcceptedDetail    string          `json:"accepted_detail"`
	Evidence          string          `json:"evidence"`
	SourceLink        string          `json:"source_link"`
	Anonymous         bool            `json:"anonymous"`
	Reporter          *jsonUser       `json:"reporter"`
	ContactAllowed    bool            `json:"contact_allowed"`
	DISARM            []jsonTechnique `json:"disarm"`
	Events            []jsonCaseEvent `json:"events"`
	Linked            []jsonLink      `json:"linked"`
}

// jsonLink is one live link of a case: the other case, the kinds of
// indicator that matched (never the values) and the team's decision.
type jsonLink struct {
	Ref       string    `json:"ref"`
	Kinds     []string  `json:"kinds"`
	State     string    `json:"state"`
	LinkedAt  string    `json:"linked_at"`
	DecidedAt *string   `json:"decided_at"`
	DecidedBy *jsonUser `json:"decided_by"`
}

type jsonUser struct {
	Platform string `json:"platform"`
	ID       string `json:"id"`
	Name     string `json:"name"`
}

type jsonTechnique struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type jsonCaseEvent struct {
	At     string    `json:"at"`
	Kind   string    `json:"kind"`
	Actor  *jsonUser `json:"actor"`
	Status string    `json:"status"`
	Detail string    `json:"detail"`
	Text   string    `json:"text"`
}

func writeJSONLines(bw *bufio.Writer, records iter.Seq2[Record, error], o options) error {
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("export: reading cases: %w", err)
		}
		if err := enc.Encode(newJSONCase(newView(rec, o.now))); err != nil {
			return fmt.Errorf("export: writing json: %w", err)
		}
	}
	return nil
}

func newJSONCase(v view) jsonCase {
	c, r := v.Case, v.Case.Report
	j := jsonCase{
		Schema: jsonSchemaVersion, Ref: c.Ref,
		FiledAt: v.filed.Format(timeLayout), LastUpdate: v.updated.Format(timeLayout),
		Category: string(r.Category), CategoryLabel: r.Category.Label(),
		Severity: string(c.Severity), Status: string(c.Status), Resolution: c.Resolution, Assignee: c.Assignee,
		OccurredOn: v.occurredOn().Format(dateLayout), Channel: string(r.Channel),
		Approacher: r.Approacher, ApproacherCountry: r.ApproacherCountry, Description: r.Description,
		Accepted: string(r.Accepted), AcceptedDetail: r.AcceptedDetail, Evidence: r.Evidence,
		SourceLink: r.SourceLink, Anonymous: v.anonymous, Reporter: jsonUserOf(v.reporter),
		ContactAllowed: !v.anonymous && r.ContactAllowed,
		DISARM:         make([]jsonTechnique, len(v.techniques)),
		Events:         make([]jsonCaseEvent, len(v.Events)),
		Linked:         make([]jsonLink, len(v.Links)),
	}
	for i, l := range v.Links {
		j.Linked[i] = jsonLink{Ref: l.Ref, Kinds: linkKinds(l), State: string(l.State),
			LinkedAt: l.LinkedAt.UTC().Format(timeLayout), DecidedBy: jsonUserOf(l.DecidedBy)}
		if !l.DecidedAt.IsZero() {
			at := l.DecidedAt.UTC().Format(timeLayout)
			j.Linked[i].DecidedAt = &at
		}
	}
	for i, t := range v.techniques {
		j.DISARM[i] = jsonTechnique{ID: t.ID, Name: t.Name, URL: t.URL()}
	}
	for i, ev := range v.Events {
		j.Events[i] = jsonCaseEvent{
			At: ev.At.UTC().Format(timeLayout), Kind: string(ev.Kind), Actor: jsonUserOf(v.actor(ev)),
			Status: string(ev.Status), Detail: ev.Detail, Text: ev.Text,
		}
	}
	return j
}

// jsonUserOf returns nil, encoded as null, for the zero user.
func jsonUserOf(u bot.User) *jsonUser {
	if u == (bot.User{}) {
		return nil
	}
	return &jsonUser{Platform: u.Platform, ID: u.ID, Name: u.Name}
}
