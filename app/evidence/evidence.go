// Package evidence is the bounded context of evidence and case files (证据与案卷, issue 16;
// REQUIREMENTS B5, D1–D4, D6): the upload of evidence files with their media policy and
// their ledger entries, the access log of every read (调阅记录), the link of an evidence
// file to a record of a case, the whole-process-recording lists (全过程记录清单) the case
// gates read, and the sealed case file (案卷) that anyone can verify offline.
//
// Who may do what:
//   - officers, heads and admins of an enforcement agency upload evidence for their own
//     agency (PermRecordEvidence); everyone on the staff reads the metadata of the evidence
//     in scope and opens its content, each read logged first, a supervisor's with a reason
//     (调阅监督, D4); admins, heads and supervisors read the access log (PermReadAccessLog);
//   - everyone on the staff reads the recording lists in scope, admins (PermManageCatalog)
//     of an agency or above it store new versions, and the public reads the current list
//     of an enforcement agency (C1);
//   - everyone on the staff who may read a case exports its case file, logged like a read
//     of each of its files (a supervisor gives a reason).
//
// Objects outside the actor's scope answer like missing ones (ENOTFOUND). The context
// builds on the shared kernel only.
package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/ledger"
)

// Evidence (证据 / 音像记录, D1–D4, D6). An upload streams the file into blob storage
// first — content-addressed, so the same bytes are stored once however often they are
// uploaded — and then records it in ONE transaction: the evidence row, its
// "evidence.add" ledger entry (both hashes and every metadata field) and the audit line.
// If anything fails after the blob is stored, the blob stays in storage unreferenced:
// no row and no entry name it, so it is invisible to every user. `zhifa verify` walks
// the ledger's entries, not the storage, and so tolerates such blobs (it counts them);
// they are harmless and may be removed by an operator. A later upload of the same
// content simply references the blob.
//
// Every read of a file's content is written to the access log (调阅记录) in a
// transaction of its own before the content is returned; supervisors must give a
// reason (D4).

// DefaultMaxEvidenceSize is the default limit of one evidence file: 4 GiB.
const DefaultMaxEvidenceSize int64 = 4 << 30

// Service holds the use cases of the context.
type Service struct {
	k kernel.Kernel
	// blobs stores the evidence files (nil: none can be uploaded or read); maxSize bounds
	// one file, in bytes.
	blobs   blob.Store
	maxSize int64
}

// New returns the context over the kernel k, storing files in blobs (nil for none), each
// at most maxSize bytes (DefaultMaxEvidenceSize when not positive).
func New(k kernel.Kernel, blobs blob.Store, maxSize int64) *Service {
	if maxSize <= 0 {
		maxSize = DefaultMaxEvidenceSize
	}
	return &Service{k: k, blobs: blobs, maxSize: maxSize}
}

// Limits of evidence metadata.
const (
	maxEvidenceOfficers = 20
	maxEvidencePlace    = 200
	maxEvidenceDevice   = 64
	maxAccessReason     = 200
	maxEvidencePage     = 200
	// captureSkew is how far in the future a capture time may lie: device clocks drift.
	captureSkew = 2 * time.Minute
)

// earliestCapture is the earliest plausible capture time.
var earliestCapture = time.Date(2000, 1, 1, 0, 0, 0, 0, zhifa.CST)

// EvidenceInput is the metadata of an uploaded evidence file. Kind may be left empty
// when MIME (or, failing that, the content) tells it. A case will be attached with one
// added field (CaseID) once cases exist.
type EvidenceInput struct {
	Kind  zhifa.EvidenceKind `json:"kind"`
	Title string             `json:"title"`
	// MIME is the declared type; empty (or application/octet-stream) lets the content
	// decide. A declared type the content contradicts is refused.
	MIME       string    `json:"mime"`
	CapturedAt time.Time `json:"captured_at"`
	DeviceID   string    `json:"device_id"`
	// OfficerIDs are officers of the uploader's agency; empty means the uploader's own
	// officer record, if the account has one.
	OfficerIDs []int64  `json:"officer_ids"`
	Place      string   `json:"place"`
	Lat        *float64 `json:"lat"`
	Lng        *float64 `json:"lng"`
	CaseRef    string   `json:"case_ref"`
}

