package lessons

import (
	"encoding/json"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// ListJSON has the shape web/src/lesson/lesson.js documents.
func TestListJSON(t *testing.T) {
	ls, err := Course()
	require.NoError(t, err)
	var out []map[string]any
	require.NoError(t, json.Unmarshal(ListJSON("zh-CN"), &out))
	require.Len(t, out, len(ls))
	assert.Equal(t, []string{"body", "goals", "hints", "id", "n", "pending", "predict", "requires", "solution", "starter", "title"}, keysOf(out[0]))
	assert.Equal(t, "socket", out[0]["id"])
	assert.Equal(t, 1.0, out[0]["n"])
	assert.Equal(t, "socket() 到底创建了什么", out[0]["title"])
	assert.Contains(t, out[0]["body"], "套接字")
	pred := out[0]["predict"].([]any)[0].(map[string]any)
	assert.Equal(t, []string{"answer", "ask", "on", "question", "step"}, keysOf(pred))
	f := EngineFeatures()
	for i, l := range ls {
		assert.Equal(t, l.Pending(f), out[i]["pending"], l.ID)
		if len(l.Requires) > 0 && !f[l.Requires[0]] {
			assert.Contains(t, out[i]["pending"], "requires "+l.Requires[0])
		}
	}
	var en []map[string]any
	require.NoError(t, json.Unmarshal(ListJSON("en-US"), &en))
	assert.Equal(t, "What socket() creates", en[0]["title"])
}

func TestCheckJSON(t *testing.T) {
	l, err := Find("bind-path")
	require.NoError(t, err)
	b, err := CheckJSON("bind-path", l.Solution, -1)
	require.NoError(t, err)
	var res map[string]any
	require.NoError(t, json.Unmarshal(b, &res))
	assert.Equal(t, []string{"done", "errors", "goals", "id", "len", "pending", "predict", "step"}, keysOf(res))
	assert.Equal(t, true, res["done"])
	assert.Equal(t, 7.0, res["len"])
	assert.Equal(t, []any{true, true, true}, res["goals"])
	// The starter at its step 4 (before the failing bind): the prediction applies.
	b, err = CheckJSON("bind-path", l.Starter, 4)
	require.NoError(t, err)
	var live CheckResultJSON
	require.NoError(t, json.Unmarshal(b, &live))
	assert.False(t, live.Done)
	assert.Equal(t, 4, live.Step)
	assert.Equal(t, []PredictionLive{{Applies: true, Actual: "EADDRINUSE"}}, live.Predict)
	// A timeline that does not parse.
	b, err = CheckJSON("bind-path", "old: socket(\n", -1)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &live))
	assert.NotEmpty(t, live.Errors)
	assert.Equal(t, []bool{false, false, false}, live.Goals)
	_, err = CheckJSON("no-such-lesson", "", -1)
	assert.Error(t, err)
}

// The lesson-mode JS module's own tests (node --test), so `go test ./...`
// covers them. Without node they are skipped — except under CI, where
// node is required.
func TestLessonModeJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is required under CI to test web/src/lesson")
		}
		t.Skip("node not installed: web/src/lesson tests not run")
	}
	cmd := exec.Command(node, "--test", "../web/src/lesson/")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "# fail 0") {
		t.Fatalf("node --test web/src/lesson failed: %v\n%s", err, out)
	}
}
