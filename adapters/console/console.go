// Package console is Vigil's terminal adapter: a chat between the local
// operator and the core, used when no chat platform is configured. It
// reads one message per line and writes the replies; it is scriptable when
// standard input is not a terminal.
package console

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"vigil/bot"
)

// maxLine is the longest line read as one message; the rest of a longer line
// is counted, for the core to say how long it was, and discarded (the core
// refuses anything over bot.MaxMessageRunes anyway).
const maxLine = 64 * 1024

// conversationID is the console's only conversation.
const conversationID = "console"

// securityID addresses notices meant for the security team; the console
// user is the local operator, so they are printed too.
const securityID = "security"

// lineTimeout bounds the handling of one line. A stop signal does not cut
// a line short: a report being filed (perhaps waiting on another process's
// lock on the database) is filed and acknowledged, within the grace the
// caller of Run gives after stopping it.
const lineTimeout = 30 * time.Second

// Adapter is the terminal chat. It implements bot.Adapter,
// bot.SecurityDesk and bot.FileSender.
type Adapter struct {
	in          io.Reader
	out         io.Writer
	interactive bool
	user        bot.User
	files       string // the directory files are written to

	mu   sync.Mutex    // serialises writes to out
	buf  *bufio.Writer // over out
	held bool          // replies wait in buf: more input is already queued
}

// queuedLines is how many input lines are read ahead of the one being
// handled. While some are queued (a script piped in), replies are written
// together when the queue empties or the buffer fills, instead of one
// write per line; a person typing is never kept waiting for a reply.
const queuedLines = 64

// DefaultUserID is the console user's ID when none is configured.
const DefaultUserID = "operator"

// New returns a console adapter reading from in and writing to out. When
// interactive is true it greets the user and shows a prompt. userID names
// the console user (DefaultUserID when empty); several console processes
// sharing one database need distinct IDs to keep their report
// conversations apart. The display name comes from USER.
func New(in io.Reader, out io.Writer, interactive bool, userID string) *Adapter {
	name := os.Getenv("USER")
	if name == "" {
		name = "operator"
	}
	if userID = strings.TrimSpace(userID); userID == "" {
		userID = DefaultUserID
	}
	return &Adapter{in: in, out: out, interactive: interactive, buf: bufio.NewWriterSize(out, 32*1024),
		user: bot.User{Platform: bot.PlatformConsole, ID: userID, Name: name}}
}

var _ bot.Adapter = (*Adapter)(nil)
var _ bot.SecurityDesk = (*Adapter)(nil)
var _ bot.FileSender = (*Adapter)(nil)
var _ bot.OutboxRouter = (*Adapter)(nil)

// SaveFilesIn sets the directory where the files the core sends (the
// stats chart, exports) are written; the default is the working
// directory. Call it before Run.
func (a *Adapter) SaveFilesIn(dir string) { a.files = dir }

// Platform implements bot.Adapter.
func (a *Adapter) Platform() string { return bot.PlatformConsole }

// Run implements bot.Adapter: it passes each input line to core and returns
// nil at the end of input or when ctx ends. A line being handled when ctx
// ends is finished first (see lineTimeout).
func (a *Adapter) Run(ctx context.Context, core bot.Core) (err error) {
	defer func() {
		if ferr := a.release(); err == nil {
			err = ferr
		}
	}()
	if a.interactive {
		a.write("Vigil: guidance on foreign interference and a safe way to report an approach.\nType `help` for commands, `report` to report something; Ctrl-D to quit.\n\n")
	}
	lines := make(chan inputLine, queuedLines)
	readErr := make(chan error, 1)
	go func() { readErr <- readLines(a.in, lines) }()
	for n := 1; ; n++ {
		if len(lines) == 0 {
			// Nothing queued: show every reply before waiting for input.
			if err := a.release(); err != nil {
				return err
			}
		}
		a.prompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if a.interactive {
					a.write("\n")
				}
				return <-readErr
			}
			a.holdBack()
			lineCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lineTimeout)
			core.HandleMessage(lineCtx, bot.Message{Platform: bot.PlatformConsole, ConversationID: conversationID,
				MessageID: strconv.Itoa(n), Sender: a.user, Direct: true, Text: line.text, Length: line.length()})
			cancel()
		}
	}
}

// inputLine is one input line: its first maxLine bytes, and its length in
// characters.
type inputLine struct {
	text  string
	runes int
	cut   bool // longer than maxLine bytes
}

