// SPDX-License-Identifier: Apache-2.0

package isms

import "net/url"

// The rule functions of supportRules (readiness_support.go).

// countedSubject writes the subject of a sentence about n records with
// its verb: "1 document is", "3 documents are".
func countedSubject(n int, one, many, verbOne, verbMany string) string {
	return plural(n, one, many) + " " + agree(n, verbOne, verbMany)
}

func ruleResourcesRecorded(f *Facts) []Finding {
	return One(f.Resources > 0, "No resource for the ISMS is recorded. Auditors ask how the people, time, "+
		"budget and tools the ISMS needs were determined and provided; record them with their approval.", "/resources/new")
}

func ruleResourcesApproved(f *Facts) []Finding {
	if f.Resources == 0 {
		return Inapplicable() // support.resources_recorded fires
	}
	return One(f.ResourcesApproved > 0, "No resource recorded for the ISMS is approved or provided ("+
		plural(f.Resources, "resource", "resources")+" recorded), so nothing shows that management made them available.",
		"/resources")
}

func ruleResourcesCurrent(f *Facts) []Finding {
	if f.ResourcesLastApproved.IsZero() {
		return Inapplicable() // no approval, or none with a date
	}
	stale := f.ResourcesLastApproved.Before(f.Today.AddDate(-1, 0, 0))
	return One(!stale, "The latest resource approval dates from "+f.ResourcesLastApproved.String()+
		". Confirming the ISMS resources in each budget cycle shows they still match its needs.", "/resources")
}

func ruleCompetenceDefined(f *Facts) []Finding {
	return One(f.CompetenceRequirements > 0, "No competence requirement is defined. The organization must decide "+
		"what competence each ISMS role needs before it can show that people have it.", "/competence")
}

func ruleCompetenceHolders(f *Facts) []Finding {
	if f.CompetenceRequirements == 0 {
		return Inapplicable() // support.competence_defined fires
	}
	return One(f.CompetenceRolesHeld, "No active person holds a role "+
		"that has competence requirements, so nobody's competence can be shown; record the people and their ISMS roles.",
		"/people")
}

func ruleCompetenceGaps(f *Facts) []Finding {
	if !f.CompetenceRolesHeld {
		return Inapplicable() // nobody holds a role with a requirement
	}
	s := f.PeopleWithGaps
	return Fire(s, countedSubject(s.Total, "person", "people", "lacks", "lack")+
		" a valid record for a competence their role requires. Evidence of competence is documented information "+
		"the standard requires; close each gap or record the training that closes it.", "/competence")
}

func ruleTrainingExpired(f *Facts) []Finding {
	if f.TrainingRecords == 0 {
		return Inapplicable()
	}
	s := f.PeopleWithExpiredTraining
	return Fire(s, countedSubject(s.Total, "person", "people", "has", "have")+
		" training that has expired and was not renewed, so their competence may no longer be current.", "/competence")
}

func ruleAwarenessCampaign(f *Facts) []Finding {
	return One(f.Campaigns > 0, "No awareness campaign exists. Without one there is no record that people know "+
		"the policy, their part in the ISMS and what happens when they do not follow it.", "/awareness/new")
}

func ruleAwarenessOverdue(f *Facts) []Finding {
	if f.Campaigns == 0 {
		return Inapplicable() // support.awareness_campaign fires
	}
	s := f.CampaignsOverdue
	return Fire(s, countedSubject(s.Total, "campaign", "campaigns", "is", "are")+
		" past due with acknowledgements still missing; follow up the people concerned or close the campaign.",
		"/awareness")
}

func ruleAwarenessRecent(f *Facts) []Finding {
	if f.Campaigns == 0 {
		return Inapplicable() // support.awareness_campaign fires
	}
	return One(!f.CampaignsLatestDue.Before(f.Today.AddDate(-1, 0, 0)), "The latest awareness campaign was due on "+f.CampaignsLatestDue.String()+
		". Awareness fades and people join: run a campaign at least once a year.", "/awareness/new")
}

