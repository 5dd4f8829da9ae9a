// Package oracle holds Ketenhub's leak oracle: a randomized test that
// proves need-to-know (DESIGN section 3) from the outside, as a security
// reviewer would, on SQLite and PostgreSQL.
//
// It builds a region (gemeente, politie, OM, RIEC, GGD, Halt and a
// beheerder's organisation) with a driehoek and theme workspaces and random
// memberships, and creates through the real HTTP API items of every kind
// with random visibilities: goals, actions, comments, meetings, agenda items
// and proposals, decisions, actions from decisions, escalations into the
// driehoek. Along the way it changes visibilities and memberships. Every
// text it writes carries a unique random marker.
//
// Beside the hub it keeps its own model of who may see what, written from
// DESIGN section 3 and independent of the policy package: an organisation
// sees an item while it is a member and the item's visibility (and that of
// the item it hangs under) admits it; it receives an old version of an item
// only if it was a member when that version was written and that version's
// visibility admitted it; a beheerder reads no item of a workspace its
// organisation is not in.
//
// Then, as a user of every organisation and as the beheerder, it calls every
// GET route of docs/openapi.yaml (so a new route is covered without editing
// the oracle) with the id of every item of the matching kind, visible or
// not, and an id that does not exist; follows the websocket of every
// workspace and meeting from sequence 0 while more changes are made; and
// reads every export (PDF and XLSX as text). It reports
//   - content: a marker of something the viewer may not see;
//   - history: a marker of an old version the viewer may not receive;
//   - link: the id of a hidden subject in a field that names one;
//   - existence: a hidden id answered differently from one that does not
//     exist, or agenda numbering that counts hidden items;
//   - error: a server error.
//
// The run is randomized by a seed, logged at the start; repeat a run with
//
//	KETENHUB_ORACLE_SEED=<seed> go test -race ./oracle/
//
// or with the flag -oracle.seed=<seed>. The self-test runs the oracle
// against deliberately broken policies and requires it to find each leak.
package oracle
