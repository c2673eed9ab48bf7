package web

import "github.com/middleware-playground/playground/stack/settingspy"

// pyRepr writes a setting's value as Python's repr would.
func pyRepr(v any) string { return settingspy.Literal(v, '\'') }
