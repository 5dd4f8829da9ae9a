package auth

// DisplayCookie carries the secret of a screen paired with a meeting (a
// "display"): set when the screen asks for a pairing code, HttpOnly, and
// the only place the secret is accepted. It is no session: it names no user
// and keeps no one's session alive.
const DisplayCookie = "ketenhub_display"
