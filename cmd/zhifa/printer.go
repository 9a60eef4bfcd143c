package main

import (
	"log/slog"

	"zhifa/app"
	"zhifa/document"
)

// newPrinter configures the printing of issued documents to PDF (issue #11): Chromium at
// ZHIFA_CHROMIUM or document.DefaultChromium, at most document.DefaultPrintSlots at
// once. Without Chromium documents are issued without a PDF (nil printer) and offered
// as an HTML print view.
func newPrinter(e *env, log *slog.Logger) app.PDFPrinter {
	p := document.NewPrinter(e.getenv(document.ChromiumEnv), document.DefaultPrintSlots)
	if p == nil {
		log.Warn("no Chromium: issued documents get no PDF", "env", document.ChromiumEnv)
		return nil
	}
	return p
}
