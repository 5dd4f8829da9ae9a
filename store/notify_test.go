package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ketenhub/ketenhub/store"
)

// TestNotify_OnlyCommittedEvents listens on store.NotifyChannel while one
// transaction appends an event and then fails at commit (a deferred
// constraint trigger refuses it after the NOTIFY was sent), and another
// commits. Only the committed event may be announced: a node told of an
// event that rolled back would read a sequence number the log does not hold.
func TestNotify_OnlyCommittedEvents(t *testing.T) {
	w := newWorld(t, "postgres")
	ctx := context.Background()
	mustOK(t, w.DB.Gorm().Exec(`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.payload LIKE '%teruggedraaid%' THEN RAISE EXCEPTION 'refused at commit'; END IF;
	RETURN NULL;
END $$`).Error, "create trigger function")
	mustOK(t, w.DB.Gorm().Exec(`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON events
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()`).Error, "create trigger")

	sqlDB, err := w.DB.Gorm().DB()
	mustOK(t, err, "database handle")
	conn, err := sqlDB.Conn(ctx)
	mustOK(t, err, "connection")
	defer conn.Close()
	var heard []string
	err = conn.Raw(func(dc any) error {
		listener := dc.(*stdlib.Conn).Conn()
		if _, err := listener.Exec(ctx, "LISTEN "+store.NotifyChannel); err != nil {
			return err
		}
		if err := w.Svc.Actions.CreateAction(w.Gemeente.Ctx, w.newAction("teruggedraaid", w.Gemeente)); err == nil {
			return errors.New("the refused transaction committed")
		}
		w.mustCreateAction(w.Gemeente, w.newAction("blijft", w.Gemeente))
		for {
			wctx, cancel := context.WithTimeout(ctx, time.Second)
			n, err := listener.WaitForNotification(wctx)
			cancel()
			if err != nil {
				if wctx.Err() != nil {
					return nil // a second of silence: all was heard
				}
				return err
			}
			heard = append(heard, n.Payload)
		}
	})
	mustOK(t, err, "listen")

	if got, want := len(heard), 1; got != want {
		t.Fatalf("heard %q, want one notification", heard)
	}
	ws, seq, err := store.ParseNotification(heard[0])
	mustOK(t, err, "parse notification")
	if got, want := [2]int64{ws, seq}, [2]int64{w.WS.ID, lastSeq(t, w.DB, w.WS.ID)}; got != want {
		t.Fatalf("heard %v, want %v", got, want)
	}
}
