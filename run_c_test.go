package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunC(t *testing.T) {
	seed := "engine/cprog/testdata/seed/"
	var out, errb bytes.Buffer
	if rc := runCommand([]string{seed + "server.c", seed + "client.c"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d: %s", rc, errb.String())
	}
	want, _ := os.ReadFile(seed + "server.stdout")
	if !strings.HasPrefix(out.String(), string(want[:10])) || !strings.Contains(out.String(), "收到响应: 你好，客户端！\n") {
		t.Errorf("stdout %q", out.String())
	}
	if !strings.Contains(errb.String(), "server.c:23:5: warning: implicit declaration of function 'memset'") {
		t.Errorf("stderr %q", errb.String())
	}

	dir := t.TempDir()
	out.Reset()
	if rc := runCommand([]string{"--stdout-dir", dir, seed + "server.c", seed + "client.c"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d", rc)
	}
	for _, n := range []string{"server", "client"} {
		got, _ := os.ReadFile(filepath.Join(dir, n+".stdout"))
		want, _ := os.ReadFile(seed + n + ".stdout")
		exit, _ := os.ReadFile(filepath.Join(dir, n+".exit"))
		if string(got) != string(want) || string(exit) != "0\n" {
			t.Errorf("%s: %q exit %q", n, got, exit)
		}
	}

	bad := filepath.Join(dir, "bad.c")
	os.WriteFile(bad, []byte("int main(void) { return x; }\n"), 0o644)
	errb.Reset()
	if rc := runCommand([]string{bad}, &out, &errb); rc != 2 || !strings.Contains(errb.String(), "bad.c:1:25: error:") {
		t.Errorf("compile error: rc %d %q", rc, errb.String())
	}
	spin := filepath.Join(dir, "spin.c")
	os.WriteFile(spin, []byte("int main(void) { for (;;); }\n"), 0o644)
	errb.Reset()
	if rc := runCommand([]string{"--budget", "1000", spin}, &out, &errb); rc != 3 || !strings.Contains(errb.String(), "budget") {
		t.Errorf("budget: rc %d %q", rc, errb.String())
	}
	out.Reset()
	if rc := runCommand([]string{"--json", seed + "server.c", seed + "client.c"}, &out, &errb); rc != 0 || !strings.Contains(out.String(), `"call":"accept","event":"block","line":46}`) {
		t.Errorf("json: rc %d %q", rc, out.String())
	}
}
