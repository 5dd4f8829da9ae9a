package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// serveMetrics serves the Prometheus metrics at /metrics on a listener of
// their own (KETENHUB_METRICS_ADDR), so that they never reach the public
// port, until ctx ends. It listens before it returns, and calls ready, if
// set, with the address it listens on. A failure to listen (the port is
// taken) is logged, never fatal to the hub: the hub serves users without
// its metrics, and the scraper reports the target down.
func serveMetrics(ctx context.Context, addr string, metrics http.Handler, log *slog.Logger, ready func(net.Addr)) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("metrics listener", "addr", addr, "err", err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("metrics listener", "addr", ln.Addr().String())
	if ready != nil {
		ready(ln.Addr())
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "addr", addr, "err", err)
		}
	}()
}
