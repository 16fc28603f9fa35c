package clio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// The decode cost of issue 16's model types: exact Decimal money, Date for
// calendar dates and the presence record (Has) of every model. A page of
// 200 matters decodes into today's Matter (v0.3) and into a frozen copy of
// the Matter of v0.2 (matterV02 below: float64 money, time.Time where v0.3
// has Date, no presence), in the same process. bench/run runs the
// interleaved comparison and prints the spread of its ratio.
//
//	go test -run '^$' -bench 'DecodeMatterPage' -benchtime 200x -count 5 .
//
// Two pages: "default" carries the fields the SDK asks for by default
// (defaultMatterFields), the page every Matters.List decodes and the one
// issue 16 bounds (at most 15% slower); it holds no money. "full" carries
// every field of testdata/models/matter.json, money included, to show the
// cost of Decimal.

const decodePageSize = 200

// matterPageOf is the list envelope, the same for both versions.
type matterPageOf[T any] struct {
	Data []T `json:"data"`
	Meta struct {
		Paging struct {
			Previous string `json:"previous"`
			Next     string `json:"next"`
		} `json:"paging"`
		Records int `json:"records"`
	} `json:"meta"`
}

// rawMember is one member of a JSON object, kept in the fixture's order.
type rawMember struct {
	key string
	val json.RawMessage
}

// objectMembers splits a JSON object into its members, in order, each value
// compacted as Clio sends it.
func objectMembers(tb testing.TB, b []byte) []rawMember {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		tb.Fatalf("not an object: %v %v", tok, err)
	}
	var out []rawMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			tb.Fatal(err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			tb.Fatal(err)
		}
		out = append(out, rawMember{tok.(string), c.Bytes()})
	}
	return out
}

func writeObject(buf *bytes.Buffer, members []rawMember) {
	buf.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(m.val)
	}
	buf.WriteByte('}')
}

// projectFields keeps what Clio answers for fields: id, etag and each named
// field; a nested selection keeps only the named fields of each object (or
// of each object of a list) in the association.
func projectFields(tb testing.TB, rec []rawMember, fields FieldSet) []rawMember {
	tb.Helper()
	want := map[string][]string{"id": nil, "etag": nil}
	for _, f := range fields.Entries() {
		it, err := parseFieldItem(string(f))
		if err != nil {
			tb.Fatal(err)
		}
		want[it.name] = it.nested
	}
	var out []rawMember
	for _, m := range rec {
		nested, ok := want[m.key]
		if !ok {
			continue
		}
		if nested != nil {
			m.val = projectNested(tb, m.val, nested)
		}
		out = append(out, m)
	}
	if len(out) != len(want) {
		tb.Fatalf("the fixture has %d of the %d default fields", len(out), len(want))
	}
	return out
}

func projectNested(tb testing.TB, v json.RawMessage, names []string) json.RawMessage {
	keep := func(obj json.RawMessage) json.RawMessage {
		var out []rawMember
		for _, m := range objectMembers(tb, obj) {
			if slices.Contains(names, m.key) {
				out = append(out, m)
			}
		}
		var buf bytes.Buffer
		writeObject(&buf, out)
		return buf.Bytes()
	}
	switch v[0] {
	case '{':
		return keep(v)
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			tb.Fatal(err)
		}
		var buf bytes.Buffer
		buf.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(keep(it))
		}
		buf.WriteByte(']')
		return buf.Bytes()
	}
	return v // null
}

// matterPage is a page of 200 matters built from testdata/models/matter.json
// (every field; with only the SDK's default fields unless full), the ids,
// numbers, dates, times and money varying from matter to matter.
func matterPage(tb testing.TB, full bool) []byte {
	tb.Helper()
	raw, err := os.ReadFile("testdata/models/matter.json")
	if err != nil {
		tb.Fatal(err)
	}
	var doc struct{ Data json.RawMessage }
	if err := json.Unmarshal(raw, &doc); err != nil {
		tb.Fatal(err)
	}
	rec := objectMembers(tb, doc.Data)
	if !full {
		rec = projectFields(tb, rec, defaultMatterFields)
	}
	q := func(s string) json.RawMessage { return json.RawMessage(strconv.Quote(s)) }
	day := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	buf.WriteString(`{"data":[`)
	for i := range decodePageSize {
		if i > 0 {
			buf.WriteByte(',')
		}
		d := day.AddDate(0, 0, i)
		stamp := func(h int) json.RawMessage {
			return q(d.Add(time.Duration(h)*time.Hour+time.Duration(i)*time.Second).Format("2006-01-02T15:04:05") + "-04:00")
		}
		m := slices.Clone(rec)
		for j := range m {
			var v json.RawMessage
			switch m[j].key {
			case "id":
				v = json.RawMessage(strconv.Itoa(1084530000 + i))
			case "number":
				v = json.RawMessage(strconv.Itoa(431 + i))
			case "display_number":
				v = q(fmt.Sprintf("%05d-Doe", 431+i))
			case "client_id":
				v = json.RawMessage(strconv.Itoa(1453226000 + i%37))
			case "open_date":
				v = q(d.Format(time.DateOnly))
			case "pending_date":
				v = q(d.AddDate(0, 0, -3).Format(time.DateOnly))
			case "last_activity_date":
				v = q(d.AddDate(0, 0, 20).Format(time.DateOnly))
			case "created_at":
				v = stamp(9)
			case "updated_at":
				v = stamp(30)
			case "matter_stage_updated_at":
				v = stamp(14)
			case "account_balances":
				v = json.RawMessage(fmt.Sprintf(`[{"id":%d,"balance":%d.%02d,"type":"Trust","name":"IOLTA Trust Account","currency_id":1}]`, 60000+i, 250+i*17, i%100))
			case "matter_budget":
				v = bytes.Replace(m[j].val, []byte(`"budget":15000.0`), fmt.Appendf(nil, `"budget":%d.%02d`, 15000+i*25, (i*7)%100), 1)
			}
			if v != nil {
				m[j].val = v
			}
		}
		writeObject(&buf, m)
	}
	fmt.Fprintf(&buf, `],"meta":{"paging":{},"records":%d}}`, decodePageSize)
	return buf.Bytes()
}

