package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// Service of the decision (行政处罚法第六十一条：行政处罚决定书应当在宣告后当场交付当事人；
// 当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，将行政处罚
// 决定书送达当事人。当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚
// 决定书等送达当事人).

// Citations of the service rules.
const (
	RuleServiceFixed      = "行政处罚法第六十一条第一款（七日内送达）"
	RuleServiceMethod     = "行政处罚法第六十一条第一款（依照民事诉讼法的有关规定送达）"
	RuleServiceElectronic = "行政处罚法第六十一条第二款（当事人同意并签订确认书）"
	RuleServicePublic     = "行政处罚法第六十一条第一款、民事诉讼法关于公告送达的规定"
)

// CheckServiceClockChange refuses to pause, resume or extend the Art. 61 service period:
// the statute gives seven days and no ground to stop or lengthen them.
func CheckServiceClockChange(k zhifa.ClockKind) error {
	if k == zhifa.ClockService {
		return Gate(RuleServiceFixed, "行政处罚决定书的七日送达期限不得中止、恢复计算或延长")
	}
	return nil
}

// CheckService checks the record of a decision's service on day: a known method with its
// proof; electronic service only with the party's written consent signed before (on or
// before day) and the address it confirmed; public notice only when the proof says why the
// other methods failed (民事诉讼法: 受送达人下落不明，或者用其他方式无法送达的，公告送达).
func CheckService(s *zhifa.Service, day zhifa.Date) error {
	if s == nil || s.Method == "" {
		return Gate(RuleServiceMethod, "请记录送达方式（直接送达、留置送达、邮寄送达、电子送达或公告送达）及送达凭证")
	}
	if !slices.Contains(zhifa.ServiceMethods, s.Method) {
		return Gate(RuleServiceMethod, fmt.Sprintf("送达方式“%s”无效，应为直接送达、留置送达、邮寄送达、电子送达或公告送达", s.Method))
	}
	if strings.TrimSpace(s.Proof) == "" {
		return Gate(RuleServiceMethod, s.Method.Label()+"须记录送达凭证（如送达回证、邮寄回执、见证人及拍照录像记录、电子送达系统记录、公告载体及日期）")
	}
	switch s.Method {
	case zhifa.ServeElectronic:
		if s.ConsentOn.IsZero() || strings.TrimSpace(s.Address) == "" {
			return Gate(RuleServiceElectronic, "电子送达须当事人事先签订送达地址确认书，同意电子送达并确认接收地址；请记录确认书签订日期和确认的地址")
		}
		if s.ConsentOn.After(day) {
			return Gate(RuleServiceElectronic, fmt.Sprintf("送达地址确认书签订于%s，晚于送达日期%s；电子送达须事先取得当事人同意", s.ConsentOn.Chinese(), day.Chinese()))
		}
	case zhifa.ServePublic:
		if !strings.Contains(s.Proof, "下落不明") && !strings.Contains(s.Proof, "无法送达") {
			return Gate(RuleServicePublic, "公告送达仅适用于受送达人下落不明或以其他方式无法送达的情形；请在送达凭证中说明")
		}
	}
	return nil
}
