package redislimit

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"
)

// The refresh token of the tests' firm; it must never reach Redis in the
// clear, a Redis key, a log or an error.
const refreshSecret = "refresh-secret-5f1c9a"

func randomKey(t testing.TB) []byte {
	key := make([]byte, 32)
	rand.Read(key)
	return key
}

func newStore(t testing.TB, rdb redis.UniversalClient, key []byte, opts ...TokenStoreOption) *TokenStore {
	t.Helper()
	s, err := NewTokenStore(rdb, "firm-42", key, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func expiredToken() *oauth2.Token {
	return &oauth2.Token{AccessToken: "expired-access-0b7e", TokenType: "bearer", RefreshToken: refreshSecret, Expiry: time.Now().Add(-time.Hour)}
}

// fakeClio is an OAuth token endpoint and GET /users/who_am_i.json that
// accepts only the access token it issued last.
type fakeClio struct {
	*httptest.Server
	// onRefresh, when set, runs for each refresh before it is answered;
	// false aborts the refresh with a 500.
	onRefresh func(worker string, r *http.Request) bool

	mu        sync.Mutex
	refreshes []refresh
	issued    string            // the last access token issued
	calls     map[string]string // worker -> the token its API call carried
}

type refresh struct {
	worker string
	at     time.Time
}

func newFakeClio(t *testing.T) *fakeClio {
	f := &fakeClio{calls: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") != refreshSecret {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		worker := r.Header.Get("X-Worker")
		f.mu.Lock()
		f.refreshes = append(f.refreshes, refresh{worker, time.Now()})
		f.mu.Unlock()
		if f.onRefresh != nil && !f.onRefresh(worker, r) {
			http.Error(w, "aborted", http.StatusInternalServerError)
			return
		}
		tok := "access-" + rand.Text()
		f.mu.Lock()
		f.issued = tok
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token_type":"bearer","access_token":%q,"expires_in":3600}`, tok)
	})
	mux.HandleFunc("GET /api/v4/users/who_am_i.json", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		issued := f.issued
		f.mu.Unlock()
		bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if issued == "" || bearer != issued {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}`)
			return
		}
		f.mu.Lock()
		f.calls[r.Header.Get("X-Worker")] = bearer
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":{"id":1,"etag":"\"e1\"","name":"Maya Patel"}}`)
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeClio) baseURL() string { return f.URL + "/api/v4" }

func (f *fakeClio) snapshot() (refreshes []refresh, issued string, calls map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	calls = make(map[string]string, len(f.calls))
	for k, v := range f.calls {
		calls[k] = v
	}
	return append([]refresh(nil), f.refreshes...), f.issued, calls
}

// tokenSource is an in-process TokenSource on store against f.
func (f *fakeClio) tokenSource(t *testing.T, tok *oauth2.Token, store clio.TokenStore, opts ...clio.TokenSourceOption) *clio.TokenSource {
	ep, err := clio.OAuthEndpointFor(f.baseURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg := &oauth2.Config{ClientID: "fleet-client", ClientSecret: "fleet-client-secret", Endpoint: ep}
	return clio.NewTokenSource(cfg, tok, store, opts...)
}

// buildWorker builds internal/refreshworker into a temporary folder.
func buildWorker(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "refreshworker")
	out, err := exec.Command("go", "build", "-o", bin, "./internal/refreshworker").CombinedOutput()
	if err != nil {
		t.Fatalf("building the worker: %v\n%s", err, out)
	}
	return bin
}

type worker struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	err            error // from Wait
}

// startWorkers starts n workers, each waiting for its stdin to close.
func startWorkers(t *testing.T, bin string, n int, env ...string) []*worker {
	t.Helper()
	ws := make([]*worker, n)
	for i := range ws {
		w := &worker{cmd: exec.Command(bin)}
		w.cmd.Env = append(os.Environ(), append(env, fmt.Sprintf("WORKER=%d", i))...)
		w.cmd.Stdout, w.cmd.Stderr = &w.stdout, &w.stderr
		stdin, err := w.cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.cmd.Process.Kill() })
		ws[i] = w
		defer stdin.Close() // all of them at once, when startWorkers returns
	}
	return ws
}

// waitWorkers waits for every worker, failing the test after limit.
func waitWorkers(t *testing.T, ws []*worker, limit time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		for _, w := range ws {
			w.err = w.cmd.Wait()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(limit):
		for _, w := range ws {
			w.cmd.Process.Kill()
		}
		<-done
		t.Fatalf("the workers did not finish within %v", limit)
	}
}

