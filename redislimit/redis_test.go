package redislimit

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// testRedis is a real redis-server started for one test on a free port,
// with no persistence, stopped when the test ends.
type testRedis struct {
	Addr string
	cmd  *exec.Cmd
}

// startRedis starts redis-server, or skips the test when it is not
// installed (.ci/run installs it, so CI never skips).
func startRedis(t testing.TB) *testRedis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CLIO_REQUIRE_REDIS") != "" {
			t.Fatal("redis-server is not installed and CLIO_REQUIRE_REDIS is set")
		}
		t.Skip("redis-server is not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &testRedis{Addr: fmt.Sprintf("127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(r.Stop)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not answer on %s", r.Addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return r
}

// Stop kills the server (idempotent): tests use it to take Redis away
// mid-run.
func (r *testRedis) Stop() {
	if r.cmd.Process != nil && r.cmd.ProcessState == nil {
		r.cmd.Process.Kill()
		r.cmd.Wait()
	}
}

// Client returns a go-redis client on the server, closed with the test.
func (r *testRedis) Client(t testing.TB) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestRedisServerStarts(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	if err := rdb.Set(context.Background(), "k", "v", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if got := rdb.Get(context.Background(), "k").Val(); got != "v" {
		t.Fatalf("got %q", got)
	}
	r.Stop()
	// One dial, no retries: go-redis would otherwise retry for 1.5 s.
	once := redis.NewClient(&redis.Options{Addr: r.Addr, MaxRetries: -1, DialerRetries: 1})
	defer once.Close()
	if once.Ping(context.Background()).Err() == nil {
		t.Fatal("redis still answers after Stop")
	}
}
