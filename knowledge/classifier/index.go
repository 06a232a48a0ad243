package classifier

// index is the vocabulary's map from feature to row, built once and then
// only read. It is open addressing over exactly as many slots as a three
// quarters load needs (any number of slots, not only a power of two), and
// each slot keeps 32 bits of its feature's hash: 8 bytes a slot rather
// than the 12 of table, and no doubling, so about 40% of table's memory
// for the vocabulary. Two features are told apart by where they land and
// by those 32 bits; a feature outside the vocabulary matches one inside
// about once in half a billion look-ups.
type index struct {
	keys []uint32 // bits 30 to 61 of the feature
	rows []int32  // the row plus one; 0 marks an empty slot
}

// newIndex returns an index with room for n features.
func newIndex(n int) index {
	size := n + n/3 + 1 // at most three quarters full
	return index{keys: make([]uint32, size), rows: make([]int32, size)}
}

// slot is where a feature's probe starts: its hash mixed by a
// multiplication (so that every bit counts), scaled to the slots.
func (x index) slot(f Feature) int {
	mixed := uint64(f) * 0x9e3779b97f4a7c15 >> 32
	return int(mixed * uint64(len(x.keys)) >> 32)
}

// indexKey is the part of a feature a slot keeps: bits 30 to 61 (bits 62
// and 63 are the same for many features; see hash).
func indexKey(f Feature) uint32 { return uint32(f >> 30) }

// add stores the row of a feature that is not in the index yet.
func (x index) add(f Feature, row int32) {
	i := x.slot(f)
	for x.rows[i] != 0 {
		if i++; i == len(x.rows) {
			i = 0
		}
	}
	x.keys[i], x.rows[i] = indexKey(f), row+1
}

// get returns the row of a feature.
func (x index) get(f Feature) (int32, bool) {
	k := indexKey(f)
	i := x.slot(f)
	for x.rows[i] != 0 {
		if x.keys[i] == k {
			return x.rows[i] - 1, true
		}
		if i++; i == len(x.rows) {
			i = 0
		}
	}
	return 0, false
}
