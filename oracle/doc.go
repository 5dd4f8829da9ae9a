// Package oracle holds Ketenhub's leak oracle: a randomized test that
// proves need-to-know (DESIGN section 3) from the outside, as a security
// reviewer would, on SQLite and PostgreSQL.
//
// It builds a region (gemeente, politie, OM, RIEC, GGD, Halt and a
// beheerder's organisation) with a driehoek and theme workspaces and random
// memberships. Every partner has three people in the groups of its identity
// provider ("Team Ondermijning", "Team Jeugd": the same names in every
// organisation), one of them its organisatiebeheerder; the police, the OM
// and the RIEC each have a shielded officer by a claim, and the beheerders
// of the gemeente and the GGD mark one of theirs shielded through the API. Each organisation's beheerder
// admits, through the API, some of its people to each workspace: the whole
// organisation, named people, named groups, or both. Through the real HTTP
// API it creates items of every kind with random visibilities (the whole
// workspace, organisations, or named people): goals, actions, comments,
// meetings, agenda items and proposals, decisions, actions from decisions,
// escalations into the driehoek; it records who is present at the live
// meeting. Along the way it changes visibilities, memberships and
// admissions (people lose a workspace while they follow it). Every text it
// writes carries a unique random marker, and every person's name and
// e-mail address is a unique token too.
//
// Beside the hub it keeps its own model of who may see what, written from
// DESIGN section 3 and independent of the policy package: a person takes
// part in a workspace while their organisation is a member and admits them
// (names nobody, or them, or one of their groups); they see an item while
// they take part and the item's visibility (and that of the item it hangs
// under) names the whole workspace, their organisation or them; they
// receive an old version of an item only if their organisation was a member
// when that version was written and that version's visibility admitted
// them; a room shows only what every person present may see; a beheerder
// reads no item of a workspace its organisation is not in; a shielded
// officer is named to their own organisation only.
//
// Then, as every person of every organisation and as the beheerder, it calls every
// GET route of docs/openapi.yaml (so a new route is covered without editing
// the oracle) with the id of every item of the matching kind, visible or
// not, and an id that does not exist; follows the websocket of every
// workspace and meeting from sequence 0 while more changes are made; and
// reads every export (PDF and XLSX as text). It reports
//   - content: a marker of something the viewer, or someone in the room
//     whose view it is, may not see;
//   - history: a marker of an old version the viewer may not receive;
//   - link: the id of a hidden subject in a field that names one;
//   - existence: a hidden id answered differently from one that does not
//     exist, or agenda numbering that counts hidden items;
//   - name: the name or e-mail address of a shielded officer shown to
//     someone of another organisation;
//   - access: a person who lost a workspace while following it not told so
//     (unsubscribed, reason admission_removed), or an admission stored
//     otherwise than decided;
//   - missing: something a person may see shown to them nowhere (an item
//     naming them, say): the hub hides too much or the oracle scans too
//     little;
//   - error: a server error.
//
// An organisation's other people than its writer read every route with
// whole pages only, and of the ids hidden from them only those their
// writer may see (the writer compares the others with a missing id), so
// that the run stays fast.
//
// The run is randomized by a seed, logged at the start; repeat a run with
//
//	KETENHUB_ORACLE_SEED=<seed> go test -race ./oracle/
//
// or with the flag -oracle.seed=<seed>. The self-test runs the oracle
// against deliberately broken policies and requires it to find each leak.
package oracle