func decodePage[T any](tb testing.TB, page []byte) []T {
	var p matterPageOf[T]
	if err := json.Unmarshal(page, &p); err != nil || len(p.Data) != decodePageSize {
		tb.Fatalf("decoded %d matters: %v", len(p.Data), err)
	}
	return p.Data
}

// TestDecodeMatterPageSameData holds the two decodes of each page to the
// same data, so that the benchmarks compare like with like.
func TestDecodeMatterPageSameData(t *testing.T) {
	for _, full := range []bool{false, true} {
		page := matterPage(t, full)
		old, cur := decodePage[matterV02](t, page), decodePage[Matter](t, page)
		for i := range old {
			o, c := &old[i], &cur[i]
			if o.ID != c.ID || o.ID != int64(1084530000+i) || o.DisplayNumber != c.DisplayNumber || o.Number != c.Number ||
				o.ClientID != c.ClientID || o.Status != c.Status || o.Description != c.Description {
				t.Fatalf("matter %d: v0.2 %+v\nv0.3 %+v", i, o, c)
			}
			if o.OpenDate != c.OpenDate || o.OpenDate.IsZero() || o.PendingDate != c.PendingDate || o.LastActivityDate != c.LastActivityDate ||
				!o.CreatedAt.Equal(c.CreatedAt) || o.CreatedAt.IsZero() || !o.UpdatedAt.Equal(c.UpdatedAt) ||
				DateOf(o.MatterStageUpdatedAt) != c.MatterStageUpdatedAt || c.MatterStageUpdatedAt.IsZero() {
				t.Fatalf("matter %d: dates differ: v0.2 %v %v %v %v, v0.3 %v %v %v %v", i,
					o.OpenDate, o.LastActivityDate, o.CreatedAt, o.MatterStageUpdatedAt, c.OpenDate, c.LastActivityDate, c.CreatedAt, c.MatterStageUpdatedAt)
			}
			if o.Client.Name != c.Client.Name || o.PracticeArea.Name != c.PracticeArea.Name || o.MatterStage.Name != c.MatterStage.Name ||
				o.ResponsibleAttorney.Name != c.ResponsibleAttorney.Name || o.ResponsibleStaff.Name != c.ResponsibleStaff.Name ||
				len(o.CustomFieldValues) != 3 || len(c.CustomFieldValues) != 3 || o.CustomFieldValues[1].ID != c.CustomFieldValues[1].ID {
				t.Fatalf("matter %d: associations differ", i)
			}
			if !c.Has("open_date") || c.Has("account_balances") != full || (o.Currency != nil) != full || (c.Currency != nil) != full {
				t.Fatalf("matter %d (full %v): presence or fields differ", i, full)
			}
			if !full {
				continue
			}
			money := func(f float64, d Decimal) {
				t.Helper()
				if want := MustDecimal(strconv.FormatFloat(f, 'f', -1, 64)); !want.Equal(d) || d.IsZero() {
					t.Fatalf("matter %d: money %v (v0.2) vs %v (v0.3)", i, f, d)
				}
			}
			money(o.AccountBalances[0].Balance, c.AccountBalances[0].Balance)
			money(o.MatterBudget.Budget, c.MatterBudget.Budget)
			money(o.EvergreenRetainer.MinimumThreshold, c.EvergreenRetainer.MinimumThreshold)
			if r, _ := c.CustomRate.Rates[0].Rate.Rat().Float64(); r != o.CustomRate.Rates[0].Rate {
				t.Fatalf("matter %d: rate %v vs %v", i, o.CustomRate.Rates[0].Rate, r)
			}
		}
	}
}

// BenchmarkDecodeMatterPage decodes the default page of 200 matters into
// the v0.2 and the v0.3 Matter, one after the other; the ratio of the two
// comes from BenchmarkDecodeMatterPageInterleaved.
func BenchmarkDecodeMatterPage(b *testing.B) { benchDecodeMatterPage(b, false) }

// BenchmarkDecodeMatterPageFull is the same with every field of the
// Matter, money included.
func BenchmarkDecodeMatterPageFull(b *testing.B) { benchDecodeMatterPage(b, true) }

func benchDecodeMatterPage(b *testing.B, full bool) {
	page := matterPage(b, full)
	b.Run("v0.2", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			decodePage[matterV02](b, page)
		}
	})
	b.Run("v0.3", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			decodePage[Matter](b, page)
		}
	})
}

