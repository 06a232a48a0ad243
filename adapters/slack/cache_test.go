package slack

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestCacheIsBoundedAndExpires(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newCache[string, int](3, time.Minute, func() time.Time { return now })
	for i := range 3 {
		c.put(fmt.Sprint(i), i)
	}
	c.get("0") // 0 is now the most recently used; 1 the least
	c.put("3", 3)
	if _, ok := c.get("1"); ok {
		t.Error("least recently used entry not evicted")
	}
	for _, k := range []string{"0", "2", "3"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("entry %s lost", k)
		}
	}
	if !c.add("4", 4) || c.add("4", 4) {
		t.Error("add should report only the first insertion")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.get("3"); ok {
		t.Error("expired entry returned")
	}
	if !c.add("4", 4) {
		t.Error("an expired key should count as new")
	}
	c.remove("4")
	if _, ok := c.get("4"); ok {
		t.Error("removed entry returned")
	}
}

func TestSerialKeepsOrderPerKey(t *testing.T) {
	s := newSerial()
	var mu sync.Mutex
	got := map[string][]int{}
	for i := range 50 {
		for _, key := range []string{"a", "b", "c"} {
			s.do(key, func() {
				mu.Lock()
				got[key] = append(got[key], i)
				mu.Unlock()
			})
		}
	}
	s.wait()
	for _, key := range []string{"a", "b", "c"} {
		if len(got[key]) != 50 || !slices.IsSorted(got[key]) {
			t.Errorf("jobs for %s ran as %v", key, got[key])
		}
	}
}

func TestSerialRefusesFloods(t *testing.T) {
	s := newSerial()
	release := make(chan struct{})
	s.do("k", func() { <-release })
	accepted := 0
	for range maxQueued + 10 {
		if s.do("k", func() {}) {
			accepted++
		}
	}
	close(release)
	s.wait()
	if accepted > maxQueued || accepted < maxQueued-1 {
		t.Errorf("accepted %d pending jobs, limit %d", accepted, maxQueued)
	}
}
