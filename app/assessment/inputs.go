package assessment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// The scored inputs: the public opinion survey the bureau enters with its source (评议
//考核应当听取公众的意见, law.RuleAssessment), and the self-check the head of each agency
// files by the year's end (law.RuleSelfCheck), scored by the bureau.

// checkScore refuses a score outside 0–100.
func checkScore(ck *kernel.Checker, score float64) {
	if score < 0 || score > 100 {
		ck.Add("score", "分数应在0至100之间")
	}
}

// assessedAgency loads an agency the bureau assesses: in the actor's scope and an
// enforcement agency; anything else answers as missing.
func (s *Service) assessedAgency(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Agency, error) {
	ag, err := s.k.VisibleAgency(ctx, tx, actor, id)
	if err != nil {
		return nil, err
	}
	if !assessed(ag) {
		return nil, kernel.FieldError("agency", "该机关不参加执法评议考核")
	}
	return ag, nil
}

// SurveyInput is the survey result of an agency's year.
type SurveyInput struct {
	AgencyID int64   `json:"agency_id"`
	Year     int     `json:"year"`
	Score    float64 `json:"score"`
	Source   string  `json:"source"` // the survey's report: who surveyed, when, its number
}

// EnterSurvey records (or corrects) the public opinion survey's score of an agency's
// year with its source document (a supervisor of the bureau).
func (s *Service) EnterSurvey(ctx context.Context, in SurveyInput) (*zhifa.AssessmentInput, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	ck := kernel.NewChecker()
	ck.Text("source", &in.Source, true, kernel.MaxShort)
	checkScore(ck, in.Score)
	if err := checkYear(in.Year, s.k.Today()); err != nil {
		return nil, err
	}
	if err := ck.Err(); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentInput
	err := s.k.Write(ctx, "assessment.survey", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.assessedAgency(ctx, tx, actor, in.AgencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		rec.Detail = fmt.Sprintf("%d年度群众满意度测评 %s：%.2f分（%s）", in.Year, ag.Name, in.Score, in.Source)
		cur, err := inputOf(ctx, tx, ag, in.Year, zhifa.InputSurvey)
		if err != nil {
			return err
		}
		if err := frozen(ctx, tx, ag.Path, in.Year); err != nil {
			return err
		}
		cur.Source, cur.Scored, cur.Score, cur.ScoredBy, cur.ScoredOn = in.Source, true, in.Score, actor.UserID, s.k.Today()
		cur.FiledBy, cur.FiledOn = actor.UserID, s.k.Today()
		if err := tx.PutAssessmentInput(ctx, cur); err != nil {
			return err
		}
		out = cur
		return nil
	})
	return out, err
}

// inputOf returns the agency's input of the kind and year, a new one without it.
func inputOf(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, year int, kind zhifa.AssessmentInputKind) (*zhifa.AssessmentInput, error) {
	list, err := tx.AssessmentInputs(ctx, ag.Path, year)
	if err != nil {
		return nil, err
	}
	for _, in := range list {
		if in.AgencyID == ag.ID && in.Kind == kind {
			return in, nil
		}
	}
	return &zhifa.AssessmentInput{AgencyID: ag.ID, AgencyPath: ag.Path, AgencyName: ag.Name, Year: year, Kind: kind}, nil
}

// frozen refuses a change to an input of a year whose assessment covering the agency was
// approved: the approved figures are final.
func frozen(ctx context.Context, tx zhifa.Tx, agencyPath string, year int) error {
	runs, err := tx.AssessmentRuns(ctx, zhifa.AssessmentRunFilter{Covering: agencyPath, Limit: 20})
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.Year == year && r.Status != zhifa.AssessmentDraft {
			return zhifa.Errorf(zhifa.ECONFLICT, "%d年度评议考核结果已审定，考核材料不能再修改", year)
		}
	}
	return nil
}

// SelfCheckInput is an agency's self-check of a year.
type SelfCheckInput struct {
	Year int    `json:"year"`
	Text string `json:"text"`
	// File is the report's attachment (the workspace's form sends it), nil without one; a
	// new one replaces the earlier.
	File *Attachment `json:"-"`
}