// length is the line's length in characters when text holds only its
// start, for bot.Message.Length; 0 otherwise.
func (l inputLine) length() int {
	if l.cut {
		return l.runes
	}
	return 0
}

// readLines sends every line of r to lines and closes it at end of input.
func readLines(r io.Reader, lines chan<- inputLine) error {
	defer close(lines)
	br := bufio.NewReaderSize(r, 4096)
	for {
		line, err := readLine(br)
		if line.text != "" || line.cut || err == nil {
			lines <- line
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read input: %w", err)
		}
	}
}

// readLine reads one line without its end of line, keeping at most maxLine
// bytes of it and counting the characters of all of it.
func readLine(br *bufio.Reader) (inputLine, error) {
	var buf []byte
	var l inputLine
	for {
		chunk, err := br.ReadSlice('\n')
		l.runes += runeStarts(chunk)
		keep := min(len(chunk), maxLine-len(buf))
		buf = append(buf, chunk[:keep]...)
		l.cut = l.cut || keep < len(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if n := len(chunk); n > 0 && chunk[n-1] == '\n' {
			l.runes--
			if n > 1 && chunk[n-2] == '\r' {
				l.runes--
			}
		}
		l.text = strings.TrimRight(string(buf), "\r\n")
		return l, err
	}
}

// runeStarts counts the characters that start in b: every byte but the
// continuation bytes of UTF-8 (an invalid byte counts as one).
func runeStarts(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

func (a *Adapter) prompt() {
	if a.interactive {
		a.write("you> ")
	}
}

// Send implements bot.Adapter by printing the reply.
func (a *Adapter) Send(_ context.Context, to bot.Address, r bot.Reply) error {
	prefix := "vigil> "
	if to.ConversationID == securityID {
		prefix = "[security team] "
	}
	indent := strings.Repeat(" ", len(prefix))
	lines := strings.Split(r.Text, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	return a.write(prefix + strings.Join(lines, "\n") + "\n\n")
}

// maxSameName bounds the numbered names SendFile tries when a file's name
// is taken ("chart.png", then "chart-2.png" ...).
const maxSameName = 1000

// SendFile implements bot.FileSender: it writes the file, readable by its
// owner only (mode 0600), under its name in the directory set with
// SaveFilesIn (numbered, "chart-2.png", when the name is taken; never
// overwriting a file), and prints its path. It returns an error when the
// file cannot be created or written; nothing is then left behind.
func (a *Adapter) SendFile(ctx context.Context, to bot.Address, name, _ string, content io.Reader) error {
	base := filepath.Base(name)
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return fmt.Errorf("console: no file name in %q", name)
	}
	f, err := create(filepath.Join(a.files, base))
	if err != nil {
		return err
	}
	_, err = io.Copy(f, content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("console: write %s: %w", f.Name(), err)
	}
	path, err := filepath.Abs(f.Name())
	if err != nil {
		path = f.Name()
	}
	return a.Send(ctx, to, bot.Reply{Text: "📎 " + path})
}

// create creates a new file of mode 0600 at path or, when that exists, at
// the first free numbered name beside it.
func create(path string) (*os.File, error) {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for n := 1; n <= maxSameName; n++ {
		p := path
		if n > 1 {
			p = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("console: create %s: %w", p, err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("console: %d files named like %s already exist", maxSameName, path)
}

// OutboxRoute implements bot.OutboxRouter: a console process delivers the
// outbox items of its own user only (another console user's reference is
// not printed here), named by a hash of the user's ID.
func (a *Adapter) OutboxRoute() string {
	sum := sha256.Sum256([]byte(a.user.ID))
	return bot.PlatformConsole + ":" + hex.EncodeToString(sum[:8])
}

// SecurityAddress implements bot.SecurityDesk: notices are printed for the
// local operator.
func (a *Adapter) SecurityAddress() (bot.Address, bool) {
	return bot.Address{ConversationID: securityID}, true
}

// write prints s now, or with the next replies while output is held.
func (a *Adapter) write(s string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.buf.WriteString(s); err != nil || a.held {
		return err
	}
	return a.buf.Flush()
}

// holdBack keeps replies in the buffer until release (see queuedLines).
func (a *Adapter) holdBack() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.held = true
}

// release writes out the replies held back and stops holding them.
func (a *Adapter) release() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.held = false
	return a.buf.Flush()
}
