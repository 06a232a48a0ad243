package bot_test

import (
	"context"
	"fmt"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

// printer is the smallest adapter: it prints what the core sends it.
type printer struct{}

func (printer) Platform() string                          { return "example" }
func (printer) Run(ctx context.Context, _ bot.Core) error { <-ctx.Done(); return nil }
func (printer) Send(_ context.Context, to bot.Address, r bot.Reply) error {
	where := to.ConversationID
	if where == "" {
		where = "direct message to " + to.UserID
	}
	fmt.Printf("[%s] %s\n", where, r.Text)
	return nil
}

// A bot is the core on a store and guidance, with the adapters that carry
// its messages registered. An adapter hands it each message; the replies
// come back through the adapter's Send.
func ExampleNew() {
	core := bot.New(bot.Options{
		Store:    testkit.NewMemStore(),  // in production: storage.Open
		Guidance: testkit.EchoGuidance{}, // in production: knowledge.Load
	})
	core.Register(printer{})
	alice := bot.User{Platform: "example", ID: "U1", Name: "Alice"}
	core.HandleMessage(context.Background(), bot.Message{Platform: "example", ConversationID: "D1", Sender: alice, Direct: true,
		Text: "Can I keep a bottle of wine from an embassy?"})
	// Output:
	// [D1] Guidance on: Can I keep a bottle of wine from an embassy?
}

// A platform form hands the core a complete report: the core files it,
// sends the reporter the reference in the form's language and notifies
// the security team (here nobody: the printer has no security desk).
func ExampleBot_SubmitReport() {
	now := func() time.Time { return time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC) }
	core := bot.New(bot.Options{Store: testkit.NewMemStore(), Now: now})
	core.Register(printer{})
	alice := bot.User{Platform: "example", ID: "U1", Name: "Alice"}
	filed, err := core.SubmitReport(context.Background(), alice, bot.Report{
		Category: bot.CategoryGift, OccurredOn: now(), Channel: bot.ChannelEvent,
		Description: "Une caisse de vin offerte par une ambassade", Accepted: bot.AcceptedNo,
	}, "fr")
	_ = core.Drain(context.Background()) // the direct message leaves in the background
	fmt.Println(filed.Case.Ref, filed.Case.Severity, err)
	// Output:
	// [direct message to U1] Merci. Votre signalement est enregistré sous la référence VGL-2026-0001 ; l'équipe de sécurité en sera prévenue.
	// Tapez `status VGL-2026-0001` à tout moment pour savoir où il en est.
	// VGL-2026-0001 low <nil>
}
