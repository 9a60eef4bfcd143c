package publicity

import (
	"zhifa"
	"zhifa/law"
)

// Rendered is the public version of a case's decision that the queue makes when the
// decision is taken and Prepare keeps when the handler edits nothing: the party as
// published, the draft redacted by the rules (公示规定第六条) and its redactions.
type Rendered struct {
	Party, Code string
	Draft       string
	Redactions  []zhifa.Redaction
}

// Render renders the public version of the decision p of case c, made by the agency ag
// on the item, as enqueue and an unedited Prepare make it. zhifa gen's bulk path renders
// a copied case's publication with it for the copy's party (issue 11), after checking
// that the model's own publication is what Render gives for the model.
func Render(c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, p *zhifa.Publication) Rendered {
	var r Rendered
	r.Party, r.Code = publicParty(c.Parties)
	r.Draft, r.Redactions = law.Redact(decisionText(c, ag, item, p), redactInput(c, ag, nil, nil))
	return r
}