// OfficerRef names an officer.
type OfficerRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// EvidenceLedger points at the ledger entry of an evidence file and tells whether a
// signed checkpoint covers it yet, so that an inclusion proof exists.
type EvidenceLedger struct {
	Index          int64 `json:"index"`
	Covered        bool  `json:"covered"`
	CheckpointSize int64 `json:"checkpoint_size"`
}

// EvidenceView is an evidence file's metadata with the names a page shows.
type EvidenceView struct {
	*zhifa.Evidence
	AgencyName string         `json:"agency_name"`
	Officers   []OfficerRef   `json:"officers"`
	Uploader   string         `json:"uploader"` // the uploading user's name
	Ledger     EvidenceLedger `json:"ledger"`
}

// EvidenceList is one page of evidence.
type EvidenceList struct {
	Evidence []*EvidenceView `json:"evidence"`
	Total    int             `json:"total"`
}

// AccessLogList is one page of an evidence file's access log, newest first.
type AccessLogList struct {
	Entries []*zhifa.AccessLog `json:"entries"`
	Total   int                `json:"total"`
}

// MaxEvidenceSize returns the size limit of one evidence file.
func (s *Service) MaxEvidenceSize() int64 { return s.maxSize }

// NeedsAccessReason reports whether the actor must give a reason to read a case's records
// (its evidence, issued documents' content, the case file): a supervisor's read is
// 调阅监督, logged with its reason (D4).
func NeedsAccessReason(actor *kernel.Actor) bool { return actor.Role == zhifa.RoleSupervisor }

// checkAccessReason trims the reason of a read of what (证据, 案卷) and requires one
// where NeedsAccessReason says so.
func checkAccessReason(actor *kernel.Actor, reason *string, what string) error {
	chk := kernel.NewChecker()
	chk.Text("reason", reason, false, maxAccessReason)
	if *reason == "" && NeedsAccessReason(actor) {
		chk.Add("reason", "执法监督人员调阅"+what+"，须填写调阅事由")
	}
	if err := chk.Err(); err != nil {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: chk.FieldErrors["reason"], Fields: chk.FieldErrors}
	}
	return nil
}

// EvidenceUploadAllowed returns nil if the actor may upload evidence: an officer, head
// or admin of an enforcement agency. The web layer asks before reading a large body;
// UploadEvidence checks again.
func (s *Service) EvidenceUploadAllowed(ctx context.Context) error {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermRecordEvidence); err != nil {
		return err
	}
	return s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, err := evidenceAgency(ctx, tx, actor)
		return err
	})
}

// evidenceAgency is the agency that evidence uploaded by the actor belongs to: the
// actor's own, which must be an enforcement agency.
func evidenceAgency(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor) (*zhifa.Agency, error) {
	if actor.AgencyID <= 0 {
		return nil, zhifa.Forbidden()
	}
	ag, err := tx.Agency(ctx, actor.AgencyID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, zhifa.Forbidden()
	} else if err != nil {
		return nil, err
	}
	if !ag.IsEnforcement() {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有执法机关的工作人员可以上传证据")
	}
	return ag, nil
}

