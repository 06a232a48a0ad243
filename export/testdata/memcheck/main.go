// Command memcheck exports generated cases to /dev/null so that the peak
// memory of an export can be measured from outside, with the process's
// maximum resident set size:
//
//	go build -o /tmp/memcheck ./export/testdata/memcheck
//	for n in 10000 100000; do /usr/bin/time -f "%C: %M KB max RSS, %e s" /tmp/memcheck -format csv -n $n; done
//
// It lives under testdata so that go build ./... and go vet ./... skip it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

func main() {
	format := flag.String("format", "csv", "export format")
	n := flag.Int("n", 100_000, "number of generated cases")
	flag.Parse()
	start := time.Now()
	if err := export.Write(io.Discard, *format, exporttest.Records(*n), export.Options{}); err != nil {
		fmt.Fprintln(os.Stderr, "memcheck:", err)
		os.Exit(1)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%s: %d cases in %v, %d MB allocated in total, heap now %.1f MB\n",
		*format, *n, time.Since(start).Round(time.Millisecond), ms.TotalAlloc>>20, float64(ms.HeapInuse)/(1<<20))
}
