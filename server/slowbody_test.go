package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
)

// TestSlowBody: a client that announces a body and sends it a byte at a
// time is answered 408 with a problem once BodyReadTimeout has passed, and
// its connection is closed; the deadline does not outlive the request.
func TestSlowBody(t *testing.T) {
	const timeout = 500 * time.Millisecond
	s := newStack(t, "sqlite", server.Config{BodyReadTimeout: timeout})
	ctx := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: 1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	regio := &ketenhub.Organisation{Name: "Regio Beheer", Kind: ketenhub.KindOverig}
	if err := s.svc.Organisations.CreateOrganisation(ctx, regio); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	beheerder := s.signIn("beheerder", regio.ID, ketenhub.PlatformRoleBeheerder)

	t.Run("ErrRequestTimeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// However the server behaves, the test ends within a few seconds.
		conn.SetDeadline(time.Now().Add(10 * timeout))
		fmt.Fprintf(conn, "POST /api/v1/organisations HTTP/1.1\r\nHost: ketenhub.test\r\nContent-Type: application/json\r\n"+
			"Content-Length: 100000\r\nCookie: %s=%s\r\n%s: %s\r\n\r\n{\"name\":", auth.SessionCookie, beheerder.token, auth.CSRFHeader, beheerder.csrf)
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			tick := time.NewTicker(timeout / 5)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
				}
			}
		}()
		start := time.Now()
		rd := bufio.NewReader(conn)
		resp, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatalf("no answer to a slow body after %v: %v", time.Since(start), err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusRequestTimeout; got != want {
			t.Fatalf("status = %d, want %d: %s", got, want, body)
		}
		// The deadline runs from the request's start, a little before start.
		if got := time.Since(start); got < timeout/2 || got > 5*timeout {
			t.Errorf("answered after %v, want about %v", got, timeout)
		}
		if got, want := resp.Header.Get("Content-Type"), "application/problem+json"; got != want {
			t.Errorf("Content-Type = %q, want %q", got, want)
		}
		var p server.Problem
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("decode problem: %v: %s", err, body)
		}
		if p.Code != "request_timeout" || p.Status != http.StatusRequestTimeout || p.Field != "body" {
			t.Errorf("problem = %+v, want request_timeout about the body", p)
		}
		if !resp.Close {
			t.Error("the response does not close the connection")
		}
		if _, err := rd.ReadByte(); err == nil {
			t.Error("the connection stays open after the 408")
		} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Error("the server did not close the connection")
		}
	})

	t.Run("DeadlineEndsWithTheRequest", func(t *testing.T) {
		tr := &http.Transport{MaxIdleConns: 1}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr, Timeout: 10 * timeout}
		post := func(name string) int {
			req, _ := http.NewRequest("POST", s.url+"/api/v1/organisations", strings.NewReader(fmt.Sprintf(`{"name":%q,"kind":"halt"}`, name)))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: beheerder.token})
			req.Header.Set(auth.CSRFHeader, beheerder.csrf)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("post %s: %v", name, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode
		}
		if got := post("Halt Noord"); got != http.StatusCreated {
			t.Fatalf("first post: status %d, want 201", got)
		}
		time.Sleep(2 * timeout) // the same connection, idle past the body deadline
		if got := post("Halt Zuid"); got != http.StatusCreated {
			t.Fatalf("second post on a kept-alive connection: status %d, want 201", got)
		}
	})
}
