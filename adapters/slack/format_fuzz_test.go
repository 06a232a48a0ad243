package slack

import (
	"strings"
	"testing"
)

// FuzzMrkdwn checks that no text, once escaped, can form a Slack control
// sequence (<!channel>, <@U...>, <http://...|label>), and that decoding
// Slack's escapes gives the text back.
func FuzzMrkdwn(f *testing.F) {
	for _, s := range []string{"<!channel>", "<@U123|bob>", "a & b", "&lt;!here&gt;", "<http://evil|click>", "\xff<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mrkdwn(s)
		if strings.ContainsAny(out, "<>") {
			t.Fatalf("mrkdwn(%q) = %q keeps a control character", s, out)
		}
		if back := slackEntities.Replace(out); back != s {
			t.Fatalf("round trip of %q gave %q", s, back)
		}
		_ = plainText(s) // must not panic on any input
	})
}