// UploadEvidence stores an evidence file read from r and records it with its metadata.
// The file streams through: it is never held in memory, and both hashes are computed in
// the same pass. The first bytes are checked against the declared type. Bad metadata,
// a file over the size limit or an interrupted upload is EINVALID, and then nothing is
// recorded (see the comment on evidence above for the blob).
func (s *Service) UploadEvidence(ctx context.Context, in EvidenceInput, r io.Reader) (*EvidenceView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermRecordEvidence); err != nil {
		return nil, err
	}
	if s.blobs == nil {
		return nil, kernel.ErrNoBlobs()
	}
	head := make([]byte, sniffHead)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, kernel.UploadError(err)
	}
	declared := normalizeMIME(in.MIME)
	declaredType := declared != "" && declared != "application/octet-stream"
	if err := in.check(head, s.k.Now()); err != nil {
		return nil, err
	}
	if isPackageMIME(in.MIME) {
		data, err := readPackage(head, r, &in, declaredType)
		if err != nil {
			return nil, kernel.UploadError(err)
		}
		head, r = data, bytes.NewReader(nil)
	}
	// The checks that need the database run before the upload, so that a bad request
	// stores nothing; the transaction that records the evidence repeats them.
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := evidenceAgency(ctx, tx, actor)
		if err != nil {
			return err
		}
		in.OfficerIDs, err = evidenceOfficers(ctx, tx, actor, ag, in.OfficerIDs)
		return err
	})
	if err != nil {
		return nil, err
	}

	src := &sourceReader{r: io.MultiReader(bytes.NewReader(head), r)}
	h, err := s.blobs.Put(ctx, src, s.maxSize)
	if err == nil && src.err != nil {
		// The store must fail when its source does; should one not, the blob it kept is
		// a truncated copy, left unreferenced.
		err = src.err
	}
	if err != nil {
		switch {
		case src.err != nil:
			err = kernel.UploadError(src.err)
		case ctx.Err() != nil:
			err = kernel.UploadError(ctx.Err())
		case errors.Is(err, blob.ErrTooLarge):
			msg := zhifa.ErrorMessage(err)
			err = &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"file": msg}, Err: err}
		case zhifa.ErrorCode(err) == zhifa.EINTERNAL:
			err = &zhifa.Error{Code: zhifa.EINTERNAL, Message: "证据文件保存失败，请稍后重试", Err: err}
		}
		s.k.AuditFailure(ctx, &kernel.Audit{Action: "evidence.add", Detail: in.Kind.Label() + " " + in.MIME}, err)
		return nil, err
	}

	var ev *zhifa.Evidence
	err = s.k.Write(ctx, "evidence.add", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Detail = fmt.Sprintf("%s %s %d字节 sha256:%s", in.Kind.Label(), in.MIME, h.Size, h.SHA256Hex())
		ag, err := evidenceAgency(ctx, tx, actor)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		officers, err := evidenceOfficers(ctx, tx, actor, ag, in.OfficerIDs)
		if err != nil {
			return err
		}
		e := &zhifa.Evidence{AgencyID: ag.ID, Kind: in.Kind, Title: in.Title, MIME: in.MIME, Size: h.Size,
			SHA256: h.SHA256Hex(), SM3: h.SM3Hex(), CapturedAt: in.CapturedAt, DeviceID: in.DeviceID,
			OfficerIDs: officers, Place: in.Place, Lat: in.Lat, Lng: in.Lng, CaseRef: in.CaseRef,
			UploadedBy: actor.UserID}
		entry := evidenceEntry(e, h)
		if e.LedgerIndex, err = s.k.AppendEntry(ctx, tx, entry); err != nil {
			return err
		}
		e.UploadedAt = entry.Time
		if err := tx.CreateEvidence(ctx, e); err != nil {
			return err
		}
		rec.Object, ev = kernel.ObjectRef("evidence", e.ID), e
		return nil
	})
	if err != nil {
		s.k.Logger().Warn("evidence blob stored but not recorded; it stays unreferenced", "sha256", h.SHA256Hex(), "size", h.Size, "err", err)
		return nil, err
	}
	return s.Evidence(ctx, ev.ID)
}

// evidenceEntry is the ledger entry of new evidence: both hashes of the content and
// every metadata field. It names people only by ID: entries are public and permanent.
func evidenceEntry(e *zhifa.Evidence, h blob.Hashes) *ledger.Entry {
	officers := make([]string, len(e.OfficerIDs))
	for i, id := range e.OfficerIDs {
		officers[i] = strconv.FormatInt(id, 10)
	}
	meta := map[string]string{
		"agency":      strconv.FormatInt(e.AgencyID, 10),
		"kind":        string(e.Kind),
		"mime":        e.MIME,
		"title":       e.Title,
		"captured_at": e.CapturedAt.UTC().Format(time.RFC3339),
		"device":      e.DeviceID,
		"officers":    strings.Join(officers, ","),
		"place":       e.Place,
		"case_ref":    e.CaseRef,
	}
	if e.Lat != nil && e.Lng != nil {
		meta["lat"] = strconv.FormatFloat(*e.Lat, 'f', -1, 64)
		meta["lng"] = strconv.FormatFloat(*e.Lng, 'f', -1, 64)
	}
	return &ledger.Entry{Kind: "evidence.add", Meta: meta,
		Hashes: map[string]ledger.Digest{"content": {Size: h.Size, SHA256: h.SHA256, SM3: h.SM3}}}
}

