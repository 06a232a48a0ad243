package slack

import (
	"context"
	"fmt"
	"strings"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Delivery keys travel with a message as Slack message metadata, so that
// a delivery interrupted by a crash can be found again instead of being
// posted twice.
const (
	deliveryEventType = "vigil_delivery"
	// deliveryLookback is how many recent messages of a conversation are
	// searched for an earlier attempt.
	deliveryLookback = 100
	// conversationPages bounds the pages of conversations.list read to
	// find a channel by name.
	conversationPages = 50
)

var (
	_ bot.ConversationFinder = (*Adapter)(nil)
	_ bot.Poster             = (*Adapter)(nil)
	_ bot.Retractor          = (*Adapter)(nil)
)

// FindConversation implements bot.ConversationFinder with
// conversations.info for a channel ID and conversations.list for a
// "#name" (private channels are listed only when the bot is in them). It
// returns bot.ErrNoConversation when no channel by that name is visible.
func (a *Adapter) FindConversation(ctx context.Context, ref string) (bot.Conversation, error) {
	ref = strings.TrimSpace(ref)
	if channelIDPattern.MatchString(ref) {
		var ch *slackgo.Channel
		err := a.retry(ctx, "conversations.info", func() error {
			var err error
			ch, err = a.api.GetConversationInfoContext(ctx, &slackgo.GetConversationInfoInput{ChannelID: ref})
			return err
		})
		switch code := slackCode(err); {
		case code == "channel_not_found":
			return bot.Conversation{}, bot.ErrNoConversation
		case err != nil:
			return bot.Conversation{}, err
		}
		return bot.Conversation{ID: ch.ID, Name: "#" + ch.Name, Member: ch.IsMember}, nil
	}
	name, ok := strings.CutPrefix(ref, "#")
	if !ok || name == "" {
		return bot.Conversation{}, bot.ErrNoConversation
	}
	params := &slackgo.GetConversationsParameters{ExcludeArchived: true, Limit: 200, Types: []string{"public_channel", "private_channel"}}
	for range conversationPages {
		var chans []slackgo.Channel
		var next string
		err := a.retry(ctx, "conversations.list", func() error {
			var err error
			chans, next, err = a.api.GetConversationsContext(ctx, params)
			return err
		})
		if err != nil {
			return bot.Conversation{}, err
		}
		for _, ch := range chans {
			if strings.EqualFold(ch.Name, name) {
				return bot.Conversation{ID: ch.ID, Name: "#" + ch.Name, Member: ch.IsMember}, nil
			}
		}
		if next == "" {
			break
		}
		params.Cursor = next
	}
	return bot.Conversation{}, bot.ErrNoConversation
}

// Post implements bot.Poster with chat.postMessage, the key in the
// message's metadata. With retry it first looks for a message carrying
// the key among the conversation's latest, and returns that one instead
// of posting again; when it cannot look, it posts nothing and returns the
// error, so that the delivery is tried again later rather than twice.
func (a *Adapter) Post(ctx context.Context, to bot.Address, r bot.Reply, key string, retry bool) (bot.Posted, error) {
	channel, err := a.channelFor(ctx, to)
	if err != nil {
		return bot.Posted{}, err
	}
	if retry {
		ts, found, err := a.findPosted(ctx, channel, key)
		if err != nil {
			return bot.Posted{}, err
		}
		if found {
			return bot.Posted{ConversationID: channel, MessageID: ts}, nil
		}
	}
	opts := append(messageOptions(r, to.ThreadID), slackgo.MsgOptionMetadata(slackgo.SlackMetadata{
		EventType: deliveryEventType, EventPayload: map[string]any{"key": key}}))
	var posted bot.Posted
	err = a.retry(ctx, "chat.postMessage", func() error {
		ch, ts, err := a.api.PostMessageContext(ctx, channel, opts...)
		posted = bot.Posted{ConversationID: ch, MessageID: ts}
		return err
	})
	return posted, err
}

// findPosted looks for the bot's message carrying key among the latest
// messages of channel.
func (a *Adapter) findPosted(ctx context.Context, channel, key string) (ts string, found bool, err error) {
	var res *slackgo.GetConversationHistoryResponse
	err = a.retry(ctx, "conversations.history", func() error {
		var err error
		res, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
			ChannelID: channel, Limit: deliveryLookback, IncludeAllMetadata: true})
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("slack: look for an earlier delivery: %w", err)
	}
	for _, m := range res.Messages {
		if m.Metadata.EventType == deliveryEventType && m.Metadata.EventPayload["key"] == key {
			return m.Timestamp, true, nil
		}
	}
	return "", false, nil
}

// Retract implements bot.Retractor with chat.delete; a message Slack does
// not let the bot delete is replaced by notice with chat.update. A message
// already gone is not an error.
func (a *Adapter) Retract(ctx context.Context, m bot.Posted, notice bot.Reply) error {
	err := a.retry(ctx, "chat.delete", func() error {
		_, _, err := a.api.DeleteMessageContext(ctx, m.ConversationID, m.MessageID)
		return err
	})
	switch slackCode(err) {
	case "":
		return err
	case "message_not_found", "channel_not_found":
		return nil
	case "cant_delete_message":
		return a.retry(ctx, "chat.update", func() error {
			_, _, _, err := a.api.UpdateMessageContext(ctx, m.ConversationID, m.MessageID,
				slackgo.MsgOptionText(mrkdwn(notice.Text), false), slackgo.MsgOptionBlocks())
			return err
		})
	}
	return err
}
