package slack

import (
	"context"
	"errors"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// formWait is how long a report submission waits for the core to file
// the report, within the three seconds Slack gives the response.
const formWait = 2 * time.Second

// onReportSubmission checks a submitted report modal. Errors go back into
// the modal at once, in the form's language (its private_metadata). A
// complete report is filed in the background, after the reporter's
// earlier events; once it is filed within a.formWait, the modal turns into
// the core's confirmation (the reference, or the anonymous receipt code),
// so that the reporter has it even if the direct message that also
// carries it is late. When filing takes longer, the modal says that the
// reference comes by direct message; when it fails, the modal closes and
// the core tells the reporter why by direct message.
func (a *Adapter) onReportSubmission(ctx context.Context, ic slackgo.InteractionCallback) *slackgo.ViewSubmissionResponse {
	r := reportFromState(ic.View.State)
	form := bot.FormTextIn(ic.View.PrivateMetadata)
	var verr *bot.ValidationError
	if err := r.Validate(a.now(), form.Lang); errors.As(err, &verr) {
		return slackgo.NewErrorsViewSubmissionResponse(verr.Fields)
	}
	u := ic.User
	filed := make(chan bot.Filed, 1)
	base := context.WithoutCancel(ctx)
	if !a.jobs.do(u.ID, func() {
		ctx, cancel := context.WithTimeout(base, jobTimeout)
		defer cancel()
		filed <- a.fileReport(ctx, u, r, form.Lang)
	}) {
		a.log.Warn("too many pending events from one user; report submission dropped")
		return nil
	}
	wait := time.NewTimer(a.formWait)
	defer wait.Stop()
	select {
	case f := <-filed:
		if f.Confirmation == "" {
			return nil // not filed: the core told the reporter why
		}
		return slackgo.NewUpdateViewSubmissionResponse(doneView(form, f.Confirmation))
	case <-wait.C:
		return slackgo.NewUpdateViewSubmissionResponse(doneView(form, form.Filing))
	}
}

// doneView is the modal that replaces a submitted report form: text, in
// form's language, and a button that closes it.
func doneView(form bot.FormText, text string) *slackgo.ModalViewRequest {
	return &slackgo.ModalViewRequest{
		Type:  slackgo.VTModal,
		Title: plain(form.Title),
		Close: plain(form.Done),
		Blocks: slackgo.Blocks{BlockSet: []slackgo.Block{slackgo.NewSectionBlock(
			slackgo.NewTextBlockObject(slackgo.MarkdownType, mrkdwn(text), false, false), nil, nil)}},
	}
}

// fileReport hands a complete report in lang to the core, which tells the
// reporter the outcome and keeps the answers of a report it could not
// file. It returns what the core filed, zero when nothing was.
func (a *Adapter) fileReport(ctx context.Context, u slackgo.User, r bot.Report, lang string) bot.Filed {
	core, _ := a.state()
	f, err := core.SubmitReport(ctx, a.user(ctx, u.ID, u.Name), r, lang)
	if err != nil {
		return bot.Filed{} // the core told the reporter and logged faults
	}
	return f
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
