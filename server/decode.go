package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// Optional is a JSON field of a PATCH body that tells "absent" (Set false)
// from "null" (Set and Null) from a value.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present. Unknown fields in a
// nested object are refused, as they are at the top level.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&o.Value)
}

// decodeJSON reads the request body into dst, strictly: the content type must
// be JSON, the body valid UTF-8 (checked before decoding, since encoding/json
// silently replaces bad bytes), one JSON object with no unknown fields, of
// the right types, and nothing after it. Errors name the field at fault.
func decodeJSON(c *gin.Context, dst any) error {
	if !isJSON(c.GetHeader("Content-Type")) {
		return ketenhub.FieldError("body",
			"The request body must be JSON (Content-Type: application/json).",
			"De inhoud van het verzoek moet JSON zijn (Content-Type: application/json).")
	}
	raw, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	var netErr net.Error
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	} else if errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout() {
		return bodyTimeout()
	} else if err != nil {
		return ketenhub.FieldError("body", "The request body could not be read.", "De inhoud van het verzoek kon niet worden gelezen.")
	}
	if !utf8.Valid(raw) {
		return ketenhub.FieldError("body", "The request body is not valid UTF-8.", "De inhoud van het verzoek is geen geldige UTF-8.")
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return ketenhub.FieldError("body", "The request body is empty; a JSON object is required.", "De inhoud van het verzoek is leeg; er is een JSON-object nodig.")
	}
	if trimmed[0] != '{' {
		return ketenhub.FieldError("body", "The request body must be a JSON object.", "De inhoud van het verzoek moet een JSON-object zijn.")
	}
	// Names first, so that "TITLE" is told apart from "title" before its
	// value is judged as the value of "title".
	if err := strictJSON(trimmed, reflect.TypeOf(dst), ""); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return ketenhub.FieldError("body", "There is data after the JSON object.", "Na het JSON-object staan nog meer gegevens.")
	}
	return nil
}

// optionalValue marks Optional, whose handler decides what null means.
type optionalValue interface{ optional() }

func (Optional[T]) optional() {}

var (
	optionalType    = reflect.TypeFor[optionalValue]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// strictJSON refuses what encoding/json lets pass but the API does not
// accept (docs/openapi.yaml): a key that names a field in another case
// ("TITLE" for "title"; encoding/json matches names case-insensitively),
// and null for a field that cannot be null, which encoding/json treats as
// absent. Null is accepted only for an Optional, whose handler decides,
// and for a pointer field tagged nullable:"true". What is not well-formed
// here is left to the decoder to report.
func strictJSON(raw []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Implements(optionalType):
		f, _ := t.FieldByName("Value")
		return strictJSON(raw, f.Type, path)
	case reflect.PointerTo(t).Implements(unmarshalerType):
		return nil // decodes itself, by its own rules
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, key := range keys {
			f, ok := fields[key]
			if !ok {
				return unknownField(key)
			}
			val := obj[key]
			if string(val) == "null" {
				if f.Type.Implements(optionalType) || f.Type.Kind() == reflect.Pointer && f.Tag.Get("nullable") == "true" || f.Type.Kind() == reflect.Interface {
					continue
				}
				return notNull(path + key)
			}
			if err := strictJSON(val, f.Type, path+key+"."); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil
		}
		field := strings.TrimSuffix(path, ".")
		for _, it := range items {
			if string(it) == "null" {
				return notNull(field)
			}
			if err := strictJSON(it, t.Elem(), path); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields, as encoding/json
// spells them, to the fields; embedded structs lend theirs.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || len(f.Index) > 1 && !embeddedVisible(t, f) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			continue // its fields are listed by VisibleFields
		case name == "":
			name = f.Name
		}
		out[name] = f
	}
	return out
}

// embeddedVisible reports whether a field promoted from an embedded struct
// is decoded by encoding/json: only when the embedding has no JSON name.
func embeddedVisible(t reflect.Type, f reflect.StructField) bool {
	outer := t.Field(f.Index[0])
	name, _, _ := strings.Cut(outer.Tag.Get("json"), ",")
	return outer.Anonymous && name == ""
}

// unknownField is the problem of a key that names no field.
func unknownField(field string) *ketenhub.Error {
	return ketenhub.FieldError(field, fmt.Sprintf("Unknown field %q.", field), fmt.Sprintf("Onbekend veld %q.", field))
}

