package store

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// A restricted subject's visibility is its scope column and the
// organisations and people named for it in visible_orgs and visible_users.

// visibleUserRow names a person who may see a restricted item, comment or event.
type visibleUserRow struct {
	SubjectType string
	SubjectID   int64
	UserID      int64
}

func (visibleUserRow) TableName() string { return "visible_users" }

// setVisibleOrgs records the organisations and people that may see a
// restricted subject.
func setVisibleOrgs(tx *gorm.DB, subject ketenhub.SubjectType, id int64, vis ketenhub.Visibility) error {
	for _, row := range []any{&visibleOrgRow{}, &visibleUserRow{}} {
		if err := tx.Where("subject_type = ? AND subject_id = ?", string(subject), id).Delete(row).Error; err != nil {
			return fmt.Errorf("clear visibility: %w", err)
		}
	}
	return insertVisibleOrgs(tx, subject, id, vis)
}

// insertVisibleOrgs records the organisations and people that may see a
// subject that was just created and so has none recorded yet: ids are never
// reused (a PostgreSQL serial, a SQLite AUTOINCREMENT key), which spares
// the write path the DELETE of setVisibleOrgs.
func insertVisibleOrgs(tx *gorm.DB, subject ketenhub.SubjectType, id int64, vis ketenhub.Visibility) error {
	if vis.Scope != ketenhub.ScopeRestricted {
		return nil
	}
	if len(vis.Organisations) > 0 {
		rows := make([]visibleOrgRow, 0, len(vis.Organisations))
		for _, org := range vis.Organisations {
			rows = append(rows, visibleOrgRow{SubjectType: string(subject), SubjectID: id, OrganisationID: org})
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("set visibility: %w", err)
		}
	}
	if len(vis.Users) > 0 {
		rows := make([]visibleUserRow, 0, len(vis.Users))
		for _, user := range vis.Users {
			rows = append(rows, visibleUserRow{SubjectType: string(subject), SubjectID: id, UserID: user})
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("set visibility: %w", err)
		}
	}
	return nil
}

// restrictedOrgs returns the ids of the restricted rows and, per id, the
// organisations and people named for them: what every read of items needs
// to rebuild their visibility and to audit reads of restricted ones.
func restrictedOrgs[R scoped](tx *gorm.DB, subject ketenhub.SubjectType, rows []R) ([]int64, map[int64]ketenhub.Visibility, error) {
	var restricted []int64
	for _, r := range rows {
		if id, vis := r.scope(); vis == string(ketenhub.ScopeRestricted) {
			restricted = append(restricted, id)
		}
	}
	named, err := visibleOrgs(tx, subject, restricted)
	return restricted, named, err
}

// visibleOrgs returns, per subject id, the organisations and people named
// for it (the visibility without its scope; see visibilityOf).
func visibleOrgs(tx *gorm.DB, subject ketenhub.SubjectType, ids []int64) (map[int64]ketenhub.Visibility, error) {
	out := make(map[int64]ketenhub.Visibility)
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		SubjectID, OrganisationID, UserID int64
	}
	err := tx.Raw(`SELECT subject_id, organisation_id, 0 AS user_id FROM visible_orgs WHERE subject_type = ? AND subject_id IN ?
UNION ALL SELECT subject_id, 0, user_id FROM visible_users WHERE subject_type = ? AND subject_id IN ?
ORDER BY 1, 2, 3`, string(subject), ids, string(subject), ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find visibility: %w", err)
	}
	for _, r := range rows {
		n := out[r.SubjectID]
		if r.UserID != 0 {
			n.Users = append(n.Users, r.UserID)
		} else {
			n.Organisations = append(n.Organisations, r.OrganisationID)
		}
		out[r.SubjectID] = n
	}
	return out, nil
}

// checkVisibility normalises a visibility for a new or changed item in a
// workspace: a restricted set always includes the actor (their
// organisation, or themselves when it names people), every organisation in
// it must be a member, and every person in it must take part.
func checkVisibility(tx *gorm.DB, workspaceID int64, vis ketenhub.Visibility, actor ketenhub.Viewer) (ketenhub.Visibility, error) {
	if vis.Scope == "" {
		vis.Scope = ketenhub.ScopeWorkspace
	}
	if err := vis.Validate(); err != nil {
		return vis, err
	}
	if vis.Scope == ketenhub.ScopeWorkspace {
		vis.Organisations, vis.Users = nil, nil
		return vis, nil
	}
	if len(vis.Users) > 0 {
		vis.Users = uniqueIDs(append(vis.Users, actor.UserID))
		vis.Organisations = uniqueIDs(vis.Organisations)
	} else {
		vis.Organisations = uniqueIDs(append(vis.Organisations, actor.OrganisationID))
	}
	var members int64
	if err := tx.Table("memberships").Where("workspace_id = ? AND organisation_id IN ?", workspaceID, vis.Organisations).Count(&members).Error; err != nil {
		return vis, fmt.Errorf("check visibility: %w", err)
	}
	if int(members) != len(vis.Organisations) {
		return vis, ketenhub.FieldError("visibility", "Every organisation in a restricted visibility must be a member of the workspace.", "Elke organisatie in een beperkte zichtbaarheid moet lid zijn van de werkruimte.")
	}
	if len(vis.Users) == 0 {
		vis.Users = nil
		return vis, nil
	}
	taking, err := takingPart(tx, workspaceID, vis.Users)
	if err != nil {
		return vis, err
	}
	if len(taking) != len(vis.Users) {
		return vis, ketenhub.FieldError("visibility", "Every person in a restricted visibility must take part in the workspace.", "Elke persoon in een beperkte zichtbaarheid moet deelnemen aan de werkruimte.")
	}
	return vis, nil
}

// takingPart returns those of the users who take part in a workspace:
// their organisation is a member and admits them.
func takingPart(tx *gorm.DB, workspaceID int64, users []int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw("SELECT u.id FROM users u WHERE u.id IN ? AND "+userTakesPartSQL(workspaceID), users).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("find people taking part: %w", err)
	}
	return ids, nil
}

// namesAll reports whether visibility outer lets everyone see what inner
// lets see: each organisation inner names is named by outer, and each
// person inner names is named by outer or works for an organisation it
// names (orgOf gives each person's organisation).
func namesAll(outer, inner ketenhub.Visibility, orgOf map[int64]int64) bool {
	for _, org := range inner.Organisations {
		if !outer.Includes(org) {
			return false
		}
	}
	return !slices.ContainsFunc(inner.Users, func(u int64) bool {
		return !outer.IncludesUser(u) && !outer.Includes(orgOf[u])
	})
}
