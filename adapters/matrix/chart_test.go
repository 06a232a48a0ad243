//go:build goolm

package matrix_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

// TestStatsChartIsAnEncryptedImage: a team member's `stats` in an
// encrypted direct room brings the counts and then the chart, as an
// encrypted m.image with its size, that decrypts to the PNG of the counts.
func TestStatsChartIsAnEncryptedImage(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	sam := newStaffer(t, hs, "sam")
	db := openStore(t, t.TempDir())
	for _, c := range []bot.Category{bot.CategoryGift, bot.CategoryGift, bot.CategoryCyber} {
		if _, err := db.FileCase(t.Context(), bot.NewCase{Report: bot.Report{Category: c, OccurredOn: time.Now(), Channel: bot.ChannelEmail,
			Description: "an approach", Accepted: bot.AcceptedNo}, Reporter: bot.User{Platform: bot.PlatformMatrix, ID: "@x:localhost"},
			Severity: bot.SeverityLow, FiledAt: time.Now().Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	startVigilWith(t, botConfig(hs, botAcc, t.TempDir()), db,
		bot.Options{Roles: bot.StaticRoles{Users: map[string]bool{bot.User{Platform: bot.PlatformMatrix, ID: sam.acc.UserID.String()}.Key(): true}}})

	room := sam.createRoom(true, true, botAcc.UserID)
	sam.waitMembership(room, botAcc.UserID, event.MembershipJoin)
	sam.say(room, "stats 7d")

	// The chart is uploaded while the counts are composed, so it may come
	// first.
	var counts string
	var picture *event.MessageEventContent
	for counts == "" || picture == nil {
		evt := sam.next(room)
		if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
			t.Fatalf("%s in an encrypted room was not encrypted", evt.Content.AsMessage().MsgType)
		}
		switch m := evt.Content.AsMessage(); m.MsgType {
		case event.MsgNotice:
			counts = m.Body
		case event.MsgImage:
			picture = m
		default:
			t.Fatalf("unexpected %s: %q", m.MsgType, m.Body)
		}
	}
	if !strings.Contains(counts, "Gift or hospitality: 2") {
		t.Fatalf("stats answered %q", counts)
	}
	if picture.File == nil || picture.URL != "" || picture.Info == nil || picture.Info.MimeType != "image/png" ||
		picture.Info.Width != 1200 || picture.Info.Height != 600 || !strings.HasSuffix(picture.Body, ".png") {
		t.Fatalf("chart message %+v (info %+v), want an encrypted 1200×600 PNG", picture, picture.Info)
	}
	mxc, err := picture.File.URL.Parse()
	if err != nil {
		t.Fatal(err)
	}
	data, err := sam.cli.DownloadBytes(t.Context(), mxc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err == nil {
		t.Fatal("the chart was uploaded in the clear")
	}
	if err := picture.File.DecryptInPlace(data); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decrypted chart is not a PNG: %v", err)
	}
	if img.Bounds() != image.Rect(0, 0, 1200, 600) || picture.Info.Size != len(data) {
		t.Fatalf("decrypted chart %v of %d bytes, announced %d", img.Bounds(), len(data), picture.Info.Size)
	}
}
