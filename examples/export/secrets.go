package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// secretNames are fields whose value grants access by itself, so a backup
// must not hold them: whoever reads the file could use them.
var secretNames = []string{
	"shared_secret",       // a webhook's signing key: forges deliveries its receiver accepts
	"put_url",             // a signed storage URL: writes a document version's bytes
	"put_headers",         // the headers that go with put_url
	"multiparts",          // the put_url and put_headers of each part of an upload
	"conference_password", // a video meeting's password
	"join_url",            // a video meeting's link, which often embeds its passcode
}

// secretWords mark a field as secret-bearing wherever they appear in its
// name, so a field Clio adds later (an access_token, a signed download
// URL's signature) is left out too.
var secretWords = []string{"secret", "token", "password", "passcode", "signature", "signed_url", "download_url"}

// isSecret reports whether a field (or a key inside a record) carries a
// secret. A name marked Unchecked ("?name") is judged by its name.
func isSecret(name string) bool {
	name = strings.ToLower(strings.TrimPrefix(name, "?"))
	if slices.Contains(secretNames, name) {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// withoutSecrets returns the selection with every secret-bearing field
// left out, and what it left out ("shared_secret",
// "latest_document_version{put_url}"). An association none of whose chosen
// fields is left is dropped whole: asked for bare it would still come back
// (as its id and etag), which is not what was chosen.
func withoutSecrets(fs clio.FieldSet) (clio.FieldSet, []string) {
	var kept []clio.Field
	var dropped []string
	for _, e := range fs.Entries() {
		// An entry is one field or association as built or parsed; parsing
		// it again splits one written as "a,b" and keeps Unchecked marks.
		items, err := clio.ParseFields(string(e))
		if err != nil {
			return fs, nil // the request's own check reports it
		}
		for _, it := range items.Entries() {
			name, inner, nested := strings.Cut(string(it), "{")
			switch {
			case isSecret(name):
				dropped = append(dropped, string(it))
			case !nested:
				kept = append(kept, it)
			default:
				var keep []clio.Field
				var gone []string
				for sub := range strings.SplitSeq(strings.TrimSuffix(inner, "}"), ",") {
					if isSecret(sub) {
						gone = append(gone, sub)
					} else {
						keep = append(keep, clio.Field(sub))
					}
				}
				if len(gone) > 0 {
					dropped = append(dropped, name+"{"+strings.Join(gone, ",")+"}")
				}
				if len(keep) > 0 {
					kept = append(kept, clio.Nested(name, keep...))
				}
			}
		}
	}
	if len(dropped) == 0 {
		return fs, nil
	}
	if len(kept) == 0 {
		// Not the zero FieldSet, which means "the defaults": id (and the
		// etag every selection carries) only.
		kept = []clio.Field{"id"}
	}
	return clio.Fields(kept...), dropped
}

// scrub removes secret-bearing keys, at any depth, from a record as the
// server sent it, and reports the paths it removed ("webhook.shared_secret"
// style, dot-separated). The selection already leaves them out; this
// catches a server that sends them unasked (a proxy, a field Clio always
// includes, a list of nested records). A record without any such key is
// returned as sent, byte for byte; one with them is re-encoded, its keys
// in sorted order.
func scrub(raw json.RawMessage) (json.RawMessage, []string, error) {
	if !mayHoldSecret(raw) {
		return raw, nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber() // numbers are written back exactly as sent
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, nil, err
	}
	var removed []string
	removeSecrets(v, "", &removed)
	if len(removed) == 0 {
		return raw, nil, nil
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false) // keep text such as "A & B" as sent
	if err := e.Encode(v); err != nil {
		return nil, nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), removed, nil
}

// mayHoldSecret is scrub's cheap first look: false when no secret name or
// word, nor a JSON escape that could spell one, appears anywhere in raw.
func mayHoldSecret(raw []byte) bool {
	if bytes.Contains(raw, []byte(`\u`)) {
		return true
	}
	lower := bytes.ToLower(raw)
	for _, w := range slices.Concat(secretNames, secretWords) {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// removeSecrets deletes secret-bearing keys from v in place, appending
// each removed key's path to removed.
func removeSecrets(v any, path string, removed *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if isSecret(k) {
				delete(v, k)
				if !slices.Contains(*removed, p) {
					*removed = append(*removed, p)
				}
				continue
			}
			removeSecrets(x, p, removed)
		}
	case []any:
		for _, x := range v {
			removeSecrets(x, path, removed)
		}
	}
}
