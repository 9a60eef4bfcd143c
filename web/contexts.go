package web

import (
	"zhifa/web/analysis"
	"zhifa/web/assessment"
	"zhifa/web/cases"
	"zhifa/web/catalog"
	"zhifa/web/filing"
	"zhifa/web/ledger"
	"zhifa/web/personnel"
	"zhifa/web/portal"
	"zhifa/web/publicity"
	"zhifa/web/review"
	"zhifa/web/supervision"
	"zhifa/web/transfer"
	"zhifa/web/workspace"
)

// contexts are the handlers of the web contexts over the server's kit; the route table
// (api.go for the JSON API, pages.go for the pages) registers their methods.
type contexts struct {
	analysis    *analysis.Handlers
	assessment  *assessment.Handlers
	cases       *cases.Handlers
	catalog     *catalog.Handlers
	filing      *filing.Handlers
	ledger      *ledger.Handlers
	personnel   *personnel.Handlers
	portal      *portal.Handlers
	publicity   *publicity.Handlers
	review      *review.Handlers
	supervision *supervision.Handlers
	transfer    *transfer.Handlers
	workspace   *workspace.Handlers
}

// contexts returns the handlers of every web context.
func (s *Server) contexts() contexts {
	return contexts{
		analysis:    analysis.New(s.Kit),
		assessment:  assessment.New(s.Kit),
		cases:       cases.New(s.Kit),
		catalog:     catalog.New(s.Kit),
		filing:      filing.New(s.Kit),
		ledger:      ledger.New(s.Kit),
		personnel:   personnel.New(s.Kit),
		portal:      portal.New(s.Kit),
		publicity:   publicity.New(s.Kit),
		review:      review.New(s.Kit),
		supervision: supervision.New(s.Kit),
		transfer:    transfer.New(s.Kit),
		workspace:   workspace.New(s.Kit),
	}
}
