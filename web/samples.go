package web

import (
	"github.com/middleware-playground/playground/stack"
)

// sampleRequests is the request set a fresh playground starts with.
func sampleRequests() []stack.Request { return stack.SampleRequests() }
