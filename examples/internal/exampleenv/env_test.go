package exampleenv

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// loopbackOnly lets requests reach only the machine, recording their hosts,
// so no test can send credentials to app.clio.com.
type loopbackOnly struct {
	mu    sync.Mutex
	hosts []string
}

func (l *loopbackOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.hosts = append(l.hosts, r.URL.Hostname())
	l.mu.Unlock()
	if r.URL.Hostname() != "127.0.0.1" {
		return nil, fmt.Errorf("test transport: refusing to send to %s", r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func guard(t *testing.T) *loopbackOnly {
	l := &loopbackOnly{}
	transport = l
	t.Cleanup(func() { transport = nil })
	return l
}

func TestPartialOrUnknownSettingsAreErrorsNotTheFake(t *testing.T) {
	guard(t)
	for name, env := range map[string]map[string]string{
		"client id only":              {"CLIO_CLIENT_ID": "id"},
		"client secret only":          {"CLIO_CLIENT_SECRET": "s"},
		"refresh token without id":    {"CLIO_REFRESH_TOKEN": "r", "CLIO_CLIENT_SECRET": "s"},
		"id and secret, no refresh":   {"CLIO_CLIENT_ID": "id", "CLIO_CLIENT_SECRET": "s"},
		"unknown region, no creds":    {"CLIO_REGION": "mars"},
		"unknown region with a token": {"CLIO_REGION": "mars", "CLIO_ACCESS_TOKEN": "a"},
		"base URL without creds":      {"CLIO_BASE_URL": "https://proxy.example/api/v4"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			env, err := connect(envOf(env), &out)
			require.Error(t, err)
			assert.Nil(t, env)
			assert.NotContains(t, out.String(), "embedded fake", "no silent fall-back")
		})
	}

	env, err := connect(envOf(nil), &bytes.Buffer{})
	require.NoError(t, err, "no CLIO_* at all is the fake")
	defer env.Close()
	assert.NotNil(t, env.Fake)
}

// With CLIO_BASE_URL and refresh credentials, the refresh goes to the base
// URL's host (a cliotest server here), never to app.clio.com.
func TestRefreshFollowsTheBaseURL(t *testing.T) {
	hosts := guard(t)
	srv := cliotest.NewServer(t)
	env, err := connect(envOf(map[string]string{
		"CLIO_BASE_URL":      srv.BaseURL(),
		"CLIO_CLIENT_ID":     cliotest.DefaultClientID,
		"CLIO_CLIENT_SECRET": cliotest.DefaultClientSecret,
		"CLIO_REFRESH_TOKEN": srv.IssueToken().RefreshToken,
	}), &bytes.Buffer{})
	require.NoError(t, err)
	defer env.Close()
	require.Nil(t, env.Fake)

	me, err := env.Client.Users.WhoAmI(context.Background(), clio.Fields("name"))
	require.NoError(t, err)
	assert.NotEmpty(t, me.Name)
	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{"POST /oauth/token", "GET /api/v4/users/who_am_i.json"}, paths)
	assert.Equal(t, []string{"127.0.0.1", "127.0.0.1"}, hosts.hosts)
	assert.Equal(t, int64(2), env.Requests(), "the refresh is counted too")
}

func TestConfirmWritesAgainstARealFirm(t *testing.T) {
	guard(t)
	srv := cliotest.NewServer(t)
	real := func() *Env {
		env, err := connect(envOf(map[string]string{"CLIO_BASE_URL": srv.BaseURL(), "CLIO_ACCESS_TOKEN": srv.IssueToken().AccessToken}), &bytes.Buffer{})
		require.NoError(t, err)
		return env
	}
	ctx := context.Background()

	var out bytes.Buffer
	err := real().ConfirmWrites(ctx, false, nil, &out)
	require.Error(t, err, "no -yes and no terminal")
	assert.Contains(t, out.String(), srv.Demo().AccountName, "names the firm")
	assert.ErrorContains(t, err, "-yes")
	require.Error(t, real().ConfirmWrites(ctx, false, strings.NewReader("no\n"), &out))
	require.NoError(t, real().ConfirmWrites(ctx, false, strings.NewReader("yes\n"), &out))
	require.NoError(t, real().ConfirmWrites(ctx, true, nil, &out))

	fake, err := connect(envOf(nil), &bytes.Buffer{})
	require.NoError(t, err)
	defer fake.Close()
	require.NoError(t, fake.ConfirmWrites(ctx, false, nil, &out))
	assert.Empty(t, fake.Fake.Requests(), "nothing asked of the fake")
}
