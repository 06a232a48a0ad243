package monitor_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"vigil/bot"
	"vigil/monitor"
)

// database answers every readiness check.
type database struct{}

func (database) Ping(context.Context) error { return nil }

// The metrics are the core's Observer (bot.Options.Observer); Handler
// serves them with the health checks.
func ExampleMetrics_Handler() {
	metrics := monitor.New()
	var observer bot.Observer = metrics
	observer.ReportFiled(bot.CategoryGift)

	srv := httptest.NewServer(metrics.Handler(database{}))
	defer srv.Close()
	for _, path := range []string{"/healthz", "/readyz"} {
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		res.Body.Close()
		fmt.Println(path, res.StatusCode)
	}
	res, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), `vigil_reports_filed_total{category="gift"}`) {
			fmt.Println(sc.Text())
		}
	}
	// Output:
	// /healthz 200
	// /readyz 200
	// vigil_reports_filed_total{category="gift"} 1
}
