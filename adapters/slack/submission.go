package slack

import (
	"context"
	"errors"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// onReportSubmission checks a submitted report modal. Errors go back into
// the modal at once, in the form's language (its private_metadata); a
// complete report is filed in the background, and the core sends the
// reference by direct message in that language once it is stored.
func (a *Adapter) onReportSubmission(ctx context.Context, ic slackgo.InteractionCallback) *slackgo.ViewSubmissionResponse {
	r := reportFromState(ic.View.State)
	lang := bot.FormTextIn(ic.View.PrivateMetadata).Lang
	var verr *bot.ValidationError
	if err := r.Validate(a.now(), lang); errors.As(err, &verr) {
		return slackgo.NewErrorsViewSubmissionResponse(verr.Fields)
	}
	u := ic.User
	a.enqueue(ctx, u.ID, func(ctx context.Context) { a.fileReport(ctx, u, r, lang) })
	return nil
}

// fileReport hands a complete report in lang to the core, which tells the
// reporter the outcome and keeps the answers of a report it could not file.
func (a *Adapter) fileReport(ctx context.Context, u slackgo.User, r bot.Report, lang string) {
	core, _ := a.state()
	_, _ = core.SubmitReport(ctx, a.user(ctx, u.ID, u.Name), r, lang) // the core told the reporter and logged faults
}

// reportFromState reads the report modal's answers, cleaned as chat
// messages are (bot.CleanReport: no control or direction-override
// characters); missing or malformed answers stay empty for validation to
// name.
func reportFromState(state *slackgo.ViewState) bot.Report {
	get := func(block string) slackgo.BlockAction {
		if state == nil {
			return slackgo.BlockAction{}
		}
		return state.Values[block][actionID]
	}
	text := func(block string) string { return strings.TrimSpace(get(block).Value) }
	checked := func(block, value string) bool {
		for _, o := range get(block).SelectedOptions {
			if o.Value == value {
				return true
			}
		}
		return false
	}
	r := bot.Report{
		Category:          bot.Category(get("category").SelectedOption.Value),
		Channel:           bot.Channel(get("channel").SelectedOption.Value),
		Approacher:        text("approacher"),
		ApproacherCountry: text("approacher_country"),
		Description:       text("description"),
		Accepted:          bot.Accepted(get("accepted").SelectedOption.Value),
		AcceptedDetail:    text("accepted_detail"),
		Evidence:          text("evidence"),
		SourceLink:        text("source_link"),
		Anonymous:         checked(blockAnonymous, "anonymous"),
		ContactAllowed:    checked(blockContact, "contact"),
	}
	if d, err := time.Parse(dateLayout, get("occurred_on").SelectedDate); err == nil {
		r.OccurredOn = d
	}
	if r.Anonymous {
		r.ContactAllowed = false
	}
	if r.Accepted == bot.AcceptedNo {
		r.AcceptedDetail = ""
	}
	return bot.CleanReport(r)
}
