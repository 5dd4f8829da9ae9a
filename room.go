package ketenhub

// The room rule (DESIGN section 3) is the policy's: Policy.ShownInRoom.

// UnknownOrganisation stands for an attendee whose organisation is not
// known (a guest, a user who left, an organisation no longer a member). No
// visibility names it, so its presence hides everything restricted.
const UnknownOrganisation int64 = 0
