package document

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"zhifa"
	"zhifa/law"
)

//go:embed templates
var templateFS embed.FS

var tmpl = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// Meta is what a rendering needs besides the fields: the document's number (empty for
// a draft), what it corrects, and when it was issued.
type Meta struct {
	Number string
	// Corrects names the corrected document, e.g. "行政处罚决定书（东市监罚〔2026〕3号-决1）".
	Corrects string
	IssuedAt time.Time
	Draft    bool
	// SealImage is the agency's electronic seal (package seal's SVG), drawn over the
	// place where the agency signs when the document is issued with a digital signature
	// (issue 12); empty for none.
	SealImage template.HTML
}

type row struct {
	Label string
	Value string
	Multi bool
}

type view struct {
	Title, Agency, Number, Corrects, CaseNumber, Issued string
	Layout                                              Layout
	Draft                                               bool
	Head, Rows                                          []row
	SignAgency, Seal, Date                              string
	Signatures                                          []string
	SealImage                                           template.HTML
}

// Render returns the HTML of a document of the spec's type with fields, for the case in
// d. A draft is marked 草稿 and shows personal ID numbers masked; the final rendering
// (meta.Draft false) shows the full ID numbers of d.Case's parties in the records that
// identify a person (Spec.ShowID) — d must then carry them decrypted — and nowhere else.
func Render(s *Spec, meta Meta, fields map[string]string, d *Data) ([]byte, error) {
	v := &view{Title: s.Type.Label(), Agency: d.Agency, Number: meta.Number, Corrects: meta.Corrects,
		CaseNumber: d.CaseNumber, Layout: s.Layout, Draft: meta.Draft, Signatures: s.Signatures,
		SealImage: meta.SealImage}
	if !meta.IssuedAt.IsZero() {
		v.Issued = meta.IssuedAt.In(zhifa.CST).Format("2006-01-02 15:04")
	}
	get := func(k string) string { return strings.TrimSpace(fields[k]) }
	v.Date = get(KeyDate)
	for _, f := range s.Fields {
		val := get(f.Key)
		r := row{Label: f.Label, Value: val, Multi: f.Multi}
		switch {
		case s.Layout == Letter && (f.Key == KeyPartyName || f.Key == KeyPartyAddress || f.Key == KeyPartyCode):
			if val != "" || f.Key != KeyPartyCode {
				v.Head = append(v.Head, r)
			}
		case s.Layout == Letter && f.Key == KeyAgency:
			v.SignAgency = val
		case s.Layout == Letter && f.Key == KeySeal:
			v.Seal = val
		case f.Key == KeyDate:
		case f.Key == KeyPublicity && val == "": // a decision that is not published says nothing of it
		default:
			v.Rows = append(v.Rows, r)
		}
		if s.ShowID && f.Key == "person" {
			if ids := idLines(d.Case, meta.Draft); ids != "" {
				v.Rows = append(v.Rows, row{Label: "身份证件号码", Value: ids})
			}
		}
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "document", v); err != nil {
		return nil, fmt.Errorf("render %s: %w", s.Type, err)
	}
	return buf.Bytes(), nil
}

// idLines lists the persons among the parties with their ID numbers: masked in a draft.
func idLines(c *zhifa.Case, draft bool) string {
	if c == nil {
		return ""
	}
	var out []string
	for _, p := range c.Parties {
		if p.Kind != zhifa.PartyPerson {
			continue
		}
		id := p.IDMasked
		if !draft && p.IDNumber != "" {
			id = p.IDNumber
		}
		if id != "" {
			out = append(out, p.Name+"：居民身份证 "+id)
		}
	}
	return strings.Join(out, "\n")
}

// Elements maps a document's fields onto the elements the law requires of it; nil when
// the law lists none for the type.
func Elements(t zhifa.DocType, fields map[string]string) map[string]string {
	switch t {
	case zhifa.DocPenaltyDecision, zhifa.DocSeizureDecision, zhifa.DocNoPenaltyDecision, zhifa.DocReminder,
		zhifa.DocEnforcementDecision, zhifa.DocCourtApplication, zhifa.DocInvestigationReport, zhifa.DocEvidenceList:
		return fields
	}
	return nil
}

// Check runs the statutory content checks of the type: every element of 行政处罚法 Art. 59
// for a penalty decision, of 行政强制法 Art. 24 for a seizure decision, and of 行政强制法
// Arts. 35, 37 and 55 for the reminder, the enforcement decision and the application to
// the court.
func Check(t zhifa.DocType, fields map[string]string) error {
	switch t {
	case zhifa.DocPenaltyDecision:
		return law.CheckDecisionDocument(Elements(t, fields))
	case zhifa.DocSeizureDecision:
		return law.CheckSeizureDocument(Elements(t, fields))
	case zhifa.DocNoPenaltyDecision:
		return law.CheckNoPenaltyDocument(Elements(t, fields))
	case zhifa.DocReminder, zhifa.DocEnforcementDecision, zhifa.DocCourtApplication:
		return law.CheckExecutionDocument(t, Elements(t, fields))
	case zhifa.DocInvestigationReport, zhifa.DocEvidenceList:
		return law.CheckReviewMaterial(t, Elements(t, fields))
	}
	return nil
}
