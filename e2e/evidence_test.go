package e2e

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/internal/testenv"
	"zhifa/sqlstore"
	"zhifa/web"
)

// rangeLog records the Range header and status of every request for evidence content.
type rangeLog struct {
	mu   sync.Mutex
	seen []string // "RANGE STATUS"
}

func (l *rangeLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/content") {
			next.ServeHTTP(w, r)
			return
		}
		rec := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r) // status 0: nothing written, the player cancelled
		l.mu.Lock()
		defer l.mu.Unlock()
		l.seen = append(l.seen, fmt.Sprintf("%s %d", r.Header.Get("Range"), rec.status))
	})
}

func (l *rangeLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// wav returns a WAV file of seconds of a 440 Hz tone, 8 kHz mono 16-bit PCM.
func wav(seconds int) []byte {
	const rate = 8000
	n := rate * seconds
	b := make([]byte, 44+2*n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+2*n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1) // PCM
	binary.LittleEndian.PutUint16(b[22:], 1) // mono
	binary.LittleEndian.PutUint32(b[24:], rate)
	binary.LittleEndian.PutUint32(b[28:], 2*rate)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*n))
	for i := range n {
		v := int16(8000 * math.Sin(2*math.Pi*440*float64(i)/rate))
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(v))
	}
	return b
}

// TestBrowserEvidence uploads a five-minute recording through the workspace form in a
// real browser, plays it on its page and scrubs to near its end: the browser fetches
// the content in ranges (206), and every fetch is in the access log.
func TestBrowserEvidence(t *testing.T) {
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Logger: quiet, Blobs: blobs})
	ranges := &rangeLog{}
	ts := httptest.NewServer(ranges.wrap(web.New(a, web.Options{Logger: quiet})))
	t.Cleanup(ts.Close)

	sys := app.WithActor(ctx, app.SystemActor("e2e"))
	gov, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市人民政府", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment, RegionCode: "210681"})
	if err != nil {
		t.Fatal(err)
	}
	market, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{ParentID: gov.Agency.ID, Name: "东港市市场监督管理局", Level: zhifa.LevelCity,
		Type: zhifa.AgencyAdministrative, RegionCode: "210681", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: market.Agency.ID, Name: "陈晓明", IDNumber: "11010519491231002X", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(sys, app.UserInput{Login: "officer1", Name: "陈晓明", Role: zhifa.RoleOfficer, AgencyID: market.Agency.ID,
		OfficerID: o.ID, Password: adminPassword}); err != nil {
		t.Fatal(err)
	}
	recording := filepath.Join(t.TempDir(), "recording.wav")
	if err := os.WriteFile(recording, wav(300), 0o644); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	jsErrors := consoleErrors(t, b)
	do(t, b, "log in",
		chromedp.Navigate(ts.URL+"/staff/evidence/new"),
		chromedp.WaitVisible(chromedp.ID("f-login")),
		chromedp.SendKeys(chromedp.ID("f-login"), "officer1"),
		chromedp.SendKeys(chromedp.ID("f-password"), adminPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("f-device_id")),
	)
	do(t, b, "upload",
		chromedp.SetValue(chromedp.ID("f-kind"), "audio"),
		chromedp.SendKeys(chromedp.ID("f-title"), "现场询问录音"),
		chromedp.SetValue(chromedp.ID("f-captured_at"), time.Now().Add(-time.Hour).In(zhifa.CST).Format("2006-01-02T15:04")),
		chromedp.SendKeys(chromedp.ID("f-device_id"), "DSJ-A8-000123"),
		chromedp.SendKeys(chromedp.ID("f-place"), "东港市海滨路88号"),
		chromedp.Click(chromedp.CSS(`input[name=officer_ids][value="`+strconv.FormatInt(o.ID, 10)+`"]`)),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{recording}),
		chromedp.Click(chromedp.CSS(`main form button.primary`)),
		flash("证据已上传"),
	)
	page := get(t, b, "evidence page address", chromedp.Location())
	if !strings.Contains(page, "/staff/evidence/") {
		t.Fatalf("after the upload the browser is at %s", page)
	}
	do(t, b, "find the player", chromedp.WaitVisible(chromedp.CSS("audio")))
	get(t, b, "play", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('audio'); a.preload = 'auto'; a.load(); return true })()`))
	duration := get(t, b, "wait for the duration", chromedp.Poll[float64](
		`(() => { const a = document.querySelector('audio'); return isFinite(a.duration) && a.duration > 0 ? a.duration : false })()`,
		chromedp.WithPollingTimeout(testenv.StartupTimeout)))
	if math.Abs(duration-300) > 1 {
		t.Errorf("duration %v s, want 300", duration)
	}
	get(t, b, "scrub", chromedp.Evaluate[bool](`(() => { document.querySelector('audio').currentTime = 280; return true })()`))
	get(t, b, "wait for the seek", chromedp.Poll[bool](
		`(() => { const a = document.querySelector('audio'); return !a.seeking && a.currentTime >= 279 && a.readyState >= 2 })()`,
		chromedp.WithPollingTimeout(testenv.StartupTimeout)))

	seen := ranges.list()
	late, served := false, 0
	for _, s := range seen {
		rng, status, _ := strings.Cut(s, " ")
		if status == "200" || status == "206" {
			served++ // a request the player cancelled early is neither served nor logged
		}
		if start, ok := strings.CutPrefix(rng, "bytes="); ok && status == "206" {
			if n, err := strconv.Atoi(strings.Split(start, "-")[0]); err == nil && n > 2_000_000 {
				late = true
			}
		}
	}
	if !late {
		t.Errorf("no ranged request into the second half of the file: %q", seen)
	}
	id, _ := strconv.ParseInt(page[strings.LastIndex(page, "/")+1:], 10, 64)
	access, err := a.Evidence().EvidenceAccess(sys, id, zhifa.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if access.Total != served {
		t.Errorf("%d reads logged for %d content requests served", access.Total, served)
	}
	t.Logf("content requests: %q", seen)
	if errs := jsErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