// sourceReader remembers the error of the upload's source, to tell an interrupted
// upload from a failing storage.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// evidenceOfficers checks the officers of new evidence: officers of the agency, by
// default the uploader's own officer record. It returns them ascending, without
// duplicates.
func evidenceOfficers(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, ag *zhifa.Agency, ids []int64) ([]int64, error) {
	if len(ids) == 0 && actor.UserID > 0 {
		u, err := tx.User(ctx, actor.UserID)
		if err != nil {
			return nil, err
		}
		if u.OfficerID != 0 {
			ids = []int64{u.OfficerID}
		}
	}
	if len(ids) == 0 {
		return nil, kernel.FieldError("officer_ids", "请填写执法人员")
	}
	for _, id := range ids {
		o, err := tx.Officer(ctx, id)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || err == nil && o.AgencyID != ag.ID {
			return nil, kernel.FieldError("officer_ids", fmt.Sprintf("执法人员（编号%d）不存在或不属于本机关", id))
		} else if err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// check validates and normalizes the metadata; head is the beginning of the file,
// which decides the type where none is declared and must fit the declared one.
func (in *EvidenceInput) check(head []byte, now time.Time) error {
	c := kernel.NewChecker()
	if len(head) == 0 {
		c.Add("file", "请选择要上传的文件（文件不能为空）")
	} else {
		in.media(c, head)
	}
	c.Text("title", &in.Title, false, kernel.MaxShort)
	av := in.Kind.IsAV() // device, officer, time and place are kept for A/V records (D2)
	c.Text("device_id", &in.DeviceID, av, maxEvidenceDevice)
	c.Text("place", &in.Place, av, maxEvidencePlace)
	c.Text("case_ref", &in.CaseRef, false, kernel.MaxShort)
	switch {
	case in.CapturedAt.IsZero():
		c.Add("captured_at", "请填写拍摄（录制）时间")
	case in.CapturedAt.After(now.Add(captureSkew)):
		c.Add("captured_at", "拍摄（录制）时间不能晚于当前时间")
	case in.CapturedAt.Before(earliestCapture):
		c.Add("captured_at", "拍摄（录制）时间有误")
	}
	in.CapturedAt = in.CapturedAt.UTC().Truncate(time.Second)
	switch {
	case (in.Lat == nil) != (in.Lng == nil):
		c.Add("lat", "经度和纬度应同时填写")
	case in.Lat != nil:
		lat, lng := *in.Lat, *in.Lng
		if math.IsNaN(lat) || lat < -90 || lat > 90 {
			c.Add("lat", "纬度应在 -90 到 90 之间")
		}
		if math.IsNaN(lng) || lng < -180 || lng > 180 {
			c.Add("lng", "经度应在 -180 到 180 之间")
		}
		// About 1 cm: more digits are noise, and the ledger keeps what is stored.
		lat, lng = math.Round(lat*1e7)/1e7, math.Round(lng*1e7)/1e7
		in.Lat, in.Lng = &lat, &lng
	}
	ids := slices.Clone(in.OfficerIDs)
	slices.Sort(ids)
	in.OfficerIDs = slices.Compact(ids)
	if len(in.OfficerIDs) > maxEvidenceOfficers {
		c.Add("officer_ids", "执法人员不能超过"+strconv.Itoa(maxEvidenceOfficers)+"名")
	}
	if len(in.OfficerIDs) > 0 && in.OfficerIDs[0] <= 0 {
		c.Add("officer_ids", "执法人员编号无效")
	}
	return c.Err()
}

// media settles the kind and MIME type from what was declared and what the content
// shows, and checks that they agree.
func (in *EvidenceInput) media(c *kernel.Checker, head []byte) {
	if in.Kind != "" && !in.Kind.Valid() {
		c.Add("kind", "证据类别无效")
		return
	}
	declared := normalizeMIME(in.MIME)
	if strings.TrimSpace(in.MIME) != "" && declared == "" {
		c.Add("mime", "文件类型（MIME）格式有误")
		return
	}
	if declared == "application/octet-stream" {
		declared = ""
	}
	mt := declared
	if mt == "" {
		mt = sniffMIME(head)
		if in.Kind != "" && !slices.Contains(evidenceMIMEs[in.Kind], mt) {
			// e.g. WebM or MP4 holding only sound, uploaded as audio.
			for _, cand := range evidenceMIMEs[in.Kind] {
				if contentMatches(cand, head) {
					mt = cand
					break
				}
			}
		}
		if mt == "" {
			c.Add("file", "无法识别文件类型；可上传："+acceptedList(in.Kind))
			return
		}
	}
	kind := in.Kind
	if kind == "" {
		kind = kindOfMIME(mt)
	}
	switch {
	case kind == "":
		c.Add("mime", "不支持的文件类型 "+mt+"；可上传："+acceptedList(""))
	case !slices.Contains(evidenceMIMEs[kind], mt):
		c.Add("mime", kind.Label()+"只接受："+acceptedList(kind))
	case !contentMatches(mt, head):
		c.Add("file", "文件内容与声明的类型（"+mt+"）不符")
	default:
		in.Kind, in.MIME = kind, mt
	}
}

// acceptedList names the accepted types of a kind, or of every kind for "".
func acceptedList(kind zhifa.EvidenceKind) string {
	kinds := zhifa.EvidenceKinds
	if kind != "" {
		kinds = []zhifa.EvidenceKind{kind}
	}
	var out []string
	for _, k := range kinds {
		for _, mt := range evidenceMIMEs[k] {
			out = append(out, strings.TrimPrefix(strings.ToUpper(EvidenceFileExt(mt)), "."))
		}
	}
	return strings.Join(out, "、")
}

// Evidence returns the metadata of an evidence file visible to the actor. Reading
// metadata is not logged; reading the content is (OpenEvidence).
func (s *Service) Evidence(ctx context.Context, id int64) (*EvidenceView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *EvidenceView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		e, err := visibleEvidence(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		names := newNameCache()
		size, err := kernel.CheckpointSize(ctx, tx)
		if err != nil {
			return err
		}
		v, err = names.view(ctx, tx, e, size)
		return err
	})
	return v, err
}

// EvidenceList lists the evidence visible to the actor, newest upload first.
func (s *Service) EvidenceList(ctx context.Context, f zhifa.EvidenceFilter) (*EvidenceList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	f.UnderPath = actor.ScopePath
	if f.Limit <= 0 || f.Limit > maxEvidencePage {
		f.Limit = 50
	}
	f.Query = strings.TrimSpace(f.Query)
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, kernel.FieldError("kind", "证据类别无效")
	}
	out := &EvidenceList{Evidence: []*EvidenceView{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, total, err := tx.EvidenceList(ctx, f)
		if err != nil {
			return err
		}
		size, err := kernel.CheckpointSize(ctx, tx)
		if err != nil {
			return err
		}
		out.Total = total
		names := newNameCache()
		for _, e := range list {
			v, err := names.view(ctx, tx, e, size)
			if err != nil {
				return err
			}
			out.Evidence = append(out.Evidence, v)
		}
		return nil
	})
	return out, err
}

