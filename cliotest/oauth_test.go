package cliotest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// postForm posts a form to the server without a bearer token.
func postForm(t *testing.T, w *wire, path string, form url.Values) reply {
	t.Helper()
	req, err := http.NewRequest("POST", w.srv.URL()+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := w.hc.Do(req)
	require.NoError(t, err)
	return readReply(t, resp)
}

func readReply(t *testing.T, resp *http.Response) reply {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := reply{Response: resp, raw: raw}
	if len(raw) > 0 && raw[0] == '{' {
		require.NoError(t, json.Unmarshal(raw, &r.json))
	}
	return r
}

func TestTokenExpiryAndRefreshGrant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire(t, cliotest.InMemory(), cliotest.WithTokenTTL(time.Hour))
		tok := w.srv.IssueToken()
		assert.Equal(t, time.Now().Add(time.Hour), tok.Expiry)
		w.token = tok.AccessToken
		require.Equal(t, http.StatusOK, w.do("GET", "/api/v4/users/who_am_i.json", nil).StatusCode)

		time.Sleep(time.Hour)
		r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
		assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
		assert.Equal(t, "invalid_token", r.json["error"])

		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {cliotest.DefaultClientID}, "client_secret": {cliotest.DefaultClientSecret}}
		rr := postForm(t, w, "/oauth/token", form)
		require.Equal(t, http.StatusOK, rr.StatusCode, string(rr.raw))
		assert.Equal(t, "bearer", rr.json["token_type"])
		assert.Equal(t, float64(3600), rr.json["expires_in"])
		assert.NotContains(t, rr.json, "refresh_token", "refresh tokens are not rotated")
		w.token = rr.json["access_token"].(string)
		assert.Equal(t, http.StatusOK, w.do("GET", "/api/v4/users/who_am_i.json", nil).StatusCode)

		again := postForm(t, w, "/oauth/token", form)
		assert.Equal(t, http.StatusOK, again.StatusCode, "the same refresh token is reusable")

		bad := postForm(t, w, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"unknown"},
			"client_id": {cliotest.DefaultClientID}, "client_secret": {cliotest.DefaultClientSecret}})
		assert.Equal(t, http.StatusBadRequest, bad.StatusCode)
		assert.Equal(t, "invalid_grant", bad.json["error"])

		wrongSecret := postForm(t, w, "/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {cliotest.DefaultClientID}, "client_secret": {"nope"}})
		assert.Equal(t, http.StatusUnauthorized, wrongSecret.StatusCode)
		assert.Equal(t, "invalid_client", wrongSecret.json["error"])

		w.srv.RevokeRefreshToken(tok.RefreshToken)
		revoked := postForm(t, w, "/oauth/token", form)
		assert.Equal(t, "invalid_grant", revoked.json["error"])
		assert.Equal(t, http.StatusUnauthorized, w.do("GET", "/api/v4/users/who_am_i.json", nil).StatusCode, "revoking the grant kills its access tokens")
	})
}

func TestSDKRefreshesExpiredToken(t *testing.T) {
	srv := cliotest.NewServer(t)
	tok := srv.IssueToken()
	ts := clio.NewTokenSource(srv.OAuthConfig(""), tok, nil, clio.WithTokenHTTPClient(srv.HTTPClient()))
	client, err := srv.Client(clio.WithTokenSource(ts))
	require.NoError(t, err)
	srv.ExpireTokens() // the server rejects the token the client still thinks is fresh
	var me map[string]any
	require.NoError(t, client.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, &me))
	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{401, 200, 200}, statuses, "401, refresh, replay")
	assert.Equal(t, "/oauth/token", srv.Requests()[1].Path)
}

func TestAuthorizationCodeFlow(t *testing.T) {
	w := newWire(t)
	cfg := w.srv.OAuthConfig("http://localhost:9999/callback")
	noRedirect := &http.Client{Transport: w.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(cfg.AuthCodeURL("st4te"))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "localhost:9999", loc.Host)
	assert.Equal(t, "/callback", loc.Path)
	assert.Equal(t, "st4te", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)

	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, w.hc)
	other := *cfg
	other.RedirectURL = "http://localhost:9999/elsewhere"
	_, err = other.Exchange(ctx, code)
	require.Error(t, err, "the redirect_uri must match")

	tok, err := cfg.Exchange(ctx, code)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), tok.Expiry, time.Minute)
	_, err = cfg.Exchange(ctx, code)
	require.Error(t, err, "a code is single-use")

	w.token = tok.AccessToken
	assert.Equal(t, http.StatusOK, w.do("GET", "/api/v4/users/who_am_i.json", nil).StatusCode)
	req, _ := http.NewRequest("POST", w.srv.URL()+"/oauth/deauthorize", strings.NewReader(url.Values{"token": {tok.AccessToken}}.Encode()))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = w.hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, http.StatusUnauthorized, w.do("GET", "/api/v4/users/who_am_i.json", nil).StatusCode)
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	require.Error(t, err, "deauthorize revokes the refresh token too")
}
