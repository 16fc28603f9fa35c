package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// resource is one exportable list: a list operation of Clio's API that
// takes no path ids (so it lists the whole firm's records).
type resource struct {
	Name     string            // the list's path without .json: "activities", "court_rules/jurisdictions"
	Path     string            // relative to the API base: "activities.json"
	Record   string            // the catalog name its fields are checked against: "Activity"
	Required []clio.QueryParam // query parameters it cannot be listed without
	MaxPage  int               // the largest page it takes
}

// resources returns every exportable list, by name, from the SDK's table
// of operations.
func resources() map[string]resource {
	out := map[string]resource{}
	for _, op := range clio.Operations() {
		// A paged list declares a page size; a GET of one record such as
		// the event metrics does not.
		if op.HTTPMethod != "GET" || op.Record == "" || strings.Contains(op.Path, "{") || op.MaxLimit == 0 {
			continue
		}
		path := strings.TrimPrefix(op.Path, "/")
		name := strings.TrimSuffix(path, ".json")
		out[name] = resource{Name: name, Path: path, Record: op.Record, Required: op.Required, MaxPage: op.MaxLimit}
	}
	return out
}

// names returns the resources' names, sorted.
func names(rs map[string]resource) []string {
	ns := make([]string, 0, len(rs))
	for n := range rs {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// job is one export: a resource with the values of its required
// parameters, written to one output.
type job struct {
	resource
	where url.Values // the list's filters, the required ones included
}

// label names the job in messages and file names: the resource, and the
// required values it was listed with ("notes type=Matter").
func (j job) label() string {
	var parts []string
	for _, p := range j.Required {
		parts = append(parts, p.Name+"="+j.where.Get(p.Name))
	}
	return strings.TrimSpace(j.Name + " " + strings.Join(parts, " "))
}

// fileName is the job's output file in a directory export.
func (j job) fileName(format string) string {
	return strings.NewReplacer("/", "_", " ", ".", "=", "-").Replace(j.label()) + "." + format
}

// jobsFor expands a resource into its jobs: one, or with a required
// parameter of fixed values and no value given in where, one per value.
// A required parameter without fixed values must come in where.
func jobsFor(r resource, where url.Values) ([]job, error) {
	jobs := []job{{resource: r, where: where}}
	for _, p := range r.Required {
		if where.Get(p.Name) != "" {
			continue
		}
		if len(p.Values) == 0 {
			return nil, fmt.Errorf("%s needs -where %s=<value>", r.Name, p.Name)
		}
		var next []job
		for _, j := range jobs {
			for _, v := range p.Values {
				w := url.Values{}
				for k, vs := range j.where {
					w[k] = vs
				}
				w.Set(p.Name, v)
				next = append(next, job{resource: r, where: w})
			}
		}
		jobs = next
	}
	return jobs, nil
}