// OpenEvidence opens the content of an evidence file visible to the actor, for
// reading. A supervisor must give a reason (D4). The read is written to the access log
// in a transaction of its own before the content is returned: if it cannot be
// written, nothing is returned. Close the object when done.
func (s *Service) OpenEvidence(ctx context.Context, id int64, reason string) (blob.Object, *zhifa.Evidence, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, nil, err
	}
	if s.blobs == nil {
		return nil, nil, kernel.ErrNoBlobs()
	}
	var e *zhifa.Evidence
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		e, err = visibleEvidence(ctx, tx, actor, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if err := checkAccessReason(actor, &reason, "证据"); err != nil {
		return nil, nil, err
	}
	sum, err := blob.ParseSum(e.SHA256)
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.blobs.Open(ctx, sum)
	if err != nil {
		if errors.Is(err, blob.ErrNotFound) {
			err = &zhifa.Error{Code: zhifa.EINTERNAL, Message: "证据文件缺失，请联系系统管理员（运行 zhifa verify 核验）", Err: err}
		}
		s.k.Logger().Error("open evidence blob", "evidence", e.ID, "sha256", e.SHA256, "err", err)
		return nil, nil, err
	}
	if obj.Size() != e.Size {
		obj.Close()
		s.k.Logger().Error("evidence blob has another size than recorded", "evidence", e.ID, "sha256", e.SHA256, "stored", obj.Size(), "recorded", e.Size)
		return nil, nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "证据文件与登记信息不符，请联系系统管理员（运行 zhifa verify 核验）"}
	}
	err = s.k.WriteUnaudited(ctx, func(tx zhifa.Tx) error {
		return tx.AddAccess(ctx, &zhifa.AccessLog{At: s.k.Now(), UserID: max(actor.UserID, 0), Login: actor.Login,
			EvidenceID: e.ID, Reason: reason, IP: actor.IP})
	})
	if err != nil {
		obj.Close()
		return nil, nil, err
	}
	return obj, e, nil
}

