package execution

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/workday"
)

// Payments are recorded from the bank's or the treasury system's notice (罚缴分离, 行政处罚法
// 第六十七条第一款) through a channel an admin issued to the agency, never by an officer
// typing "paid"; the receipt number makes a notice sent twice one payment.

// RoleChannel is the role of a payment channel's actor: the bank's or treasury's system
// posting notices for one agency. It is no user role: no account has it.
const RoleChannel zhifa.Role = "payment_channel"

// PermRecordPayments is the permission of the payment-notice route. No user role holds
// it; the use case admits only the actor of an agency's channel (RoleChannel).
const PermRecordPayments kernel.Permission = "record_payments"

// channelTokenPrefix marks a channel token, so that the web layer asks this context only
// for tokens that may be one.
const channelTokenPrefix = "zfpay_"

// IsChannelToken reports whether token has the form of a channel token.
func IsChannelToken(token string) bool { return strings.HasPrefix(token, channelTokenPrefix) }

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// channelActor is the actor of a channel: negative user ID (a system component, audited
// and entered in the ledger as system/payment-channel-N), scoped to its agency.
func channelActor(ch *zhifa.PaymentChannel, ag *zhifa.Agency, ip string) *kernel.Actor {
	login := "payment-channel-" + strconv.FormatInt(ch.ID, 10)
	return &kernel.Actor{UserID: -1_000_000 - ch.ID, Login: login, Name: ch.Name, Role: RoleChannel, AgencyID: ag.ID,
		AgencyPath: ag.Path, ScopePath: ag.Path, IP: ip}
}

// AuthenticateChannel returns the actor of the channel whose token this is; EUNAUTHORIZED
// for an unknown or revoked token.
func (s *Service) AuthenticateChannel(ctx context.Context, token string) (*kernel.Actor, error) {
	unauthorized := zhifa.Errorf(zhifa.EUNAUTHORIZED, "缴款通知接口令牌无效或已停用")
	if !IsChannelToken(token) {
		return nil, unauthorized
	}
	var actor *kernel.Actor
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ch, err := tx.PaymentChannelByHash(ctx, tokenHash(token))
		if err != nil {
			return err
		}
		if ch.Revoked {
			return unauthorized
		}
		ag, err := tx.Agency(ctx, ch.AgencyID)
		if err != nil {
			return err
		}
		actor = channelActor(ch, ag, kernel.ActorFrom(ctx).IP)
		return nil
	})
	if err != nil {
		if isNotFound(err) {
			return nil, unauthorized
		}
		return nil, err
	}
	return actor, nil
}

// ChannelInput names a new channel.
type ChannelInput struct {
	Name string `json:"name"` // e.g. 工商银行东港分行缴款通知
}

// IssuedChannel is a new channel with its token, shown once.
type IssuedChannel struct {
	Channel zhifa.PaymentChannel `json:"channel"`
	Token   string               `json:"token"`
}

// IssueChannel creates a payment channel for an agency in the admin's scope and returns
// its token; only its hash is kept.
func (s *Service) IssueChannel(ctx context.Context, agencyID int64, in ChannelInput) (*IssuedChannel, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageUsers); err != nil {
		return nil, err
	}
	chk := kernel.NewChecker()
	chk.Text("name", &in.Name, true, kernel.MaxShort)
	if err := chk.Err(); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	token := channelTokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	ch := &zhifa.PaymentChannel{AgencyID: agencyID, Name: in.Name, TokenHash: tokenHash(token), CreatedBy: max(actor.UserID, 0), CreatedAt: s.k.Now()}
	err := s.k.Write(ctx, "execution.channel.issue", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("agency", agencyID), ag.Path, "缴款通知接口："+in.Name
		return tx.CreatePaymentChannel(ctx, ch)
	})
	if err != nil {
		return nil, err
	}
	return &IssuedChannel{Channel: *ch, Token: token}, nil
}

