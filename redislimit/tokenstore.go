package redislimit

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"
)

// TokenStore keeps one firm's OAuth token in Redis for a fleet of
// processes: a [clio.SharedTokenStore], so that [clio.NewTokenSource] given
// it refreshes the token once for all of them while the others wait for the
// new token and use it.
//
// The token is encrypted at rest with AES-256-GCM under a key the caller
// provides, with a fresh random nonce per write; the key id and the Redis
// key are authenticated with it, so a value copied to another firm's key,
// altered, or written under another key fails to decrypt, with an error
// matching [ErrUnreadableToken]. Redis keys derive from a hash of the name
// the caller gives (a firm or connection id, not a secret); no key, value
// or error carries the token.
//
// Keys, with h the hash of the name: clio:tok:{h}:token (the sealed token,
// no expiry), clio:tok:{h}:lock (the refresh lock, expiring) and
// clio:tok:{h}:fence (the fence counter). The braces keep the three in one
// Redis Cluster slot.
type TokenStore struct {
	rdb      redis.UniversalClient
	key      []byte // the AES-256 key
	keyID    string
	lockTTL  time.Duration
	tokenKey string
	lockKey  string
	fenceKey string
}

var _ clio.SharedTokenStore = (*TokenStore)(nil)

// ErrUnreadableToken matches the error of [TokenStore.Load] for a value it
// cannot decrypt or decode: written under another key, tampered with, or
// not written by a TokenStore. The [clio.TokenSource] then refreshes and
// overwrites it.
var ErrUnreadableToken = errors.New("redislimit: the shared token cannot be read")

// TokenStoreOption configures a [TokenStore].
type TokenStoreOption func(*TokenStore)

// WithKeyID names the encryption key (default "default"), for example by
// its version, so that a value sealed under another key is reported as
// such. It is stored in the clear beside the ciphertext: at most 64 bytes,
// nothing secret.
func WithKeyID(id string) TokenStoreOption {
	return func(s *TokenStore) { s.keyID = id }
}

// WithLockTTL sets how long the refresh lock lasts unless released
// (default 10 s): the longest the fleet waits for a holder that died. It
// must be longer than a refresh takes and under 15 s, the longest a
// [clio.TokenSource] waits before refreshing on its own.
func WithLockTTL(d time.Duration) TokenStoreOption {
	return func(s *TokenStore) { s.lockTTL = d }
}

// DefaultLockTTL is the refresh lock's default expiry.
const DefaultLockTTL = 10 * time.Second

const (
	maxNameLen  = 256
	maxKeyIDLen = 64
	// maxSealed bounds a value read back from Redis: a token is a few
	// hundred bytes, and anything far larger is not ours.
	maxSealed = 16 << 10
	// sealVersion is the first byte of a sealed value.
	sealVersion = 1
)

// NewTokenStore returns the store for the token named name (a firm or
// connection id; it is hashed into the Redis keys), encrypted with key,
// which must be 32 random bytes (AES-256) shared by every process of the
// fleet and kept out of Redis. The store does not own rdb.
func NewTokenStore(rdb redis.UniversalClient, name string, key []byte, opts ...TokenStoreOption) (*TokenStore, error) {
	switch {
	case rdb == nil:
		return nil, errors.New("redislimit: NewTokenStore: nil Redis client")
	case name == "" || len(name) > maxNameLen:
		return nil, fmt.Errorf("redislimit: NewTokenStore: the name must be 1 to %d bytes", maxNameLen)
	case len(key) != 32:
		return nil, fmt.Errorf("redislimit: NewTokenStore: the key must be 32 bytes (AES-256), not %d", len(key))
	}
	s := &TokenStore{rdb: rdb, key: bytes.Clone(key), keyID: "default", lockTTL: DefaultLockTTL}
	for _, o := range opts {
		o(s)
	}
	if s.keyID == "" || len(s.keyID) > maxKeyIDLen {
		return nil, fmt.Errorf("redislimit: WithKeyID: the key id must be 1 to %d bytes", maxKeyIDLen)
	}
	if s.lockTTL < 10*time.Millisecond || s.lockTTL >= 15*time.Second {
		return nil, fmt.Errorf("redislimit: WithLockTTL: %v is not between 10ms and 15s", s.lockTTL)
	}
	sum := sha256.Sum256([]byte("clio-go/redislimit token\x00" + name))
	prefix := "clio:tok:{" + hex.EncodeToString(sum[:16]) + "}:"
	s.tokenKey, s.lockKey, s.fenceKey = prefix+"token", prefix+"lock", prefix+"fence"
	return s, nil
}

// Save stores tok unconditionally, as [clio.Exchange] does with a new
// connection's token, or to seed the store. Refreshes go through
// SaveFenced.
func (s *TokenStore) Save(ctx context.Context, tok *oauth2.Token) error {
	sealed, err := s.seal(tok)
	if err != nil {
		return err
	}
	if err := s.rdb.Set(ctx, s.tokenKey, sealed, 0).Err(); err != nil {
		return fmt.Errorf("redislimit: saving the token: %w", err)
	}
	return nil
}

// Load returns the stored token, or nil and no error when there is none.
func (s *TokenStore) Load(ctx context.Context) (*oauth2.Token, error) {
	sealed, err := s.rdb.Get(ctx, s.tokenKey).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redislimit: loading the token: %w", err)
	}
	return s.open(sealed)
}

// tryLock takes the lock if free and hands out the next fence. The fence
// is at least Redis's clock in microseconds, so fences keep growing even
// when a restart without persistence lost the counter: fences are handed
// out at most one per round trip, so the counter never runs ahead of a
// microsecond clock (in milliseconds it could, and a fence handed out in
// the same millisecond as the last one before a restart would repeat it).
// 1.8e15 is well inside the 2^53 a Lua number holds exactly.
var tryLock = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('TIME')
local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])
local f = redis.call('INCR', KEYS[2])
if f < floor then
  f = floor
  redis.call('SET', KEYS[2], string.format('%d', f))
