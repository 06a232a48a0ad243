package slack

import (
	"container/list"
	"sync"
	"time"
)

// cache is a bounded map whose entries expire: the least recently used
// entry is dropped when it is full. It is safe for concurrent use.
type cache[K comparable, V any] struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // front is most recently used
	items map[K]*list.Element
}

type cacheEntry[K comparable, V any] struct {
	key     K
	val     V
	expires time.Time
}

func newCache[K comparable, V any](size int, ttl time.Duration, now func() time.Time) *cache[K, V] {
	return &cache[K, V]{size: size, ttl: ttl, now: now, order: list.New(), items: make(map[K]*list.Element, size)}
}

// get returns the live value for key.
func (c *cache[K, V]) get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	ent := e.Value.(*cacheEntry[K, V])
	if c.now().After(ent.expires) {
		c.order.Remove(e)
		delete(c.items, key)
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return ent.val, true
}

// put stores val under key for the cache's lifetime.
func (c *cache[K, V]) put(key K, val V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(key, val)
}

func (c *cache[K, V]) putLocked(key K, val V) {
	exp := c.now().Add(c.ttl)
	if e, ok := c.items[key]; ok {
		ent := e.Value.(*cacheEntry[K, V])
		ent.val, ent.expires = val, exp
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry[K, V]{key: key, val: val, expires: exp})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry[K, V]).key)
	}
}

// add stores key and reports whether it was absent (or expired): the
// first caller for a key gets true, later ones false.
func (c *cache[K, V]) add(key K, val V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok && !c.now().After(e.Value.(*cacheEntry[K, V]).expires) {
		return false
	}
	c.putLocked(key, val)
	return true
}

// remove deletes key.
func (c *cache[K, V]) remove(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.Remove(e)
		delete(c.items, key)
	}
}
