package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"socklab/engine"
)

// RunFunc runs a whole timeline within lim and returns its events; err reports a run stopped
// early (the events so far are still returned). It must return soon after ctx ends (the
// request's time limit): a run that went on would keep its slot and its memory.
type RunFunc func(ctx context.Context, src string, lim Limits) ([]engine.Event, error)

// Limits bound one run: statements executed and memory held, as the engine counts it
// (engine/timeline Options.StepBudget and MemoryBudget).
type Limits struct {
	StepBudget   int
	MemoryBudget int64
}

// runRequest is the JSON form of a POST /api/run body. A body that is not JSON
// (Content-Type other than application/json) is the timeline text itself.
type runRequest struct {
	Timeline   string `json:"timeline"`
	StepBudget int    `json:"step_budget,omitempty"`
}

// runResponse is what POST /api/run answers: the spec's JSON events, in order.
type runResponse struct {
	Events    []json.RawMessage `json:"events"`
	Message   string            `json:"message,omitempty"`   // why the run stopped early
	Truncated bool              `json:"truncated,omitempty"` // events were cut at MaxOutput
}

type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// newRunHandler serves POST /api/run, bounded per request: the body by MaxBody, the work by
// StepBudget and Timeout, the answer by MaxOutput, and the machine by MaxConcurrent.
func newRunHandler(cfg Config) http.Handler {
	slots := make(chan struct{}, cfg.MaxConcurrent)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeJSON(w, http.StatusMethodNotAllowed, apiError{"use POST with the timeline as the body"})
			return
		}
		if cfg.Run == nil {
			writeJSON(w, http.StatusServiceUnavailable, apiError{"no engine in this build"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, cfg.MaxBody))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError{"timeline larger than the limit of " + itoa(int(cfg.MaxBody)) + " bytes"})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{"reading the body: " + err.Error()})
			return
		}
		req := runRequest{Timeline: string(body)}
		if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/json") {
			req = runRequest{}
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&req); err != nil {
				writeJSON(w, http.StatusBadRequest, apiError{"bad JSON: " + err.Error()})
				return
			}
			if _, err := dec.Token(); err != io.EOF {
				writeJSON(w, http.StatusBadRequest, apiError{"bad JSON: data after the object"})
				return
			}
		}
		if !utf8.ValidString(req.Timeline) {
			writeJSON(w, http.StatusBadRequest, apiError{"the timeline is not UTF-8 text"})
			return
		}
		if strings.TrimSpace(req.Timeline) == "" {
			writeJSON(w, http.StatusBadRequest, apiError{"empty timeline"})
			return
		}
		budget := cfg.StepBudget
		if req.StepBudget < 0 {
			writeJSON(w, http.StatusBadRequest, apiError{"step_budget must be positive"})
			return
		}
		if req.StepBudget > 0 && req.StepBudget < budget {
			budget = req.StepBudget
		}
		ctx, cancel := context.WithTimeout(r.Context(), cfg.Timeout)
		defer cancel()
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			writeJSON(w, http.StatusServiceUnavailable, apiError{"server busy: too many timelines running"})
			return
		}
		type result struct {
			evs []engine.Event
			err error
		}
		done := make(chan result, 1)
		go func() {
			// The slot is held until the run really ends, so memory stays bounded: a timed-out run
			// is canceled (ctx) and stops within a few statements.
			defer func() { <-slots }()
			defer func() {
				if p := recover(); p != nil {
					done <- result{err: errors.New("internal engine error")}
				}
			}()
			evs, err := cfg.Run(ctx, req.Timeline, Limits{StepBudget: budget, MemoryBudget: cfg.MemoryBudget})
			done <- result{evs, err}
		}()
		var res result
		select {
		case res = <-done:
		case <-ctx.Done():
			writeJSON(w, http.StatusServiceUnavailable, apiError{"the timeline ran longer than " + cfg.Timeout.String()})
			return
		}
		out := runResponse{Events: make([]json.RawMessage, 0, len(res.evs))}
		if res.err != nil {
			out.Message = res.err.Error()
		}
		size := 0
		for _, e := range res.evs {
			b, _ := e.MarshalJSON()
			if size += len(b) + 1; size > cfg.MaxOutput {
				out.Truncated = true
				out.Message = strings.TrimPrefix(out.Message+"; ", "; ") + "output larger than " + itoa(cfg.MaxOutput) + " bytes: events cut off"
				break
			}
			out.Events = append(out.Events, b)
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
