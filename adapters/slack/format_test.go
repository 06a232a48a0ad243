package slack

import (
	"testing"
	"time"
)

func TestMrkdwnEscapesControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"<!channel> now":                    "&lt;!channel&gt; now",
		"<@U123> & <#C1|x>":                 "&lt;@U123&gt; &amp; &lt;#C1|x&gt;",
		"&lt; stays literal":                "&amp;lt; stays literal",
		"<http://evil.example|click here>":  "&lt;http://evil.example|click here&gt;",
		"plain `code` *bold* text, no harm": "plain `code` *bold* text, no harm",
	} {
		if got := mrkdwn(in); got != want {
			t.Errorf("mrkdwn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlainTextReadsSlackMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"<@U123> hi":                       "@U123 hi",
		"<@U123|alice> hi":                 "@alice hi",
		"see <#C42|security>":              "see #security",
		"<!here> and <!channel>":           "@here and @channel",
		"<!subteam^S1|@team> ping":         "@team ping",
		"<https://a.example/x>":            "https://a.example/x",
		"<https://a.example/x|the doc>":    "the doc (https://a.example/x)",
		"<mailto:x@y.example|x@y.example>": "x@y.example",
		"a &lt;b&gt; &amp;amp; c":          "a <b> &amp; c",
		"no markup at all":                 "no markup at all",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripMention(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@UBOT> help", "help"},
		{"hey <@UBOT|vigil>, report", "hey , report"},
		{"<@UBOT2> is someone else", "<@UBOT2> is someone else"},
		{"<@UBOT>", ""},
		{"no mention", "no mention"},
	} {
		if got := stripMention(tc.in, "UBOT"); got != tc.want {
			t.Errorf("stripMention(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDayOf(t *testing.T) {
	if got := dayOf("1700000000.000200"); !got.Equal(time.Date(2023, 11, 14, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dayOf = %v", got)
	}
	for _, bad := range []string{"", "x.1", "-5"} {
		if got := dayOf(bad); !got.IsZero() {
			t.Errorf("dayOf(%q) = %v, want zero", bad, got)
		}
	}
}

func TestTruncateRunes(t *testing.T) {
	if got := truncateRunes("ééé", 2); got != "éé" {
		t.Errorf("truncateRunes = %q", got)
	}
	if got := truncateRunes("ab", 5); got != "ab" {
		t.Errorf("truncateRunes = %q", got)
	}
}
