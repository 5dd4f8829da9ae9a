package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// DisplayService implements ketenhub.DisplayService. A screen's secret is a
// bearer credential in a cookie and its code a short one-time key: both
// are stored as SHA-256 digests only, so a copy of the database pairs no
// screen and opens no room view.
type DisplayService struct{ *base }

var _ ketenhub.DisplayService = (*DisplayService)(nil)

// DisplayCodeTTL is how long a pairing code can be used.
const DisplayCodeTTL = 10 * time.Minute

// displaySecretBytes is a screen's secret's length before encoding: 256 bits.
const displaySecretBytes = 32

type displayRow struct {
	ID             int64
	SecretHash     []byte
	CodeHash       []byte
	CodeExpiresAt  time.Time
	UserAgent      string
	MeetingID      *int64
	WorkspaceID    *int64
	PairedByUserID *int64
	PairedAt       *time.Time
	CreatedAt      time.Time
}

func (displayRow) TableName() string { return "displays" }

func (r *displayRow) domain() *ketenhub.Display {
	d := &ketenhub.Display{ID: r.ID, UserAgent: r.UserAgent}
	if r.MeetingID != nil {
		d.MeetingID = *r.MeetingID
	}
	if r.PairedByUserID != nil {
		d.PairedByUserID = *r.PairedByUserID
	}
	if r.PairedAt != nil {
		d.PairedAt = r.PairedAt.UTC()
	}
	return d
}

func errDisplayNotFound() error { return ketenhub.NotFound("display", "scherm") }

func errDisplayCode() error {
	return ketenhub.FieldError("code",
		"This code is unknown or has expired. Check the code on the screen; the screen shows a new one every ten minutes.",
		"Deze code is onbekend of verlopen. Controleer de code op het scherm; het scherm toont elke tien minuten een nieuwe.")
}

// FindRoomView returns the room view of a meeting as the viewer may see it.
// A member sees it; a beheerder from outside the workspace does not.
func (s *DisplayService) FindRoomView(ctx context.Context, meetingID int64) (*ketenhub.RoomView, error) {
	var out *ketenhub.RoomView
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, meetingID, false)
		if err != nil {
			return err
		}
		if !a.Role.Valid() {
			return errMeetingNotFound()
		}
		out, err = s.roomView(tx, m, viewerInRoom{b: s.base, a: a})
		return err
	})
	return out, err
}

// RequestDisplayCode starts a display with a new secret and code. Codes
// that expired unused are cleared on the way.
func (s *DisplayService) RequestDisplayCode(ctx context.Context, userAgent string) (*ketenhub.DisplayCode, error) {
	secret, err := randomSecret()
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := &ketenhub.DisplayCode{Secret: secret, ExpiresAt: now.Add(DisplayCodeTTL)}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("meeting_id IS NULL AND code_expires_at < ?", now).Delete(&displayRow{}).Error; err != nil {
			return fmt.Errorf("clear expired display codes: %w", err)
		}
		if out.Code, err = freeCode(tx); err != nil {
			return err
		}
		row := displayRow{SecretHash: digest(secret), CodeHash: digest(out.Code), CodeExpiresAt: out.ExpiresAt,
			UserAgent: strings.ToValidUTF8(userAgent[:min(len(userAgent), 200)], ""), CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create display: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// freeCode draws a code that no waiting display shows. With 25^6 codes
// and a handful waiting, the first draw is free but for a one in ten
// million chance; the unique index guards the rest.
func freeCode(tx *gorm.DB) (string, error) {
	for range 5 {
		code, err := randomCode()
		if err != nil {
			return "", err
		}
		var n int64
		if err := tx.Model(&displayRow{}).Where("code_hash = ?", digest(code)).Count(&n).Error; err != nil {
			return "", fmt.Errorf("check display code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("no free display code after five draws")
}

// PairDisplay pairs the display showing code with a meeting. The code is
// used up: it is cleared in the same update that pairs, so two chairs
// typing the same code cannot both pair it.
func (s *DisplayService) PairDisplay(ctx context.Context, meetingID int64, code string) (*ketenhub.Display, error) {
	code, err := ketenhub.NormalizeDisplayCode(code)
	if err != nil {
		return nil, err
	}
	var out *ketenhub.Display
	err = s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.runnableMeeting(ctx, tx, meetingID, true)
		if err != nil {
			return err
		}
		if !m.State.Open() {
			return errMeetingEnded()
		}
		now := s.now()
		var row displayRow
		err = tx.Where("code_hash = ? AND meeting_id IS NULL AND code_expires_at > ?", digest(code), now).Take(&row).Error
		if isNotFound(err) {
			return errDisplayCode()
		} else if err != nil {
			return fmt.Errorf("find display code: %w", err)
		}
		row.MeetingID, row.WorkspaceID, row.PairedByUserID, row.PairedAt = &m.ID, &m.WorkspaceID, &a.UserID, &now
		res := tx.Model(&displayRow{}).Where("id = ? AND meeting_id IS NULL", row.ID).
			Updates(map[string]any{"code_hash": nil, "meeting_id": m.ID, "workspace_id": m.WorkspaceID, "paired_by_user_id": a.UserID, "paired_at": now})
		if res.Error != nil {
			return fmt.Errorf("pair display: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errDisplayCode() // another chair paired it a moment earlier
		}
		out = row.domain()
		_, err = s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventDisplayPaired, ketenhub.SubjectDisplay, out.ID, out, wholeWorkspace, nil)
		return err
	})
	return out, err
}

// runnableMeeting loads a meeting for someone who may run it: ENOTFOUND if
// they may not see it, EFORBIDDEN if they may see but not run it.
func (s *DisplayService) runnableMeeting(ctx context.Context, tx *gorm.DB, meetingID int64, forUpdate bool) (*ketenhub.Meeting, access, error) {
	m, a, err := s.enterMeeting(ctx, tx, meetingID, forUpdate)
	if err != nil {
		return nil, access{}, err
	}
	if !a.Role.Valid() {
		return nil, access{}, errMeetingNotFound()
	}
	if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) {
		return nil, access{}, ketenhub.Forbidden()
	}
	return m, a, nil
}

// FindDisplays lists the displays paired with a meeting, oldest first.
func (s *DisplayService) FindDisplays(ctx context.Context, meetingID int64) ([]*ketenhub.Display, error) {
	var out []*ketenhub.Display
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if _, _, err := s.runnableMeeting(ctx, tx, meetingID, false); err != nil {
			return err
		}
		var rows []displayRow
		if err := tx.Where("meeting_id = ?", meetingID).Order("paired_at, id").Find(&rows).Error; err != nil {
			return fmt.Errorf("find displays: %w", err)
		}
		out = make([]*ketenhub.Display, len(rows))
		for i := range rows {
			out[i] = rows[i].domain()
		}
		return nil
	})
	return out, err
}

