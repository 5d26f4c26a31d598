package sfmt

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

type stringer struct{}

func (stringer) String() string { return "str" }

// Every format the engine uses prints as fmt prints it.
func TestLikeFmt(t *testing.T) {
	base := errors.New("base")
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"plain", nil}, {"100%%", nil}, {"%d %d %d %d", []any{1, int64(-2), uint32(3), uint64(1 << 63)}},
		{"%s and %s", []any{"x", []byte("y")}}, {"%q", []any{"a\"b\n"}}, {"%q", []any{'x'}}, {"%c|%c", []any{'é', rune(0x41)}},
		{"0x%02x", []any{byte(5)}}, {"0x%02x", []any{255}}, {"%U", []any{rune(0x1F600)}}, {"%U", []any{rune(7)}},
		{"%v %v %v", []any{base, stringer{}, 42}}, {"%s", []any{stringer{}}}, {"%v", []any{true}},
		{"%5d|%3s", []any{42, "a"}},
	} {
		assert.Equal(t, fmt.Sprintf(c.format, c.args...), Sprintf(c.format, c.args...), "%q", c.format)
	}
}

func TestErrorfWraps(t *testing.T) {
	base := errors.New("base")
	err := Errorf("step %d: %w", 3, base)
	assert.Equal(t, "step 3: base", err.Error())
	assert.ErrorIs(t, err, base)
	assert.NotErrorIs(t, Errorf("%s", base), base)
	assert.ErrorIs(t, Errorf("100%% %d %w", 1, base), base)
}
