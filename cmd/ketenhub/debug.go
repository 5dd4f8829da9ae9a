package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// parseDebugAddr reads KETENHUB_DEBUG_ADDR: empty (no listener) or a
// host:port whose host is a loopback address. The profiles show the hub's
// internals (goroutine stacks, heap contents), so they are never served on
// an address another machine can reach.
func parseDebugAddr(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	host, _, err := net.SplitHostPort(v)
	if err != nil {
		return "", invalid(settingDebugAddr, v, "want a loopback host:port such as 127.0.0.1:6060")
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", invalid(settingDebugAddr, v, "only a loopback address (127.0.0.1, ::1, localhost) is allowed")
	}
	if _, err := parseAddr(v); err != nil {
		return "", invalid(settingDebugAddr, v, "want a loopback host:port such as 127.0.0.1:6060")
	}
	return v, nil
}

// serveDebug serves net/http/pprof on addr until ctx ends. It is for
// profiling a running hub (docs/performance.md); a failure to listen is
// logged, never fatal to the hub.
func serveDebug(ctx context.Context, addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	log.Info("profiling listener", "addr", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("profiling listener", "addr", addr, "err", err)
	}
}