// RevokeDisplay unpairs a display of the meeting: its secret stops working
// at once, and the event tells the screen (through the hub) to look again.
func (s *DisplayService) RevokeDisplay(ctx context.Context, meetingID, displayID int64) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.runnableMeeting(ctx, tx, meetingID, true)
		if err != nil {
			return err
		}
		var row displayRow
		if err := tx.Where("id = ? AND meeting_id = ?", displayID, m.ID).Take(&row).Error; isNotFound(err) {
			return errDisplayNotFound()
		} else if err != nil {
			return fmt.Errorf("find display: %w", err)
		}
		if err := tx.Delete(&displayRow{}, row.ID).Error; err != nil {
			return fmt.Errorf("revoke display: %w", err)
		}
		_, err = s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventDisplayRevoked, ketenhub.SubjectDisplay, row.ID, row.domain(), wholeWorkspace, nil)
		return err
	})
}

// DisplayState returns what the display holding secret shows now.
func (s *DisplayService) DisplayState(ctx context.Context, secret string) (*ketenhub.DisplayState, error) {
	var out *ketenhub.DisplayState
	err := s.transact(ctx, func(tx *gorm.DB) error {
		row, err := s.findDisplay(tx, secret)
		if err != nil {
			return err
		}
		if row.MeetingID == nil {
			exp := row.CodeExpiresAt.UTC()
			out = &ketenhub.DisplayState{Status: ketenhub.DisplayWaiting, CodeExpiresAt: &exp}
			return nil
		}
		m, err := s.findMeeting(tx, *row.MeetingID, false)
		if err != nil {
			return notFoundAs(err, errDisplayNotFound())
		}
		if !m.State.Open() {
			out = &ketenhub.DisplayState{Status: ketenhub.DisplayEnded, MeetingTitle: m.Title}
			return nil
		}
		room, err := s.roomView(tx, m, displayInRoom{b: s.base, id: row.ID, workspaceID: m.WorkspaceID})
		out = &ketenhub.DisplayState{Status: ketenhub.DisplayPaired, MeetingTitle: m.Title, Room: room}
		return err
	})
	return out, err
}

// DisplayWorkspace returns the workspace whose events the display follows.
func (s *DisplayService) DisplayWorkspace(ctx context.Context, secret string) (int64, error) {
	row, err := s.findDisplay(s.conn(ctx), secret)
	if err != nil {
		return 0, err
	}
	if row.WorkspaceID == nil {
		return 0, nil
	}
	return *row.WorkspaceID, nil
}

// findDisplay loads the display holding secret: ENOTFOUND for a malformed
// or unknown secret and for a code that expired before it was paired. The
// secret is hashed before the lookup, so the database compares digests only.
func (s *DisplayService) findDisplay(tx *gorm.DB, secret string) (*displayRow, error) {
	raw, err := base64.RawURLEncoding.DecodeString(secret)
	if err != nil || len(raw) != displaySecretBytes {
		return nil, errDisplayNotFound()
	}
	var row displayRow
	if err := tx.Where("secret_hash = ?", digest(secret)).Take(&row).Error; isNotFound(err) {
		return nil, errDisplayNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find display: %w", err)
	}
	if row.MeetingID == nil && !row.CodeExpiresAt.After(s.now()) {
		return nil, errDisplayNotFound()
	}
	return &row, nil
}

func randomSecret() (string, error) {
	b := make([]byte, displaySecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make display secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// randomCode draws a code uniformly from the alphabet: bytes at or above
// the largest multiple of its size are drawn again, so no letter is likelier.
func randomCode() (string, error) {
	const n = len(ketenhub.DisplayCodeAlphabet)
	limit := byte(256 - 256%n)
	out := make([]byte, 0, ketenhub.DisplayCodeLength)
	buf := make([]byte, 16)
	for len(out) < ketenhub.DisplayCodeLength {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("make display code: %w", err)
		}
		for _, b := range buf {
			if b < limit && len(out) < ketenhub.DisplayCodeLength {
				out = append(out, ketenhub.DisplayCodeAlphabet[int(b)%n])
			}
		}
	}
	return string(out), nil
}

func digest(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}
