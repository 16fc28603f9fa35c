package redislimit

import (
	"context"
	"errors"
	"strconv"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/redis/go-redis/v9"
)

// LimitStore keeps a Clio rate-limit window in Redis for every process
// using one access token: a [clio.RateLimitStore]. Give it to
// [clio.NewSharedRateLimiter], or use [NewRateLimiter], and pass the
// limiter to each client with [clio.WithRateLimiter].
//
// Each state is one Redis string, "clio:rl:" followed by the limiter's key
// (a SHA-256 hash of the access token, never the token), expiring when
// unused for two minutes. A Lua script compares and swaps it, so the
// update is atomic; the value is the limiter's own short encoding, which
// the limiter checks as untrusted input on every read.
//
// When Redis is down, slow, or restarted empty, the limiter goes by its
// own in-process count within 250 ms, logs that once, and comes back to
// Redis (asking every 5 s) when it answers again; see
// [clio.NewSharedRateLimiter]. A restarted Redis starts the window afresh:
// the first request after it learns the window from Clio's headers again.
//
// go-redis gives up on a command at its ReadTimeout (3 s by default)
// unless ContextTimeoutEnabled is set; the limiter stops waiting after
// 250 ms either way, so with the default a stalled Redis only keeps a
// goroutine a little longer.
type LimitStore struct {
	rdb redis.UniversalClient
}

var _ clio.RateLimitStore = (*LimitStore)(nil)

// NewLimitStore returns a rate-limit store on rdb.
func NewLimitStore(rdb redis.UniversalClient) *LimitStore {
	return &LimitStore{rdb: rdb}
}

// NewRateLimiter returns a [clio.RateLimiter] whose window lives in Redis,
// shared by every process that uses rdb's server with the same token.
func NewRateLimiter(rdb redis.UniversalClient) *clio.RateLimiter {
	return clio.NewSharedRateLimiter(NewLimitStore(rdb))
}

// limitKeyPrefix begins every rate-limit key.
const limitKeyPrefix = "clio:rl:"

// maxLimitValue bounds what the script hands back: a longer value is not
// the limiter's (whose states are at most 256 bytes) and counts as none.
const maxLimitValue = 512

// casScript compares the value under KEYS[1] (a missing or oversized one
// counting as empty) with ARGV[1]; when equal it stores ARGV[2] with a
// lifetime of ARGV[3] ms, unless the two are equal (a pure compare). It
// returns {1, stored} or {0, current}.
var casScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1]) or ''
if string.len(cur) > tonumber(ARGV[4]) then cur = '' end
if cur ~= ARGV[1] then return {0, cur} end
if ARGV[2] ~= ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return {1, ARGV[2]}
`)

// errBadKey is a key that is not the limiter's hash: the store refuses it
// rather than risk writing a token into Redis.
var errBadKey = errors.New("redislimit: a rate-limit key must be a hex SHA-256 hash")

// CompareAndSwap implements [clio.RateLimitStore].
func (s *LimitStore) CompareAndSwap(ctx context.Context, key string, old, next []byte, ttl time.Duration) ([]byte, bool, error) {
	if !isHexHash(key) {
		return nil, false, errBadKey
	}
	ms := max(ttl.Milliseconds(), 1)
	res, err := casScript.Run(ctx, s.rdb, []string{limitKeyPrefix + key},
		old, next, strconv.FormatInt(ms, 10), maxLimitValue).Slice()
	if err != nil {
		return nil, false, err
	}
	if len(res) != 2 {
		return nil, false, errors.New("redislimit: unexpected reply from the compare-and-swap script")
	}
	swapped, _ := res[0].(int64)
	stored, _ := res[1].(string)
	if len(stored) > maxLimitValue {
		stored = ""
	}
	return []byte(stored), swapped == 1, nil
}

// isHexHash reports whether key is 64 lowercase hex digits.
func isHexHash(key string) bool {
	if len(key) != 64 {
		return false
	}
	for i := range len(key) {
		if c := key[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
