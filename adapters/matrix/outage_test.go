//go:build goolm

package matrix_test

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"maunium.net/go/mautrix/event"
)

// outageProxy forwards TCP connections to the homeserver while up; while
// down it closes every connection at once, as an unreachable server would.
type outageProxy struct {
	t      *testing.T
	l      net.Listener
	target string

	mu      sync.Mutex
	up      bool
	refused int                   // connections closed while down
	conns   map[net.Conn]struct{} // open forwarded connections
	changed chan struct{}
}

func newOutageProxy(t *testing.T, target string) *outageProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &outageProxy{t: t, l: l, target: target, conns: map[net.Conn]struct{}{}, changed: make(chan struct{})}
	go p.serve()
	t.Cleanup(func() { l.Close(); p.setUp(false) })
	return p
}

func (p *outageProxy) URL() string { return "http://" + p.l.Addr().String() }

func (p *outageProxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if !p.up {
			p.refused++
			close(p.changed)
			p.changed = make(chan struct{})
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.mu.Unlock()
		go p.forward(c)
	}
}

func (p *outageProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = struct{}{}, struct{}{}
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, s)
	p.mu.Unlock()
}

// setUp brings the proxy up or takes it down, cutting open connections.
func (p *outageProxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for c := range p.conns {
			c.Close()
		}
	}
}

// waitRefused waits until at least n connections were refused in total.
func (p *outageProxy) waitRefused(n int) {
	p.t.Helper()
	for {
		p.mu.Lock()
		got, changed := p.refused, p.changed
		p.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-p.t.Context().Done():
			return
		}
	}
}

func (p *outageProxy) refusedCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused
}

// TestHomeserverOutage: the bot starts while the homeserver is unreachable,
// keeps retrying, connects when it comes back, and after a later outage
// answers the message sent meanwhile exactly once.
func TestHomeserverOutage(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	proxy := newOutageProxy(t, strings.TrimPrefix(hs.URL, "http://"))
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.Homeserver = proxy.URL()

	v := startVigil(t, cfg, openStore(t, t.TempDir()))
	proxy.waitRefused(3) // the login is retried
	proxy.setUp(true)

	room := alice.createRoom(false, true, botAcc.UserID)
	alice.waitMembership(room, botAcc.UserID, event.MembershipJoin)
	alice.say(room, "help")
	checkNotice(t, alice.next(room), botAcc.UserID)

	if st := v.adapter.Connection(); !st.Connected || st.Reconnects != 0 {
		t.Errorf("connection after the first sync %+v, want connected, no reconnection", st)
	}

	proxy.setUp(false)
	proxy.waitRefused(proxy.refusedCount() + 2) // sync is retried
	if st := v.adapter.Connection(); st.Connected {
		t.Errorf("connection during the outage %+v, want not connected", st)
	}
	alice.say(room, "topics")
	proxy.setUp(true)
	if body := checkNotice(t, alice.next(room), botAcc.UserID); body != "Guidance is not loaded yet." {
		t.Fatalf("answer after the outage %q, want the topics answer", body)
	}
	if st := v.adapter.Connection(); !st.Connected || st.Reconnects != 1 {
		t.Errorf("connection after the outage %+v, want connected after 1 reconnection", st)
	}
	alice.say(room, "help")
	if body := checkNotice(t, alice.next(room), botAcc.UserID); !strings.HasPrefix(body, "I am Vigil") {
		t.Fatalf("answer %q, want help", body)
	}
	if n := alice.count(room); n != 3 {
		t.Errorf("bot sent %d messages, want 3", n)
	}
}
