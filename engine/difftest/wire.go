package difftest

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"socklab/engine"
)

// The test and a worker talk over two pipes with frames of a 4-byte
// little-endian length and a JSON body: the test sends engine.Call values,
// the worker answers each with one reply. The first reply, before any call,
// is the worker's hello.

// maxFrame bounds a frame so a corrupt length fails loudly instead of
// allocating gigabytes.
const maxFrame = 1 << 30

// reply is one message from a worker.
type reply struct {
	Hello  *hello         `json:",omitempty"`
	Result *engine.Result `json:",omitempty"`
	Addr   []byte         // Result.Addr as bytes: JSON strings cannot carry non-UTF-8 names
	Err    string         `json:",omitempty"` // a harness failure in the worker
	at     time.Time      // when the test received it (not sent)
}

// hello is the worker's first message: the thread that makes the calls and
// the fds open at start (must be exactly 0, 1, 2).
type hello struct {
	PID, TID int
	FDs      []int
	Targets  []string // what each fd is, for the error message
}

// writeFrame writes one frame with w (a raw fd writer in the worker, an
// *os.File in the test).
func writeFrame(w io.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf := make([]byte, 4, 4+len(body))
	binary.LittleEndian.PutUint32(buf, uint32(len(body)))
	_, err = w.Write(append(buf, body...))
	return err
}

// readFrame reads one frame into v.
func readFrame(r io.Reader, v any) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if n > maxFrame {
		return fmt.Errorf("frame of %d bytes", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return json.Unmarshal(body, v)
}
