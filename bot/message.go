package bot

// Platform names used in messages and stored reports.
const (
	PlatformConsole = "console"
	PlatformSlack   = "slack"
	PlatformMatrix  = "matrix"
)

// User identifies a person on one chat platform.
type User struct {
	Platform string // PlatformConsole, PlatformSlack or PlatformMatrix
	ID       string // platform user ID (Slack "U123", Matrix "@a:b")
	Name     string // display name, for humans only
}

// Key returns a stable identifier of the user across platforms.
func (u User) Key() string { return u.Platform + ":" + u.ID }

// Message is one incoming chat message, already stripped of any bot mention
// or command prefix by the adapter.
type Message struct {
	Platform       string
	ConversationID string // channel or room the message was posted in
	ThreadID       string // thread to answer in; empty for none
	MessageID      string
	Sender         User
	Direct         bool   // true in a one-to-one conversation with the bot
	Text           string // user text, untrusted
	Raw            any    // platform event, for adapter-specific needs
	// Length, when not zero, is the length in characters of the message
	// as it was sent, of which the adapter passed only the start in Text
	// (a console line longer than the console reads).
	Length int
}

// ReplyAddress returns where an answer to m belongs: its conversation and
// thread, remembering the sender for ephemeral replies.
func (m Message) ReplyAddress() Address {
	return Address{ConversationID: m.ConversationID, ThreadID: m.ThreadID, UserID: m.Sender.ID}
}

// Address says where an adapter delivers a reply. With an empty
// ConversationID the reply goes to a direct conversation with UserID,
// opened by the adapter when needed.
type Address struct {
	ConversationID string
	ThreadID       string
	UserID         string
}

// DirectTo returns the address of a direct conversation with userID.
func DirectTo(userID string) Address { return Address{UserID: userID} }

// Reply is a message from Vigil. Text is plain text: adapters escape it for
// their platform and never interpret markup inside it.
type Reply struct {
	Text string
	// Private marks replies that concern only the addressed user; adapters
	// that support ephemeral messages use them for it.
	Private bool
	// Choices are answers the user may pick with one click. Text already
	// lists them (by number), so adapters without buttons ignore them;
	// adapters with buttons show them and, on a click, pass the choice's
	// Reply to the core as if the user had typed it.
	Choices []Choice
}

// Choice is one answer a user may pick.
type Choice struct {
	Label string // what the button says
	Reply string // what choosing it sends, e.g. "2"
}
