package demo

// accountsPerProvinceAgency are the accounts seedProvinceCrew opens in each enforcement
// agency of a generated province: its head, a legal reviewer and two officers.
const accountsPerProvinceAgency = 4

// prepareAccounts has the app hash the demo password ahead, on every core, for every
// account the seeder will open (issue 11): the demo city's (Accounts) and, for a
// generated province, those of its agencies. The hashes are made while the agencies,
// officers and items are created, and each account takes one.
func (s *seeder) prepareAccounts() error {
	n := len(Accounts)
	if s.cases.agencies > 1 {
		for _, g := range provinceLayout(s.cases.agencies-1, s.cases.seed) {
			if g.kind >= 0 {
				n += accountsPerProvinceAgency
			}
		}
	}
	return s.a.PreparePasswordHashes(s.ctx, Password, n)
}
