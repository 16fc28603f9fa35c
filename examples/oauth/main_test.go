package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clio-sdk/clio-go/cliotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestOAuthFlowAgainstFake(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token.json")
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	require.NoError(t, run(context.Background(), []string{"-token-file", file}, noEnv, &out))

	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the token file is private")
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var tok oauth2.Token
	require.NoError(t, json.Unmarshal(b, &tok))
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.Contains(t, out.String(), "Connected as ")
	assert.NotContains(t, out.String(), tok.AccessToken, "the token is never printed")
}

// In fake mode an existing token file, perhaps holding a real token, is
// never overwritten.
func TestOAuthFakeModeKeepsAnExistingTokenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"access_token":"real"}`), 0o600))
	noEnv := func(string) string { return "" }
	err := run(context.Background(), []string{"-token-file", file}, noEnv, io.Discard)
	require.ErrorContains(t, err, "already exists")
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.JSONEq(t, `{"access_token":"real"}`, string(b), "untouched")
}

func TestOAuthPartialOrUnknownSettingsAreErrors(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"id without secret": {"CLIO_CLIENT_ID": "id"},
		"secret without id": {"CLIO_CLIENT_SECRET": "s"},
		"unknown region":    {"CLIO_CLIENT_ID": "id", "CLIO_CLIENT_SECRET": "s", "CLIO_REGION": "mars"},
		"base URL only":     {"CLIO_BASE_URL": "https://proxy.example/api/v4"},
	} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "token.json")
			var out bytes.Buffer
			err := run(context.Background(), []string{"-token-file", file}, func(k string) string { return env[k] }, &out)
			require.Error(t, err)
			assert.NotContains(t, out.String(), "embedded fake")
			assert.NoFileExists(t, file)
		})
	}
}

// With CLIO_BASE_URL set, the whole flow (authorize, token, who_am_i) goes
// to that server, and the redirect URI names the port actually listened on.
func TestOAuthFollowsTheBaseURL(t *testing.T) {
	srv := cliotest.NewServer(t)
	env := map[string]string{
		"CLIO_BASE_URL":      srv.BaseURL(),
		"CLIO_CLIENT_ID":     cliotest.DefaultClientID,
		"CLIO_CLIENT_SECRET": cliotest.DefaultClientSecret,
	}
	file := filepath.Join(t.TempDir(), "token.json")
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- run(context.Background(), []string{"-token-file", file, "-redirect", "http://127.0.0.1:0/callback", "-timeout", "10s"},
			func(k string) string { return env[k] }, pw)
		pw.Close()
	}()

	// Play the user: open the printed URL, which must be the server's.
	var out strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		out.WriteString(line + "\n")
		if !strings.HasPrefix(line, "http") {
			continue
		}
		u, err := url.Parse(line)
		require.NoError(t, err)
		require.Equal(t, strings.TrimPrefix(srv.URL(), "http://"), u.Host, "authorize at the base URL's host, not app.clio.com")
		redirect, err := url.Parse(u.Query().Get("redirect_uri"))
		require.NoError(t, err)
		assert.NotEqual(t, "0", redirect.Port(), "the redirect URI names the real port")
		go func() {
			resp, err := srv.HTTPClient().Get(line) // the fake approves and redirects to the callback
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	require.NoError(t, <-errc, out.String())
	assert.Contains(t, out.String(), "Connected as ")

	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{"GET /oauth/authorize", "POST /oauth/token", "GET /api/v4/users/who_am_i.json"}, paths)
	assert.FileExists(t, file)
}
