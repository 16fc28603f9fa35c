package clio

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryLoopPausesDoubleUpToMax(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		boom := errors.New("boom")
		err := retryLoop(context.Background(), pauses{attempts: 5, first: time.Second, max: 3 * time.Second}, func(int) (bool, error) {
			at = append(at, time.Since(start))
			return true, boom
		})
		require.ErrorIs(t, err, boom)
		// pauses 1s, 2s, 3s (capped), 3s between the five calls
		assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second, 6 * time.Second, 9 * time.Second}, at)
	})
}

func TestRetryLoopStopsWhenStepSaysSoOrContextEnds(t *testing.T) {
	calls := 0
	err := retryLoop(context.Background(), pauses{}, func(n int) (bool, error) {
		calls++
		return n < 3, nil
	})
	require.NoError(t, err)
	assert.Equal(t, 3, calls)

	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		calls := 0
		err := retryLoop(ctx, pauses{first: time.Second}, func(int) (bool, error) {
			calls++
			return true, errors.New("again")
		})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 2, calls)
	})
}

func TestArgumentErrorMatchesSentinelAndSuggests(t *testing.T) {
	err := error(&ArgumentError{Param: "fields", Problem: `Matter has no field "stauts"`, Suggestion: "status"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, `clio: fields: Matter has no field "stauts" (did you mean "status"?)`, err.Error())
	var ae *ArgumentError
	require.ErrorAs(t, argError("Limit", "must be 1..%d", 200), &ae)
	assert.Equal(t, "Limit", ae.Param)
	assert.Equal(t, "must be 1..200", ae.Problem)
}
