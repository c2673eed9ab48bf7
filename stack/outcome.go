package stack

// Outcome is one plain sentence on what happened to the request, made
// when asked: most results are never read one by one.
func (res *Result) Outcome() string {
	who := res.AnsweredBy
	switch {
	case res.Escaped != "":
		return res.Escaped + " escaped Django entirely: Django's own 500 handler raised it again, so the WSGI server answered with a bare 500 of its own."
	case res.ServedFromCache:
		return "Served from the page cache (a copy made for " + res.CachedFor + "); the view did not run."
	case res.handledClass != "":
		return "The view " + res.resolved + " raised " + res.handledClass + "; " + who + "'s process_exception turned it into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.AnsweredBy != "view" && res.AnsweredBy != "Django" && res.Status >= 400:
		return who + " raised " + res.Exception.Class + ", which Django turned into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.AnsweredBy == "view" && res.Status >= 400:
		return "The view " + res.resolved + " raised " + res.Exception.Class + ", which Django turned into a " + itoa(res.Status) + "."
	case res.Exception != nil && res.Exception.Class == "Resolver404":
		return "No URL pattern matched, so Django answered 404."
	case who == "view" && res.View == nil:
		// DRF refusing the request, or @login_required redirecting: the
		// decision is the step that answered.
		why := "its wrapper refused the request"
		if i := res.AnsweredStep; i >= 0 && i < len(res.Steps) && res.Steps[i].Reason.Code != "" {
			why = res.Steps[i].Reason.String()
		}
		return "The view " + res.resolved + " answered " + itoa(res.Status) + " before its handler ran: " + why + "."
	case who == "view":
		u := "absent"
		if res.UserAtView != nil {
			u = *res.UserAtView
		}
		return "The view " + deref(res.View) + " answered " + itoa(res.Status) + " (request.user: " + u + ")."
	}
	return who + " answered " + itoa(res.Status) + " before the view ran."
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
