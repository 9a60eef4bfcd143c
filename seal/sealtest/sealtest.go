// Package sealtest gives tests of the seal a small well-formed PDF, shaped like the
// files Chromium prints (a classic cross-reference table), without running Chromium.
package sealtest

import (
	"bytes"
	"fmt"
)

// PDF returns a one-page PDF showing text (ASCII) in Helvetica.
func PDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<</Type /Catalog\n/Pages 2 0 R>>",
		"<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>",
		"<</Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 5 0 R>>>>\n/Contents 4 0 R>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(stream), stream),
		"<</Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica>>",
		"<</Producer (sealtest)>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xd3\xeb\xe9\xe1\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 1 0 R\n/Info 6 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
