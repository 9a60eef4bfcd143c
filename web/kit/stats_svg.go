package kit

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"zhifa/app"
)

// Charts of the statistics page (issue #12), drawn on the server as SVG: no script, the
// same picture in every browser and in print. Each chart is an image with a title
// (role="img", aria-labelledby) and the page shows its numbers in a table beneath it,
// which is what a screen reader reads.

// ChartSVG draws t: columns for a series over months, bars for categories.
func ChartSVG(t *app.StatTable) template.HTML {
	if t.ID == "month" || t.ID == "ontime" {
		return columnsSVG(t)
	}
	return barsSVG(t)
}

// chartMax is the top of the value axis: the largest value (100 for percent), at least 1.
func chartMax(t *app.StatTable) float64 {
	if t.Unit == "%" {
		return 100
	}
	m := 1.0
	for _, v := range t.Values {
		m = math.Max(m, v)
	}
	return m
}

// valueText shows a chart value: whole numbers plainly, percent and yuan with one or
// two decimals.
func valueText(t *app.StatTable, v float64) string {
	switch t.Unit {
	case "%":
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	case "元":
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// shortLabel cuts a long category name for the chart; the table shows it whole.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func svgOpen(b *strings.Builder, t *app.StatTable, w, h int) {
	fmt.Fprintf(b, `<svg class="chart" role="img" aria-labelledby="chart-%s-title" viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		t.ID, w, h)
	fmt.Fprintf(b, `<title id="chart-%s-title">%s</title>`, t.ID, html.EscapeString(t.Title))
}

// barsSVG draws one horizontal bar per row, label on the left and value at the bar's end.
func barsSVG(t *app.StatTable) template.HTML {
	const width, labelW, rowH, valueW = 640, 190, 30, 90
	if len(t.Values) == 0 {
		return emptyChart(t)
	}
	height := len(t.Values)*rowH + 10
	top := chartMax(t)
	var b strings.Builder
	svgOpen(&b, t, width, height)
	for i, v := range t.Values {
		y := 5 + i*rowH
		barW := v / top * float64(width-labelW-valueW)
		fmt.Fprintf(&b, `<g><title>%s：%s%s</title>`, html.EscapeString(t.Labels[i]), valueText(t, v), html.EscapeString(t.Unit))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, labelW-8, y+19, html.EscapeString(shortLabel(t.Labels[i], 12)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="3" class="chart-bar"/>`, labelW, y+4, math.Max(barW, 1), rowH-10)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="chart-value">%s</text></g>`, float64(labelW)+math.Max(barW, 1)+6, y+19, valueText(t, v))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// columnsSVG draws one column per month with its value above and the month below.
func columnsSVG(t *app.StatTable) template.HTML {
	const width, height, axisH, valueH = 640, 240, 26, 22
	if len(t.Values) == 0 {
		return emptyChart(t)
	}
	top := chartMax(t)
	slot := float64(width) / float64(len(t.Values))
	plotH := float64(height - axisH - valueH)
	var b strings.Builder
	svgOpen(&b, t, width, height)
	fmt.Fprintf(&b, `<line x1="0" y1="%d" x2="%d" y2="%d" class="chart-axis"/>`, height-axisH, width, height-axisH)
	for i, v := range t.Values {
		h := v / top * plotH
		x := float64(i)*slot + slot*0.2
		y := float64(height-axisH) - h
		fmt.Fprintf(&b, `<g><title>%s：%s%s</title>`, html.EscapeString(t.Labels[i]), valueText(t, v), html.EscapeString(t.Unit))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" class="chart-bar"/>`, x, y, slot*0.6, math.Max(h, 0))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="chart-value">%s</text>`, x+slot*0.3, y-6, valueText(t, v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" class="chart-label">%s</text></g>`, x+slot*0.3, height-8, html.EscapeString(t.Labels[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// emptyChart says there is nothing to draw, still as a titled image.
func emptyChart(t *app.StatTable) template.HTML {
	var b strings.Builder
	svgOpen(&b, t, 640, 60)
	b.WriteString(`<text x="320" y="36" text-anchor="middle" class="chart-empty">暂无数据</text></svg>`)
	return template.HTML(b.String())
}
