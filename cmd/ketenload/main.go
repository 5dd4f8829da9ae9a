// Command ketenload measures the realtime push of a running Ketenhub: it
// signs in demo personas through the development identity provider, opens
// many websockets that follow workspaces, PATCHes actions through the REST
// API at a fixed rate, and reports delivery latency, throughput, lost,
// duplicated, reordered and forbidden deliveries, and the hub's memory per
// connection. See docs/performance.md.
//
//	ketenload -url http://127.0.0.1:8080 -scenario a
//
// It talks only to loopback addresses and exits 1 when the hub broke its
// delivery contract (anything lost, duplicated, reordered or forbidden) or
// refused a connection.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ketenhub/ketenhub/demo"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the hub broke its contract, or the run could not be done
	exitUsage  = 2
)

// options are the command line.
type options struct {
	urls       []string
	scenario   string
	clients    int
	workspaces int
	rate       float64
	duration   time.Duration
	drain      time.Duration
	serverPIDs []int
}

// scenarioDefaults are the clients, workspaces and writes per second of
// each scenario of the issue.
var scenarioDefaults = map[string]struct {
	clients, workspaces int
	rate                float64
}{
	"a": {2000, 1, 1},    // one busy workspace
	"b": {1000, 20, 200}, // many workspaces, many writes
	"c": {10000, 1, 0},   // idle connections: memory
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	} else if err != nil {
		fmt.Fprintln(stderr, "ketenload:", err)
		return exitUsage
	}
	rep, err := load(ctx, opts, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "ketenload:", err)
		return exitFailed
	}
	rep.print(stdout)
	if rep.verdict.failed() || rep.connectFailed > 0 {
		return exitFailed
	}
	return exitOK
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("ketenload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	urls := fs.String("url", "http://127.0.0.1:8080", "hub URLs, comma-separated; clients spread over them, writes go to the first")
	fs.StringVar(&o.scenario, "scenario", "a", "a (one workspace), b (20 workspaces, 200 writes/s) or c (idle connections)")
	fs.IntVar(&o.clients, "clients", 0, "websocket connections (0: the scenario's)")
	fs.IntVar(&o.workspaces, "workspaces", 0, "workspaces the clients spread over (0: the scenario's)")
	fs.Float64Var(&o.rate, "rate", -1, "writes per second over all workspaces (-1: the scenario's)")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long to write (or, in c, to hold the connections)")
	fs.DurationVar(&o.drain, "drain", 5*time.Second, "how long to wait for the last events after writing stops")
	pids := fs.String("server-pid", "", "hub process ids, comma-separated, whose VmRSS is read before and after connecting")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	def, ok := scenarioDefaults[o.scenario]
	if !ok {
		return o, fmt.Errorf("unknown scenario %q (a, b or c)", o.scenario)
	}
	if o.clients == 0 {
		o.clients = def.clients
	}
	if o.workspaces == 0 {
		o.workspaces = def.workspaces
	}
	if o.rate < 0 {
		o.rate = def.rate
	}
	if o.clients < 1 || o.workspaces < 1 || o.duration <= 0 {
		return o, errors.New("-clients, -workspaces and -duration must be positive")
	}
	for _, u := range strings.Split(*urls, ",") {
		u = strings.TrimRight(strings.TrimSpace(u), "/")
		if err := loopbackOnly(u); err != nil {
			return o, err
		}
		o.urls = append(o.urls, u)
	}
	for _, p := range strings.Split(*pids, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pid, err := strconv.Atoi(p)
		if err != nil {
			return o, fmt.Errorf("-server-pid %q: %w", p, err)
		}
		o.serverPIDs = append(o.serverPIDs, pid)
	}
	return o, nil
}

// loopbackOnly refuses any target but this machine: a load test against
// someone else's hub is an attack.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("-url %q: want http or https", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-url %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", raw)
}

// report is the outcome of a run.
type report struct {
	opts          options
	connected     int
	connectFailed int
	connectTime   time.Duration
	writes        int
	writeFailed   int64
	writeSpan     time.Duration
	verdict       verdict
	rss           []rssDelta
}

