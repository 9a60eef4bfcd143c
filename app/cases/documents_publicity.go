package cases

import (
	"context"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/law"
)

// publicationNotice is the paragraph of a penalty decision that will be published (公示
// 规定第八条, law.PublicationNotice): the agency's period and the portal address of its
// decisions. The address is the host of the ledger's origin, which names the deployment
// ("zhifa.example.gov.cn/ledger"); without a signer the portal is named in words.
func (s *Service) publicationNotice(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (string, error) {
	if c.Kind != zhifa.CasePenalty {
		return "", nil
	}
	rule, err := tx.PublicityRule(ctx, c.AgencyID)
	if err != nil {
		return "", err
	}
	cat, must := law.PublicationOf(c, "decide", rule)
	return law.PublicationNotice(must, law.AgencyPublicationDays(cat, rule), s.decisionsAddress(c.AgencyID)), nil
}

// decisionsAddress is where the portal lists an agency's published decisions.
func (s *Service) decisionsAddress(agencyID int64) string {
	path := "/decisions?agency=" + strconv.FormatInt(agencyID, 10)
	if s.k.LedgerSigner() == nil {
		return "行政执法公示平台“执法决定公示”栏目（" + path + "）"
	}
	host, _, _ := strings.Cut(s.k.LedgerSigner().Origin(), "/")
	return "https://" + host + path
}