// assertNoSecret scans every Redis key and raw value for the secrets, in
// the clear and in base64.
func assertNoSecret(t *testing.T, rdb *redis.Client, secrets ...string) {
	t.Helper()
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatal("no keys in Redis: nothing was checked")
	}
	for _, k := range keys {
		// A string as stored; any other type serialized (DUMP may
		// compress, so strings are read whole).
		var raw string
		if rdb.Type(ctx, k).Val() == "string" {
			raw, err = rdb.Get(ctx, k).Result()
		} else {
			raw, err = rdb.Dump(ctx, k).Result()
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), hex.EncodeToString([]byte(s))} {
				if strings.Contains(k, form) || strings.Contains(raw, form) {
					t.Errorf("Redis key %q or its value holds a token", k)
				}
			}
		}
	}
}

// Sixteen processes with no token of their own find an expired token in
// Redis at the same moment: exactly one refreshes, and every one of them
// makes its API call with the new token.
func TestFleetRefreshesExpiredTokenOnce(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	key := randomKey(t)
	f := newFakeClio(t)
	// A slow token endpoint, so that the others pile up behind the holder.
	f.onRefresh = func(string, *http.Request) bool { time.Sleep(300 * time.Millisecond); return true }
	if err := newStore(t, rdb, key).Save(context.Background(), expiredToken()); err != nil {
		t.Fatal(err)
	}
	bin := buildWorker(t)

	const n = 16
	start := time.Now()
	ws := startWorkers(t, bin, n, "REDIS_ADDR="+r.Addr, "CLIO_BASE_URL="+f.baseURL(),
		"TOKEN_NAME=firm-42", "TOKEN_KEY="+hex.EncodeToString(key), "LOCK_TTL=5s")
	waitWorkers(t, ws, 30*time.Second)
	t.Logf("%d processes done in %v", n, time.Since(start).Round(time.Millisecond))

	refreshes, issued, calls := f.snapshot()
	for i, w := range ws {
		if w.err != nil || strings.TrimSpace(w.stdout.String()) != "ok Maya Patel" {
			t.Errorf("worker %d: %v, stdout %q, stderr %q", i, w.err, w.stdout.String(), w.stderr.String())
		}
		if got := calls[fmt.Sprint(i)]; got != issued {
			t.Errorf("worker %d made its API call with another token than the one refreshed", i)
		}
		for _, s := range []string{refreshSecret, issued, "expired-access-0b7e"} {
			if strings.Contains(w.stderr.String(), s) {
				t.Errorf("worker %d logged a token", i)
			}
		}
	}
	if len(refreshes) != 1 {
		t.Fatalf("%d refreshes, want exactly 1", len(refreshes))
	}
	tok, err := newStore(t, rdb, key).Load(context.Background())
	if err != nil || tok == nil || tok.AccessToken != issued || tok.RefreshToken != refreshSecret {
		t.Errorf("the store does not hold the new token with the kept refresh token (err %v)", err)
	}
	assertNoSecret(t, rdb, refreshSecret, issued, "expired-access-0b7e")
}

// The process holding the refresh lock is killed while at the token
// endpoint: nobody refreshes until the lock expires, then exactly one other
// process does, and the survivors use its token.
func TestFleetLockHolderDies(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	key := randomKey(t)
	f := newFakeClio(t)
	first := make(chan string, 1)
	var once sync.Once
	f.onRefresh = func(worker string, req *http.Request) bool {
		holder := false
		once.Do(func() { holder = true })
		if !holder {
			return true
		}
		first <- worker
		<-req.Context().Done() // until the holder dies and its connection closes
		return false
	}
	if err := newStore(t, rdb, key).Save(context.Background(), expiredToken()); err != nil {
		t.Fatal(err)
	}
	bin := buildWorker(t)

	const n, ttl = 6, time.Second
	ws := startWorkers(t, bin, n, "REDIS_ADDR="+r.Addr, "CLIO_BASE_URL="+f.baseURL(),
		"TOKEN_NAME=firm-42", "TOKEN_KEY="+hex.EncodeToString(key), "LOCK_TTL="+ttl.String())
	var dead int
	select {
	case id := <-first:
		fmt.Sscan(id, &dead)
	case <-time.After(20 * time.Second):
		t.Fatal("no refresh started")
	}
	if err := ws[dead].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	waitWorkers(t, ws, 30*time.Second)

	refreshes, issued, calls := f.snapshot()
	if len(refreshes) != 2 {
		t.Fatalf("%d refreshes, want the dead holder's and one more", len(refreshes))
	}
	gap := refreshes[1].at.Sub(refreshes[0].at)
	t.Logf("the second refresh came %v after the dead holder's (lock TTL %v)", gap.Round(time.Millisecond), ttl)
	if refreshes[1].worker == refreshes[0].worker {
		t.Error("the dead holder refreshed twice")
	}
	if gap < ttl-50*time.Millisecond {
		t.Errorf("another process refreshed %v after the holder, before its lock expired", gap)
	}
	if gap > ttl+time.Second {
		t.Errorf("the refresh took %v to resume after the holder died, want about the lock TTL %v", gap, ttl)
	}
	for i, w := range ws {
		if i == dead {
			continue
		}
		if w.err != nil || calls[fmt.Sprint(i)] != issued {
			t.Errorf("worker %d: %v, stderr %q; did not call with the new token", i, w.err, w.stderr.String())
		}
	}
}

