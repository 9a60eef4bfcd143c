package kit

import (
	"errors"
	"net/http"

	"zhifa/document"
)

// ServePrintView writes a print view (an HTML page the browser prints).
func ServePrintView(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page)
}

// ServePrintPDF prints the print view page to PDF and writes it as fileName.pdf. Without
// Chromium the user is told to print the view named view from the browser instead.
func (k *Kit) ServePrintPDF(w http.ResponseWriter, r *http.Request, page []byte, view, fileName string) {
	pdf, err := k.App.PrintPDF(r.Context(), page)
	if errors.Is(err, document.ErrNoChromium) {
		k.Render(w, r, http.StatusServiceUnavailable, "error", &Page{Title: "暂时无法生成 PDF",
			D: &ErrorView{Status: http.StatusServiceUnavailable, Heading: "暂时无法生成 PDF",
				Message: "本服务器未安装 Chromium，暂时无法生成 PDF。请打开" + view + "的打印视图，使用浏览器“打印”（可选择“另存为 PDF”）。"}})
		return
	}
	if err != nil {
		k.Fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+fileName+`.pdf"`)
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(pdf)
}
