// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) tokenOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/tokens", Access: SignedIn, Handler: s.apiTokenList,
		ID: "listTokens", Tag: "Account", Summary: "List your API tokens",
		Description: "The caller's own personal API tokens in every organization, newest first, revoked and expired ones included. " +
			"Secrets are never returned; prefix identifies a token. Tokens are made on the account page.",
		Params: pagingParams, Result: reflect.TypeFor[page[*isms.APIToken]](),
	}, {
		Pattern: "DELETE /api/v1/tokens/{id}", Access: SignedIn, Handler: s.apiTokenDelete,
		ID: "deleteToken", Tag: "Account", Summary: "Revoke one of your API tokens",
		Description: "Revokes the token at once; requests bearing it are then refused (401). Revoking a revoked token does nothing.",
	}}
}

func (s *Server) apiTokenList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	// The app returns every token of the user (at most isms.MaxPageSize);
	// the page is cut from them.
	all, err := s.app.FindAPITokens(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	from, to := min(offset, len(all)), min(offset+limit, len(all))
	return newPage(all[from:to], len(all), limit, offset), nil
}

func (s *Server) apiTokenDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.app.RevokeAPIToken(r.Context(), actor(r), pathID(r)); err != nil {
		return nil, err
	}
	return noContent, nil
}
