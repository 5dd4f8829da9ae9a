package store_test

import (
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestSchema_Users checks what the schema itself guarantees about users,
// whatever code writes them: a user belongs to an existing organisation,
// and issuer plus subject name one user. The second migration rebuilds the
// users table on SQLite, so this also proves that its indexes survived.
func TestSchema_Users(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		org := f.insertOrganisation("Gemeente Purmerend", ketenhub.KindGemeente)
		insert := func(subject string, orgID int64) error {
			now := f.Clock.Now()
			return f.DB.Gorm().Exec(`INSERT INTO users (issuer, subject, name, email, organisation_id, platform_role, created_at, updated_at)
				VALUES ('https://idp.test', ?, 'Naam', '', ?, '', ?, ?)`, subject, orgID, now, now).Error
		}

		t.Run("OK", func(t *testing.T) {
			mustOK(t, insert("piet", org), "insert a user of an existing organisation")
		})
		t.Run("ErrUnknownOrganisation", func(t *testing.T) {
			if err := insert("klaas", 999999); err == nil {
				t.Fatal("a user of an organisation that does not exist was stored")
			}
		})
		t.Run("ErrSameIdentity", func(t *testing.T) {
			mustOK(t, insert("anna", org), "first insert")
			if err := insert("anna", org); err == nil {
				t.Fatal("a second user with the same issuer and subject was stored")
			}
		})
		t.Run("OrganisationInUse", func(t *testing.T) {
			if err := f.DB.Gorm().Exec(`DELETE FROM organisations WHERE id = ?`, org).Error; err == nil {
				t.Fatal("an organisation with users was deleted")
			}
		})
		t.Run("Indexes", func(t *testing.T) {
			m := f.DB.Gorm().Migrator()
			for _, index := range []string{"idx_users_identity", "idx_users_organisation_id"} {
				if !m.HasIndex("users", index) {
					t.Errorf("users has no index %s", index)
				}
			}
		})
	})
}
