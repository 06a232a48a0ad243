package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Slack's limits on modal inputs, in characters.
const (
	maxInputLong = 3000 // plain_text_input max_length ceiling
	dateLayout   = "2006-01-02"
	actionID     = "value" // every input's action ID; blocks are named after report fields
)

// Block IDs of the report modal that are not report fields with
// validation errors of their own.
const (
	blockAnonymous = "anonymous"
	blockContact   = "contact"
)

// OpenReportForm implements bot.FormOpener: it opens the report modal with
// the trigger ID of a slash command or shortcut held in msg.Raw. It returns
// bot.ErrFormUnavailable when there is none (a typed message) or it has
// expired, so that the core falls back to the step-by-step conversation.
// A report that could not be filed earlier is offered again when prefill
// is empty.
func (a *Adapter) OpenReportForm(ctx context.Context, msg bot.Message, prefill bot.Report) error {
	trigger := triggerID(msg.Raw)
	if trigger == "" {
		return bot.ErrFormUnavailable
	}
	if prefill == (bot.Report{}) {
		if kept, ok := a.drafts.get(msg.Sender.ID); ok {
			prefill = kept
		}
	}
	view := reportView(prefill)
	err := a.retry(ctx, "views.open", func() error {
		_, err := a.api.OpenViewContext(ctx, trigger, view)
		return err
	})
	switch slackCode(err) {
	case "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id":
		return fmt.Errorf("%w: %w", bot.ErrFormUnavailable, err)
	}
	return err
}

// triggerID returns the trigger ID carried by a raw Slack payload.
func triggerID(raw any) string {
	switch v := raw.(type) {
	case slackgo.SlashCommand:
		return v.TriggerID
	case *slackgo.SlashCommand:
		return v.TriggerID
	case slackgo.InteractionCallback:
		return v.TriggerID
	case *slackgo.InteractionCallback:
		return v.TriggerID
	}
	return ""
}

func plain(s string) *slackgo.TextBlockObject {
	return slackgo.NewTextBlockObject(slackgo.PlainTextType, s, false, false)
}

func option(value, label string) *slackgo.OptionBlockObject {
	return slackgo.NewOptionBlockObject(value, plain(label), nil)
}

// reportView builds the report modal, filled in from prefill. Block IDs
// are the field names of bot.ValidationError, so that errors map onto
// the modal directly.
func reportView(p bot.Report) slackgo.ModalViewRequest {
	categories := make([]*slackgo.OptionBlockObject, len(bot.Categories))
	for i, c := range bot.Categories {
		categories[i] = option(string(c), c.Label())
	}
	category := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, plain("Choose a category"), actionID, categories...)
	if p.Category.Valid() {
		category.InitialOption = option(string(p.Category), p.Category.Label())
	}

	date := slackgo.NewDatePickerBlockElement(actionID)
	if !p.OccurredOn.IsZero() {
		date.InitialDate = p.OccurredOn.UTC().Format(dateLayout)
	}

	channels := make([]*slackgo.OptionBlockObject, len(bot.Channels))
	for i, c := range bot.Channels {
		channels[i] = option(string(c), c.Label())
	}
	channel := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, plain("Choose one"), actionID, channels...)
	if p.Channel.Valid() {
		channel.InitialOption = option(string(p.Channel), p.Channel.Label())
	}

	accepted := slackgo.NewRadioButtonsBlockElement(actionID,
		option(string(bot.AcceptedNo), "No"), option(string(bot.AcceptedYes), "Yes"), option(string(bot.AcceptedUnsure), "Not sure"))
	if p.Accepted.Valid() {
		accepted.InitialOption = option(string(p.Accepted), acceptedLabel(p.Accepted))
	}

	anonOpt := option("anonymous", "File this report anonymously")
	anonymous := slackgo.NewCheckboxGroupsBlockElement(actionID, anonOpt)
	contactOpt := option("contact", "The security team may contact me about it")
	contact := slackgo.NewCheckboxGroupsBlockElement(actionID, contactOpt)
	if p.Anonymous {
		anonymous.InitialOptions = []*slackgo.OptionBlockObject{anonOpt}
	}
	if p.ContactAllowed && !p.Anonymous {
		contact.InitialOptions = []*slackgo.OptionBlockObject{contactOpt}
	}

	blocks := []slackgo.Block{
		slackgo.NewSectionBlock(plain("Tell the security team what happened. Nothing is filed until you press Submit. If you are in danger, call 112 first."), nil, nil),
		slackgo.NewInputBlock("category", plain("What kind of approach was it?"), nil, category),
		slackgo.NewInputBlock("occurred_on", plain("When did it happen?"), nil, date),
		slackgo.NewInputBlock("channel", plain("How were you approached?"), nil, channel),
		slackgo.NewInputBlock("approacher", plain("Who approached you?"), plain("Name and organisation, as far as you know them."),
			textInput(p.Approacher, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock("approacher_country", plain("Which country did they say they represent, or seem linked to?"), nil,
			textInput(p.ApproacherCountry, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock("description", plain("What happened?"), plain("In your own words: what was said or offered, what they asked for, anything that struck you."),
			textInput(p.Description, min(bot.MaxLongField, maxInputLong), true)),
		slackgo.NewInputBlock("accepted", plain("Was anything accepted or promised, even informally?"), plain("It is better to say so now: it will not be held against you."), accepted),
		slackgo.NewInputBlock("accepted_detail", plain("If so, what, and is it still with you?"), nil,
			textInput(p.AcceptedDetail, min(bot.MaxLongField, maxInputLong), true)).WithOptional(true),
		slackgo.NewInputBlock("evidence", plain("What evidence have you kept?"), plain("E-mails, messages, screenshots, business cards, the gift itself. Keep the originals; just list them here."),
			textInput(p.Evidence, min(bot.MaxLongField, maxInputLong), true)).WithOptional(true),
		slackgo.NewInputBlock("source_link", plain("Link to the reported message"), nil,
			textInput(p.SourceLink, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock(blockAnonymous, plain("Identity"), plain("Anonymous: your name and Slack ID are not stored with the report and you get a receipt code, the only way to follow up. Slack itself still sees that you used Vigil, and details you give may identify you."), anonymous).WithOptional(true),
		slackgo.NewInputBlock(blockContact, plain("Contact"), plain("Only for reports filed with your name."), contact).WithOptional(true),
	}
	return slackgo.ModalViewRequest{
		Type:       slackgo.VTModal,
		CallbackID: reportCallbackID,
		Title:      plain("Report an approach"),
		Submit:     plain("Submit report"),
		Close:      plain("Cancel"),
		Blocks:     slackgo.Blocks{BlockSet: blocks},
	}
}

// textInput is a plain-text input limited to max characters, holding
// initial (cut to the limit).
func textInput(initial string, max int, multiline bool) *slackgo.PlainTextInputBlockElement {
	e := slackgo.NewPlainTextInputBlockElement(nil, actionID)
	e.InitialValue = truncateRunes(initial, max)
	e.MaxLength = max
	e.Multiline = multiline
	return e
}

func acceptedLabel(a bot.Accepted) string {
	switch a {
	case bot.AcceptedYes:
		return "Yes"
	case bot.AcceptedUnsure:
		return "Not sure"
	}
	return "No"
}
