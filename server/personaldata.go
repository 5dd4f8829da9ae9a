package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// confirmPersonalDataHeader lets a client save text that looks like personal
// data once the user has seen the warning and confirmed (docs/openapi.yaml).
const confirmPersonalDataHeader = "Ketenhub-Confirm-Personal-Data"

// checkPersonalData refuses free text that looks like a citizen's personal
// data (a BSN, a phone number, an e-mail address, a licence plate) with the
// warnings, unless the request confirms it. It never changes the text.
func checkPersonalData(c *gin.Context, fields ...ketenhub.TextField) error {
	if c.GetHeader(confirmPersonalDataHeader) == "true" {
		return nil
	}
	if warnings := ketenhub.CheckPersonalData(fields...); len(warnings) > 0 {
		return ketenhub.PersonalDataFound(warnings)
	}
	return nil
}

func textField(name, value string) ketenhub.TextField {
	return ketenhub.TextField{Name: name, Value: value}
}

// optField is a PATCH field to check; an absent one has nothing to check.
func optField(name string, o Optional[string]) ketenhub.TextField {
	return ketenhub.TextField{Name: name, Value: o.Value}
}
