package cliotest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// authState holds the OAuth grants and tokens.
type authState struct {
	tokens map[string]*accessToken // by access token
	grants map[string]*grant       // by refresh token
	codes  map[string]*authCode
}

func (a *authState) init() {
	a.tokens = map[string]*accessToken{}
	a.grants = map[string]*grant{}
	a.codes = map[string]*authCode{}
}

// grant is one authorization: a refresh token and the user it acts for.
type grant struct {
	userID  int64
	refresh string
	revoked bool
}

type accessToken struct {
	grant   *grant
	expires time.Time
}

type authCode struct {
	userID      int64
	redirectURI string
	expires     time.Time
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// IssueToken authorizes the account owner (the demo attorney) without the
// browser step and returns a fresh access token, its refresh token and its
// expiry, as a code exchange would.
func (s *Server) IssueToken() *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issue(&grant{userID: s.ownerUserID, refresh: randomToken(20)}, true)
}

// IssueTokenFor is IssueToken for another user; it returns nil for an
// unknown user id.
func (s *Server) IssueTokenFor(userID int64) *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users.get(userID); !ok {
		return nil
	}
	return s.issue(&grant{userID: userID, refresh: randomToken(20)}, true)
}

// issue stores a new access token for g (and g itself when new).
func (s *Server) issue(g *grant, withRefresh bool) *oauth2.Token {
	s.auth.grants[g.refresh] = g
	access := randomToken(20)
	exp := s.now().Add(s.cfg.tokenTTL)
	s.auth.tokens[access] = &accessToken{grant: g, expires: exp}
	tok := &oauth2.Token{AccessToken: access, TokenType: "Bearer", Expiry: exp}
	if withRefresh {
		tok.RefreshToken = g.refresh
	}
	return tok
}

// ExpireTokens makes every access token issued so far expired, as if their
// TTL had passed; refresh tokens keep working.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.now().Add(-time.Second)
	for _, t := range s.auth.tokens {
		t.expires = past
	}
}

// RevokeRefreshToken revokes a grant, as a user disconnecting the app in
// Clio would: the refresh token then gets invalid_grant and its access
// tokens get 401.
func (s *Server) RevokeRefreshToken(refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.auth.grants[refresh]; ok {
		g.revoked = true
	}
}

// OAuthConfig returns an oauth2 configuration for the server's OAuth
// application, with its endpoints and the client id and secret sent in the
// form body (as Clio expects).
func (s *Server) OAuthConfig(redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     s.cfg.clientID,
		ClientSecret: s.cfg.clientSecret,
		RedirectURL:  redirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:   s.apiURL + "/oauth/authorize",
			TokenURL:  s.apiURL + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// authenticate finds the user of the request's bearer token. Called with
// the lock held.
func (s *Server) authenticate(r *http.Request) (*user, string) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, ""
	}
	t, ok := s.auth.tokens[strings.TrimSpace(tok)]
	if !ok || t.grant.revoked || !s.now().Before(t.expires) {
		return nil, ""
	}
	u, ok := s.users.get(t.grant.userID)
	if !ok {
		return nil, ""
	}
	return u, tok
}

func oauthError(status int, code, desc string) *response {
	resp := jsonResponse(status, map[string]string{"error": code, "error_description": desc})
	resp.header.Set("Cache-Control", "no-store")
	return resp
}

// serveOAuth handles /oauth/authorize, /oauth/token and /oauth/deauthorize.
func (s *Server) serveOAuth(r *http.Request, raw []byte) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.URL.Path == "/oauth/authorize" && r.Method == http.MethodGet:
		return s.authorize(r.URL.Query())
	case r.URL.Path == "/oauth/token" && r.Method == http.MethodPost:
		form, _ := url.ParseQuery(string(raw))
		return s.token(form)
	case r.URL.Path == "/oauth/deauthorize" && r.Method == http.MethodPost:
		form, _ := url.ParseQuery(string(raw))
		return s.deauthorize(r, form)
	}
	return jsonError(http.StatusNotFound, "RecordNotFound", "No route matches "+r.URL.Path)
}

// authorize approves at once and redirects to redirect_uri with a code and
// the state.
func (s *Server) authorize(q url.Values) *response {
	if q.Get("response_type") != "code" {
		return oauthError(http.StatusBadRequest, "unsupported_response_type", "response_type must be code")
	}
	if q.Get("client_id") != s.cfg.clientID {
		return oauthError(http.StatusBadRequest, "invalid_client", "Unknown client_id")
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !redirect.IsAbs() {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL")
	}
	code := randomToken(16)
	s.auth.codes[code] = &authCode{userID: s.ownerUserID, redirectURI: q.Get("redirect_uri"), expires: s.now().Add(10 * time.Minute)}
	v := redirect.Query()
	v.Set("code", code)
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	redirect.RawQuery = v.Encode()
	resp := &response{status: http.StatusFound, header: http.Header{}}
	resp.header.Set("Location", redirect.String())
	return resp
}

// token implements the authorization_code and refresh_token grants.
func (s *Server) token(form url.Values) *response {
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if id != s.cfg.clientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.clientSecret)) != 1 {
		return oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed (send client_id and client_secret in the form body).")
	}
	var tok *oauth2.Token
	switch form.Get("grant_type") {
	case "authorization_code":
		code, ok := s.auth.codes[form.Get("code")]
		if !ok || !s.now().Before(code.expires) || code.redirectURI != form.Get("redirect_uri") {
			return oauthError(http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
		}
		delete(s.auth.codes, form.Get("code"))
		tok = s.issue(&grant{userID: code.userID, refresh: randomToken(20)}, true)
	case "refresh_token":
		g, ok := s.auth.grants[form.Get("refresh_token")]
		if !ok || g.revoked {
			return oauthError(http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
		}
		tok = s.issue(g, false) // not rotated: the response carries no refresh token
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported.")
	}
	out := map[string]any{
		"token_type":   "bearer",
		"access_token": tok.AccessToken,
		"expires_in":   int64(s.cfg.tokenTTL / time.Second),
	}
	if tok.RefreshToken != "" {
		out["refresh_token"] = tok.RefreshToken
	}
	resp := jsonResponse(http.StatusOK, out)
	resp.header.Set("Cache-Control", "no-store")
	return resp
}

// deauthorize revokes the token named in the form (or the bearer token)
// and its grant, so the refresh token stops working too.
func (s *Server) deauthorize(r *http.Request, form url.Values) *response {
	u, bearer := s.authenticate(r)
	if u == nil {
		return oauthError(http.StatusUnauthorized, "invalid_token", "The access token provided is expired, revoked, malformed or invalid for other reasons.")
	}
	target := form.Get("token")
	if target == "" {
		target = bearer
	}
	if t, ok := s.auth.tokens[target]; ok {
		t.grant.revoked = true
	}
	return jsonResponse(http.StatusOK, map[string]any{})
}
