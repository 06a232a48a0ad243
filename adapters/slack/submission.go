package slack

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// onReportSubmission checks a submitted report modal. Errors go back into
// the modal at once; a complete report is filed in the background, and
// the core sends the reference by direct message once it is stored.
func (a *Adapter) onReportSubmission(ctx context.Context, ic slackgo.InteractionCallback) *slackgo.ViewSubmissionResponse {
	r := reportFromState(ic.View.State)
	var verr *bot.ValidationError
	if err := r.Validate(a.now()); errors.As(err, &verr) {
		return slackgo.NewErrorsViewSubmissionResponse(verr.Fields)
	}
	u := ic.User
	a.enqueue(ctx, u.ID, func(ctx context.Context) { a.fileReport(ctx, u, r) })
	return nil
}

// fileReport hands a complete report to the core. When it cannot be filed
// the reporter is told, and the answers are kept for a while to refill the
// form.
func (a *Adapter) fileReport(ctx context.Context, u slackgo.User, r bot.Report) {
	core, _ := a.state()
	_, err := core.SubmitReport(ctx, a.user(ctx, u.ID, u.Name), r)
	if err == nil {
		a.drafts.remove(u.ID)
		return
	}
	a.drafts.put(u.ID, r)
	text := "Sorry, your report could not be filed because of a technical problem, and nothing was stored. Your answers are kept for an hour: type `/vigil report` to open the form again with them and retry. If it is urgent, contact the security team directly."
	var verr *bot.ValidationError
	if errors.As(err, &verr) {
		text = "Some answers need correcting (" + strings.Join(sortedFields(verr.Fields), ", ") + "), so the report was not filed. Type `/vigil report` to open the form again with your answers."
	} else {
		a.log.Error("report from the form not filed", "err", err)
	}
	if err := a.Send(ctx, bot.DirectTo(u.ID), bot.Reply{Text: text}); err != nil {
		a.log.Error("reporter not told of the failed filing", "err", err)
	}
}

func sortedFields(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// reportFromState reads the report modal's answers. Text is trimmed;
// missing or malformed answers stay empty for validation to name.
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
	return r
}
