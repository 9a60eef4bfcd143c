package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

var testTime = time.Date(2025, 3, 1, 8, 30, 0, 123456000, time.UTC)

// testEntry returns a realistic entry for index i.
func testEntry(i int) *Entry {
	e := &Entry{
		Kind:  "record.add",
		Case:  fmt.Sprintf("市监罚〔2025〕%d号", i/10),
		Actor: fmt.Sprintf("officer%d", i%7),
		Time:  testTime.Add(time.Duration(i) * time.Second),
		Meta:  map[string]string{"record": fmt.Sprintf("R%06d", i), "title": "现场检查笔录"},
	}
	if i%3 == 0 {
		e.Kind = "evidence.add"
		e.Hashes = map[string]Digest{"photo.jpg": DigestBytes(fmt.Appendf(nil, "photo %d", i))}
	}
	return e
}

// testEntries returns the canonical bytes of testEntry(0 … n-1).
func testEntries(tb testing.TB, n int) [][]byte {
	tb.Helper()
	out := make([][]byte, n)
	for i := range out {
		b, err := testEntry(i).Canonical()
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func TestCanonical(t *testing.T) {
	d := DigestBytes([]byte("abc"))
	tests := []struct {
		name string
		e    Entry
		want string
	}{
		{
			name: "minimal",
			e:    Entry{Kind: "case.open", Actor: "u1", Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
			want: `{"actor":"u1","kind":"case.open","time":"2025-01-02T03:04:05.000000Z","v":1}`,
		},
		{
			name: "local time is written in UTC",
			e:    Entry{Kind: "case.open", Actor: "u1", Time: time.Date(2025, 1, 2, 11, 4, 5, 7000, time.FixedZone("CST", 8*3600))},
			want: `{"actor":"u1","kind":"case.open","time":"2025-01-02T03:04:05.000007Z","v":1}`,
		},
		{
			name: "all members, sorted maps",
			e: Entry{
				Kind: "evidence.add", Case: "C-1", Actor: "officer1", Time: testTime,
				Hashes: map[string]Digest{"b": d, "a": {Size: 0}},
				Meta:   map[string]string{"z": "1", "a": "2", "中": "3"},
			},
			want: `{"actor":"officer1","case":"C-1","hashes":{"a":{"sha256":"` + strings.Repeat("0", 64) + `","size":0,"sm3":"` + strings.Repeat("0", 64) + `"},` +
				`"b":{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","size":3,"sm3":"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"}},` +
				`"kind":"evidence.add","meta":{"a":"2","z":"1","中":"3"},"time":"2025-03-01T08:30:00.123456Z","v":1}`,
		},
		{
			name: "empty maps are omitted",
			e:    Entry{Kind: "k", Actor: "u", Time: testTime, Hashes: map[string]Digest{}, Meta: map[string]string{}},
			want: `{"actor":"u","kind":"k","time":"2025-03-01T08:30:00.123456Z","v":1}`,
		},
		{
			name: "string escapes",
			e:    Entry{Kind: "k", Actor: "a\"b\\c/d\b\f\n\r\t\x00\x1f\x7f é\u2028", Time: testTime},
			want: `{"actor":"a\"b\\c/d\b\f\n\r\t\u0000\u001f` + "\x7f é\u2028" + `","kind":"k","time":"2025-03-01T08:30:00.123456Z","v":1}`,
		},
		{
			name: "keys sort by UTF-16 code units",
			e:    Entry{Kind: "k", Actor: "u", Time: testTime, Meta: map[string]string{"\U0001F600": "emoji", "\uFF21": "fullwidth A", "ab": "", "a": ""}},
			want: `{"actor":"u","kind":"k","meta":{"a":"","ab":"","` + "\U0001F600" + `":"emoji","` + "\uFF21" + `":"fullwidth A"},"time":"2025-03-01T08:30:00.123456Z","v":1}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.e.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("Canonical() =\n%s\nwant\n%s", got, tt.want)
			}
			// The canonical form is valid JSON, and parses back to the same entry.
			if !json.Valid(got) {
				t.Fatal("not valid JSON")
			}
			back, err := ParseEntry(got)
			if err != nil {
				t.Fatalf("ParseEntry: %v", err)
			}
			again, err := back.Canonical()
			if err != nil || !bytes.Equal(again, got) {
				t.Fatalf("round trip = %s, %v", again, err)
			}
			if !back.Time.Equal(tt.e.Time) || back.Time.Location() != time.UTC {
				t.Fatalf("time = %v, want %v in UTC", back.Time, tt.e.Time)
			}
		})
	}
}

func TestCanonicalErrors(t *testing.T) {
	ok := Entry{Kind: "case.open", Actor: "u1", Time: testTime}
	tests := []struct {
		name   string
		modify func(e *Entry)
		want   string
	}{
		{"no kind", func(e *Entry) { e.Kind = "" }, "kind"},
		{"upper-case kind", func(e *Entry) { e.Kind = "Case.open" }, "kind"},
		{"long kind", func(e *Entry) { e.Kind = strings.Repeat("a", MaxKindLen+1) }, "kind"},
		{"no actor", func(e *Entry) { e.Actor = "" }, "actor"},
		{"zero time", func(e *Entry) { e.Time = time.Time{} }, "time"},
		{"nanoseconds", func(e *Entry) { e.Time = e.Time.Add(1) }, "microseconds"},
		{"year 10000", func(e *Entry) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "range"},
		{"invalid UTF-8", func(e *Entry) { e.Case = "\xff" }, "UTF-8"},
		{"invalid UTF-8 key", func(e *Entry) { e.Meta = map[string]string{"\xc3": "x"} }, "UTF-8"},
		{"empty meta name", func(e *Entry) { e.Meta = map[string]string{"": "x"} }, "empty name"},
		{"empty blob name", func(e *Entry) { e.Hashes = map[string]Digest{"": {}} }, "empty name"},
		{"negative size", func(e *Entry) { e.Hashes = map[string]Digest{"f": {Size: -1}} }, "size"},
		{"huge size", func(e *Entry) { e.Hashes = map[string]Digest{"f": {Size: 1 << 53}} }, "size"},
		{"too large", func(e *Entry) { e.Meta = map[string]string{"x": strings.Repeat("x", MaxEntrySize)} }, "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.modify(&e)
			_, err := e.Canonical()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Canonical() error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestParseEntryRejectsNonCanonical(t *testing.T) {
	const good = `{"actor":"u1","case":"C","hashes":{"f":{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","size":3,"sm3":"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"}},"kind":"k","meta":{"a":"x","b":"y"},"time":"2025-03-01T08:30:00.123456Z","v":1}`
	if _, err := ParseEntry([]byte(good)); err != nil {
		t.Fatalf("good entry rejected: %v", err)
	}
	tests := []struct{ name, in string }{
		{"empty", ``},
		{"not an object", `[]`},
		{"whitespace", strings.Replace(good, `"actor":`, `"actor": `, 1)},
		{"trailing newline", good + "\n"},
		{"trailing data", good + `{}`},
		{"leading space", " " + good},
		{"member order", strings.Replace(good, `"actor":"u1","case":"C",`, `"case":"C","actor":"u1",`, 1)},
		{"map order", strings.Replace(good, `"a":"x","b":"y"`, `"b":"y","a":"x"`, 1)},
		{"duplicate member", strings.Replace(good, `"actor":"u1",`, `"actor":"u1","actor":"u1",`, 1)},
		{"duplicate map key", strings.Replace(good, `"a":"x","b":"y"`, `"a":"x","a":"x","b":"y"`, 1)},
		{"unknown member", strings.Replace(good, `"v":1`, `"v":1,"x":1`, 1)},
		{"missing version", strings.Replace(good, `,"v":1`, ``, 1)},
		{"version 3", strings.Replace(good, `"v":1`, `"v":3`, 1)},
		{"commits in version 1", strings.Replace(good, `"hashes"`, `"commits":{"f":{"sha256":"`+strings.Repeat("0", 64)+`","sm3":"`+strings.Repeat("0", 64)+`"}},"hashes"`, 1)},
		{"version 01", strings.Replace(good, `"v":1`, `"v":01`, 1)},
		{"version as string", strings.Replace(good, `"v":1`, `"v":"1"`, 1)},
		{"missing kind", strings.Replace(good, `"kind":"k",`, ``, 1)},
		{"missing actor", strings.Replace(good, `"actor":"u1",`, ``, 1)},
		{"empty case present", strings.Replace(good, `"case":"C"`, `"case":""`, 1)},
		{"empty meta present", strings.Replace(good, `{"a":"x","b":"y"}`, `{}`, 1)},
		{"upper-case hex", strings.Replace(good, `ba7816bf`, `BA7816BF`, 1)},
		{"short hex", strings.Replace(good, `ba7816bf`, `ba7816b`, 1)},
		{"digest member order", strings.Replace(good, `"size":3,`, ``, 1)},
		{"size leading zero", strings.Replace(good, `"size":3`, `"size":03`, 1)},
		{"size negative", strings.Replace(good, `"size":3`, `"size":-3`, 1)},
		{"size float", strings.Replace(good, `"size":3`, `"size":3.0`, 1)},
		{"time without micros", strings.Replace(good, `08:30:00.123456Z`, `08:30:00Z`, 1)},
		{"time with nanos", strings.Replace(good, `08:30:00.123456Z`, `08:30:00.123456000Z`, 1)},
		{"time offset", strings.Replace(good, `08:30:00.123456Z`, `16:30:00.123456+08:00`, 1)},
		{"time invalid date", strings.Replace(good, `2025-03-01`, `2025-02-30`, 1)},
		{"escaped slash", strings.Replace(good, `"u1"`, `"u\/1"`, 1)},
		{"escaped letter", strings.Replace(good, `"u1"`, `"\u00751"`, 1)},
		{"upper-case escape", strings.Replace(good, `"u1"`, `"u\u001F"`, 1)},
		{"raw control character", strings.Replace(good, `"u1"`, "\"u\x01\"", 1)},
		{"invalid UTF-8", strings.Replace(good, `"u1"`, "\"u\xff\"", 1)},
		{"kind with space", strings.Replace(good, `"kind":"k"`, `"kind":"a b"`, 1)},
		{"unterminated", good[:len(good)-1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e, err := ParseEntry([]byte(tt.in)); err == nil {
				t.Fatalf("ParseEntry(%q) = %+v, want error", tt.in, e)
			}
		})
	}
}

func TestCompareUTF16(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"a", "b", -1},
		{"a", "a", 0},
		{"a", "ab", -1},
		{"", "a", -1},
		{"\uFF21", "\U0001F600", 1}, // U+FF21 > U+D83D (high surrogate)
		{"\U0001F600", "\U0001F601", -1},
		{"\u00e9", "\u4e2d", -1},
	}
	for _, tt := range tests {
		if got := compareUTF16(tt.a, tt.b); got != tt.want {
			t.Errorf("compareUTF16(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := compareUTF16(tt.b, tt.a); got != -tt.want {
			t.Errorf("compareUTF16(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestDigest(t *testing.T) {
	data := []byte(strings.Repeat("证据", 100000))
	got, err := DigestOf(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := Digest{Size: int64(len(data)), SHA256: sha256.Sum256(data), SM3: sm3.Sum(data)}
	if got != want || DigestBytes(data) != want {
		t.Fatalf("DigestOf = %v, DigestBytes = %v, want %v", got, DigestBytes(data), want)
	}
	abc := DigestBytes([]byte("abc"))
	if hex.EncodeToString(abc.SM3[:]) != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("SM3(abc) = %x", abc.SM3) // GB/T 32905 example 1
	}
}

func FuzzParseEntry(f *testing.F) {
	for _, b := range testEntries(f, 6) {
		f.Add(b)
	}
	f.Add([]byte(`{"actor":"a\"\\\b\f\n\r\t\u0000","kind":"k","time":"0001-01-01T00:00:00.000001Z","v":1}`))
	f.Add([]byte(`{"actor":"u","kind":"k","meta":{"` + "\U0001F600" + `":"","` + "\uFF21" + `":""},"time":"2025-03-01T08:30:00.123456Z","v":1}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseEntry(b)
		if err != nil {
			return
		}
		c, err := e.Canonical()
		if err != nil {
			t.Fatalf("parsed entry does not encode: %v", err)
		}
		if !bytes.Equal(c, b) {
			t.Fatalf("round trip changed bytes:\n%q\n%q", b, c)
		}
		e2, err := ParseEntry(c)
		if err != nil || !reflect.DeepEqual(e, e2) {
			t.Fatalf("second parse = %+v, %v; want %+v", e2, err, e)
		}
	})
}
