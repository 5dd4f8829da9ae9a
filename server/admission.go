package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// Admission: who of each member organisation take part in a workspace
// (docs/admission.md).

func (s *Server) getAdmission(c *gin.Context) error {
	id, orgID, err := memberPath(c)
	if err != nil {
		return err
	}
	adm, err := s.svc.Admissions.FindAdmission(c.Request.Context(), id, orgID)
	if err != nil {
		return err
	}
	return ok(c, adm)
}

// admissionInput is the body of PUT /workspaces/:id/members/:orgId/admission.
type admissionInput struct {
	Users  *[]int64  `json:"users"`
	Groups *[]string `json:"groups"`
}

func (s *Server) setAdmission(c *gin.Context) error {
	id, orgID, err := memberPath(c)
	if err != nil {
		return err
	}
	var in admissionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	// Both lists are required, so that a client that forgets one does not
	// open the workspace to the whole organisation by accident.
	v.check(in.Users != nil, "users", "People (users) is required: a list, empty for none.", "Personen (users) is verplicht: een lijst, leeg voor geen.")
	v.check(in.Groups != nil, "groups", "Groups (groups) is required: a list, empty for none.", "Groepen (groups) is verplicht: een lijst, leeg voor geen.")
	if err := v.result(); err != nil {
		return err
	}
	adm, err := s.svc.Admissions.SetAdmission(c.Request.Context(), id, orgID, ketenhub.AdmissionInput{Users: *in.Users, Groups: *in.Groups})
	if err != nil {
		return err
	}
	return ok(c, adm)
}

func (s *Server) listPeople(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	people, err := s.svc.Admissions.FindPeople(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, items(people))
}

func (s *Server) accessReview(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	review, err := s.svc.Admissions.AccessReview(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, review)
}
