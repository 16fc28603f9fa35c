package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUploadDownloadRoundTrip(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)

	out := filepath.Join(t.TempDir(), "back.bin")
	cfg, err := parseFlags([]string{"-size", "3MiB", "-out", out, "-matter", strconv.FormatInt(srv.Demo().AcmeMatterID, 10)}, &bytes.Buffer{})
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), c, cfg, &stdout, &stderr))

	var want bytes.Buffer
	require.NoError(t, writeSample(&want, 3<<20))
	sum := sha256.Sum256(want.Bytes())

	m := regexp.MustCompile(`to matter (\d+) as document (\d+)`).FindStringSubmatch(stdout.String())
	require.NotNil(t, m, stdout.String())
	assert.Equal(t, strconv.FormatInt(srv.Demo().AcmeMatterID, 10), m[1])
	id, _ := strconv.ParseInt(m[2], 10, 64)
	stored, ok := srv.DocumentContent(id)
	require.True(t, ok)
	assert.True(t, bytes.Equal(want.Bytes(), stored), "Clio holds what was generated")
	back, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want.Bytes(), back), "the download is what was generated")
	assert.Contains(t, stdout.String(), "sha256 "+hex.EncodeToString(sum[:])+": identical")
	assert.Contains(t, stderr.String(), "upload: 3.0 MiB of 3.0 MiB done")
	assert.Contains(t, stderr.String(), "download: 3.0 MiB of 3.0 MiB done")

	var storage int
	for _, r := range srv.Requests() {
		if r.Host == cliotest.HostStorage {
			storage++
			assert.False(t, r.Authorization, "%s %s carried Authorization to the storage host", r.Method, r.Path)
		}
	}
	assert.Equal(t, 2, storage, "one PUT and one GET on the storage host")
}

func TestUploadsAGivenFileToTheFirstMatter(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "Engagement Letter.txt")
	require.NoError(t, os.WriteFile(file, []byte("Dear Ms Doe,\n"), 0o600))

	cfg, err := parseFlags([]string{"-file", file}, &bytes.Buffer{})
	require.NoError(t, err)
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), c, cfg, &stdout, &bytes.Buffer{}))
	assert.Contains(t, stdout.String(), `uploaded "Engagement Letter.txt" (13 B) to matter `+strconv.FormatInt(srv.Demo().JaneDoeMatterID, 10))
	assert.Contains(t, stdout.String(), "temporary file, now removed")
}

func TestFlags(t *testing.T) {
	var usage bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &usage)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, usage.String(), "-matter")

	cfg, err := parseFlags(nil, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, byteSize(5<<20), cfg.Size)
	for in, want := range map[string]byteSize{"1024": 1024, "512KiB": 512 << 10, "2GiB": 2 << 30} {
		cfg, err := parseFlags([]string{"-size", in}, &bytes.Buffer{})
		require.NoError(t, err, in)
		assert.Equal(t, want, cfg.Size, in)
	}
	_, err = parseFlags([]string{"-size", "5MB"}, &bytes.Buffer{})
	assert.Error(t, err)
	_, err = parseFlags([]string{"-size", "0"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "positive")
}