// notNull is the problem of null for a field that cannot be null.
func notNull(field string) *ketenhub.Error {
	return ketenhub.FieldError(field,
		fmt.Sprintf("%s cannot be null.", labelEN(field)),
		fmt.Sprintf("%s kan niet null zijn.", labelNL(field)))
}

// isJSON accepts application/json and any application/*+json type.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// jsonError turns a decoding error into an EINVALID naming the field.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		en, nl := typeNames(typeErr)
		return ketenhub.FieldError(field,
			fmt.Sprintf("%s has the wrong type: expected %s, got JSON %s.", labelEN(field), en, typeErr.Value),
			fmt.Sprintf("%s heeft het verkeerde type: verwacht %s, gekregen JSON %s.", labelNL(field), nl, typeErr.Value))
	case errors.As(err, &syntaxErr):
		return ketenhub.FieldError("body",
			fmt.Sprintf("The request body is not valid JSON (at byte %d).", syntaxErr.Offset),
			fmt.Sprintf("De inhoud van het verzoek is geen geldige JSON (bij byte %d).", syntaxErr.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return ketenhub.FieldError("body", "The request body is incomplete JSON.", "De inhoud van het verzoek is onvolledige JSON.")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, _ := strconv.Unquote(name)
		if field == "" {
			field = name
		}
		return unknownField(field)
	}
	var ke *ketenhub.Error
	if errors.As(err, &ke) {
		return ke
	}
	return ketenhub.FieldError("body", "The request body could not be decoded.", "De inhoud van het verzoek kon niet worden gelezen.")
}

// typeNames describes the expected type of a field in plain words, in
// English and Dutch.
func typeNames(e *json.UnmarshalTypeError) (en, nl string) {
	if e.Type == nil {
		return "another type", "een ander type"
	}
	switch e.Type.Kind() {
	case reflect.String:
		return "a string", "een tekst"
	case reflect.Bool:
		return "true or false", "true of false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number", "een geheel getal"
	case reflect.Float32, reflect.Float64:
		return "a number", "een getal"
	case reflect.Slice, reflect.Array:
		return "a list", "een lijst"
	case reflect.Struct, reflect.Map:
		return "an object", "een object"
	}
	return e.Type.String(), e.Type.String()
}

// pathID reads a path parameter that must be a positive integer.
func pathID(c *gin.Context, name string) (int64, error) {
	raw := c.Param(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	// Only the canonical form: "+7" and "07" are not the address of 7.
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return 0, ketenhub.FieldError(name,
			fmt.Sprintf("Path parameter %q must be a positive whole number.", name),
			fmt.Sprintf("Padparameter %q moet een positief geheel getal zijn.", name))
	}
	return id, nil
}

// baseVersion returns the version a write is based on: from the If-Match
// header ("<version>" as sent in the ETag) or else from the body's
// "version". Both absent is refused; both present must agree.
func baseVersion(c *gin.Context, body Optional[int64]) (int64, error) {
	header := strings.TrimSpace(c.GetHeader("If-Match"))
	var fromHeader int64
	if header != "" {
		v, err := strconv.ParseInt(strings.Trim(header, `"`), 10, 64)
		if err != nil || v <= 0 || !strings.HasPrefix(header, `"`) || !strings.HasSuffix(header, `"`) || len(header) < 3 {
			return 0, ketenhub.FieldError("If-Match",
				`The If-Match header must be an ETag of this API, such as "3".`,
				`De If-Match-header moet een ETag van deze API zijn, zoals "3".`)
		}
		fromHeader = v
	}
	switch {
	case body.Set && (body.Null || body.Value <= 0):
		return 0, ketenhub.FieldError("version", "Version must be a positive whole number.", "Versie moet een positief geheel getal zijn.")
	case body.Set && fromHeader != 0 && body.Value != fromHeader:
		return 0, ketenhub.FieldError("version", "The version in the body differs from the If-Match header.", "De versie in de inhoud verschilt van de If-Match-header.")
	case body.Set:
		return body.Value, nil
	case fromHeader != 0:
		return fromHeader, nil
	}
	return 0, ketenhub.FieldError("version",
		"Say which version your change is based on: send the If-Match header or the field \"version\".",
		"Geef aan op welke versie uw wijziging is gebaseerd: stuur de If-Match-header of het veld \"version\".")
}

// setETag sends the version of the object in the response as its ETag, for
// the client to send back in If-Match.
func setETag(c *gin.Context, version int64) {
	c.Header("ETag", strconv.Quote(strconv.FormatInt(version, 10)))
}
