package personnel

import (
	"context"
	"strings"

	"zhifa"
)

// PublicOfficer is what the portal shows of an officer (C1, C2): no personal data.
type PublicOfficer struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	AgencyID    int64           `json:"agency_id"`
	AgencyName  string          `json:"agency_name"`
	Domains     []string        `json:"domains"`
	CertNumber  string          `json:"cert_number"`
	CertState   zhifa.CertState `json:"cert_state"`
	CertLabel   string          `json:"cert_state_label"`
	CertDomains []string        `json:"cert_domains"`
	ValidUntil  zhifa.Date      `json:"valid_until"`
	Issuer      string          `json:"issuer"`
}

// CertCheck answers whether a certificate is valid today (C2).
type CertCheck struct {
	Number     string          `json:"number"`
	State      zhifa.CertState `json:"state"`
	Label      string          `json:"state_label"`
	Valid      bool            `json:"valid"`
	CheckedOn  zhifa.Date      `json:"checked_on"`
	OfficerID  int64           `json:"officer_id"`
	Officer    string          `json:"officer"`
	Agency     string          `json:"agency"`
	Issuer     string          `json:"issuer"`
	Domains    []string        `json:"domains"`
	ValidFrom  zhifa.Date      `json:"valid_from"`
	ValidUntil zhifa.Date      `json:"valid_until"`
}

func publicOfficer(v *OfficerView) *PublicOfficer {
	p := &PublicOfficer{ID: v.ID, Name: v.Name, AgencyID: v.AgencyID, AgencyName: v.AgencyName, Domains: v.Domains}
	if c := v.CurrentCert(); c != nil {
		p.CertNumber, p.CertState, p.CertLabel = c.Number, c.Effective, c.Effective.Label()
		p.CertDomains, p.ValidUntil, p.Issuer = c.Domains, c.ValidUntil, c.Issuer
	}
	return p
}

// PublicOfficers lists the officers on duty (在岗) for the portal, optionally of one agency.
func (s *Service) PublicOfficers(ctx context.Context, f zhifa.OfficerFilter) ([]*PublicOfficer, int, error) {
	onDuty := true
	f.UnderPath, f.Active = "", &onDuty
	list, err := s.officerList(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*PublicOfficer, 0, len(list.Officers))
	for _, v := range list.Officers {
		out = append(out, publicOfficer(v))
	}
	return out, list.Total, nil
}

// PublicOfficer returns one officer for the portal.
func (s *Service) PublicOfficer(ctx context.Context, id int64) (*PublicOfficer, error) {
	var p *PublicOfficer
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		o, err := tx.Officer(ctx, id)
		if err != nil {
			return err
		}
		v, err := s.officerView(ctx, tx, o, false)
		if err != nil {
			return err
		}
		p = publicOfficer(v)
		return nil
	})
	return p, err
}

// CheckCertificate answers, for anyone, whether the certificate with this number is valid
// today (C2: 亮证执法, the public checks by number or QR code).
func (s *Service) CheckCertificate(ctx context.Context, number string) (*CertCheck, error) {
	number = strings.TrimSpace(number)
	if number == "" || len(number) > 100 {
		return nil, zhifa.NotFound("执法证件")
	}
	var out *CertCheck
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, err := tx.CertificateByNumber(ctx, number)
		if err != nil {
			return err
		}
		o, err := tx.Officer(ctx, c.OfficerID)
		if err != nil {
			return err
		}
		ag, err := tx.Agency(ctx, o.AgencyID)
		if err != nil {
			return err
		}
		today := s.k.Today()
		state := c.StateOn(today)
		out = &CertCheck{Number: c.Number, State: state, Label: state.Label(), Valid: state == zhifa.CertValid,
			CheckedOn: today, OfficerID: o.ID, Officer: o.Name, Agency: ag.Name, Issuer: c.Issuer, Domains: c.Domains,
			ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
		return nil
	})
	return out, err
}
