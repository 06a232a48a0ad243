// Package monitor exposes Vigil's health and Prometheus metrics over HTTP:
// /healthz (the process is up), /readyz (the database answers and every
// connected adapter is connected) and /metrics.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"vigil/bot"
)

// Metrics records the core's operational events as Prometheus metrics. It
// implements bot.Observer.
type Metrics struct {
	registry *prometheus.Registry
	in       *prometheus.CounterVec
	out      *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	reports  *prometheus.CounterVec
	exports  *prometheus.CounterVec
	refused  *prometheus.CounterVec
}

var _ bot.Observer = (*Metrics)(nil)

// New returns metrics registered in a fresh registry, with the Go runtime
// and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		in: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_messages_received_total",
			Help: "Messages received, by platform."}, []string{"platform"}),
		out: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_messages_sent_total",
			Help: "Replies sent, by platform and result (ok, failed)."}, []string{"platform", "result"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_answer_seconds",
			Help:    "Time the core took to answer a message, by platform.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"platform"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_reports_filed_total",
			Help: "Reports filed, by category."}, []string{"category"}),
		exports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_exports_total",
			Help: "Exports sent in chat, by format and outcome."}, []string{"format", "outcome"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_refused_total",
			Help: "Refused commands, by reason (team: not a security team member; rate: rate limit; lookup: look-ups paused after repeated failures)."}, []string{"reason"}),
	}
	m.registry.MustRegister(m.in, m.out, m.latency, m.reports, m.exports, m.refused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, c := range bot.Categories() {
		m.reports.WithLabelValues(string(c)) // export zeros for every category
	}
	return m
}

// MessageIn implements bot.Observer.
func (m *Metrics) MessageIn(platform string) { m.in.WithLabelValues(platform).Inc() }

// MessageOut implements bot.Observer.
func (m *Metrics) MessageOut(platform string, ok bool) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.out.WithLabelValues(platform, result).Inc()
}

// Answered implements bot.Observer.
func (m *Metrics) Answered(platform string, d time.Duration) {
	m.latency.WithLabelValues(platform).Observe(d.Seconds())
}

// ReportFiled implements bot.Observer.
func (m *Metrics) ReportFiled(c bot.Category) { m.reports.WithLabelValues(string(c)).Inc() }

// Exported implements bot.Observer.
func (m *Metrics) Exported(format, outcome string) { m.exports.WithLabelValues(format, outcome).Inc() }

// Refused implements bot.Observer.
func (m *Metrics) Refused(reason string) { m.refused.WithLabelValues(reason).Inc() }

// WatchAdapters adds gauges of the connection state and reconnections of
// every adapter that reports them.
func (m *Metrics) WatchAdapters(adapters ...bot.Adapter) {
	var watched []bot.Adapter
	for _, a := range adapters {
		if _, ok := a.(bot.ConnectionReporter); ok {
			watched = append(watched, a)
		}
	}
	m.registry.MustRegister(connectionCollector(watched))
}

var (
	connectedDesc = prometheus.NewDesc("vigil_adapter_connected",
		"1 when the adapter is connected to its platform, else 0.", []string{"platform"}, nil)
	reconnectsDesc = prometheus.NewDesc("vigil_adapter_reconnects_total",
		"Reconnections of the adapter since start.", []string{"platform"}, nil)
)

// connectionCollector reads adapter connection states at scrape time.
type connectionCollector []bot.Adapter

func (c connectionCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- connectedDesc
	ch <- reconnectsDesc
}

func (c connectionCollector) Collect(ch chan<- prometheus.Metric) {
	for _, a := range c {
		st := a.(bot.ConnectionReporter).Connection()
		up := 0.0
		if st.Connected {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(connectedDesc, prometheus.GaugeValue, up, a.Platform())
		ch <- prometheus.MustNewConstMetric(reconnectsDesc, prometheus.CounterValue, float64(st.Reconnects), a.Platform())
	}
}

// Pinger is the database check used by /readyz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Handler serves /healthz, /readyz and /metrics. Readiness requires the
// database to answer and every adapter that reports a connection to be
// connected.
func (m *Metrics) Handler(db Pinger, adapters ...bot.Adapter) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var problems []string
		if err := db.Ping(ctx); err != nil {
			problems = append(problems, "database: not answering")
		}
		for _, a := range adapters {
			if cr, ok := a.(bot.ConnectionReporter); ok && !cr.Connection().Connected {
				problems = append(problems, a.Platform()+": not connected")
			}
		}
		if len(problems) > 0 {
			http.Error(w, strings.Join(problems, "\n"), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	return mux
}

// Serve listens on addr and serves h until ctx ends, then shuts down
// gracefully. It returns an error when the address cannot be used.
func Serve(ctx context.Context, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("monitoring listener: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("monitoring listener: %w", err)
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			return fmt.Errorf("monitoring listener: %w", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("monitoring listener: %w", err)
		}
		return nil
	}
}
