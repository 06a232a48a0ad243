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

// OpenReportForm implements bot.FormOpener: it opens the report modal in
// lang with the trigger ID of a slash command or shortcut held in msg.Raw.
// It returns bot.ErrFormUnavailable when there is none (a typed message)
// or it has expired, so that the core falls back to the step-by-step
// conversation.
func (a *Adapter) OpenReportForm(ctx context.Context, msg bot.Message, prefill bot.Report, lang string) error {
	trigger := triggerID(msg.Raw)
	if trigger == "" {
		return bot.ErrFormUnavailable
	}
	view := reportView(prefill, bot.FormTextIn(lang))
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

// FormCommand implements bot.FormOpener: the slash command that opens the
// report form with word.
func (a *Adapter) FormCommand(word string) string { return "/vigil " + word }

// GroupCommand implements bot.GroupCommander: in a channel, Vigil hears
// the slash command (a mention works too, but the slash command keeps the
// question private).
func (a *Adapter) GroupCommand(command string) string { return "/vigil " + command }

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

// reportView builds the report modal in f's language, filled in from p.
// Block IDs are the field names of bot.ValidationError, so that errors map
// onto the modal directly; private_metadata holds the language (f.Lang),
// which comes back with the submission.
func reportView(p bot.Report, f bot.FormText) slackgo.ModalViewRequest {
	categories := make([]*slackgo.OptionBlockObject, len(bot.Categories()))
	for i, c := range bot.Categories() {
		categories[i] = option(string(c), c.LabelIn(f.Lang))
	}
	category := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, plain(f.CategoryPlaceholder), actionID, categories...)
	if p.Category.Valid() {
		category.InitialOption = option(string(p.Category), p.Category.LabelIn(f.Lang))
	}

	date := slackgo.NewDatePickerBlockElement(actionID)
	if !p.OccurredOn.IsZero() {
		date.InitialDate = p.OccurredOn.UTC().Format(dateLayout)
	}

	channels := make([]*slackgo.OptionBlockObject, len(bot.Channels()))
	for i, c := range bot.Channels() {
		channels[i] = option(string(c), c.LabelIn(f.Lang))
	}
	channel := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, plain(f.ChannelPlaceholder), actionID, channels...)
	if p.Channel.Valid() {
		channel.InitialOption = option(string(p.Channel), p.Channel.LabelIn(f.Lang))
	}

	answers := map[bot.Accepted]string{bot.AcceptedNo: f.No, bot.AcceptedYes: f.Yes, bot.AcceptedUnsure: f.Unsure}
	accepted := slackgo.NewRadioButtonsBlockElement(actionID, option(string(bot.AcceptedNo), f.No),
		option(string(bot.AcceptedYes), f.Yes), option(string(bot.AcceptedUnsure), f.Unsure))
	if p.Accepted.Valid() {
		accepted.InitialOption = option(string(p.Accepted), answers[p.Accepted])
	}

	anonOpt := option("anonymous", f.Anonymous)
	anonymous := slackgo.NewCheckboxGroupsBlockElement(actionID, anonOpt)
	contactOpt := option("contact", f.ContactAllowed)
	contact := slackgo.NewCheckboxGroupsBlockElement(actionID, contactOpt)
	if p.Anonymous {
		anonymous.InitialOptions = []*slackgo.OptionBlockObject{anonOpt}
	}
	if p.ContactAllowed && !p.Anonymous {
		contact.InitialOptions = []*slackgo.OptionBlockObject{contactOpt}
	}

	long := min(bot.MaxLongField, maxInputLong)
	blocks := []slackgo.Block{
		slackgo.NewSectionBlock(plain(f.Intro), nil, nil),
		slackgo.NewInputBlock("category", plain(f.Category), nil, category),
		slackgo.NewInputBlock("occurred_on", plain(f.Date), nil, date),
		slackgo.NewInputBlock("channel", plain(f.Channel), nil, channel),
		slackgo.NewInputBlock("approacher", plain(f.Who), plain(f.WhoHint),
			textInput(p.Approacher, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock("approacher_country", plain(f.Country), nil,
			textInput(p.ApproacherCountry, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock("description", plain(f.Description), plain(f.DescriptionHint),
			textInput(p.Description, long, true)),
		slackgo.NewInputBlock("accepted", plain(f.Accepted), plain(f.AcceptedHint), accepted),
		slackgo.NewInputBlock("accepted_detail", plain(f.AcceptedDetail), nil,
			textInput(p.AcceptedDetail, long, true)).WithOptional(true),
		slackgo.NewInputBlock("evidence", plain(f.Evidence), plain(f.EvidenceHint),
			textInput(p.Evidence, long, true)).WithOptional(true),
		slackgo.NewInputBlock("source_link", plain(f.Source), nil,
			textInput(p.SourceLink, bot.MaxShortField, false)).WithOptional(true),
		slackgo.NewInputBlock(blockAnonymous, plain(f.Identity), plain(fmt.Sprintf(f.IdentityHint, "Slack")), anonymous).WithOptional(true),
		slackgo.NewInputBlock(blockContact, plain(f.Contact), plain(f.ContactHint), contact).WithOptional(true),
	}
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		CallbackID:      reportCallbackID,
		PrivateMetadata: f.Lang,
		Title:           plain(f.Title),
		Submit:          plain(f.Submit),
		Close:           plain(f.Close),
		Blocks:          slackgo.Blocks{BlockSet: blocks},
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
