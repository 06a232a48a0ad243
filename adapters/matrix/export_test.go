package matrix

// WithTimelineLimit returns cfg with at most n timeline events per room
// and sync, so that integration tests can make the homeserver leave
// events out of a sync.
func WithTimelineLimit(cfg Config, n int) Config {
	cfg.timelineLimit = n
	return cfg
}
