package web

import (
	"context"
	"net/http"

	"zhifa/app"
)

// pagesWithPeople are the pages that show people recorded by login (ledger entries,
// certificate state changes, filing reviews, evidence access, list versions); render reads
// the names of the accounts in scope once for them (issue 12: people by name, never by
// login).
var pagesWithPeople = map[string]bool{
	"staff_ledger": true, "staff_ledger_entry": true, "staff_officer": true, "staff_filing": true,
	"staff_evidence": true, "staff_legalreview_catalog": true, "staff_recording_list": true,
	"staff_legalreview_queue": true, "staff_legalreview": true, "staff_transfer": true,
}

// lookupPeople fills p.People for the pages that need it. A failed read leaves the map
// empty: the page then says "其他人员" rather than fail.
func (s *Server) lookupPeople(r *http.Request, name string, p *page) {
	if !pagesWithPeople[name] || p.People != nil {
		return
	}
	people, err := s.app.PeopleNames(r.Context())
	if err != nil {
		s.log.Error("people names", "page", name, "err", err)
	}
	if people == nil {
		people = map[string]string{}
	}
	p.People = people
	ctx := r.Context()
	p.person = func(login string) string { return s.personOutsideScope(ctx, login) }
}

// personOutsideScope names an account the reader's scope does not hold; "其他人员" when
// it cannot.
func (s *Server) personOutsideScope(ctx context.Context, login string) string {
	name, err := s.app.PersonName(ctx, login)
	if err != nil {
		return "其他人员"
	}
	return name
}

// Person names the account login for the reader: name and role, never the login itself;
// an account outside the reader's scope is "其他人员", the system "系统".
func (p *page) Person(login string) string {
	switch {
	case login == "":
		return ""
	case p.People[login] != "":
		return p.People[login]
	case p.person != nil:
		// Looked up once per login and page: a record rarely names more than a few
		// people from outside the reader's scope.
		p.People[login] = p.person(login)
		return p.People[login]
	}
	return "其他人员"
}

// actionName is the Chinese name of a ledger entry's kind ("case.submit_review" is
// 提交法制审核), "" for a kind without one (the page then shows the kind verbatim).
func actionName(kind string) string {
	if v := app.AuditVerb(kind); v != app.AuditVerb("") {
		return v
	}
	return ""
}