// BenchmarkDecodeMatterPageInterleaved times the two decodes of a page in
// the same process, as the standards ask on a noisy machine: each
// iteration is a round of one short block of each (decodeBlock pages), the
// order alternating from round to round; a page takes about 13 ms (default)
// or 45 ms (full) here, so a block is one page. It reports the median over the
// rounds of the block ratio v0.3 / v0.2 (ratio) and its 10th and 90th
// percentiles, the microseconds per page of each over all rounds, and the
// allocations and kilobytes per page of each. ns/op is not reported: an
// iteration is one round of both. bench/run runs it in several processes.
func BenchmarkDecodeMatterPageInterleaved(b *testing.B) {
	for _, tc := range []struct {
		name string
		full bool
	}{{"default", false}, {"full", true}} {
		b.Run(tc.name, func(b *testing.B) {
			page := matterPage(b, tc.full)
			v02 := func() { decodePage[matterV02](b, page) }
			v03 := func() { decodePage[Matter](b, page) }
			const decodeBlock = 1
			timeBlock := func(f func()) time.Duration {
				start := time.Now()
				for range decodeBlock {
					f()
				}
				return time.Since(start)
			}
			for range 5 { // warm up both
				timeBlock(v02)
				timeBlock(v03)
			}
			var ratios []float64
			var t02, t03 time.Duration
			for i := 0; b.Loop(); i++ {
				var a, c time.Duration
				if i%2 == 0 {
					a = timeBlock(v02)
					c = timeBlock(v03)
				} else {
					c = timeBlock(v03)
					a = timeBlock(v02)
				}
				t02, t03 = t02+a, t03+c
				ratios = append(ratios, float64(c)/float64(a))
			}
			b.StopTimer()
			slices.Sort(ratios)
			n := float64(len(ratios) * decodeBlock)
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(ratios[len(ratios)/2], "ratio")
			b.ReportMetric(ratios[len(ratios)/10], "ratio-p10")
			b.ReportMetric(ratios[len(ratios)*9/10], "ratio-p90")
			b.ReportMetric(float64(t02.Microseconds())/n, "v02-us/page")
			b.ReportMetric(float64(t03.Microseconds())/n, "v03-us/page")
			allocs, bytes := allocsPerRun(v02)
			b.ReportMetric(allocs, "v02-allocs/page")
			b.ReportMetric(bytes/1024, "v02-KiB/page")
			allocs, bytes = allocsPerRun(v03)
			b.ReportMetric(allocs, "v03-allocs/page")
			b.ReportMetric(bytes/1024, "v03-KiB/page")
		})
	}
}

// allocsPerRun is testing.AllocsPerRun with the bytes as well: the mean
// allocations and bytes allocated by one call of f, over 10 calls.
func allocsPerRun(f func()) (allocs, bytes float64) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 10
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / runs, float64(after.TotalAlloc-before.TotalAlloc) / runs
}

// The v0.2 models, frozen: Matter and every struct type it reaches, as
// models_gen.go declared them before issue 16 (git show af9ab66:models_gen.go),
// each type T renamed tV02 and its doc comments dropped. Money is float64,
// the dates v0.3 types as Date are time.Time read through lenientTime, and
// nothing records presence. Types that are not structs (enums, Date,
// CompositeID) are the package's own; Date reads YYYY-MM-DD as it did then.

// accountBalanceBaseV02 is AccountBalanceBase as v0.2 declared it.
type accountBalanceBaseV02 struct {
	ID         int64   `json:"id,omitempty"`
	Balance    float64 `json:"balance,omitempty"`
	CurrencyID int64   `json:"currency_id,omitempty"`
	Name       string  `json:"name,omitempty"`
	Type       string  `json:"type,omitempty"`
}

// attorneyAllocationBaseV02 is AttorneyAllocationBase as v0.2 declared it.
type attorneyAllocationBaseV02 struct {
	ID                            int64     `json:"id,omitempty"`
	ETag                          string    `json:"etag,omitempty"`
	AccountID                     int64     `json:"account_id,omitempty"`
	CreatedAt                     time.Time `json:"created_at,omitzero"`
	OriginatingAttorneyAllocation float64   `json:"originating_attorney_allocation,omitempty"`
	ResourceID                    int64     `json:"resource_id,omitempty"`
	ResourceType                  string    `json:"resource_type,omitempty"`
	ResponsibleAttorneyAllocation float64   `json:"responsible_attorney_allocation,omitempty"`
	UpdatedAt                     time.Time `json:"updated_at,omitzero"`
}

