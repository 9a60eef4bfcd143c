package document

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

// PDF printing: the issued HTML printed by headless Chromium (DESIGN: PDF is Chromium
// print-to-PDF of the same HTML, so CJK fonts embed correctly). Chromium is found at
// ZHIFA_CHROMIUM or DefaultChromium; without it PDF answers ErrNoChromium and the HTML
// print view remains.

// ChromiumEnv names the Chromium executable; DefaultChromium is used when it is unset.
const (
	ChromiumEnv     = "ZHIFA_CHROMIUM"
	DefaultChromium = "/usr/bin/chromium"
)

// ErrNoChromium is returned by PDF when no Chromium is installed.
var ErrNoChromium = errors.New("document: no Chromium executable (set ZHIFA_CHROMIUM)")

// pdfSlots bounds the Chromium processes printing at once: each takes a few hundred MB.
var pdfSlots = make(chan struct{}, 2)

// pdfTimeout bounds one print.
const pdfTimeout = 60 * time.Second

// ChromiumPath returns the Chromium executable to print with, or "" if there is none.
func ChromiumPath() string {
	p := os.Getenv(ChromiumEnv)
	if p == "" {
		p = DefaultChromium
	}
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return p
}

// PDF prints html (a self-contained page) to an A4 PDF with headless Chromium.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	path := ChromiumPath()
	if path == "" {
		return nil, ErrNoChromium
	}
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	}
	dir, err := os.MkdirTemp("", "zhifa-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts = append(opts, chromedp.UserDataDir(dir))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	// A data: URL keeps the page self-contained: no server to fetch from, no network.
	url := "data:text/html;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(html)
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("document: print to PDF: %w", err)
	}
	out, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground()))
	if err != nil {
		return nil, fmt.Errorf("document: print to PDF: %w", err)
	}
	return out, nil
}
