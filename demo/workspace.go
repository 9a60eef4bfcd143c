package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"time"

	"zhifa"
	"zhifa/app"
)

// The workspace as its users find it (issue 12): the officers' photos on their pages and
// on the public certificate check, and notifications that read like a working week —
// what came in over the last days is unread, what is older the person has read.

// unreadDays is how far back a demo user's notifications are still unread.
const unreadDays = 7

func (s *seeder) seedWorkspace() error {
	if err := s.seedOfficerPhotos(); err != nil {
		return fmt.Errorf("officer photos: %w", err)
	}
	if !s.cases.analysis { // the generator's plan: its users read nothing
		return nil
	}
	if err := s.readOldNotifications(); err != nil {
		return fmt.Errorf("notifications: %w", err)
	}
	return nil
}

// seedOfficerPhotos gives every active officer a portrait, uploaded as the admin would,
// when the installation stores evidence files.
func (s *seeder) seedOfficerPhotos() error {
	if !s.a.HasEvidenceStorage() {
		return nil
	}
	for _, o := range s.officers {
		if !o.active {
			continue
		}
		if _, err := s.a.Personnel().SetOfficerPhoto(s.ctx, o.id, bytes.NewReader(portrait(o.global))); err != nil {
			return fmt.Errorf("%s: %w", o.name, err)
		}
	}
	return nil
}

// portrait draws a 证件照-style picture: a blue background, a face and a dark uniform,
// varied by n so that the officers do not all look alike.
func portrait(n int) []byte {
	const w, h = 120, 160
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	background := color.RGBA{67, 142, 219, 255}
	skins := []color.RGBA{{241, 206, 176, 255}, {226, 185, 150, 255}, {210, 165, 128, 255}}
	hairs := []color.RGBA{{20, 20, 24, 255}, {45, 35, 30, 255}, {70, 60, 55, 255}}
	skin, hair := skins[n%len(skins)], hairs[(n/3)%len(hairs)]
	uniform, shirt := color.RGBA{28, 40, 72, 255}, color.RGBA{235, 238, 242, 255}
	faceRX, faceRY := 24+float64(n%4), 30+float64(n%3)
	hairTop := 22 + n%5
	in := func(x, y, cx, cy, rx, ry float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	}
	for y := range h {
		for x := range w {
			fx, fy := float64(x), float64(y)
			c := background
			switch {
			case fy > 118 && in(fx, fy, 60, 175, 58, 62): // shoulders
				c = uniform
				if fx > 52 && fx < 68 && fy < 150 { // the shirt at the collar
					c = shirt
				}
			case fy > 95 && fy <= 122 && fx > 50 && fx < 70: // neck
				c = skin
			case in(fx, fy, 60, 68, faceRX+3, faceRY+6) && fy < float64(hairTop)+22: // hair
				c = hair
			case in(fx, fy, 60, 70, faceRX, faceRY):
				c = skin
				if (in(fx, fy, 50, 66, 3, 2) || in(fx, fy, 70, 66, 3, 2)) && fy > 60 { // eyes
					c = hair
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}

// readOldNotifications marks read, in each demo user's own session, the notifications
// that came in more than unreadDays ago.
func (s *seeder) readOldNotifications() error {
	before := s.a.Now().Add(-unreadDays * 24 * time.Hour)
	for _, acc := range Accounts {
		ctx, err := s.accountContext(acc.Login)
		if err != nil {
			return err
		}
		if !app.ActorFrom(ctx).Can(app.PermStaff) {
			continue // a social supervisor has no workspace and no notifications
		}
		f := app.NotificationListFilter{Unread: true, Page: zhifa.Page{Limit: 200}}
		for {
			list, err := s.a.Notifications(ctx, f)
			if err != nil {
				return fmt.Errorf("%s: %w", acc.Login, err)
			}
			for _, n := range list.Notifications {
				if n.CreatedAt.Before(before) {
					if err := s.a.MarkNotificationRead(ctx, n.ID); err != nil {
						return fmt.Errorf("%s: %w", acc.Login, err)
					}
				}
			}
			if list.Next == "" {
				break
			}
			f.Cursor = list.Next
		}
	}
	return nil
}

// accountContext is the context of a demo account acting in its own session, scoped to
// its agency.
func (s *seeder) accountContext(login string) (context.Context, error) {
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Login != login {
			continue
		}
		for _, ag := range s.agencies {
			if ag.ID == u.AgencyID {
				return app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role,
					AgencyID: ag.ID, AgencyPath: ag.Path, ScopePath: ag.Path, IP: "127.0.0.1"}), nil
			}
		}
	}
	return nil, fmt.Errorf("no demo account %s", login)
}