// The lock is exclusive, expires, and fences: a holder whose lock expired
// can neither save nor release the next holder's lock, and fences keep
// growing even when Redis loses its data.
func TestTokenStoreLockAndFence(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	ctx := context.Background()
	s := newStore(t, rdb, randomKey(t), WithLockTTL(200*time.Millisecond))

	f1, ok, err := s.TryLock(ctx)
	if err != nil || !ok || f1 <= 0 {
		t.Fatalf("TryLock = %d, %v, %v", f1, ok, err)
	}
	if _, ok, _ := s.TryLock(ctx); ok {
		t.Fatal("the lock was taken twice")
	}
	if pttl := rdb.PTTL(ctx, s.lockKey).Val(); pttl <= 0 || pttl > 200*time.Millisecond {
		t.Fatalf("lock TTL %v", pttl)
	}
	time.Sleep(250 * time.Millisecond)
	f2, ok, err := s.TryLock(ctx)
	if err != nil || !ok || f2 <= f1 {
		t.Fatalf("after expiry TryLock = %d, %v, %v; want a fence above %d", f2, ok, err, f1)
	}
	late := &oauth2.Token{AccessToken: "late-access", RefreshToken: refreshSecret}
	if err := s.SaveFenced(ctx, f1, late); !errors.Is(err, clio.ErrLockLost) {
		t.Fatalf("a save with an expired fence: %v", err)
	}
	if tok, _ := s.Load(ctx); tok != nil {
		t.Fatal("a save with an expired fence stored the token")
	}
	if err := s.Unlock(ctx, f1); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.TryLock(ctx); ok {
		t.Fatal("an expired fence released the next holder's lock")
	}
	good := &oauth2.Token{AccessToken: "good-access", RefreshToken: refreshSecret, Expiry: time.Now().Add(time.Hour).Round(0)}
	if err := s.SaveFenced(ctx, f2, good); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Load(ctx)
	if err != nil || tok.AccessToken != good.AccessToken || tok.RefreshToken != refreshSecret || !tok.Expiry.Equal(good.Expiry) {
		t.Fatalf("Load = %+v, %v", tok != nil, err)
	}
	f3, ok, err := s.TryLock(ctx) // the save released the lock
	if err != nil || !ok || f3 <= f2 {
		t.Fatalf("after the save TryLock = %d, %v, %v", f3, ok, err)
	}
	if err := s.Unlock(ctx, f3); err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, rdb, refreshSecret, "good-access")

	// A restart without persistence loses the counter: fences still grow,
	// even when the restart comes right after the last fence (a clock in
	// milliseconds repeated fences here).
	last := f3
	for range 200 {
		rdb.FlushAll(ctx)
		f, ok, err := s.TryLock(ctx)
		if err != nil || !ok || f <= last {
			t.Fatalf("after losing the counter TryLock = %d, %v, %v; want a fence above %d", f, ok, err, last)
		}
		if err := s.Unlock(ctx, f); err != nil {
			t.Fatal(err)
		}
		last = f
	}
}

