package matrix

import (
	"context"
	"fmt"
	"io"

	"maunium.net/go/mautrix/crypto/attachment"
	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

// maxFileSize is the largest attachment SendFile accepts.
const maxFileSize = 50 << 20

// SendFile implements bot.FileSender: it uploads content as an attachment
// to the addressed room (a direct room with to.UserID when
// to.ConversationID is empty). In an encrypted room the file is encrypted
// before upload. It returns an error for files over 50 MiB and when the
// homeserver refuses the upload or the message.
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