func ruleAwarenessPolicy(f *Facts) []Finding {
	p := f.AwarenessPolicy
	if p.ID == "" || f.Campaigns == 0 {
		return Inapplicable() // no policy in force (5.2 rules fire) or no campaign
	}
	fix := "/awareness/new"
	if p.Ref != "" {
		fix += "?document=" + url.QueryEscape(p.Ref)
	}
	return One(f.AwarenessPolicyCampaigned, "No campaign asks people to acknowledge the "+
		"information security policy in force, yet everyone working for the organization must be aware of it.",
		fix, p)
}

func ruleCommunicationPlan(f *Facts) []Finding {
	return One(f.CommunicationItems > 0, "There is no communication plan: decide what is communicated about "+
		"the ISMS, when, to whom, by whom and how, inside and outside the organization.", "/communication/new")
}

func ruleCommunicationResponsible(f *Facts) []Finding {
	if f.CommunicationItems == 0 {
		return Inapplicable() // support.communication_plan fires
	}
	s := f.CommunicationWithoutResponsible
	return Fire(s, countedSubject(s.Total, "planned communication", "planned communications", "has", "have")+
		" nobody responsible among the members, so nobody is sure to make it happen.", "/communication")
}

func ruleCommunicationHeld(f *Facts) []Finding {
	if f.CommunicationItems == 0 {
		return Inapplicable() // support.communication_plan fires
	}
	s := f.CommunicationOverdue
	return Fire(s, countedSubject(s.Total, "planned communication", "planned communications", "has", "have")+
		" no record of taking place as often as planned; record each time it is held, or correct the plan.",
		"/communication")
}

func ruleDocumentsTopicPolicies(f *Facts) []Finding {
	return One(f.DocumentsTopicPolicies > 0, "No topic-specific policy is approved. Auditors expect the "+
		"information security policy to be developed into policies on topics such as access control, backup and suppliers.",
		"/documents/new")
}

func ruleDocumentsApproved(f *Facts) []Finding {
	if f.DocumentsInUse == 0 {
		return Inapplicable()
	}
	s := f.DocumentsUnapproved
	return Fire(s, countedSubject(s.Total, "document", "documents", "has", "have")+
		" no approved version, so none is in force; documents must be reviewed and approved before use.", "/documents")
}

func ruleDocumentsOwner(f *Facts) []Finding {
	if f.DocumentsInUse == 0 {
		return Inapplicable()
	}
	s := f.DocumentsWithoutOwner
	return Fire(s, countedSubject(s.Total, "document", "documents", "is", "are")+
		" owned by someone who is no longer an active member; give each an owner who keeps it current.", "/documents")
}

func ruleDocumentsReviewPlanned(f *Facts) []Finding {
	if f.DocumentsInUse == f.DocumentsExternal {
		return Inapplicable() // no document of the organization's own
	}
	s := f.DocumentsWithoutReview
	return Fire(s, countedSubject(s.Total, "document", "documents", "has", "have")+
		" neither a review interval nor a review date, so nothing makes sure it stays suitable.", "/documents")
}

func ruleDocumentsReview(f *Facts) []Finding {
	if f.DocumentsInUse == 0 {
		return Inapplicable()
	}
	s := f.DocumentsPastReview
	return Fire(s, countedSubject(s.Total, "document", "documents", "is", "are")+
		" past review: a document not reviewed when planned may no longer fit its purpose.", "/documents?overdue=1")
}

func ruleRetentionRules(f *Facts) []Finding {
	if f.DocumentsInUse == 0 {
		return Inapplicable()
	}
	return One(f.RetentionRules > 0, "No retention period is set for any document type, so every version out "+
		"of force is kept for the default period; decide how long each type of documented information is retained.",
		"/documents/retention")
}

func ruleDocumentsDisposal(f *Facts) []Finding {
	if f.DocumentVersionsRetained == 0 {
		return Inapplicable()
	}
	s := f.DocumentsDueForDisposal
	return Fire(s, countedSubject(s.Total, "document", "documents", "has", "have")+
		" versions kept beyond their retention period; dispose of them and record the disposal.", "/documents/retention")
}

func ruleDocumentsExternal(f *Facts) []Finding {
	if f.DocumentsInUse == 0 {
		return Inapplicable() // support.documents_topic_policies fires
	}
	return One(f.DocumentsExternal > 0, "No document of external origin is registered. "+
		"Laws, contracts, standards and supplier documents the ISMS relies on must be identified and controlled too.",
		"/documents/new")
}
