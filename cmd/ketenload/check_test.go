package main

import (
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 99, 0},
		{"one value", ms(7), 50, 7 * time.Millisecond},
		{"median of unsorted", ms(5, 1, 3, 2, 4), 50, 3 * time.Millisecond},
		{"p99 of 100 is the 99th", ms(seq(100)...), 99, 99 * time.Millisecond},
		{"p99 of 10 is the max", ms(seq(10)...), 99, 10 * time.Millisecond},
		{"max", ms(3, 9, 1), 100, 9 * time.Millisecond},
		{"tiny p is the min", ms(3, 9, 1), 0.001, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := percentile(tt.in, tt.p), tt.want; got != want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.in, tt.p, got, want)
			}
		})
	}
}

// seq is 1..n.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func TestCheck(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	const police, ggd = 2, 7
	writes := []write{
		{marker: "m1", topic: "workspace:1", sent: at(0)},
		{marker: "m2", topic: "workspace:1", sent: at(10)},
		{marker: "r3", topic: "workspace:1", sent: at(20), restricted: true, allowed: map[int64]bool{police: true}},
		{marker: "x1", topic: "workspace:2", sent: at(30)},
	}
	tests := []struct {
		name   string
		stream stream
		want   verdict // latencies compared as a count and a sum
		sumMS  int
	}{
		{"all in order", stream{police, "workspace:1", []delivery{{1, "m1", at(5)}, {2, "m2", at(12)}, {3, "r3", at(21)}}},
			verdict{delivered: 3}, 5 + 2 + 1},
		{"gaps in seq are fine", stream{ggd, "workspace:1", []delivery{{1, "m1", at(3)}, {5, "m2", at(13)}}},
			verdict{delivered: 2}, 3 + 3},
		{"one lost", stream{police, "workspace:1", []delivery{{1, "m1", at(5)}, {3, "r3", at(22)}}},
			verdict{delivered: 2, lost: 1}, 5 + 2},
		{"restricted seen by an outsider", stream{ggd, "workspace:1", []delivery{{1, "m1", at(1)}, {2, "m2", at(11)}, {3, "r3", at(21)}}},
			verdict{delivered: 2, forbidden: 1}, 1 + 1},
		{"duplicate", stream{ggd, "workspace:1", []delivery{{1, "m1", at(1)}, {1, "m1", at(2)}, {2, "m2", at(11)}}},
			verdict{delivered: 2, duplicated: 1}, 1 + 1},
		{"out of order", stream{ggd, "workspace:1", []delivery{{2, "m2", at(11)}, {1, "m1", at(12)}}},
			verdict{delivered: 2, outOfOrder: 1}, 1 + 12},
		{"unknown marker", stream{ggd, "workspace:2", []delivery{{1, "x1", at(31)}, {2, "someone else", at(40)}}},
			verdict{delivered: 1, unknown: 1}, 1},
		{"nothing received", stream{police, "workspace:2", nil},
			verdict{lost: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(writes, []stream{tt.stream})
			var sum time.Duration
			for _, l := range got.latencies {
				sum += l
			}
			if got, want := len(got.latencies), tt.want.delivered; got != want {
				t.Errorf("%d latencies, want %d", got, want)
			}
			if got, want := sum, time.Duration(tt.sumMS)*time.Millisecond; got != want {
				t.Errorf("latencies sum to %v, want %v", got, want)
			}
			if got, want := counts(got), counts(tt.want); got != want {
				t.Errorf("check = %+v, want %+v", got, tt.want)
			}
			if got, want := got.failed(), tt.want.lost+tt.want.duplicated+tt.want.outOfOrder+tt.want.forbidden > 0; got != want {
				t.Errorf("failed() = %v, want %v", got, want)
			}
		})
	}
}

// counts are the counters of a verdict, comparable with ==.
func counts(v verdict) [6]int {
	return [6]int{v.delivered, v.lost, v.duplicated, v.outOfOrder, v.forbidden, v.unknown}
}

func TestLoopbackOnly(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.0.0.2:8080", true},
		{"http://localhost:8080", true},
		{"http://[::1]:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://example.org", false},
		{"ftp://127.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got, want := loopbackOnly(tt.url) == nil, tt.ok; got != want {
				t.Errorf("loopbackOnly(%q) allowed = %v, want %v", tt.url, got, want)
			}
		})
	}
}

func TestVmRSS(t *testing.T) {
	status := "Name:\tketenhub\nVmPeak:\t  900 kB\nVmRSS:\t   34192 kB\nRssAnon:\t 100 kB\n"
	got, err := vmRSS(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(34192); got != want {
		t.Errorf("vmRSS = %d, want %d", got, want)
	}
	if _, err := vmRSS(strings.NewReader("Name:\tx\n")); err == nil {
		t.Error("vmRSS without a VmRSS line: no error")
	}
}
