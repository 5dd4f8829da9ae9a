package realtime

// Metrics is told what a hub does, for monitoring (the server's Prometheus
// metrics implement it). Its methods are called on the hub's hot paths and
// must be cheap and safe for concurrent use.
type Metrics interface {
	// ConnectionOpened and ConnectionClosed bracket every websocket that
	// was upgraded and registered.
	ConnectionOpened()
	ConnectionClosed()
	// EventsFannedOut counts events read from the log once and offered to
	// a topic's subscriptions on this node.
	EventsFannedOut(n int)
	// SlowClientDropped counts connections closed because their send
	// queue was full (close code 4008).
	SlowClientDropped()
	// Replayed records how many events one subscription's replay sent.
	Replayed(events int)
}

// noMetrics is the Metrics of a hub configured without any.
type noMetrics struct{}

func (noMetrics) ConnectionOpened()   {}
func (noMetrics) ConnectionClosed()   {}
func (noMetrics) EventsFannedOut(int) {}
func (noMetrics) SlowClientDropped()  {}
func (noMetrics) Replayed(int)        {}
