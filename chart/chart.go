package chart

import (
	"errors"
	"fmt"
	"image/png"
	"io"
	"slices"
)

// Default picture size in pixels, used when Options leaves it at zero.
const (
	DefaultWidth  = 1200
	DefaultHeight = 600
)

// Size bounds in pixels: the picture keeps its layout at any size, so a
// smaller one would make its words too small to read; a larger one only
// costs memory (4 bytes a pixel).
const (
	MinWidth  = 800
	MinHeight = 400
	MaxWidth  = 4096
	MaxHeight = 4096
)

// MaxCount bounds every count Render accepts, far above any real week or
// backlog, so that sums and axis steps stay well inside an int.
const MaxCount = 1_000_000_000

// Category keys, in the order the weekly bars stack them (bottom first).
const (
	Payment        = "payment"
	Gift           = "gift"
	Travel         = "travel"
	Diplomat       = "diplomat"
	Online         = "online"
	Pressure       = "pressure"
	Disinformation = "disinformation"
	Cyber          = "cyber"
	Other          = "other"
)

// Categories returns the category keys a Week may count, bottom of the
// stack first. The slice is a fresh copy.
func Categories() []string {
	return []string{Payment, Gift, Travel, Diplomat, Online, Pressure, Disinformation, Cyber, Other}
}

// ErrInput is wrapped by every error Render returns for a Stats or Options
// value it cannot draw (an unknown category key, a count outside 0 to
// MaxCount, a size out of bounds).
var ErrInput = errors.New("chart: invalid input")

// Stats is what the picture shows: the reports of a period week by week
// and the cases open now.
type Stats struct {
	// Title is drawn above both panels; empty draws none.
	Title string
	// Weeks are the weeks of the period, oldest first. A week without a
	// report still takes its place on the axis.
	Weeks []Week
	// Open counts the open cases by severity.
	Open OpenCases
}

// Week is one bar of the weekly panel.
type Week struct {
	// Label names the week under its bar, normally its ISO week
	// ("2026-W47").
	Label string
	// Counts holds the reports filed that week by category key (see
	// Categories). A missing key counts zero.
	Counts map[string]int
}

// OpenCases counts the cases still open, by severity.
type OpenCases struct {
	Low, Medium, High int
}

// Options sets the size and the words of the picture.
type Options struct {
	// Width and Height are the size of the PNG in pixels; zero means
	// DefaultWidth and DefaultHeight.
	Width, Height int
	// Labels holds every word drawn; empty fields fall back to English.
	Labels Labels
}

// Labels holds the words of the picture, in the caller's language. An
// empty field falls back to the English text given with it.
type Labels struct {
	// Categories names each category key in the legend ("payment" ->
	// "Offer of payment"). A missing key is shown as the key itself.
	Categories map[string]string
	// Low, Medium and High name the severities under their bars
	// ("low", "medium", "high").
	Low, Medium, High string
	// Weekly titles the left panel ("Reports per week").
	Weekly string
	// Open titles the right panel ("Open cases by severity").
	Open string
	// Reports labels the weekly panel's vertical axis ("reports").
	Reports string
	// Cases labels the severity panel's vertical axis ("cases").
	Cases string
	// NoReports replaces the weekly bars when the period has no report
	// ("No reports in this period").
	NoReports string
	// NoOpenCases replaces the severity bars when no case is open
	// ("No open cases").
	NoOpenCases string
}

// withDefaults returns l with every empty word replaced by its English
// fallback.
func (l Labels) withDefaults() Labels {
	def := func(s *string, en string) {
		if *s == "" {
			*s = en
		}
	}
	def(&l.Low, "low")
	def(&l.Medium, "medium")
	def(&l.High, "high")
	def(&l.Weekly, "Reports per week")
	def(&l.Open, "Open cases by severity")
	def(&l.Reports, "reports")
	def(&l.Cases, "cases")
	def(&l.NoReports, "No reports in this period")
	def(&l.NoOpenCases, "No open cases")
	return l
}

// category returns the legend name of a category key.
func (l Labels) category(key string) string {
	if name := l.Categories[key]; name != "" {
		return name
	}
	return key
}

// Render draws s as a PNG of opt's size and writes it to w. Anyone may call
// it, from any number of goroutines at once. It returns an error wrapping
// ErrInput when s holds an unknown category key or a count outside 0 to
// MaxCount or when the size is out of bounds, and one wrapping the
// writer's error when writing fails. A period without any report is not an
// error: the picture says so.
func Render(w io.Writer, s Stats, opt Options) error {
	width, height, err := size(opt)
	if err != nil {
		return err
	}
	if err := validate(s); err != nil {
		return err
	}
	img := picture(s, opt.Labels.withDefaults(), width, height)
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("chart: write png: %w", err)
	}
	return nil
}

// size returns the picture size opt asks for, or an error when it is out
// of bounds.
func size(opt Options) (width, height int, err error) {
	width, height = opt.Width, opt.Height
	if width == 0 && height == 0 {
		return DefaultWidth, DefaultHeight, nil
	}
	if width < MinWidth || width > MaxWidth || height < MinHeight || height > MaxHeight {
		return 0, 0, fmt.Errorf("%w: size %dx%d outside %dx%d to %dx%d",
			ErrInput, width, height, MinWidth, MinHeight, MaxWidth, MaxHeight)
	}
	return width, height, nil
}

// validate checks that every count is of a known category and within 0
// to MaxCount.
func validate(s Stats) error {
	known := Categories()
	for _, wk := range s.Weeks {
		for key, n := range wk.Counts {
			if !slices.Contains(known, key) {
				return fmt.Errorf("%w: week %q: unknown category %q", ErrInput, wk.Label, key)
			}
			if n < 0 || n > MaxCount {
				return fmt.Errorf("%w: week %q: count %d for %s outside 0 to %d", ErrInput, wk.Label, n, key, MaxCount)
			}
		}
	}
	for _, n := range []int{s.Open.Low, s.Open.Medium, s.Open.High} {
		if n < 0 || n > MaxCount {
			return fmt.Errorf("%w: open case count %d outside 0 to %d", ErrInput, n, MaxCount)
		}
	}
	return nil
}
