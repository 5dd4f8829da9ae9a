package ketenhub

// The room rule (DESIGN section 3) is the policy's: Policy.ShownInRoom,
// asked with the sight of each person present.
