package demo

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/app"
)

// seedHistorical: the market bureau's head carries over two penalty cases decided about
// two years before the bureau adopted the system, from its paper files (历史案件导入,
// issue 14, D5): a major decision filed with the justice bureau whose file holds no legal
// review, and a case whose seizure has no A/V record. The gates of the system never saw
// them; the supervisor's analysis run flags them (重大决定未经法制审核, 缺少法定音像记录).
func (s *seeder) seedHistorical(head context.Context, item caseItem) error {
	cases := []app.HistoricalCaseInput{{
		Number: "东市监罚〔" + fmt.Sprint(s.today.AddDays(-800).Year) + "〕7号", Source: "纸质档案 永久-007",
		Party: zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市鑫源商业广场管理有限公司", CreditCode: "91371800MA3C4B5X6Y", Address: "东港市港城区渔港路18号"},
		Facts: "原案卷载明，当事人" + violationOf(item.name) + "，违法行为持续一年以上，涉案金额较大。", FiledOn: s.today.AddDays(-820), DecidedOn: s.today.AddDays(-760),
		FineFen: 28_000_000, Major: true,
	}, {
		Number: "东市监罚〔" + fmt.Sprint(s.today.AddDays(-700).Year) + "〕19号", Source: "纸质档案 永久-019",
		Party: zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市海诚市场管理服务部", CreditCode: "92371800MA3D2K7L1P", Address: "东港市海滨路66号"},
		Facts: "原案卷载明，当事人" + violationOf(item.name) + "，现场查封涉案物品。", FiledOn: s.today.AddDays(-720), SeizedOn: s.today.AddDays(-719),
		DecidedOn: s.today.AddDays(-680), FineFen: 1_500_000,
	}}
	for _, in := range cases {
		in.Item = item.code
		if _, err := s.a.ImportHistoricalCase(head, in); err != nil {
			return fmt.Errorf("historical case %s: %w", in.Number, err)
		}
	}
	return nil
}
