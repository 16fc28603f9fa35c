package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

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
