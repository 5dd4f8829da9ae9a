package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// unavailable wraps an error that says the database cannot be reached for
// now into ketenhub.EUNAVAILABLE, so that the client is told to try again
// (503) instead of getting an internal error; other errors pass unchanged.
func unavailable(err error) error {
	if err == nil || ketenhub.ErrorOf(err) != nil || !isUnavailable(err) {
		return err
	}
	return ketenhub.Unavailable(err)
}

// isUnavailable reports whether err is about reaching the database rather
// than about the statement: a refused or dropped connection, a server
// shutting down or starting, too many connections, or a busy SQLite file.
func isUnavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return false // the request's own time ran out, or its client left
	case errors.As(err, &connectErr), errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01-57P03: admin or crash
		// shutdown, cannot connect now; 53300: too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" ||
			pgErr.Code == "57P03" || pgErr.Code == "53300"
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// registerUnavailable makes every statement's error go through unavailable.
func registerUnavailable(g *gorm.DB) error {
	mark := func(db *gorm.DB) {
		if db.Error != nil {
			db.Error = unavailable(db.Error)
		}
	}
	cb := g.Callback()
	for _, err := range []error{
		cb.Create().After("*").Register("ketenhub:unavailable", mark),
		cb.Query().After("*").Register("ketenhub:unavailable", mark),
		cb.Update().After("*").Register("ketenhub:unavailable", mark),
		cb.Delete().After("*").Register("ketenhub:unavailable", mark),
		cb.Row().After("*").Register("ketenhub:unavailable", mark),
		cb.Raw().After("*").Register("ketenhub:unavailable", mark),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
