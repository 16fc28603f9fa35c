package cliotest

import (
	"encoding/json"
	"math/big"
	"net/http"
	"strconv"
	"time"
)

// Timers: each user has at most one running timer, on one of the firm's
// time entries (GET, POST and DELETE /timer.json act on the token's
// user's). Starting one (POST /timer.json, or an activity written with
// start_timer true) stops the user's running timer first; stopping one
// (DELETE /timer.json) adds the whole seconds it ran to its activity's
// quantity. elapsed_time is the hours since it started, read on every
// answer. A timer is a generic record (table "Timer"), so an activity's
// timer{...} renders it.

func init() {
	handle(map[string]opHandler{
		"Timer#show":    (*Server).showTimer,
		"Timer#create":  (*Server).createTimer,
		"Timer#destroy": (*Server).destroyTimer,
	})
}

// userTimer returns the running timer of user id, or nil.
func (s *Server) userTimer(id int64) *grec {
	t := s.tableOf("Timer")
	for _, tid := range t.ids {
		if r := t.rows[tid]; r.refTo("_user") == id {
			return r
		}
	}
	return nil
}

// activityTimer is Activity.timer: the running timer on the activity.
func activityTimer(s *Server, r *grec) any {
	for _, t := range s.naming("Timer", "activity", r.id) {
		return node(t)
	}
	return nil
}

// timerElapsed is Timer.elapsed_time: the hours since it started.
func timerElapsed(s *Server, r *grec) any {
	start, err := parseInstant(r.str("start_time"))
	if err != nil {
		return nil
	}
	return hours(big.NewRat(int64(s.now().Sub(start)), int64(time.Second)))
}

// startTimer stops user's running timer, if any, and starts one on
// activity a.
func (s *Server) startTimer(user int64, a *grec) *grec {
	if t := s.userTimer(user); t != nil {
		s.stopTimer(t)
	}
	start, _ := json.Marshal(s.now().UTC().Format(time.RFC3339Nano))
	t := &grec{meta: s.newMeta("Timer"), record: "Timer", vals: map[string]json.RawMessage{
		"activity":   json.RawMessage(`{"id":` + strconv.FormatInt(a.id, 10) + `}`),
		"start_time": start,
		"_user":      json.RawMessage(`{"id":` + strconv.FormatInt(user, 10) + `}`),
	}}
	s.tableOf("Timer").put(t.id, t)
	return t
}

// stopTimer removes a timer, adding the whole seconds it ran to its
// activity's quantity.
func (s *Server) stopTimer(t *grec) {
	s.tableOf("Timer").del(t.id)
	a := s.grecOf("Activity", t.refTo("activity"))
	start, err := parseInstant(t.str("start_time"))
	if a == nil || err != nil {
		return
	}
	secs := int64(s.now().Sub(start) / time.Second)
	q := add(a.num("quantity"), big.NewRat(max(secs, 0), 1))
	a.vals["quantity"] = ratJSON(q)
	s.touch(&a.meta, "Activity")
}

// dropTimers removes the timers on activity id, which was deleted.
func (s *Server) dropTimers(id int64) {
	for _, t := range s.naming("Timer", "activity", id) {
		s.tableOf("Timer").del(t.id)
	}
}

// ratJSON renders an exact number as a JSON number: an integer as such,
// else its decimal expansion (to the nanosecond, for seconds).
func ratJSON(x *big.Rat) json.RawMessage {
	if x.IsInt() {
		return json.RawMessage(x.Num().String())
	}
	return json.RawMessage(x.FloatString(9))
}

// wantsTimer reports whether an activity write asks to start the timer
// (start_timer true); only a time entry can be timed (422).
func wantsTimer(op *opSpec, b body, vals map[string]json.RawMessage) (bool, error) {
	if op.record != "Activity" {
		return false, nil
	}
	start, _, err := b.boolean("start_timer")
	if err != nil || !start {
		return false, nil
	}
	if isExpense(&grec{record: "Activity", vals: vals}) {
		return false, invalid("start_timer: only a TimeEntry can be timed")
	}
	return true, nil
}

func (s *Server) showTimer(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Timer")
	if !ok {
		return
	}
	t := s.userTimer(c.user.id)
	if t == nil {
		c.fail(http.StatusNotFound, "RecordNotFound", "No timer is running for user %d", c.user.id)
		return
	}
	s.get(c, t, &t.meta, items)
}

func (s *Server) createTimer(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Timer")
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	if err := s.checkAssoc("activity", specRecords["Timer"]["activity"], b["activity"]); err != nil {
		c.writeErr(err)
		return
	}
	var ref rawObj
	_ = json.Unmarshal(b["activity"], &ref)
	_, id := refOf("Activity", ref)
	a := s.grecOf("Activity", id)
	if isExpense(a) {
		c.writeErr(invalid("activity %d is an expense: only a TimeEntry can be timed", id))
		return
	}
	t := s.startTimer(c.user.id, a)
	s.one(c, http.StatusCreated, t, &t.meta, items)
}

func (s *Server) destroyTimer(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	t := s.userTimer(c.user.id)
	if t == nil {
		c.fail(http.StatusNotFound, "RecordNotFound", "No timer is running for user %d", c.user.id)
		return
	}
	s.stopTimer(t)
	c.noContent()
}
