// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"net/url"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Calendar feeds: each person may have one secret URL that calendar
// applications subscribe to, listing the due dates of their open tasks in
// all their organizations. The token in the URL is 32 random bytes, shown
// once and stored as its SHA-256; a new feed replaces the old one, and
// revoking it makes the URL unknown.

// CalendarFeedCreated returns when the actor's calendar feed was created;
// the zero time when they have none.
func (a *App) CalendarFeedCreated(ctx context.Context, actor isms.Actor) (time.Time, error) {
	if err := forbid(ownAccount(actor), "Sign in to see your calendar feed."); err != nil {
		return time.Time{}, err
	}
	var t time.Time
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		t, err = tx.FindCalendarFeedCreated(ctx, actor.UserID)
		if isms.ErrorCode(err) == isms.NotFound {
			return nil
		}
		return err
	})
	return t, err
}

// CreateCalendarFeed gives the actor a new calendar feed, revoking any
// earlier one, and returns its token: the only time it is known.
func (a *App) CreateCalendarFeed(ctx context.Context, actor isms.Actor) (string, error) {
	if err := forbid(ownAccount(actor), "Sign in to create a calendar feed."); err != nil {
		return "", err
	}
	token := randomSecret(32)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.FindCalendarFeedCreated(ctx, actor.UserID)
		replaced := err == nil
		if err != nil && isms.ErrorCode(err) != isms.NotFound {
			return err
		}
		if err := tx.ReplaceCalendarFeed(ctx, actor.UserID, hashSecret(token)); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.calendar_create", "user", actor.UserID,
			isms.Changes{"calendarFeed": {Before: feedState(replaced), After: "new"}})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

func feedState(exists bool) any {
	if exists {
		return "revoked"
	}
	return nil
}

// RevokeCalendarFeed makes the actor's calendar feed URL unknown and
// reports whether they had one.
func (a *App) RevokeCalendarFeed(ctx context.Context, actor isms.Actor) (bool, error) {
	if err := forbid(ownAccount(actor), "Sign in to revoke your calendar feed."); err != nil {
		return false, err
	}
	var had bool
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if had, err = tx.DeleteCalendarFeed(ctx, actor.UserID); err != nil || !had {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.calendar_revoke", "user", actor.UserID,
			isms.Changes{"calendarFeed": {Before: "active", After: "revoked"}})
	})
	return had, err
}

// CalendarFeed is a person's calendar of due dates.
type CalendarFeed struct {
	Name   string
	Events []report.CalendarEvent
}

// FindCalendarFeed returns the calendar of the feed whose token is given:
// the open tasks of its owner, as all-day events on their due dates. An
// unknown or revoked token, or a disabled account, is NotFound.
func (a *App) FindCalendarFeed(ctx context.Context, token string) (*CalendarFeed, error) {
	notFound := isms.Errorf(isms.NotFound, "No such calendar feed.")
	if token == "" {
		return nil, notFound
	}
	var u *isms.User
	var tasks []isms.NotifiedTask
	var settings MailSettings
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		id, err := tx.FindCalendarFeedUser(ctx, hashSecret(token))
		if err != nil {
			return err
		}
		if u, err = tx.FindUserByID(ctx, id); err != nil {
			return err
		}
		if u.Disabled {
			return notFound
		}
		if settings, err = readMailSettings(ctx, tx); err != nil {
			return err
		}
		tasks, err = tx.FindOpenTasksOfOwner(ctx, u.ID, isms.Date{}, isms.Date{}, isms.MaxPageSize)
		return err
	})
	if err != nil {
		return nil, err
	}
	base := a.linkBase(settings)
	host := "isms"
	if b, err := url.Parse(base); err == nil && b.Host != "" {
		host = b.Hostname()
	}
	feed := &CalendarFeed{Name: "isms: " + u.Name}
	for _, t := range tasks {
		e := report.CalendarEvent{UID: "task-" + string(t.ID) + "@" + host, Summary: t.Title + " (" + t.OrgName + ")",
			Description: "Due in " + t.OrgName + ".", Date: t.Due.Time(), Updated: t.UpdatedAt, Status: "CONFIRMED"}
		if base != "" {
			e.URL = base + "/tasks/" + string(t.ID)
			e.Description += " " + e.URL
		}
		feed.Events = append(feed.Events, e)
	}
	return feed, nil
}
