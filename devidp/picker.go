package devidp

import (
	"html/template"
	"net/http"

	"github.com/ketenhub/ketenhub"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The picker's form fields, for browserless tests that submit it.
const (
	FieldAuthRequestID = "authRequestID"
	FieldPersona       = "persona"
)

var pickerPage = template.Must(template.New("picker").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kies een demo-persona – Ketenhub ontwikkel-IdP</title>
</head>
<body>
<main>
<h1>Aanmelden als demo-persona</h1>
<p>Dit is de ontwikkel-identiteitsprovider van Ketenhub. Er is geen wachtwoord: kies met wie u zich aanmeldt.
Alleen voor ontwikkeling en demonstraties; nooit voor echte gegevens.</p>
<form method="post" action="login">
<input type="hidden" name="` + FieldAuthRequestID + `" value="{{.ID}}">
<ul>
{{range .Personas}}<li><button type="submit" name="` + FieldPersona + `" value="{{.Subject}}"><strong>{{.Name}}</strong>{{if .Title}}, {{.Title}}{{end}}{{if .Organisation}} ({{.Organisation}}){{end}}</button></li>
{{end}}</ul>
</form>
</main>
</body>
</html>
`))

var messagePage = template.Must(template.New("message").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – Ketenhub ontwikkel-IdP</title>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.NL}}</p>
<p lang="en">{{.EN}}</p>
</main>
</body>
</html>
`))

// setPageHeaders forbids scripts, framing and caching on the provider's pages.
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
}

func (p *Provider) showPicker(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get(FieldAuthRequestID)
	if !p.storage.pending(id) {
		p.showError(w, "Aanmeldverzoek onbekend", ketenhub.Errorf(ketenhub.EINVALID,
			"This sign-in request is unknown or has expired. Start again from Ketenhub.",
			"Dit aanmeldverzoek is onbekend of verlopen. Begin opnieuw vanuit Ketenhub."))
		return
	}
	setPageHeaders(w)
	pickerPage.Execute(w, struct {
		ID       string
		Personas []Persona
	}{id, p.storage.personaList()})
}

// pickPersona completes the sign-in as the chosen persona and sends the
// browser on to op's callback, which issues the code.
func (p *Provider) pickPersona(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue(FieldAuthRequestID)
	if err := p.storage.complete(id, r.PostFormValue(FieldPersona)); err != nil {
		p.log.WarnContext(r.Context(), "devidp: sign-in refused", "error", err)
		p.showError(w, "Aanmelden mislukt", ketenhub.Errorf(ketenhub.EINVALID,
			"This sign-in request or persona is unknown, or the request has expired. Start again from Ketenhub.",
			"Dit aanmeldverzoek of deze persona is onbekend, of het verzoek is verlopen. Begin opnieuw vanuit Ketenhub."))
		return
	}
	ctx := op.ContextWithIssuer(r.Context(), p.issuer)
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(ctx, id), http.StatusSeeOther)
}

func (p *Provider) showLoggedOut(w http.ResponseWriter, _ *http.Request) {
	p.showMessage(w, http.StatusOK, "Afgemeld",
		"U bent afgemeld bij de ontwikkel-identiteitsprovider.",
		"You have signed out of the development identity provider.")
}

// showError shows e's messages under title, with the status of e's code.
func (p *Provider) showError(w http.ResponseWriter, title string, e *ketenhub.Error) {
	p.showMessage(w, ketenhub.StatusOf(e.Code), title, e.MessageNL, e.Message)
}

func (p *Provider) showMessage(w http.ResponseWriter, status int, title, nl, en string) {
	setPageHeaders(w)
	w.WriteHeader(status)
	messagePage.Execute(w, struct{ Title, NL, EN string }{title, nl, en})
}
