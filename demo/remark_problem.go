package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
)

// seedRemarkProblem: social2 accompanies the agency they remarked on again and records
// a remark with a photo taken on the spot (when the installation stores files); the
// justice bureau's supervisor raises it as a 突出问题 with twenty working days to
// rectify (issue 14, F5, F8).
func (s *seeder) seedRemarkProblem() error {
	city := s.agencyByName(CityName)
	if city == nil {
		return fmt.Errorf("remark problem: the city is missing")
	}
	judge, err := s.actorOf("supervisor1", city)
	if err != nil {
		return err
	}
	social, err := s.actorOf(socialSupervisors[1].login, nil)
	if err != nil {
		return err
	}
	sv, sctx := s.a.Supervision(), app.WithActor(s.ctx, social)
	mine, err := sv.Remarks(sctx, supervision.RemarkFilter{Mine: true})
	if err != nil {
		return err
	}
	if len(mine.Items) == 0 {
		return fmt.Errorf("remark problem: %s has no remark", socialSupervisors[1].login)
	}
	in := supervision.RemarkInput{AgencyID: mine.Items[0].AgencyID, AccompaniedOn: s.today.AddDays(-2),
		Text: "再次随同检查个体工商户，执法人员仍未佩戴执法记录仪，现场检查未全程记录。现场照片附后。"}
	if s.a.HasEvidenceStorage() {
		photo, err := sitePhoto()
		if err != nil {
			return err
		}
		in.Files = []supervision.Attachment{{Name: "现场照片.jpg", R: bytes.NewReader(photo)}}
	}
	r, err := sv.RecordRemark(sctx, in)
	if err != nil {
		return fmt.Errorf("remark problem: remark: %w", err)
	}
	if _, err := sv.OpenProblem(app.WithActor(s.ctx, judge), supervision.ProblemInput{Source: zhifa.ProblemFromRemark, SourceID: r.ID,
		Title: "现场执法未按规定使用执法记录仪", Detail: "社会监督员两次伴随执法均发现执法人员未佩戴执法记录仪。请对照全过程记录清单组织整改，报送整改情况和佐证材料。",
		Days: 20}); err != nil {
		return fmt.Errorf("remark problem: raise: %w", err)
	}
	return nil
}

// sitePhoto is a small JPEG standing for the supervisor's photo of the scene.
func sitePhoto() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{R: uint8(120 + x), G: uint8(140 + y), B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
