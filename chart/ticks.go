package chart

import "strconv"

// tick is a mark on an axis: the count or bar position it stands at and
// the words beside it, empty for an unnamed mark.
type tick struct {
	Value int
	Label string
}

// countAxis returns the ticks of a count axis that reaches top: whole
// numbers from zero, at most six of them one step of 1, 2 or 5 times a
// power of ten apart, the last one (the axis top) at or above top.
func countAxis(top int) []tick {
	step := countStep(top)
	last := (top + step - 1) / step * step
	var ticks []tick
	for v := 0; v <= last; v += step {
		ticks = append(ticks, tick{Value: v, Label: strconv.Itoa(v)})
	}
	return ticks
}

// countStep returns the smallest step of 1, 2 or 5 times a power of ten
// that reaches top in at most five steps. top is at most a week's total,
// nine times MaxCount, so the steps stay well inside an int.
func countStep(top int) int {
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if step := m * mag; (top+step-1)/step <= 5 {
				return step
			}
		}
	}
}

// weekTicks names every every-th slot of a panel, counting back from the
// last one so that the latest week is always named; the others get an
// unnamed tick.
type weekTicks struct {
	labels []string
	every  int
}

// Ticks returns one tick per slot, at its position (0 for the first).
func (t weekTicks) Ticks() []tick {
	ticks := make([]tick, len(t.labels))
	last := len(t.labels) - 1
	for i, label := range t.labels {
		ticks[i].Value = i
		if (last-i)%max(t.every, 1) == 0 {
			ticks[i].Label = label
		}
	}
	return ticks
}
