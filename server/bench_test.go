package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// BenchmarkUpdateAction measures the REST write path that ketenload drives:
// PATCH /api/v1/actions/:id with a session cookie and CSRF token, through
// the whole router (session resolution, CSRF, decoding, the store's
// transaction with its event and, on PostgreSQL, the NOTIFY). Every tenth
// write goes to an action restricted to two organisations, as in ketenload.
//
//	go test -run '^$' -bench UpdateAction -benchmem -cpuprofile cpu.out ./server/
func BenchmarkUpdateAction(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) { benchmarkUpdateAction(b, kind) })
	}
}

func benchmarkUpdateAction(b *testing.B, kind string) {
	ctx := context.Background()
	cfg := store.Config{DataDir: b.TempDir()}
	if kind == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(b)
	}
	db, err := store.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
	sessions := auth.NewSessions(svc.Sessions, svc.Users, ketenhub.SystemClock{}, auth.SessionOptions{})
	srv := server.New(server.Config{AllowedOrigins: []string{allowedOrigin}, Logger: slog.New(slog.DiscardHandler)},
		server.Services{Services: svc.Services, Sessions: sessions})
	h := srv.Handler()

	admin := benchUser(b, db, svc, "beheerder", 0, ketenhub.PlatformRoleBeheerder)
	adminCtx := ketenhub.NewContextWithViewer(ctx, admin.Viewer())
	var orgs [2]*ketenhub.Organisation
	for i, kind := range []ketenhub.OrganisationKind{ketenhub.KindGemeente, ketenhub.KindPolitie} {
		orgs[i] = &ketenhub.Organisation{Name: fmt.Sprintf("Organisatie %d", i), Kind: kind}
		if err := svc.Organisations.CreateOrganisation(adminCtx, orgs[i]); err != nil {
			b.Fatal(err)
		}
	}
	ws := &ketenhub.Workspace{Title: "Belasting", Theme: ketenhub.ThemeOndermijning}
	if err := svc.Workspaces.CreateWorkspace(adminCtx, ws); err != nil {
		b.Fatal(err)
	}
	for i, o := range orgs {
		role := ketenhub.RolePartner
		if i == 0 {
			role = ketenhub.RoleRegisseur
		}
		if _, err := svc.Workspaces.SetMembership(adminCtx, ws.ID, o.ID, role); err != nil {
			b.Fatal(err)
		}
	}
	writer := benchUser(b, db, svc, "schrijver", orgs[0].ID, ketenhub.PlatformRoleNone)
	writerCtx := ketenhub.NewContextWithViewer(ctx, writer.Viewer())
	token, sess, err := sessions.Create(ctx, writer, auth.SessionMeta{})
	if err != nil {
		b.Fatal(err)
	}
	public := &ketenhub.Action{WorkspaceID: ws.ID, Title: "Openbaar", Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}}
	restricted := &ketenhub.Action{WorkspaceID: ws.ID, Title: "Beperkt",
		Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{orgs[0].ID, orgs[1].ID}}}
	for _, a := range []*ketenhub.Action{public, restricted} {
		if err := svc.Actions.CreateAction(writerCtx, a); err != nil {
			b.Fatal(err)
		}
	}

	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; b.Loop(); n++ {
		a := public
		if n%10 == 9 {
			a = restricted
		}
		body := `{"version":` + strconv.FormatInt(a.Version, 10) + `,"description":"m-` + strconv.Itoa(n) + `"}`
		req := httptest.NewRequest(http.MethodPatch, "/api/v1/actions/"+strconv.FormatInt(a.ID, 10), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", allowedOrigin)
		req.Header.Set(auth.CSRFHeader, sess.CSRFToken)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: token})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
		}
		a.Version++
		io.Copy(io.Discard, rec.Body)
	}
}

func benchUser(b *testing.B, db *store.DB, svc *store.Services, name string, orgID int64, role ketenhub.PlatformRole) *ketenhub.User {
	b.Helper()
	if orgID == 0 {
		var platform int64
		now := time.Now().UTC()
		err := db.Gorm().Raw(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?) RETURNING id`,
			"Platformbeheer", string(ketenhub.KindVeiligheidsregio), now, now).Scan(&platform).Error
		if err != nil {
			b.Fatal(err)
		}
		orgID = platform
	}
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: name, Name: name, OrganisationID: orgID, PlatformRole: role}
	if err := svc.Users.UpsertUser(context.Background(), u); err != nil {
		b.Fatal(err)
	}
	return u
}
