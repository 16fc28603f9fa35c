package cliotest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRoutesNameTheirOperation: every hand-written route serves an
// operation of the spec, but the two Clio answers and its spec does not
// declare, so the request log can name the operation of each.
func TestRoutesNameTheirOperation(t *testing.T) {
	undeclared := map[string]bool{"GET matter_stages/{id}": true, "PUT webhooks/{id}/activate": true}
	for _, rt := range routes {
		name := rt.method + " " + strings.Join(rt.segs, "/")
		if undeclared[name] {
			assert.Nil(t, rt.spec, name)
			assert.Equal(t, "/"+strings.Join(rt.segs, "/")+".json", rt.template(), name)
			continue
		}
		if assert.NotNil(t, rt.spec, name) {
			assert.Equal(t, rt.method, rt.spec.method, name)
			assert.Equal(t, templateKey(rt.spec.path), templateKey(strings.Join(rt.segs, "/")), name)
			if rt.op != "" {
				assert.Equal(t, rt.op, rt.spec.id, name)
			}
		}
	}
}

// TestResolve: ids fill placeholders only as positive integers, in order;
// a literal "{}" fills none.
func TestResolve(t *testing.T) {
	for _, c := range []struct {
		method, path, op string
		ids              []int64
	}{
		{"GET", "/api/v4/activities/12.json", "Activity#show", []int64{12}},
		{"GET", "/api/v4/activities/12", "Activity#show", []int64{12}},
		{"GET", "/api/v4/matters/7/contacts.json", "MatterContacts#index", []int64{7}},
		{"GET", "/api/v4/matters/7.json", "Matter#show", []int64{7}},
		{"GET", "/api/v4/activities/{}.json", "", nil},
		{"GET", "/api/v4/matters/{}/contacts.json", "", nil},
		{"GET", "/api/v4/activities/0.json", "", nil},
		{"GET", "/api/v4/activities/-3.json", "", nil},
		{"GET", "/api/v4/activities/x.json", "", nil},
		{"GET", "/api/v4/activities.json.json", "", nil},
		{"GET", "/activities.json", "", nil},
	} {
		rg := resolve(c.method, c.path)
		op, _ := rg.operation()
		assert.Equal(t, c.op, op, c.path)
		assert.Equal(t, c.ids, rg.ids, c.path)
	}
	rg := resolve("PUT", "/api/v4/activities/{}.json")
	assert.Nil(t, rg.allowed, "a literal {} is 404, not 405")
	rg = resolve("PUT", "/api/v4/activities/1.json")
	assert.Equal(t, []string{"DELETE", "GET", "PATCH"}, rg.allowed)
}
