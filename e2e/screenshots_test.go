package e2e

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/document"
	"zhifa/internal/testenv"
	"zhifa/seal"
	"zhifa/sqlstore"
	"zhifa/web"
)

// TestReadmeScreenshots takes the screenshots of README (docs/img) from the demo city:
// the head's to-do dashboard and a sealed penalty decision. It runs only when
// ZHIFA_SCREENSHOTS names the directory to write them to (`make screenshots`).
func TestReadmeScreenshots(t *testing.T) {
	out := os.Getenv("ZHIFA_SCREENSHOTS")
	if out == "" {
		t.Skip("ZHIFA_SCREENSHOTS is not set: no screenshots wanted")
	}
	ctx := context.Background()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	ca, err := seal.NewCA(seal.SM2, "东港市电子印章证书机构", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := demo.Seed(ctx, app.New(st, app.Options{Logger: quiet, Blobs: blobs, SealCA: ca})); err != nil {
		t.Fatal(err)
	}
	// The server prints issued documents, so they carry the seal: the officer corrects
	// a decision of the demo and issues the correction (the demo seeds without printing).
	printer := document.NewPrinter(testenv.Chromium(t), 1)
	a := app.New(st, app.Options{Logger: quiet, Blobs: blobs, SealCA: ca, Printer: printer})
	ts := httptest.NewServer(web.New(a, web.Options{Logger: quiet}))
	t.Cleanup(ts.Close)
	officer := signIn(t, a, "officer1")
	draft, err := a.CorrectDocument(officer, issuedDecision(t, st), app.DocumentCorrect{Reason: "更正当事人住所的门牌号"})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := a.IssueDocument(officer, draft.ID, app.DocumentIssue{Version: draft.Version})
	if err != nil {
		t.Fatal(err)
	}
	decision := sealed.ID
	shoot := func(login, path, want, name string, full bool) {
		t.Helper()
		browser := newBrowser(t)
		do(t, browser, "desktop viewport", chromedp.EmulateViewport(1366, 900))
		do(t, browser, "log in as "+login,
			chromedp.Navigate(ts.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("f-login")),
			chromedp.SetValue(chromedp.ID("f-login"), login),
			chromedp.SetValue(chromedp.ID("f-password"), demo.Password),
			chromedp.Submit(chromedp.ID("f-password")),
			chromedp.WaitVisible(chromedp.CSS("main h1")),
			chromedp.Navigate(ts.URL+path),
			chromedp.WaitVisible(chromedp.CSS(want))) // what the picture is to show
		shot := chromedp.CaptureScreenshot()
		if full {
			shot = chromedp.FullScreenshot(100) // quality 100: a PNG of the whole page
		}
		png := get(t, browser, "screenshot "+path, shot)
		if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shoot("head1", "/staff/", "#todo-items", "todo-dashboard.png", false)
	shoot("officer1", "/staff/documents/"+strconv.FormatInt(decision, 10)+"/print", "svg.seal-image", "sealed-decision.png", true)
}

// signIn returns a context acting as the demo account login, through a real login.
func signIn(t *testing.T, a *app.App, login string) context.Context {
	t.Helper()
	ctx := app.WithActor(context.Background(), &app.Actor{IP: "192.0.2.1"})
	token, _, err := a.Login(ctx, login, demo.Password, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := a.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), actor)
}

// issuedDecision returns the ID of an issued penalty decision of a case of the demo
// still being executed.
func issuedDecision(t *testing.T, st zhifa.Store) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for caseID := int64(1); caseID < 1000 && id == 0; caseID++ {
			c, err := tx.Case(ctx, caseID)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if c.Stage != zhifa.StageServe && c.Stage != zhifa.StageExecute {
				continue // an archived case takes no new document
			}
			docs, err := tx.Documents(ctx, caseID)
			if err != nil {
				return err
			}
			for _, d := range docs {
				if d.Type == zhifa.DocPenaltyDecision && d.State == zhifa.DocIssued {
					id = d.ID
				}
			}
		}
		return nil
	})
	if err != nil || id == 0 {
		t.Fatalf("no issued penalty decision in the demo (%v)", err)
	}
	return id
}