func (x *attorneyAllocationBaseV02) UnmarshalJSON(b []byte) error {
	type plain attorneyAllocationBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// contactBaseV02 is ContactBase as v0.2 declared it.
type contactBaseV02 struct {
	ID                          int64            `json:"id,omitempty"`
	ETag                        string           `json:"etag,omitempty"`
	ClientConnectUserID         int64            `json:"client_connect_user_id,omitempty"`
	ClioConnectEmail            string           `json:"clio_connect_email,omitempty"`
	CreatedAt                   time.Time        `json:"created_at,omitzero"`
	Currency                    *currencyBaseV02 `json:"currency,omitempty"`
	DateOfBirth                 Date             `json:"date_of_birth,omitzero"`
	FirstName                   string           `json:"first_name,omitempty"`
	HasClioForClientsPermission bool             `json:"has_clio_for_clients_permission,omitempty"`
	Initials                    string           `json:"initials,omitempty"`
	IsBillRecipient             bool             `json:"is_bill_recipient,omitempty"`
	IsClient                    bool             `json:"is_client,omitempty"`
	IsClioForClientUser         bool             `json:"is_clio_for_client_user,omitempty"`
	IsCoCounsel                 bool             `json:"is_co_counsel,omitempty"`
	LastName                    string           `json:"last_name,omitempty"`
	LedesClientID               string           `json:"ledes_client_id,omitempty"`
	LockedClioConnectEmail      bool             `json:"locked_clio_connect_email,omitempty"`
	MiddleName                  string           `json:"middle_name,omitempty"`
	Name                        string           `json:"name,omitempty"`
	Prefix                      string           `json:"prefix,omitempty"`
	PrimaryEmailAddress         string           `json:"primary_email_address,omitempty"`
	PrimaryPhoneNumber          string           `json:"primary_phone_number,omitempty"`
	SalesTaxNumber              string           `json:"sales_tax_number,omitempty"`
	SecondaryEmailAddress       string           `json:"secondary_email_address,omitempty"`
	SecondaryPhoneNumber        string           `json:"secondary_phone_number,omitempty"`
	Title                       string           `json:"title,omitempty"`
	Type                        ContactType      `json:"type,omitempty"`
	UpdatedAt                   time.Time        `json:"updated_at,omitzero"`
}

func (x *contactBaseV02) UnmarshalJSON(b []byte) error {
	type plain contactBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// contingencyFeeBaseV02 is ContingencyFeeBase as v0.2 declared it.
type contingencyFeeBaseV02 struct {
	ID                   int64     `json:"id,omitempty"`
	ETag                 string    `json:"etag,omitempty"`
	CreatedAt            time.Time `json:"created_at,omitzero"`
	ShowContingencyAward bool      `json:"show_contingency_award,omitempty"`
	UpdatedAt            time.Time `json:"updated_at,omitzero"`
}

func (x *contingencyFeeBaseV02) UnmarshalJSON(b []byte) error {
	type plain contingencyFeeBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// currencyBaseV02 is CurrencyBase as v0.2 declared it.
type currencyBaseV02 struct {
	ID        int64     `json:"id,omitempty"`
	ETag      string    `json:"etag,omitempty"`
	Code      string    `json:"code,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	Sign      string    `json:"sign,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

func (x *currencyBaseV02) UnmarshalJSON(b []byte) error {
	type plain currencyBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// customFieldV02 is CustomField as v0.2 declared it.
type customFieldV02 struct {
	ID              int64                   `json:"id,omitempty"`
	ETag            string                  `json:"etag,omitempty"`
	CreatedAt       time.Time               `json:"created_at,omitzero"`
	Deleted         bool                    `json:"deleted,omitempty"`
	DisplayOrder    int                     `json:"display_order,omitempty"`
	Displayed       bool                    `json:"displayed,omitempty"`
	FieldType       CustomFieldFieldType    `json:"field_type,omitempty"`
	Name            string                  `json:"name,omitempty"`
	ParentType      CustomFieldParentType   `json:"parent_type,omitempty"`
	Required        bool                    `json:"required,omitempty"`
	UpdatedAt       time.Time               `json:"updated_at,omitzero"`
	PicklistOptions []picklistOptionBaseV02 `json:"picklist_options,omitempty"`
}

func (x *customFieldV02) UnmarshalJSON(b []byte) error {
	type plain customFieldV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// customFieldMatterSelectionBaseV02 is CustomFieldMatterSelectionBase as v0.2 declared it.
type customFieldMatterSelectionBaseV02 struct {
	ID            int64  `json:"id,omitempty"`
	DisplayNumber string `json:"display_number,omitempty"`
}

// customFieldSetAssociationBaseV02 is CustomFieldSetAssociationBase as v0.2 declared it.
type customFieldSetAssociationBaseV02 struct {
	ID           int64     `json:"id,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
	DisplayOrder int       `json:"display_order,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
}

func (x *customFieldSetAssociationBaseV02) UnmarshalJSON(b []byte) error {
	type plain customFieldSetAssociationBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// customFieldValueV02 is CustomFieldValue as v0.2 declared it.
type customFieldValueV02 struct {
	ID                CompositeID                        `json:"id,omitempty"`
	ETag              string                             `json:"etag,omitempty"`
	CreatedAt         time.Time                          `json:"created_at,omitzero"`
	FieldDisplayOrder int                                `json:"field_display_order,omitempty"`
	FieldDisplayed    bool                               `json:"field_displayed,omitempty"`
	FieldName         string                             `json:"field_name,omitempty"`
	FieldRequired     bool                               `json:"field_required,omitempty"`
	FieldType         CustomFieldFieldType               `json:"field_type,omitempty"`
	SoftDeleted       bool                               `json:"soft_deleted,omitempty"`
	UpdatedAt         time.Time                          `json:"updated_at,omitzero"`
	Value             json.RawMessage                    `json:"value,omitempty"`
	Contact           *contactBaseV02                    `json:"contact,omitempty"`
	CustomField       *customFieldV02                    `json:"custom_field,omitempty"`
	Matter            *customFieldMatterSelectionBaseV02 `json:"matter,omitempty"`
	PicklistOption    *picklistOptionV02                 `json:"picklist_option,omitempty"`
}

func (x *customFieldValueV02) UnmarshalJSON(b []byte) error {
	type plain customFieldValueV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// evergreenRetainerBaseV02 is EvergreenRetainerBase as v0.2 declared it.
type evergreenRetainerBaseV02 struct {
	ID               int64     `json:"id,omitempty"`
	ETag             string    `json:"etag,omitempty"`
	CreatedAt        time.Time `json:"created_at,omitzero"`
	MinimumThreshold float64   `json:"minimum_threshold,omitempty"`
	UpdatedAt        time.Time `json:"updated_at,omitzero"`
}

func (x *evergreenRetainerBaseV02) UnmarshalJSON(b []byte) error {
	type plain evergreenRetainerBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// folderBaseV02 is FolderBase as v0.2 declared it.
type folderBaseV02 struct {
	ID        int64      `json:"id,omitempty"`
	ETag      string     `json:"etag,omitempty"`
	CreatedAt time.Time  `json:"created_at,omitzero"`
	DeletedAt time.Time  `json:"deleted_at,omitzero"`
	Locked    bool       `json:"locked,omitempty"`
	Name      string     `json:"name,omitempty"`
	Root      bool       `json:"root,omitempty"`
	Type      FolderType `json:"type,omitempty"`
	UpdatedAt time.Time  `json:"updated_at,omitzero"`
}

func (x *folderBaseV02) UnmarshalJSON(b []byte) error {
	type plain folderBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		DeletedAt *lenientTime `json:"deleted_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.DeletedAt), (*lenientTime)(&x.UpdatedAt)})
}

// groupBaseV02 is GroupBase as v0.2 declared it.
type groupBaseV02 struct {
	ID                int64     `json:"id,omitempty"`
	ETag              string    `json:"etag,omitempty"`
	ClientConnectUser bool      `json:"client_connect_user,omitempty"`
	Name              string    `json:"name,omitempty"`
	Type              GroupType `json:"type,omitempty"`
	UpdatedAt         time.Time `json:"updated_at,omitzero"`
}

func (x *groupBaseV02) UnmarshalJSON(b []byte) error {
	type plain groupBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.UpdatedAt)})
}

// kycFieldValueBaseV02 is KycFieldValueBase as v0.2 declared it.
type kycFieldValueBaseV02 struct {
	ID                  int64                      `json:"id,omitempty"`
	ETag                string                     `json:"etag,omitempty"`
	CreatedAt           time.Time                  `json:"created_at,omitzero"`
	FieldLabel          string                     `json:"field_label,omitempty"`
	FieldName           string                     `json:"field_name,omitempty"`
	FieldPossibleValues []string                   `json:"field_possible_values,omitempty"`
	FieldType           KycFieldValueBaseFieldType `json:"field_type,omitempty"`
	FieldValue          string                     `json:"field_value,omitempty"`
	Group               string                     `json:"group,omitempty"`
	UpdatedAt           time.Time                  `json:"updated_at,omitzero"`
}

func (x *kycFieldValueBaseV02) UnmarshalJSON(b []byte) error {
	type plain kycFieldValueBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// legalAidUkMatterBaseV02 is LegalAidUkMatterBase as v0.2 declared it.
type legalAidUkMatterBaseV02 struct {
	ID                                              int64     `json:"id,omitempty"`
	ETag                                            string    `json:"etag,omitempty"`
	AccessPoint                                     string    `json:"access_point,omitempty"`
	AitHearingCentre                                int       `json:"ait_hearing_centre,omitempty"`
	AttendedSeveralHearingsActingForMultipleClients bool      `json:"attended_several_hearings_acting_for_multiple_clients,omitempty"`
	BillHoUcn                                       string    `json:"bill_ho_ucn,omitempty"`
	BillNumberOfAttendances                         int       `json:"bill_number_of_attendances,omitempty"`
	BillOutcomeForTheClientCode                     int       `json:"bill_outcome_for_the_client_code,omitempty"`
	BillStageReachedCode                            int       `json:"bill_stage_reached_code,omitempty"`
	CaseReference                                   string    `json:"case_reference,omitempty"`
	CaseStartDate                                   Date      `json:"case_start_date,omitzero"`
	Category                                        int       `json:"category,omitempty"`
	CategoryAsString                                string    `json:"category_as_string,omitempty"`
	CertificateEffectiveDate                        Date      `json:"certificate_effective_date,omitzero"`
	CertificateExpirationDate                       Date      `json:"certificate_expiration_date,omitzero"`
	CertificateNumber                               string    `json:"certificate_number,omitempty"`
	CertificateScope                                string    `json:"certificate_scope,omitempty"`
	CertificationType                               int       `json:"certification_type,omitempty"`
	ChangeOfSolicitor                               bool      `json:"change_of_solicitor,omitempty"`
	ClientEqualOpportunityMonitoring                string    `json:"client_equal_opportunity_monitoring,omitempty"`
	ClientType                                      int       `json:"client_type,omitempty"`
	ClrStartDate                                    Date      `json:"clr_start_date,omitzero"`
	ClrTotalProfitCosts                             string    `json:"clr_total_profit_costs,omitempty"`
	CostLimit                                       string    `json:"cost_limit,omitempty"`
	Counsel                                         int       `json:"counsel,omitempty"`
	Court                                           int       `json:"court,omitempty"`
	CourtID                                         int64     `json:"court_id,omitempty"`
	CourtIDCode                                     string    `json:"court_id_code,omitempty"`
	CreatedAt                                       time.Time `json:"created_at,omitzero"`
	DeliveryLocation                                string    `json:"delivery_location,omitempty"`
	DsccNumber                                      string    `json:"dscc_number,omitempty"`
	DutySolicitor                                   bool      `json:"duty_solicitor,omitempty"`
	ExceptionalCaseFundingReference                 string    `json:"exceptional_case_funding_reference,omitempty"`
	ExpenseLimit                                    string    `json:"expense_limit,omitempty"`
	FeeScheme                                       int       `json:"fee_scheme,omitempty"`
	FirstConductingSolicitor                        bool      `json:"first_conducting_solicitor,omitempty"`
	IrcSurgery                                      string    `json:"irc_surgery,omitempty"`
	LaaOfficeNumber                                 string    `json:"laa_office_number,omitempty"`
	LegacyCase                                      string    `json:"legacy_case,omitempty"`
	LegalRepresentationNumber                       string    `json:"legal_representation_number,omitempty"`
	LhStartDate                                     string    `json:"lh_start_date,omitempty"`
	LhTotalDisbursements                            string    `json:"lh_total_disbursements,omitempty"`
	LhTotalProfitCosts                              string    `json:"lh_total_profit_costs,omitempty"`
	LinkedMatterID                                  int64     `json:"linked_matter_id,omitempty"`
	LocalAuthorityNumber                            string    `json:"local_authority_number,omitempty"`
	MaatID                                          string    `json:"maat_id,omitempty"`
	MatterType                                      int       `json:"matter_type,omitempty"`
	MatterType1                                     int       `json:"matter_type_1,omitempty"`
	MatterType1Code                                 string    `json:"matter_type_1_code,omitempty"`
	MatterType1Title                                string    `json:"matter_type_1_title,omitempty"`
	MatterType2                                     int       `json:"matter_type_2,omitempty"`
	MatterType2Code                                 string    `json:"matter_type_2_code,omitempty"`
	MatterType2Title                                string    `json:"matter_type_2_title,omitempty"`
	MatterTypeCode                                  string    `json:"matter_type_code,omitempty"`
	MatterTypesCombined                             string    `json:"matter_types_combined,omitempty"`
	NumberOfClients                                 int       `json:"number_of_clients,omitempty"`
	NumberOfClientsSeenAtSurgery                    int       `json:"number_of_clients_seen_at_surgery,omitempty"`
	Party                                           int       `json:"party,omitempty"`
	PoliceStation                                   string    `json:"police_station,omitempty"`
	PostTransferClientsRepresented                  int       `json:"post_transfer_clients_represented,omitempty"`
	PostalApplicationAccepted                       string    `json:"postal_application_accepted,omitempty"`
	PriorAuthorityReference                         string    `json:"prior_authority_reference,omitempty"`
	PrisonID                                        int64     `json:"prison_id,omitempty"`
	PrisonLawPriorApprovalNumber                    string    `json:"prison_law_prior_approval_number,omitempty"`
	ProcurementArea                                 string    `json:"procurement_area,omitempty"`
	Region                                          int       `json:"region,omitempty"`
	RelatedClaimsNumber                             string    `json:"related_claims_number,omitempty"`
	RepresentationOrderDate                         Date      `json:"representation_order_date,omitzero"`
	ScheduleReferenceNumber                         string    `json:"schedule_reference_number,omitempty"`
	SchemeID                                        string    `json:"scheme_id,omitempty"`
	SessionType                                     int       `json:"session_type,omitempty"`
	SolicitorType                                   int       `json:"solicitor_type,omitempty"`
	StandardFeeCategory                             int       `json:"standard_fee_category,omitempty"`
	SurgeryClients                                  int       `json:"surgery_clients,omitempty"`
	SurgeryClientsResultingInALegalHelpMatterOpened int       `json:"surgery_clients_resulting_in_a_legal_help_matter_opened,omitempty"`
	SurgeryDate                                     Date      `json:"surgery_date,omitzero"`
	TransferDate                                    Date      `json:"transfer_date,omitzero"`
	TypeOfAdvice                                    int       `json:"type_of_advice,omitempty"`
	TypeOfService                                   string    `json:"type_of_service,omitempty"`
	Ucn                                             string    `json:"ucn,omitempty"`
	Ufn                                             string    `json:"ufn,omitempty"`
	UndesignatedAreaCourt                           bool      `json:"undesignated_area_court,omitempty"`
	UpdatedAt                                       time.Time `json:"updated_at,omitzero"`
	UserType                                        int       `json:"user_type,omitempty"`
	YouthCourt                                      bool      `json:"youth_court,omitempty"`
}

func (x *legalAidUkMatterBaseV02) UnmarshalJSON(b []byte) error {
	type plain legalAidUkMatterBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// matterV02 is Matter as v0.2 declared it.
type matterV02 struct {
	ID                         int64                              `json:"id,omitempty"`
	ETag                       string                             `json:"etag,omitempty"`
	Billable                   bool                               `json:"billable,omitempty"`
	BillingMethod              MatterBillingMethod                `json:"billing_method,omitempty"`
	ClientID                   int64                              `json:"client_id,omitempty"`
	ClientReference            string                             `json:"client_reference,omitempty"`
	CloseDate                  Date                               `json:"close_date,omitzero"`
	CreatedAt                  time.Time                          `json:"created_at,omitzero"`
	CustomNumber               string                             `json:"custom_number,omitempty"`
	Description                string                             `json:"description,omitempty"`
	DisplayNumber              string                             `json:"display_number,omitempty"`
	HasTasks                   bool                               `json:"has_tasks,omitempty"`
	LastActivityDate           Date                               `json:"last_activity_date,omitzero"`
	Location                   string                             `json:"location,omitempty"`
	MaildropAddress            string                             `json:"maildrop_address,omitempty"`
	MatterStageUpdatedAt       time.Time                          `json:"matter_stage_updated_at,omitzero"`
	Number                     int                                `json:"number,omitempty"`
	OpenDate                   Date                               `json:"open_date,omitzero"`
	PendingDate                Date                               `json:"pending_date,omitzero"`
	Shared                     bool                               `json:"shared,omitempty"`
	Status                     MatterStatus                       `json:"status,omitempty"`
	UpdatedAt                  time.Time                          `json:"updated_at,omitzero"`
	AccountBalances            []accountBalanceBaseV02            `json:"account_balances,omitempty"`
	AttorneyAllocation         *attorneyAllocationBaseV02         `json:"attorney_allocation,omitempty"`
	Client                     *contactBaseV02                    `json:"client,omitempty"`
	ContingencyFee             *contingencyFeeBaseV02             `json:"contingency_fee,omitempty"`
	Currency                   *currencyBaseV02                   `json:"currency,omitempty"`
	CustomFieldSetAssociations []customFieldSetAssociationBaseV02 `json:"custom_field_set_associations,omitempty"`
	CustomFieldValues          []customFieldValueV02              `json:"custom_field_values,omitempty"`
	CustomRate                 *matterCustomRateV02               `json:"custom_rate,omitempty"`
	EvergreenRetainer          *evergreenRetainerBaseV02          `json:"evergreen_retainer,omitempty"`
	Folder                     *folderBaseV02                     `json:"folder,omitempty"`
	Group                      *groupBaseV02                      `json:"group,omitempty"`
	KycFieldValues             []kycFieldValueBaseV02             `json:"kyc_field_values,omitempty"`
	LegalAidUkMatter           *legalAidUkMatterBaseV02           `json:"legal_aid_uk_matter,omitempty"`
	MatterBillRecipients       []matterBillRecipientV02           `json:"matter_bill_recipients,omitempty"`
	MatterBudget               *matterBudgetBaseV02               `json:"matter_budget,omitempty"`
	MatterStage                *matterStageBaseV02                `json:"matter_stage,omitempty"`
	OriginatingAttorney        *userBaseV02                       `json:"originating_attorney,omitempty"`
	PracticeArea               *practiceAreaBaseV02               `json:"practice_area,omitempty"`
	Relationships              []relationshipBaseV02              `json:"relationships,omitempty"`
	ResponsibleAttorney        *userBaseV02                       `json:"responsible_attorney,omitempty"`
	ResponsibleStaff           *userBaseV02                       `json:"responsible_staff,omitempty"`
	SplitInvoicePayers         []splitInvoicePayerBaseV02         `json:"split_invoice_payers,omitempty"`
	StatuteOfLimitations       *taskBaseV02                       `json:"statute_of_limitations,omitempty"`
	TaskTemplateListInstances  []taskTemplateListInstaceBaseV02   `json:"task_template_list_instances,omitempty"`
	User                       *userBaseV02                       `json:"user,omitempty"`
}

func (x *matterV02) UnmarshalJSON(b []byte) error {
	type plain matterV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt            *lenientTime `json:"created_at"`
		MatterStageUpdatedAt *lenientTime `json:"matter_stage_updated_at"`
		UpdatedAt            *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.MatterStageUpdatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// matterBillRecipientV02 is MatterBillRecipient as v0.2 declared it.
type matterBillRecipientV02 struct {
	ID        int64           `json:"id,omitempty"`
	ETag      string          `json:"etag,omitempty"`
	CreatedAt time.Time       `json:"created_at,omitzero"`
	UpdatedAt time.Time       `json:"updated_at,omitzero"`
	Recipient *contactBaseV02 `json:"recipient,omitempty"`
}

func (x *matterBillRecipientV02) UnmarshalJSON(b []byte) error {
	type plain matterBillRecipientV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// matterBudgetBaseV02 is MatterBudgetBase as v0.2 declared it.
type matterBudgetBaseV02 struct {
	ID                    int64     `json:"id,omitempty"`
	ETag                  string    `json:"etag,omitempty"`
	Budget                float64   `json:"budget,omitempty"`
	CreatedAt             time.Time `json:"created_at,omitzero"`
	IncludeExpenses       bool      `json:"include_expenses,omitempty"`
	NotificationThreshold int       `json:"notification_threshold,omitempty"`
	NotifyUsers           bool      `json:"notify_users,omitempty"`
	UpdatedAt             time.Time `json:"updated_at,omitzero"`
}

func (x *matterBudgetBaseV02) UnmarshalJSON(b []byte) error {
	type plain matterBudgetBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// matterCustomRateV02 is MatterCustomRate as v0.2 declared it.
type matterCustomRateV02 struct {
	OnInvoice bool                       `json:"on_invoice,omitempty"`
	Type      MatterCustomRateType       `json:"type,omitempty"`
	Rates     []polymorphicCustomRateV02 `json:"rates,omitempty"`
}

// matterStageBaseV02 is MatterStageBase as v0.2 declared it.
type matterStageBaseV02 struct {
	ID             int64       `json:"id,omitempty"`
	ETag           string      `json:"etag,omitempty"`
	CreatedAt      time.Time   `json:"created_at,omitzero"`
	Name           string      `json:"name,omitempty"`
	Order          int         `json:"order,omitempty"`
	PracticeAreaID CompositeID `json:"practice_area_id,omitempty"`
	UpdatedAt      time.Time   `json:"updated_at,omitzero"`
}

func (x *matterStageBaseV02) UnmarshalJSON(b []byte) error {
	type plain matterStageBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// picklistOptionV02 is PicklistOption as v0.2 declared it.
type picklistOptionV02 struct {
	ID        int64     `json:"id,omitempty"`
	ETag      string    `json:"etag,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
	Option    string    `json:"option,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

func (x *picklistOptionV02) UnmarshalJSON(b []byte) error {
	type plain picklistOptionV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		DeletedAt *lenientTime `json:"deleted_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.DeletedAt), (*lenientTime)(&x.UpdatedAt)})
}

// picklistOptionBaseV02 is PicklistOptionBase as v0.2 declared it.
type picklistOptionBaseV02 struct {
	ID        int64     `json:"id,omitempty"`
	ETag      string    `json:"etag,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
	Option    string    `json:"option,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

func (x *picklistOptionBaseV02) UnmarshalJSON(b []byte) error {
	type plain picklistOptionBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		DeletedAt *lenientTime `json:"deleted_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.DeletedAt), (*lenientTime)(&x.UpdatedAt)})
}

// polymorphicCustomRateV02 is PolymorphicCustomRate as v0.2 declared it.
type polymorphicCustomRateV02 struct {
	ID                  int64                                            `json:"id,omitempty"`
	ETag                string                                           `json:"etag,omitempty"`
	Award               float64                                          `json:"award,omitempty"`
	CreatedAt           time.Time                                        `json:"created_at,omitzero"`
	Date                Date                                             `json:"date,omitzero"`
	Note                string                                           `json:"note,omitempty"`
	Rate                float64                                          `json:"rate,omitempty"`
	UpdatedAt           time.Time                                        `json:"updated_at,omitzero"`
	ActivityDescription *polymorphicCustomRateActivityDescriptionBaseV02 `json:"activity_description,omitempty"`
	Group               *polymorphicCustomRateGroupBaseV02               `json:"group,omitempty"`
	User                *polymorphicCustomRateUserBaseV02                `json:"user,omitempty"`
}

func (x *polymorphicCustomRateV02) UnmarshalJSON(b []byte) error {
	type plain polymorphicCustomRateV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// polymorphicCustomRateActivityDescriptionBaseV02 is PolymorphicCustomRateActivityDescriptionBase as v0.2 declared it.
type polymorphicCustomRateActivityDescriptionBaseV02 struct {
	ID   int64  `json:"id,omitempty"`
	ETag string `json:"etag,omitempty"`
	Name string `json:"name,omitempty"`
}

// polymorphicCustomRateGroupBaseV02 is PolymorphicCustomRateGroupBase as v0.2 declared it.
type polymorphicCustomRateGroupBaseV02 struct {
	ID   int64  `json:"id,omitempty"`
	ETag string `json:"etag,omitempty"`
	Name string `json:"name,omitempty"`
}

// polymorphicCustomRateUserBaseV02 is PolymorphicCustomRateUserBase as v0.2 declared it.
type polymorphicCustomRateUserBaseV02 struct {
	ID      int64  `json:"id,omitempty"`
	ETag    string `json:"etag,omitempty"`
	Enabled bool   `json:"enabled,omitempty"`
	Name    string `json:"name,omitempty"`
}

// practiceAreaBaseV02 is PracticeAreaBase as v0.2 declared it.
type practiceAreaBaseV02 struct {
	ID        int64                `json:"id,omitempty"`
	ETag      string               `json:"etag,omitempty"`
	Category  PracticeAreaCategory `json:"category,omitempty"`
	Code      string               `json:"code,omitempty"`
	CreatedAt time.Time            `json:"created_at,omitzero"`
	Name      string               `json:"name,omitempty"`
	UpdatedAt time.Time            `json:"updated_at,omitzero"`
}

func (x *practiceAreaBaseV02) UnmarshalJSON(b []byte) error {
	type plain practiceAreaBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// relationshipBaseV02 is RelationshipBase as v0.2 declared it.
type relationshipBaseV02 struct {
	ID          int64     `json:"id,omitempty"`
	ETag        string    `json:"etag,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	Description string    `json:"description,omitempty"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

func (x *relationshipBaseV02) UnmarshalJSON(b []byte) error {
	type plain relationshipBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// splitInvoicePayerBaseV02 is SplitInvoicePayerBase as v0.2 declared it.
type splitInvoicePayerBaseV02 struct {
	ID                   int64     `json:"id,omitempty"`
	ETag                 string    `json:"etag,omitempty"`
	ContactID            int64     `json:"contact_id,omitempty"`
	CreatedAt            time.Time `json:"created_at,omitzero"`
	MatterID             int64     `json:"matter_id,omitempty"`
	SendToBillRecipients bool      `json:"send_to_bill_recipients,omitempty"`
	SplitPortion         float64   `json:"split_portion,omitempty"`
	UpdatedAt            time.Time `json:"updated_at,omitzero"`
}

func (x *splitInvoicePayerBaseV02) UnmarshalJSON(b []byte) error {
	type plain splitInvoicePayerBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// taskBaseV02 is TaskBase as v0.2 declared it.
type taskBaseV02 struct {
	ID                   int64                   `json:"id,omitempty"`
	ETag                 string                  `json:"etag,omitempty"`
	CompletedAt          time.Time               `json:"completed_at,omitzero"`
	CreatedAt            time.Time               `json:"created_at,omitzero"`
	Description          string                  `json:"description,omitempty"`
	DescriptionTextType  TaskDescriptionTextType `json:"description_text_type,omitempty"`
	DueAt                Date                    `json:"due_at,omitzero"`
	Name                 string                  `json:"name,omitempty"`
	NotifyCompletion     bool                    `json:"notify_completion,omitempty"`
	Permission           string                  `json:"permission,omitempty"`
	Priority             TaskPriority            `json:"priority,omitempty"`
	Status               TaskStatus              `json:"status,omitempty"`
	StatuteOfLimitations bool                    `json:"statute_of_limitations,omitempty"`
	TimeEntriesCount     int                     `json:"time_entries_count,omitempty"`
	TimeEstimated        int                     `json:"time_estimated,omitempty"`
	UpdatedAt            time.Time               `json:"updated_at,omitzero"`
}

func (x *taskBaseV02) UnmarshalJSON(b []byte) error {
	type plain taskBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CompletedAt *lenientTime `json:"completed_at"`
		CreatedAt   *lenientTime `json:"created_at"`
		UpdatedAt   *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CompletedAt), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// taskTemplateListInstaceBaseV02 is TaskTemplateListInstaceBase as v0.2 declared it.
type taskTemplateListInstaceBaseV02 struct {
	ID        int64     `json:"id,omitempty"`
	ETag      string    `json:"etag,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

func (x *taskTemplateListInstaceBaseV02) UnmarshalJSON(b []byte) error {
	type plain taskTemplateListInstaceBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}

// userBaseV02 is UserBase as v0.2 declared it.
type userBaseV02 struct {
	ID                        int64                `json:"id,omitempty"`
	ETag                      string               `json:"etag,omitempty"`
	AccountOwner              bool                 `json:"account_owner,omitempty"`
	ClioConnect               bool                 `json:"clio_connect,omitempty"`
	CourtRulesDefaultAttendee bool                 `json:"court_rules_default_attendee,omitempty"`
	CreatedAt                 time.Time            `json:"created_at,omitzero"`
	DefaultCalendarID         int64                `json:"default_calendar_id,omitempty"`
	Email                     string               `json:"email,omitempty"`
	Enabled                   bool                 `json:"enabled,omitempty"`
	FirstName                 string               `json:"first_name,omitempty"`
	Initials                  string               `json:"initials,omitempty"`
	LastName                  string               `json:"last_name,omitempty"`
	Name                      string               `json:"name,omitempty"`
	PhoneNumber               string               `json:"phone_number,omitempty"`
	Rate                      float64              `json:"rate,omitempty"`
	Roles                     []string             `json:"roles,omitempty"`
	SubscriptionType          UserSubscriptionType `json:"subscription_type,omitempty"`
	TimeZone                  string               `json:"time_zone,omitempty"`
	UpdatedAt                 time.Time            `json:"updated_at,omitzero"`
}

func (x *userBaseV02) UnmarshalJSON(b []byte) error {
	type plain userBaseV02
	return json.Unmarshal(b, &struct {
		*plain
		CreatedAt *lenientTime `json:"created_at"`
		UpdatedAt *lenientTime `json:"updated_at"`
	}{(*plain)(x), (*lenientTime)(&x.CreatedAt), (*lenientTime)(&x.UpdatedAt)})
}
