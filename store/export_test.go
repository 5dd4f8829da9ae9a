package store

// Hooks for the store's external tests.

// AdmitsSQL and VisibleEvents are the SQL forms of Sight.Admits and
// Sight.AdmitsEvent, for the test that they agree with the in-memory forms.
var (
	AdmitsSQL     = admitsSQL
	VisibleEvents = visibleEvents
)