// A value under another key, a tampered value or one that is not ours is
// an error saying so, never a panic; a TokenSource then refreshes once and
// replaces it.
func TestTokenStoreUnreadableValues(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	ctx := context.Background()
	key := randomKey(t)
	s := newStore(t, rdb, key)
	if err := s.Save(ctx, expiredToken()); err != nil {
		t.Fatal(err)
	}
	sealed, err := rdb.Get(ctx, s.tokenKey).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-20] ^= 1
	other, err := NewTokenStore(rdb, "firm-7", key) // same key, another firm's slot
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		store *TokenStore
		value []byte // nil: leave the sealed value
		want  string
	}{
		{"another key, same key id", newStore(t, rdb, randomKey(t)), nil, "decryption failed"},
		{"another key id", newStore(t, rdb, randomKey(t), WithKeyID("v2")), nil, `key id "default"`},
		{"tampered", s, tampered, "decryption failed"},
		{"another firm's value", other, sealed, "decryption failed"},
		{"truncated", s, sealed[:30], "truncated"},
		{"empty", s, []byte{}, "not a sealed token"},
		{"plain text", s, []byte(`{"access_token":"x"}`), "not a sealed token"},
		{"oversized", s, bytes.Repeat([]byte{1}, maxSealed+1), "more than a sealed token"},
		{"key id length beyond the value", s, []byte{sealVersion, 200, 'a'}, "truncated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.value != nil {
				if err := rdb.Set(ctx, tc.store.tokenKey, tc.value, 0).Err(); err != nil {
					t.Fatal(err)
				}
			}
			tok, err := tc.store.Load(ctx)
			if !errors.Is(err, ErrUnreadableToken) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, %v; want ErrUnreadableToken saying %q", tok != nil, err, tc.want)
			}
			if strings.Contains(err.Error(), refreshSecret) {
				t.Fatal("the error holds the refresh token")
			}
		})
	}

	// A process with the wrong key refreshes once, under the lock, and
	// overwrites the value it cannot read.
	rdb.Set(ctx, s.tokenKey, sealed, 0)
	wrong := newStore(t, rdb, randomKey(t))
	f := newFakeClio(t)
	var logs bytes.Buffer
	ts := f.tokenSource(t, expiredToken(), wrong, clio.WithTokenLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	tok, err := ts.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refreshes, issued, _ := f.snapshot()
	if len(refreshes) != 1 || tok.AccessToken != issued {
		t.Fatalf("%d refreshes; want 1 and its token", len(refreshes))
	}
	if got, err := wrong.Load(ctx); err != nil || got.AccessToken != issued {
		t.Fatalf("the unreadable value was not replaced: %v", err)
	}
	if !strings.Contains(logs.String(), "decryption failed") {
		t.Errorf("the unreadable token was not logged:\n%s", logs.String())
	}
}

// With Redis down a TokenSource refreshes in its process at once and says
// so once; with Redis dying during the refresh it keeps the new token.
func TestRedisDownRefreshesLocally(t *testing.T) {
	ctx := context.Background()
	r := startRedis(t)
	rdb := r.Client(t)
	store := newStore(t, rdb, randomKey(t))
	f := newFakeClio(t)
	f.onRefresh = func(string, *http.Request) bool { r.Stop(); return true } // Redis dies mid-refresh
	var logs bytes.Buffer
	ts := f.tokenSource(t, expiredToken(), store, clio.WithTokenLogger(slog.New(slog.NewTextHandler(&logs, nil))))

	start := time.Now()
	tok, err := ts.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, issued, _ := f.snapshot()
	if tok.AccessToken != issued {
		t.Fatal("the refreshed token was not used after Redis died")
	}
	f.onRefresh = nil
	tok, err = ts.ForceRefresh(ctx, tok) // Redis is down now
	if err != nil {
		t.Fatal(err)
	}
	refreshes, issued, _ := f.snapshot()
	if len(refreshes) != 2 || tok.AccessToken != issued {
		t.Fatalf("%d refreshes; want 2, the second with Redis down", len(refreshes))
	}
	took := time.Since(start)
	t.Logf("two refreshes, Redis dying during the first and down for the second, took %v", took.Round(time.Millisecond))
	if took > 4*time.Second { // two store calls of at most 1 s each, plus the refreshes
		t.Errorf("refreshing with Redis down took %v", took)
	}
	if n := strings.Count(logs.String(), "shared token store failed"); n != 1 {
		t.Errorf("the outage was logged %d times, want once:\n%s", n, logs.String())
	}
	for _, s := range []string{refreshSecret, issued, "expired-access-0b7e"} {
		if strings.Contains(logs.String(), s) {
			t.Error("a token was logged")
		}
	}
}

func TestNewTokenStoreRefusesBadInput(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	key := make([]byte, 32)
	for name, try := range map[string]func() error{
		"nil client": func() error { _, err := NewTokenStore(nil, "firm", key); return err },
		"no name":    func() error { _, err := NewTokenStore(rdb, "", key); return err },
		"short key":  func() error { _, err := NewTokenStore(rdb, "firm", key[:16]); return err },
		"no key id":  func() error { _, err := NewTokenStore(rdb, "firm", key, WithKeyID("")); return err },
		"long lock":  func() error { _, err := NewTokenStore(rdb, "firm", key, WithLockTTL(time.Minute)); return err },
		"zero lock":  func() error { _, err := NewTokenStore(rdb, "firm", key, WithLockTTL(0)); return err },
		"long key id": func() error {
			_, err := NewTokenStore(rdb, "firm", key, WithKeyID(strings.Repeat("k", 65)))
			return err
		},
	} {
		if try() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	s, err := NewTokenStore(rdb, "firm-42", key)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.tokenKey+s.lockKey+s.fenceKey, "firm-42") {
		t.Error("a key holds the name; it should hold its hash")
	}
	if err := s.Save(context.Background(), &oauth2.Token{}); err == nil {
		t.Error("saved a token without an access token")
	}
}
