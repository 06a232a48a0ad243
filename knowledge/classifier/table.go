package classifier

// table maps features to numbers by open addressing, while a vocabulary
// is built (index keeps the result). Features are hashes already, so
// their low bits pick the slot: no second hash, and a probe that reads
// neighbouring slots of one array (about three times faster than a Go map
// on the vocabulary's look-ups, and smaller). It is kept up to seven
// eighths full.
type table struct {
	keys []Feature // 0 marks an empty slot; stored keys have bit 62 set
	vals []int32
	n    int
}

// usedSlot is set on stored keys: bit 62 is clear in every feature (see
// hash), so a stored key is never 0.
const usedSlot Feature = 1 << 62

// newTable returns a table with room for n keys before it grows.
func newTable(n int) *table {
	size := 16
	for size*7 < n*8 { // at most seven eighths full
		size *= 2
	}
	return &table{keys: make([]Feature, size), vals: make([]int32, size)}
}

// get returns the number stored for f.
func (t *table) get(f Feature) (int32, bool) {
	mask := uint64(len(t.keys) - 1)
	k := f | usedSlot
	for i := uint64(f) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// add stores v for f unless f is already there, and returns the number
// stored for f and whether it was added.
func (t *table) add(f Feature, v int32) (int32, bool) {
	if (t.n+1)*8 > len(t.keys)*7 {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	k := f | usedSlot
	for i := uint64(f) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], false
		case 0:
			t.keys[i], t.vals[i] = k, v
			t.n++
			return v, true
		}
	}
}

// grow doubles the slots and stores the keys again.
func (t *table) grow() {
	old := *t
	*t = table{keys: make([]Feature, 2*len(old.keys)), vals: make([]int32, 2*len(old.keys))}
	for i, k := range old.keys {
		if k != 0 {
			t.add(k&^usedSlot, old.vals[i])
		}
	}
}
