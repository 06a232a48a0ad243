package matrix

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png" // PNG pictures (the stats chart) go as m.image with their size
	"io"
	"strings"

	"maunium.net/go/mautrix/crypto/attachment"
	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

// maxFileSize is the largest attachment SendFile accepts.
const maxFileSize = 50 << 20

// SendFile implements bot.FileSender: it uploads content as an attachment
// to the addressed room (a direct room with to.UserID when
// to.ConversationID is empty). A picture (a PNG, such as the stats chart)
// goes as an m.image with its width and height, so that clients show it;
// anything else as an m.file. In an encrypted room the file is encrypted
// before upload, as mautrix does for attachments. It returns an error for
// files over 50 MiB and when the homeserver refuses the upload or the
// message.
func (a *Adapter) SendFile(ctx context.Context, to bot.Address, name, contentType string, content io.Reader) error {
	c, err := a.connected()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(content, maxFileSize+1))
	if err != nil {
		return fmt.Errorf("read attachment: %w", err)
	}
	if len(data) > maxFileSize {
		return fmt.Errorf("attachment %s is larger than %d MiB", name, maxFileSize>>20)
	}
	room, thread, err := a.target(ctx, c, to)
	if err != nil {
		return err
	}
	encrypted, err := c.cli.StateStore.IsEncrypted(ctx, room)
	if err != nil {
		return fmt.Errorf("check room encryption: %w", err)
	}
	msg := &event.MessageEventContent{
		MsgType:  event.MsgFile,
		Body:     name,
		FileName: name,
		Info:     &event.FileInfo{MimeType: contentType, Size: len(data)},
		Mentions: &event.Mentions{},
	}
	if width, height, ok := pictureSize(contentType, data); ok {
		msg.MsgType, msg.Info.Width, msg.Info.Height = event.MsgImage, width, height
	}
	uploadType := contentType
	var file *attachment.EncryptedFile
	if encrypted {
		file = attachment.NewEncryptedFile()
		file.EncryptInPlace(data)
		uploadType = "application/octet-stream"
	}
	up, err := c.cli.UploadBytes(ctx, data, uploadType)
	if err != nil {
		return fmt.Errorf("upload attachment: %w", err)
	}
	if file != nil {
		msg.File = &event.EncryptedFileInfo{EncryptedFile: *file, URL: up.ContentURI.CUString()}
	} else {
		msg.URL = up.ContentURI.CUString()
	}
	if thread != "" {
		msg.RelatesTo = (&event.RelatesTo{}).SetThread(thread, thread)
	}
	if _, err := c.cli.SendMessageEvent(ctx, room, event.EventMessage, msg); err != nil {
		return fmt.Errorf("send matrix attachment to %s: %w", room, err)
	}
	return nil
}

// pictureSize returns the size in pixels of data when it is a picture of
// the content type that Vigil can read (PNG); ok is false otherwise,
// also for data that does not decode as its type says.
func pictureSize(contentType string, data []byte) (width, height int, ok bool) {
	if !strings.HasPrefix(contentType, "image/") {
		return 0, 0, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != contentType {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}
