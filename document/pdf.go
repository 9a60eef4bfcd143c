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
// print-to-PDF of the same HTML, so CJK fonts embed correctly). The server configures a
// Printer once — where Chromium is and how many may print at once — and injects it
// (app.Options.Printer); without one there is no PDF and the HTML print view remains.

// ChromiumEnv names the Chromium executable for the command line (cmd/zhifa reads it);
// DefaultChromium is used when it is unset.
const (
	ChromiumEnv     = "ZHIFA_CHROMIUM"
	DefaultChromium = "/usr/bin/chromium"
)

// ErrNoChromium is returned when no Chromium is configured or installed.
var ErrNoChromium = errors.New("document: no Chromium executable (set ZHIFA_CHROMIUM)")

// DefaultPrintSlots bounds the Chromium processes printing at once: each takes a few
// hundred MB.
const DefaultPrintSlots = 2

// pdfTimeout bounds one print.
const pdfTimeout = 60 * time.Second

// FindChromium returns path, or DefaultChromium when path is "", if it is an executable
// file; else "".
func FindChromium(path string) string {
	if path == "" {
		path = DefaultChromium
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return path
}

// Printer prints HTML to PDF with one Chromium executable, at most a fixed number of
// prints at once.
type Printer struct {
	path  string
	slots chan struct{}
}

// NewPrinter returns a printer using the Chromium at path (see FindChromium), printing
// at most slots documents at once (DefaultPrintSlots when slots < 1). It returns nil
// when path names no executable.
func NewPrinter(path string, slots int) *Printer {
	path = FindChromium(path)
	if path == "" {
		return nil
	}
	if slots < 1 {
		slots = DefaultPrintSlots
	}
	return &Printer{path: path, slots: make(chan struct{}, slots)}
}

// PDF prints html (a self-contained page) to an A4 PDF with headless Chromium. A nil
// printer answers ErrNoChromium.
func (p *Printer) PDF(ctx context.Context, html []byte) ([]byte, error) {
	if p == nil {
		return nil, ErrNoChromium
	}
	path := p.path
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
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
