package bot

import (
	"context"
	"errors"
	"fmt"
)

// subscriptions lets staff subscribe to the security team's advisories
// (and the scenario of the week) in a direct conversation, and stop them.
// A subscription keeps the direct conversation's address and the
// language, under a keyed hash of the staffer's chat identity.
type subscriptions struct {
	*env
	store SubscriptionStore // nil when the deployment keeps no subscriptions
}

// commands are `subscribe` and `unsubscribe` and their French and German
// words (abonner, s'abonner, désabonner, abonnieren, abbestellen), which
// also set the language advisories come in.
func (s *subscriptions) commands() []command {
	cmds := []command{{name: "subscribe", listed: true, run: s.subscribeIn("")},
		{name: "unsubscribe", listed: true, run: s.unsubscribeIn("")}}
	for _, lang := range spoken {
		for _, w := range catalogue[lang].outreachWords.subscribe {
			cmds = append(cmds, command{name: w, run: s.subscribeIn(lang)})
		}
		for _, w := range catalogue[lang].outreachWords.unsubscribe {
			cmds = append(cmds, command{name: w, run: s.unsubscribeIn(lang)})
		}
	}
	return cmds
}

// language returns the language a command word implies, or the sender's
// latest language when the word is the English one.
func (s *subscriptions) language(u User, lang string) string {
	if lang == "" {
		return s.langs.lang(u.Key())
	}
	s.langs.remember(u.Key(), lang)
	return spokenLang(lang)
}

// subscribeIn returns the command that subscribes the sender, in lang
// ("" for the sender's latest language). Only a direct conversation can
// be subscribed: advisories are personal.
func (s *subscriptions) subscribeIn(lang string) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		lang := s.language(r.msg.Sender, lang)
		x := tr(lang)
		switch {
		case s.store == nil:
			return say(r.msg, true, x.outreachOff)
		case !r.msg.Direct:
			return say(r.msg, true, x.subscribeInDirect)
		}
		sub := Subscriber{User: r.msg.Sender, Lang: lang, Since: s.now().UTC(),
			Address: Address{ConversationID: r.msg.ConversationID, UserID: r.msg.Sender.ID}}
		created, err := s.store.Subscribe(ctx, sub)
		if err != nil {
			s.log.Error("subscription not saved", "err", err)
			s.audit(ctx, r.msg.Sender, "subscribe", lang, "error")
			return say(r.msg, true, x.storageTrouble)
		}
		s.audit(ctx, r.msg.Sender, "subscribe", lang, "ok")
		if !created {
			return say(r.msg, true, fmt.Sprintf(x.subscribedAgain, x.languages[lang]))
		}
		return say(r.msg, true, fmt.Sprintf(x.subscribed, x.languages[lang]))
	}
}

// unsubscribeIn returns the command that ends the sender's subscription,
// answering in lang ("" for the sender's latest language).
func (s *subscriptions) unsubscribeIn(lang string) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		x := tr(s.language(r.msg.Sender, lang))
		if s.store == nil {
			return say(r.msg, true, x.outreachOff)
		}
		removed, err := s.store.Unsubscribe(ctx, r.msg.Sender)
		if err != nil && !errors.Is(err, ErrNotFound) {
			s.log.Error("subscription not removed", "err", err)
			s.audit(ctx, r.msg.Sender, "unsubscribe", "", "error")
			return say(r.msg, true, x.storageTrouble)
		}
		if !removed {
			return say(r.msg, true, x.notSubscribed)
		}
		s.audit(ctx, r.msg.Sender, "unsubscribe", "", "ok")
		return say(r.msg, true, x.unsubscribed)
	}
}