end
redis.call('SET', KEYS[1], string.format('%d', f), 'PX', ARGV[1])
return f
`)

// saveFenced stores the sealed token and frees the lock, only while the
// lock holds the caller's fence.
var saveFenced = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
return 1
`)

// unlock frees the lock only while it holds the caller's fence.
var unlock = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`)

// TryLock takes the refresh lock for the lock TTL if it is free, and
// returns its fence.
func (s *TokenStore) TryLock(ctx context.Context) (fence int64, ok bool, err error) {
	fence, err = tryLock.Run(ctx, s.rdb, []string{s.lockKey, s.fenceKey}, s.lockTTL.Milliseconds()).Int64()
	if err != nil {
		return 0, false, fmt.Errorf("redislimit: taking the refresh lock: %w", err)
	}
	if fence < 0 {
		return 0, false, fmt.Errorf("redislimit: taking the refresh lock: Redis answered fence %d", fence)
	}
	return fence, fence > 0, nil
}

// SaveFenced stores tok and releases the lock if fence still holds it,
// and otherwise returns an error matching [clio.ErrLockLost].
func (s *TokenStore) SaveFenced(ctx context.Context, fence int64, tok *oauth2.Token) error {
	sealed, err := s.seal(tok)
	if err != nil {
		return err
	}
	n, err := saveFenced.Run(ctx, s.rdb, []string{s.lockKey, s.tokenKey}, strconv.FormatInt(fence, 10), sealed).Int64()
	if err != nil {
		return fmt.Errorf("redislimit: saving the refreshed token: %w", err)
	}
	if n != 1 {
		return fmt.Errorf("redislimit: fence %d: %w", fence, clio.ErrLockLost)
	}
	return nil
}

// Unlock releases the lock if fence still holds it.
func (s *TokenStore) Unlock(ctx context.Context, fence int64) error {
	if err := unlock.Run(ctx, s.rdb, []string{s.lockKey}, strconv.FormatInt(fence, 10)).Err(); err != nil {
		return fmt.Errorf("redislimit: releasing the refresh lock: %w", err)
	}
	return nil
}

// sealedToken is what is encrypted: the token's fields, no more.
type sealedToken struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

// aead returns AES-256-GCM under the store's key.
func (s *TokenStore) aead() cipher.AEAD {
	block, err := aes.NewCipher(s.key)
	if err != nil {
		panic(err) // unreachable: NewTokenStore checked the key's length
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err) // unreachable: AES has GCM's block size
	}
	return gcm
}

// additionalData binds a sealed value to its key id and its Redis key.
func (s *TokenStore) additionalData(keyID string) []byte {
	return []byte("clio-go/redislimit token v1\x00" + keyID + "\x00" + s.tokenKey)
}

// seal encrypts tok as: version byte, key id length byte, key id, nonce,
// ciphertext with its tag.
func (s *TokenStore) seal(tok *oauth2.Token) ([]byte, error) {
	if tok == nil || tok.AccessToken == "" {
		return nil, errors.New("redislimit: refusing to save a token without an access token")
	}
	plain, err := json.Marshal(sealedToken{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry})
	if err != nil {
		return nil, fmt.Errorf("redislimit: encoding the token: %w", err)
	}
	gcm := s.aead()
	out := make([]byte, 0, 2+len(s.keyID)+gcm.NonceSize()+len(plain)+gcm.Overhead())
	out = append(out, sealVersion, byte(len(s.keyID)))
	out = append(out, s.keyID...)
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce) // never fails (crypto/rand)
	out = append(out, nonce...)
	return gcm.Seal(out, nonce, plain, s.additionalData(s.keyID)), nil
}

// open decrypts and checks a value read from Redis, which is untrusted.
func (s *TokenStore) open(sealed []byte) (*oauth2.Token, error) {
	gcm := s.aead()
	if len(sealed) > maxSealed {
		return nil, fmt.Errorf("%w: %d bytes is more than a sealed token", ErrUnreadableToken, len(sealed))
	}
	if len(sealed) < 2 || sealed[0] != sealVersion {
		return nil, fmt.Errorf("%w: not a sealed token of this version", ErrUnreadableToken)
	}
	n := int(sealed[1])
	if n == 0 || n > maxKeyIDLen || len(sealed) < 2+n+gcm.NonceSize()+gcm.Overhead() {
		return nil, fmt.Errorf("%w: the value is truncated or malformed", ErrUnreadableToken)
	}
	keyID, rest := string(sealed[2:2+n]), sealed[2+n:]
	if keyID != s.keyID {
		return nil, fmt.Errorf("%w: it was encrypted under key id %q, and this store has key id %q", ErrUnreadableToken, keyID, s.keyID)
	}
	nonce, ct := rest[:gcm.NonceSize()], rest[gcm.NonceSize():]
	plain, err := gcm.Open(nil, nonce, ct, s.additionalData(keyID))
	if err != nil {
		return nil, fmt.Errorf("%w: decryption failed (a different key under the same key id, or a tampered value)", ErrUnreadableToken)
	}
	var st sealedToken
	if err := json.Unmarshal(plain, &st); err != nil || st.AccessToken == "" {
		// No decoder error text: it could quote the plaintext.
		return nil, fmt.Errorf("%w: the decrypted value is not a token", ErrUnreadableToken)
	}
	return &oauth2.Token{AccessToken: st.AccessToken, TokenType: st.TokenType, RefreshToken: st.RefreshToken, Expiry: st.Expiry}, nil
}