// FileSelfCheck files (or, until it is scored, corrects) the self-check of the actor's
// agency: the head's own act (or a deputy's by delegation), from 1 October of the year
// to the end of the following January (law.CheckSelfCheckDate).
func (s *Service) FileSelfCheck(ctx context.Context, in SelfCheckInput) (*zhifa.AssessmentInput, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	ck := kernel.NewChecker()
	ck.Text("text", &in.Text, true, MaxSelfText)
	if err := ck.Err(); err != nil {
		return nil, err
	}
	if err := law.CheckSelfCheckDate(in.Year, s.k.Today()); err != nil {
		return nil, err
	}
	var file *zhifa.AssessmentFile
	if in.File != nil {
		// Stored before the transaction: a refused filing leaves an unreferenced blob,
		// as an evidence upload does, never a row without its file.
		var err error
		if file, err = s.storeFile(ctx, in.File); err != nil {
			return nil, err
		}
	}
	var out *zhifa.AssessmentInput
	err := s.k.Write(ctx, "assessment.selfcheck", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.assessedAgency(ctx, tx, actor, actor.AgencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		rec.Detail = strconv.Itoa(in.Year) + "年度自查报告"
		ok, err := s.k.MayApprove(ctx, tx, actor, ag.ID, s.k.Today())
		if err != nil {
			return err
		}
		if !ok {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "年度自查报告由本机关负责人（或受其委托的负责人）提交")
		}
		cur, err := inputOf(ctx, tx, ag, in.Year, zhifa.InputSelfCheck)
		if err != nil {
			return err
		}
		if cur.Scored {
			return zhifa.Errorf(zhifa.ECONFLICT, "自查报告已评分，不能再修改")
		}
		cur.Text, cur.FiledBy, cur.FiledOn = in.Text, actor.UserID, s.k.Today()
		if file != nil {
			cur.File = file
		}
		if err := tx.PutAssessmentInput(ctx, cur); err != nil {
			return err
		}
		out = cur
		// The head's filing is ledgered with its attachment, which zhifa verify rehashes.
		sum := sha256.Sum256([]byte(cur.Text))
		var files []kernel.StoredFile
		if f := cur.File; f != nil {
			files = []kernel.StoredFile{{Size: f.Size, SHA256: f.SHA256, SM3: f.SM3}}
		}
		hashes, err := kernel.FileHashes(files)
		if err != nil {
			return fmt.Errorf("self-check: %w", err)
		}
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "assessment.selfcheck", Hashes: hashes, Meta: map[string]string{
			"agency": strconv.FormatInt(ag.ID, 10), "year": strconv.Itoa(in.Year), "text_sha256": hex.EncodeToString(sum[:])}})
		return err
	})
	return out, err
}

// ScoreInput is the bureau's score of a self-check.
type ScoreInput struct {
	Score   float64 `json:"score"`
	Version int     `json:"version"`
}

// ScoreSelfCheck scores a filed self-check (a supervisor of the bureau whose scope covers
// the agency).
func (s *Service) ScoreSelfCheck(ctx context.Context, id int64, in ScoreInput) (*zhifa.AssessmentInput, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	var out *zhifa.AssessmentInput
	err := s.k.Write(ctx, "assessment.score", func(tx zhifa.Tx, rec *kernel.Audit) error {
		cur, err := tx.AssessmentInput(ctx, id)
		if err != nil {
			return err
		}
		if !actor.InScope(cur.AgencyPath) || cur.Kind != zhifa.InputSelfCheck {
			return zhifa.NotFound("自查报告")
		}
		ck := kernel.NewChecker()
		checkScore(ck, in.Score)
		if err := ck.Err(); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("assessment_input", cur.ID), cur.AgencyPath
		rec.Detail = fmt.Sprintf("%d年度自查报告 %s：%.2f分", cur.Year, cur.AgencyName, in.Score)
		if in.Version != cur.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "自查报告已被修改，请刷新后重试")
		}
		if err := frozen(ctx, tx, cur.AgencyPath, cur.Year); err != nil {
			return err
		}
		cur.Scored, cur.Score, cur.ScoredBy, cur.ScoredOn = true, in.Score, actor.UserID, s.k.Today()
		if err := tx.PutAssessmentInput(ctx, cur); err != nil {
			return err
		}
		out = cur
		return nil
	})
	return out, err
}

// Inputs lists the scored inputs of a year the actor may read: a supervisor those of
// the scope, the staff of an agency their own.
func (s *Service) Inputs(ctx context.Context, year int) ([]*zhifa.AssessmentInput, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out []*zhifa.AssessmentInput
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		path := actor.AgencyPath
		if manages(actor) {
			path = actor.ScopePath
		}
		list, err := tx.AssessmentInputs(ctx, path, year)
		if err != nil {
			return err
		}
		for _, in := range list {
			if manages(actor) || in.AgencyID == actor.AgencyID {
				out = append(out, in)
			}
		}
		return nil
	})
	return out, err
}