// load runs the scenario: set up, connect, write, drain, check.
func load(ctx context.Context, o options, progress io.Writer) (*report, error) {
	raiseFileLimit(progress)
	rep := &report{opts: o}
	base := o.urls[0]
	beheerder, err := signIn(ctx, base, "beheerder")
	if err != nil {
		return nil, err
	}
	writer, err := signIn(ctx, base, writerPersona)
	if err != nil {
		return nil, err
	}
	f, err := setUp(ctx, beheerder, writer, o.workspaces, strconv.FormatInt(time.Now().Unix(), 10))
	if err != nil {
		return nil, fmt.Errorf("set up: %w", err)
	}
	users, err := signInSubscribers(ctx, base)
	if err != nil {
		return nil, err
	}
	before := readRSS(o.serverPIDs)
	fmt.Fprintf(progress, "connecting %d clients to %d workspaces on %s\n", o.clients, o.workspaces, strings.Join(o.urls, ", "))
	start := time.Now()
	subs, failed := connect(ctx, o, users, f, progress)
	rep.connectTime, rep.connected, rep.connectFailed = time.Since(start), len(subs), failed
	time.Sleep(2 * time.Second) // let the hub's allocations settle
	rep.rss = rssDeltas(before, readRSS(o.serverPIDs), len(subs))
	fmt.Fprintf(progress, "%d connected in %s (%d failed); writing %.0f/s for %s\n", len(subs), rep.connectTime.Round(time.Millisecond), failed, o.rate, o.duration)

	log := &writeLog{}
	writeStart := time.Now()
	runWriters(ctx, o, writer, f, log)
	rep.writeSpan = time.Since(writeStart)
	if o.rate > 0 {
		sleep(ctx, o.drain)
	}
	streams := make([]stream, 0, len(subs))
	for _, s := range subs {
		streams = append(streams, s.close())
	}
	rep.writes, rep.writeFailed = len(log.writes), log.failed.Load()
	rep.verdict = check(log.writes, streams)
	return rep, nil
}

// signInSubscribers signs in every persona that works for a member
// organisation once; the websockets share their sessions round-robin.
func signInSubscribers(ctx context.Context, base string) ([]*user, error) {
	var users []*user
	for _, p := range demo.Personas {
		if p.OrganisationName == outsiderOrg {
			continue
		}
		u, err := signIn(ctx, base, p.Key)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// connectWorkers is how many websockets open at once.
const connectWorkers = 64

// connect opens o.clients websockets: client i as user i mod users, on URL
// i mod URLs, following workspace i mod workspaces. Sessions live in the
// database, so a cookie from the first node works on every node.
func connect(ctx context.Context, o options, users []*user, f *fixture, progress io.Writer) ([]*subscriber, int) {
	// Connecting is bounded too, generously: 10,000 upgrades take seconds to a minute.
	ctx, cancel := context.WithTimeout(ctx, o.duration+5*time.Minute)
	defer cancel()
	var (
		mu     sync.Mutex
		subs   []*subscriber
		failed int
		wg     sync.WaitGroup
	)
	next := make(chan int)
	for range connectWorkers {
		wg.Go(func() {
			for i := range next {
				u, w := users[i%len(users)], f.workspaces[i%len(f.workspaces)]
				s, err := subscribe(ctx, o.urls[i%len(o.urls)], u.sessionCookie(), u.me.Organisation.ID, w.topic())
				mu.Lock()
				if err != nil {
					if failed == 0 {
						fmt.Fprintln(progress, "ketenload: first failed connection:", err)
					}
					failed++
				} else {
					subs = append(subs, s)
				}
				mu.Unlock()
			}
		})
	}
	for i := 0; i < o.clients && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return subs, failed
}

// runWriters writes at o.rate spread evenly over the workspaces for
// o.duration (in scenario c, with rate 0, it only waits).
func runWriters(ctx context.Context, o options, writer *user, f *fixture, log *writeLog) {
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	if o.rate <= 0 {
		<-ctx.Done()
		return
	}
	interval := time.Duration(float64(time.Second) * float64(len(f.workspaces)) / o.rate)
	var wg sync.WaitGroup
	for _, w := range f.workspaces {
		wg.Go(func() { writeLoop(ctx, writer, w, f, interval, log) })
	}
	wg.Wait()
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func (r *report) print(w io.Writer) {
	o, v := r.opts, r.verdict
	fmt.Fprintf(w, "scenario %s: %d clients (%d failed to connect, %s to connect), %d workspaces, %.0f writes/s for %s\n",
		o.scenario, r.connected, r.connectFailed, r.connectTime.Round(time.Millisecond), o.workspaces, o.rate, o.duration)
	if o.rate > 0 {
		fmt.Fprintf(w, "writes:      %d ok (%.1f/s), %d failed\n", r.writes, float64(r.writes)/r.writeSpan.Seconds(), r.writeFailed)
		fmt.Fprintf(w, "deliveries:  %d (%.0f events/s)\n", v.delivered, float64(v.delivered)/r.writeSpan.Seconds())
		fmt.Fprintf(w, "latency:     p50 %s  p95 %s  p99 %s  max %s\n", ms(percentile(v.latencies, 50)),
			ms(percentile(v.latencies, 95)), ms(percentile(v.latencies, 99)), ms(percentile(v.latencies, 100)))
	}
	fmt.Fprintf(w, "contract:    lost %d  duplicated %d  out of order %d  forbidden %d  (unknown markers %d)\n",
		v.lost, v.duplicated, v.outOfOrder, v.forbidden, v.unknown)
	for _, d := range r.rss {
		fmt.Fprintf(w, "server pid %d: VmRSS %d → %d KiB, %.1f KiB per connection\n", d.pid, d.before, d.after, d.perConn)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
