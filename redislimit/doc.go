// Package redislimit shares a Clio client's rate limit and OAuth token
// across processes through Redis, so a fleet of workers on one firm's token
// behaves as one client: one window, one Retry-After hold, one refresh.
//
// It lives in a module of its own so that the core SDK
// (github.com/clio-sdk/clio-go) depends on no Redis client.
package redislimit
