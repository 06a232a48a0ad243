package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// retentionEvery is how often closed cases past retention are purged.
const retentionEvery = 24 * time.Hour

// retentionJob is the audit log's actor for the scheduled purge.
var retentionJob = User{Platform: "system", ID: "retention", Name: "daily retention job"}

// maintenance is the core's scheduled work: it discards idle report
// drafts, runs the outbox's courier and drops the items it could not
// deliver in time, sends the weekly digest, and purges closed cases past
// retention.
type maintenance struct {
	*env
	intake        *conversation
	courier       *courier
	digest        *digest
	retentionDays int // 0 keeps closed cases forever

	mu         sync.Mutex
	lastPurged time.Time
}

// run does the maintenance now and then every interval until ctx ends;
// the purge runs at most once a day. The courier runs beside it, on its
// own shorter period, until ctx ends.
func (m *maintenance) run(ctx context.Context, interval time.Duration) {
	var courier sync.WaitGroup
	courier.Go(func() { m.courier.run(ctx) })
	defer courier.Wait()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := m.intake.expireIdle(ctx); err != nil && ctx.Err() == nil {
			m.log.Error("session expiry failed", "err", err)
		}
		if err := m.courier.expire(ctx); err != nil && ctx.Err() == nil {
			m.log.Error("outbox expiry failed", "err", err)
		}
		if week, err := m.digest.sendDue(ctx); err != nil && ctx.Err() == nil {
			m.log.Error("weekly digest failed", "err", err)
		} else if week != "" {
			m.log.Info("weekly digest sent", "week", week)
		}
		if m.purgeDue() {
			if n, err := m.purge(ctx, retentionJob); err != nil && ctx.Err() == nil {
				m.log.Error("retention purge failed", "err", err)
			} else if n > 0 {
				m.log.Info("retention purge", "cases", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeDue reports whether a retention purge is configured and due, and
// if so records it as done now.
func (m *maintenance) purgeDue() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if m.retentionDays <= 0 || (!m.lastPurged.IsZero() && now.Sub(m.lastPurged) < retentionEvery) {
		return false
	}
	m.lastPurged = now
	return true
}

// purge deletes the closed cases older than the retention period and
// audits it as done by actor. With no retention it deletes nothing.
func (m *maintenance) purge(ctx context.Context, actor User) (int, error) {
	if m.retentionDays <= 0 {
		return 0, nil
	}
	now := m.now()
	refs, err := m.store.PurgeClosed(ctx, now.AddDate(0, 0, -m.retentionDays))
	outcome := "ok"
	if err != nil {
		outcome = "error"
		err = fmt.Errorf("purge closed cases: %w", err)
	}
	if aerr := m.store.Audit(ctx, AuditEntry{At: now.UTC(), Actor: actor, Action: "purge",
		Target: fmt.Sprintf("%d cases", len(refs)), Outcome: outcome}); aerr != nil && err == nil {
		err = fmt.Errorf("audit the purge: %w", aerr)
	}
	return len(refs), err
}
