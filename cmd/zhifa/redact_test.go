package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRedact: zhifa redact applies the rules of law.Redact to standard input and lists
// what it removed on standard error.
func TestRedact(t *testing.T) {
	tests := []struct {
		args       []string
		in         string
		want, gone []string
		code       int
	}{
		{[]string{"--person", "张建国"}, "当事人张建国，身份证号330203198507121234，电话13857412345。",
			[]string{"当事人张某", "［身份证号已隐去］", "［电话号码已隐去］"}, []string{"张建国", "330203198507121234", "13857412345"}, exitOK},
		{[]string{"--minor", "赵小雨", "--keep", "东港市鲜果多商贸有限公司"}, "东港市鲜果多商贸有限公司雇用赵小雨",
			[]string{"东港市鲜果多商贸有限公司", "［未成年人姓名已隐去］"}, []string{"赵小雨"}, exitOK},
		{[]string{"--bogus"}, "", nil, nil, exitUsage},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"redact"}, tt.args...), strings.NewReader(tt.in), &out, &errOut)
		if code != tt.code {
			t.Errorf("%v: exit %d (%s), want %d", tt.args, code, errOut.String(), tt.code)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: %q missing from %q", tt.args, w, out.String())
			}
		}
		for _, g := range tt.gone {
			if strings.Contains(out.String(), g) {
				t.Errorf("%v: %q left in %q", tt.args, g, out.String())
			}
		}
	}
}
