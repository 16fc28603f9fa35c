// Package benchutil holds what the benchmarks and bench/compare share: the
// hand-written net/http + encoding/json baseline they measure the SDK
// against.
package benchutil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	clio "github.com/clio-sdk/clio-go"
)

// Token is the access token the benchmarks send.
const Token = "bench-token"

// PlainGetMatter is the hand-written way to get a matter: the same URL and
// headers as the SDK sends, decoded into the same struct.
func PlainGetMatter(ctx context.Context, hc *http.Client, url string) (*clio.Matter, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+Token)
	req.Header.Set("X-API-VERSION", clio.DefaultAPIVersion)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var out struct{ Data clio.Matter }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}
