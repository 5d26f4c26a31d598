package engine

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bytes reads its JSON without encoding/json, and reads what encoding/json would.
func TestBytesUnmarshalJSON(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	b, _ := Bytes(all).MarshalJSON()
	var d Bytes
	require.NoError(t, json.Unmarshal(b, &d))
	assert.Equal(t, all, []byte(d))
	for _, in := range []string{`""`, `"plain"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u00FF\u0000"`, `"\ud83d\ude00"`, `"\ud83d x"`, `"é"`} {
		var want string
		require.NoError(t, json.Unmarshal([]byte(in), &want), in)
		var got Bytes
		require.NoError(t, got.UnmarshalJSON([]byte(in)), in)
		assert.Equal(t, latin1(want), []byte(got), in)
	}
	for _, bad := range []string{`x`, `"`, `"\x"`, `"\u12"`, "\"a\nb\"", `"a"b"`} {
		var got Bytes
		assert.Error(t, got.UnmarshalJSON([]byte(bad)), bad)
	}
}
