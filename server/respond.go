package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// apiBase is where the REST API lives; Location headers start with it.
const apiBase = "/api/v1"

// itemsResponse is an unpaginated list.
type itemsResponse[T any] struct {
	Items []T `json:"items"`
}

// pageResponse is one page of a paginated list; Total counts every match
// the viewer may see.
type pageResponse[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// items wraps a list, never encoding it as null.
func items[T any](xs []T) itemsResponse[T] {
	if xs == nil {
		xs = []T{}
	}
	return itemsResponse[T]{Items: xs}
}

// ok answers 200 with v as JSON.
func ok(c *gin.Context, v any) error {
	c.JSON(http.StatusOK, v)
	return nil
}

// versioned answers 200 with an object and its version as ETag.
func versioned(c *gin.Context, v any, version int64) error {
	setETag(c, version)
	return ok(c, v)
}

// created answers 201 with the new object, its address and its version.
func created(c *gin.Context, v any, version int64, format string, args ...any) error {
	if version > 0 {
		setETag(c, version)
	}
	c.Header("Location", apiBase+fmt.Sprintf(format, args...))
	c.JSON(http.StatusCreated, v)
	return nil
}

// ptr returns a pointer to the value of an Optional that holds one.
func (o Optional[T]) ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.Value
	return &v
}
