package seal

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"
)

// The visible seal: a red circular seal (圆形印章) drawn from the agency's name, the
// name along the upper arc and a five-pointed star in the centre, as the State
// Council's rules on the seals of state administrative organs (国发〔1999〕25号) draw an
// agency's seal; GB/T 38540 keeps such an image in the electronic seal's data.

// sealArc is the arc the name runs along: 230° centred on the top, at radius sealTextR
// of a 200-unit view box centred on (100, 100).
const (
	sealTextR   = 63.0
	sealArcDeg  = 230.0
	sealMaxFont = 24.0
)

// SVG draws the seal of the agency named name as an inline SVG element, 42 mm wide
// (the diameter of an agency's seal). The name is escaped.
func SVG(name string) template.HTML {
	name = strings.TrimSpace(name)
	n := max(utf8.RuneCountInString(name), 1)
	arc := sealTextR * sealArcDeg * math.Pi / 180
	font := math.Min(sealMaxFont, arc/float64(n)*0.85)
	x0, y0 := polar(90 + sealArcDeg/2)
	x1, y1 := polar(90 - sealArcDeg/2)
	var b strings.Builder
	b.WriteString(`<svg class="seal-image" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="42mm" height="42mm" role="img" aria-label="电子印章">`)
	b.WriteString(`<circle cx="100" cy="100" r="94" fill="none" stroke="#d40000" stroke-width="6"/>`)
	fmt.Fprintf(&b, `<path id="seal-arc" d="M %.2f %.2f A %.0f %.0f 0 1 1 %.2f %.2f" fill="none"/>`, x0, y0, sealTextR, sealTextR, x1, y1)
	fmt.Fprintf(&b, `<text fill="#d40000" font-size="%.1f" font-weight="bold"><textPath href="#seal-arc" startOffset="50%%" text-anchor="middle" textLength="%.0f" lengthAdjust="spacing">%s</textPath></text>`,
		font, arc*0.97, template.HTMLEscapeString(name))
	fmt.Fprintf(&b, `<polygon fill="#d40000" points="%s"/>`, starPoints(100, 100, 30, 12))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// polar is the point of the name's arc at deg degrees (counter-clockwise from east).
func polar(deg float64) (x, y float64) {
	r := deg * math.Pi / 180
	return 100 + sealTextR*math.Cos(r), 100 - sealTextR*math.Sin(r)
}

// starPoints are the ten corners of a five-pointed star, one point up.
func starPoints(cx, cy, outer, inner float64) string {
	pts := make([]string, 0, 10)
	for i := range 10 {
		r := outer
		if i%2 == 1 {
			r = inner
		}
		a := (90 + float64(i)*36) * math.Pi / 180
		pts = append(pts, fmt.Sprintf("%.2f,%.2f", cx+r*math.Cos(a), cy-r*math.Sin(a)))
	}
	return strings.Join(pts, " ")
}