// EvidenceAccess returns one page of the access log of an evidence file visible to
// the actor, newest first: for admins, heads and supervisors.
func (s *Service) EvidenceAccess(ctx context.Context, id int64, p zhifa.Page) (*AccessLogList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermReadAccessLog); err != nil {
		return nil, err
	}
	if p.Limit <= 0 || p.Limit > maxEvidencePage {
		p.Limit = 50
	}
	out := &AccessLogList{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, err := visibleEvidence(ctx, tx, actor, id); err != nil {
			return err
		}
		var err error
		out.Entries, out.Total, err = tx.AccessLogs(ctx, id, p)
		return err
	})
	return out, err
}

// visibleEvidence loads evidence within the actor's scope; evidence of an agency outside
// it (or whose agency cannot be read) answers like missing evidence.
func visibleEvidence(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Evidence, error) {
	e, err := tx.Evidence(ctx, id)
	if err != nil {
		return nil, err
	}
	if ag, err := tx.Agency(ctx, e.AgencyID); err != nil || !actor.InScope(ag.Path) {
		return nil, zhifa.NotFound("证据")
	}
	return e, nil
}

// nameCache looks up the names an evidence page shows, once each.
type nameCache struct {
	agencies map[int64]string
	officers map[int64]string
	users    map[int64]string
}

func newNameCache() *nameCache {
	return &nameCache{agencies: map[int64]string{}, officers: map[int64]string{}, users: map[int64]string{}}
}

// view builds the view of e; size is the latest checkpoint's size.
func (n *nameCache) view(ctx context.Context, tx zhifa.Tx, e *zhifa.Evidence, size int64) (*EvidenceView, error) {
	v := &EvidenceView{Evidence: e, Officers: []OfficerRef{},
		Ledger: EvidenceLedger{Index: e.LedgerIndex, Covered: e.LedgerIndex < size, CheckpointSize: size}}
	name, ok := n.agencies[e.AgencyID]
	if !ok {
		ag, err := tx.Agency(ctx, e.AgencyID)
		if err != nil {
			return nil, err
		}
		name, n.agencies[e.AgencyID] = ag.Name, ag.Name
	}
	v.AgencyName = name
	for _, id := range e.OfficerIDs {
		name, ok := n.officers[id]
		if !ok {
			o, err := tx.Officer(ctx, id)
			if err != nil {
				return nil, err
			}
			name, n.officers[id] = o.Name, o.Name
		}
		v.Officers = append(v.Officers, OfficerRef{ID: id, Name: name})
	}
	name, ok = n.users[e.UploadedBy]
	if !ok {
		u, err := tx.User(ctx, e.UploadedBy)
		if err != nil {
			return nil, err
		}
		name, n.users[e.UploadedBy] = u.Name, u.Name
	}
	v.Uploader = name
	return v, nil
}
