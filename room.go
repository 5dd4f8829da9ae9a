package ketenhub

// The room rule (DESIGN section 3): what is shown in a meeting room is shown
// to everyone in it, so the projector and a paired display show an item only
// if every organisation present may see it. The rule depends on nothing but
// Visibility, so that it can move with the policy.

// UnknownOrganisation stands for an attendee whose organisation is not
// known (a guest, a user who left, an organisation no longer a member). No
// visibility names it, so its presence hides everything restricted.
const UnknownOrganisation int64 = 0

// ShownInRoom reports whether an item with visibility vis may be shown in a
// room where the organisations present are present (an attendee whose
// organisation is unknown counts as UnknownOrganisation). It fails closed:
// while no attendance is recorded (present empty) nothing restricted is
// shown; an item open to the whole workspace is always shown.
func ShownInRoom(present []int64, vis Visibility) bool {
	if vis.Scope == ScopeWorkspace {
		return true
	}
	if vis.Scope != ScopeRestricted || len(present) == 0 {
		return false
	}
	for _, org := range present {
		if org == UnknownOrganisation || !vis.Includes(org) {
			return false
		}
	}
	return true
}