// RevokeChannel stops a channel of an agency in the admin's scope.
func (s *Service) RevokeChannel(ctx context.Context, agencyID, channelID int64) error {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageUsers); err != nil {
		return err
	}
	return s.k.Write(ctx, "execution.channel.revoke", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("payment_channel", channelID), ag.Path
		return tx.RevokePaymentChannel(ctx, agencyID, channelID)
	})
}

// Channels lists an agency's channels for an admin in scope.
func (s *Service) Channels(ctx context.Context, agencyID int64) ([]zhifa.PaymentChannel, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageUsers); err != nil {
		return nil, err
	}
	var out []zhifa.PaymentChannel
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, err := s.k.VisibleAgency(ctx, tx, actor, agencyID); err != nil {
			return err
		}
		var err error
		out, err = tx.PaymentChannels(ctx, agencyID)
		return err
	})
	return out, err
}

// SetPayee sets the account an agency's fines are paid into (指定的银行), for obligations
// created from now on.
func (s *Service) SetPayee(ctx context.Context, agencyID int64, in zhifa.Payee) (*zhifa.Payee, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	chk := kernel.NewChecker()
	chk.Text("name", &in.Name, true, kernel.MaxShort)
	chk.Text("bank", &in.Bank, true, kernel.MaxShort)
	chk.Text("account", &in.Account, true, 40)
	if err := chk.Err(); err != nil {
		return nil, err
	}
	in.AgencyID = agencyID
	err := s.k.Write(ctx, "execution.payee", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("agency", agencyID), ag.Path, in.Name+" "+in.Bank
		return tx.SetPayee(ctx, &in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// NoticeInput is one payment notice of the bank or the treasury system.
type NoticeInput struct {
	Reference string     `json:"reference"`  // 缴款码
	ReceiptNo string     `json:"receipt_no"` // 缴款凭证号（票据号）
	AmountFen int64      `json:"amount_fen"`
	PaidOn    zhifa.Date `json:"paid_on"`
}

// NoticeResult is the payment recorded for a notice; Duplicate when the receipt was
// already recorded (the notice was sent again).
type NoticeResult struct {
	CaseID    int64         `json:"case_id"`
	Payment   zhifa.Payment `json:"payment"`
	Duplicate bool          `json:"duplicate"`
	Account   PaymentView   `json:"account"`
}

// MaxAmountFen bounds an amount (one hundred billion yuan), so that sums cannot overflow.
const MaxAmountFen = 100_000_000_000_00

func (in *NoticeInput) check(today zhifa.Date) error {
	chk := kernel.NewChecker()
	in.Reference = strings.TrimSpace(in.Reference)
	if !ValidReference(in.Reference) {
		chk.Add("reference", "缴款码应为20位数字且校验位正确")
	}
	chk.Text("receipt_no", &in.ReceiptNo, true, 64)
	if in.AmountFen <= 0 || in.AmountFen > MaxAmountFen {
		chk.Add("amount_fen", "缴款金额应大于零")
	}
	if in.PaidOn.IsZero() {
		chk.Add("paid_on", "请提供缴款日期")
	} else if in.PaidOn.After(today) {
		chk.Add("paid_on", "缴款日期不能晚于今天")
	}
	return chk.Err()
}

// RecordNotice records the payment a channel's notice reports. Only the channel of the
// obligation's agency may; another agency's reference answers like a missing one.
func (s *Service) RecordNotice(ctx context.Context, in NoticeInput) (*NoticeResult, error) {
	actor := kernel.ActorFrom(ctx)
	if !actor.LoggedIn() {
		return nil, zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
	}
	if actor.Role != RoleChannel {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "缴款只能由银行或国库缴款通知登记，执法人员不能自行登记缴款（行政处罚法第六十七条）")
	}
	if err := in.check(s.k.Today()); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var res *NoticeResult
	err = s.k.Write(ctx, "execution.payment", func(tx zhifa.Tx, rec *kernel.Audit) error {
		o, err := tx.ObligationByReference(ctx, in.Reference)
		if err != nil {
			return err
		}
		if o.AgencyID != actor.AgencyID {
			return zhifa.NotFound("缴款码对应的缴款义务")
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("case", o.CaseID), o.AgencyPath
		p := zhifa.Payment{CaseID: o.CaseID, AgencyID: o.AgencyID, ReceiptNo: in.ReceiptNo, AmountFen: in.AmountFen, PaidOn: in.PaidOn,
			Source: zhifa.PaymentNotice, ChannelID: -1_000_000 - actor.UserID}
		res, err = s.recordPayment(ctx, tx, rec, cal, o, p)
		return err
	})
	return res, err
}

// recordPayment adds p to o unless its receipt is already recorded (the same payment:
// Duplicate; a different one: ECONFLICT), then brings the obligation and the case's
// clocks up to date, with the ledger entry.
func (s *Service) recordPayment(ctx context.Context, tx zhifa.Tx, rec *kernel.Audit, cal *workday.Calendar, o *zhifa.Obligation, p zhifa.Payment) (*NoticeResult, error) {
	actor := kernel.ActorFrom(ctx)
	c, _, err := s.k.VisibleCase(ctx, tx, actor, o.CaseID)
	if err != nil {
		return nil, err
	}
	if old, err := tx.PaymentByReceipt(ctx, p.AgencyID, p.ReceiptNo); err == nil {
		if old.CaseID != p.CaseID || old.AmountFen != p.AmountFen || old.PaidOn != p.PaidOn {
			return nil, kernel.FieldError("receipt_no", "该票据号已登记为另一笔缴款")
		}
		v, err := s.view(ctx, tx, cal, c, o)
		if err != nil {
			return nil, err
		}
		rec.Detail = c.Number + " 重复通知 " + p.ReceiptNo
		return &NoticeResult{CaseID: c.ID, Payment: *old, Duplicate: true, Account: *v}, nil
	} else if !isNotFound(err) {
		return nil, err
	}
	if err := tx.AddPayment(ctx, &p); err != nil {
		return nil, err
	}
	if err := s.refresh(ctx, tx, cal, c, o); err != nil {
		return nil, err
	}
	rec.Detail = c.Number + " " + p.Source.Label() + " " + Yuan(p.AmountFen)
	if err := s.appendEntry(ctx, tx, c, "payment", map[string]string{"receipt_no": p.ReceiptNo, "amount_fen": strconv.FormatInt(p.AmountFen, 10),
		"paid_on": p.PaidOn.String(), "source": string(p.Source)}); err != nil {
		return nil, err
	}
	v, err := s.view(ctx, tx, cal, c, o)
	if err != nil {
		return nil, err
	}
	return &NoticeResult{CaseID: c.ID, Payment: p, Account: *v}, nil
}

// refresh recomputes what o's payments add up to, saves it, and brings the case's
// clocks in line (the case row is saved with its version).
func (s *Service) refresh(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation) error {
	payments, err := tx.Payments(ctx, o.CaseID)
	if err != nil {
		return err
	}
	a := Compute(o, payments, s.k.Today())
	o.PaidFen, o.SettledOn = a.PaidFen, a.SettledOn
	if err := tx.UpdateObligation(ctx, o); err != nil {
		return err
	}
	syncClocks(cal, c, o, a)
	c.UpdatedAt = s.k.Now()
	return tx.UpdateCase(ctx, c)
}

// Payee returns the payee account of an agency in the actor's scope, nil when none is set.
func (s *Service) Payee(ctx context.Context, agencyID int64) (*zhifa.Payee, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var p *zhifa.Payee
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, err := s.k.VisibleAgency(ctx, tx, actor, agencyID); err != nil {
			return err
		}
		var err error
		if p, err = tx.Payee(ctx, agencyID); isNotFound(err) {
			p, err = nil, nil
		}
		return err
	})
	return p, err
}
