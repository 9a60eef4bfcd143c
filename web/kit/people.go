package kit

import (
	"context"
	"net/http"

	"zhifa/app"
)

// pagesWithPeople are the pages that show people recorded by login (ledger entries,
// certificate state changes, filing reviews, evidence access, list versions); render
// gives them a lookup of names (issue 12: people by name, never by login).
var pagesWithPeople = map[string]bool{
	"staff_ledger": true, "staff_ledger_entry": true, "staff_officer": true, "staff_filing": true,
	"staff_evidence": true, "staff_legalreview_catalog": true, "staff_recording_list": true,
	"staff_legalreview_queue": true, "staff_legalreview": true, "staff_transfer": true,
}

// LookupPeople gives the pages that need it a lookup of names by login: each distinct
// login of the page is read once, by its unique index, so a page costs the people it
// shows, not the accounts in the reader's scope (a province has tens of thousands).
func (s *Kit) LookupPeople(r *http.Request, name string, p *Page) {
	if !pagesWithPeople[name] || p.People != nil {
		return
	}
	p.People = map[string]string{}
	ctx := r.Context()
	p.person = func(login string) string { return s.PersonName(ctx, login) }
}

// PersonName names an account for the reader; "其他人员" when it cannot.
func (s *Kit) PersonName(ctx context.Context, login string) string {
	name, err := s.App.PersonName(ctx, login)
	if err != nil {
		return "其他人员"
	}
	return name
}

// Person names the account login for the reader: name and role, never the login itself;
// "其他人员" when the account cannot be read.
func (p *Page) Person(login string) string {
	switch {
	case login == "":
		return ""
	case p.People[login] != "":
		return p.People[login]
	case p.person != nil:
		// Looked up once per login and page.
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
