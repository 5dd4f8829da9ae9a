package store

import "github.com/ketenhub/ketenhub"

// hidden passes on the errors that must not be hidden behind "not found":
// a missing session or a failing database. Access errors return nil.
func hidden(err error) error {
	switch ketenhub.ErrorCode(err) {
	case "", ketenhub.ENOTFOUND, ketenhub.EFORBIDDEN:
		return nil
	}
	return err
}

// notFoundAs replaces an access error by notFound, so that an item in a
// workspace the viewer cannot enter is as absent as one that does not exist.
func notFoundAs(err, notFound error) error {
	if e := hidden(err); e != nil {
		return e
	}
	return notFound
}
