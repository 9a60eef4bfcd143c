package supervision

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/law"
	"zhifa/workday"
)

// ComplaintInput is a complaint or report as submitted: by the public on the portal, or
// entered by staff from another channel (12345, letters, calls, visits).
type ComplaintInput struct {
	Kind    zhifa.ComplaintKind    `json:"kind"`
	Subject zhifa.ComplaintSubject `json:"subject"`
	// AgencyID is the agency the complainant addresses (the one with jurisdiction, or for
	// a conduct complaint the agency complained of: it goes to that government's justice
	// bureau).
	AgencyID int64  `json:"agency_id"`
	Target   string `json:"target"`
	Content  string `json:"content"`
	Request  string `json:"request"`
	Named    bool   `json:"named"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Address  string `json:"address"`
	// Channel and ExternalRef are set by staff intake; the portal is always "portal".
	Channel     zhifa.ComplaintChannel `json:"channel"`
	ExternalRef string                 `json:"external_ref"`
	// Challenge and Nonce answer the proof of work (public intake only).
	Challenge string `json:"challenge"`
	Nonce     string `json:"nonce"`
}

// Attachment is one file sent with a complaint.
type Attachment struct {
	Name string
	MIME string
	R    io.Reader
}

// Receipt is what the complainant takes away: the tracking number and the query code,
// shown once and never stored in the clear.
type Receipt struct {
	Number     string     `json:"number"`
	Code       string     `json:"code"`
	AgencyName string     `json:"agency_name"`
	ReceivedOn zhifa.Date `json:"received_on"`
	// AcceptDue is the acceptance deadline of a complaint (暂行办法第十四条), zero for a
	// report.
	AcceptDue zhifa.Date `json:"accept_due,omitempty"`
}

// allowedMIME are the attachment types the public may send: pictures, PDF and text.
var allowedMIME = map[string]bool{"image/jpeg": true, "image/png": true, "application/pdf": true, "text/plain; charset=utf-8": true}

func (in *ComplaintInput) check(staff bool) error {
	c := kernel.NewChecker()
	if !in.Kind.Valid() {
		c.Add("kind", "请选择投诉或举报")
	}
	if !in.Subject.Valid() {
		c.Add("subject", "请选择反映的对象类型")
	}
	if in.AgencyID <= 0 {
		c.Add("agency_id", "请选择受理机关")
	}
	c.Text("target", &in.Target, true, kernel.MaxShort)
	c.Text("content", &in.Content, true, kernel.MaxText)
	c.Text("request", &in.Request, false, 1000)
	c.Text("name", &in.Name, in.Named, 50)
	c.Text("address", &in.Address, false, 200)
	c.Phone("phone", &in.Phone)
	if in.Named && in.Phone == "" {
		c.Add("phone", "实名反映请填写联系电话")
	}
	// 暂行办法第九条: a complaint gives the complainant's name, phone and address.
	if in.Kind == zhifa.ComplaintKindComplaint && !in.Named {
		c.Add("named", "投诉须提供投诉人姓名和联系方式（暂行办法第九条）；匿名反映请选择举报")
	}
	if !in.Named {
		in.Name, in.Phone, in.Address = "", "", ""
	}
	c.Text("external_ref", &in.ExternalRef, false, 50)
	if staff {
		if !in.Channel.Valid() || in.Channel == zhifa.ChannelPortal {
			c.Add("channel", "请选择来源渠道")
		}
	} else {
		in.Channel, in.ExternalRef = zhifa.ChannelPortal, ""
	}
	return c.Err()
}

// PublicAgency is an agency the public may address.
type PublicAgency struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// PublicAgencies lists the enforcement agencies a complaint may be addressed to.
func (s *Service) PublicAgencies(ctx context.Context) ([]PublicAgency, error) {
	var out []PublicAgency
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Agencies(ctx, "")
		if err != nil {
			return err
		}
		for _, a := range list {
			if a.IsEnforcement() {
				out = append(out, PublicAgency{ID: a.ID, Name: a.Name})
			}
		}
		return nil
	})
	return out, err
}

// Challenge issues a proof-of-work challenge for the public form.
func (s *Service) Challenge() Challenge { return s.pow.Issue() }

// Submit takes a complaint or report from the public: rate limited per address, the
// proof of work checked, attachments stored as blobs before the one transaction that
// records the complaint, its files, its history and its ledger entry.
func (s *Service) Submit(ctx context.Context, in ComplaintInput, files []Attachment) (*Receipt, error) {
	actor := kernel.ActorFrom(ctx)
	if !s.submits.Allow("submit " + actor.IP) {
		return nil, errRateLimited()
	}
	if err := in.check(false); err != nil {
		return nil, err
	}
	if err := s.pow.Verify(in.Challenge, in.Nonce); err != nil {
		return nil, err
	}
	return s.intake(ctx, in, files)
}

// Intake records a complaint or report received by another channel (12345, 12315, a
// call, a letter, a visit), entered by staff of an agency in their scope, with the
// channel and its ticket number.
func (s *Service) Intake(ctx context.Context, in ComplaintInput) (*Receipt, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, err
	}
	if actor.Role == zhifa.RoleAdmin || actor.Role == zhifa.RoleReviewer {
		return nil, zhifa.Forbidden()
	}
	if err := in.check(true); err != nil {
		return nil, err
	}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, err := s.k.VisibleAgency(ctx, tx, actor, in.AgencyID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.intake(ctx, in, nil)
}

func (s *Service) intake(ctx context.Context, in ComplaintInput, files []Attachment) (*Receipt, error) {
	if len(files) > MaxFiles {
		return nil, kernel.FieldError("files", fmt.Sprintf("附件不能超过%d个", MaxFiles))
	}
	stored, err := s.storeFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	code, codeHash, err := newCode()
	if err != nil {
		return nil, err
	}
	var rc *Receipt
	// A tracking number is random; on the rare collision the whole intake runs again.
	for attempt := 0; attempt < 3; attempt++ {
		rc, err = s.record(ctx, in, stored, codeHash)
		if zhifa.ErrorCode(err) != zhifa.ECONFLICT {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	rc.Code = code
	return rc, nil
}

func (s *Service) record(ctx context.Context, in ComplaintInput, files []*zhifa.ComplaintFile, codeHash []byte) (*Receipt, error) {
	actor := kernel.ActorFrom(ctx)
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	var rc *Receipt
	err = s.k.Write(ctx, "complaint.receive", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := route(ctx, tx, in.AgencyID, in.Subject)
		if err != nil {
			return err
		}
		number, err := newNumber(today)
		if err != nil {
			return err
		}
		c := &zhifa.Complaint{Number: number, CodeHash: codeHash, Kind: in.Kind, Subject: in.Subject, Channel: in.Channel,
			ExternalRef: in.ExternalRef, AgencyID: ag.ID, Target: in.Target, Content: in.Content, Request: in.Request,
			Named: in.Named, Complainant: zhifa.Complainant{Name: in.Name, Phone: in.Phone, Address: in.Address},
			State: zhifa.ComplaintReceived, ReceivedOn: today, Clocks: []zhifa.Clock{}}
		if c.Subject == zhifa.ComplaintAboutConduct { // the agency complained of, before the bureau takes it (assessment)
			c.AboutAgencyID = in.AgencyID
		}
		if rule, ok := law.AcceptRule(c.Kind, c.Subject); ok {
			c.Clocks = append(c.Clocks, law.AcceptClock(cal, today, rule))
		}
		c.NextDue = law.NextDue(c.Clocks)
		if err := tx.CreateComplaint(ctx, c); err != nil {
			return err
		}
		for _, f := range files {
			f.ComplaintID = c.ID
			if err := tx.AddComplaintFile(ctx, f); err != nil {
				return err
			}
		}
		if err := tx.AddComplaintEvent(ctx, &zhifa.ComplaintEvent{ComplaintID: c.ID, Action: "receive", ToAgency: ag.ID,
			ActorID: max(actor.UserID, 0), ActorName: actor.Name}); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("complaint", c.ID), ag.Path
		rec.Detail = c.Kind.Label() + " " + c.Channel.Label() + " " + c.Number
		rc = &Receipt{Number: c.Number, AgencyName: ag.Name, ReceivedOn: today}
		if len(c.Clocks) > 0 {
			rc.AcceptDue = c.Clocks[0].Due
		}
		stored := make([]kernel.StoredFile, len(files))
		for i, f := range files {
			stored[i] = kernel.StoredFile{Size: f.Size, SHA256: f.SHA256, SM3: f.SM3}
		}
		return s.entryWithFiles(ctx, tx, "complaint.receive", complaintMeta(c, "received", len(files)), stored)
	})
	return rc, err
}

func complaintMeta(c *zhifa.Complaint, state string, files int) map[string]string {
	m := map[string]string{"complaint": strconv.FormatInt(c.ID, 10), "agency": strconv.FormatInt(c.AgencyID, 10),
		"kind": string(c.Kind), "subject": string(c.Subject), "channel": string(c.Channel), "state": state}
	if files > 0 {
		m["files"] = strconv.Itoa(files)
	}
	return m
}

// route returns the agency that handles a matter addressed to agencyID: the agency
// itself for an enterprise's violation, the justice bureau of its government for a
// complaint about enforcement conduct.
func route(ctx context.Context, tx zhifa.Tx, agencyID int64, subject zhifa.ComplaintSubject) (*zhifa.Agency, error) {
	ag, err := tx.Agency(ctx, agencyID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, kernel.FieldError("agency_id", "所选机关不存在")
	} else if err != nil {
		return nil, err
	}
	if !ag.IsEnforcement() {
		return nil, kernel.FieldError("agency_id", "请选择具体的执法机关")
	}
	if subject != zhifa.ComplaintAboutConduct || ag.Supervises {
		return ag, nil
	}
	jb, err := kernel.JusticeBureau(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	if jb == nil {
		return nil, kernel.FieldError("agency_id", "该机关所属人民政府未设司法行政部门，无法受理执法监督投诉")
	}
	return jb, nil
}

// storeFiles streams the attachments into the blob store, checking each one's type from
// its first bytes and its size; a refused file stores nothing the complaint references.
func (s *Service) storeFiles(ctx context.Context, files []Attachment) ([]*zhifa.ComplaintFile, error) {
	if len(files) == 0 {
		return nil, nil
	}
	if s.blobs == nil {
		return nil, kernel.FieldError("files", "本系统未配置文件存储，暂不能上传附件")
	}
	var out []*zhifa.ComplaintFile
	for i, f := range files {
		field := fmt.Sprintf("files[%d]", i)
		name := strings.TrimSpace(f.Name)
		if name == "" || utf8.RuneCountInString(name) > kernel.MaxShort || !utf8.ValidString(name) {
			return nil, kernel.FieldError(field, "文件名无效")
		}
		head := make([]byte, 512)
		n, err := io.ReadFull(f.R, head)
		head = head[:n]
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, kernel.FieldError(field, "文件上传中断，请重试")
		}
		mime := http.DetectContentType(head)
		if n == 0 || !allowedMIME[mime] {
			return nil, kernel.FieldError(field, "附件“"+name+"”类型不支持，仅可上传图片（JPEG、PNG）、PDF或文本")
		}
		h, err := s.blobs.Put(ctx, io.MultiReader(strings.NewReader(string(head)), f.R), MaxFileSize)
		if errors.Is(err, blob.ErrTooLarge) {
			return nil, kernel.FieldError(field, fmt.Sprintf("附件“%s”超过%dMB", name, MaxFileSize>>20))
		} else if err != nil {
			return nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "附件保存失败，请稍后重试", Err: err}
		}
		out = append(out, &zhifa.ComplaintFile{Name: name, MIME: mime, Size: h.Size, SHA256: h.SHA256Hex(), SM3: h.SM3Hex()})
	}
	return out, nil
}

// codeAlphabet spells query codes without look-alike characters (no 0/O, 1/I/L).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength characters of a 31-letter alphabet: about 79 bits.
const CodeLength = 16

// newCode returns a random query code and its SHA-256, which alone is stored.
func newCode() (string, []byte, error) {
	b := make([]byte, CodeLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", nil, fmt.Errorf("query code: %w", err)
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	h := sha256.Sum256(b)
	return string(b), h[:], nil
}

// newNumber returns a tracking number: TS, the day, and eight random digits, so that the
// numbers tell nothing of how many matters an agency receives.
func newNumber(day zhifa.Date) (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return "", fmt.Errorf("tracking number: %w", err)
	}
	return fmt.Sprintf("TS%04d%02d%02d%08d", day.Year, int(day.Month), day.Day, n.Int64()), nil
}

// normalizeCode upper-cases a typed code and drops spaces and dashes.
func normalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// PublicStep is one step of a matter's progress as the complainant sees it.
type PublicStep struct {
	On    zhifa.Date `json:"on"`
	Label string     `json:"label"`
}

// PublicComplaint is what the holder of the number and the code sees: the progress and
// the reply, nothing of the handling inside the agencies.
type PublicComplaint struct {
	Number     string       `json:"number"`
	Kind       string       `json:"kind"`
	AgencyName string       `json:"agency_name"`
	State      string       `json:"state"`
	ReceivedOn zhifa.Date   `json:"received_on"`
	Progress   []PublicStep `json:"progress"`
	Reply      string       `json:"reply,omitempty"`
	RepliedOn  zhifa.Date   `json:"replied_on,omitempty"`
}

// errNoMatch answers a wrong number and a wrong code alike.
func errNoMatch() error { return zhifa.Errorf(zhifa.ENOTFOUND, "编号或查询码不正确") }

// Track shows a matter's progress to the holder of its number and query code. Queries
// are rate limited per address; a wrong number and a wrong code answer the same, after
// the same constant-time comparison.
func (s *Service) Track(ctx context.Context, number, code string) (*PublicComplaint, error) {
	actor := kernel.ActorFrom(ctx)
	if !s.lookups.Allow("track " + actor.IP) {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "查询过于频繁，请稍后再试")
	}
	number, code = strings.TrimSpace(number), normalizeCode(code)
	if number == "" || code == "" || len(number) > 40 || len(code) > 40 {
		return nil, errNoMatch()
	}
	sum := sha256.Sum256([]byte(code))
	var out *PublicComplaint
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, err := tx.ComplaintByNumber(ctx, number)
		stored := make([]byte, sha256.Size) // compared even for an unknown number
		if err == nil {
			stored = c.CodeHash
		} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			return err
		}
		if subtle.ConstantTimeCompare(stored, sum[:]) != 1 || c == nil {
			return errNoMatch()
		}
		events, err := tx.ComplaintEvents(ctx, c.ID)
		if err != nil {
			return err
		}
		out, err = publicView(ctx, tx, c, events)
		return err
	})
	return out, err
}

// publicLabel is how a history step reads to the complainant; steps not listed are
// internal and not shown.
func publicLabel(e *zhifa.ComplaintEvent, to string) string {
	switch e.Action {
	case "receive":
		return "已接收，由" + to + "办理"
	case "transfer":
		return "已转交有处理权限的" + to + "办理"
	case "accept":
		return "已受理"
	case "refuse":
		return "不予受理，已告知"
	case "open_case":
		return "已立案调查"
	case "notify":
		return "已告知立案情况"
	case "reply":
		return "已答复，办结"
	}
	return ""
}

func publicView(ctx context.Context, tx zhifa.Tx, c *zhifa.Complaint, events []*zhifa.ComplaintEvent) (*PublicComplaint, error) {
	v := &PublicComplaint{Number: c.Number, Kind: c.Kind.Label(), AgencyName: c.AgencyName, State: c.State.Label(), ReceivedOn: c.ReceivedOn}
	names := map[int64]string{c.AgencyID: c.AgencyName}
	for _, e := range events {
		to := ""
		if e.ToAgency != 0 {
			if _, ok := names[e.ToAgency]; !ok {
				ag, err := tx.Agency(ctx, e.ToAgency)
				if err != nil {
					return nil, err
				}
				names[e.ToAgency] = ag.Name
			}
			to = names[e.ToAgency]
		}
		if l := publicLabel(e, to); l != "" {
			v.Progress = append(v.Progress, PublicStep{On: zhifa.DateOf(e.At), Label: l})
		}
	}
	if c.State == zhifa.ComplaintRefused || c.State == zhifa.ComplaintReplied {
		v.Reply, v.RepliedOn = c.Reply, c.RepliedOn
	}
	return v, nil
}

// ClockView is a complaint clock with its label and its status today.
type ClockView struct {
	zhifa.Clock
	Label  string `json:"label"`
	Status string `json:"status"`
}

func clockViews(cal *workday.Calendar, today zhifa.Date, clocks []zhifa.Clock) []ClockView {
	out := make([]ClockView, 0, len(clocks))
	for _, c := range clocks {
		out = append(out, ClockView{Clock: c, Label: law.ComplaintClockLabel(c.Kind), Status: law.ClockStatus(cal, today, c)})
	}
	return out
}

// cursor is the opaque keyset position of a complaints page (the last ID shown).
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("k1:" + strconv.FormatInt(id, 10)))
}

func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	bad := kernel.FieldError("cursor", "分页位置无效，请从第一页重新浏览")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, bad
	}
	rest, ok := strings.CutPrefix(string(b), "k1:")
	if !ok {
		return 0, bad
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0, bad
	}
	return id, nil
}

// OpenFile opens an attachment of a complaint for its handlers — it may carry the
// complainant's personal data (暂行办法第三十三条) — writing the read to the audit log
// first. Everyone else is told it does not exist. Close the object when done.
func (s *Service) OpenFile(ctx context.Context, complaintID, fileID int64) (*zhifa.ComplaintFile, blob.Object, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireStaff(actor); err != nil {
		return nil, nil, err
	}
	if s.blobs == nil {
		return nil, nil, zhifa.NotFound("附件")
	}
	var file *zhifa.ComplaintFile
	err := s.k.Write(ctx, "complaint.file_read", func(tx zhifa.Tx, rec *kernel.Audit) error {
		cp, err := tx.Complaint(ctx, complaintID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && !mayHandle(actor, cp.AgencyID)) {
			return zhifa.NotFound("附件")
		} else if err != nil {
			return err
		}
		files, err := tx.ComplaintFiles(ctx, cp.ID)
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.ID == fileID {
				file = f
			}
		}
		if file == nil {
			return zhifa.NotFound("附件")
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("complaint", cp.ID), cp.AgencyPath, "附件 sha256:"+file.SHA256
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.openStored(ctx, "complaint file", file.ID, file.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return file, obj, nil
}

// openStored opens a stored attachment by the SHA-256 its row records.
func (s *Service) openStored(ctx context.Context, what string, id int64, sha256Hex string) (blob.Object, error) {
	sum, err := blob.ParseSum(sha256Hex)
	if err != nil {
		return nil, fmt.Errorf("%s %d: %w", what, id, err)
	}
	return s.blobs.Open(ctx, sum)
}
