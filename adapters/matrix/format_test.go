package matrix

import (
	"testing"

	"maunium.net/go/mautrix/event"
)

func TestEscapeHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{`a & b "c" 'd'`, "a &amp; b &#34;c&#34; &#39;d&#39;"},
		{"Type `help` now", "Type <code>help</code> now"},
		{"`<b>`", "<code>&lt;b&gt;</code>"},
		{"line 1\nline 2", "line 1<br>line 2"},
		{"a ` b\n` c", "a ` b<br>` c"},
		{"<a href=\"https://evil\">x</a>", "&lt;a href=&#34;https://evil&#34;&gt;x&lt;/a&gt;"},
	}
	for _, tt := range tests {
		if got := escapeHTML(tt.in); got != tt.want {
			t.Errorf("escapeHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNoticeContent(t *testing.T) {
	c := noticeContent("Hi <you>", "$root")
	if c.MsgType != event.MsgNotice || c.Body != "Hi <you>" || c.FormattedBody != "Hi &lt;you&gt;" || c.Format != event.FormatHTML {
		t.Errorf("notice %+v", c)
	}
	if c.RelatesTo.GetThreadParent() != "$root" {
		t.Errorf("thread %+v", c.RelatesTo)
	}
	if c.Mentions == nil || len(c.Mentions.UserIDs) != 0 || c.Mentions.Room {
		t.Errorf("notice mentions %+v, want nobody", c.Mentions)
	}
	if c := noticeContent("x", ""); c.RelatesTo != nil {
		t.Errorf("notice without thread has relation %+v", c.RelatesTo)
	}
}

func FuzzEscapeHTML(f *testing.F) {
	for _, s := range []string{"<b>`x`</b>", "a\nb", "&amp;", "``"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := escapeHTML(s)
		for i := 0; i < len(out); i++ {
			if out[i] == '<' && !hasAllowedTag(out[i:]) {
				t.Fatalf("escapeHTML(%q) = %q lets markup through", s, out)
			}
		}
	})
}

// hasAllowedTag reports whether s starts with one of the tags escapeHTML
// itself produces.
func hasAllowedTag(s string) bool {
	for _, tag := range []string{"<code>", "</code>", "<br>"} {
		if len(s) >= len(tag) && s[:len(tag)] == tag {
			return true
		}
	}
	return false
}
