package app

import (
	"context"
	"errors"

	"zhifa"
	"zhifa/document"
)

// PrintPDF prints a self-contained HTML page (the annual report's print view) with the
// document printer. Without a printer, or without Chromium, the error is
// document.ErrNoChromium and the caller offers the print view instead.
func (a *App) PrintPDF(ctx context.Context, html []byte) ([]byte, error) {
	if a.printer == nil {
		return nil, document.ErrNoChromium
	}
	pdf, err := a.printer.PDF(ctx, html)
	if errors.Is(err, document.ErrNoChromium) {
		return nil, err
	}
	if err != nil {
		return nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "PDF 生成失败，请使用打印视图", Err: err}
	}
	return pdf, nil
}
